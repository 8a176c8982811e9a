import { regionFullName } from "./code-tables";
import { CertificationLevel, CertificationTier, LoanProductCategory, RejectionReasonCode } from "./enums";
import { Violations } from "./errors";
import type { LocalDate } from "./dates";
import { ReportGroupBy, type LendingFilterInputShape } from "./reporting";
import { unique } from "./validate";
import { msg } from "../i18n";

/**
 * The lending report (放款统计报表), the pure part: the shape of its figures, the order of its
 * dimensions and rejection reasons, and the exports' query parameters, Chinese labels and columns —
 * each column defined once (reportColumns), written as CSV text (RFC 4180 quoting) or as a typed
 * XLSX cell (xlsxValue, XLSX_NUMBER_FORMAT). Figures are defined in docs/reporting.md ("Lending
 * report"); the SQL that computes them is src/modules/report/lending-report.repository.ts.
 */

/** The dimensions a report is grouped by, duplicates removed, in the caller's order (which also orders the groups). */
export function normalizeGroupBy(groupBy: readonly ReportGroupBy[] | null | undefined): ReportGroupBy[] {
  return unique(groupBy ?? []);
}

/** One rejection reason and how many applications were rejected for it. */
export interface RejectionCountData {
  reasonCode: RejectionReasonCode;
  count: number;
}

/** The figures of a group or of the whole report (docs/reporting.md defines each). */
export interface LendingFiguresData {
  loansCount: number;
  /** Decimal string, yuan. */
  amountDisbursed: string;
  balanceOutstanding: string;
  weightedAverageRateBp: number | null;
  creditLoanShareBp: number | null;
  guaranteedLoanShareBp: number | null;
  firstTimeBorrowersCount: number;
  firstTimeAmount: string;
  renewalsCount: number;
  renewalsAmount: string;
  medianDaysToApproval: number | null;
  medianDaysToDisbursement: number | null;
  rejections: RejectionCountData[];
}

/** A group's key: only the grouped dimensions are set; a null tier/level in a grouped dimension is "no certification in force". */
export interface LendingGroupKeyData {
  tier: CertificationTier | null;
  level: CertificationLevel | null;
  regionCode: string | null;
  bankId: string | null;
  category: LoanProductCategory | null;
  /** "YYYY-MM". */
  month: string | null;
}

/** A row of the report: a group (in order) or the totals (`total`, with an empty key). */
export interface LendingReportRow {
  total: boolean;
  key: LendingGroupKeyData;
  /** The lending bank's name when grouped by BANK (for the CSV; GraphQL loads the bank itself). */
  bankName: string | null;
  figures: LendingFiguresData;
}

/** The figures of a group with neither loans nor rejections in a part: zero counts and amounts, null rates and medians. */
export function emptyFigures(): LendingFiguresData {
  return {
    loansCount: 0,
    amountDisbursed: "0.00",
    balanceOutstanding: "0.00",
    weightedAverageRateBp: null,
    creditLoanShareBp: null,
    guaranteedLoanShareBp: null,
    firstTimeBorrowersCount: 0,
    firstTimeAmount: "0.00",
    renewalsCount: 0,
    renewalsAmount: "0.00",
    medianDaysToApproval: null,
    medianDaysToDisbursement: null,
    rejections: [],
  };
}

/**
 * Part of a report row as one of the report's statements returns it: its sort key (an ASCII
 * string; the statements sort by it in byte order), the key, and the figures that statement computes.
 */
export interface ReportPart {
  sortKey: string;
  total: boolean;
  key: LendingGroupKeyData;
  bankName: string | null;
  figures: Partial<LendingFiguresData>;
}

/**
 * Merges parts sorted by sort key (each source ascending, byte order) into report rows in the same
 * order: the parts with one key make one row, figures no part gave are emptyFigures'. A key present
 * in any source is a row (a group with rejections and no loans has one).
 */
