import type { DestinationStream } from "pino";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import type { DataSource } from "typeorm";
import { createApp, type App } from "../../src/app";
import { loadConfig, type Config } from "../../src/config/config";
import { createDataSource } from "../../src/db/data-source";
import { withDatabase } from "../../src/db/database";
import { StatementCounter } from "../../src/db/statement-counter";
import { Role } from "../../src/domain/access";
import { TokenService, type TokenClaims } from "../../src/modules/auth/token.service";

/** The HS256 secret of test servers. */
export const TEST_JWT_SECRET = "test-secret-of-at-least-thirty-two-characters";

/**
 * A test file's own world: a fresh database cloned from the migrated template, the real app on
 * an ephemeral port, and helpers to call it over HTTP or through executeOperation.
 */
export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  /** Response extensions; the ApiClient drops the per-request `requestId` and `cost`. */
  extensions?: Record<string, unknown>;
}

/** A caller of the API: every request carries its token (none for `t.anonymous`). */
export interface ApiClient {
  /** POSTs a GraphQL operation to the real HTTP endpoint. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any error and returns `data`. */
  gqlOk<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface TestApp extends ApiClient {
  ds: DataSource;
  app: App;
  url: string;
  config: Config;
  tokens: TokenService;
  statements: StatementCounter;
  /** The reports' and lists' connection (`options.readerUrlParams`), else ds; readStatements counts its SQL. */
  reader: DataSource;
  readStatements: StatementCounter;
  /** A client whose requests carry a token with these claims. */
  as(claims: Omit<TokenClaims, "sub"> & { sub?: string }): Promise<ApiClient>;
  /** A client without a token. */
  anonymous: ApiClient;
  /** POSTs with arbitrary headers (token tests). */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template (also for tests that start a server process on it). */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.SRDI_TEST_ADMIN_URL;
  const template = process.env.SRDI_TEST_TEMPLATE_DB;
  if (!adminUrl || !template) throw new Error("Run tests through jest: the global setup provides the database server.");
  const name = `${template.replace("tpl", "t")}_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (e) {
        // Two files cloning the template at the same instant: wait and retry.
        if (attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * `poolSize`: connections of the app's pool (default 4; concurrency tests use more). The JSON log is
 * silent unless `logDestination` is given (then at info, or the level `overrides` set).
 */
export async function startTestApp(
  overrides: Partial<Config> = {},
  /** `readerUrlParams` (e.g. "?application_name=srdi-read"): a second DataSource on the same database, as DATABASE_READ_URL. */
  options: { poolSize?: number; logDestination?: DestinationStream; readerUrlParams?: string } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const statements = new StatementCounter(true);
  const ds = createDataSource({ url: db.url, poolSize: options.poolSize ?? 4, logger: statements });
  await ds.initialize();
  const readStatements = new StatementCounter(true);
  const reader = options.readerUrlParams === undefined ? ds : createDataSource({ url: db.url + options.readerUrlParams, poolSize: 2, logger: readStatements });
  if (reader !== ds) await reader.initialize();
  const base = loadConfig({ AUTH_JWT_SECRET: TEST_JWT_SECRET, RATE_LIMIT_COST_PER_MINUTE: "1000000000", LOG_LEVEL: options.logDestination ? "info" : "silent" });
  const config = { ...base, ...overrides, limits: { ...base.limits, ...overrides.limits }, rateLimit: { ...base.rateLimit, ...overrides.rateLimit }, observability: { ...base.observability, ...overrides.observability } };
  const tokens = new TokenService({ verification: config.auth.verification!, issuer: config.auth.issuer, audience: config.auth.audience });
  const app = await createApp(ds, config, tokens, { logDestination: options.logDestination, reader });
  const server = http.createServer(app.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const client = (token: string | null): ApiClient => {
    // The answer without its per-request id and budget (extensions.requestId and .cost, tested in
    // observability.test.ts and limits.test.ts), so that two answers to the same question compare equal.
    const gql: ApiClient["gql"] = async (query, variables) =>
      withoutPerRequestExtensions((await (await post({ query, variables }, token ? { authorization: `Bearer ${token}` } : {})).json()) as GraphQLResponse<any>);
    return {
      gql,
      async gqlOk(query, variables) {
        const res = await gql(query, variables);
        if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
        return res.data as any;
      },
    };
  };
  // The default client is a platform ADMIN: tests that are not about access control use it.
  const admin = client(await tokens.sign({ sub: "test-admin", role: Role.ADMIN }));

  return {
    ds,
    app,
    url,
    config,
    tokens,
    statements,
    reader,
    readStatements: reader === ds ? statements : readStatements,
    ...admin,
    anonymous: client(null),
    post,
    async as(claims) {
      return client(await tokens.sign({ sub: `test-${claims.role.toLowerCase()}`, ...claims }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.apollo.stop();
      if (reader !== ds) await reader.destroy();
      await ds.destroy();
      await db.drop();
    },
  };
}

function withoutPerRequestExtensions<T>(body: GraphQLResponse<T>): GraphQLResponse<T> {
  if (!body.extensions) return body;
  const { requestId: _requestId, cost: _cost, ...rest } = body.extensions;
  if (Object.keys(rest).length === 0) delete body.extensions;
  else body.extensions = rest;
  return body;
}
