import { loadConfig, type Limits } from "../../src/config/config";
import { Role } from "../../src/domain/access";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * Abuse limits (docs/access.md, "Abuse limits"): depth, cost, page size, body size, request rate
 * and introspection. Each app gets only the limit under test changed.
 */

type Json = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

const DEFAULT_LIMITS = loadConfig({}).limits;
const withLimits = (limits: Partial<Limits>) => startTestApp({ limits: { ...DEFAULT_LIMITS, ...limits } });

/** POSTs as an ADMIN with its own token; returns the status, headers and body. */
async function postAs(t: TestApp, token: string, body: unknown): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await t.post(body, { authorization: `Bearer ${token}` });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}

const adminToken = (t: TestApp, sub = "limits-admin") => t.tokens.sign({ sub, role: Role.ADMIN });

describe("query depth", () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await withLimits({ maxDepth: 4 });
    token = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers a query exactly at the limit", async () => {
    // firms → edges → node → id: 4 levels.
    const res = await postAs(t, token, { query: `{ firms { edges { node { id } } } }` });
    expect(res.status).toBe(200);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data).toEqual({ firms: { edges: [] } });
  });

  it("refuses a query one level deeper with QUERY_TOO_DEEP, limit 'depth', HTTP 400", async () => {
    const res = await postAs(t, token, { query: `{ firms { edges { node { certifications { id } } } } }` });
    expect(res.status).toBe(400);
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_DEEP", limit: "depth", depth: 5, maxDepth: 4 });
    expect(res.json.errors![0]!.message).toMatch(/5 levels deep; the limit is 4/);
    expect(res.json.data ?? null).toBeNull();
  });

  it("follows fragments when measuring depth", async () => {
    const res = await postAs(t, token, {
      query: `query { firms { ...F } } fragment F on FirmConnection { edges { node { certifications { firm { id } } } } }`,
    });
    expect(res.json.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_DEEP", depth: 6 });
  });

  it("does not count introspection", async () => {
    const res = await postAs(t, token, { query: `{ __schema { types { fields { type { ofType { name } } } } } }` });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.__schema.types.length).toBeGreaterThan(10);
  });
});

describe("query cost", () => {
  let t: TestApp;
  let token: string;
  const NESTED = `firms(first: $first) { edges { node { certifications { firm { certifications { tier } } } } } }`;
  beforeAll(async () => {
    t = await withLimits({ maxCost: 500 });
    token = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it("refuses a query above the cost limit with QUERY_TOO_COMPLEX, limit 'cost', HTTP 400", async () => {
    const res = await postAs(t, token, {
      query: `{ firms(first: 100) { edges { node { certifications { firm { certifications { tier } } } } } } }`,
    });
    expect(res.status).toBe(400);
    // tier 1; certifications 1+5×1; firm 1+6; certifications 1+5×7; node 1+36; edges 1+5×37; firms 1+100×186.
    expect(res.json.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost", cost: 18601, maxCost: 500 });
    expect(res.json.errors![0]!.message).toMatch(/estimated cost is 18601; the limit is 500/);
  });

  it("counts `first` passed as a variable, and the default page size when it is absent", async () => {
    const query = `query($first: Int) { ${NESTED} }`;
    const small = await postAs(t, token, { query, variables: { first: 2 } });
    expect(small.json.errors).toBeUndefined();
    expect(small.json.data).toEqual({ firms: { edges: [] } });

    const large = await postAs(t, token, { query, variables: { first: 100 } });
    expect(large.json.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: 18601 });

    const absent = await postAs(t, token, { query, variables: {} });
    expect(absent.json.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: 1 + 20 * 186 });
  });
});

describe("page size, request body and introspection with the default limits", () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it("caps `first` at the page size: 100 passes, 101 is BAD_USER_INPUT on first", async () => {
    const at = await postAs(t, token, { query: `{ firms(first: 100) { totalCount } }` });
    expect(at.json).toEqual({ data: { firms: { totalCount: 0 } }, extensions: { requestId: expect.any(String), cost: expect.objectContaining({ requested: 2 }) } });
    const over = await postAs(t, token, { query: `{ firms(first: 101) { totalCount } }` });
    expect(over.json.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [expect.objectContaining({ field: "first", rule: "page.size" })],
    });
    expect(over.json.errors![0]!.message).toMatch(/between 1 and 100, got 101/);
  });

  it("answers introspection by default, even without a token", async () => {
    const res = await t.anonymous.gql(`{ __schema { types { name } } }`);
    expect(res.errors).toBeUndefined();
    expect((res.data as any).__schema.types.map((type: { name: string }) => type.name)).toEqual(expect.arrayContaining(["Firm", "LoanProduct", "Query", "Mutation"]));
  });
});

describe("request body size", () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await withLimits({ bodyBytes: 2048 });
    token = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers a body under the limit and refuses one over it with HTTP 413, PAYLOAD_TOO_LARGE, limit 'body'", async () => {
    const query = `query($pad: String) { firms(first: 1, filter: { nameContains: $pad }) { totalCount } }`;
    const under = await postAs(t, token, { query, variables: { pad: "x".repeat(1500) } });
    expect(under.status).toBe(200);
    expect(under.json).toEqual({ data: { firms: { totalCount: 0 } }, extensions: { requestId: expect.any(String), cost: expect.objectContaining({ requested: 2 }) } });

    const over = await postAs(t, token, { query, variables: { pad: "x".repeat(2100) } });
    expect(over.status).toBe(413);
    expect(over.json.errors).toHaveLength(1);
    expect(over.json.errors![0]!.extensions).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limit: "body", limitBytes: 2048 });
    expect(over.json.errors![0]!.message).toMatch(/2048-byte limit/);
  });
});

describe("introspection turned off", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withLimits({ introspection: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it("refuses a schema query with a GraphQL validation error and still answers ordinary queries", async () => {
    const res = await t.gql(`{ __schema { types { name } } }`);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    const typeQuery = await t.gql(`{ __type(name: "Firm") { name } }`);
    expect(typeQuery.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(await t.gqlOk(`{ firms(first: 1) { totalCount } }`)).toEqual({ firms: { totalCount: 0 } });
  });
});
