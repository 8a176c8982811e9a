import { Role } from "../../src/domain/access";
import { toChinaDate } from "../../src/domain/dates";
import { buildReportWorld, expectedReport, REPORT_FIELDS, type Dim, type Filter, type ReportWorld } from "../support/lending-report-fixtures";
import { startTestApp, type ApiClient, type GraphQLResponse, type TestApp } from "../support/test-app";

/**
 * lendingReport (docs/reporting.md, "Lending report") against a known set of loans and rejections
 * (test/support/lending-report-fixtures.ts): every figure of every group, for each dimension alone,
 * for combinations and for the totals, compared with values computed in plain TS from the arranged
 * rows; the filters and their inclusive boundaries; the scope of each role; validation.
 */

const QUERY = `query($filter: LendingFilterInput, $groupBy: [ReportGroupBy!]!) { lendingReport(filter: $filter, groupBy: $groupBy) { ${REPORT_FIELDS} } }`;

describe("lendingReport", () => {
  let t: TestApp;
  let w: ReportWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildReportWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function report(client: ApiClient, filter: Filter | null, groupBy: Dim[]) {
    const res = await client.gql(QUERY, { filter, groupBy });
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    return (res.data as any).lendingReport as { groupBy: string[]; asOf: string; groups: unknown[]; totals: unknown };
  }

  const errorOf = (res: GraphQLResponse) => ({ code: res.errors?.[0]?.extensions?.code, violations: res.errors?.[0]?.extensions?.violations });

  it("the trigger filled each loan's report facts, whatever the insert sent", async () => {
    const rows: Array<{ id: string; firm_region_code: string; product_category: string; is_first_loan: boolean }> = await t.ds.query(
      `SELECT id, firm_region_code, product_category::text, is_first_loan FROM loan`,
    );
    expect(rows).toHaveLength(w.loans.length);
    expect(rows.filter((r) => r.firm_region_code === "999999" || r.product_category === "PARK_LOAN")).toEqual([]);
    expect(rows.filter((r) => r.is_first_loan).length).toBe(5); // F1, F2, F3 (of two same-day loans the one recorded first), F4, F5
  });

  it.each<[string, Dim[]]>([
    ["no grouping (totals only)", []],
    ["TIER", ["TIER"]],
    ["LEVEL", ["LEVEL"]],
    ["REGION", ["REGION"]],
    ["BANK", ["BANK"]],
    ["CATEGORY", ["CATEGORY"]],
    ["MONTH", ["MONTH"]],
    ["BANK, MONTH", ["BANK", "MONTH"]],
    ["MONTH, TIER (the caller's order sorts)", ["MONTH", "TIER"]],
    ["all six", ["TIER", "LEVEL", "REGION", "BANK", "CATEGORY", "MONTH"]],
  ])("answers every figure of every group and the totals, grouped by %s", async (_name, groupBy) => {
    const got = await report(t, null, groupBy);
    expect({ groups: got.groups, totals: got.totals }).toEqual(expectedReport(w, {}, groupBy));
    expect(got.groupBy).toEqual(groupBy);
    expect(got.asOf).toBe(toChinaDate(new Date()));
  });

  it("信用贷款 is a loan with neither collateral nor a guarantee, 保证贷款 one with a guarantee (with collateral or without): creditLoanShareBp and guaranteedLoanShareBp", async () => {
    const shares = async (from: string, to: string) =>
      (await t.gqlOk(`query($filter: LendingFilterInput) { lendingReport(filter: $filter) { totals { loansCount amountDisbursed creditLoanShareBp guaranteedLoanShareBp } } }`, { filter: { from, to } }))
        .lendingReport.totals;
    // 15 Jan: F1's 100万 guaranteed loan without collateral, F2's 300万 with neither.
    expect(await shares("2026-01-15", "2026-01-15")).toEqual({ loansCount: 2, amountDisbursed: "4000000.00", creditLoanShareBp: 7500, guaranteedLoanShareBp: 2500 });
    // 20–31 Dec: F2's 500万 with collateral and a guarantee, F5's 1000万 with collateral only: 5/15 = 3333.3 bp.
    expect(await shares("2025-12-20", "2025-12-31")).toEqual({ loansCount: 2, amountDisbursed: "15000000.00", creditLoanShareBp: 0, guaranteedLoanShareBp: 3333 });
  });

  it("has groups that only have rejections, and a 'no certification' group last", async () => {
    const byRegion = await report(t, null, ["REGION"]);
    const r330110 = (byRegion.groups as any[]).find((g) => g.key.regionCode === "330110");
    // F6 (330110) never borrowed; F5 moved there after its loans, which stay in 330108.
    expect(r330110.figures.loansCount).toBe(0);
    expect(r330110.figures.weightedAverageRateBp).toBeNull();
    expect(r330110.figures.rejections.length).toBeGreaterThan(0);
    const byTier = await report(t, null, ["TIER"]);
    expect((byTier.groups as any[]).map((g) => g.key.tier)).toEqual(["INNOVATIVE_SME", "SPECIALIZED_SME", "LITTLE_GIANT", "SINGLE_CHAMPION", null]);
  });

  it("deduplicates groupBy", async () => {
    const got = await report(t, null, ["BANK", "BANK", "MONTH"] as Dim[]);
    expect(got.groupBy).toEqual(["BANK", "MONTH"]);
    expect(got.groups).toEqual(expectedReport(w, {}, ["BANK", "MONTH"]).groups);
  });

  it("names the region of a REGION group (regionName, regionFullName)", async () => {
    const res = await t.gqlOk(`query { lendingReport(groupBy: [REGION]) { groups { key { regionCode regionName regionFullName } } } }`);
    const keys = res.lendingReport.groups.map((g: { key: unknown }) => g.key);
    expect(keys).toContainEqual({ regionCode: "140581", regionName: "高平市", regionFullName: "山西省晋城市高平市" });
    expect(keys).toContainEqual({ regionCode: "330106", regionName: "西湖区", regionFullName: "浙江省杭州市西湖区" });
    const unknown = await t.gql(`query { lendingReport(filter: { regionCode: "123456" }) { totals { loansCount } } }`);
    expect(unknown.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.regionCode", rule: "regionCode.unknown" })]);
  });

  it("resolves the bank of a BANK group", async () => {
    const res = await t.gqlOk(`query { lendingReport(groupBy: [BANK]) { groups { key { bankId bank { id name } } } } }`);
    expect(res.lendingReport.groups).toEqual([
      ...[w.banks.B1, w.banks.B2]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((b) => ({ key: { bankId: b.id, bank: { id: b.id, name: b.name } } })),
    ]);
  });

  it.each<[string, Filter, Dim[]]>([
    ["from and to are inclusive disbursement (and rejection) days", { from: "2026-01-15", to: "2026-01-31" }, ["MONTH"]],
    ["a rejection late on 31 Jan UTC is 1 Feb in China", { from: "2026-02-01", to: "2026-02-01" }, ["TIER"]],
    ["a region prefix (Zhejiang)", { regionCode: "330000" }, ["REGION"]],
    ["a county", { regionCode: "140581" }, ["TIER"]],
    ["tiers (uncertified loans are out)", { tiers: ["LITTLE_GIANT", "SINGLE_CHAMPION"] }, ["TIER", "LEVEL"]],
    ["levels", { levels: ["MUNICIPAL"] }, ["LEVEL"]],
    ["bankIds", { bankIds: ["B2"] }, ["BANK", "CATEGORY"]],
    ["categories", { categories: ["CREDIT_LOAN", "FACTORY_LOAN"] }, ["CATEGORY"]],
    ["everything at once", { from: "2025-12-01", to: "2026-03-31", regionCode: "140000", tiers: ["SPECIALIZED_SME", "LITTLE_GIANT"], bankIds: ["B1", "B2"], categories: ["SRDI_LOAN", "CREDIT_LOAN", "FACTORY_LOAN", "RENEWAL_WITHOUT_REPAYMENT"] }, ["BANK"]],
    ["a filter nothing matches", { from: "2030-01-01" }, ["TIER"]],
  ])("filters: %s", async (_name, rawFilter, groupBy) => {
    const filter = { ...rawFilter, ...(rawFilter.bankIds ? { bankIds: rawFilter.bankIds.map((b) => (b === "B1" ? w.banks.B1.id : w.banks.B2.id)) } : {}) };
    const got = await report(t, filter, groupBy);
    expect({ groups: got.groups, totals: got.totals }).toEqual(expectedReport(w, filter, groupBy));
  });

  it("an empty report: zero counts and amounts, null rates and medians", async () => {
    const got = await report(t, { from: "2030-01-01" }, []);
    expect(got.totals).toEqual({
      loansCount: 0, amountDisbursed: "0.00", balanceOutstanding: "0.00", weightedAverageRateBp: null, creditLoanShareBp: null, guaranteedLoanShareBp: null,
      firstTimeBorrowersCount: 0, firstTimeAmount: "0.00", renewalsCount: 0, renewalsAmount: "0.00",
      medianDaysToApproval: null, medianDaysToDisbursement: null, rejections: [],
    });
    expect(got.groups).toEqual([]);
  });

  describe("scope", () => {
    it("a regulator's unfiltered report counts only its region; a region inside it narrows it", async () => {
      const regulator = await t.as({ role: Role.REGULATOR, regionCode: "140000" });
      const got = await report(regulator, null, ["REGION", "TIER"]);
      expect({ groups: got.groups, totals: got.totals }).toEqual(expectedReport(w, { regionCode: "140000" }, ["REGION", "TIER"]));
      const county = await report(regulator, { regionCode: "140502" }, ["BANK"]);
      expect({ groups: county.groups, totals: county.totals }).toEqual(expectedReport(w, { regionCode: "140502" }, ["BANK"]));
      const bureau = await t.as({ role: Role.BUREAU, regionCode: "330000" });
      const zj = await report(bureau, null, ["CATEGORY"]);
      expect({ groups: zj.groups, totals: zj.totals }).toEqual(expectedReport(w, { regionCode: "330000" }, ["CATEGORY"]));
    });

    it("a regulator asking for a region outside its jurisdiction is FORBIDDEN", async () => {
      const regulator = await t.as({ role: Role.REGULATOR, regionCode: "140000" });
      expect(errorOf(await regulator.gql(QUERY, { filter: { regionCode: "330000" }, groupBy: [] })).code).toBe("FORBIDDEN");
      const city = await t.as({ role: Role.REGULATOR, regionCode: "140500" });
      expect(errorOf(await city.gql(QUERY, { filter: { regionCode: "140000" }, groupBy: [] })).code).toBe("FORBIDDEN");
    });

    it("a BANK sees only its own lending, and may not name another bank", async () => {
      const bank = await t.as({ role: Role.BANK, orgId: w.banks.B1.id });
      const got = await report(bank, null, ["CATEGORY", "MONTH"]);
      expect({ groups: got.groups, totals: got.totals }).toEqual(expectedReport(w, { bankIds: [w.banks.B1.id] }, ["CATEGORY", "MONTH"]));
      const own = await report(bank, { bankIds: [w.banks.B1.id] }, []);
      expect(own.totals).toEqual(got.totals);
      expect(errorOf(await bank.gql(QUERY, { filter: { bankIds: [w.banks.B2.id] }, groupBy: [] })).code).toBe("FORBIDDEN");
    });

    it("FIRM and GUARANTOR callers are FORBIDDEN, even with a bad filter; no token is UNAUTHENTICATED", async () => {
      const firm = await t.as({ role: Role.FIRM, orgId: w.firms.F1!.id });
      expect(errorOf(await firm.gql(QUERY, { filter: null, groupBy: [] })).code).toBe("FORBIDDEN");
      expect(errorOf(await firm.gql(QUERY, { filter: { regionCode: "999" }, groupBy: [] })).code).toBe("FORBIDDEN");
      const guarantor = await t.as({ role: Role.GUARANTOR, orgId: w.agencyId });
      expect(errorOf(await guarantor.gql(QUERY, { filter: null, groupBy: ["TIER"] })).code).toBe("FORBIDDEN");
      expect(errorOf(await t.anonymous.gql(QUERY, { filter: null, groupBy: [] })).code).toBe("UNAUTHENTICATED");
    });
  });

  describe("validation", () => {
    it("`to` before `from` is BAD_USER_INPUT naming filter.to", async () => {
      const e = errorOf(await t.gql(QUERY, { filter: { from: "2026-02-01", to: "2026-01-31" }, groupBy: [] }));
      expect(e.code).toBe("BAD_USER_INPUT");
      expect(e.violations).toEqual([expect.objectContaining({ field: "filter.to", rule: "date.order" })]);
    });

    it("a malformed region code or bank id names its field", async () => {
      expect(errorOf(await t.gql(QUERY, { filter: { regionCode: "33" }, groupBy: [] })).violations).toEqual([
        expect.objectContaining({ field: "filter.regionCode" }),
      ]);
      expect(errorOf(await t.gql(QUERY, { filter: { bankIds: [w.banks.B1.id, "not-a-bank"] }, groupBy: [] })).violations).toEqual([
        expect.objectContaining({ field: "filter.bankIds[1]" }),
      ]);
      expect(errorOf(await t.gql(QUERY, { filter: { from: "2026-02-30" }, groupBy: [] })).code).toBe("BAD_USER_INPUT");
    });
  });

  it("reads the report in three statements (sums, medians, rejections), plus one batch for the banks, however many groups", async () => {
    const reads = async (groupBy: string) => {
      t.statements.reset();
      await t.gqlOk(`query { lendingReport(groupBy: [${groupBy}]) { groups { key { bank { name } } figures { loansCount } } totals { loansCount } } }`);
      return t.statements.statements.filter((s) => !/^\s*(SET |SELECT pg_export_snapshot)/i.test(s));
    };
    expect(await reads("BANK")).toHaveLength(4);
    expect(await reads("BANK, MONTH, TIER, CATEGORY")).toHaveLength(4);
  });
});
