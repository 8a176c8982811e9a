import type { Writable } from "node:stream";
import type { Request, RequestHandler, Response } from "express";
import type { Viewer } from "../../domain/access";
import { toChinaDate, type LocalDate } from "../../domain/dates";
import { AppError, UnauthenticatedError, ValidationError, type ErrorCode } from "../../domain/errors";
import { parseCsvQuery, type LendingReportRow } from "../../domain/lending-report";
import type { LendingFilterInputShape } from "../../domain/reporting";
import { chargeRequest, type RateBudget } from "../../graphql/rate-limit";
import { msg, negotiateLocale, type Locale } from "../../i18n";
import type { Services } from "../../services";
import type { TokenService } from "../auth/token.service";
import type { LendingQuery } from "./lending-report.repository";

/**
 * The lending report's file exports (docs/reporting.md, "CSV export" and "XLSX export"), the part
 * they share: GET /reports/lending.<csv|xlsx> with the same query parameters, the same filter,
 * grouping, scope and figures as the lendingReport query (the same service and SQL), authorised the
 * same way (Authorization: Bearer <token>), one per-token rate limit for both. Errors are JSON
 * `{ code, message, violations? }` (messages in the Accept-Language's language, docs/architecture.md): 401 UNAUTHENTICATED, 403 FORBIDDEN, 400 BAD_USER_INPUT naming
 * each bad query parameter, 429 from the rate limit, 500 INTERNAL_SERVER_ERROR. Each format writes
 * the rows as they are read from a server-side cursor, never building the file whole; it sends the
 * status and headers itself (`begin`), and an error after that cuts the connection short.
 */

const STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export interface LendingExportDeps {
  services: Services;
  tokens: TokenService;
  /** The per-token cost budget (shared with GraphQL) and what one export costs from it (RATE_LIMIT_EXPORT_COST). */
  budget: RateBudget;
  exportCost: number;
  /** Called for each request the rate limiter refuses (the metrics count them). */
  onRateLimited?: () => void;
  /** The clock for the balances' day (tests). */
  now?: () => Date;
  log?: (message: string, error: unknown) => void;
}

/** One export's request, checked: what a format writes. */
export interface ExportRequest {
  viewer: Viewer;
  /** The query parameters as given (for a file that records its filter). */
  input: LendingFilterInputShape;
  query: LendingQuery;
  asOf: LocalDate;
  /** The clock's instant of the request. */
  at: Date;
  /** The report's rows in order, groups then totals; `onRow` returns false to stop (the client went away). */
  rows(onRow: (row: LendingReportRow) => Promise<boolean>): Promise<void>;
  /** Sends the status and the headers the formats share with this Content-Type and file name; from here on an error cuts the connection. */
  begin(contentType: string, fileName: string): void;
}

/** A file format: writes the report to the response, calling `begin` before its first byte. */
export type ExportWriter = (request: ExportRequest, res: Response) => Promise<void>;

/** The handlers of each format's route: the export's fixed cost charged to the caller's budget (the one GraphQL spends too), then the export. */
export function lendingExportHandlers<F extends string>(deps: LendingExportDeps, formats: Readonly<Record<F, { label: string; write: ExportWriter }>>): Record<F, RequestHandler[]> {
  const limit = chargeRequest(deps.budget, { points: deps.exportCost, shape: "plain", onRefused: deps.onRateLimited });
  const handlers = {} as Record<F, RequestHandler[]>;
  for (const name of Object.keys(formats) as F[]) {
    const format = formats[name];
    handlers[name] = [limit, (req, res) => runExport(deps, format.label, format.write, req, res)];
  }
  return handlers;
}

async function runExport(deps: LendingExportDeps, label: string, write: ExportWriter, req: Request, res: Response): Promise<void> {
  const log = deps.log ?? defaultLog;
  let started = false;
  try {
    const header = req.headers.authorization;
    if (!header) throw new UnauthenticatedError(msg("auth.signIn"));
    const viewer = await deps.tokens.verifyHeader(header);
    const reports = deps.services.lendingReports;
    reports.prepare(viewer, null, []); // FIRM and GUARANTOR callers: FORBIDDEN before the parameters are read
    const { filter, groupBy } = parseCsvQuery(req.query as Record<string, unknown>);
    const query = withParameterNames(() => reports.prepare(viewer, filter, groupBy, "filter"));
    const at = (deps.now ?? (() => new Date()))();
    const asOf = toChinaDate(at);
    await write(
      {
        viewer,
        input: filter,
        query,
        asOf,
        at,
        rows: (onRow) => reports.stream(query, onRow),
        begin: (contentType, fileName) => {
          res.status(200);
          res.setHeader("Content-Type", contentType);
          res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`);
          res.setHeader("Cache-Control", "no-store");
          res.setHeader("X-Content-Type-Options", "nosniff");
          res.setHeader("X-Report-As-Of", asOf);
          started = true;
        },
      },
      res,
    );
  } catch (e) {
    if (started) {
      // Too late for a status: cut the download short so that it cannot pass for a whole file.
      log(`lending ${label} export failed while streaming`, e);
      res.destroy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    sendError(res, e, negotiateLocale(req.headers["accept-language"]), label, log);
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

/** Resolves when `out` can take more (its `drain`), or when it is closed. */
export function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.on("drain", done);
    out.on("close", done);
  });
}

function sendError(res: Response, e: unknown, locale: Locale, label: string, log: (message: string, error: unknown) => void): void {
  if (e instanceof AppError) {
    if (e.code === "UNAUTHENTICATED") res.setHeader("WWW-Authenticate", "Bearer");
    const violations = e instanceof ValidationError ? { violations: e.violationsIn(locale) } : {};
    res.status(STATUS[e.code]).json({ code: e.code, message: e.messageIn(locale), ...violations });
    return;
  }
  log(`lending ${label} export failed`, e);
  res.status(500).json({ code: "INTERNAL_SERVER_ERROR", message: msg("internal.masked").in(locale) });
}

function defaultLog(message: string, error: unknown): void {
  console.error(`[srdi-match] ${message}:`, error);
}
