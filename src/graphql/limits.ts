import type { ApolloServerPlugin } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  GraphQLError,
  Kind,
  NoFragmentCyclesRule,
  NoUnusedFragmentsRule,
  TypeInfo,
  ValidationContext,
  getNamedType,
  getNullableType,
  isListType,
  visit,
  visitInParallel,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import type { Limits } from "../config/config";
import type { Context } from "./context";
import { DEFAULT_PAGE_SIZE } from "./pagination";
import { LIMIT_MESSAGES, QueryLimitError, rateRefusal } from "./limit-errors";
import type { RateCharge } from "./rate-limit";

/**
 * Abuse limits on a query (docs/access.md, "Abuse limits"), all checked before anything runs:
 * - tokens: the parser stops at the (MAX_TOKENS + 1)th token (graphql-js `maxTokens`), so a 1 MB
 *   query is never parsed whole;
 * - aliases and directives (graphql-armor's rules), the expanded size, the depth and the repetition
 *   of one field: one validation rule that looks at the whole document first and, when a limit is
 *   exceeded, stops graphql-js's own rules from running at all (they are the slow part: comparing
 *   5,000 copies of one field, or expanding a fragment bomb);
 * - the estimated cost, once the operation and its variables are known; the cost is then charged
 *   to the caller's budget (rate-limit.ts).
 * Each refusal is a QueryLimitError (limit-errors.ts).
 */

/** Parse options for Apollo: the parser gives up past the token limit. */
export function parseOptions(limits: Pick<Limits, "maxTokens">): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}

// ---------------------------------------------------------------------------------------------
// The document's shape, before graphql-js's own validation.

/** Largest expanded query (selections, fragments spread out) that the cost estimate walks. */
export const MAX_EXPANDED_SELECTIONS = 10_000;

type ShapeLimits = Pick<Limits, "maxAliases" | "maxDirectives" | "maxFieldRepeats" | "maxDepth" | "maxCost">;

/**
 * The validation rule of the shape limits. On entering the document (before any other rule has
 * looked at a selection) it checks the whole document; over a limit, it reports one error and
 * returns null, which ends the visit for every rule: graphql-js's rules never see the document.
 */
export function queryShapeRule(limits: ShapeLimits): ValidationRule {
  return (context) => ({
    Document: {
      enter(document) {
        const refusal = shapeRefusal(context.getSchema(), document, limits);
        if (!refusal) return undefined;
        context.reportError(refusal);
        return null;
      },
    },
  });
}

