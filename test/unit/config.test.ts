import fs from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig, loadTracingSettings } from "../../src/config/config";
import { editDistance, envExample, SETTINGS, suggestName } from "../../src/config/env-schema";

/** The problems loadConfig refuses the environment with ([] when it starts). */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("loadConfig: defaults", () => {
  const c = loadConfig({});
  it.each([
    ["port", c.port, 4000],
    ["databaseUrl", c.databaseUrl, null],
    ["databaseReadUrl", c.databaseReadUrl, null],
    ["rateLimit.redisUrl", c.rateLimit.redisUrl, null],
    ["rateLimit.costPerMinute", c.rateLimit.costPerMinute, 30000],
    ["rateLimit.exportCost", c.rateLimit.exportCost, 1000],
    ["rateLimit.keyPrefix", c.rateLimit.keyPrefix, "srdi-match:rate"],
    ["shutdownTimeoutMs", c.shutdownTimeoutMs, 10000],
    ["embeddedDataDir", c.embeddedDataDir, path.resolve(".data", "postgres")],
    ["embeddedPort", c.embeddedPort, 54329],
    ["seedDemoData", c.seedDemoData, null],
    ["maxPageSize", c.maxPageSize, 100],
    ["logSql", c.logSql, false],
    ["auth.verification", c.auth.verification, null],
    ["auth.issuer", c.auth.issuer, null],
    ["limits.maxDepth", c.limits.maxDepth, 10],
    ["limits.maxCost", c.limits.maxCost, 5000],
    ["limits.maxTokens", c.limits.maxTokens, 5000],
    ["limits.maxAliases", c.limits.maxAliases, 30],
    ["limits.maxDirectives", c.limits.maxDirectives, 50],
    ["limits.maxFieldRepeats", c.limits.maxFieldRepeats, 20],
    ["limits.bodyBytes", c.limits.bodyBytes, 1048576],
    ["limits.introspection", c.limits.introspection, true],
    ["observability.logLevel", c.observability.logLevel, "info"],
    ["observability.metricsToken", c.observability.metricsToken, null],
    ["tracing.enabled", c.tracing.enabled, false],
    ["tracing.serviceName", c.tracing.serviceName, "srdi-match"],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe("loadConfig: values read", () => {
  it.each<[NodeJS.ProcessEnv, (c: ReturnType<typeof loadConfig>) => unknown, unknown]>([
    [{ PORT: "8080" }, (c) => c.port, 8080],
    [{ PORT: "" }, (c) => c.port, 4000],
    [{ DATABASE_URL: "postgres://u:p@db:5432/srdi" }, (c) => c.databaseUrl, "postgres://u:p@db:5432/srdi"],
    [{ DATABASE_READ_URL: "postgresql://u@replica/srdi" }, (c) => c.databaseReadUrl, "postgresql://u@replica/srdi"],
    [{ REDIS_URL: "redis://127.0.0.1:6379/2" }, (c) => c.rateLimit.redisUrl, "redis://127.0.0.1:6379/2"],
    [{ SHUTDOWN_TIMEOUT_MS: "2500" }, (c) => c.shutdownTimeoutMs, 2500],
    [{ SEED_DEMO_DATA: "no" }, (c) => c.seedDemoData, false],
    [{ SEED_DEMO_DATA: "TRUE" }, (c) => c.seedDemoData, true],
    [{ LOG_SQL: "1" }, (c) => c.logSql, true],
    [{ INTROSPECTION: "false" }, (c) => c.limits.introspection, false],
    [{ LOG_LEVEL: "DEBUG" }, (c) => c.observability.logLevel, "debug"],
    [{ AUTH_JWT_SECRET: "x".repeat(32) }, (c) => c.auth.verification, { kind: "secret", secret: "x".repeat(32) }],
    [{ AUTH_JWKS_FILE: "/k.json", AUTH_ALGORITHMS: "ES256, RS256" }, (c) => c.auth.verification, { kind: "jwks", file: "/k.json", algorithms: ["ES256", "RS256"] }],
    [{ AUTH_PUBLIC_KEY_FILE: "/k.pem" }, (c) => c.auth.verification, { kind: "publicKey", file: "/k.pem", algorithms: ["RS256", "ES256"] }],
    [{ OTEL_TRACES_EXPORTER: "console" }, (c) => c.tracing, { enabled: true, exporters: ["console"], serviceName: "srdi-match" }],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_SDK_DISABLED: "true" }, (c) => c.tracing.enabled, false],
    [{ OTEL_TRACES_EXPORTER: "none" }, (c) => c.tracing.enabled, false],
  ])("%j", (env, pick, expected) => {
    expect(pick(loadConfig(env))).toEqual(expected);
  });
});

describe("loadConfig: bad values are refused, each named", () => {
  it.each<[NodeJS.ProcessEnv, string]>([
    [{ PORT: "abc" }, "PORT must be a positive integer, got 'abc'."],
    [{ PORT: "0" }, "PORT must be a positive integer, got '0'."],
    [{ MAX_PAGE_SIZE: "2.5" }, "MAX_PAGE_SIZE must be a positive integer, got '2.5'."],
    [{ SHUTDOWN_TIMEOUT_MS: "-1" }, "SHUTDOWN_TIMEOUT_MS must be a positive integer, got '-1'."],
    [{ LOG_SQL: "maybe" }, "LOG_SQL must be true or false, got 'maybe'."],
    [{ SEED_DEMO_DATA: "2" }, "SEED_DEMO_DATA must be true or false, got '2'."],
    [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'verbose'."],
    [{ DATABASE_URL: "mysql://db/srdi" }, "DATABASE_URL must be a postgres:// or postgresql:// URL, got 'mysql://db/srdi'."],
    [{ DATABASE_READ_URL: "replica" }, "DATABASE_READ_URL must be a postgres:// or postgresql:// URL, got 'replica'."],
    [{ REDIS_URL: "http://cache:6379" }, "REDIS_URL must be a redis:// or rediss:// URL, got 'http://cache:6379'."],
    [{ AUTH_ALGORITHMS: "HS256" }, "AUTH_ALGORITHMS must be a comma-separated list of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, got 'HS256'."],
    [{ AUTH_JWT_SECRET: "short" }, "AUTH_JWT_SECRET must be at least 32 characters, got a value that is not."],
    [{ OTEL_TRACES_EXPORTER: "jaeger" }, "OTEL_TRACES_EXPORTER must be a comma-separated list of otlp, console, zipkin, none, got 'jaeger'."],
  ])("%j", (env, message) => {
    expect(problems(env)).toEqual([message]);
  });

  it("names every problem at once, in one error", () => {
    const env = { PORT: "x", LOG_LEVEL: "loud", SRDI_FOO: "1", DATABASE_ULR: "postgres://db/srdi" };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(problems(env)).toEqual([
      "PORT must be a positive integer, got 'x'.",
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'.",
      "DATABASE_ULR is not a setting of srdi-match: did you mean DATABASE_URL?",
      "SRDI_FOO is not a setting of srdi-match (the SRDI_ prefix is reserved for its settings; see .env.example).",
    ]);
    expect(() => loadConfig(env)).toThrow(/4 problems[\s\S]*PORT[\s\S]*LOG_LEVEL[\s\S]*DATABASE_ULR[\s\S]*SRDI_FOO/);
  });
});

describe("loadConfig: unknown and misspelt names", () => {
  it.each([
    ["DATABASE_ULR", "DATABASE_URL"],
    ["DATABSE_URL", "DATABASE_URL"],
    ["RATE_LIMT_COST_PER_MINUTE", "RATE_LIMIT_COST_PER_MINUTE"],
    ["RATE_LIMIT_COST_PER_MINUTES", "RATE_LIMIT_COST_PER_MINUTE"],
    ["LOG_LEVL", "LOG_LEVEL"],
    ["MAX_PAGESIZE", "MAX_PAGE_SIZE"],
    ["AUTH_ISUSER", "AUTH_ISSUER"],
    ["METRIC_TOKEN", "METRICS_TOKEN"],
    ["DATABASE_READ_ULR", "DATABASE_READ_URL"],
    ["REDIS_URI", "REDIS_URL"],
    ["database_url", "DATABASE_URL"],
  ])("%s is refused: did you mean %s?", (typo, known) => {
    expect(problems({ [typo]: "1" })).toEqual([`${typo} is not a setting of srdi-match: did you mean ${known}?`]);
  });

  it.each(["SRDI_X", "SRDI_PORT", "SRDI_TEST_OTHER"])("%s (the app's own prefix, unknown) is refused", (name) => {
    expect(problems({ [name]: "1" })).toEqual([expect.stringContaining(`${name} is not a setting of srdi-match`)]);
  });

  it.each([
    // Other software's standard variables, some of them close to ours.
    "PATH", "HOME", "HOST", "HOSTNAME", "PWD", "LOGNAME", "LANG", "TERM", "TZ", "CI", "USER", "SHELL",
    "OTEL_TRACE_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_BSP_SCHEDULE_DELAY",
    "NODE_ENV", "NODE_OPTIONS", "PGHOST", "PGPORT", "PGPASSWORD", "npm_config_cache", "npm_lifecycle_event",
    "JEST_WORKER_ID", "TS_NODE_TRANSPILE_ONLY", "DEBUG",
    // Ours in family but far from any name: a variable another tool or a later version may own.
    "DATABASE_POOL_MAX", "REDIS_PASSWORD", "AUTH_PROVIDER",
  ])("%s is ignored", (name) => {
    expect(problems({ [name]: "anything" })).toEqual([]);
  });

  it("refuses a retired setting, naming what replaced it", () => {
    expect(problems({ RATE_LIMIT_PER_MINUTE: "300" })).toEqual([
      'RATE_LIMIT_PER_MINUTE is no longer a setting of srdi-match: it was replaced by RATE_LIMIT_COST_PER_MINUTE (a budget of query cost points, not of requests; docs/access.md, "Abuse limits").',
    ]);
  });

  it("accepts the test harness's own SRDI_TEST_* names (declared in the schema) and a real process environment", () => {
    expect(problems({ SRDI_TEST_ADMIN_URL: "postgres://x", SRDI_TEST_TEMPLATE_DB: "tpl" })).toEqual([]);
    // Jest's own process: npm_*, JEST_*, PATH, DATABASE_URL and the harness's variables.
    expect(problems(process.env)).toEqual([]);
  });

  it.each([
    ["DATABASE_ULR", "DATABASE_URL", 1],
    ["RATE_LIMT_PER_MINUTE", "RATE_LIMIT_PER_MINUTE", 1],
    ["DATABSE_URL", "DATABASE_URL", 1],
    ["ab", "ba", 1],
    ["kitten", "sitting", 3],
  ])("editDistance(%s, %s) = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("suggests nothing for a name of another family", () => {
    expect(suggestName("HOST")).toBeNull();
    expect(suggestName("PORTS")).toBe("PORT");
  });
});

describe("the settings table", () => {
  it("every entry has a description and a type", () => {
    for (const [name, s] of Object.entries(SETTINGS)) {
      expect([name, s.description.length > 5, s.type.length > 0]).toEqual([name, true, true]);
    }
  });

  it(".env.example is generated from it and current (npm run env:example)", () => {
    const file = fs.readFileSync(path.join(__dirname, "..", "..", ".env.example"), "utf8");
    expect(file).toBe(envExample());
    for (const [name, s] of Object.entries(SETTINGS)) expect([name, file.includes(`# ${name}=`)]).toEqual([name, !s.internal]);
  });

  it("loadTracingSettings reads the OTEL_* entries alone and refuses a bad one", () => {
    expect(loadTracingSettings({ OTEL_TRACES_EXPORTER: "otlp,console", PORT: "not checked here" })).toEqual({ enabled: true, exporters: ["otlp", "console"], serviceName: "srdi-match" });
    expect(() => loadTracingSettings({ OTEL_SDK_DISABLED: "perhaps" })).toThrow(/OTEL_SDK_DISABLED must be true or false/);
  });
});