export async function* mergeSortedParts(sources: ReadonlyArray<AsyncIterator<ReportPart> | AsyncIterable<ReportPart>>): AsyncGenerator<LendingReportRow> {
  const iterators = sources.map((s) => (Symbol.asyncIterator in s ? (s as AsyncIterable<ReportPart>)[Symbol.asyncIterator]() : (s as AsyncIterator<ReportPart>)));
  // One source after the other: the sources may share a database connection.
  const heads: Array<ReportPart | null> = [];
  for (const it of iterators) {
    const first = await it.next();
    heads.push(first.done ? null : first.value);
  }
  for (;;) {
    let min: string | null = null;
    for (const h of heads) if (h !== null && (min === null || h.sortKey < min)) min = h.sortKey;
    if (min === null) return;
    const row: LendingReportRow = { total: false, key: null as unknown as LendingGroupKeyData, bankName: null, figures: emptyFigures() };
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h === null || h.sortKey !== min) continue;
      if (row.key === null) {
        row.key = h.key;
        row.total = h.total;
      }
      row.bankName ??= h.bankName;
      Object.assign(row.figures, h.figures);
      const next = await iterators[i]!.next();
      if (!next.done && next.value.sortKey <= min) throw new Error(`report part ${i} is not sorted by its key: '${next.value.sortKey}' after '${min}'`);
      heads[i] = next.done ? null : next.value;
    }
    yield row;
  }
}

/** Rejection reasons in the order the report lists them (the enum's order). */
export const REJECTION_REASONS: readonly RejectionReasonCode[] = Object.values(RejectionReasonCode);

/** The reasons with a count above zero, in REJECTION_REASONS order. */
export function rejectionList(counts: Partial<Record<RejectionReasonCode, number>>): RejectionCountData[] {
  return REJECTION_REASONS.filter((r) => (counts[r] ?? 0) > 0).map((reasonCode) => ({ reasonCode, count: counts[reasonCode]! }));
}

// ---------------------------------------------------------------------------------------------
// Chinese labels (the CSV is read by people in Excel).

export const TIER_LABEL: Readonly<Record<CertificationTier, string>> = {
  [CertificationTier.INNOVATIVE_SME]: "创新型中小企业",
  [CertificationTier.SPECIALIZED_SME]: "专精特新中小企业",
  [CertificationTier.LITTLE_GIANT]: "专精特新“小巨人”企业",
  [CertificationTier.SINGLE_CHAMPION]: "制造业单项冠军企业",
};

export const LEVEL_LABEL: Readonly<Record<CertificationLevel, string>> = {
  [CertificationLevel.MUNICIPAL]: "市级",
  [CertificationLevel.PROVINCIAL]: "省级",
  [CertificationLevel.NATIONAL]: "国家级",
};

/** A null tier or level in a TIER/LEVEL grouping: the firm held no certification in force. */
export const NO_CERTIFICATION_LABEL = "未认定";

export const CATEGORY_LABEL: Readonly<Record<LoanProductCategory, string>> = {
  [LoanProductCategory.SRDI_LOAN]: "专精特新贷",
  [LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT]: "无还本续贷",
  [LoanProductCategory.FACTORY_LOAN]: "厂房贷",
  [LoanProductCategory.TECH_UPGRADE_LOAN]: "技改贷",
  [LoanProductCategory.CREDIT_LOAN]: "信用贷",
  [LoanProductCategory.IP_PLEDGE_LOAN]: "知识产权质押融资",
  [LoanProductCategory.RECEIVABLES_FINANCING]: "应收账款融资",
  [LoanProductCategory.REVOLVING_LOAN]: "循环贷",
  [LoanProductCategory.RELAY_LOAN]: "接力贷/年审贷",
  [LoanProductCategory.FINANCIAL_LEASING]: "融资租赁",
  [LoanProductCategory.PARK_LOAN]: "园区贷",
  [LoanProductCategory.RISK_SHARING_LOAN]: "风险分担贷款",
};

export const REASON_LABEL: Readonly<Record<RejectionReasonCode, string>> = {
  [RejectionReasonCode.CREDIT_RISK]: "信用风险",
  [RejectionReasonCode.REPAYMENT_CAPACITY]: "还款能力不足",
  [RejectionReasonCode.INSUFFICIENT_COLLATERAL]: "担保物不足",
  [RejectionReasonCode.GUARANTEE_DECLINED]: "担保机构不予担保",
  [RejectionReasonCode.INCOMPLETE_DOCUMENTS]: "材料不全",
  [RejectionReasonCode.NOT_ELIGIBLE]: "不符合准入条件",
  [RejectionReasonCode.QUOTA_EXHAUSTED]: "额度不足",
  [RejectionReasonCode.OTHER]: "其他",
};

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180).

