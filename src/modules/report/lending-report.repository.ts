import type { DataSource, QueryRunner } from "typeorm";
import type { CertificationLevel, CertificationTier, LoanProductCategory, RejectionReasonCode } from "../../domain/enums";
import {
  mergeSortedParts,
  rejectionList,
  REJECTION_REASONS,
  type LendingFiguresData,
  type LendingGroupKeyData,
  type LendingReportRow,
  type ReportPart,
} from "../../domain/lending-report";
import { normalizeMoney } from "../../domain/money";
import { ReportGroupBy, type LendingFilter, type ReportScope } from "../../domain/reporting";
import { LEVEL_ORDER, TIER_ORDER } from "../../domain/tier";
import { LoanProductCategory as Category } from "../../domain/enums";

/**
 * The lending report's SQL (docs/reporting.md, "Lending report" and "Performance"). Aggregates are
 * computed in PostgreSQL only; nothing per loan reaches Node. Three statements, run one after the
 * other in one read-only REPEATABLE READ transaction (so they see the same data), each returning
 * one row per group and one totals row, sorted by the same text key:
 *
 *   sums        the additive figures: one scan of `loan` alone (the report's facts are stored on
 *               the row by the trigger of migration LendingReportFacts), GROUP BY the dimensions
 *               (PostgreSQL runs it in parallel); the totals row adds up the groups' exact sums;
 *               weighted rate, credit and guaranteed shares are divided out here, on the exact sums;
 *   medians     percentile_cont(0.5) of the days to approval and to disbursement, per group and over
 *               all the loans (GROUPING SETS ((dimensions), ())): a median is not additive; the
 *               dimensions but BANK are grouped as one packed bigint (Dimension.packed), which
 *               PostgreSQL sorts about a third faster than the separate enum, date and int columns;
 *   rejections  the matching REJECTED applications counted per reason, per group and in total, from
 *               the facts stored on each rejected application (migration RejectionReportFacts) in
 *               one index-only scan, with no join.
 *
 * The rows of the three are merged by their sort key (mergeSortedParts, src/domain/lending-report.ts):
 * a group is every key that has loans or rejections. The sort key is built in SQL from fixed-width
 * parts in the order of `groupBy` — tier and level rank (9 = no certification), region code, bank id,
 * category rank, month — and '~' for the totals, and compared as bytes (COLLATE "C"), which is how
 * JavaScript compares these ASCII strings, so the merged order is the SQL order. The GraphQL query
 * reads the three results whole (a row per group); the CSV export reads them through server-side
 * cursors and merges as it writes. Both use these statements: the same figures by construction.
 */

export interface LendingQuery {
  filter: LendingFilter;
  scope: ReportScope;
  /** Deduplicated; the groups are ordered by these dimensions in this order. */
  groupBy: readonly ReportGroupBy[];
}

export type { LendingReportRow };

