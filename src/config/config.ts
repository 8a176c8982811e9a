import path from "node:path";
import type { TokenVerification } from "../modules/auth/token.service";
import { ConfigError, LOG_LEVELS, parseEnv, type Env } from "./env-schema";

export { ConfigError, LOG_LEVELS } from "./env-schema";

/** Typed settings read from the environment once, validated at start. */
export interface Config {
  /** HTTP port (PORT, default 4000). */
  port: number;
  /** External PostgreSQL (DATABASE_URL); when absent an embedded server is started. */
  databaseUrl: string | null;
  /** Where the embedded server keeps its data (EMBEDDED_PG_DIR, default ./.data/postgres). */
  embeddedDataDir: string;
  /** Preferred port of the embedded server (EMBEDDED_PG_PORT, default 54329; a free one is taken if busy). */
  embeddedPort: number;
  /**
   * Load the demo data on start (SEED_DEMO_DATA). Unset: yes on the embedded database, no on a
   * DATABASE_URL server. Loading is idempotent: a second start changes nothing.
   */
  seedDemoData: boolean | null;
  /** Largest page a connection query returns (MAX_PAGE_SIZE, default 100). */
  maxPageSize: number;
  /** Log SQL statements (LOG_SQL=1). */
  logSql: boolean;
  /**
   * A second connection for the reports and the lists, e.g. a read replica (DATABASE_READ_URL);
   * null: the primary serves them (docs/deployment.md, "Read replicas").
   */
  databaseReadUrl: string | null;
  /** How long in-flight requests may take to finish at shutdown (SHUTDOWN_TIMEOUT_MS, default 10000). */
  shutdownTimeoutMs: number;
  auth: AuthSettings;
  limits: Limits;
  rateLimit: RateLimitSettings;
  observability: ObservabilitySettings;
  /** OpenTelemetry (OTEL_*); started by src/observability/tracing.ts before the app loads, listed here for completeness. */
  tracing: TracingSettings;
}

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ObservabilitySettings {
  /** Level of the JSON log on stdout (LOG_LEVEL, default info; silent turns it off). */
  logLevel: LogLevel;
  /** Bearer token GET /metrics requires (METRICS_TOKEN); null leaves the endpoint open. */
  metricsToken: string | null;
}

/** OpenTelemetry tracing (src/observability/tracing.ts): off unless OTEL_TRACES_EXPORTER names an exporter. */
export interface TracingSettings {
  /** OTEL_TRACES_EXPORTER names one (otlp, console, zipkin) and OTEL_SDK_DISABLED is not true. */
  enabled: boolean;
  exporters: string[];
  /** OTEL_SERVICE_NAME, default srdi-match. */
  serviceName: string;
}

export interface AuthSettings {
  /**
   * How tokens are verified: AUTH_JWKS_FILE (a JWKS JSON file) or AUTH_PUBLIC_KEY_FILE (a PEM
   * public key) with AUTH_ALGORITHMS (default RS256,ES256), else AUTH_JWT_SECRET (HS256). Null when
   * none is set: `npm start` on the embedded database then makes a development secret.
   */
  verification: TokenVerification | null;
  issuer: string | null;
  audience: string | null;
}

export interface Limits extends QueryShapeLimits {
  /** Deepest selection a query may have (MAX_QUERY_DEPTH, default 10). */
  maxDepth: number;
  /** Highest estimated cost of a query (MAX_QUERY_COST, default 5000; list fields count `first` times). */
  maxCost: number;
  /** Largest request body (BODY_LIMIT_BYTES, default 1 MiB). */
  bodyBytes: number;
  /** Whether schema introspection is answered (INTROSPECTION, default true). */
  introspection: boolean;
}

