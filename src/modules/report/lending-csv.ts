import type { Request, RequestHandler, Response } from "express";
import { toChinaDate } from "../../domain/dates";
import { AppError, UnauthenticatedError, ValidationError, type ErrorCode } from "../../domain/errors";
import { CSV_BOM, csvFileName, csvGroupRecord, csvHeader, csvRecord, csvTotalsRecord, parseCsvQuery } from "../../domain/lending-report";
import { rateLimit } from "../../graphql/limits";
import type { Services } from "../../services";
import type { TokenService } from "../auth/token.service";
import { msg, negotiateLocale, type Locale } from "../../i18n";

/**
 * GET /reports/lending.csv — the lending report as a CSV file (docs/reporting.md, "CSV export"):
 * the same filter, grouping, scope and figures as the lendingReport query (the same service and
 * SQL), authorised the same way (Authorization: Bearer <token>). Errors are JSON
 * `{ code, message, violations? }` (messages in the Accept-Language's language, docs/architecture.md): 401 UNAUTHENTICATED, 403 FORBIDDEN, 400 BAD_USER_INPUT naming
 * each bad query parameter, 429 from the rate limit. The file is UTF-8 with a byte order mark (so
 * Excel shows the Chinese names), RFC 4180, a header record, one record per group, then the totals
 * record (合计); it is written as the rows are read from a server-side cursor, never built whole.
 */

const STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export interface LendingCsvDeps {
  services: Services;
  tokens: TokenService;
  ratePerMinute: number;
  /** Called for each request the rate limiter refuses (the metrics count them). */
  onRateLimited?: () => void;
  /** The clock for the balances' day (tests). */
  now?: () => Date;
  log?: (message: string, error: unknown) => void;
}

/** The route's handlers: the per-token rate limit, then the export. */
export function lendingCsvHandlers(deps: LendingCsvDeps): RequestHandler[] {
  return [rateLimit(deps.ratePerMinute, { onRefused: deps.onRateLimited }), (req, res) => exportLendingCsv(deps, req, res)];
}

async function exportLendingCsv(deps: LendingCsvDeps, req: Request, res: Response): Promise<void> {
  let started = false;
  try {
    const header = req.headers.authorization;
    if (!header) throw new UnauthenticatedError(msg("auth.signIn"));
    const viewer = await deps.tokens.verifyHeader(header);
    const reports = deps.services.lendingReports;
    reports.prepare(viewer, null, []); // FIRM and GUARANTOR callers: FORBIDDEN before the parameters are read
    const { filter, groupBy } = parseCsvQuery(req.query as Record<string, unknown>);
    const query = withParameterNames(() => reports.prepare(viewer, filter, groupBy, "filter"));
    const asOf = toChinaDate((deps.now ?? (() => new Date()))());

    // Rows are written in chunks of about 64 KB, each as soon as it is full (and at the end).
    let chunk = "";
    const flush = async (): Promise<boolean> => {
      if (!started) {
        res.status(200);
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader("Content-Disposition", `attachment; filename="${csvFileName(query.filter.from, query.filter.to)}"`);
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("X-Report-As-Of", asOf);
        chunk = CSV_BOM + csvRecord(csvHeader(query.groupBy)) + chunk;
        started = true;
      }
      const text = chunk;
      chunk = "";
      if (!res.write(text)) await drained(res);
      return !res.destroyed;
    };
    await reports.stream(query, async (row) => {
      chunk += row.total ? csvTotalsRecord(query.groupBy, row.figures) : csvGroupRecord(query.groupBy, row.key, row.bankName, row.figures);
      return chunk.length < 65_536 || (await flush());
    });
    if (!res.destroyed && (!started || chunk.length > 0)) await flush();
    if (!res.destroyed) res.end();
  } catch (e) {
    if (started) {
      // Too late for a status: cut the download short so that it cannot pass for a whole file.
      (deps.log ?? defaultLog)("lending CSV export failed while streaming", e);
      res.destroy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    sendError(res, e, negotiateLocale(req.headers["accept-language"]), deps.log ?? defaultLog);
  }
}

/** Violations of the filter named as the query parameters ("to", "bankIds[1]") instead of "filter.to". */
function withParameterNames<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw e.withFields((f) => f.replace(/^filter\./, ""));
  }
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function sendError(res: Response, e: unknown, locale: Locale, log: (message: string, error: unknown) => void): void {
  if (e instanceof AppError) {
    if (e.code === "UNAUTHENTICATED") res.setHeader("WWW-Authenticate", "Bearer");
    const violations = e instanceof ValidationError ? { violations: e.violationsIn(locale) } : {};
    res.status(STATUS[e.code]).json({ code: e.code, message: e.messageIn(locale), ...violations });
    return;
  }
  log("lending CSV export failed", e);
  res.status(500).json({ code: "INTERNAL_SERVER_ERROR", message: msg("internal.masked").in(locale) });
}

function defaultLog(message: string, error: unknown): void {
  console.error(`[srdi-match] ${message}:`, error);
}
