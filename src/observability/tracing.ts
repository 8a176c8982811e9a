/**
 * OpenTelemetry tracing, off by default (docs/deployment.md, "Logs, metrics, tracing").
 *
 * On when OTEL_TRACES_EXPORTER names an exporter (otlp, console, zipkin) and OTEL_SDK_DISABLED is
 * not true; everything else is the SDK's standard environment (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_BSP_*, OTEL_RESOURCE_ATTRIBUTES…). Spans: HTTP server and
 * client, Express middleware, GraphQL parse/validate/execute and resolvers, pg queries.
 *
 * Instrumentations patch a module when it is required, so this file must run before express, pg
 * and graphql are loaded: it is the first import of src/index.ts and starts the SDK as a side
 * effect of being imported. (A `node --require dist/src/observability/tracing.js` flag would do
 * the same but every way of starting the app — npm start, Docker's CMD, ts-node — would have to
 * remember it.) It imports only the config table and, when tracing is on, the SDK.
 */
import type { NodeSDK } from "@opentelemetry/sdk-node";
import { loadTracingSettings, type TracingSettings } from "../config/config";

let sdk: NodeSDK | null = null;

/** Starts the SDK when the environment turns tracing on; returns whether it did. Idempotent. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk) return true;
  const settings: TracingSettings = loadTracingSettings(env);
  if (!settings.enabled) return false;
  // Loaded only when on: with tracing off not one OpenTelemetry SDK module is required.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require("@opentelemetry/sdk-node") as typeof import("@opentelemetry/sdk-node");
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { ExpressInstrumentation } = require("@opentelemetry/instrumentation-express") as typeof import("@opentelemetry/instrumentation-express");
  const { GraphQLInstrumentation } = require("@opentelemetry/instrumentation-graphql") as typeof import("@opentelemetry/instrumentation-graphql");
  const { PgInstrumentation } = require("@opentelemetry/instrumentation-pg") as typeof import("@opentelemetry/instrumentation-pg");
  /* eslint-enable @typescript-eslint/no-require-imports */
  // Traces only: metrics are prom-client's (/metrics) and logs pino's. Left to its defaults the SDK
  // would also start OTLP metric and log exporters, and its shutdown then waits on them.
  env.OTEL_METRICS_EXPORTER ??= "none";
  env.OTEL_LOGS_EXPORTER ??= "none";
  sdk = new NodeSDK({
    serviceName: settings.serviceName,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not worth a trace each.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ""),
      }),
      new ExpressInstrumentation(),
      // Lists of thousands of report groups: one span per list, not per item, and none for trivial fields.
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return true;
}

/** Whether the SDK is running. */
export function tracingStarted(): boolean {
  return sdk !== null;
}

/** Flushes the spans still buffered and stops the SDK; call it last at shutdown. A no-op when off. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = null;
  await running?.shutdown();
}

startTracing();
