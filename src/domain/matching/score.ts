import { CollateralType, FinancingPurpose, LoanProductCategory } from "../enums";
import { levelRank, tierRank } from "../tier";
import { ComponentName, type MatchWeights, type PairEvaluation, type ScoreComponent, type ScoredMatch } from "./model";

/**
 * The score (docs/matching.md, "Score"): a weighted mean of six components, each in [0, 1],
 * times 100 and rounded to two decimals. Weights are relative: the score divides by their sum.
 */

/** Default weights (sum 100); docs/matching.md gives the reasoning for each. */
export const DEFAULT_WEIGHTS: Readonly<MatchWeights> = Object.freeze({
  [ComponentName.COST]: 30,
  [ComponentName.SPEED]: 15,
  [ComponentName.FIT]: 20,
  [ComponentName.TIER]: 15,
  [ComponentName.COLLATERAL]: 10,
  [ComponentName.RELATIONSHIP]: 10,
});

export const COMPONENT_ORDER: readonly ComponentName[] = [
  ComponentName.COST,
  ComponentName.SPEED,
  ComponentName.FIT,
  ComponentName.TIER,
  ComponentName.COLLATERAL,
  ComponentName.RELATIONSHIP,
];

/** Purposes each category is designed for (from the seeds' product descriptions). SRDI_LOAN is general purpose. */
const DESIGNED_FOR: Readonly<Record<LoanProductCategory, readonly FinancingPurpose[]>> = {
  [LoanProductCategory.SRDI_LOAN]: [],
  [LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT]: [FinancingPurpose.RENEWAL],
  [LoanProductCategory.RELAY_LOAN]: [FinancingPurpose.RENEWAL],
  [LoanProductCategory.FACTORY_LOAN]: [FinancingPurpose.FIXED_ASSETS],
  [LoanProductCategory.TECH_UPGRADE_LOAN]: [FinancingPurpose.TECH_UPGRADE],
  [LoanProductCategory.CREDIT_LOAN]: [FinancingPurpose.WORKING_CAPITAL],
  [LoanProductCategory.IP_PLEDGE_LOAN]: [FinancingPurpose.R_AND_D, FinancingPurpose.COMMERCIALIZATION],
  [LoanProductCategory.RECEIVABLES_FINANCING]: [FinancingPurpose.SUPPLY_CHAIN, FinancingPurpose.WORKING_CAPITAL],
  [LoanProductCategory.REVOLVING_LOAN]: [FinancingPurpose.WORKING_CAPITAL],
  [LoanProductCategory.FINANCIAL_LEASING]: [FinancingPurpose.FIXED_ASSETS, FinancingPurpose.TECH_UPGRADE],
  [LoanProductCategory.PARK_LOAN]: [FinancingPurpose.FIXED_ASSETS],
  [LoanProductCategory.RISK_SHARING_LOAN]: [FinancingPurpose.R_AND_D, FinancingPurpose.COMMERCIALIZATION],
};

/** Collateral that does not tie up plant or land (seed 003: 动产和权利质押). */
const LIGHT_COLLATERAL: readonly CollateralType[] = [
  CollateralType.INTELLECTUAL_PROPERTY,
  CollateralType.RECEIVABLES,
  CollateralType.MOVABLE_ASSETS,
];

/** The lowest and highest effective cost among the eligible candidates (the cost component's scale). */
export interface CostRange {
  minBp: number;
  maxBp: number;
}

export function costRange(evaluations: readonly PairEvaluation[]): CostRange | null {
  let range: CostRange | null = null;
  for (const e of evaluations) {
    if (!e.eligible || e.cost === null) continue;
    const t = e.cost.totalBp;
    range = range === null ? { minBp: t, maxBp: t } : { minBp: Math.min(range.minBp, t), maxBp: Math.max(range.maxBp, t) };
  }
  return range;
}

/** Scores one evaluation against the cost range of its candidate set. Ineligible pairs score 0. */
export function scoreEvaluation(evaluation: PairEvaluation, range: CostRange | null, weights: Readonly<MatchWeights>): ScoredMatch {
  const components = scoreComponents(evaluation, range, weights, true);
  return { ...evaluation, components, score: weightedScore(evaluation, components) };
}

/**
 * The same score as scoreEvaluation, without building the components' sentences: what ranking a
 * long list needs for every candidate (only the page shown is explained).
 */
export function scoreValue(evaluation: PairEvaluation, range: CostRange | null, weights: Readonly<MatchWeights>): number {
  return evaluation.eligible ? weightedScore(evaluation, scoreComponents(evaluation, range, weights, false)) : 0;
}

function scoreComponents(e: PairEvaluation, range: CostRange | null, weights: Readonly<MatchWeights>, explain: boolean): ScoreComponent[] {
  return [
    costComponent(e, range, explain),
    speedComponent(e, explain),
    fitComponent(e, explain),
    tierComponent(e, explain),
    collateralComponent(e, explain),
    relationshipComponent(e),
  ].map((c) => ({ name: c.name, weight: weights[c.name], value: round4(c.value), explanation: c.explanation }));
}

function weightedScore(e: PairEvaluation, components: readonly ScoreComponent[]): number {
  if (!e.eligible) return 0;
  const totalWeight = components.reduce((s, c) => s + c.weight, 0);
  const raw = totalWeight > 0 ? (100 * components.reduce((s, c) => s + c.weight * c.value, 0)) / totalWeight : 0;
  return Math.round(raw * 100) / 100;
}

type Unweighted = Omit<ScoreComponent, "weight">;

