import { Role } from "../../src/domain/access";
import { buildReportWorld, REPORT_FIELDS, type Dim, type Figures, type Filter, type ReportWorld } from "./lending-report-fixtures";
import { startTestApp, type TestApp } from "./test-app";

/**
 * What the tests of the lending report's file exports share (lending-csv.test.ts,
 * lending-xlsx.test.ts): the world of lending-report-fixtures.ts behind a test app, GET helpers, the
 * lendingReport query to compare with, the labels a reader expects, and the error cases both
 * routes must answer alike (the same handler serves them).
 */

/** The labels a reader of the files expects (written out here, not imported: the tests' own oracle). */
/** The regions of the report world (lending-report-fixtures), as both exports' 地区名称 column writes them. */
export const REGION_FULL_NAME: Record<string, string> = {
  "140502": "山西省晋城市城区",
  "140581": "山西省晋城市高平市",
  "330106": "浙江省杭州市西湖区",
  "330108": "浙江省杭州市滨江区",
  "330110": "浙江省杭州市余杭区",
};

export const TIER_ZH: Readonly<Record<string, string>> = {
  INNOVATIVE_SME: "创新型中小企业",
  SPECIALIZED_SME: "专精特新中小企业",
  LITTLE_GIANT: "专精特新“小巨人”企业",
  SINGLE_CHAMPION: "制造业单项冠军企业",
};
export const LEVEL_ZH: Readonly<Record<string, string>> = { MUNICIPAL: "市级", PROVINCIAL: "省级", NATIONAL: "国家级" };
export const CATEGORY_ZH: Readonly<Record<string, string>> = {
  SRDI_LOAN: "专精特新贷",
  CREDIT_LOAN: "信用贷",
  FACTORY_LOAN: "厂房贷",
  RENEWAL_WITHOUT_REPAYMENT: "无还本续贷",
  RELAY_LOAN: "接力贷/年审贷",
};

/** The figure columns' headers; rates say "(bp)" in the CSV and "(%)" in the XLSX. */
export function figureHeaders(rateUnit: "bp" | "%"): string[] {
  return [
    "贷款笔数 loans",
    "放款金额(元) amount disbursed",
    "贷款余额(元) balance outstanding",
    `加权平均综合利率(${rateUnit}) weighted average rate`,
    `信用贷款占比(${rateUnit}) credit loan share`,
    `保证贷款占比(${rateUnit}) guaranteed loan share`,
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
}

/** Filters and groupings each export is compared with lendingReport on: name, query string, the same filter as GraphQL input, groupBy. */
export const EXPORT_CASES: Array<[string, string, Filter, Dim[]]> = [
  ["no grouping", "", {}, []],
  ["by bank and category, filtered", "?from=2025-12-01&to=2026-03-31&regionCode=140000&groupBy=BANK,CATEGORY", { from: "2025-12-01", to: "2026-03-31", regionCode: "140000" }, ["BANK", "CATEGORY"]],
  ["by every dimension", "?groupBy=TIER,LEVEL,REGION,BANK,CATEGORY,MONTH", {}, ["TIER", "LEVEL", "REGION", "BANK", "CATEGORY", "MONTH"]],
  ["tiers and categories as lists", "?tiers=LITTLE_GIANT,SINGLE_CHAMPION&categories=FACTORY_LOAN&categories=SRDI_LOAN&groupBy=REGION", { tiers: ["LITTLE_GIANT", "SINGLE_CHAMPION"], categories: ["FACTORY_LOAN", "SRDI_LOAN"] }, ["REGION"]],
];

export interface GqlLendingReport {
  asOf: string;
  groups: Array<{ key: Record<string, string | null>; figures: Figures }>;
  totals: Figures;
}

export interface ExportWorld {
  t: TestApp;
  w: ReportWorld;
  adminToken: string;
  /** The app's JSON log lines (request lines, and the error lines of failed exports). */
  logLines: Array<Record<string, any>>;
  /** GET /reports/lending.<ext><query> with the token (none for null). */
  get(query: string, token?: string | null): Promise<Response>;
  tokenFor(claims: Record<string, unknown>): Promise<string>;
  gqlReport(filter: Filter | null, groupBy: Dim[]): Promise<GqlLendingReport>;
}

/**
 * The key cells a group's row should have, column by column, as the reader computes them: the
 * Chinese labels, the region's full name, the bank's name and id. `bankName` and `month` are the
 * format's own (the CSV neutralises a leading "=", the XLSX writes months as dates).
 */
export function expectedKeyCells<C>(
  world: ExportWorld,
  groupBy: readonly Dim[],
  key: Record<string, string | null>,
  format: { bankName: (name: string) => C; month: (month: string) => C },
): Array<string | C> {
  const { B1, B2 } = world.w.banks;
  return groupBy.flatMap((d): Array<string | C> => {
    switch (d) {
      case "TIER":
        return [key.tier == null ? "未认定" : TIER_ZH[key.tier]!];
      case "LEVEL":
        return [key.level == null ? "未认定" : LEVEL_ZH[key.level]!];
      case "REGION":
        return [key.regionCode!, REGION_FULL_NAME[key.regionCode!]!];
      case "BANK":
        return [format.bankName(key.bankId === B1.id ? B1.name : B2.name), key.bankId!];
      case "CATEGORY":
        return [CATEGORY_ZH[key.category!]!];
      case "MONTH":
        return [format.month(key.month!)];
    }
  });
}

/** A test app with the report world, set up before the file's tests and closed after them; read its fields inside tests. */
export function useExportWorld(ext: "csv" | "xlsx"): ExportWorld {
  const world = { logLines: [] } as unknown as ExportWorld;
  beforeAll(async () => {
    world.t = await startTestApp({}, { logDestination: { write: (line: string) => void world.logLines.push(JSON.parse(line)) } });
    world.w = await buildReportWorld(world.t);
    world.adminToken = await world.t.tokens.sign({ sub: `${ext}-admin`, role: Role.ADMIN });
  });
  afterAll(async () => {
    await world.t?.close();
  });
  world.get = (query, token = world.adminToken) =>
    fetch(`${world.t.url}/reports/lending.${ext}${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  world.tokenFor = (claims) => world.t.tokens.sign({ sub: `${ext}-user`, ...claims } as never);
  world.gqlReport = async (filter, groupBy) =>
    (await world.t.gqlOk(`query($filter: LendingFilterInput, $groupBy: [ReportGroupBy!]!) { lendingReport(filter: $filter, groupBy: $groupBy) { ${REPORT_FIELDS} } }`, { filter, groupBy }))
      .lendingReport as GqlLendingReport;
  return world;
}

/** The errors of an export, as JSON: 401 without or with a bad token, 403 out of scope, 400 naming the query parameters. */
export function exportErrorTests(world: ExportWorld): void {
  describe("errors, as JSON", () => {
    const json = async (res: Response) => ({ status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, any> });

    it("401 UNAUTHENTICATED without a token or with a bad one", async () => {
      const noToken = await world.get("?groupBy=TIER", null);
      expect(noToken.headers.get("www-authenticate")).toBe("Bearer");
      const none = await json(noToken);
      expect(none).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
      expect(none.type).toMatch(/^application\/json/);
      expect(await json(await world.get("", "not-a-jwt"))).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
      const otherSecret = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6IkFETUlOIn0.c2lnbmF0dXJl";
      expect(await json(await world.get("", otherSecret))).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
    });

    it("403 FORBIDDEN out of scope", async () => {
      const { w, get, tokenFor } = world;
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
      const { get } = world;
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
}
