import { Violations } from "../errors";
import { ComponentName, type MatchWeights, type PairEvaluation, type ScoredMatch } from "./model";
import { COMPONENT_ORDER, DEFAULT_WEIGHTS, costRange, scoreEvaluation, scoreValue } from "./score";
import { msg } from "../../i18n";

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
    else v.add(field, "weight.range", msg("int.range", { min: 0, max: MAX_WEIGHT, got: given }));
  }
  if (!COMPONENT_ORDER.some((n) => weights[n] > 0)) v.add(prefix, "weight.sum", msg("weight.sum"));
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

/**
 * One pair scored as it stands in a candidate list (the cost component is relative to the list's
 * eligible members): what explainMatch shows, equal to the pair's entry in the ranked list.
 */
export function scoreAmong(target: PairEvaluation, candidates: readonly PairEvaluation[], weights: Readonly<MatchWeights> = DEFAULT_WEIGHTS): ScoredMatch {
  return scoreEvaluation(target, costRange(candidates), weights);
}

/** One page of the bank's view. */
export interface NeedPage {
  /** The eligible needs after the cursor, best first, at most `size`, fully explained. */
  matches: ScoredMatch[];
  /** Eligible needs in the whole list (before the cursor too). */
  eligibleCount: number;
  hasNextPage: boolean;
}

/**
 * A page of rankNeeds' eligible entries after `after`, identical to slicing the full ranking, but
 * only the page is explained: the rest is scored with numbers alone, so a product with tens of
 * thousands of candidate needs costs one numeric pass and one sort of small keys.
 */
export function pageOfNeeds(
  evaluations: readonly PairEvaluation[],
  weights: Readonly<MatchWeights>,
  after: RankKey | null,
  size: number,
): NeedPage {
  const range = costRange(evaluations);
  const keyed: Array<RankKey & { evaluation: PairEvaluation }> = [];
  let eligibleCount = 0;
  for (const evaluation of evaluations) {
    if (!evaluation.eligible) continue;
    eligibleCount += 1;
    const key = { score: scoreValue(evaluation, range, weights), totalBp: evaluation.cost?.totalBp ?? Number.MAX_SAFE_INTEGER, id: evaluation.need.id, evaluation };
    if (after === null || keyAfter(key, after)) keyed.push(key);
  }
  keyed.sort(compareKeys);
  return {
    matches: keyed.slice(0, size).map((k) => scoreEvaluation(k.evaluation, range, weights)),
    eligibleCount,
    hasNextPage: keyed.length > size,
  };
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
  return keyAfter(rankKeyOf(m), key);
}

/** Sort order of keys: score desc, cost asc, id asc. */
function compareKeys(a: RankKey, b: RankKey): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.totalBp !== b.totalBp) return a.totalBp - b.totalBp;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Does key `k` come strictly after `key`: lower score, then higher cost, then larger id? */
function keyAfter(k: RankKey, key: RankKey): boolean {
  if (k.score !== key.score) return k.score < key.score;
  if (k.totalBp !== key.totalBp) return k.totalBp > key.totalBp;
  return k.id > key.id;
}

/**
 * A position in the firm's ranked list of products (productMatches), for keyset cursors: eligible
 * first, then score desc, cost asc (no price last), product id asc — compareMatches' order.
 */
export interface ProductRankKey extends RankKey {
  eligible: boolean;
}

export function productRankKeyOf(m: ScoredMatch): ProductRankKey {
  return { eligible: m.eligible, score: m.score, totalBp: m.cost?.totalBp ?? Number.MAX_SAFE_INTEGER, id: m.product.id };
}

/** One page of a ranked product list (rankProducts' output) after `after`, identical to slicing the whole list. */
export function pageOfProducts(ranked: readonly ScoredMatch[], after: ProductRankKey | null, size: number): { matches: ScoredMatch[]; hasNextPage: boolean } {
  const rest = after === null ? ranked : ranked.filter((m) => productKeyAfter(productRankKeyOf(m), after));
  return { matches: rest.slice(0, size), hasNextPage: rest.length > size };
}

/** Does `k` come strictly after `key`: ineligible after eligible, then as keyAfter? */
function productKeyAfter(k: ProductRankKey, key: ProductRankKey): boolean {
  if (k.eligible !== key.eligible) return !k.eligible;
  return keyAfter(k, key);
}
