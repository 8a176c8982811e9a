import { Role } from "../../src/domain/access";
import { buildReportWorld, expectedReport, REPORT_FIELDS, type Dim, type Figures, type ReportWorld } from "../support/lending-report-fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * GET /reports/lending.csv (docs/reporting.md, "CSV export"): the file is parsed back with the
 * RFC 4180 parser below and every number is compared with the lendingReport query for the same
 * filter (and with the independent calculation of test/support/lending-report-fixtures.ts);
 * byte order mark, headers, Chinese labels, quoting; 401, 403 and 400 as JSON.
 */

/** RFC 4180: fields separated by commas, records by CRLF; quoted fields may hold commas, CR, LF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || record.length > 0) throw new Error(`The file does not end with CRLF: ${JSON.stringify(record)} ${field}`);
  return records;
}

const REASONS = ["CREDIT_RISK", "REPAYMENT_CAPACITY", "INSUFFICIENT_COLLATERAL", "GUARANTEE_DECLINED", "INCOMPLETE_DOCUMENTS", "NOT_ELIGIBLE", "QUOTA_EXHAUSTED", "OTHER"];
const FIGURE_HEADER = [
  "贷款笔数 loans",
  "放款金额(元) amount disbursed",
  "贷款余额(元) balance outstanding",
  "加权平均综合利率(bp) weighted average rate",
  "信用贷款占比(bp) credit loan share",
  "保证贷款占比(bp) guaranteed loan share",
  "首贷户数 first-time borrowers",
  "首贷金额(元) first-time amount",
  "续贷笔数 renewals",
  "续贷金额(元) renewals amount",
  "审批用时中位数(天) median days to approval",
  "放款用时中位数(天) median days to disbursement",
  "拒绝件数 rejections",
  "拒绝:信用风险 rejected CREDIT_RISK",
  "拒绝:还款能力不足 rejected REPAYMENT_CAPACITY",
  "拒绝:担保物不足 rejected INSUFFICIENT_COLLATERAL",
  "拒绝:担保机构不予担保 rejected GUARANTEE_DECLINED",
  "拒绝:材料不全 rejected INCOMPLETE_DOCUMENTS",
  "拒绝:不符合准入条件 rejected NOT_ELIGIBLE",
  "拒绝:额度不足 rejected QUOTA_EXHAUSTED",
  "拒绝:其他 rejected OTHER",
];
const TIER_ZH: Record<string, string> = {
  INNOVATIVE_SME: "创新型中小企业",
  SPECIALIZED_SME: "专精特新中小企业",
  LITTLE_GIANT: "专精特新“小巨人”企业",
  SINGLE_CHAMPION: "制造业单项冠军企业",
};
const CATEGORY_ZH: Record<string, string> = {
  SRDI_LOAN: "专精特新贷",
  CREDIT_LOAN: "信用贷",
  FACTORY_LOAN: "厂房贷",
  RENEWAL_WITHOUT_REPAYMENT: "无还本续贷",
  RELAY_LOAN: "接力贷/年审贷",
};

/** The figure columns as the GraphQL figures would be written: the reader's view of the same numbers. */
function figureCells(f: Figures): string[] {
  const byReason = new Map(f.rejections.map((r) => [r.reasonCode, r.count]));
  const optional = (v: number | null, fixed = false) => (v === null ? "" : fixed ? v.toFixed(1) : String(v));
  return [
    String(f.loansCount),
    f.amountDisbursed,
    f.balanceOutstanding,
    optional(f.weightedAverageRateBp),
    optional(f.creditLoanShareBp),
    optional(f.guaranteedLoanShareBp),
    String(f.firstTimeBorrowersCount),
    f.firstTimeAmount,
    String(f.renewalsCount),
    f.renewalsAmount,
    optional(f.medianDaysToApproval, true),
    optional(f.medianDaysToDisbursement, true),
    String(f.rejections.reduce((s, r) => s + r.count, 0)),
    ...REASONS.map((r) => String(byReason.get(r) ?? 0)),
  ];
}

