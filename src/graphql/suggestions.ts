import type { ApolloServerPlugin } from "@apollo/server";

/**
 * With introspection off, no error may hint at the schema: "Did you mean …?" is cut from every
 * error message (validation already computes none, `validationOptions.hideSuggestions`; this also
 * covers the variables' coercion errors, e.g. an unknown enum value, which Apollo cannot turn off).
 * graphql-armor's block-field-suggestion plugin matches only `Did you mean "x"` and leaves the
 * question mark behind, so it is not used.
 */
export function hideSuggestionsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) (error as { message: string }).message = error.message.replace(/ ?Did you mean [^?]*\?/g, "");
        },
      };
    },
  };
}