const CATEGORY_ORDER: readonly Category[] = Object.values(Category);
/** A value's rank in `values`, 1-based, or `none` (null: no certification; an unknown category). */
const rankOf = (column: string, values: readonly string[], none: number) =>
  `coalesce(CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i + 1}`).join(" ")} END, ${none})`;
/** The same rank as fixed-width text, for the sort key. */
const rankCase = (column: string, values: readonly string[], width: number, none: string) => `lpad(${rankOf(column, values, Number(none))}::text, ${width}, '0')`;

/**
 * Per dimension: the output column, the fact for a loan and for a rejection, and its part of the
 * sort key (fixed width, so that the concatenation sorts by the parts in order).
 */
interface Dimension {
  column: string;
  loan: string;
  rejection: string;
  sortKey: (g: string) => string;
  out: (g: string) => string;
  /**
   * The loan's value as a small whole number below `radix` (`rank`), and back (`decode` gives the
   * value of `loan` again): the medians group by one bigint packed from these (packedKey), which
   * sorts far faster than several columns of enums and dates. Absent for BANK (a UUID).
   */
  packed?: { rank: string; radix: number; decode: (n: string) => string };
}

const valueOf = (n: string, values: readonly string[], type: string) => `CASE ${n} ${values.map((v, i) => `WHEN ${i + 1} THEN '${v}'::${type}`).join(" ")} END`;
/** Months are packed as days since this day (report_month is always a first of month after it). */
const DAY_ZERO = "DATE '1900-01-01'";

const DIMENSIONS: Readonly<Record<ReportGroupBy, Dimension>> = {
  [ReportGroupBy.TIER]: {
    column: "d_tier",
    loan: "l.tier_at_disbursement",
    rejection: "a.rejected_tier",
    sortKey: (g) => rankCase(`${g}.d_tier`, TIER_ORDER, 1, "9"),
    out: (g) => `${g}.d_tier::text AS tier`,
    packed: { rank: rankOf("l.tier_at_disbursement", TIER_ORDER, 9), radix: 10, decode: (n) => valueOf(n, TIER_ORDER, "certification_tier") },
  },
  [ReportGroupBy.LEVEL]: {
    column: "d_level",
    loan: "l.level_at_disbursement",
    rejection: "a.rejected_level",
    sortKey: (g) => rankCase(`${g}.d_level`, LEVEL_ORDER, 1, "9"),
    out: (g) => `${g}.d_level::text AS level`,
    packed: { rank: rankOf("l.level_at_disbursement", LEVEL_ORDER, 9), radix: 10, decode: (n) => valueOf(n, LEVEL_ORDER, "certification_level") },
  },
  [ReportGroupBy.REGION]: {
    column: "d_region",
    // Grouped as a number: codes are six digits starting 1–8 (chk_firm_region), so the number's text
    // is the code, and integers sort and hash far faster than char(6) in the database's collation.
    loan: "l.firm_region_code::int",
    rejection: "a.rejected_region_code::int",
    sortKey: (g) => `${g}.d_region::text`,
    out: (g) => `${g}.d_region::text AS region_code`,
    packed: { rank: "l.firm_region_code::int", radix: 1_000_000, decode: (n) => `${n}::int` },
  },
  [ReportGroupBy.BANK]: {
    column: "d_bank",
    loan: "l.institution_id",
    rejection: "a.rejected_institution_id",
    sortKey: (g) => `${g}.d_bank::text`,
    out: (g) => `${g}.d_bank::text AS bank_id`,
  },
  [ReportGroupBy.CATEGORY]: {
    column: "d_category",
    loan: "l.product_category",
    rejection: "a.rejected_category",
    sortKey: (g) => rankCase(`${g}.d_category`, CATEGORY_ORDER, 2, "99"),
    out: (g) => `${g}.d_category::text AS category`,
    packed: { rank: rankOf("l.product_category", CATEGORY_ORDER, 99), radix: 100, decode: (n) => valueOf(n, CATEGORY_ORDER, "loan_product_category") },
  },
  [ReportGroupBy.MONTH]: {
    column: "d_month",
    loan: "l.report_month",
    rejection: "date_trunc('month', a.rejected_on::timestamp)::date",
    sortKey: (g) => `to_char(${g}.d_month, 'YYYY-MM')`,
    out: (g) => `to_char(${g}.d_month, 'YYYY-MM') AS month`,
    packed: { rank: `(l.report_month - ${DAY_ZERO})`, radix: 1_000_000, decode: (n) => `(${DAY_ZERO} + ${n}::int)` },
  },
};

/**
 * 保证贷款 (guaranteed loan): a government guarantee agency guarantees it (`guarantee_agency_id`, as
 * disburseLoan and renewLoan decide "guaranteed"), whether or not collateral is pledged too.
 */
const GUARANTEED_LOAN = "l.guarantee_agency_id IS NOT NULL";
/** 信用贷款 (credit loan): lent on credit alone, neither collateral nor a guarantee. */
const CREDIT_LOAN = `l.collateral = '{}' AND NOT (${GUARANTEED_LOAN})`;

/** The sort key of the totals row: after every group key (digits, hex and '-' are below '~'). */
export const TOTALS_SORT_KEY = "~";

export interface Statement {
  sql: string;
  params: unknown[];
}

/** The three statements of a report (see the module comment). */
export function lendingReportStatements(q: LendingQuery): { sums: Statement; medians: Statement; rejections: Statement } {
  const { filter, scope, groupBy } = q;
  const dims = groupBy.map((d) => DIMENSIONS[d]);
  // The filter, once for loans and once for rejections (their facts: migration RejectionReportFacts),
  // with its own parameters per statement.
  const conditions = (p: (value: unknown, cast?: string) => string) => {
    const loan: string[] = [];
    const rejection: string[] = ["a.status = 'REJECTED'", "a.rejected_on IS NOT NULL"];
    const both = (loanSql: string, rejectionSql: string) => {
      loan.push(loanSql);
      rejection.push(rejectionSql);
    };
    if (filter.from !== null) {
      const from = p(filter.from, "::date");
      both(`l.disbursed_on >= ${from}`, `a.rejected_on >= ${from}`);
    }
    if (filter.to !== null) {
      const to = p(filter.to, "::date");
      both(`l.disbursed_on <= ${to}`, `a.rejected_on <= ${to}`);
    }
    if (scope.regionPrefix !== null) {
      const prefix = p(`${scope.regionPrefix}%`);
      both(`l.firm_region_code LIKE ${prefix}`, `a.rejected_region_code LIKE ${prefix}`);
    }
    if (scope.institutionId !== null) {
      const bank = p(scope.institutionId, "::uuid");
      both(`l.institution_id = ${bank}`, `a.rejected_institution_id = ${bank}`);
    }
    if (filter.bankIds !== null) {
      const banks = p(filter.bankIds, "::uuid[]");
      both(`l.institution_id = ANY(${banks})`, `a.rejected_institution_id = ANY(${banks})`);
    }
    if (filter.tiers !== null) {
      const tiers = p(filter.tiers, "::certification_tier[]");
      both(`l.tier_at_disbursement = ANY(${tiers})`, `a.rejected_tier = ANY(${tiers})`);
    }
    if (filter.levels !== null) {
      const levels = p(filter.levels, "::certification_level[]");
      both(`l.level_at_disbursement = ANY(${levels})`, `a.rejected_level = ANY(${levels})`);
    }
    if (filter.categories !== null) {
      const categories = p(filter.categories, "::loan_product_category[]");
      both(`l.product_category = ANY(${categories})`, `a.rejected_category = ANY(${categories})`);
    }
    return { loan, rejection };
  };
  const statement = (build: (p: (value: unknown, cast?: string) => string) => string): Statement => {
    const params: unknown[] = [];
    const p = (value: unknown, cast = "") => {
      params.push(value);
      return `$${params.length}${cast}`;
    };
    return { sql: build(p), params };
  };

  const where = (list: string[]) => (list.length > 0 ? `WHERE ${list.join(" AND ")}` : "");
  const loanDims = dims.map((d) => `${d.loan} AS ${d.column}, `).join("");
  const rejectionDims = dims.map((d) => `${d.rejection} AS ${d.column}, `).join("");
  const sets = (exprs: string[]) => (exprs.length === 0 ? "()" : `GROUPING SETS ((${exprs.join(", ")}), ())`);
  const totalFlag = (exprs: string[]) => (exprs.length === 0 ? "1" : `GROUPING(${exprs[0]})`);
  // The key columns every statement returns, from its grouped row `g`.
  const keyOut = (g: string) =>
    [
      `(CASE WHEN ${g}.total = 1 THEN '${TOTALS_SORT_KEY}' ELSE ${dims.length === 0 ? "''" : dims.map((d) => d.sortKey(g)).join(" || ")} END) COLLATE "C" AS sort_key`,
      `${g}.total = 1 AS total`,
      ...dims.map((d) => d.out(g)),
      groupBy.includes(ReportGroupBy.BANK) ? "fi.name AS bank_name" : "NULL AS bank_name",
    ].join(", ");
  const bankJoin = (g: string) => (groupBy.includes(ReportGroupBy.BANK) ? `LEFT JOIN financial_institution fi ON fi.id = ${g}.d_bank` : "");
  const order = "ORDER BY sort_key";
  const onlyTotals = dims.length === 0 ? "WHERE g.total = 1" : "";

  /** A part of the group's principal in bp of it, rounded half up on the exact sums; null without loans. */
  const shareBp = (part: string) => `CASE WHEN g.amount > 0 THEN div(20000 * ${part} + g.amount, 2 * g.amount)::int END`;
  const DAYS_APPROVAL = "l.application_approved_on - l.application_submitted_on";
  const DAYS_DISBURSEMENT = "l.disbursed_on - l.application_submitted_on";
  const sums = statement((p) => {
    const c = conditions(p);
    return `