/** UTF-8 byte order mark: Excel reads the file as UTF-8 only with it. */
export const CSV_BOM = "\uFEFF";
export const CSV_LINE_END = "\r\n";

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a double quote, CR or LF, with inner
 * quotes doubled. A text starting with = + - @ (or a tab or CR) is prefixed with an apostrophe so
 * that a spreadsheet shows it as text instead of running it as a formula (CSV injection). Null and
 * undefined are empty fields; numbers are written as they are.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export function csvRecord(fields: ReadonlyArray<string | number | null | undefined>): string {
  return fields.map(csvField).join(",") + CSV_LINE_END;
}

// ---------------------------------------------------------------------------------------------
// The export's columns: each defined once, read by the CSV and the XLSX writer alike.

/**
 * What a column holds, which decides how each file writes it: `text` as it is; `count` an integer;
 * `money` a decimal string in yuan (exact, as PostgreSQL's numeric gives it); `bp` whole basis
 * points (the CSV writes them, the XLSX a percentage: bp / 10000 as "0.00%"); `days` a median with
 * one decimal; `month` "YYYY-MM" (a date cell in the XLSX).
 */
export type ColumnKind = "text" | "count" | "money" | "bp" | "days" | "month";

interface ColumnBase {
  /** Stable identifier (`amountDisbursed`, `rejected.CREDIT_RISK`). */
  key: string;
  /** The header's Chinese and English parts; the unit (元, 天, bp or %) is added between them by the file's writer. */
  zh: string;
  en: string;
  /** What the column means, after docs/reporting.md (the XLSX's notes sheet lists it). */
  definition: string;
  /** The grouping dimension a key column belongs to: empty on the totals row. */
  dimension?: ReportGroupBy;
  /** Width in the XLSX, in characters (a default per kind otherwise). */
  width?: number;
}

/** One column: its header, meaning, kind and the value of a row (null: an empty cell). */
export type ReportColumn = ColumnBase &
  (
    | { kind: "text" | "money" | "month"; value: (row: LendingReportRow) => string | null }
    | { kind: "count" | "bp" | "days"; value: (row: LendingReportRow) => number | null }
  );

export type ExportFormat = "csv" | "xlsx";

const UNIT: Readonly<Record<ColumnKind, Readonly<Record<ExportFormat, string>>>> = {
  text: { csv: "", xlsx: "" },
  count: { csv: "", xlsx: "" },
  month: { csv: "", xlsx: "" },
  money: { csv: "(元)", xlsx: "(元)" },
  days: { csv: "(天)", xlsx: "(天)" },
  bp: { csv: "(bp)", xlsx: "(%)" },
};

/** The header of a column in a file: "放款金额(元) amount disbursed"; a rate is "(bp)" in the CSV, "(%)" in the XLSX. */
export function columnHeader(column: ReportColumn, format: ExportFormat): string {
  return `${column.zh}${UNIT[column.kind][format]} ${column.en}`;
}

/** A column's value for a row: key columns are empty on the totals row. */
export function columnValue(column: ReportColumn, row: LendingReportRow): string | number | null {
  return row.total && column.dimension !== undefined ? null : column.value(row);
}

export const GROUP_ROW = "分组";
export const TOTAL_ROW = "合计";

const ROW_TYPE_COLUMN: ReportColumn = {
  key: "row",
  zh: "行类型",
  en: "row",
  kind: "text",
  width: 10,
  definition: `${GROUP_ROW}: one group of the report; ${TOTAL_ROW}: the figures over every matching loan and rejection, computed over them all (not added up from the groups).`,
  value: (r) => (r.total ? TOTAL_ROW : GROUP_ROW),
};

const keyColumns = (dimension: ReportGroupBy, columns: ReadonlyArray<Omit<ReportColumn, "dimension">>): ReportColumn[] =>
  columns.map((c) => ({ ...c, dimension }) as ReportColumn);

