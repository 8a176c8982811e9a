import { Violations } from "../errors";
import { ComponentName, type MatchWeights, type PairEvaluation, type ScoredMatch } from "./model";
import { COMPONENT_ORDER, DEFAULT_WEIGHTS, costRange, scoreEvaluation } from "./score";

/**
 * Ranking (docs/matching.md, "Order"): eligible first, then score desc, effective cost asc, and the
 * candidate's id asc, so the same input always gives the same order.
 */

/** Largest weight a caller may give one component. */
export const MAX_WEIGHT = 1000;

/**
 * A caller's weights: omitted components keep their default; each must be an integer 0..1000 and
 * at least one positive. Reports every bad field at once (BAD_USER_INPUT).
 */
export function resolveWeights(input: Partial<Record<ComponentName, number | null | undefined>> | null | undefined, prefix = "weights"): MatchWeights {
  const weights = { ...DEFAULT_WEIGHTS };
  if (!input) return weights;
  const v = new Violations();
  for (const name of COMPONENT_ORDER) {
    const given = input[name];
    if (given === undefined || given === null) continue;
    const field = `${prefix}.${name.toLowerCase()}`;
    if (Number.isInteger(given) && given >= 0 && given <= MAX_WEIGHT) weights[name] = given;
    else v.add(field, "weight.range", `must be a whole number from 0 to ${MAX_WEIGHT}, got ${given}.`);
  }
  if (!COMPONENT_ORDER.some((n) => weights[n] > 0)) v.add(prefix, "weight.sum", "at least one weight must be greater than zero.");
  v.throwIfAny();
  return weights;
}

/** The order of matches: eligible first, score desc, total cost asc (no price last), then `idOf` asc. */
export function compareMatches(idOf: (m: ScoredMatch) => string): (a: ScoredMatch, b: ScoredMatch) => number {
  return (a, b) => {
    if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
    if (a.score !== b.score) return b.score - a.score;
    const ca = a.cost?.totalBp ?? Number.POSITIVE_INFINITY;
    const cb = b.cost?.totalBp ?? Number.POSITIVE_INFINITY;
    if (ca !== cb) return ca - cb;
    const ia = idOf(a);
    const ib = idOf(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}

/** Scores a candidate set (cost is relative to its eligible members) and sorts it. */
function rank(evaluations: readonly PairEvaluation[], weights: Readonly<MatchWeights>, idOf: (m: ScoredMatch) => string): ScoredMatch[] {
  const range = costRange(evaluations);
  return evaluations.map((e) => scoreEvaluation(e, range, weights)).sort(compareMatches(idOf));
}

/** The firm's view: products for one need, ties broken by product id. */
export function rankProducts(evaluations: readonly PairEvaluation[], weights: Readonly<MatchWeights> = DEFAULT_WEIGHTS): ScoredMatch[] {
  return rank(evaluations, weights, (m) => m.product.id);
}

/** The bank's view: needs for one product, ties broken by need id. */
export function rankNeeds(evaluations: readonly PairEvaluation[], weights: Readonly<MatchWeights> = DEFAULT_WEIGHTS): ScoredMatch[] {
  return rank(evaluations, weights, (m) => m.need.id);
}

/** A position in a ranked list of needs, for keyset cursors (score, cost, need id). */
export interface RankKey {
  score: number;
  totalBp: number;
  id: string;
}

export function rankKeyOf(m: ScoredMatch): RankKey {
  return { score: m.score, totalBp: m.cost?.totalBp ?? Number.MAX_SAFE_INTEGER, id: m.need.id };
}

/** Is `m` strictly after `key` in the bank's order (eligible matches only)? */
export function isAfter(m: ScoredMatch, key: RankKey): boolean {
  const k = rankKeyOf(m);
  if (k.score !== key.score) return k.score < key.score;
  if (k.totalBp !== key.totalBp) return k.totalBp > key.totalBp;
  return k.id > key.id;
}
