import { Role } from "../../src/domain/access";
import { registerFirm } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * Logs, request ids and metrics (issue 14, item 1): one JSON log line per request with its id,
 * operation, caller, duration, status and error codes and no credentials; the id echoed in the
 * X-Request-Id header and in `extensions.requestId`; Prometheus metrics at GET /metrics.
 */
type LogLine = Record<string, any>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("observability", () => {
  let t: TestApp;
  const lines: LogLine[] = [];
  const raw: string[] = [];
  let firmId: string;
  let firmToken: string;

  /** The request line of `requestId`, once pino-http has written it (on the response's finish). */
  async function lineOf(requestId: string): Promise<LogLine> {
    for (let i = 0; i < 50; i++) {
      const line = lines.find((l) => l.requestId === requestId && l.msg === "request completed");
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no log line for request ${requestId}: ${JSON.stringify(lines.slice(-2))}`);
  }

  beforeAll(async () => {
    t = await startTestApp({}, { logDestination: { write: (s: string) => void (raw.push(s), lines.push(JSON.parse(s))) } });
    firmId = (await registerFirm(t, { regionCode: "140500" })).id;
    firmToken = await t.tokens.sign({ sub: "obs-firm", role: Role.FIRM, orgId: firmId });
  });
  afterAll(async () => {
    await t.close();
  });

  it("log.requestLine: one JSON line per request with its id, operation, role, org, duration and status, and no credentials", async () => {
    const res = await t.post(
      { query: "query MyFirm($id: ID!) { firm(id: $id) { id } }", variables: { id: firmId }, operationName: "MyFirm" },
      { authorization: `Bearer ${firmToken}`, "x-request-id": "portal-42.a" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("portal-42.a");
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.extensions).toEqual({ requestId: "portal-42.a", cost: expect.objectContaining({ requested: expect.any(Number) }) });
    const line = await lineOf("portal-42.a");
    expect(line).toMatchObject({
      level: 30,
      service: "srdi-match",
      msg: "request completed",
      requestId: "portal-42.a",
      operation: "MyFirm",
      role: "FIRM",
      orgId: firmId,
      errorCodes: [],
      req: { method: "POST", url: "/graphql" },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe("number");
    expect(typeof line.time).toBe("string");
    expect(JSON.stringify(line)).not.toContain(firmToken);
    expect(JSON.stringify(lines)).not.toContain(firmToken);
    // Each field once: no stale copy of the outcome bound when the request started.
    const text = raw.find((s) => s.includes('"portal-42.a"'))!;
    expect(text.match(/"requestId"/g)).toHaveLength(1);
    expect(text.match(/"operation"/g)).toHaveLength(1);
  });

  it("requestId.generated: without a usable X-Request-Id the request gets a UUID, the same in the header, extensions, log and audit trail", async () => {
    for (const sent of [undefined, "has spaces in it", "x".repeat(65)]) {
      const res = await t.post(
        { query: `{ firm(id: "not-a-uuid") { id } }` },
        { authorization: `Bearer ${await t.tokens.sign({ sub: "obs-admin", role: Role.ADMIN })}`, ...(sent ? { "x-request-id": sent } : {}) },
      );
      const id = res.headers.get("x-request-id")!;
      expect(id).toMatch(UUID);
      const body = (await res.json()) as any;
      expect(body.extensions.requestId).toBe(id);
      const line = await lineOf(id);
      expect(line).toMatchObject({ operation: "anonymous", errorCodes: ["NOT_FOUND"], role: "ADMIN", orgId: null });
    }
    // A write's audit event carries the request's id.
    const res = await t.post(
      { query: `mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id } }`, variables: { input: { tenor: "FIVE_YEAR", effectiveOn: "2024-02-20", rateBp: 395 } } },
      { authorization: `Bearer ${await t.tokens.sign({ sub: "obs-admin", role: Role.ADMIN })}`, "x-request-id": "lpr-write-1" },
    );
    expect(((await res.json()) as any).errors).toBeUndefined();
    const [{ request_id }] = await t.ds.query(`SELECT request_id FROM audit_event WHERE operation = 'setLprRate' ORDER BY id DESC LIMIT 1`);
    expect(request_id).toBe("lpr-write-1");
  });

  it("log.internalError: an internal error is one JSON error line with its stack, while the answer stays masked", async () => {
    await t.ds.query(`ALTER TABLE financial_institution RENAME COLUMN short_name TO short_name_gone`);
    try {
      const admin = await t.as({ role: Role.ADMIN });
      const res = await admin.gql(`query BrokenList { financialInstitutions { edges { node { shortName } } } }`);
      expect(res.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      const line = lines.find((l) => l.level === 50 && l.msg === "internal error");
      expect(line?.err?.message).toMatch(/short_name/);
      expect(line?.err?.stack).toBeDefined();
    } finally {
      await t.ds.query(`ALTER TABLE financial_institution RENAME COLUMN short_name_gone TO short_name`);
    }
  });

  it("metrics.exposed: request durations per operation, errors by code and the pool at GET /metrics", async () => {
    await t.post({ query: "query Missing { firm(id: \"00000000-0000-0000-0000-000000000000\") { id } }" }, { authorization: `Bearer ${firmToken}` });
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/srdi_graphql_request_duration_seconds_count\{operation="MyFirm"\} [1-9]/);
    expect(text).toMatch(/srdi_graphql_request_duration_seconds_count\{operation="Missing"\} [1-9]/);
    expect(text).toMatch(/srdi_graphql_errors_total\{code="NOT_FOUND"\} [1-9]/);
    expect(text).toMatch(/srdi_db_pool_connections\{state="total"\} [1-9]/);
    expect(text).toContain("srdi_rate_limited_total 0");
    expect(text).toContain("srdi_process_cpu_seconds_total");
  });
});

describe("observability with a metrics token and a tight rate limit", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ observability: { logLevel: "silent", metricsToken: "metrics-secret-1" }, rateLimit: { costPerMinute: 1 } as TestApp["config"]["rateLimit"] });
  });
  afterAll(async () => {
    await t.close();
  });

  it("metrics.protected: /metrics needs the token, and counts the rate limiter's refusals", async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const first = await t.post({ query: "{ __typename }" }, { authorization: "Bearer same-token" });
    const second = await t.post({ query: "{ __typename }" }, { authorization: "Bearer same-token" });
    expect([first.status, second.status]).toEqual([401, 429]);
    const text = await (await fetch(`${t.url}/metrics`, { headers: { authorization: "Bearer metrics-secret-1" } })).text();
    expect(text).toContain("srdi_rate_limited_total 1");
  });
});