/** The key columns of each grouping dimension, in the order they appear. */
const KEY_COLUMNS: Readonly<Record<ReportGroupBy, readonly ReportColumn[]>> = {
  [ReportGroupBy.TIER]: keyColumns(ReportGroupBy.TIER, [
    {
      key: "tier",
      zh: "认定梯度",
      en: "tier",
      kind: "text",
      width: 24,
      definition: `Tier of the certification in force on the disbursement day (for a rejection, on the rejection day); ${NO_CERTIFICATION_LABEL}: none in force.`,
      value: (r) => (r.key.tier === null ? NO_CERTIFICATION_LABEL : TIER_LABEL[r.key.tier]),
    },
  ]),
  [ReportGroupBy.LEVEL]: keyColumns(ReportGroupBy.LEVEL, [
    {
      key: "level",
      zh: "认定层级",
      en: "level",
      kind: "text",
      width: 12,
      definition: `Level of that certification (市级, 省级, 国家级); ${NO_CERTIFICATION_LABEL}: none in force.`,
      value: (r) => (r.key.level === null ? NO_CERTIFICATION_LABEL : LEVEL_LABEL[r.key.level]),
    },
  ]),
  [ReportGroupBy.REGION]: keyColumns(ReportGroupBy.REGION, [
    {
      key: "regionCode",
      zh: "地区代码",
      en: "region code",
      kind: "text",
      width: 12,
      definition: "The borrowing firm's registered region (GB/T 2260 code) on the day the loan was written (for a rejection, on the rejection day).",
      value: (r) => r.key.regionCode,
    },
    {
      key: "regionName",
      zh: "地区名称",
      en: "region name",
      kind: "text",
      width: 16,
      definition: "The full name of that region (GB/T 2260: province, prefecture, county, e.g. 山西省晋城市高平市); empty for a code the table no longer has.",
      value: (r) => (r.key.regionCode === null ? null : regionFullName(r.key.regionCode)),
    },
  ]),
  [ReportGroupBy.BANK]: keyColumns(ReportGroupBy.BANK, [
    { key: "bank", zh: "贷款银行", en: "bank", kind: "text", width: 30, definition: "The lending financial institution's name.", value: (r) => r.bankName },
    { key: "bankId", zh: "银行编号", en: "bank id", kind: "text", width: 38, definition: "The lending institution's id (as in lendingReport's key.bankId).", value: (r) => r.key.bankId },
  ]),
  [ReportGroupBy.CATEGORY]: keyColumns(ReportGroupBy.CATEGORY, [
    {
      key: "category",
      zh: "产品类别",
      en: "category",
      kind: "text",
      width: 16,
      definition: "The loan product's category when the loan was written.",
      value: (r) => (r.key.category === null ? null : CATEGORY_LABEL[r.key.category]),
    },
  ]),
  [ReportGroupBy.MONTH]: keyColumns(ReportGroupBy.MONTH, [
    { key: "month", zh: "放款月份", en: "month", kind: "month", definition: "Calendar month of the disbursement day (for a rejection, the rejection day), China time.", value: (r) => r.key.month },
  ]),
};

const rejectionsOf = (f: LendingFiguresData, reason: RejectionReasonCode): number => f.rejections.find((r) => r.reasonCode === reason)?.count ?? 0;

