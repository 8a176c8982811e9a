import { Role } from "../../src/domain/access";
import { EXPORT_CASES, expectedKeyCells, exportErrorTests, figureHeaders, TIER_ZH, useExportWorld } from "../support/lending-export-tests";
import { expectedReport, REASONS, type Figures } from "../support/lending-report-fixtures";

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

const FIGURE_HEADER = figureHeaders("bp");

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
  const world = useExportWorld("csv");
  const { get, gqlReport, tokenFor } = world;

  async function csvOf(query: string, token: string = world.adminToken): Promise<{ res: Response; bytes: Buffer; rows: string[][] }> {
    const res = await get(query, token);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${res.status}: ${bytes.toString("utf8")}`);
    return { res, bytes, rows: parseCsv(bytes.subarray(3).toString("utf8")) };
  }

  it("is UTF-8 with a byte order mark, an attachment, streamed, with bilingual headers and Chinese tier names", async () => {
    const { res, bytes, rows } = await csvOf("?groupBy=TIER,MONTH");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="lending-report-all-all.csv"');
    expect(res.headers.get("transfer-encoding")).toBe("chunked"); // written as it is read, no length known up front
    expect(rows[0]).toEqual(["行类型 row", "认定梯度 tier", "放款月份 month", ...FIGURE_HEADER]);
    const expected = expectedReport(world.w, {}, ["TIER", "MONTH"]);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ...expected.groups.map((g) => ["分组", g.key.tier === null ? "未认定" : TIER_ZH[g.key.tier]!, g.key.month!]),
      ["合计", "", ""],
    ]);
  });

  it.each(EXPORT_CASES)("has the same numbers as lendingReport for the same filter: %s", async (_name, query, filter, groupBy) => {
    const { rows } = await csvOf(query);
    const report = await gqlReport(filter, groupBy);
    expect({ groups: report.groups, totals: report.totals }).toEqual(expectedReport(world.w, filter, groupBy));
    // The CSV neutralises B2's leading "=" with an apostrophe; months stay text.
    const csvFormat = { bankName: (name: string) => (name.startsWith("=") ? `'${name}` : name), month: (m: string) => m };
    const keyCells = (key: Record<string, string | null>) => expectedKeyCells(world, groupBy, key, csvFormat);
    expect(rows.slice(1)).toEqual([
      ...report.groups.map((g) => ["分组", ...keyCells(g.key), ...figureCells(g.figures)]),
      ["合计", ...keyCells({}).map(() => ""), ...figureCells(report.totals)],
    ]);
  });

  it("quotes a bank name with a comma and quotes, and neutralises its leading '='", async () => {
    const { bytes, rows } = await csvOf(`?bankIds=${world.w.banks.B2.id}&groupBy=BANK`);
    expect(bytes.toString("utf8")).toContain(`"'=乙银行,""测试""分行",${world.w.banks.B2.id},`);
    expect(rows[1]!.slice(0, 3)).toEqual(["分组", `'${world.w.banks.B2.name}`, world.w.banks.B2.id]);
  });

  it("names the file after the filter's days", async () => {
    const { res } = await csvOf("?from=2026-01-01&to=2026-03-31");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="lending-report-2026-01-01-2026-03-31.csv"');
  });

  it("names each region beside its code (地区名称), with province and prefecture", async () => {
    const { rows } = await csvOf("?groupBy=REGION");
    expect(rows[0]!.slice(0, 3)).toEqual(["行类型 row", "地区代码 region code", "地区名称 region name"]);
    expect(rows.find((r) => r[1] === "140581")!.slice(0, 3)).toEqual(["分组", "140581", "山西省晋城市高平市"]);
    expect(rows.at(-1)!.slice(0, 3)).toEqual(["合计", "", ""]);
  });

  it("scopes like the query: a regulator's file counts only its region, a bank's only its loans", async () => {
    const regulator = await tokenFor({ role: Role.REGULATOR, regionCode: "330000" });
    const { rows } = await csvOf("?groupBy=REGION", regulator);
    const expected = expectedReport(world.w, { regionCode: "330000" }, ["REGION"]);
    expect(rows.slice(1).map((r) => r[1])).toEqual([...expected.groups.map((g) => g.key.regionCode), ""]);
    expect(rows.at(-1)!.slice(3)).toEqual(figureCells(expected.totals));
    const bank = await tokenFor({ role: Role.BANK, orgId: world.w.banks.B1.id });
    const own = await csvOf("", bank);
    expect(own.rows[1]!.slice(1)).toEqual(figureCells(expectedReport(world.w, { bankIds: [world.w.banks.B1.id] }, []).totals));
  });

  exportErrorTests(world);
});