describe("GET /reports/lending.csv", () => {
  let t: TestApp;
  let w: ReportWorld;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildReportWorld(t);
    adminToken = await t.tokens.sign({ sub: "csv-admin", role: Role.ADMIN });
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (query: string, token: string | null = adminToken) =>
    fetch(`${t.url}/reports/lending.csv${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const tokenFor = (claims: Record<string, unknown>) => t.tokens.sign({ sub: "csv-user", ...claims } as never);

  async function csvOf(query: string, token: string = adminToken): Promise<{ res: Response; bytes: Buffer; rows: string[][] }> {
    const res = await get(query, token);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${res.status}: ${bytes.toString("utf8")}`);
    return { res, bytes, rows: parseCsv(bytes.subarray(3).toString("utf8")) };
  }

  async function gqlReport(filter: Record<string, unknown> | null, groupBy: Dim[]) {
    return (await t.gqlOk(`query($filter: LendingFilterInput, $groupBy: [ReportGroupBy!]!) { lendingReport(filter: $filter, groupBy: $groupBy) { ${REPORT_FIELDS} } }`, { filter, groupBy }))
      .lendingReport as { groups: Array<{ key: Record<string, string | null>; figures: Figures }>; totals: Figures };
  }

  it("is UTF-8 with a byte order mark, an attachment, streamed, with bilingual headers and Chinese tier names", async () => {
    const { res, bytes, rows } = await csvOf("?groupBy=TIER,MONTH");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="lending-report-all-all.csv"');
    expect(res.headers.get("transfer-encoding")).toBe("chunked"); // written as it is read, no length known up front
    expect(rows[0]).toEqual(["行类型 row", "认定梯度 tier", "放款月份 month", ...FIGURE_HEADER]);
    const expected = expectedReport(w, {}, ["TIER", "MONTH"]);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ...expected.groups.map((g) => ["分组", g.key.tier === null ? "未认定" : TIER_ZH[g.key.tier]!, g.key.month!]),
      ["合计", "", ""],
    ]);
  });

  it.each<[string, string, Record<string, unknown>, Dim[]]>([
    ["no grouping", "", {}, []],
    ["by bank and category, filtered", "?from=2025-12-01&to=2026-03-31&regionCode=140000&groupBy=BANK,CATEGORY", { from: "2025-12-01", to: "2026-03-31", regionCode: "140000" }, ["BANK", "CATEGORY"]],
    ["by every dimension", "?groupBy=TIER,LEVEL,REGION,BANK,CATEGORY,MONTH", {}, ["TIER", "LEVEL", "REGION", "BANK", "CATEGORY", "MONTH"]],
    ["tiers and categories as lists", "?tiers=LITTLE_GIANT,SINGLE_CHAMPION&categories=FACTORY_LOAN&categories=SRDI_LOAN&groupBy=REGION", { tiers: ["LITTLE_GIANT", "SINGLE_CHAMPION"], categories: ["FACTORY_LOAN", "SRDI_LOAN"] }, ["REGION"]],
  ])("has the same numbers as lendingReport for the same filter: %s", async (_name, query, filter, groupBy) => {
    const { rows } = await csvOf(query);
    const report = await gqlReport(filter, groupBy);
    expect({ groups: report.groups, totals: report.totals }).toEqual(expectedReport(w, filter, groupBy));
    const bankName = (id: string | null) => (id === w.banks.B1.id ? w.banks.B1.name : `'${w.banks.B2.name}`);
    const keyCells = (key: Record<string, string | null>): string[] =>
      groupBy.flatMap((d) => {
        switch (d) {
          case "TIER":
            return [key.tier === null ? "未认定" : TIER_ZH[key.tier]!];
          case "LEVEL":
            return [key.level === null ? "未认定" : { MUNICIPAL: "市级", PROVINCIAL: "省级", NATIONAL: "国家级" }[key.level]!];
          case "REGION":
            return [key.regionCode!, ""]; // the region name: empty until the GB/T 2260 table's regionName lands
          case "BANK":
            return [bankName(key.bankId), key.bankId!];
          case "CATEGORY":
            return [CATEGORY_ZH[key.category!]!];
          case "MONTH":
            return [key.month!];
        }
      });
    expect(rows.slice(1)).toEqual([
      ...report.groups.map((g) => ["分组", ...keyCells(g.key), ...figureCells(g.figures)]),
      ["合计", ...keyCells({}).map(() => ""), ...figureCells(report.totals)],
    ]);
  });

  it("quotes a bank name with a comma and quotes, and neutralises its leading '='", async () => {
    const { bytes, rows } = await csvOf(`?bankIds=${w.banks.B2.id}&groupBy=BANK`);
    expect(bytes.toString("utf8")).toContain(`"'=乙银行,""测试""分行",${w.banks.B2.id},`);
    expect(rows[1]!.slice(0, 3)).toEqual(["分组", `'${w.banks.B2.name}`, w.banks.B2.id]);
  });

  it("names the file after the filter's days", async () => {
    const { res } = await csvOf("?from=2026-01-01&to=2026-03-31");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="lending-report-2026-01-01-2026-03-31.csv"');
  });

  it("scopes like the query: a regulator's file counts only its region, a bank's only its loans", async () => {
    const regulator = await tokenFor({ role: Role.REGULATOR, regionCode: "330000" });
    const { rows } = await csvOf("?groupBy=REGION", regulator);
    const expected = expectedReport(w, { regionCode: "330000" }, ["REGION"]);
    expect(rows.slice(1).map((r) => r[1])).toEqual([...expected.groups.map((g) => g.key.regionCode), ""]);
    expect(rows.at(-1)!.slice(3)).toEqual(figureCells(expected.totals));
    const bank = await tokenFor({ role: Role.BANK, orgId: w.banks.B1.id });
    const own = await csvOf("", bank);
    expect(own.rows[1]!.slice(1)).toEqual(figureCells(expectedReport(w, { bankIds: [w.banks.B1.id] }, []).totals));
  });

  describe("errors, as JSON", () => {
    const json = async (res: Response) => ({ status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, any> });

    it("401 UNAUTHENTICATED without a token or with a bad one", async () => {
      const none = await json(await get("?groupBy=TIER", null));
      expect(none).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
      expect(none.type).toMatch(/^application\/json/);
      const bad = await json(await get("", "not-a-jwt"));
      expect(bad).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
      const otherSecret = await json(
        await fetch(`${t.url}/reports/lending.csv`, { headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6IkFETUlOIn0.c2lnbmF0dXJl" } }),
      );
      expect(otherSecret).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
    });

    it("403 FORBIDDEN out of scope", async () => {
      const firm = await tokenFor({ role: Role.FIRM, orgId: w.firms.F1!.id });
      expect(await json(await get("", firm))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      expect(await json(await get("?to=2000-01-01&from=2030-01-01", firm))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      const guarantor = await tokenFor({ role: Role.GUARANTOR, orgId: w.agencyId });
      expect(await json(await get("", guarantor))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      const regulator = await tokenFor({ role: Role.REGULATOR, regionCode: "140000" });
      expect(await json(await get("?regionCode=330000", regulator))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      const bank = await tokenFor({ role: Role.BANK, orgId: w.banks.B1.id });
      expect(await json(await get(`?bankIds=${w.banks.B2.id}`, bank))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
    });

    it("400 BAD_USER_INPUT naming the query parameters", async () => {
      const order = await json(await get("?from=2026-02-01&to=2026-01-31"));
      expect(order).toMatchObject({ status: 400, body: { code: "BAD_USER_INPUT", violations: [{ field: "to", rule: "date.order" }] } });
      expect(order.body.message).toMatch(/to/);
      const many = await json(await get("?tiers=GIANT&groupBy=YEAR&region=33"));
      expect(many.status).toBe(400);
      expect(many.body.violations.map((v: { field: string }) => v.field)).toEqual(["region", "tiers[0]", "groupBy[0]"]);
      expect((await json(await get("?regionCode=33"))).body.violations).toEqual([expect.objectContaining({ field: "regionCode" })]);
      expect((await json(await get("?bankIds=nope"))).body.violations).toEqual([expect.objectContaining({ field: "bankIds[0]" })]);
    });
  });
});
