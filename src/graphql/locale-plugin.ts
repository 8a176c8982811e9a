import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context";
import { localizeErrors } from "./errors";

/**
 * Answers the errors in the request's language (`ctx.locale`, from Accept-Language): formatError
 * has no context, so it answers in English and this plugin renders each error it formatted in
 * the locale before the response is sent (message and violations' messages; codes, fields, rules
 * and paths unchanged).
 */
export function localePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || contextValue.locale === "en") return;
          const errors = response.body.singleResult.errors;
          if (errors?.length) response.body.singleResult.errors = localizeErrors(errors, contextValue.locale);
        },
      };
    },
  };
}
