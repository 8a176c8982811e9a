import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import pino, { type DestinationStream, type Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { LogLevel } from "../config/config";
import { currentTraceId } from "./trace-id";

/**
 * Structured JSON logs (pino) with one line per HTTP request (pino-http): the request id, the
 * GraphQL operation, the caller's role and organisation, the duration, the status and the error
 * codes. Credentials never reach a log line: the request serializer keeps method and URL only, and
 * the Authorization and Cookie headers are redacted besides, should a line ever carry them.
 */

/** What the GraphQL layer learns about a request, for its log line and metrics (filled as it goes). */
export interface RequestOutcome {
  operation: string | null;
  role: string | null;
  orgId: string | null;
  errorCodes: string[];
}

/** The per-request record the HTTP layer and the GraphQL plugin share (res.locals). */
export interface ObservedLocals {
  requestId: string;
  /** The OpenTelemetry trace id of the request when tracing is on (src/observability/tracing.ts). */
  traceId?: string;
  outcome: RequestOutcome;
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "srdi-match" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ["req.headers.authorization", "req.headers.cookie", "headers.authorization"], censor: "[redacted]" },
    },
    destination,
  );
}

/** A request id the client sent in X-Request-Id is kept when it is short and plain; else a fresh UUID. */
export function acceptedRequestId(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^[\w.-]{1,64}$/.test(v) ? v : null;
}

/**
 * Gives every request its id (X-Request-Id when well formed, else a UUID), echoes it in the
 * X-Request-Id response header, and opens the outcome record the GraphQL layer fills.
 */
export function requestIdentity(): RequestHandler {
  return (req, res, next) => {
    const requestId = acceptedRequestId(req.headers["x-request-id"]) ?? randomUUID();
    const traceId = currentTraceId();
    const locals: ObservedLocals = { requestId, ...(traceId ? { traceId } : {}), outcome: { operation: null, role: null, orgId: null, errorCodes: [] } };
    Object.assign(res.locals, locals);
    res.setHeader("X-Request-Id", requestId);
    next();
  };
}

export function observedLocals(res: { locals: Record<string, unknown> }): ObservedLocals | null {
  return typeof res.locals.requestId === "string" ? (res.locals as unknown as ObservedLocals) : null;
}

/** One JSON line per finished request. */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req: IncomingMessage, res: ServerResponse) => observedLocals(res as never)?.requestId ?? randomUUID(),
    customSuccessMessage: () => "request completed",
    customErrorMessage: () => "request failed",
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // The outcome is added to the finished line only (customProps would also bind it, still empty, at the start).
    customSuccessObject: (_req, res, line) => ({ ...line, ...outcomeFields(res) }),
    customErrorObject: (_req, res, _error, line) => ({ ...line, ...outcomeFields(res) }),
  }) as unknown as RequestHandler;
}

function outcomeFields(res: ServerResponse): Record<string, unknown> {
  const observed = observedLocals(res as never);
  if (!observed) return {};
  const o = observed.outcome;
  return { requestId: observed.requestId, ...(observed.traceId ? { traceId: observed.traceId } : {}), operation: o.operation, role: o.role, orgId: o.orgId, errorCodes: o.errorCodes };
}