/** The first limit a document exceeds (or a fragment cycle or unused fragment), else null. */
export function shapeRefusal(schema: GraphQLSchema, document: DocumentNode, limits: ShapeLimits): GraphQLError | null {
  // 1. Fragment cycles and unused fragments (graphql-js's own rules; cheap), so that everything
  //    below walks finite trees and nothing unreachable is left for the slow rules.
  // 2. Aliases and directives, fragments expanded (graphql-armor's rules).
  const found: GraphQLError[] = [];
  const armor: GraphQLError[] = [];
  const context = new ValidationContext(schema, document, new TypeInfo(schema), (e) => found.push(e));
  const onReject = [(_ctx: unknown, e: GraphQLError) => void armor.push(e)];
  const common = { propagateOnRejection: false, exposeLimits: true, onReject, onAccept: [] };
  visit(
    document,
    visitInParallel([
      NoFragmentCyclesRule(context),
      NoUnusedFragmentsRule(context),
      maxAliasesRule({ ...common, n: limits.maxAliases, allowList: [] })(context),
      maxDirectivesRule({ ...common, n: limits.maxDirectives })(context),
    ]),
  );
  if (found.length > 0) return found[0]!;
  for (const e of armor) {
    // graphql-armor's own sentence carries the count: "Aliases limit of 30 exceeded, found 2400."
    const count = Number(/found (\d+)/.exec(e.message)?.[1] ?? NaN);
    if (/Aliases limit/.test(e.message)) {
      return new QueryLimitError("QUERY_TOO_MANY_ALIASES", LIMIT_MESSAGES.aliases(count, limits.maxAliases), { limit: "aliases", aliases: count, maxAliases: limits.maxAliases });
    }
    if (/Directives limit/.test(e.message)) {
      return new QueryLimitError("QUERY_TOO_MANY_DIRECTIVES", LIMIT_MESSAGES.directives(count, limits.maxDirectives), {
        limit: "directives",
        directives: count,
        maxDirectives: limits.maxDirectives,
      });
    }
  }

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);

  // 3. Size with fragments expanded (memoised per fragment, so a fragment bomb costs its text, not
  //    its expansion): every field costs at least 1, so more fields than the cost limit is over it.
  const size = expandedSize(fragments);
  for (const op of operations) {
    const { fields, selections } = size(op.selectionSet);
    if (selections > MAX_EXPANDED_SELECTIONS) {
      return new QueryLimitError("QUERY_TOO_COMPLEX", LIMIT_MESSAGES.expandedSelections(selections, MAX_EXPANDED_SELECTIONS), {
        limit: "cost",
        selections,
        maxSelections: MAX_EXPANDED_SELECTIONS,
      });
    }
    if (fields > limits.maxCost) {
      return new QueryLimitError("QUERY_TOO_COMPLEX", LIMIT_MESSAGES.expandedFields(fields, limits.maxCost), { limit: "cost", costAtLeast: fields, maxCost: limits.maxCost });
    }
  }

  // 4. Depth and repetition over the merged query (what execution and graphql-js's overlap rule see).
  for (const op of operations) {
    const shape = mergedShape([op.selectionSet], fragments);
    if (shape.depth > limits.maxDepth) {
      return new QueryLimitError("QUERY_TOO_DEEP", LIMIT_MESSAGES.depth(shape.depth, limits.maxDepth), { limit: "depth", depth: shape.depth, maxDepth: limits.maxDepth });
    }
    if (shape.repeated && shape.repeated.count > limits.maxFieldRepeats) {
      const { path, count } = shape.repeated;
      return new QueryLimitError("QUERY_FIELD_REPEATED", LIMIT_MESSAGES.fieldRepeats(path, count, limits.maxFieldRepeats), {
        limit: "fieldRepeats",
        field: path,
        repeats: count,
        maxFieldRepeats: limits.maxFieldRepeats,
      });
    }
  }
  return null;
}

/** Fields (introspection not counted) and selections of a selection set with its fragments spread out. */
function expandedSize(fragments: Map<string, FragmentDefinitionNode>): (set: SelectionSetNode) => { fields: number; selections: number } {
  const memo = new Map<string, { fields: number; selections: number }>();
  const sizeOf = (set: SelectionSetNode): { fields: number; selections: number } => {
    let fields = 0;
    let selections = 0;
    for (const sel of set.selections) {
      selections++;
      if (sel.kind === Kind.FIELD) {
        if (!sel.name.value.startsWith("__")) fields++;
        if (sel.selectionSet) {
          const inner = sizeOf(sel.selectionSet);
          fields += inner.fields;
          selections += inner.selections;
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const inner = sizeOf(sel.selectionSet);
        fields += inner.fields;
        selections += inner.selections;
      } else {
        const name = sel.name.value;
        let inner = memo.get(name);
        if (!inner) {
          const fragment = fragments.get(name);
          memo.set(name, { fields: 0, selections: 0 }); // a cycle (refused above) counts nothing
          inner = fragment ? sizeOf(fragment.selectionSet) : { fields: 0, selections: 0 };
          memo.set(name, inner);
        }
        fields += inner.fields;
        selections += inner.selections;
      }
    }
    return { fields, selections };
  };
  return sizeOf;
}

/**
 * Depth (introspection fields not counted) and the most repeated response name of the merged
 * query: the selection sets that execution merges (same response name at the same place, inline
 * fragments and each fragment once) are walked together.
 */
function mergedShape(
  sets: SelectionSetNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  path = "",
  active: ReadonlySet<string> = new Set(),
): { depth: number; repeated: { path: string; count: number } | null } {
  const groups = new Map<string, FieldNode[]>();
  const spread = new Set<string>();
  const collect = (set: SelectionSetNode, within: ReadonlySet<string>): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        const group = groups.get(key);
        if (group) group.push(sel);
        else groups.set(key, [sel]);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        collect(sel.selectionSet, within);
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || spread.has(name) || within.has(name)) continue;
        spread.add(name);
        collect(fragment.selectionSet, new Set([...within, name]));
      }
    }
  };
  for (const set of sets) collect(set, active);
  const below = new Set([...active, ...spread]);

  let depth = 0;
  let repeated: { path: string; count: number } | null = null;
  for (const [key, fields] of groups) {
    const fieldPath = path ? `${path}.${key}` : key;
    if (!repeated || fields.length > repeated.count) repeated = { path: fieldPath, count: fields.length };
    const subSets = fields.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
    const inner = subSets.length > 0 ? mergedShape(subSets, fragments, fieldPath, below) : { depth: 0, repeated: null };
    const introspection = fields[0]!.name.value.startsWith("__");
    if (!introspection) depth = Math.max(depth, 1 + inner.depth);
    if (inner.repeated && inner.repeated.count > (repeated?.count ?? 0)) repeated = inner.repeated;
  }
  return { depth, repeated };
}

