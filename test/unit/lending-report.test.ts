import { CertificationLevel, CertificationTier, LoanProductCategory, RejectionReasonCode } from "../../src/domain/enums";
import { ValidationError } from "../../src/domain/errors";
import {
  CSV_BOM,
  csvField,
  columnHeader,
  csvHeader,
  csvRecord,
  csvRowRecord,
  emptyFigures,
  exportFileName,
  FIGURE_COLUMNS,
  mergeSortedParts,
  normalizeGroupBy,
  parseCsvQuery,
  rejectionList,
  reportColumns,
  XLSX_NUMBER_FORMAT,
  xlsxDate,
  xlsxMoney,
  xlsxValue,
  type LendingFiguresData,
  type LendingGroupKeyData,
  type LendingReportRow,
  type ReportPart,
} from "../../src/domain/lending-report";
import { ReportGroupBy } from "../../src/domain/reporting";

describe("csvField (RFC 4180, CSV injection)", () => {
  it.each<[string, string | number | null | undefined, string]>([
    ["plain text", "专精特新贷", "专精特新贷"],
    ["a number", 1234, "1234"],
    ["a decimal string", "8000000.00", "8000000.00"],
    ["null", null, ""],
    ["undefined", undefined, ""],
    ["empty text", "", ""],
    ["a comma", "甲,乙", '"甲,乙"'],
    ["a double quote", 'say "hi"', '"say ""hi"""'],
    ["a line feed", "a\nb", '"a\nb"'],
    ["a carriage return", "a\rb", '"a\rb"'],
    ["CRLF", "a\r\nb", '"a\r\nb"'],
    ["leading =", "=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["leading +", "+86 123", "'+86 123"],
    ["leading -", "-1+1", "'-1+1"],
    ["leading @", "@cmd", "'@cmd"],
    ["leading tab", "\tx", "'\tx"],
    ["leading CR (neutralised, then quoted)", "\r=x", `"'\r=x"`],
    ["= inside is harmless", "a=b", "a=b"],
    ["neutralised and quoted", '=HYPERLINK("x"),y', `"'=HYPERLINK(""x""),y"`],
    ["a negative number (not text) is written as it is", -5, "-5"],
  ])("%s", (_name, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("joins a record with commas and ends it with CRLF", () => {
    expect(csvRecord(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });
});

const FIGURES: LendingFiguresData = {
  loansCount: 3,
  amountDisbursed: "5000000.00",
  balanceOutstanding: "2600000.00",
  weightedAverageRateBp: 396,
  creditLoanShareBp: null,
  guaranteedLoanShareBp: 4000,
  firstTimeBorrowersCount: 1,
  firstTimeAmount: "2000000.00",
  renewalsCount: 1,
  renewalsAmount: "2000000.00",
  medianDaysToApproval: 9.5,
  medianDaysToDisbursement: 15,
  rejections: [
    { reasonCode: RejectionReasonCode.CREDIT_RISK, count: 2 },
    { reasonCode: RejectionReasonCode.OTHER, count: 1 },
  ],
};

const NO_KEY: LendingGroupKeyData = { tier: null, level: null, regionCode: null, bankId: null, category: null, month: null };
const group = (key: Partial<LendingGroupKeyData>, bankName: string | null = null, figures = FIGURES): LendingReportRow => ({ total: false, key: { ...NO_KEY, ...key }, bankName, figures });
const totals = (figures = FIGURES): LendingReportRow => ({ total: true, key: NO_KEY, bankName: null, figures });
const csvGroupRecord = (groupBy: ReportGroupBy[], key: Partial<LendingGroupKeyData>, bankName: string | null, figures: LendingFiguresData) =>
  csvRowRecord(reportColumns(groupBy), group(key, bankName, figures));
const csvTotalsRecord = (groupBy: ReportGroupBy[], figures: LendingFiguresData) => csvRowRecord(reportColumns(groupBy), totals(figures));

describe("CSV records of the lending report", () => {
  it("has a bilingual header: row type, the key columns of each dimension in order, the figures and one column per reason", () => {
    const header = csvHeader([ReportGroupBy.MONTH, ReportGroupBy.BANK]);
    expect(header.slice(0, 4)).toEqual(["行类型 row", "放款月份 month", "贷款银行 bank", "银行编号 bank id"]);
    expect(header).toContain("贷款笔数 loans");
    expect(header).toContain("拒绝:信用风险 rejected CREDIT_RISK");
    expect(header.slice(8, 10)).toEqual(["信用贷款占比(bp) credit loan share", "保证贷款占比(bp) guaranteed loan share"]);
    expect(header).toHaveLength(4 + 13 + 8);
    expect(csvHeader([])[0]).toBe("行类型 row");
  });

  it("writes a group with Chinese tier, level and category, the bank's name and id, and the figures", () => {
    const record = csvGroupRecord(
      [ReportGroupBy.TIER, ReportGroupBy.LEVEL, ReportGroupBy.BANK, ReportGroupBy.CATEGORY, ReportGroupBy.REGION, ReportGroupBy.MONTH],
      { tier: CertificationTier.LITTLE_GIANT, level: CertificationLevel.NATIONAL, regionCode: "330106", bankId: "b-1", category: LoanProductCategory.CREDIT_LOAN, month: "2026-01" },
      "=甲银行",
      FIGURES,
    );
    expect(record).toBe(
      "分组,专精特新“小巨人”企业,国家级,'=甲银行,b-1,信用贷,330106,浙江省杭州市西湖区,2026-01,3,5000000.00,2600000.00,396,,4000,1,2000000.00,1,2000000.00,9.5,15.0,3,2,0,0,0,0,0,0,1\r\n",
    );
  });

  it("writes the region's code and its name with province and prefecture; an unknown code gets an empty name", () => {
    expect(csvHeader([ReportGroupBy.REGION]).slice(0, 3)).toEqual(["行类型 row", "地区代码 region code", "地区名称 region name"]);
    const key = (regionCode: string) => ({ tier: null, level: null, regionCode, bankId: null, category: null, month: null });
    expect(csvGroupRecord([ReportGroupBy.REGION], key("140581"), null, FIGURES).startsWith("分组,140581,山西省晋城市高平市,3,")).toBe(true);
    expect(csvGroupRecord([ReportGroupBy.REGION], key("110103"), null, FIGURES).startsWith("分组,110103,,3,")).toBe(true);
    expect(csvTotalsRecord([ReportGroupBy.REGION], FIGURES).startsWith("合计,,,3,")).toBe(true);
  });

  it("writes no certification as 未认定, and the totals record with empty key columns", () => {
    const none = NO_KEY;
    expect(csvGroupRecord([ReportGroupBy.TIER, ReportGroupBy.LEVEL], none, null, FIGURES).startsWith("分组,未认定,未认定,3,")).toBe(true);
    expect(csvTotalsRecord([ReportGroupBy.BANK, ReportGroupBy.MONTH], FIGURES).startsWith("合计,,,,3,5000000.00,")).toBe(true);
    expect(csvTotalsRecord([], { ...FIGURES, medianDaysToApproval: null, rejections: [] })).toBe(
      "合计,3,5000000.00,2600000.00,396,,4000,1,2000000.00,1,2000000.00,,15.0,0,0,0,0,0,0,0,0,0\r\n",
    );
  });

  it("names the file after the days and starts with the UTF-8 byte order mark", () => {
    expect(exportFileName("2026-01-01", "2026-06-30", "csv")).toBe("lending-report-2026-01-01-2026-06-30.csv");
    expect(exportFileName(null, null, "csv")).toBe("lending-report-all-all.csv");
    expect(exportFileName("2026-01-01", null, "xlsx")).toBe("lending-report-2026-01-01-all.xlsx");
    expect(Buffer.from(CSV_BOM, "utf8")).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

describe("the export's columns, shared by the CSV and the XLSX", () => {
  const ALL_DIMENSIONS = Object.values(ReportGroupBy);

  it("defines each column once: unique keys, the CSV header and the XLSX header from the same entry", () => {
    const columns = reportColumns(ALL_DIMENSIONS);
    expect(new Set(columns.map((c) => c.key)).size).toBe(columns.length);
    expect(columns.map((c) => columnHeader(c, "csv"))).toEqual(csvHeader(ALL_DIMENSIONS));
    expect(columns.map((c) => c.key).slice(0, 9)).toEqual(["row", "tier", "level", "regionCode", "regionName", "bank", "bankId", "category", "month"]);
    for (const c of columns) expect(c.definition.length).toBeGreaterThan(10);
  });

  it.each<[string, string, string]>([
    ["amountDisbursed", "放款金额(元) amount disbursed", "放款金额(元) amount disbursed"],
    ["weightedAverageRateBp", "加权平均综合利率(bp) weighted average rate", "加权平均综合利率(%) weighted average rate"],
    ["medianDaysToApproval", "审批用时中位数(天) median days to approval", "审批用时中位数(天) median days to approval"],
    ["loansCount", "贷款笔数 loans", "贷款笔数 loans"],
  ])("%s: CSV header %s, XLSX header %s", (key, csv, xlsx) => {
    const column = FIGURE_COLUMNS.find((c) => c.key === key)!;
    expect([columnHeader(column, "csv"), columnHeader(column, "xlsx")]).toEqual([csv, xlsx]);
  });

  it.each<[string, string, number | string]>([
    ["a plain amount", "5000000.00", 5000000],
    ["fen", "1234.56", 1234.56],
    ["zero", "0.00", 0],
    ["the largest exact one (13 digits of yuan)", "9999999999999.99", 9999999999999.99],
    ["10 万亿元 and more stays exact text", "10000000000000.00", "10000000000000.00"],
    ["the largest numeric(18,2)", "9999999999999999.99", "9999999999999999.99"],
  ])("money as a number when exact at 2 decimals: %s", (_name, amount, expected) => {
    const cell = xlsxMoney(amount);
    expect(cell).toBe(expected);
    if (typeof cell === "number") expect(cell.toFixed(2)).toBe(amount);
  });

  it("types the XLSX cells: counts and days numbers, money numbers, bp fractions shown as percentages, months dates, key cells empty on the totals row", () => {
    const columns = reportColumns([ReportGroupBy.TIER, ReportGroupBy.MONTH]);
    const value = (row: LendingReportRow, key: string) => xlsxValue(columns.find((c) => c.key === key)!, row);
    const g = group({ tier: CertificationTier.LITTLE_GIANT, month: "2026-01" });
    expect(value(g, "tier")).toBe("专精特新“小巨人”企业");
    expect(value(g, "month")).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(value(g, "loansCount")).toBe(3);
    expect(value(g, "amountDisbursed")).toBe(5000000);
    expect(value(g, "weightedAverageRateBp")).toBe(0.0396);
    expect(value(g, "guaranteedLoanShareBp")).toBe(0.4);
    expect(value(g, "creditLoanShareBp")).toBeNull();
    expect(value(g, "medianDaysToApproval")).toBe(9.5);
    expect(value(g, "rejected.CREDIT_RISK")).toBe(2);
    expect(value(totals(), "tier")).toBeNull();
    expect(value(totals(), "month")).toBeNull();
    expect(value(totals(), "row")).toBe("合计");
    expect(columns.map((c) => XLSX_NUMBER_FORMAT[c.kind]).slice(0, 6)).toEqual([null, null, "yyyy-mm", "#,##0", "#,##0.00", "#,##0.00"]);
    expect(XLSX_NUMBER_FORMAT.bp).toBe("0.00%");
    expect(xlsxDate("2026-02-28")).toEqual(new Date(Date.UTC(2026, 1, 28)));
  });
});

describe("the report's dimensions and rejection reasons", () => {
  it("groupBy keeps the caller's order without duplicates", () => {
    expect(normalizeGroupBy([ReportGroupBy.MONTH, ReportGroupBy.BANK, ReportGroupBy.MONTH])).toEqual([ReportGroupBy.MONTH, ReportGroupBy.BANK]);
    expect(normalizeGroupBy(null)).toEqual([]);
  });

  it("lists the reasons with a count, in the enum's order", () => {
    expect(rejectionList({ OTHER: 1, CREDIT_RISK: 2, NOT_ELIGIBLE: 0 })).toEqual([
      { reasonCode: "CREDIT_RISK", count: 2 },
      { reasonCode: "OTHER", count: 1 },
    ]);
    expect(rejectionList({})).toEqual([]);
  });
});

describe("parseCsvQuery (GET /reports/lending.csv)", () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof parseCsvQuery>]>([
    [
      "nothing: no filter, no grouping",
      {},
      { filter: { from: null, to: null, regionCode: null, tiers: null, levels: null, bankIds: null, categories: null }, groupBy: [] },
    ],
    [
      "comma-separated lists, repeated parameters append, blanks are absent",
      { from: "2026-01-01", to: "2026-06-30", regionCode: "330000", tiers: ["LITTLE_GIANT,SINGLE_CHAMPION", "INNOVATIVE_SME"], levels: "", bankIds: "a, b", categories: "CREDIT_LOAN", groupBy: "TIER,MONTH" },
      {
        filter: {
          from: "2026-01-01",
          to: "2026-06-30",
          regionCode: "330000",
          tiers: [CertificationTier.LITTLE_GIANT, CertificationTier.SINGLE_CHAMPION, CertificationTier.INNOVATIVE_SME],
          levels: null,
          bankIds: ["a", "b"],
          categories: [LoanProductCategory.CREDIT_LOAN],
        },
        groupBy: [ReportGroupBy.TIER, ReportGroupBy.MONTH],
      },
    ],
    [
      "a duplicated dimension once",
      { groupBy: "BANK,BANK" },
      { filter: { from: null, to: null, regionCode: null, tiers: null, levels: null, bankIds: null, categories: null }, groupBy: [ReportGroupBy.BANK] },
    ],
  ])("%s", (_name, query, expected) => {
    expect(parseCsvQuery(query)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, Array<{ field: string; rule: string }>]>([
    ["an unknown parameter", { region: "330000" }, [{ field: "region", rule: "param.unknown" }]],
    ["an unknown tier", { tiers: "LITTLE_GIANT,GIANT" }, [{ field: "tiers[1]", rule: "enum.value" }]],
    ["an unknown dimension", { groupBy: "TIER,YEAR" }, [{ field: "groupBy[1]", rule: "enum.value" }]],
    ["a level and a category", { levels: "CITY", categories: "LOANS" }, [{ field: "levels[0]", rule: "enum.value" }, { field: "categories[0]", rule: "enum.value" }]],
    ["a repeated single value", { from: ["2026-01-01", "2026-02-01"] }, [{ field: "from", rule: "param.repeated" }]],
    ["a nested value", { to: { a: "1" } }, [{ field: "to", rule: "param.format" }]],
  ])("reports %s, every violation at once", (_name, query, expected) => {
    let error: unknown;
    try {
      parseCsvQuery(query);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map(({ field, rule }) => ({ field, rule }))).toEqual(expected);
  });
});

describe("mergeSortedParts (the report's statements merged by sort key)", () => {
  const key = (month: string | null) => ({ tier: null, level: null, regionCode: null, bankId: null, category: null, month });
  const part = (sortKey: string, figures: ReportPart["figures"], bankName: string | null = null): ReportPart => ({
    sortKey,
    total: sortKey === "~",
    key: key(sortKey === "~" ? null : sortKey),
    bankName,
    figures,
  });
  async function* source(parts: ReportPart[]): AsyncGenerator<ReportPart> {
    yield* parts;
  }
  const merge = async (...sources: ReportPart[][]) => {
    const rows: LendingReportRow[] = [];
    for await (const row of mergeSortedParts(sources.map(source))) rows.push(row);
    return rows;
  };

  it("makes one row per key of any source, in key order, with each source's figures and the rest empty", async () => {
    const rows = await merge(
      [part("2026-01", { loansCount: 2, amountDisbursed: "100.00" }), part("2026-03", { loansCount: 1 }), part("~", { loansCount: 3 })],
      [part("2026-01", { medianDaysToApproval: 4.5 }), part("2026-03", { medianDaysToApproval: 1 }), part("~", { medianDaysToApproval: 3 })],
      [part("2026-02", { rejections: [{ reasonCode: RejectionReasonCode.OTHER, count: 1 }] }, "甲银行"), part("~", { rejections: [{ reasonCode: RejectionReasonCode.OTHER, count: 1 }] })],
    );
    expect(rows.map((r) => [r.key.month, r.total])).toEqual([
      ["2026-01", false],
      ["2026-02", false],
      ["2026-03", false],
      [null, true],
    ]);
    expect(rows[0]!.figures).toEqual({ ...emptyFigures(), loansCount: 2, amountDisbursed: "100.00", medianDaysToApproval: 4.5 });
    expect(rows[1]!.figures).toEqual({ ...emptyFigures(), rejections: [{ reasonCode: "OTHER", count: 1 }] }); // rejections only: no loans
    expect(rows[1]!.bankName).toBe("甲银行");
    expect(rows[3]!.figures).toMatchObject({ loansCount: 3, medianDaysToApproval: 3, rejections: [{ reasonCode: "OTHER", count: 1 }] });
  });

  it("compares keys as bytes: digits before letters, '~' (the totals) last", async () => {
    const rows = await merge([part("9", {}), part("~", {})], [part("10", {}), part("a", {})]);
    expect(rows.map((r) => r.key.month)).toEqual(["10", "9", "a", null]);
  });

  it("refuses a source that is not sorted (the SQL and the merge would disagree)", async () => {
    await expect(merge([part("b", {}), part("a", {})])).rejects.toThrow(/not sorted/);
  });

  it("merges nothing into nothing", async () => {
    expect(await merge([], [], [])).toEqual([]);
  });
});
