import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Response } from "express";
import type { Viewer } from "../../domain/access";
import type { LocalDate } from "../../domain/dates";
import {
  CATEGORY_LABEL,
  columnHeader,
  exportFileName,
  LEVEL_LABEL,
  reportColumns,
  TIER_LABEL,
  XLSX_NUMBER_FORMAT,
  xlsxDate,
  xlsxValue,
  type ColumnKind,
  type LendingReportRow,
} from "../../domain/lending-report";
import type { LendingFilterInputShape, ReportGroupBy } from "../../domain/reporting";
import { drained, type ExportRequest } from "./lending-export";

/**
 * GET /reports/lending.xlsx — the lending report as an Excel workbook (docs/reporting.md, "XLSX
 * export"); the request's checks, errors and rate limit are lending-export.ts's, the columns the
 * CSV's (domain/lending-report.ts, reportColumns). Written with exceljs's streaming WorkbookWriter
 * straight into the response: each row is committed as it is read from the report's cursor and the
 * writer waits for the response to drain, so memory holds a few rows and the zip's buffers, never
 * the workbook.
 *
 * Sheet 1 (放款统计): a bold header row, frozen; one row per group, typed cells (counts and days
 * numbers, money numbers in yuan, rates percentages, months dates) with number formats, column
 * widths, an autofilter over the header and the groups; the totals row (合计) in bold below them.
 * Sheet 2 (说明): the caller, as-of day, the filter as given, and each column's definition.
 */

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DATA_SHEET = "放款统计 lending";
export const NOTES_SHEET = "说明 notes";

const DEFAULT_WIDTH: Readonly<Record<ColumnKind, number>> = { text: 16, count: 12, money: 18, bp: 12, days: 12, month: 10 };

/** What the notes sheet records besides the definitions. */
export interface WorkbookFacts {
  viewer: Viewer;
  input: LendingFilterInputShape;
  groupBy: readonly ReportGroupBy[];
  asOf: LocalDate;
  at: Date;
}

export async function writeLendingXlsx(request: ExportRequest, res: Response): Promise<void> {
  const { query } = request;
  await writeLendingWorkbook(res, { viewer: request.viewer, input: request.input, groupBy: query.groupBy, asOf: request.asOf, at: request.at }, request.rows, () =>
    request.begin(XLSX_CONTENT_TYPE, exportFileName(query.filter.from, query.filter.to, "xlsx")),
  );
}

/**
 * Streams the workbook of `rows` (groups in order, then the totals row) to `out`. Nothing is
 * written before the first row arrives — `onStart` is called then — so an error while the report's
 * statements run is still the caller's to answer; a stop (`out` destroyed: the client went away)
 * leaves the workbook unfinished. Returns whether the workbook was written whole.
 */
export async function writeLendingWorkbook(
  out: Writable,
  facts: WorkbookFacts,
  rows: (onRow: (row: LendingReportRow) => Promise<boolean>) => Promise<void>,
  onStart: () => void,
): Promise<boolean> {
  const columns = reportColumns(facts.groupBy);
  const formats = columns.map((c) => XLSX_NUMBER_FORMAT[c.kind]);
  let book: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
  let sheet: ExcelJS.Worksheet | null = null;
  let groups = 0;

  const open = (): ExcelJS.Worksheet => {
    onStart();
    book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    book.creator = "srdi-match";
    book.created = facts.at;
    const s = book.addWorksheet(DATA_SHEET, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
    s.columns = columns.map((c) => ({ key: c.key, width: c.width ?? DEFAULT_WIDTH[c.kind] }));
    const header = s.addRow(columns.map((c) => columnHeader(c, "xlsx")));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "top" };
    header.commit();
    sheet = s;
    return s;
  };

  await rows(async (row) => {
    const s = sheet ?? open();
    const r = s.addRow(columns.map((c) => xlsxValue(c, row)));
    formats.forEach((numFmt, i) => {
      if (numFmt !== null) r.getCell(i + 1).numFmt = numFmt;
    });
    if (row.total) r.font = { bold: true };
    else groups++;
    r.commit();
    if (out.writableNeedDrain) await drained(out);
    return !out.destroyed;
  });
  if (out.destroyed) return false;
  const s = sheet ?? open(); // (the report always ends with its totals row)
  // The filter covers the header and the groups: sorting them leaves the totals row below.
  s.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + groups, column: columns.length } };
  s.commit();
  writeNotes(book!.addWorksheet(NOTES_SHEET), facts, columns);
  await book!.commit();
  return true;
}

const ALL = "全部 all";

function writeNotes(notes: ExcelJS.Worksheet, facts: WorkbookFacts, columns: ReturnType<typeof reportColumns>): void {
  notes.columns = [{ width: 40 }, { width: 110 }];
  const add = (label: string, value: string | Date | null, numFmt?: string, bold = false) => {
    const row = notes.addRow([label, value]);
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.getCell(2).alignment = { wrapText: true, vertical: "top", horizontal: "left" };
    if (bold) row.font = { bold: true };
    row.commit();
  };
  const list = <T extends string>(values: readonly T[] | null | undefined, label: (v: T) => string = (v) => v) =>
    values && values.length > 0 ? values.map(label).join("、") : ALL;
  const day = (value: string | null | undefined) => (value ? xlsxDate(value) : ALL);
  const { viewer, input } = facts;
  add("放款统计报表 lending report", "srdi-match: figures defined in docs/reporting.md, \"Lending report\"", undefined, true);
  add("余额日期 as of", xlsxDate(facts.asOf), "yyyy-mm-dd");
  add("生成时间(UTC) generated at (UTC)", facts.at, "yyyy-mm-dd hh:mm:ss");
  add("调用方 caller", [viewer.role, viewer.regionCode ?? viewer.orgId].filter((x) => x !== null).join(" "));
  add("放款日起 from", day(input.from), "yyyy-mm-dd");
  add("放款日止 to", day(input.to), "yyyy-mm-dd");
  add("地区代码 regionCode", input.regionCode ?? ALL);
  add("认定梯度 tiers", list(input.tiers, (t) => TIER_LABEL[t]));
  add("认定层级 levels", list(input.levels, (l) => LEVEL_LABEL[l]));
  add("贷款银行 bankIds", list(input.bankIds));
  add("产品类别 categories", list(input.categories, (c) => CATEGORY_LABEL[c]));
  add("分组 groupBy", facts.groupBy.length > 0 ? facts.groupBy.join(", ") : "无 none (totals only)");
  add(
    "单位 units",
    "金额为元(两位小数)的数值，可直接求和；10 万亿元及以上的金额以文本写出以保持精确。利率和占比为百分数。Amounts are numbers in yuan with 2 decimals (they sum); an amount of 10^13 yuan or more is written as exact text instead. Rates and shares are percentages (basis points ÷ 10000).",
  );
  notes.addRow([]).commit();
  add("列 column", "定义 definition", undefined, true);
  for (const c of columns) add(columnHeader(c, "xlsx"), c.definition);
  notes.commit();
}
