import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { createApp } from "../../src/app";
import { Role } from "../../src/domain/access";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * The cost budget per token (docs/access.md, "Abuse limits"): every request pays 1 point on
 * arrival and then its estimated cost; the budget is reported in extensions.cost and RateLimit-*
 * headers; with REDIS_URL several instances share it.
 */

type Json = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }>; extensions?: Record<string, any> };

const REDIS_URL = process.env.SRDI_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** 1 + 45 × (edges: 1 + 5 × (node: 1 + id)) = 496. */
const EXPENSIVE = `{ firms(first: 45) { edges { node { id } } } }`;
const CHEAP = `{ __typename }`;

async function post(url: string, token: string, query: string): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}

const withBudget = (costPerMinute: number, more: Partial<TestApp["config"]["rateLimit"]> = {}) =>
  startTestApp({ rateLimit: { costPerMinute, exportCost: 1000, redisUrl: null, keyPrefix: `srdi-test:${randomBytes(4).toString("hex")}`, ...more } });

describe("the cost budget in memory", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withBudget(1000);
  });
  afterAll(async () => {
    await t.close();
  });

  it("reports each accepted query's cost in extensions.cost and the RateLimit-* headers", async () => {
    const token = await t.tokens.sign({ sub: "reporting", role: Role.ADMIN });
    const res = await post(t.url, token, `{ firms(first: 1) { totalCount } }`);
    expect(res.status).toBe(200);
    expect(res.json.extensions!.cost).toEqual({ requested: 2, limit: 1000, remaining: 998, resetSeconds: expect.any(Number) });
    const reset = res.json.extensions!.cost.resetSeconds as number;
    expect(reset).toBeGreaterThanOrEqual(59);
    expect(reset).toBeLessThanOrEqual(60);
    expect(Object.fromEntries(["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit-policy"].map((h) => [h, res.headers.get(h)]))).toEqual({
      "ratelimit-limit": "1000",
      "ratelimit-remaining": "998",
      "ratelimit-reset": String(reset),
      "ratelimit-policy": "1000;w=60",
    });
    const next = await post(t.url, token, EXPENSIVE);
    expect(next.json.extensions!.cost).toMatchObject({ requested: 496, remaining: 1000 - 2 - 496 });
  });

  it("counts cost, not requests: 100 cheap queries leave most of the budget, two expensive ones exhaust it", async () => {
    const cheap = await t.tokens.sign({ sub: "cheap-client", role: Role.ADMIN });
    for (let i = 1; i <= 100; i++) {
      const res = await post(t.url, cheap, CHEAP);
      expect({ i, status: res.status }).toEqual({ i, status: 200 });
    }
    expect((await post(t.url, cheap, CHEAP)).json.extensions!.cost).toMatchObject({ requested: 1, remaining: 1000 - 101 });

    const costly = await t.tokens.sign({ sub: "costly-client", role: Role.ADMIN });
    expect((await post(t.url, costly, EXPENSIVE)).status).toBe(200);
    expect((await post(t.url, costly, EXPENSIVE)).json.extensions!.cost).toMatchObject({ remaining: 8 });
    const third = await post(t.url, costly, EXPENSIVE);
    expect(third.status).toBe(429);
    expect(third.json.data ?? null).toBeNull();
    expect(third.json.errors).toHaveLength(1);
    const retryAfter = Number(third.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(third.json.errors![0]!.extensions).toEqual({ code: "RATE_LIMITED", limit: "rate", requested: 496, remaining: 7, costPerMinute: 1000, retryAfterSeconds: retryAfter });
    expect(third.json.errors![0]!.message).toMatch(/this request costs 496 points and 7 of the 1000 points a token may spend in 60 s are left\. Retry in \d+ s/);
    // The refused query paid only its arrival point: a cheap one still fits.
    const after = await post(t.url, costly, CHEAP);
    expect(after.status).toBe(200);
    expect(after.json.extensions!.cost).toMatchObject({ requested: 1, remaining: 6 });
  });

  it("charges a lending CSV export its fixed cost from the same budget", async () => {
    const token = await t.tokens.sign({ sub: "exporter", role: Role.ADMIN });
    const first = await fetch(`${t.url}/reports/lending.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(first.status).toBe(200);
    await first.text();
    expect(first.headers.get("ratelimit-remaining")).toBe("0");
    const again = await fetch(`${t.url}/reports/lending.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(429);
    expect(await again.json()).toMatchObject({ code: "RATE_LIMITED", limit: "rate", requested: 1000, remaining: 0, costPerMinute: 1000 });
    expect((await post(t.url, token, CHEAP)).status).toBe(429);
  });
});

describe("the cost budget at arrival", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withBudget(30);
  });
  afterAll(async () => {
    await t.close();
  });

  it("charges a point for requests refused before their operation is known, and refuses at arrival once the budget is spent", async () => {
    const token = await t.tokens.sign({ sub: "bad-queries", role: Role.ADMIN });
    const broken = await post(t.url, token, `{ firms {`);
    expect(broken.status).toBe(400);
    expect(broken.json.extensions!.cost).toMatchObject({ requested: 1, remaining: 29 });
    const tooDeep = await post(t.url, token, `{ ${"a { ".repeat(20)}b${" }".repeat(20)} }`);
    expect(tooDeep.json.errors![0]!.extensions!.code).toBe("QUERY_TOO_DEEP");
    expect(tooDeep.json.extensions!.cost).toMatchObject({ requested: 1, remaining: 28 });
    for (let i = 0; i < 28; i++) await post(t.url, token, `{ firms {`);
    const refused = await post(t.url, token, `{ firms {`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused.json.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED", requested: 1, remaining: 0 });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/srdi_rate_limited_total [1-9]/);
    expect(metrics).toMatch(/srdi_graphql_errors_total\{code="RATE_LIMITED"\} [1-9]/);
    expect(metrics).toMatch(/srdi_graphql_errors_total\{code="QUERY_TOO_DEEP"\} 1/);
  });

});

describe("the cost budget in Redis, shared by two app instances", () => {
  let t: TestApp;
  let second: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    t = await withBudget(1000, { redisUrl: REDIS_URL });
    // A second instance of the app on the same database and the same Redis keys.
    const other = await createApp(t.ds, t.config, t.tokens);
    const server = http.createServer(other.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    second = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await other.apollo.stop();
      },
    };
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it("spends the budget on one instance and is refused on the other", async () => {
    const token = await t.tokens.sign({ sub: "two-instances", role: Role.ADMIN });
    expect((await post(t.url, token, EXPENSIVE)).json.extensions!.cost).toMatchObject({ remaining: 504 });
    expect((await post(second.url, token, EXPENSIVE)).json.extensions!.cost).toMatchObject({ remaining: 8 });
    const refused = await post(second.url, token, EXPENSIVE);
    expect(refused.status).toBe(429);
    expect(refused.json.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED", remaining: 7 });
    expect((await post(t.url, token, CHEAP)).json.extensions!.cost).toMatchObject({ remaining: 6 });
  });
});

describe("the cost budget when Redis is unreachable", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withBudget(1000, { redisUrl: "redis://127.0.0.1:1" });
  });
  afterAll(async () => {
    await t.close();
  });

  it("serves requests and still limits them, each instance in its own memory", async () => {
    const token = await t.tokens.sign({ sub: "redis-down", role: Role.ADMIN });
    const started = Date.now();
    expect((await post(t.url, token, EXPENSIVE)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await post(t.url, token, EXPENSIVE)).status).toBe(200);
    expect((await post(t.url, token, EXPENSIVE)).status).toBe(429);
  });
});
