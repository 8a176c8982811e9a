import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DataSource } from "typeorm";

/**
 * Prometheus metrics (prom-client), one registry per app (tests start several in one process):
 * - srdi_graphql_request_duration_seconds{operation}: GraphQL requests by operation name;
 * - srdi_graphql_errors_total{code}: errors answered, by extensions.code;
 * - srdi_rate_limited_total: requests refused by the rate limiter;
 * - srdi_db_pool_connections{state}: the pool's connections (total, idle) and waiting clients;
 * - the process's default metrics (CPU, memory, event loop lag), prefixed srdi_.
 */
export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<"operation">;
  errors: Counter<"code">;
  rateLimited: Counter;
}

/** The pg pool behind a TypeORM data source (PostgresDriver.master). */
interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export function createMetrics(ds: DataSource): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "srdi_" });
  const requestDuration = new Histogram({
    name: "srdi_graphql_request_duration_seconds",
    help: "GraphQL request duration in seconds, by operation name (anonymous when unnamed, other when not a plain name).",
    labelNames: ["operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({ name: "srdi_graphql_errors_total", help: "GraphQL errors answered, by extensions.code.", labelNames: ["code"], registers: [registry] });
  const rateLimited = new Counter({ name: "srdi_rate_limited_total", help: "Requests refused by the rate limiter (HTTP 429).", registers: [registry] });
  new Gauge({
    name: "srdi_db_pool_connections",
    help: "Database pool: connections open (total), idle, and clients waiting for one.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const pool = (ds.driver as unknown as { master?: PoolStats }).master;
      if (!pool) return;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  return { registry, requestDuration, errors, rateLimited };
}

/** A bounded label for an operation name: the client's name when it is a plain GraphQL name. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return "anonymous";
  return /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name) ? name : "other";
}

/** GET /metrics in the Prometheus text format; with a token configured, only for `Authorization: Bearer <token>`. */
export function metricsHandler(metrics: Metrics, token: string | null): RequestHandler {
  return async (req, res) => {
    if (token !== null && req.headers.authorization !== `Bearer ${token}`) {
      res.status(401).json({ errors: [{ message: "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.", extensions: { code: "UNAUTHENTICATED" } }] });
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