// ---------------------------------------------------------------------------------------------
// The estimated cost, and its charge to the caller's budget.

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

/** What a request's response reports in `extensions.cost`. */
export interface CostReport {
  /** The operation's estimated cost (1 for a request refused before its operation was known). */
  requested: number;
  /** Points a token may spend per window. */
  limit: number;
  /** Points left in the current window. */
  remaining: number;
  /** Seconds until the window starts afresh. */
  resetSeconds: number;
}

/**
 * Per request: the estimated cost is checked against the query limit and charged to the caller's
 * budget (the request already paid 1 point on arrival); `extensions.cost` and the RateLimit-*
 * headers report the budget. Operations run without HTTP (tests' executeOperation) have no budget.
 */
export function queryLimitsPlugin(schema: GraphQLSchema, limits: Pick<Limits, "maxCost">, onRateLimited: () => void = () => undefined): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const charge: RateCharge | undefined = contextValue.rateCharge;
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(request.operationName ? { operationName: request.operationName } : {}),
              estimators: [costEstimator],
              maxQueryNodes: MAX_EXPANDED_SELECTIONS + 1,
            });
          } catch (e) {
            if (e instanceof GraphQLError && /maximum allowed number of nodes/.test(e.message)) {
              throw new QueryLimitError("QUERY_TOO_COMPLEX", LIMIT_MESSAGES.expandedSelections(MAX_EXPANDED_SELECTIONS + 1, MAX_EXPANDED_SELECTIONS), {
                limit: "cost",
                selections: MAX_EXPANDED_SELECTIONS + 1,
                maxSelections: MAX_EXPANDED_SELECTIONS,
              });
            }
            // The variables do not fit the operation (e.g. a required input field is missing): nothing
            // will run, and execution answers BAD_USER_INPUT naming the variable; no cost to limit.
            return;
          }
          if (cost > limits.maxCost) {
            throw new QueryLimitError("QUERY_TOO_COMPLEX", LIMIT_MESSAGES.cost(cost, limits.maxCost), { limit: "cost", cost, maxCost: limits.maxCost });
          }
          if (!charge) return;
          const state = await charge.raiseTo(Math.max(1, cost));
          if (!state.accepted) {
            onRateLimited();
            throw rateRefusal(state);
          }
        },
        async willSendResponse({ response }) {
          if (!charge) return;
          const report = charge.report();
          for (const [name, value] of charge.headers()) response.http.headers.set(name, value);
          if (response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report };
          }
        },
      };
    },
  };
}
