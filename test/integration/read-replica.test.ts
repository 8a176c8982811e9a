import { registerFirm } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * DATABASE_READ_URL (docs/deployment.md, "Read replicas"): the reports and the main lists run on
 * the read connection, writes and a mutation's answer on the primary. The read connection here is
 * the same test database opened read-only (default_transaction_read_only=on) under its own
 * application_name, so a write sent to it fails and pg_stat_activity tells the two apart.
 */
const READER = `?application_name=srdi-read&options=${encodeURIComponent("-c default_transaction_read_only=on")}`;

const LISTS: Array<[string, string, RegExp]> = [
  ["firms", `query { firms(first: 5) { totalCount edges { node { id } } } }`, /FROM "firm"/],
  ["financingNeeds", `query { financingNeeds(first: 5) { totalCount edges { node { id } } } }`, /FROM "financing_need"/],
  ["loanProducts", `query { loanProducts(first: 5) { totalCount edges { node { id } } } }`, /FROM "loan_product"/],
  ["loans", `query { loans(first: 5) { totalCount edges { node { id } } } }`, /FROM "loan"/],
  ["applications", `query { applications(first: 5) { totalCount edges { node { id } } } }`, /FROM "application"/],
  ["lendingReport", `query { lendingReport(groupBy: [TIER]) { totals { loansCount } } }`, /loan/],
  ["lendingAnomalies", `query { lendingAnomalies(first: 5) { totalCount } }`, /anomalies/],
  ["quotaUtilization", `query { quotaUtilization(first: 5) { totalCount } }`, /loan_product/],
];

describe("DATABASE_READ_URL: a read connection for reports and lists", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { readerUrlParams: READER });
  });
  afterAll(async () => {
    await t.close();
  });

  it("the read connection is the read-only one, under its own application_name", async () => {
    expect(t.reader).not.toBe(t.ds);
    const [row] = await t.reader.query(`SELECT current_setting('application_name') AS app, current_setting('default_transaction_read_only') AS ro`);
    expect(row).toEqual({ app: "srdi-read", ro: "on" });
    await expect(t.reader.query(`CREATE TEMP TABLE x (a int)`)).rejects.toThrow(/read-only transaction/);
  });

  it("a mutation writes on the primary and answers from it (it would fail on the read-only connection)", async () => {
    t.statements.reset();
    t.readStatements.reset();
    const firm = await registerFirm(t);
    expect(firm.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.statements.statements.some((s) => /INSERT INTO "firm"/.test(s))).toBe(true);
    expect(t.readStatements.count).toBe(0);
  });

  it.each(LISTS)("%s runs on the read connection, not on the primary", async (_name, query, table) => {
    t.statements.reset();
    t.readStatements.reset();
    await t.gqlOk(query);
    expect(t.readStatements.statements.some((s) => table.test(s))).toBe(true);
    expect(t.statements.statements.filter((s) => table.test(s))).toEqual([]);
  });

  it("sees the data the primary wrote (same database here; a replica would lag, see docs/deployment.md)", async () => {
    const firm = await registerFirm(t, { name: "读库可见测试有限公司" });
    const data = await t.gqlOk(`query { firms(first: 100, filter: { nameContains: "读库可见" }) { edges { node { id } } } }`);
    expect(data.firms.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([firm.id]);
  });

  it("/readyz checks both connections", async () => {
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});

describe("DATABASE_READ_URL unreachable", () => {
  it("/readyz answers 503 naming the read database", async () => {
    const t = await startTestApp({}, { readerUrlParams: "?application_name=srdi-read" });
    try {
      await t.reader.destroy();
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", reason: "read database (DATABASE_READ_URL) unreachable" });
    } finally {
      await t.reader.initialize();
      await t.close();
    }
  });
});