WITH groups AS MATERIALIZED (
  SELECT ${loanDims}
         count(*) AS loans_count,
         sum(l.principal) AS amount,
         sum(l.outstanding) AS balance,
         sum(l.rate_weight) AS rate_weight,
         coalesce(sum(l.principal) FILTER (WHERE ${CREDIT_LOAN}), 0) AS credit_amount,
         coalesce(sum(l.principal) FILTER (WHERE ${GUARANTEED_LOAN}), 0) AS guaranteed_amount,
         count(*) FILTER (WHERE l.is_first_loan) AS first_count,
         coalesce(sum(l.principal) FILTER (WHERE l.is_first_loan), 0) AS first_amount,
         count(*) FILTER (WHERE l.renews_loan_id IS NOT NULL) AS renewals_count,
         coalesce(sum(l.principal) FILTER (WHERE l.renews_loan_id IS NOT NULL), 0) AS renewals_amount
    FROM loan l
   ${where(c.loan)}
   ${dims.length === 0 ? "" : `GROUP BY ${dims.map((d) => d.loan).join(", ")}`}
), g AS (
  SELECT 0 AS total, * FROM groups
  UNION ALL
  SELECT 1, ${dims.map((d) => `NULL AS ${d.column}, `).join("")}coalesce(sum(loans_count), 0), coalesce(sum(amount), 0), coalesce(sum(balance), 0), sum(rate_weight),
         coalesce(sum(credit_amount), 0), coalesce(sum(guaranteed_amount), 0), coalesce(sum(first_count), 0), coalesce(sum(first_amount), 0), coalesce(sum(renewals_count), 0), coalesce(sum(renewals_amount), 0)
    FROM groups
)
SELECT ${keyOut("g")},
       g.loans_count::int AS loans_count, coalesce(g.amount, 0)::text AS amount, coalesce(g.balance, 0)::text AS balance,
       CASE WHEN g.amount > 0 THEN div(2 * g.rate_weight + g.amount, 2 * g.amount)::int END AS weighted_rate_bp,
       ${shareBp("g.credit_amount")} AS credit_share_bp, ${shareBp("g.guaranteed_amount")} AS guaranteed_share_bp,
       g.first_count::int AS first_count, g.first_amount::text AS first_amount,
       g.renewals_count::int AS renewals_count, g.renewals_amount::text AS renewals_amount
  FROM g ${bankJoin("g")}
 ${onlyTotals}
 ${order}`;
  });

  // The medians group by one bigint packing every dimension but BANK (each a rank below its radix,
  // the first dimension most significant) and by the bank when grouped by BANK; the dimensions are
  // decoded from it for the output, which is therefore the same as the other statements'.
  const packed = dims.filter((d) => d.packed);
  const packedKey = packed.map((d, i) => `${d.packed!.rank}::int8${packed.slice(i + 1).map((after) => ` * ${after.packed!.radix}`).join("")}`).join(" + ");
  const medianGroups = [...(packed.length > 0 ? ["m.k"] : []), ...(groupBy.includes(ReportGroupBy.BANK) ? ["m.d_bank"] : [])];
  const decoded = dims.map((d) => {
    if (!d.packed) return `m.${d.column} AS ${d.column}, `;
    const divisor = packed.slice(packed.indexOf(d) + 1).reduce((product, after) => product * after.packed!.radix, 1);
    return `${d.packed.decode(`((m.k / ${divisor}) % ${d.packed.radix})`)} AS ${d.column}, `;
  });
  const medians = statement((p) => {
    const c = conditions(p);
    return `
