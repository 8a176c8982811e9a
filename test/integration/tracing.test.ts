import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { TokenService } from "../../src/modules/auth/token.service";
import { Role } from "../../src/domain/access";
import { createTestDatabase, TEST_JWT_SECRET } from "../support/test-app";

/**
 * OpenTelemetry tracing (src/observability/tracing.ts) in a child process running the real entry
 * point (src/index.ts through ts-node, transpile only): Jest's module registry would load the
 * instrumented modules before the SDK could patch them. The child exports OTLP/JSON to a collector
 * this test runs; one GraphQL request that reads the database must give HTTP, GraphQL and pg spans
 * of one trace, and the request's log line carries that trace id. With no OTEL_* set, no SDK starts.
 */
const ROOT = path.join(__dirname, "..", "..");

interface OtlpSpan {
  traceId: string;
  name: string;
  scope: string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A child running `node -r ts-node/register/transpile-only <args>` with a clean environment plus `env`. */
function node(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const keep = ["PATH", "HOME", "LANG"];
  const base = Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]!]));
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

// Generous: on an idle 2-core machine the child starts in a few seconds, under other test runs in up to a minute.
async function waitFor(predicate: () => boolean, what: string, output: () => string, ms = 90000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("OpenTelemetry tracing", () => {
  let collector: http.Server;
  let collectorUrl: string;
  const spans: OtlpSpan[] = [];
  let db: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabase();
    collector = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        const payload = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ scope: { name: string }; spans: Array<{ traceId: string; name: string }> }> }> };
        for (const rs of payload.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ traceId: s.traceId, name: s.name, scope: ss.scope.name });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => collector.close(resolve));
    await db.drop();
  });

  it(
    "OTEL_TRACES_EXPORTER=otlp: one GraphQL request gives HTTP, Express, GraphQL and pg spans of one trace, flushed at SIGTERM; the log line names the trace",
    async () => {
      const port = await freePort();
      const app = node(["src/index.ts"], {
        DATABASE_URL: db.url,
        PORT: String(port),
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: "info",
        OTEL_TRACES_EXPORTER: "otlp",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collectorUrl}/v1/traces`,
        OTEL_SERVICE_NAME: "srdi-match-test",
      });
      try {
        await waitFor(() => app.output().includes("srdi-match ready"), "the server to start", app.output);
        const token = await new TokenService({ verification: { kind: "secret", secret: TEST_JWT_SECRET }, issuer: null, audience: null }).sign({ sub: "t", role: Role.ADMIN });
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: "query TracedFirms { firms(first: 2) { totalCount } }" }),
        });
        expect(await res.json()).toEqual({ data: { firms: { totalCount: 0 } }, extensions: expect.anything() });
        await waitFor(() => /"operation":"TracedFirms"/.test(app.output()), "the request's log line", app.output);
        app.child.kill("SIGTERM");
        const exitCode = await app.exited;
        // A failed or stuck shutdown step (the span flush among them) exits 1: show its lines.
        expect([exitCode, exitCode === 0 ? "" : app.output().split("\n").filter((l) => l.includes("shutdown")).join("\n")]).toEqual([0, ""]);
      } finally {
        if (app.child.exitCode === null) app.child.kill("SIGKILL");
      }

      const line = JSON.parse(app.output().split("\n").find((l) => l.includes('"operation":"TracedFirms"'))!) as { traceId?: string };
      expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
      const trace = spans.filter((s) => s.traceId === line.traceId);
      const scopes = new Set(trace.map((s) => s.scope));
      expect([...scopes].sort()).toEqual(expect.arrayContaining([
        "@opentelemetry/instrumentation-express",
        "@opentelemetry/instrumentation-graphql",
        "@opentelemetry/instrumentation-http",
        "@opentelemetry/instrumentation-pg",
      ]));
      expect(trace.map((s) => s.name)).toEqual(expect.arrayContaining(["POST /graphql", "query TracedFirms"]));
      expect(trace.some((s) => s.scope === "@opentelemetry/instrumentation-pg" && /SELECT|pg\.query/i.test(s.name))).toBe(true);
    },
    150000,
  );

  it("with no OTEL_* set no SDK is started and nothing is patched; OTEL_SDK_DISABLED=true wins over an exporter", async () => {
    const probe = `
      const tracing = require("./src/observability/tracing");
      const http = require("node:http");
      console.log(JSON.stringify({ started: tracing.tracingStarted(), patched: Boolean(http.request.__wrapped), sdkLoaded: Object.keys(require.cache).some((k) => k.includes("@opentelemetry/sdk-node")) }));`;
    const run = async (env: Record<string, string>) => {
      const p = node(["-e", probe], env);
      expect(await p.exited).toBe(0);
      return JSON.parse(p.output().trim().split("\n").pop()!);
    };
    const [none, disabled, on] = await Promise.all([run({}), run({ OTEL_TRACES_EXPORTER: "console", OTEL_SDK_DISABLED: "true" }), run({ OTEL_TRACES_EXPORTER: "console" })]);
    expect(none).toEqual({ started: false, patched: false, sdkLoaded: false });
    expect(disabled).toEqual({ started: false, patched: false, sdkLoaded: false });
    // The same probe sees the SDK when it is on (so the checks above can fail).
    expect(on).toEqual({ started: true, patched: true, sdkLoaded: true });
  }, 120000);
});
