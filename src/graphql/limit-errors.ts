import { GraphQLError } from "graphql";
import { msg, type Message } from "../i18n";

/**
 * The refusals of the abuse limits (limits.ts, rate-limit.ts): HTTP 400 (429 for the budget), a
 * specific `extensions.code`, `extensions.limit` naming the limit with its value beside it
 * (`maxDepth`, `maxAliases`, …), and a sentence saying what to change.
 */

/** The message of each refusal (src/i18n/catalogue.ts, "limits.*"), one function per limit. */
export const LIMIT_MESSAGES = {
  tokens: (maxTokens: number) => msg("limits.tokens", { maxTokens }),
  aliases: (aliases: number, maxAliases: number) => msg("limits.aliases", { aliases, maxAliases }),
  directives: (directives: number, maxDirectives: number) => msg("limits.directives", { directives, maxDirectives }),
  fieldRepeats: (field: string, repeats: number, maxFieldRepeats: number) => msg("limits.fieldRepeats", { field, repeats, maxFieldRepeats }),
  depth: (depth: number, maxDepth: number) => msg("limits.depth", { depth, maxDepth }),
  cost: (cost: number, maxCost: number) => msg("limits.cost", { cost, maxCost }),
  expandedFields: (fields: number, maxCost: number) => msg("limits.expandedFields", { fields, maxCost }),
  expandedSelections: (selections: number, maxSelections: number) => msg("limits.expandedSelections", { selections, maxSelections }),
  rate: (requested: number, remaining: number, costPerWindow: number, windowSeconds: number, retryAfter: number) =>
    msg("limits.rate", { requested, remaining, costPerWindow, windowSeconds, retryAfter }),
};

export type LimitCode =
  | "QUERY_TOO_MANY_TOKENS"
  | "QUERY_TOO_MANY_ALIASES"
  | "QUERY_TOO_MANY_DIRECTIVES"
  | "QUERY_FIELD_REPEATED"
  | "QUERY_TOO_DEEP"
  | "QUERY_TOO_COMPLEX"
  | "RATE_LIMITED";

/** A refused request: formatError answers its message (in the request's language) and extensions as they are. */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    readonly text: Message,
    readonly details: Record<string, unknown> & { limit: string },
    http: { status: number; headers?: Map<string, string> } = { status: 400 },
  ) {
    super(text.in("en"), { extensions: { code, ...details, http } });
  }
}

/**
 * The limit error behind an answered error, if any: a QueryLimitError somewhere in the
 * originalError chain (Apollo wraps validation errors), or graphql-js's token-limit syntax error.
 */
export function limitErrorOf(error: unknown): QueryLimitError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof QueryLimitError) return current;
    if (current instanceof GraphQLError) {
      // graphql-js: "Syntax Error: Document contains more that 5000 tokens. Parsing aborted."
      const tokens = /Document contains more (?:that|than) (\d+) tokens/.exec(current.message);
      if (tokens) {
        const maxTokens = Number(tokens[1]);
        return new QueryLimitError("QUERY_TOO_MANY_TOKENS", LIMIT_MESSAGES.tokens(maxTokens), { limit: "tokens", maxTokens });
      }
    }
    current = (current as GraphQLError).originalError;
  }
  return null;
}


/** What a refused budget charge knows (rate-limit.ts). */
export interface RateRefusalFigures {
  requested: number;
  remaining: number;
  limit: number;
  windowSeconds: number;
  resetSeconds: number;
}

/** The extensions of a RATE_LIMITED refusal, GraphQL or not. */
export function rateRefusalDetails(f: RateRefusalFigures): { message: Message; details: Record<string, unknown> & { limit: string } } {
  return {
    message: LIMIT_MESSAGES.rate(f.requested, f.remaining, f.limit, f.windowSeconds, f.resetSeconds),
    details: { limit: "rate", requested: f.requested, remaining: f.remaining, costPerMinute: f.limit, retryAfterSeconds: f.resetSeconds },
  };
}

/** RATE_LIMITED as a GraphQL error: HTTP 429 with Retry-After. */
export function rateRefusal(f: RateRefusalFigures): QueryLimitError {
  const { message, details } = rateRefusalDetails(f);
  return new QueryLimitError("RATE_LIMITED", message, details, { status: 429, headers: new Map([["retry-after", String(f.resetSeconds)]]) });
}
