/**
 * The matching engine, pure: no database, no GraphQL, no clock (today is passed in).
 * docs/matching.md documents every rule, weight and its source.
 */
export * from "./model";
export { evaluatePair, estimatedApprovalDays, renewalLoanReasons, renewalWindowOpens, matchDate, collateralFits, cheapestGuarantee, subsidiesBp, costOf, describeAmount, MEDIUM_FIRM_RENEWAL_MATURITY_LIMIT } from "./evaluate";
export { DEFAULT_WEIGHTS, COMPONENT_ORDER, costRange, scoreEvaluation, scoreValue } from "./score";
export {
  resolveWeights,
  compareMatches,
  rankProducts,
  rankNeeds,
  rankKeyOf,
  isAfter,
  pageOfNeeds,
  pageOfProducts,
  productRankKeyOf,
  scoreAmong,
  MAX_WEIGHT,
  type RankKey,
  type ProductRankKey,
  type NeedPage,
} from "./rank";
