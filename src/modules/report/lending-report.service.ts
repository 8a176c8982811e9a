import type { DataSource } from "typeorm";
import type { Viewer } from "../../domain/access";
import type { LocalDate } from "../../domain/dates";
import { normalizeGroupBy, type LendingFiguresData, type LendingGroupKeyData } from "../../domain/lending-report";
import { parseLendingFilter, REPORT_ROLES, reportScope, type LendingFilterInputShape, type ReportGroupBy } from "../../domain/reporting";
import { runLendingReport, streamLendingReport, type LendingQuery, type LendingReportRow } from "./lending-report.repository";

/** What lendingReport answers (LendingReport in the schema). */
export interface LendingReportData {
  groupBy: ReportGroupBy[];
  groups: Array<{ key: LendingGroupKeyData; figures: LendingFiguresData }>;
  totals: LendingFiguresData;
  asOf: LocalDate;
}

const NO_FILTER = parseLendingFilter(null);

/**
 * The lending report (放款统计报表, docs/reporting.md): who may read which loans, the filter's
 * rules, and the answer's shape. The figures come from the three statements of
 * lending-report.repository.ts (sums, medians, rejections), which the GraphQL query and the CSV
 * export share.
 */
export class LendingReportService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Checks the caller and the request: FORBIDDEN for FIRM and GUARANTOR callers (before anything
   * else), BAD_USER_INPUT naming each broken rule of the filter (`field` prefixes the paths), then
   * FORBIDDEN for a region outside a regulator's jurisdiction or another bank named by a BANK.
   */
  prepare(viewer: Viewer, filter: LendingFilterInputShape | null | undefined, groupBy: readonly ReportGroupBy[] | null | undefined, field = "filter"): LendingQuery {
    if (!REPORT_ROLES.includes(viewer.role)) reportScope(viewer, NO_FILTER);
    const parsed = parseLendingFilter(filter, field);
    return { filter: parsed, scope: reportScope(viewer, parsed), groupBy: normalizeGroupBy(groupBy) };
  }

  /** lendingReport: the groups and totals, balances as of `today`. */
  async report(
    viewer: Viewer,
    filter: LendingFilterInputShape | null | undefined,
    groupBy: readonly ReportGroupBy[] | null | undefined,
    today: LocalDate,
  ): Promise<LendingReportData> {
    const query = this.prepare(viewer, filter, groupBy);
    const rows = await runLendingReport(this.ds, query);
    const totals = rows.find((r) => r.total);
    if (!totals) throw new Error("The lending report's SQL returned no totals row.");
    return {
      groupBy: [...query.groupBy],
      groups: rows.filter((r) => !r.total).map((r) => ({ key: r.key, figures: r.figures })),
      totals: totals.figures,
      asOf: today,
    };
  }

  /**
   * The same rows for an export, streamed: the groups in order, then the totals row; `onRow` is
   * called as the rows are read from server-side cursors and may return false to stop.
   */
  stream(query: LendingQuery, onRow: (row: LendingReportRow) => Promise<boolean>): Promise<void> {
    return streamLendingReport(this.ds, query, onRow);
  }
}