function costComponent(e: PairEvaluation, range: CostRange | null, explain: boolean): Unweighted {
  if (e.cost === null) return { name: ComponentName.COST, value: 0, explanation: "No price on the match date." };
  const total = e.cost.totalBp;
  if (range === null || range.maxBp === range.minBp) {
    return { name: ComponentName.COST, value: 1, explanation: explain ? `Effective cost ${total} bp; no eligible alternative costs differently.` : "" };
  }
  const value = clamp01((range.maxBp - total) / (range.maxBp - range.minBp));
  return {
    name: ComponentName.COST,
    value,
    explanation: explain ? `Effective cost ${total} bp against ${range.minBp}–${range.maxBp} bp among the eligible candidates (cheapest scores 1).` : "",
  };
}

function speedComponent(e: PairEvaluation, explain: boolean): Unweighted {
  const days = e.estimatedApprovalDays;
  const available = e.daysAvailable;
  let value: number;
  let explanation = "";
  if (days <= available) {
    value = available === 0 ? 1 : 1 - (0.5 * days) / available;
    if (explain) explanation = `Approval in about ${days} days, within the ${available} days before the money is needed.`;
  } else {
    value = available === 0 ? 0 : (0.5 * available) / days;
    if (explain) explanation = `Approval takes about ${days} days but the money is needed in ${available}.`;
  }
  if (explain && days < e.product.approvalDays) {
    explanation += ` The bank waives its own due diligence under its 总对总 agreement with the guarantee agency (见担即贷): ${days} days instead of the product's ${e.product.approvalDays}.`;
  }
  if (e.product.greenChannel) {
    value = Math.min(1, value + 0.2);
    if (explain) explanation += " Green channel (专项审批通道): +0.2.";
  }
  return { name: ComponentName.SPEED, value: clamp01(value), explanation };
}

function fitComponent(e: PairEvaluation, explain: boolean): Unweighted {
  const { product, need } = e;
  const designed = DESIGNED_FOR[product.category];
  const purposeFit = designed.includes(need.purpose) ? 1 : designed.length === 0 ? 0.75 : 0.5;
  const amountFit = centredness(Number(need.amountFen - product.minAmountFen), Number(product.maxAmountFen - product.minAmountFen));
  const termFit = centredness(need.termMonths - product.minTermMonths, product.maxTermMonths - product.minTermMonths);
  const value = 0.5 * purposeFit + 0.25 * amountFit + 0.25 * termFit;
  if (!explain) return { name: ComponentName.FIT, value, explanation: "" };
  const purposeText =
    purposeFit === 1 ? `designed for ${need.purpose}` : purposeFit === 0.75 ? "a general-purpose product" : `allows but is not designed for ${need.purpose}`;
  return {
    name: ComponentName.FIT,
    value,
    explanation: `${product.category} is ${purposeText} (${purposeFit}); amount ${round2(amountFit)} and term ${round2(termFit)} inside the ranges (1 = centre, 0.5 = at a bound).`,
  };
}

function tierComponent(e: PairEvaluation, explain: boolean): Unweighted {
  const { product } = e;
  const targeting = product.minTier === null ? 0 : 0.75 * ((tierRank(product.minTier) + 1) / 4) + 0.25 * (product.minLevel === null ? 0 : (levelRank(product.minLevel) + 1) / 3);
  const held = e.effectiveCertification;
  const standing = held === null ? 0 : 0.75 * ((tierRank(held.tier) + 1) / 4) + 0.25 * ((levelRank(held.level) + 1) / 3);
  const value = 0.5 * targeting + 0.5 * standing;
  if (!explain) return { name: ComponentName.TIER, value, explanation: "" };
  const target = product.minTier === null ? "open to every firm" : `reserved for ${[product.minLevel, product.minTier].filter(Boolean).join(" ")} and above`;
  const holds = held === null ? "holds no certification in force" : `holds ${held.level} ${held.tier}`;
  return { name: ComponentName.TIER, value, explanation: `The product is ${target} (${round2(targeting)}); the firm ${holds} (${round2(standing)}).` };
}

function collateralComponent(e: PairEvaluation, explain: boolean): Unweighted {
  const { product, need } = e;
  if (product.acceptedCollateral.includes(CollateralType.NONE)) {
    return { name: ComponentName.COLLATERAL, value: 1, explanation: "Pure credit (信用): no collateral needed." };
  }
  const usable = need.collateralOffered.filter((c) => product.acceptedCollateral.includes(c));
  if (usable.length === 0) return { name: ComponentName.COLLATERAL, value: 0, explanation: "The firm offers no collateral the product accepts." };
  const light = usable.find((c) => LIGHT_COLLATERAL.includes(c));
  if (light) return { name: ComponentName.COLLATERAL, value: 0.5, explanation: explain ? `Needs a movable or rights pledge (${light}).` : "" };
  return { name: ComponentName.COLLATERAL, value: 0.25, explanation: explain ? `Needs a mortgage or pledge of ${usable.join(", ")}.` : "" };
}

function relationshipComponent(e: PairEvaluation): Unweighted {
  const paired = e.firm.pairedBankId !== null && e.firm.pairedBankId === e.product.institutionId;
  return {
    name: ComponentName.RELATIONSHIP,
    value: paired ? 1 : 0,
    explanation: paired ? "The product's bank is the firm's paired bank (结对银行)." : "The product's bank is not the firm's paired bank.",
  };
}

/** 1 at the centre of [0, span], 0.5 at either bound; 1 when the range is a single point. */
function centredness(offset: number, span: number): number {
  if (span <= 0) return 1;
  const p = clamp01(offset / span);
  return 1 - Math.abs(2 * p - 1) / 2;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
