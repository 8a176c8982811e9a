import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { msg, type Message } from "../i18n";
import { LocalizedGraphQLError } from "./errors";
import type { Context } from "./context";

/**
 * The one place a GraphQL request is refused for its credentials (docs/access.md): a bad token
 * (`ctx.authError`, set when the context was made) or no token for an operation that is not pure
 * introspection answers HTTP 401 with one error `UNAUTHENTICATED` whose message says what is wrong,
 * before anything runs. Introspection alone (`__schema`, `__type`, `__typename`) needs no token, so
 * an IDE can fetch the schema on its first run; mixing it with data needs one. It runs in
 * didResolveOperation because only then is the operation known (the context is made before).
 */
export function authenticationPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, operation, document }) {
          if (ctx.authError) throw unauthenticated(ctx.authError);
          if (!ctx.viewer && !isIntrospectionOnly(document, operation)) throw unauthenticated(msg("auth.signIn"));
        },
      };
    },
  };
}

function unauthenticated(message: Message): LocalizedGraphQLError {
  return new LocalizedGraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/** Does the operation select only introspection fields at its root (through fragments too)? */
export function isIntrospectionOnly(document: DocumentNode, operation: OperationDefinitionNode | undefined): boolean {
  if (!operation || operation.operation !== "query") return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const onlyMeta = (set: SelectionSetNode, seen: Set<string>): boolean =>
    set.selections.every((s) => {
      if (s.kind === Kind.FIELD) return s.name.value.startsWith("__");
      if (s.kind === Kind.INLINE_FRAGMENT) return onlyMeta(s.selectionSet, seen);
      const name = s.name.value;
      if (seen.has(name)) return true;
      const fragment = fragments.get(name);
      return fragment !== undefined && onlyMeta(fragment.selectionSet, new Set([...seen, name]));
    });
  return onlyMeta(operation.selectionSet, new Set());
}