SELECT ${keyOut("g")},
       round(g.median_approval::numeric, 1)::float8 AS median_approval,
       round(g.median_disbursement::numeric, 1)::float8 AS median_disbursement
  FROM (
    SELECT ${totalFlag(medianGroups)} AS total, ${decoded.join("")}
           percentile_cont(0.5) WITHIN GROUP (ORDER BY m.days_approval) AS median_approval,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY m.days_disbursement) AS median_disbursement
      FROM (
        SELECT ${packed.length > 0 ? `${packedKey} AS k, ` : ""}${groupBy.includes(ReportGroupBy.BANK) ? `${DIMENSIONS.BANK.loan} AS d_bank, ` : ""}
               ${DAYS_APPROVAL} AS days_approval, ${DAYS_DISBURSEMENT} AS days_disbursement
          FROM loan l
         ${where(["l.application_submitted_on IS NOT NULL", ...c.loan])}
      ) m
     GROUP BY ${sets(medianGroups)}
  ) g ${bankJoin("g")}
 ${onlyTotals}
 ${order}`;
  });

  const rejections = statement((p) => {
    const c = conditions(p);
    return `
SELECT ${keyOut("g")}, ${REJECTION_REASONS.map((_r, i) => `g.r_${i}::int AS r_${i}`).join(", ")}
  FROM (
    SELECT ${totalFlag(dims.map((d) => d.rejection))} AS total, ${rejectionDims}
           ${REJECTION_REASONS.map((r, i) => `count(*) FILTER (WHERE a.rejection_reason_code = '${r}') AS r_${i}`).join(", ")}
      FROM application a
     ${where(c.rejection)}
     GROUP BY ${sets(dims.map((d) => d.rejection))}
  ) g ${bankJoin("g")}
 ${onlyTotals}
 ${order}`;
  });

  return { sums, medians, rejections };
}

// ---------------------------------------------------------------------------------------------
// Rows.

interface KeyRow {
  sort_key: string;
  total: boolean;
  tier?: string | null;
  level?: string | null;
  region_code?: string | null;
  bank_id?: string | null;
  bank_name: string | null;
  category?: string | null;
  month?: string | null;
}

function partOf(raw: KeyRow, figures: Partial<LendingFiguresData>): ReportPart {
  const key: LendingGroupKeyData = {
    tier: (raw.tier ?? null) as CertificationTier | null,
    level: (raw.level ?? null) as CertificationLevel | null,
    regionCode: raw.region_code ?? null,
    bankId: raw.bank_id ?? null,
    category: (raw.category ?? null) as LoanProductCategory | null,
    month: raw.month ?? null,
  };
  return { sortKey: raw.sort_key, total: raw.total, key, bankName: raw.bank_name, figures };
}

const PARTS: ReadonlyArray<{ name: "sums" | "medians" | "rejections"; read: (raw: any) => ReportPart }> = [
  {
    name: "sums",
    read: (raw) =>
      partOf(raw, {
        loansCount: raw.loans_count,
        amountDisbursed: normalizeMoney(raw.amount),
        balanceOutstanding: normalizeMoney(raw.balance),
        weightedAverageRateBp: raw.weighted_rate_bp,
        creditLoanShareBp: raw.credit_share_bp,
        guaranteedLoanShareBp: raw.guaranteed_share_bp,
        firstTimeBorrowersCount: raw.first_count,
        firstTimeAmount: normalizeMoney(raw.first_amount),
        renewalsCount: raw.renewals_count,
        renewalsAmount: normalizeMoney(raw.renewals_amount),
      }),
  },
  { name: "medians", read: (raw) => partOf(raw, { medianDaysToApproval: raw.median_approval, medianDaysToDisbursement: raw.median_disbursement }) },
  {
    name: "rejections",
    read: (raw) =>
      partOf(raw, {
        rejections: rejectionList(Object.fromEntries(REJECTION_REASONS.map((r, i) => [r, raw[`r_${i}`] as number])) as Partial<Record<RejectionReasonCode, number>>),
      }),
  },
];

// ---------------------------------------------------------------------------------------------
// Running: one connection, one transaction, one snapshot.

/**
 * Memory for each statement's aggregation (hash tables of the groups, the medians' sorts), for its
 * transaction only: a report grouped by several dimensions at 1,000,000 loans has thousands of
 * groups and sorts a million rows, which the default 4 MB would spill to disk.
 */
export const REPORT_WORK_MEM = "128MB";

/**
 * Runs `work` in a REPEATABLE READ transaction (the three statements see the same loans) on a
 * connection of its own, with the report's planner settings. Read-only, except for the export's
 * temporary tables (`readOnly: false`).
 */
async function inReportTransaction<T>(ds: DataSource, readOnly: boolean, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  let open = false;
  try {
    await runner.query(`START TRANSACTION ISOLATION LEVEL REPEATABLE READ${readOnly ? " READ ONLY" : ""}`);
    open = true;
    await runner.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
    // Worker processes pay off for these scans of a million rows and their sorts even when the
    // planner expects many groups (measured: docs/reporting.md, "Performance").
    await runner.query("SET LOCAL parallel_setup_cost = 100");
    await runner.query("SET LOCAL parallel_tuple_cost = 0.001");
    const result = await work(runner);
    await runner.query("COMMIT");
    open = false;
    return result;
  } finally {
    if (open) await runner.query("ROLLBACK").catch(() => undefined);
    await runner.release();
  }
}

/** The whole report, groups in order and the totals row last (the GraphQL query: one row per group, never per loan). */
export function runLendingReport(ds: DataSource, q: LendingQuery): Promise<LendingReportRow[]> {
  const statements = lendingReportStatements(q);
  return inReportTransaction(ds, true, async (runner) => {
    const sources: Array<AsyncIterable<ReportPart>> = [];
    for (const part of PARTS) {
      const raws = (await runner.query(statements[part.name].sql, statements[part.name].params)) as unknown[];
      sources.push(arraySource(raws.map(part.read)));
    }
    const rows: LendingReportRow[] = [];
    for await (const row of mergeSortedParts(sources)) rows.push(row);
    return rows;
  });
}

/**
 * The same rows streamed (the CSV export), in order, to `onRow` (returning false stops: the client
 * went away). Each statement's result — one row per group — is kept on the server in a temporary
 * table (computed with worker processes: a cursor over the statement itself would run it in one
 * process) and read back through a server-side cursor, `batchSize` rows at a time as the merge needs
 * them; nothing is gathered in Node.
 */
export function streamLendingReport(ds: DataSource, q: LendingQuery, onRow: (row: LendingReportRow) => Promise<boolean>, batchSize = 500): Promise<void> {
  const statements = lendingReportStatements(q);
  return inReportTransaction(ds, false, async (runner) => {
    for (const [i, part] of PARTS.entries()) {
      await runner.query(`CREATE TEMPORARY TABLE lending_report_${i} ON COMMIT DROP AS ${statements[part.name].sql}`, statements[part.name].params);
      await runner.query(`DECLARE lending_report_cursor_${i} NO SCROLL CURSOR FOR SELECT * FROM lending_report_${i} ORDER BY sort_key`);
    }
    const sources = PARTS.map((part, i) => cursorSource(runner, `lending_report_cursor_${i}`, part.read, batchSize));
    for await (const row of mergeSortedParts(sources)) {
      if (!(await onRow(row))) break;
    }
  });
}

async function* arraySource(parts: ReportPart[]): AsyncGenerator<ReportPart> {
  yield* parts;
}

/** One statement's rows from its cursor, a batch at a time (the merge asks for them one source after the other). */
async function* cursorSource(runner: QueryRunner, cursor: string, read: (raw: any) => ReportPart, batchSize: number): AsyncGenerator<ReportPart> {
  for (;;) {
    const raws = (await runner.query(`FETCH FORWARD ${Math.max(1, Math.floor(batchSize))} FROM ${cursor}`)) as unknown[];
    if (raws.length === 0) return;
    for (const raw of raws) yield read(raw);
  }
}
