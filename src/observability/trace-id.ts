import { isSpanContextValid, trace } from "@opentelemetry/api";

/** The active span's trace id, or undefined when tracing is off (no SDK: the API's no-op span). */
export function currentTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : undefined;
}
