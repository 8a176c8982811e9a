import type { Response } from "express";
import { CSV_BOM, csvHeader, csvRecord, csvRowRecord, exportFileName, reportColumns } from "../../domain/lending-report";
import { drained, type ExportRequest } from "./lending-export";

/**
 * GET /reports/lending.csv — the lending report as a CSV file (docs/reporting.md, "CSV export");
 * the request's checks, errors and rate limit are lending-export.ts's. The file is UTF-8 with a byte
 * order mark (so Excel shows the Chinese names), RFC 4180, a header record, one record per group,
 * then the totals record (合计), the columns of domain/lending-report.ts's reportColumns; it is
 * written in chunks of about 64 KB as the rows are read, never built whole. Nothing is sent before
 * the first chunk is full or the report ends, so an error in the statements is still a JSON answer.
 */
export async function writeLendingCsv(request: ExportRequest, res: Response): Promise<void> {
  const { query } = request;
  const columns = reportColumns(query.groupBy);
  let started = false;
  let chunk = "";
  const flush = async (): Promise<boolean> => {
    if (!started) {
      request.begin("text/csv; charset=utf-8", exportFileName(query.filter.from, query.filter.to, "csv"));
      chunk = CSV_BOM + csvRecord(csvHeader(query.groupBy)) + chunk;
      started = true;
    }
    const text = chunk;
    chunk = "";
    if (!res.write(text)) await drained(res);
    return !res.destroyed;
  };
  await request.rows(async (row) => {
    chunk += csvRowRecord(columns, row);
    return chunk.length < 65_536 || (await flush());
  });
  if (!res.destroyed && (!started || chunk.length > 0)) await flush();
  if (!res.destroyed) res.end();
}
