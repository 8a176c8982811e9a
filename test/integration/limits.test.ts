import { readFileSync } from "node:fs";
import path from "node:path";
import { Kind, parse } from "graphql";
import { loadConfig, type Limits } from "../../src/config/config";
import { Role } from "../../src/domain/access";
import { ABUSE } from "../../bench/abuse/cases";
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
    expect(at.json).toEqual({ data: { firms: { totalCount: 0 } }, extensions: { requestId: expect.any(String), cost: expect.objectContaining({ requested: 101 }) } });
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

describe("abuse cases with the default limits", () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const refusal = async (query: string) => {
    const started = Date.now();
    const res = await postAs(t, token, { query });
    const ms = Date.now() - started;
    expect(res.json.data ?? null).toBeNull();
    expect(res.json.errors).toHaveLength(1);
    return { status: res.status, ms, error: res.json.errors![0]!, extensions: res.json.errors![0]!.extensions! };
  };

  it("refuses the measured 2,400-alias query at once (it ran 9.8 s), and 10,000 aliases, with QUERY_TOO_MANY_TOKENS", async () => {
    for (const n of [2400, 10_000]) {
      const r = await refusal(ABUSE.aliases(n));
      expect({ n, status: r.status, ...r.extensions }).toEqual({ n, status: 400, code: "QUERY_TOO_MANY_TOKENS", limit: "tokens", maxTokens: 5000 });
      expect(r.error.message).toMatch(/more than 5000 tokens.*Send a shorter query/);
      expect(r.ms).toBeLessThan(1000);
    }
  });

  it("stops a 1 MB query of tokens at the token limit", async () => {
    const r = await refusal(ABUSE.tokens1MB());
    expect(r.status).toBe(400);
    expect(r.extensions).toEqual({ code: "QUERY_TOO_MANY_TOKENS", limit: "tokens", maxTokens: 5000 });
  });

  it("refuses 31 aliases (the limit is 30) with QUERY_TOO_MANY_ALIASES and answers 30", async () => {
    const ok = await postAs(t, token, { query: ABUSE.aliases(30) });
    expect(ok.json.errors).toBeUndefined();
    const r = await refusal(ABUSE.aliases(31));
    expect(r.status).toBe(400);
    expect(r.extensions).toEqual({ code: "QUERY_TOO_MANY_ALIASES", limit: "aliases", aliases: 31, maxAliases: 30 });
    expect(r.error.message).toBe(
      "The query uses 31 aliases; the limit is 30. Use fewer aliases: ask for one list with a filter instead of the same field under many names, or split the query.",
    );
  });

  it("counts aliases inside fragments as often as they are spread", async () => {
    const r = await refusal(`{ firms { ...A ...B } } fragment A on FirmConnection { ${Array.from({ length: 16 }, (_, i) => `a${i}: totalCount`).join(" ")} } fragment B on FirmConnection { ${Array.from({ length: 16 }, (_, i) => `b${i}: totalCount`).join(" ")} }`);
    expect(r.extensions).toMatchObject({ code: "QUERY_TOO_MANY_ALIASES", aliases: 32 });
  });

  it("refuses 51 directives with QUERY_TOO_MANY_DIRECTIVES", async () => {
    const r = await refusal(ABUSE.directives(51));
    expect(r.status).toBe(400);
    expect(r.extensions).toEqual({ code: "QUERY_TOO_MANY_DIRECTIVES", limit: "directives", directives: 51, maxDirectives: 50 });
    expect(r.error.message).toMatch(/uses 51 directives; the limit is 50\. Use fewer directives/);
  });

  it("refuses a field selected 21 times at one place with QUERY_FIELD_REPEATED, through inline fragments and merged parents too", async () => {
    const plain = await refusal(ABUSE.repeated(21));
    expect(plain.status).toBe(400);
    expect(plain.extensions).toEqual({ code: "QUERY_FIELD_REPEATED", limit: "fieldRepeats", field: "firms.totalCount", repeats: 21, maxFieldRepeats: 20 });
    expect(plain.error.message).toMatch(/The field 'firms.totalCount' is selected 21 times at one place of the query; the limit is 20\. Select each field once\./);

    const inline = await refusal(`{ firms { ${"... on FirmConnection { totalCount } ".repeat(21)} } }`);
    expect(inline.extensions).toMatchObject({ code: "QUERY_FIELD_REPEATED", field: "firms.totalCount", repeats: 21 });
    // 5 copies of firms (allowed) with 5 totalCount each: execution merges them into 25.
    const merged = await refusal(`{ ${"firms { totalCount totalCount totalCount totalCount totalCount } ".repeat(5)} }`);
    expect(merged.extensions).toMatchObject({ code: "QUERY_FIELD_REPEATED", field: "firms.totalCount", repeats: 25 });

    const twenty = await postAs(t, token, { query: ABUSE.repeated(20) });
    expect(twenty.json.errors).toBeUndefined();
  });

  it("refuses a fragment bomb (2^20 fields once expanded, 200 tokens written) with QUERY_TOO_COMPLEX before expanding it", async () => {
    const r = await refusal(ABUSE.fragmentBomb(20));
    expect(r.status).toBe(400);
    expect(r.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost", maxSelections: 10_000 });
    expect(r.extensions.selections).toBeGreaterThan(2 ** 20);
    expect(r.ms).toBeLessThan(1000);
    // 2^8 × 20 = 5,120 fields in fewer than 10,000 selections: each field costs at least 1, so over 5,000.
    const small = await refusal(ABUSE.fragmentBomb(8).replace("fragment F8 on FirmConnection { totalCount }", `fragment F8 on FirmConnection { ${"totalCount ".repeat(20)}}`));
    expect(small.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", limit: "cost", costAtLeast: 5120 + 1, maxCost: 5000 });
  });

  it("refuses deep nesting with QUERY_TOO_DEEP, and an over-cost query with QUERY_TOO_COMPLEX", async () => {
    const deep = await refusal(ABUSE.deep(20));
    expect(deep.status).toBe(400);
    expect(deep.extensions).toEqual({ code: "QUERY_TOO_DEEP", limit: "depth", depth: 44, maxDepth: 10 });
    const costly = await refusal(`{ firms(first: 100) { edges { node { certifications { firm { certifications { tier } } } } } } }`);
    expect(costly.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", limit: "cost", cost: 18601, maxCost: 5000 });
  });

  it("refuses an unused fragment before graphql-js compares its fields", async () => {
    const r = await refusal(`{ firms { totalCount } } fragment Unused on FirmConnection { ${"totalCount ".repeat(4000)} }`);
    expect(r.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(r.error.message).toMatch(/Fragment "Unused" is never used/);
  });

  it("answers the README's example queries within every limit", async () => {
    const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      for (const def of parse(block).definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION || !def.name) continue;
        // Ids that name nothing: the answer may be NOT_FOUND, never a limit.
        const variables = Object.fromEntries((def.variableDefinitions ?? []).map((v) => [v.variable.name.value, "00000000-0000-4000-8000-000000000000"]));
        const res = await postAs(t, token, { query: block, operationName: def.name.value, variables });
        const codes = (res.json.errors ?? []).map((e) => e.extensions?.code);
        expect({ operation: def.name.value, codes: codes.filter((c) => String(c).startsWith("QUERY_") || c === "RATE_LIMITED") }).toEqual({ operation: def.name.value, codes: [] });
      }
    }
  });
});

describe("each limit reached on its own (token and cost limits raised)", () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await withLimits({ maxTokens: 500_000, maxCost: 1_000_000 });
    token = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ["2,400 aliases", ABUSE.aliases(2400), { code: "QUERY_TOO_MANY_ALIASES", aliases: 2400 }],
    ["10,000 aliases", ABUSE.aliases(10_000), { code: "QUERY_TOO_MANY_ALIASES", aliases: 10_000 }],
    ["1,000 directives", ABUSE.directives(1000), { code: "QUERY_TOO_MANY_DIRECTIVES", directives: 1000 }],
    ["a field 5,000 times", ABUSE.repeated(5000), { code: "QUERY_FIELD_REPEATED", repeats: 5000 }],
  ])("%s: refused with its own code in well under a second", async (_name, query, expected) => {
    const started = Date.now();
    const res = await postAs(t, token, { query });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors![0]!.extensions).toMatchObject(expected);
  });
});

