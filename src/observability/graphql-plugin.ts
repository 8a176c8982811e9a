import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../graphql/context";
import { operationLabel, type Metrics } from "./metrics";

/**
 * Per GraphQL request: the operation, the caller and the error codes go to the request's outcome
 * record (its log line), the duration and errors to the metrics, and the request id to the
 * response's `extensions.requestId`, so a client can quote it to an operator.
 */
export function observabilityPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, request, contextValue: ctx }) {
          const operation = operationLabel(operationName ?? request.operationName);
          // The errors as answered (after formatError): their codes are what the client saw.
          const answered = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          const codes = answered.map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
          metrics.requestDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          for (const code of codes) metrics.errors.inc({ code });
          const outcome = ctx.outcome;
          if (outcome) {
            outcome.operation = operation;
            outcome.role = ctx.viewer?.role ?? null;
            outcome.orgId = ctx.viewer?.orgId ?? null;
            outcome.errorCodes = codes;
          }
          if (response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, requestId: ctx.requestId };
          }
        },
      };
    },
  };
}
