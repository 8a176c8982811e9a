import path from "node:path";
import type { TokenVerification } from "../modules/auth/token.service";

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
  auth: AuthSettings;
  limits: Limits;
  rateLimit: RateLimitSettings;
  observability: ObservabilitySettings;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ObservabilitySettings {
  /** Level of the JSON log on stdout (LOG_LEVEL, default info; silent turns it off). */
  logLevel: LogLevel;
  /** Bearer token GET /metrics requires (METRICS_TOKEN); null leaves the endpoint open. */
  metricsToken: string | null;
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

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'.`);
  return value;
}

function boolFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no"].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got '${raw}'.`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFromEnv(env, "PORT", 4000),
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== "" ? env.DATABASE_URL : null,
    embeddedDataDir: path.resolve(env.EMBEDDED_PG_DIR ?? path.join(process.cwd(), ".data", "postgres")),
    embeddedPort: intFromEnv(env, "EMBEDDED_PG_PORT", 54329),
    seedDemoData: env.SEED_DEMO_DATA === undefined || env.SEED_DEMO_DATA === "" ? null : boolFromEnv(env, "SEED_DEMO_DATA", false),
    maxPageSize: intFromEnv(env, "MAX_PAGE_SIZE", 100),
    logSql: boolFromEnv(env, "LOG_SQL", false),
    auth: {
      verification: tokenVerification(env),
      issuer: env.AUTH_ISSUER || null,
      audience: env.AUTH_AUDIENCE || null,
    },
    observability: {
      logLevel: logLevelFromEnv(env),
      metricsToken: env.METRICS_TOKEN && env.METRICS_TOKEN !== "" ? env.METRICS_TOKEN : null,
    },
    limits: {
      maxDepth: intFromEnv(env, "MAX_QUERY_DEPTH", 10),
      maxCost: intFromEnv(env, "MAX_QUERY_COST", 5000),
      bodyBytes: intFromEnv(env, "BODY_LIMIT_BYTES", 1024 * 1024),
      introspection: boolFromEnv(env, "INTROSPECTION", true),
      ...queryShapeLimitsFromEnv(env),
    },
    rateLimit: rateLimitFromEnv(env),
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
  /** Points one GET /reports/lending.csv export costs (RATE_LIMIT_CSV_EXPORT_COST, default 1000). */
  csvExportCost: number;
  /** Redis shared by all instances (REDIS_URL); null keeps the budget in this process's memory. */
  redisUrl: string | null;
  /** Prefix of the budget's Redis keys (RATE_LIMIT_KEY_PREFIX, default srdi-match:rate). */
  keyPrefix: string;
}

function queryShapeLimitsFromEnv(env: NodeJS.ProcessEnv): QueryShapeLimits {
  return {
    maxTokens: intFromEnv(env, "MAX_TOKENS", 5000),
    maxAliases: intFromEnv(env, "MAX_ALIASES", 30),
    maxDirectives: intFromEnv(env, "MAX_DIRECTIVES", 50),
    maxFieldRepeats: intFromEnv(env, "MAX_FIELD_REPEATS", 20),
  };
}

function rateLimitFromEnv(env: NodeJS.ProcessEnv): RateLimitSettings {
  return {
    costPerMinute: intFromEnv(env, "RATE_LIMIT_COST_PER_MINUTE", 30_000),
    csvExportCost: intFromEnv(env, "RATE_LIMIT_CSV_EXPORT_COST", 1000),
    redisUrl: env.REDIS_URL && env.REDIS_URL !== "" ? env.REDIS_URL : null,
    keyPrefix: env.RATE_LIMIT_KEY_PREFIX && env.RATE_LIMIT_KEY_PREFIX !== "" ? env.RATE_LIMIT_KEY_PREFIX : "srdi-match:rate",
  };
}

function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const raw = (env.LOG_LEVEL ?? "").trim().toLowerCase();
  if (raw === "") return "info";
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got '${env.LOG_LEVEL}'.`);
}

function tokenVerification(env: NodeJS.ProcessEnv): TokenVerification | null {
  const algorithms = (env.AUTH_ALGORITHMS || "RS256,ES256").split(",").map((a) => a.trim()).filter(Boolean);
  if (env.AUTH_JWKS_FILE) return { kind: "jwks", file: env.AUTH_JWKS_FILE, algorithms };
  if (env.AUTH_PUBLIC_KEY_FILE) return { kind: "publicKey", file: env.AUTH_PUBLIC_KEY_FILE, algorithms };
  if (env.AUTH_JWT_SECRET) return { kind: "secret", secret: env.AUTH_JWT_SECRET };
  return null;
}