/** The figure columns (docs/reporting.md, "Lending report", defines each). */
export const FIGURE_COLUMNS: readonly ReportColumn[] = [
  { key: "loansCount", zh: "贷款笔数", en: "loans", kind: "count", definition: "Loans disbursed in the period that match the filter and scope, renewals included (a renewal is a loan of its own).", value: (r) => r.figures.loansCount },
  { key: "amountDisbursed", zh: "放款金额", en: "amount disbursed", kind: "money", definition: "Σ principal of those loans, exact, yuan.", value: (r) => r.figures.amountDisbursed },
  {
    key: "balanceOutstanding",
    zh: "贷款余额",
    en: "balance outstanding",
    kind: "money",
    definition: "Σ what those loans still owe on the as-of day; 0 for a loan repaid or renewed (a renewed loan's balance is the renewal's).",
    value: (r) => r.figures.balanceOutstanding,
  },
  {
    key: "weightedAverageRateBp",
    zh: "加权平均综合利率",
    en: "weighted average rate",
    kind: "bp",
    definition: "Effective annual rate (the loan's rate plus the guarantee fee) weighted by principal, rounded half up to a whole basis point; empty without loans.",
    value: (r) => r.figures.weightedAverageRateBp,
  },
  {
    key: "creditLoanShareBp",
    zh: "信用贷款占比",
    en: "credit loan share",
    kind: "bp",
    definition: "Share of the principal lent with neither collateral nor a guarantee (信用贷款), rounded half up to a basis point; empty without loans.",
    value: (r) => r.figures.creditLoanShareBp,
  },
  {
    key: "guaranteedLoanShareBp",
    zh: "保证贷款占比",
    en: "guaranteed loan share",
    kind: "bp",
    definition: "Share of the principal guaranteed by a government guarantee agency (保证贷款), with or without collateral, rounded half up to a basis point; empty without loans.",
    value: (r) => r.figures.guaranteedLoanShareBp,
  },
  {
    key: "firstTimeBorrowersCount",
    zh: "首贷户数",
    en: "first-time borrowers",
    kind: "count",
    definition: "Loans that were their firm's first loan on the platform (never a renewal), i.e. firms borrowing for the first time.",
    value: (r) => r.figures.firstTimeBorrowersCount,
  },
  { key: "firstTimeAmount", zh: "首贷金额", en: "first-time amount", kind: "money", definition: "Σ principal of those first loans, yuan.", value: (r) => r.figures.firstTimeAmount },
  { key: "renewalsCount", zh: "续贷笔数", en: "renewals", kind: "count", definition: "Loans that renew another (无还本续贷, 接力贷/年审贷).", value: (r) => r.figures.renewalsCount },
  { key: "renewalsAmount", zh: "续贷金额", en: "renewals amount", kind: "money", definition: "Σ principal of those renewals, yuan.", value: (r) => r.figures.renewalsAmount },
  {
    key: "medianDaysToApproval",
    zh: "审批用时中位数",
    en: "median days to approval",
    kind: "days",
    definition: "Median calendar days (China time) from submitting the application to its approval, over the loans disbursed from an application; empty when none.",
    value: (r) => r.figures.medianDaysToApproval,
  },
  {
    key: "medianDaysToDisbursement",
    zh: "放款用时中位数",
    en: "median days to disbursement",
    kind: "days",
    definition: "The same from submitting the application to the disbursement day.",
    value: (r) => r.figures.medianDaysToDisbursement,
  },
  {
    key: "rejections",
    zh: "拒绝件数",
    en: "rejections",
    kind: "count",
    definition: "Applications rejected on a day in the period, with the same filter and scope, for any reason.",
    value: (r) => r.figures.rejections.reduce((sum, x) => sum + x.count, 0),
  },
  ...REJECTION_REASONS.map(
    (reason): ReportColumn => ({
      key: `rejected.${reason}`,
      zh: `拒绝:${REASON_LABEL[reason]}`,
      en: `rejected ${reason}`,
      kind: "count",
      definition: `Of those, rejected for ${REASON_LABEL[reason]} (${reason}).`,
      value: (r) => rejectionsOf(r.figures, reason),
    }),
  ),
];

/** A file's columns: the row type, the key columns of each grouped dimension in order, the figures. */
export function reportColumns(groupBy: readonly ReportGroupBy[]): ReportColumn[] {
  return [ROW_TYPE_COLUMN, ...groupBy.flatMap((d) => KEY_COLUMNS[d]), ...FIGURE_COLUMNS];
}

// ---------------------------------------------------------------------------------------------
// The CSV's text of each kind.

/** The header record's fields. */
export function csvHeader(groupBy: readonly ReportGroupBy[]): string[] {
  return reportColumns(groupBy).map((c) => columnHeader(c, "csv"));
}

function csvValue(column: ReportColumn, row: LendingReportRow): string | number | null {
  const value = columnValue(column, row);
  return column.kind === "days" && typeof value === "number" ? value.toFixed(1) : value;
}

/** A row's record (a group: its key columns in Chinese, the bank's name and id, the figures; the totals: empty key columns). */
export function csvRowRecord(columns: readonly ReportColumn[], row: LendingReportRow): string {
  return csvRecord(columns.map((c) => csvValue(c, row)));
}

/** `lending-report-<from>-<to>.<extension>`; an open end reads "all". */
export function exportFileName(from: LocalDate | null, to: LocalDate | null, extension: ExportFormat): string {
  return `lending-report-${from ?? "all"}-${to ?? "all"}.${extension}`;
}

// ---------------------------------------------------------------------------------------------
// The XLSX's typed cells of each kind.

/** Number formats of the XLSX cells per kind (Excel's codes); text has none. */
export const XLSX_NUMBER_FORMAT: Readonly<Record<ColumnKind, string | null>> = {
  text: null,
  count: "#,##0",
  money: "#,##0.00",
  bp: "0.00%",
  days: "0.0",
  month: "yyyy-mm",
};

