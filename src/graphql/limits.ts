import type { ApolloServerPlugin } from "@apollo/server";
import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import type { RequestHandler } from "express";
import { createHash } from "node:crypto";
import { DEFAULT_PAGE_SIZE } from "./pagination";
import { LocalizedGraphQLError } from "./errors";
import { msg, negotiateLocale } from "../i18n";

/**
 * Abuse limits: query depth and estimated cost (checked once the operation is known, before
 * anything runs) and a per-token request rate. Each rejection names the limit it hit in
 * `extensions.limit` and says what to change.
 */

/** Depth of the deepest field of an operation, following fragments; introspection is not counted. */
export function operationDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return 0;

  const depthOf = (set: SelectionSetNode, seen: Set<string>): number => {
    let max = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith("__")) continue;
        max = Math.max(max, 1 + (sel.selectionSet ? depthOf(sel.selectionSet, seen) : 0));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, depthOf(sel.selectionSet, seen));
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) max = Math.max(max, depthOf(fragment.selectionSet, new Set([...seen, name])));
      }
    }
    return max;
  };
  return depthOf(operation.selectionSet, new Set());
}

/** How many items a plain list field (not a paged connection) is assumed to return. */
const LIST_FACTOR = 5;

/**
 * Cost estimate: 1 per field; a connection field costs its children times `first` (default page
 * size); a plain list field its children times LIST_FACTOR. Introspection costs nothing.
 */
export const costEstimator: ComplexityEstimator = ({ field, args, childComplexity, type }) => {
  if (field.name.startsWith("__") || type.name.startsWith("__")) return 0;
  const fieldType = getNullableType(field.type);
  if (getNamedType(fieldType).name.endsWith("Connection")) {
    const first = typeof args.first === "number" && args.first > 0 ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + first * childComplexity;
  }
  if (isListType(fieldType)) return 1 + LIST_FACTOR * childComplexity;
  return 1 + childComplexity;
};

export function queryLimitsPlugin(schema: GraphQLSchema, limits: { maxDepth: number; maxCost: number }): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const depth = operationDepth(document, request.operationName);
          if (depth > limits.maxDepth) {
            throw new LocalizedGraphQLError(msg("limits.depth", { depth, maxDepth: limits.maxDepth }), {
              extensions: { code: "QUERY_TOO_DEEP", limit: "depth", depth, maxDepth: limits.maxDepth, http: { status: 400 } },
            });
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(request.operationName ? { operationName: request.operationName } : {}),
              estimators: [costEstimator],
            });
          } catch {
            // The variables do not fit the operation (e.g. a required input field is missing): nothing
            // will run, and execution answers BAD_USER_INPUT naming the variable; no cost to limit.
            return;
          }
          if (cost > limits.maxCost) {
            throw new LocalizedGraphQLError(msg("limits.cost", { cost, maxCost: limits.maxCost }), {
              extensions: { code: "QUERY_TOO_COMPLEX", limit: "cost", cost, maxCost: limits.maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * Fixed-window rate limit per token (or per client address without one), in this process's memory.
 * Behind several instances, put a shared limiter (e.g. at the gateway) in front.
 */
export function rateLimit(perMinute: number, opts: { now?: () => number; onRefused?: () => void } = {}): RequestHandler {
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    const header = req.headers.authorization;
    const key = header ? `t:${createHash("sha256").update(header).digest("hex")}` : `a:${req.ip}`;
    const t = now();
    const minute = Math.floor(t / 60_000) * 60_000;
    let w = windows.get(key);
    if (!w || w.start !== minute) {
      if (windows.size > 10_000) for (const [k, v] of windows) if (v.start !== minute) windows.delete(k);
      w = { start: minute, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    if (w.count > perMinute) {
      opts.onRefused?.();
      const retryAfter = Math.ceil((minute + 60_000 - t) / 1000);
      res.setHeader("Retry-After", String(retryAfter));
      res.status(429).json({
        errors: [
          {
            message: msg("limits.rate", { perMinute, retryAfter }).in(negotiateLocale(req.headers["accept-language"])),
            extensions: { code: "RATE_LIMITED", limit: "rate", perMinute, retryAfterSeconds: retryAfter },
          },
        ],
      });
      return;
    }
    next();
  };
}
