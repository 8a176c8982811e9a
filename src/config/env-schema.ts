import { z } from "zod";

/**
 * The one table of environment variables the app reads: name, type, default and description.
 * loadConfig (config.ts) validates with it, its error messages name each entry's type, and
 * `.env.example` is generated from it (`npm run env:example`; a unit test fails when the file is
 * stale). Adding a variable is one line here plus where config.ts puts it in `Config`.
 *
 * No imports besides zod: src/observability/tracing.ts reads its entries before express, pg or
 * graphql are loaded.
 */
export interface Setting<T = unknown> {
  schema: z.ZodType<T>;
  /** What a valid value is, as the error message names it ("a positive integer"). */
  type: string;
  /** The default, as written in the documentation; null when unset means "off" or "none". */
  defaultText: string | null;
  description: string;
  /** Never echo the value in an error message. */
  secret?: boolean;
  /** Read by the test harness, not by the app: accepted, left out of .env.example. */
  internal?: boolean;
  /** A section heading of .env.example. */
  group: string;
}

type Opts = { group: string; secret?: boolean; internal?: boolean };

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];
const boolean = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => TRUE.includes(s) || FALSE.includes(s))
  .transform((s) => TRUE.includes(s));

function positiveInt(fallback: number, description: string, o: Opts): Setting<number> {
  return { schema: z.coerce.number().int().positive().default(fallback), type: "a positive integer", defaultText: String(fallback), description, ...o };
}
function flag(fallback: boolean, description: string, o: Opts): Setting<boolean> {
  return { schema: boolean.default(fallback), type: "true or false", defaultText: String(fallback), description, ...o };
}
function optionalFlag(defaultText: string, description: string, o: Opts): Setting<boolean | undefined> {
  return { schema: boolean.optional(), type: "true or false", defaultText, description, ...o };
}
function text(description: string, o: Opts & { minLength?: number; defaultText?: string }): Setting<string | undefined> {
  const schema = o.minLength ? z.string().min(o.minLength) : z.string();
  return { schema: schema.optional(), type: o.minLength ? `at least ${o.minLength} characters` : "a string", defaultText: o.defaultText ?? null, description, ...o };
}
function url(protocols: readonly string[], description: string, o: Opts): Setting<string | undefined> {
  const schema = z.url({ protocol: new RegExp(`^(${protocols.join("|")})$`) });
  return { schema: schema.optional(), type: `a ${protocols.map((p) => `${p}://`).join(" or ")} URL`, defaultText: null, description, ...o };
}
function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number], description: string, o: Opts): Setting<T[number]> {
  return { schema: z.string().trim().toLowerCase().pipe(z.enum(values)).default(fallback), type: `one of ${values.join(", ")}`, defaultText: fallback, description, ...o };
}
function listOf(values: readonly string[], defaultText: string | null, description: string, o: Opts): Setting<string[] | undefined> {
  const schema = z
    .string()
    .transform((s) => s.split(",").map((a) => a.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every((a) => values.includes(a)));
  return { schema: schema.optional(), type: `a comma-separated list of ${values.join(", ")}`, defaultText, description, ...o };
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const ASYMMETRIC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;
export const TRACE_EXPORTERS = ["otlp", "console", "zipkin", "none"] as const;

const server = { group: "Server" };
const database = { group: "Database" };
const auth = { group: "Tokens" };
const limits = { group: "Limits" };
const observability = { group: "Logs, metrics, tracing" };
const harness = { group: "Test harness", internal: true };

/** Every variable the app reads. Keys are the variable names. */
export const SETTINGS = {
  PORT: positiveInt(4000, "HTTP port.", server),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10000, "How long in-flight requests may take to finish after SIGINT/SIGTERM before the server stops anyway (ms).", server),

  DATABASE_URL: url(["postgres", "postgresql"], "PostgreSQL to use (postgres://user:pass@host:5432/srdi); unset starts the embedded server under EMBEDDED_PG_DIR.", database),
  DATABASE_READ_URL: url(["postgres", "postgresql"], "A second connection (e.g. a read replica) for the reports and the lists; unset: the primary serves them (docs/deployment.md).", database),
  EMBEDDED_PG_DIR: text("Data directory of the embedded PostgreSQL.", { ...database, defaultText: "./.data/postgres" }),
  EMBEDDED_PG_PORT: positiveInt(54329, "Preferred port of the embedded PostgreSQL (the next free one is taken if busy).", database),
  SEED_DEMO_DATA: optionalFlag("on for the embedded server, off with DATABASE_URL", "Load the demo data at start (idempotent).", database),
  LOG_SQL: flag(false, "Log every SQL statement.", database),

  AUTH_JWT_SECRET: text("HS256 secret tokens are signed with; unset on the embedded database: a development secret is made in ./.data/jwt-dev-secret.", { ...auth, minLength: 32, secret: true }),
  AUTH_PUBLIC_KEY_FILE: text("PEM public key of an identity provider (RS256/ES256 tokens), instead of AUTH_JWT_SECRET.", auth),
  AUTH_JWKS_FILE: text("JWKS file of an identity provider, instead of AUTH_JWT_SECRET.", auth),
  AUTH_ALGORITHMS: listOf(ASYMMETRIC_ALGORITHMS, "RS256,ES256", "Algorithms accepted with AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_FILE.", auth),
  AUTH_ISSUER: text("Required `iss` claim.", auth),
  AUTH_AUDIENCE: text("Required `aud` claim.", auth),

  MAX_PAGE_SIZE: positiveInt(100, "Largest `first` a list accepts.", limits),
  MAX_QUERY_DEPTH: positiveInt(10, "Deepest query accepted.", limits),
  MAX_QUERY_COST: positiveInt(5000, "Highest estimated query cost accepted (connections count `first` times).", limits),
  MAX_TOKENS: positiveInt(5000, "Most lexical tokens a query may have; parsing stops at the next one.", limits),
  MAX_ALIASES: positiveInt(30, "Most aliases an operation may use, fragments expanded.", limits),
  MAX_DIRECTIVES: positiveInt(50, "Most directives an operation may use, fragments expanded.", limits),
  MAX_FIELD_REPEATS: positiveInt(20, "Most times one field may be selected at one place of the merged query.", limits),
  RATE_LIMIT_COST_PER_MINUTE: positiveInt(30_000, "Cost points a token (or an address without one) may spend per minute; each operation spends its estimated cost.", limits),
  RATE_LIMIT_EXPORT_COST: positiveInt(1000, "Cost points one lending-report export (CSV or XLSX) spends.", limits),
  RATE_LIMIT_KEY_PREFIX: text("Prefix of the budget's Redis keys.", { ...limits, defaultText: "srdi-match:rate" }),
  BODY_LIMIT_BYTES: positiveInt(1024 * 1024, "Largest request body (bytes).", limits),
  INTROSPECTION: flag(true, "Answer schema introspection.", limits),
  REDIS_URL: url(["redis", "rediss"], "Redis holding the rate-limit budget shared by every instance; unset: each process counts in memory.", limits),

  LOG_LEVEL: oneOf(LOG_LEVELS, "info", "Level of the JSON log on stdout.", observability),
  METRICS_TOKEN: text("When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`.", { ...observability, secret: true }),
  // OpenTelemetry: the standard variables (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/).
  // The app reads these three; the SDK reads the rest itself (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, OTEL_BSP_*, …).
  OTEL_TRACES_EXPORTER: listOf(TRACE_EXPORTERS, null, "Tracing exporter(s); unset: tracing is off (unlike the spec's otlp default). otlp sends to OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318).", observability),
  OTEL_SDK_DISABLED: flag(false, "true turns tracing off whatever OTEL_TRACES_EXPORTER says.", observability),
  OTEL_SERVICE_NAME: text("service.name of the spans.", { ...observability, defaultText: "srdi-match" }),

  SRDI_TEST_ADMIN_URL: text("Set by test/support/global-setup.ts: the server test databases are cloned on.", harness),
  SRDI_TEST_TEMPLATE_DB: text("Set by test/support/global-setup.ts: the migrated template database.", harness),
} satisfies Record<string, Setting<any>>;

export type SettingName = keyof typeof SETTINGS;
export type Env = { [K in SettingName]: z.output<(typeof SETTINGS)[K]["schema"]> };

/** The app's own prefix: any SRDI_* name not in SETTINGS is refused. */
export const OWN_PREFIX = "SRDI_";

/**
 * Names of other software that are never taken for a typo of ours, even when close to one
 * (e.g. OTEL_TRACE_EXPORTER is left to the SDK to judge; PGPORT is libpq's).
 */
const FOREIGN_PREFIXES = ["OTEL_", "NODE_", "NPM_", "PG", "JEST_", "TS_NODE_", "DEBUG", "CI", "GITHUB_", "DOCKER_", "KUBERNETES_", "LC_", "XDG_", "SSH_", "TZ", "TERM"];
const FOREIGN_NAMES = new Set(["PATH", "HOME", "HOST", "HOSTNAME", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "LANG", "LANGUAGE", "SHLVL", "MAIL", "EDITOR", "INIT_CWD", "COLOR", "FORCE_COLOR", "NO_COLOR", "_"]);

export function isForeign(name: string): boolean {
  const upper = name.toUpperCase();
  return FOREIGN_NAMES.has(upper) || FOREIGN_PREFIXES.some((p) => upper.startsWith(p));
}

/** Optimal-string-alignment distance (Damerau–Levenshtein with adjacent swaps counting 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const KNOWN = Object.keys(SETTINGS) as SettingName[];
/** The first words of the known names (DATABASE, RATE, AUTH, …): a typo must stay in one of these families. */
const FAMILIES = [...new Set(KNOWN.map((n) => n.split("_")[0]!))];

/**
 * The known name an unknown one is probably a typo of: within edit distance 2 of it, and with a
 * first word within distance 1 of a known family (so DATABSE_URL and RATE_LIMT_PER_MINUTE are
 * caught, HOST or LOGNAME are not). Null for names of other software.
 */
export function suggestName(name: string): SettingName | null {
  const upper = name.toUpperCase();
  if (isForeign(upper) || (SETTINGS as Record<string, Setting>)[name]) return null;
  if ((SETTINGS as Record<string, Setting>)[upper]) return upper as SettingName; // database_url
  const first = upper.split("_")[0]!;
  if (!FAMILIES.some((f) => editDistance(first, f) <= (f.length >= 4 ? 1 : 0))) return null;
  let best: { name: SettingName; distance: number } | null = null;
  for (const known of KNOWN) {
    const distance = editDistance(upper, known);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: known, distance };
  }
  return best?.name ?? null;
}

