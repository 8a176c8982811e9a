import { CertificationLevel, CertificationTier, LoanProductCategory, RejectionReasonCode } from "./enums";
import { Violations } from "./errors";
import type { LocalDate } from "./dates";
import { ReportGroupBy, type LendingFilterInputShape } from "./reporting";
import { unique } from "./validate";
import { msg } from "../i18n";

/**
 * The lending report (放款统计报表), the pure part: the shape of its figures, the order of its
 * dimensions and rejection reasons, the CSV export's query parameters, columns, Chinese labels and
 * RFC 4180 quoting. Figures are defined in docs/reporting.md ("Lending report"); the SQL that computes
 * them is src/modules/report/lending-report.repository.ts.
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

const KEY_HEADERS: Readonly<Record<ReportGroupBy, readonly string[]>> = {
  [ReportGroupBy.TIER]: ["认定梯度 tier"],
  [ReportGroupBy.LEVEL]: ["认定层级 level"],
  [ReportGroupBy.REGION]: ["地区代码 region code"],
  [ReportGroupBy.BANK]: ["贷款银行 bank", "银行编号 bank id"],
  [ReportGroupBy.CATEGORY]: ["产品类别 category"],
  [ReportGroupBy.MONTH]: ["放款月份 month"],
};

export const ROW_TYPE_HEADER = "行类型 row";
export const GROUP_ROW = "分组";
export const TOTAL_ROW = "合计";

export const FIGURE_HEADERS: readonly string[] = [
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
  ...REJECTION_REASONS.map((r) => `拒绝:${REASON_LABEL[r]} rejected ${r}`),
];

/** The header record's fields: row type, the key columns of each grouped dimension in order, the figures. */
export function csvHeader(groupBy: readonly ReportGroupBy[]): string[] {
  return [ROW_TYPE_HEADER, ...groupBy.flatMap((d) => KEY_HEADERS[d]), ...FIGURE_HEADERS];
}

function figureFields(f: LendingFiguresData): Array<string | number | null> {
  const byReason = new Map(f.rejections.map((r) => [r.reasonCode, r.count]));
  return [
    f.loansCount,
    f.amountDisbursed,
    f.balanceOutstanding,
    f.weightedAverageRateBp,
    f.creditLoanShareBp,
    f.guaranteedLoanShareBp,
    f.firstTimeBorrowersCount,
    f.firstTimeAmount,
    f.renewalsCount,
    f.renewalsAmount,
    f.medianDaysToApproval === null ? null : f.medianDaysToApproval.toFixed(1),
    f.medianDaysToDisbursement === null ? null : f.medianDaysToDisbursement.toFixed(1),
    f.rejections.reduce((sum, r) => sum + r.count, 0),
    ...REJECTION_REASONS.map((r) => byReason.get(r) ?? 0),
  ];
}

function keyFields(d: ReportGroupBy, key: LendingGroupKeyData, bankName: string | null): Array<string | null> {
  switch (d) {
    case ReportGroupBy.TIER:
      return [key.tier === null ? NO_CERTIFICATION_LABEL : TIER_LABEL[key.tier]];
    case ReportGroupBy.LEVEL:
      return [key.level === null ? NO_CERTIFICATION_LABEL : LEVEL_LABEL[key.level]];
    case ReportGroupBy.REGION:
      return [key.regionCode];
    case ReportGroupBy.BANK:
      return [bankName, key.bankId];
    case ReportGroupBy.CATEGORY:
      return [key.category === null ? null : CATEGORY_LABEL[key.category]];
    case ReportGroupBy.MONTH:
      return [key.month];
  }
}

/** A group's record: its key columns (tier, level and category in Chinese, the bank's name and id) and figures. */
export function csvGroupRecord(groupBy: readonly ReportGroupBy[], key: LendingGroupKeyData, bankName: string | null, figures: LendingFiguresData): string {
  return csvRecord([GROUP_ROW, ...groupBy.flatMap((d) => keyFields(d, key, bankName)), ...figureFields(figures)]);
}

/** The totals record (合计): empty key columns. */
export function csvTotalsRecord(groupBy: readonly ReportGroupBy[], figures: LendingFiguresData): string {
  return csvRecord([TOTAL_ROW, ...groupBy.flatMap((d) => KEY_HEADERS[d].map(() => null)), ...figureFields(figures)]);
}

/** `lending-report-<from>-<to>.csv`; an open end reads "all". */
export function csvFileName(from: LocalDate | null, to: LocalDate | null): string {
  return `lending-report-${from ?? "all"}-${to ?? "all"}.csv`;
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
