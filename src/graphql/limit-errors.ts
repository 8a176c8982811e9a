import { GraphQLError } from "graphql";

/**
 * The refusals of the abuse limits (limits.ts, rate-limit.ts): HTTP 400 (429 for the budget), a
 * specific `extensions.code`, `extensions.limit` naming the limit with its value beside it
 * (`maxDepth`, `maxAliases`, …), and a sentence saying what to change.
 */

/** The sentence of each refusal, built here only (one function per limit). */
export const LIMIT_MESSAGES = {
  tokens: (maxTokens: number) =>
    `The query has more than ${maxTokens} tokens (names, punctuation and values); the limit is ${maxTokens}. Send a shorter query: fewer fields, or variables instead of long literal values.`,
  aliases: (aliases: number, maxAliases: number) =>
    `The query uses ${aliases} aliases; the limit is ${maxAliases}. Use fewer aliases: ask for one list with a filter instead of the same field under many names, or split the query.`,
  directives: (directives: number, maxDirectives: number) =>
    `The query uses ${directives} directives; the limit is ${maxDirectives}. Use fewer directives, e.g. one @include on a fragment instead of one on each field.`,
  fieldRepeats: (field: string, repeats: number, maxFieldRepeats: number) =>
    `The field '${field}' is selected ${repeats} times at one place of the query; the limit is ${maxFieldRepeats}. Select each field once.`,
  depth: (depth: number, maxDepth: number) => `The query is ${depth} levels deep; the limit is ${maxDepth}. Ask for fewer nested levels, or split the query.`,
  cost: (cost: number, maxCost: number) =>
    `The query's estimated cost is ${cost}; the limit is ${maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
  expandedFields: (fields: number, maxCost: number) =>
    `The query selects ${fields} fields once its fragments are expanded, and each field costs at least 1; the cost limit is ${maxCost}. Spread fewer fragments, or split the query.`,
  expandedSelections: (selections: number, maxSelections: number) =>
    `The query has ${selections} selections once its fragments are expanded; the limit is ${maxSelections}. Spread fewer fragments, or split the query.`,
  rate: (requested: number, remaining: number, costPerWindow: number, windowSeconds: number, retryAfter: number) =>
    `Rate limit reached: this request costs ${requested} points and ${remaining} of the ${costPerWindow} points a token may spend in ${windowSeconds} s are left. Retry in ${retryAfter} s, or ask for less (smaller pages, fewer fields).`,
};

export type LimitCode =
  | "QUERY_TOO_MANY_TOKENS"
  | "QUERY_TOO_MANY_ALIASES"
  | "QUERY_TOO_MANY_DIRECTIVES"
  | "QUERY_FIELD_REPEATED"
  | "QUERY_TOO_DEEP"
  | "QUERY_TOO_COMPLEX"
  | "RATE_LIMITED";

/** A refused request: formatError answers its message and extensions as they are. */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    message: string,
    readonly details: Record<string, unknown> & { limit: string },
    http: { status: number; headers?: Map<string, string> } = { status: 400 },
  ) {
    super(message, { extensions: { code, ...details, http } });
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
export function rateRefusalDetails(f: RateRefusalFigures): { message: string; details: Record<string, unknown> & { limit: string } } {
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
