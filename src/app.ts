import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type ErrorRequestHandler, type Express } from "express";
import type { Viewer } from "./domain/access";
import { UnauthenticatedError } from "./domain/errors";
import type { DataSource } from "typeorm";
import type { Config } from "./config/config";
import { authenticationPlugin } from "./graphql/authentication";
import { createContext, type Context } from "./graphql/context";
import { GLOBAL_IDS_HEADER, wantsGlobalIds } from "./modules/node/global-ids";
import { formatError } from "./graphql/errors";
import { graphiqlAssets, graphiqlHtml } from "./graphql/graphiql-page";
import { queryLimitsPlugin, rateLimit } from "./graphql/limits";
import { getSchema } from "./graphql/schema";
import type { TokenService } from "./modules/auth/token.service";
import { lendingCsvHandlers } from "./modules/report/lending-csv";
import { createServices, type Services } from "./services";
import { observabilityPlugin } from "./observability/graphql-plugin";
import { createLogger, observedLocals, requestIdentity, requestLogger } from "./observability/logging";
import { createMetrics, metricsHandler } from "./observability/metrics";
import type { DestinationStream } from "pino";

export interface App {
  app: Express;
  apollo: ApolloServer<Context>;
  services: Services;
  /** Builds a request context, for tests that call `apollo.executeOperation`. */
  contextFor(viewer: Viewer | null, now?: Date): Context;
}

/** The HTTP application: GraphQL at /graphql (POST, and the IDE on GET), /healthz and /readyz. */
export async function createApp(ds: DataSource, config: Config, tokens: TokenService, options: { logDestination?: DestinationStream } = {}): Promise<App> {
  const services = createServices(ds, config);
  const logger = createLogger(config.observability.logLevel, options.logDestination);
  const metrics = createMetrics(ds);
  const schema = await getSchema();
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: (formatted, error) => formatError(formatted, error),
    includeStacktraceInErrorResponses: false,
    introspection: config.limits.introspection,
    // No cache hints are used (every answer depends on the caller), and the cache-control plugin
    // would wrap every field resolver: a report of thousands of groups paid ~10% of its time for it.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      authenticationPlugin(),
      queryLimitsPlugin(schema, config.limits),
      observabilityPlugin(metrics),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  // First: every request gets its id (echoed in X-Request-Id) and one JSON log line when it ends.
  app.use(requestIdentity(), requestLogger(logger));
  app.get("/metrics", metricsHandler(metrics, config.observability.metricsToken));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    try {
      await ds.query("SELECT 1");
      const pending = await ds.showMigrations();
      if (pending) {
        res.status(503).json({ status: "unavailable", reason: "database migrations are pending" });
        return;
      }
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "unavailable", reason: "database unreachable" });
    }
  });

  // The lending report as CSV (docs/reporting.md, "CSV export"): same token, scope and figures as lendingReport.
  const onRateLimited = () => metrics.rateLimited.inc();
  app.get("/reports/lending.csv", ...lendingCsvHandlers({ services, tokens, ratePerMinute: config.limits.ratePerMinute, onRateLimited }));

  app.use(graphiqlAssets());
  app.get("/graphql", (req, res, next) => {
    // A browser asking for a page gets the IDE; GET queries (?query=…) go on to Apollo.
    if (req.query.query === undefined && req.accepts(["text/html", "application/json"]) === "text/html") {
      res.type("html").send(graphiqlHtml("/graphql"));
      return;
    }
    next();
  });

  app.use(
    "/graphql",
    rateLimit(config.limits.ratePerMinute, { onRefused: onRateLimited }),
    express.json({ limit: config.limits.bodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const observed = observedLocals(res);
        const auth = req.headers.authorization ? await authenticate(tokens, req.headers.authorization) : { viewer: null };
        return {
          ...createContext(ds, services, auth.viewer, observed?.requestId ?? randomUUID()),
          ...(auth.error ? { authError: auth.error } : {}),
          globalIds: wantsGlobalIds(req.headers[GLOBAL_IDS_HEADER]),
          outcome: observed?.outcome,
        };
      },
    }),
  );
  app.use(bodyErrors(config.limits.bodyBytes));

  return { app, apollo, services, contextFor: (viewer, now) => createContext(ds, services, viewer, randomUUID(), now) };
}

/** Verifies the bearer token; why a bad one is refused goes to the authentication plugin (401). */
async function authenticate(tokens: TokenService, header: string): Promise<{ viewer: Viewer | null; error?: string }> {
  try {
    return { viewer: await tokens.verifyHeader(header) };
  } catch (e) {
    if (!(e instanceof UnauthenticatedError)) throw e;
    return { viewer: null, error: e.message };
  }
}

/** Request bodies over the limit or not JSON: a GraphQL-shaped JSON error instead of an HTML page. */
function bodyErrors(limitBytes: number): ErrorRequestHandler {
  return (err: { type?: string; status?: number }, _req, res, next) => {
    if (err?.type === "entity.too.large") {
      res.status(413).json({
        errors: [{ message: `The request body is over the ${limitBytes}-byte limit; send a smaller query or fewer variables.`, extensions: { code: "PAYLOAD_TOO_LARGE", limit: "body", limitBytes } }],
      });
      return;
    }
    if (err?.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    next(err);
  };
}

