import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { Role, type Viewer } from "../../src/domain/access";
import { emptyFigures, type LendingReportRow } from "../../src/domain/lending-report";
import { writeLendingWorkbook } from "../../src/modules/report/lending-xlsx";
import { buildReportWorld, expectedReport, REPORT_FIELDS, type Dim, type Figures, type ReportWorld } from "../support/lending-report-fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * GET /reports/lending.xlsx (docs/reporting.md, "XLSX export"): the workbook is read back with
 * exceljs and every cell is compared with the lendingReport query for the same filter (and with the
 * independent calculation of test/support/lending-report-fixtures.ts): typed cells (numbers,
 * percentages, dates), number formats, the bold totals row, frozen header, autofilter, the notes
 * sheet; the CSV's scope, errors and rate limit; and the streaming writer's backpressure.
 */

const REASONS = ["CREDIT_RISK", "REPAYMENT_CAPACITY", "INSUFFICIENT_COLLATERAL", "GUARANTEE_DECLINED", "INCOMPLETE_DOCUMENTS", "NOT_ELIGIBLE", "QUOTA_EXHAUSTED", "OTHER"];
const FIGURE_HEADER = [
  "贷款笔数 loans",
  "放款金额(元) amount disbursed",
  "贷款余额(元) balance outstanding",
  "加权平均综合利率(%) weighted average rate",
  "信用贷款占比(%) credit loan share",
  "保证贷款占比(%) guaranteed loan share",
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
const FIGURE_FORMATS = ["#,##0", "#,##0.00", "#,##0.00", "0.00%", "0.00%", "0.00%", "#,##0", "#,##0.00", "#,##0", "#,##0.00", "0.0", "0.0", ...Array(9).fill("#,##0")];
const TIER_ZH: Record<string, string> = {
  INNOVATIVE_SME: "创新型中小企业",
  SPECIALIZED_SME: "专精特新中小企业",
  LITTLE_GIANT: "专精特新“小巨人”企业",
  SINGLE_CHAMPION: "制造业单项冠军企业",
};
const LEVEL_ZH: Record<string, string> = { MUNICIPAL: "市级", PROVINCIAL: "省级", NATIONAL: "国家级" };
const CATEGORY_ZH: Record<string, string> = {
  SRDI_LOAN: "专精特新贷",
  CREDIT_LOAN: "信用贷",
  FACTORY_LOAN: "厂房贷",
  RENEWAL_WITHOUT_REPAYMENT: "无还本续贷",
  RELAY_LOAN: "接力贷/年审贷",
};

type Cell = string | number | Date | null;

/** The figure cells as an Excel reader should find them: numbers, rates as fractions (345 bp = 0.0345), empty cells for nulls. */
function figureCells(f: Figures): Cell[] {
  const byReason = new Map(f.rejections.map((r) => [r.reasonCode, r.count]));
  const pct = (bp: number | null) => (bp === null ? null : bp / 10_000);
  return [
    f.loansCount,
    Number(f.amountDisbursed),
    Number(f.balanceOutstanding),
    pct(f.weightedAverageRateBp),
    pct(f.creditLoanShareBp),
    pct(f.guaranteedLoanShareBp),
    f.firstTimeBorrowersCount,
    Number(f.firstTimeAmount),
    f.renewalsCount,
    Number(f.renewalsAmount),
    f.medianDaysToApproval,
    f.medianDaysToDisbursement,
    f.rejections.reduce((s, r) => s + r.count, 0),
    ...REASONS.map((r) => byReason.get(r) ?? 0),
  ];
}

/** A row's cells 1..n as values (null for an empty cell). */
function cells(row: ExcelJS.Row, n: number): Cell[] {
  return Array.from({ length: n }, (_, i) => {
    const v = row.getCell(i + 1).value;
    return v === undefined || v === null ? null : (v as Cell);
  });
}

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

describe("GET /reports/lending.xlsx", () => {
  let t: TestApp;
  let w: ReportWorld;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildReportWorld(t);
    adminToken = await t.tokens.sign({ sub: "xlsx-admin", role: Role.ADMIN });
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (query: string, token: string | null = adminToken) =>
    fetch(`${t.url}/reports/lending.xlsx${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const tokenFor = (claims: Record<string, unknown>) => t.tokens.sign({ sub: "xlsx-user", ...claims } as never);

  async function xlsxOf(query: string, token: string = adminToken): Promise<{ res: Response; book: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
    const res = await get(query, token);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${res.status}: ${bytes.toString("utf8")}`);
    const book = await readWorkbook(bytes);
    return { res, book, sheet: book.worksheets[0]! };
  }

  async function gqlReport(filter: Record<string, unknown> | null, groupBy: Dim[]) {
    return (await t.gqlOk(`query($filter: LendingFilterInput, $groupBy: [ReportGroupBy!]!) { lendingReport(filter: $filter, groupBy: $groupBy) { ${REPORT_FIELDS} } }`, { filter, groupBy }))
      .lendingReport as { asOf: string; groups: Array<{ key: Record<string, string | null>; figures: Figures }>; totals: Figures };
  }

  const bankName = (id: string | null) => (id === w.banks.B1.id ? w.banks.B1.name : w.banks.B2.name);
  const keyCells = (groupBy: Dim[], key: Record<string, string | null>): Cell[] =>
    groupBy.flatMap((d): Cell[] => {
      switch (d) {
        case "TIER":
          return [key.tier === null ? "未认定" : TIER_ZH[key.tier]!];
        case "LEVEL":
          return [key.level === null ? "未认定" : LEVEL_ZH[key.level]!];
        case "REGION":
          return [key.regionCode!, null]; // the region name: empty until the GB/T 2260 table's regionName lands
        case "BANK":
          return [bankName(key.bankId), key.bankId!];
        case "CATEGORY":
          return [CATEGORY_ZH[key.category!]!];
        case "MONTH": {
          const [y, m] = key.month!.split("-").map(Number) as [number, number];
          return [new Date(Date.UTC(y, m - 1, 1))];
        }
      }
    });
  const keyWidth = (groupBy: Dim[]) => keyCells(groupBy, { tier: null, level: null, regionCode: "x", bankId: "x", category: "SRDI_LOAN", month: "2026-01" }).length;

  it("is an XLSX attachment, streamed, with a frozen bold bilingual header, widths, an autofilter and a notes sheet", async () => {
    const { res, book, sheet } = await xlsxOf("?groupBy=TIER,MONTH");
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="lending-report-all-all.xlsx"');
    expect(res.headers.get("transfer-encoding")).toBe("chunked"); // written as it is read, no length known up front
    expect(res.headers.get("x-report-as-of")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(book.worksheets.map((s) => s.name)).toEqual(["放款统计 lending", "说明 notes"]);
    const header = ["行类型 row", "认定梯度 tier", "放款月份 month", ...FIGURE_HEADER];
    expect(cells(sheet.getRow(1), header.length + 1)).toEqual([...header, null]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const groups = expectedReport(w, {}, ["TIER", "MONTH"]).groups.length;
    expect(groups).toBeGreaterThan(3);
    expect(sheet.autoFilter).toBe(`A1:X${1 + groups}`); // the header and the groups; the totals row below stays put when sorting
    expect(sheet.rowCount).toBe(1 + groups + 1);
    expect(sheet.getColumn(2).width).toBe(24);
    expect(sheet.getColumn(5).width).toBe(18);
  });

  it("types the cells: counts and amounts numbers, rates percentages, months dates; the totals row (合计) bold and equal to lendingReport's totals", async () => {
    const { sheet } = await xlsxOf("?groupBy=TIER,MONTH");
    const report = await gqlReport(null, ["TIER", "MONTH"]);
    const first = sheet.getRow(2);
    const g = report.groups[0]!;
    expect(first.getCell(1).value).toBe("分组");
    expect(first.getCell(3).value).toEqual(new Date(`${g.key.month}-01T00:00:00Z`));
    expect(first.getCell(3).numFmt).toBe("yyyy-mm");
    expect(typeof first.getCell(4).value).toBe("number"); // loans
    expect(first.getCell(5).value).toBe(Number(g.figures.amountDisbursed));
    expect(first.getCell(5).numFmt).toBe("#,##0.00");
    const rated = report.groups.findIndex((x) => x.figures.weightedAverageRateBp !== null);
    const rate = sheet.getRow(2 + rated).getCell(7);
    expect(rate.value).toBe(report.groups[rated]!.figures.weightedAverageRateBp! / 10_000);
    expect(rate.numFmt).toBe("0.00%");
    for (let i = 0; i < FIGURE_FORMATS.length; i++) expect([i, first.getCell(4 + i).numFmt]).toEqual([i, FIGURE_FORMATS[i]]);

    const last = sheet.getRow(sheet.rowCount);
    expect(cells(last, 3 + FIGURE_HEADER.length)).toEqual(["合计", null, null, ...figureCells(report.totals)]);
    expect(last.getCell(1).font?.bold).toBe(true);
    expect(last.getCell(5).font?.bold).toBe(true);
    expect(last.getCell(5).numFmt).toBe("#,##0.00");
    expect(first.getCell(1).font?.bold).toBeFalsy();
  });

  it.each<[string, string, Record<string, unknown>, Dim[]]>([
    ["no grouping", "", {}, []],
    ["by bank and category, filtered", "?from=2025-12-01&to=2026-03-31&regionCode=140000&groupBy=BANK,CATEGORY", { from: "2025-12-01", to: "2026-03-31", regionCode: "140000" }, ["BANK", "CATEGORY"]],
    ["by every dimension", "?groupBy=TIER,LEVEL,REGION,BANK,CATEGORY,MONTH", {}, ["TIER", "LEVEL", "REGION", "BANK", "CATEGORY", "MONTH"]],
    ["tiers and categories as lists", "?tiers=LITTLE_GIANT,SINGLE_CHAMPION&categories=FACTORY_LOAN&categories=SRDI_LOAN&groupBy=REGION", { tiers: ["LITTLE_GIANT", "SINGLE_CHAMPION"], categories: ["FACTORY_LOAN", "SRDI_LOAN"] }, ["REGION"]],
  ])("has the same numbers as lendingReport for the same filter: %s", async (_name, query, filter, groupBy) => {
    const { sheet } = await xlsxOf(query);
    const report = await gqlReport(filter, groupBy);
    expect({ groups: report.groups, totals: report.totals }).toEqual(expectedReport(w, filter, groupBy));
    const width = 1 + keyWidth(groupBy) + FIGURE_HEADER.length;
    const rows: Cell[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(cells(row, width));
    });
    expect(rows).toEqual([
      ...report.groups.map((g) => ["分组", ...keyCells(groupBy, g.key), ...figureCells(g.figures)]),
      ["合计", ...Array(keyWidth(groupBy)).fill(null), ...figureCells(report.totals)],
    ]);
  });

  it("writes a bank name starting with '=' as plain text: a string cell, no formula, no apostrophe", async () => {
    const { sheet } = await xlsxOf(`?bankIds=${w.banks.B2.id}&groupBy=BANK`);
    expect(w.banks.B2.name.startsWith("=")).toBe(true);
    expect(sheet.getRow(2).getCell(2).value).toBe(w.banks.B2.name);
    expect(sheet.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.String);
  });

  it("records the caller, as-of day, filter and every column's definition on the notes sheet, and names the file after the days", async () => {
    const regulator = await tokenFor({ role: Role.REGULATOR, regionCode: "140000" });
    const { res, book } = await xlsxOf("?from=2026-01-01&to=2026-03-31&tiers=LITTLE_GIANT&groupBy=REGION", regulator);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="lending-report-2026-01-01-2026-03-31.xlsx"');
    const notes = book.getWorksheet("说明 notes")!;
    const byLabel = new Map<string, ExcelJS.Cell>();
    notes.eachRow((row) => byLabel.set(String(row.getCell(1).value), row.getCell(2)));
    expect(byLabel.get("余额日期 as of")!.value).toEqual(new Date(`${res.headers.get("x-report-as-of")}T00:00:00Z`));
    expect(byLabel.get("调用方 caller")!.value).toBe("REGULATOR 140000");
    expect(byLabel.get("放款日起 from")!.value).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(byLabel.get("放款日止 to")!.value).toEqual(new Date("2026-03-31T00:00:00Z"));
    expect(byLabel.get("地区代码 regionCode")!.value).toBe("全部 all");
    expect(byLabel.get("认定梯度 tiers")!.value).toBe("专精特新“小巨人”企业");
    expect(byLabel.get("分组 groupBy")!.value).toBe("REGION");
    const header = ["行类型 row", "地区代码 region code", "地区名称 region name", ...FIGURE_HEADER];
    for (const h of header) expect([h, String(byLabel.get(h)?.value ?? "").length > 10]).toEqual([h, true]);
    expect(String(byLabel.get("加权平均综合利率(%) weighted average rate")!.value)).toMatch(/weighted by principal/);
  });

  it("scopes like the query and the CSV: a regulator's file counts only its region, a bank's only its loans", async () => {
    const regulator = await tokenFor({ role: Role.REGULATOR, regionCode: "330000" });
    const { sheet } = await xlsxOf("?groupBy=REGION", regulator);
    const expected = expectedReport(w, { regionCode: "330000" }, ["REGION"]);
    const codes: Cell[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) codes.push(row.getCell(2).value as Cell);
    });
    expect(codes).toEqual([...expected.groups.map((g) => g.key.regionCode), null]);
    expect(cells(sheet.getRow(sheet.rowCount), 3 + FIGURE_HEADER.length).slice(3)).toEqual(figureCells(expected.totals));
    const bank = await tokenFor({ role: Role.BANK, orgId: w.banks.B1.id });
    const own = await xlsxOf("", bank);
    const ownTotals = expectedReport(w, { bankIds: [w.banks.B1.id] }, []).totals;
    expect(ownTotals).not.toEqual(expectedReport(w, {}, []).totals);
    expect(cells(own.sheet.getRow(2), 1 + FIGURE_HEADER.length)).toEqual(["合计", ...figureCells(ownTotals)]);
  });

  describe("a failure of the report's statements", () => {
    afterEach(() => jest.restoreAllMocks());
    let logged: jest.SpyInstance;
    const failAfter = (rows: number) => {
      logged = jest.spyOn(console, "error").mockImplementation(() => undefined);
      const reports = t.app.services.lendingReports;
      const real = reports.stream.bind(reports);
      jest.spyOn(reports, "stream").mockImplementation(async (query, onRow) => {
        let n = 0;
        await real(query, async (row) => {
          if (n++ === rows) throw new Error("the cursor broke");
          return onRow(row);
        });
      });
    };

    it("before the first row: a JSON 500, nothing of a workbook sent", async () => {
      failAfter(0);
      const res = await get("?groupBy=TIER,MONTH");
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
      expect(logged).toHaveBeenCalledWith("[srdi-match] lending XLSX export failed:", expect.objectContaining({ message: "the cursor broke" }));
    });

    it("after the first row: the download is cut short (no whole file), and the server goes on serving", async () => {
      failAfter(3);
      const res = await get("?groupBy=TIER,MONTH");
      expect(res.status).toBe(200);
      await expect(res.arrayBuffer()).rejects.toThrow();
      expect(logged).toHaveBeenCalledWith("[srdi-match] lending XLSX export failed while streaming:", expect.objectContaining({ message: "the cursor broke" }));
      jest.restoreAllMocks();
      expect((await xlsxOf("")).sheet.getRow(2).getCell(1).value).toBe("合计");
    });
  });

  describe("errors, as JSON (as the CSV's)", () => {
    const json = async (res: Response) => ({ status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, any> });

    it("401 UNAUTHENTICATED without a token or with a bad one", async () => {
      const none = await get("?groupBy=TIER", null);
      expect(none.headers.get("www-authenticate")).toBe("Bearer");
      const body = await json(none);
      expect(body).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
      expect(body.type).toMatch(/^application\/json/);
      expect(await json(await get("", "not-a-jwt"))).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
    });

    it("403 FORBIDDEN out of scope", async () => {
      const firm = await tokenFor({ role: Role.FIRM, orgId: w.firms.F1!.id });
      expect(await json(await get("?to=2000-01-01&from=2030-01-01", firm))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      const guarantor = await tokenFor({ role: Role.GUARANTOR, orgId: w.agencyId });
      expect(await json(await get("", guarantor))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      const regulator = await tokenFor({ role: Role.REGULATOR, regionCode: "140000" });
      expect(await json(await get("?regionCode=330000", regulator))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      const bank = await tokenFor({ role: Role.BANK, orgId: w.banks.B1.id });
      expect(await json(await get(`?bankIds=${w.banks.B2.id}`, bank))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
    });

    it("400 BAD_USER_INPUT naming the query parameters", async () => {
      expect(await json(await get("?from=2026-02-01&to=2026-01-31"))).toMatchObject({ status: 400, body: { code: "BAD_USER_INPUT", violations: [{ field: "to", rule: "date.order" }] } });
      const many = await json(await get("?tiers=GIANT&groupBy=YEAR&region=33"));
      expect(many.body.violations.map((v: { field: string }) => v.field)).toEqual(["region", "tiers[0]", "groupBy[0]"]);
    });
  });
});

describe("the CSV and the XLSX export share one rate limit", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ limits: { ratePerMinute: 2 } as never });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("counts both routes against one budget per token: 429 on the third export of a minute", async () => {
    const token = await t.tokens.sign({ sub: "xlsx-rate", role: Role.ADMIN });
    const get = (ext: string) => fetch(`${t.url}/reports/lending.${ext}`, { headers: { authorization: `Bearer ${token}` } });
    const statuses = [];
    for (const ext of ["csv", "xlsx", "xlsx"]) {
      const res = await get(ext);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe("the streaming workbook writer (large reports)", () => {
  const viewer: Viewer = { subject: "s", role: Role.ADMIN, orgId: null, regionCode: null, creditCode: null };
  const facts = { viewer, input: {}, groupBy: [], asOf: "2026-12-01", at: new Date("2026-12-01T02:00:00Z") };
  const row = (i: number, total: boolean): LendingReportRow => ({
    total,
    key: { tier: null, level: null, regionCode: null, bankId: null, category: null, month: null },
    bankName: null,
    // Figures that vary like real ones (a run of equal rows would compress to nothing).
    figures: { ...emptyFigures(), loansCount: i, amountDisbursed: `${i}000.00`, balanceOutstanding: `${(i * 7919) % 1_000_003}.${String(i % 97).padStart(2, "0")}`, weightedAverageRateBp: 300 + ((i * 37) % 211) },
  });
  /** A report of `n` rows (the last the totals), counting how many were pulled. */
  const source = (n: number, pulled: { count: number }) => async (onRow: (r: LendingReportRow) => Promise<boolean>) => {
    for (let i = 1; i <= n; i++) {
      pulled.count = i;
      if (!(await onRow(row(i, i === n)))) return;
      if (i % 500 === 0) await new Promise((r) => setImmediate(r)); // a cursor's FETCH
    }
  };

  it("stops reading rows while the client does not read (backpressure), then finishes once it does: never built whole", async () => {
    const chunks: Buffer[] = [];
    let release: (() => void) | null = null;
    let blocked = true;
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        if (blocked) release = done; // a client that stopped reading
        else done();
      },
    });
    const pulled = { count: 0 };
    let started = false;
    const finished = writeLendingWorkbook(out, facts, source(20_000, pulled), () => (started = true));
    // Wait until the writer stops pulling rows (or has pulled them all).
    for (let last = -1; pulled.count !== last; ) {
      last = pulled.count;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(started).toBe(true);
    expect(chunks.length).toBeGreaterThan(0); // the file's first bytes went out long before its end
    expect(pulled.count).toBeLessThan(10_000); // it waits for the client: ~4,500 rows of 20,000 here (all of them without backpressure)
    blocked = false;
    (release as (() => void) | null)?.();
    expect(await finished).toBe(true);
    expect(pulled.count).toBe(20_000);
    await new Promise((r) => (out.writableFinished ? r(null) : out.on("finish", r)));
    const book = await readWorkbook(Buffer.concat(chunks));
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(20_001);
    expect(sheet.getRow(20_001).getCell(1).value).toBe("合计");
    expect(sheet.getRow(20_001).getCell(2).value).toBe(20_000);
    expect(sheet.getRow(1000).getCell(3).value).toBe(999000);
  }, 60_000);

  it("stops when the client goes away, leaving the workbook unfinished", async () => {
    const out = new Writable({ write: (_c, _e, done) => done() });
    const pulled = { count: 0 };
    const finished = writeLendingWorkbook(out, facts, async (onRow) => {
      for (let i = 1; i <= 5000; i++) {
        pulled.count = i;
        if (i === 100) out.destroy();
        if (!(await onRow(row(i, i === 5000)))) return;
      }
    }, () => undefined);
    expect(await finished).toBe(false);
    expect(pulled.count).toBe(100);
  });
});