describe("field suggestions", () => {
  let open: TestApp;
  let closed: TestApp;
  beforeAll(async () => {
    [open, closed] = await Promise.all([startTestApp(), withLimits({ introspection: false })]);
  });
  afterAll(async () => {
    await Promise.all([open.close(), closed.close()]);
  });

  it("are given with introspection on and hidden with it off, for fields and enum values in variables", async () => {
    const field = `{ firms(first: 1) { totalCont } }`;
    const enumVar = [`query($t: CertificationTier) { firms(first: 1, filter: { minTier: $t }) { totalCount } }`, { t: "LITTLE_GIAN" }] as const;
    expect((await open.gql(field)).errors?.[0]?.message).toMatch(/Did you mean "totalCount"\?/);
    expect((await open.gql(...enumVar)).errors?.[0]?.message).toMatch(/Did you mean the enum value "LITTLE_GIANT"\?/);
    const hiddenField = (await closed.gql(field)).errors?.[0]?.message;
    const hiddenEnum = (await closed.gql(...enumVar)).errors?.[0]?.message;
    expect(hiddenField).toBe('Cannot query field "totalCont" on type "FirmConnection".');
    expect(hiddenEnum).not.toMatch(/Did you mean|LITTLE_GIANT"/);
    expect(hiddenEnum).toMatch(/LITTLE_GIAN/);
  });
});
