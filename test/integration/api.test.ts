import { getIntrospectionQuery } from "graphql";
import { Role } from "../../src/domain/access";
import { createInstitution, recordCertification, registerFirm } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

describe("the HTTP API: paging, batching, errors, health and the IDE", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ maxPageSize: 10 });
    // 12 firms in Jincheng, each with two certifications and a paired bank; 2 in Zhejiang.
    const banks = [await createInstitution(t, "晋城银行API测试"), await createInstitution(t, "中国建设银行晋城分行API测试")];
    for (let i = 0; i < 12; i++) {
      const firm = await registerFirm(t, { pairedBankId: banks[i % 2] });
      await recordCertification(t, firm.id, { tier: "INNOVATIVE_SME", level: "PROVINCIAL", issuedOn: "2024-01-01", expiresOn: "2026-12-31" });
      await recordCertification(t, firm.id, { tier: i % 3 === 0 ? "LITTLE_GIANT" : "SPECIALIZED_SME", level: "NATIONAL", issuedOn: "2024-06-01", expiresOn: "2027-05-31" });
    }
    await registerFirm(t, { regionCode: "330106" });
    await registerFirm(t, { regionCode: "330281" });
  });
  afterAll(async () => {
    await t.close();
  });

  const NESTED = `query($first: Int, $after: String) {
    firms(first: $first, after: $after, filter: { regionCode: "140500" }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { name pairedBank { name } certifications { tier firm { creditCode } } effectiveTier(on: "2025-01-01") { tier level certification { certificateNo } } } }
    }
  }`;

  it("loads nested fields in batches: the SQL statement count does not grow with the page size", async () => {
    t.statements.reset();
    const small = await t.gqlOk(NESTED, { first: 2 });
    const smallCount = t.statements.count;
    t.statements.reset();
    const large = await t.gqlOk(NESTED, { first: 10 });
    const largeCount = t.statements.count;
    expect(small.firms.edges).toHaveLength(2);
    expect(large.firms.edges).toHaveLength(10);
    expect(large.firms.edges[0].node.certifications).toHaveLength(2);
    // page + count + certifications + paired banks + firms (certification.firm) = 5, whatever the page size.
    expect(largeCount).toBe(smallCount);
    expect(largeCount).toBeLessThanOrEqual(5);
  });

  it("pages with cursors through every record exactly once, with a total", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: any = await t.gqlOk(NESTED, { first: 5, after });
      expect(data.firms.totalCount).toBe(12);
      seen.push(...data.firms.edges.map((e: any) => e.node.name));
      pages++;
      if (!data.firms.pageInfo.hasNextPage) break;
      after = data.firms.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(12);
  });

  it("filters by region prefix and by minimum tier", async () => {
    const zj = await t.gqlOk(`{ firms(filter: { regionCode: "330000" }) { totalCount } }`);
    expect(zj.firms.totalCount).toBe(2);
    const giants = await t.gqlOk(`{ firms(filter: { minTier: LITTLE_GIANT }) { totalCount edges { node { effectiveTier { tier } } } } }`);
    expect(giants.firms.totalCount).toBe(4);
    for (const e of giants.firms.edges) expect(e.node.effectiveTier.tier).toBe("LITTLE_GIANT");
  });

  it("caps the page size and rejects a forged cursor", async () => {
    const big = await t.gql(`{ firms(first: 11) { totalCount } }`);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(big.errors?.[0]?.message).toMatch(/between 1 and 10/);
    const forged = await t.gql(`{ firms(after: "not-a-cursor") { totalCount } }`);
    expect(forged.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("masks internal errors: no SQL, no stack", async () => {
    // Break this test file's own database so that a query fails inside PostgreSQL.
    await t.ds.query(`ALTER TABLE financial_institution RENAME COLUMN short_name TO short_name_gone`);
    try {
      const res = await t.gql(`{ financialInstitutions { edges { node { shortName } } } }`);
      const text = JSON.stringify(res.errors);
      expect(res.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(text).not.toMatch(/short_name|SELECT|column|stack|\.ts:/i);
    } finally {
      await t.ds.query(`ALTER TABLE financial_institution RENAME COLUMN short_name_gone TO short_name`);
    }
  });

  it("answers health and readiness", async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("serves the GraphQL IDE and its assets from the project's own dependencies", async () => {
    const page = await fetch(`${t.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/graphiql-assets/graphiql.min.js");
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const asset of ["graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"]) {
      const res = await fetch(`${t.url}/graphiql-assets/${asset}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it("lets the IDE fetch the schema on its first run, with the headers it starts with", async () => {
    const html = await (await fetch(`${t.url}/graphql`, { headers: { accept: "text/html" } })).text();
    const defaultHeaders = JSON.parse(JSON.parse(/defaultHeaders: ("(?:[^"\\]|\\.)*")/.exec(html)![1]!)) as Record<string, string>;
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...defaultHeaders },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: { __schema?: unknown }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.__schema).toBeDefined();
  });

  it("refuses request bodies over 1 MB", async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ firms { totalCount } }`, variables: { pad: "x".repeat(1_100_000) } }),
    });
    expect(res.status).toBe(413);
  });

  it("runs the same operation through executeOperation", async () => {
    const res = await t.app.apollo.executeOperation({ query: `{ firms(first: 1) { totalCount } }` }, { contextValue: t.app.contextFor({ subject: "t", role: Role.ADMIN, orgId: null, regionCode: null, creditCode: null }) });
    expect(res.body.kind).toBe("single");
    if (res.body.kind === "single") expect((res.body.singleResult.data as any).firms.totalCount).toBe(14);
  });
});