/**
 * Reads and validates the environment (the table is src/config/env-schema.ts). Refuses with one
 * ConfigError naming every problem: bad values, unknown SRDI_* names, near-misses of known names.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseEnv(env);
  if (!parsed.env) throw new ConfigError(parsed.problems);
  const e = parsed.env;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseReadUrl: e.DATABASE_READ_URL ?? null,
    embeddedDataDir: path.resolve(e.EMBEDDED_PG_DIR ?? path.join(process.cwd(), ".data", "postgres")),
    embeddedPort: e.EMBEDDED_PG_PORT,
    seedDemoData: e.SEED_DEMO_DATA ?? null,
    maxPageSize: e.MAX_PAGE_SIZE,
    logSql: e.LOG_SQL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    auth: {
      verification: tokenVerification(e),
      issuer: e.AUTH_ISSUER ?? null,
      audience: e.AUTH_AUDIENCE ?? null,
    },
    observability: {
      logLevel: e.LOG_LEVEL,
      metricsToken: e.METRICS_TOKEN ?? null,
    },
    tracing: tracingFrom(e),
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxCost: e.MAX_QUERY_COST,
      bodyBytes: e.BODY_LIMIT_BYTES,
      introspection: e.INTROSPECTION,
      maxTokens: e.MAX_TOKENS,
      maxAliases: e.MAX_ALIASES,
      maxDirectives: e.MAX_DIRECTIVES,
      maxFieldRepeats: e.MAX_FIELD_REPEATS,
    },
    rateLimit: {
      costPerMinute: e.RATE_LIMIT_COST_PER_MINUTE,
      exportCost: e.RATE_LIMIT_EXPORT_COST,
      redisUrl: e.REDIS_URL ?? null,
      keyPrefix: e.RATE_LIMIT_KEY_PREFIX ?? "srdi-match:rate",
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Abuse limits (docs/access.md, "Abuse limits"): the query's shape, and the cost budget per token.

/** Limits on a query's shape, checked before anything runs (src/graphql/limits.ts). */
export interface QueryShapeLimits {
  /** Most lexical tokens a query may have; parsing stops at the next one (MAX_TOKENS, default 5000). */
  maxTokens: number;
  /** Most aliases an operation may use, fragments expanded (MAX_ALIASES, default 30). */
  maxAliases: number;
  /** Most directives an operation may use, fragments expanded (MAX_DIRECTIVES, default 50). */
  maxDirectives: number;
  /** Most times one field (response name) may be selected at one place of the merged query (MAX_FIELD_REPEATS, default 20). */
  maxFieldRepeats: number;
}

/** The per-token cost budget (src/graphql/rate-limit.ts). */
export interface RateLimitSettings {
  /** Cost points a token (or an address without one) may spend per minute (RATE_LIMIT_COST_PER_MINUTE, default 30000). */
  costPerMinute: number;
  /** Points one export (GET /reports/lending.csv or .xlsx) costs (RATE_LIMIT_EXPORT_COST, default 1000). */
  exportCost: number;
  /** Redis shared by all instances (REDIS_URL); null keeps the budget in this process's memory. */
  redisUrl: string | null;
  /** Prefix of the budget's Redis keys (RATE_LIMIT_KEY_PREFIX, default srdi-match:rate). */
  keyPrefix: string;
}

const TRACING_NAMES = ["OTEL_TRACES_EXPORTER", "OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME"] as const;

/**
 * The tracing settings alone (read by src/observability/tracing.ts before the rest of the app is
 * loaded; a bad value throws the same ConfigError loadConfig would).
 */
export function loadTracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const parsed = parseEnv(env, TRACING_NAMES);
  if (!parsed.env) throw new ConfigError(parsed.problems);
  return tracingFrom(parsed.env);
}

function tracingFrom(e: Pick<Env, (typeof TRACING_NAMES)[number]>): TracingSettings {
  const exporters = (e.OTEL_TRACES_EXPORTER ?? []).filter((x) => x !== "none");
  return { enabled: !e.OTEL_SDK_DISABLED && exporters.length > 0, exporters, serviceName: e.OTEL_SERVICE_NAME ?? "srdi-match" };
}

function tokenVerification(e: Env): TokenVerification | null {
  const algorithms = e.AUTH_ALGORITHMS ?? ["RS256", "ES256"];
  if (e.AUTH_JWKS_FILE) return { kind: "jwks", file: e.AUTH_JWKS_FILE, algorithms };
  if (e.AUTH_PUBLIC_KEY_FILE) return { kind: "publicKey", file: e.AUTH_PUBLIC_KEY_FILE, algorithms };
  if (e.AUTH_JWT_SECRET) return { kind: "secret", secret: e.AUTH_JWT_SECRET };
  return null;
}