/**
 * A money amount as an XLSX cell: a number when the decimal string survives the trip through a
 * double exactly — at most 15 significant digits, i.e. up to 13 digits of yuan and 2 of fen
 * (below 10 万亿元), which is also all the digits Excel keeps — so that a reader's SUM works; a
 * larger amount stays the exact decimal text rather than a number rounded to the yuan or more.
 */
export function xlsxMoney(amount: string): number | string {
  return /^\d{1,13}\.\d{2}$/.test(amount) ? Number(amount) : amount;
}

/** "YYYY-MM" or "YYYY-MM-DD" as the UTC midnight of that day (the first of the month): Excel's date serial, with no time zone shift. */
export function xlsxDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number | undefined];
  return new Date(Date.UTC(y, m - 1, d ?? 1));
}

/** A cell of the XLSX: bp as the fraction (345 → 0.0345, shown 3.45%), money per xlsxMoney, a month as a date; null: empty. */
export function xlsxValue(column: ReportColumn, row: LendingReportRow): string | number | Date | null {
  const value = columnValue(column, row);
  if (value === null) return null;
  switch (column.kind) {
    case "money":
      return xlsxMoney(value as string);
    case "bp":
      return (value as number) / 10_000;
    case "month":
      return xlsxDate(value as string);
    default:
      return value;
  }
}

// ---------------------------------------------------------------------------------------------
// The export's query string: GET /reports/lending.csv?from=&to=&regionCode=&tiers=A,B&levels=&bankIds=&categories=&groupBy=TIER,MONTH

export const CSV_QUERY_PARAMS = ["from", "to", "regionCode", "tiers", "levels", "bankIds", "categories", "groupBy"] as const;

export interface CsvQuery {
  filter: LendingFilterInputShape;
  groupBy: ReportGroupBy[];
}

/**
 * Reads the export's query parameters (as Express parses them: a string, or a list when repeated)
 * into the lending filter's input and the grouping. Lists are comma-separated (repeating the
 * parameter appends); empty values are absent. Every unknown parameter, repeated single value and
 * unknown enum value is a violation naming the parameter (`tiers[1]`), all reported at once; the
 * filter's own rules (dates, region, ids) are checked by parseLendingFilter afterwards.
 */
export function parseCsvQuery(query: Readonly<Record<string, unknown>>): CsvQuery {
  const v = new Violations();
  for (const name of Object.keys(query)) {
    if (!(CSV_QUERY_PARAMS as readonly string[]).includes(name)) {
      v.add(name, "param.unknown", msg("param.unknown", { allowed: CSV_QUERY_PARAMS }));
    }
  }
  const texts = (name: string): string[] => {
    const raw = query[name];
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (values.some((x) => typeof x !== "string")) {
      v.add(name, "param.format", msg("param.format"));
      return [];
    }
    return values as string[];
  };
  const single = (name: string): string | null => {
    const values = texts(name).filter((x) => x.trim() !== "");
    if (values.length > 1) v.add(name, "param.repeated", msg("param.repeated", { got: values.length }));
    return values[0]?.trim() ?? null;
  };
  const list = <E extends string>(name: string, allowed: readonly E[] | null): E[] | null => {
    const items = texts(name)
      .flatMap((x) => x.split(","))
      .map((x) => x.trim())
      .filter((x) => x !== "");
    if (allowed !== null) {
      items.forEach((item, i) => {
        if (!(allowed as readonly string[]).includes(item)) v.add(`${name}[${i}]`, "enum.value", msg("enum.value", { raw: item, allowed }));
      });
    }
    return items.length === 0 ? null : (items as E[]);
  };
  const filter: LendingFilterInputShape = {
    from: single("from"),
    to: single("to"),
    regionCode: single("regionCode"),
    tiers: list("tiers", Object.values(CertificationTier)),
    levels: list("levels", Object.values(CertificationLevel)),
    bankIds: list("bankIds", null),
    categories: list("categories", Object.values(LoanProductCategory)),
  };
  const groupBy = list("groupBy", Object.values(ReportGroupBy));
  v.throwIfAny();
  return { filter, groupBy: normalizeGroupBy(groupBy) };
}