/**
 * Parses an environment: every problem at once (bad values, unknown SRDI_* names, typos of known
 * names), as one message a line. Empty values count as unset.
 */
/** Settings that existed and are gone: a deployment that still sets one is told what replaced it. */
const RETIRED: Readonly<Record<string, string>> = {
  RATE_LIMIT_PER_MINUTE: "RATE_LIMIT_COST_PER_MINUTE (a budget of query cost points, not of requests; docs/access.md, \"Abuse limits\")",
};

export function parseEnv(env: NodeJS.ProcessEnv, only?: readonly SettingName[]): { env: Env; problems: null } | { env: null; problems: string[] } {
  const problems: string[] = [];
  const names = only ?? KNOWN;
  const input: Record<string, string> = {};
  for (const name of names) {
    const raw = env[name];
    if (raw !== undefined && raw !== "") input[name] = raw;
  }
  const shape = Object.fromEntries(names.map((n) => [n, SETTINGS[n].schema])) as Record<string, z.ZodType>;
  const result = z.object(shape).safeParse(input);
  const out: Record<string, unknown> = {};
  if (result.success) Object.assign(out, result.data);
  else {
    const bad = new Set<string>();
    for (const issue of result.error.issues) {
      const name = String(issue.path[0]);
      if (bad.has(name)) continue;
      bad.add(name);
      const setting: Setting = (SETTINGS as Record<string, Setting>)[name]!;
      problems.push(`${name} must be ${setting.type}, got ${setting.secret ? "a value that is not" : `'${input[name]}'`}.`);
    }
  }
  if (!only) {
    for (const name of Object.keys(env).sort()) {
      if ((SETTINGS as Record<string, Setting>)[name]) continue;
      if (RETIRED[name] && env[name] !== undefined && env[name] !== "") {
        problems.push(`${name} is no longer a setting of srdi-match: it was replaced by ${RETIRED[name]}.`);
        continue;
      }
      if (name.startsWith(OWN_PREFIX)) {
        problems.push(`${name} is not a setting of srdi-match (the ${OWN_PREFIX} prefix is reserved for its settings; see .env.example).`);
        continue;
      }
      const suggestion = suggestName(name);
      if (suggestion) problems.push(`${name} is not a setting of srdi-match: did you mean ${suggestion}?`);
    }
  }
  return problems.length ? { env: null, problems } : { env: out as Env, problems: null };
}

/** Refusal at start: every problem of the environment, one a line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The environment is not valid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** `.env.example`, written from SETTINGS (scripts/env-example.ts; test/unit/config.test.ts checks it is current). */
export function envExample(): string {
  const lines = [
    "# Every environment variable srdi-match reads, with its default. Generated from",
    "# src/config/env-schema.ts by `npm run env:example`: edit the schema, not this file.",
    "# Unknown SRDI_* names and near-misses of these names (DATABASE_ULR) are refused at start.",
  ];
  let group = "";
  for (const name of KNOWN) {
    const s: Setting = SETTINGS[name];
    if (s.internal) continue;
    if (s.group !== group) {
      group = s.group;
      lines.push("", `# --- ${group} ---`);
    }
    const literal = s.defaultText !== null && !s.defaultText.includes(" ");
    const unset = s.defaultText === null ? " Unset by default." : literal ? "" : ` Default: ${s.defaultText}.`;
    lines.push(`# ${s.description} Type: ${s.type}.${unset}`, `# ${name}=${literal ? s.defaultText : ""}`);
  }
  return `${lines.join("\n")}\n`;
}
