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
  /** How long requests in flight may take to finish after SIGINT/SIGTERM (SHUTDOWN_TIMEOUT_MS, default 10000). */
  shutdownTimeoutMs: number;
  auth: AuthSettings;
  limits: Limits;
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

export interface Limits {
  /** Deepest selection a query may have (MAX_QUERY_DEPTH, default 10). */
  maxDepth: number;
  /** Highest estimated cost of a query (MAX_QUERY_COST, default 5000; list fields count `first` times). */
  maxCost: number;
  /** Requests a token (or, without one, an address) may make per minute (RATE_LIMIT_PER_MINUTE, default 300). */
  ratePerMinute: number;
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
    embeddedDataDir: path.resolve(env.EMBEDDED_PG_DIR || path.join(process.cwd(), ".data", "postgres")),
    embeddedPort: intFromEnv(env, "EMBEDDED_PG_PORT", 54329),
    seedDemoData: env.SEED_DEMO_DATA === undefined || env.SEED_DEMO_DATA === "" ? null : boolFromEnv(env, "SEED_DEMO_DATA", false),
    maxPageSize: intFromEnv(env, "MAX_PAGE_SIZE", 100),
    logSql: boolFromEnv(env, "LOG_SQL", false),
    shutdownTimeoutMs: intFromEnv(env, "SHUTDOWN_TIMEOUT_MS", 10000),
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
      ratePerMinute: intFromEnv(env, "RATE_LIMIT_PER_MINUTE", 300),
      bodyBytes: intFromEnv(env, "BODY_LIMIT_BYTES", 1024 * 1024),
      introspection: boolFromEnv(env, "INTROSPECTION", true),
    },
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
