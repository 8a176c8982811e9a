import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { Role, type Viewer } from "../../src/domain/access";
import { emptyFigures, type LendingReportRow } from "../../src/domain/lending-report";
import { writeLendingWorkbook } from "../../src/modules/report/lending-xlsx";
import { EXPORT_CASES, expectedKeyCells, exportErrorTests, figureHeaders, useExportWorld } from "../support/lending-export-tests";
import { expectedReport, REASONS, type Dim, type Figures } from "../support/lending-report-fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * GET /reports/lending.xlsx (docs/reporting.md, "XLSX export"): the workbook is read back with
 * exceljs and every cell is compared with the lendingReport query for the same filter (and with the
 * independent calculation of test/support/lending-report-fixtures.ts): typed cells (numbers,
 * percentages, dates), number formats, the bold totals row, frozen header, autofilter, the notes
 * sheet; the CSV's scope, errors and rate limit; and the streaming writer's backpressure.
 */

const FIGURE_HEADER = figureHeaders("%");
const FIGURE_FORMATS = ["#,##0", "#,##0.00", "#,##0.00", "0.00%", "0.00%", "0.00%", "#,##0", "#,##0.00", "#,##0", "#,##0.00", "0.0", "0.0", ...Array(9).fill("#,##0")];
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
  const world = useExportWorld("xlsx");
  const { get, gqlReport, tokenFor } = world;

  async function xlsxOf(query: string, token: string = world.adminToken): Promise<{ res: Response; book: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
    const res = await get(query, token);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${res.status}: ${bytes.toString("utf8")}`);
    const book = await readWorkbook(bytes);
    return { res, book, sheet: book.worksheets[0]! };
  }

  // The XLSX writes names as plain strings (never formulas) and months as date cells.
  const xlsxFormat = {
    bankName: (name: string): Cell => name,
    month: (month: string): Cell => {
      const [y, m] = month.split("-").map(Number) as [number, number];
      return new Date(Date.UTC(y, m - 1, 1));
    },
  };
  const keyCells = (groupBy: Dim[], key: Record<string, string | null>): Cell[] => expectedKeyCells(world, groupBy, key, xlsxFormat);
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
    const groups = expectedReport(world.w, {}, ["TIER", "MONTH"]).groups.length;
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

  it.each(EXPORT_CASES)("has the same numbers as lendingReport for the same filter: %s", async (_name, query, filter, groupBy) => {
    const { sheet } = await xlsxOf(query);
    const report = await gqlReport(filter, groupBy);
    expect({ groups: report.groups, totals: report.totals }).toEqual(expectedReport(world.w, filter, groupBy));
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
    const { sheet } = await xlsxOf(`?bankIds=${world.w.banks.B2.id}&groupBy=BANK`);
    expect(world.w.banks.B2.name.startsWith("=")).toBe(true);
    expect(sheet.getRow(2).getCell(2).value).toBe(world.w.banks.B2.name);
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
    const expected = expectedReport(world.w, { regionCode: "330000" }, ["REGION"]);
    const codes: Cell[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) codes.push(row.getCell(2).value as Cell);
    });
    expect(codes).toEqual([...expected.groups.map((g) => g.key.regionCode), null]);
    expect(cells(sheet.getRow(sheet.rowCount), 3 + FIGURE_HEADER.length).slice(3)).toEqual(figureCells(expected.totals));
    const bank = await tokenFor({ role: Role.BANK, orgId: world.w.banks.B1.id });
    const own = await xlsxOf("", bank);
    const ownTotals = expectedReport(world.w, { bankIds: [world.w.banks.B1.id] }, []).totals;
    expect(ownTotals).not.toEqual(expectedReport(world.w, {}, []).totals);
    expect(cells(own.sheet.getRow(2), 1 + FIGURE_HEADER.length)).toEqual(["合计", ...figureCells(ownTotals)]);
  });

  describe("a failure of the report's statements", () => {
    afterEach(() => jest.restoreAllMocks());
    /** The app logged the failure as one JSON error line with the cause. */
    const loggedError = (msg: string) =>
      expect(world.logLines).toContainEqual(expect.objectContaining({ level: 50, msg, err: expect.objectContaining({ message: "the cursor broke" }) }));
    const failAfter = (rows: number) => {
      const reports = world.t.app.services.lendingReports;
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
      loggedError("lending XLSX export failed");
    });

    it("after the first row: the download is cut short (no whole file), and the server goes on serving", async () => {
      failAfter(3);
      const res = await get("?groupBy=TIER,MONTH");
      expect(res.status).toBe(200);
      await expect(res.arrayBuffer()).rejects.toThrow();
      loggedError("lending XLSX export failed while streaming");
      jest.restoreAllMocks();
      expect((await xlsxOf("")).sheet.getRow(2).getCell(1).value).toBe("合计");
    });
  });

  exportErrorTests(world);
});

describe("the CSV and the XLSX export share one rate limit", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Two exports' cost (RATE_LIMIT_EXPORT_COST) a minute.
    t = await startTestApp({ rateLimit: { costPerMinute: 2000, exportCost: 1000, redisUrl: null, keyPrefix: "srdi-test:xlsx" } });
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
    const finished = writeLendingWorkbook(out, facts, source(12_000, pulled), () => (started = true));
    // Wait until the writer stops pulling rows (or has pulled them all).
    for (let last = -1; pulled.count !== last; ) {
      last = pulled.count;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(started).toBe(true);
    expect(chunks.length).toBeGreaterThan(0); // the file's first bytes went out long before its end
    expect(pulled.count).toBeLessThan(8_000); // it waits for the client: ~4,500 rows of 12,000 here (all 12,000 without backpressure)
    blocked = false;
    (release as (() => void) | null)?.();
    expect(await finished).toBe(true);
    expect(pulled.count).toBe(12_000);
    await new Promise((r) => (out.writableFinished ? r(null) : out.on("finish", r)));
    const book = await readWorkbook(Buffer.concat(chunks));
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(12_001);
    expect(sheet.getRow(12_001).getCell(1).value).toBe("合计");
    expect(sheet.getRow(12_001).getCell(2).value).toBe(12_000);
    expect(sheet.getRow(1000).getCell(3).value).toBe(999000);
  }, 180_000);

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
