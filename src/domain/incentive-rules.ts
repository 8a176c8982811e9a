import { parseRegionCode, regionServes } from "./codes";
import { parseLocalDate, requireOrdered, type LocalDate } from "./dates";
import { IncentiveKind, type CertificationLevel, type CertificationTier, type LoanProductCategory } from "./enums";
import { Violations } from "./errors";
import { formatMoney, parseMoney, parsePositiveMoney, type Fen } from "./money";
import { requireBp, requireInt, requireText, unique } from "./validate";
import { msg } from "../i18n";

/**
 * Rules for government incentive policies (激励政策): interest subsidies (贴息), guarantee-fee
 * subsidies (担保费补贴), risk compensation (风险补偿, e.g. 郑科贷) and one-off awards (认定奖励 /
 * 上市奖励). Pure: no database, GraphQL or clock.
 *
 * The shape of each kind mirrors the CHECK constraint `chk_incentive_policy_kind`, with the
 * business ranges on top:
 * - INTEREST_SUBSIDY, GUARANTEE_FEE_SUBSIDY: subsidyBp 1..1000 (at most 10%/year) and
 *   durationMonths 1..120 (at most 10 years); no awardAmount, no riskCompensationShareBp.
 * - CERTIFICATION_AWARD, LISTING_AWARD: awardAmount > 0; no subsidyBp, durationMonths or
 *   riskCompensationShareBp.
 * - RISK_COMPENSATION: riskCompensationShareBp 1..10000; no subsidyBp, durationMonths or awardAmount.
 * Awards in one `exclusiveGroup` are paid "从高、不重复" (郑州, seed 004): only the highest award
 * that applies, once.
 */

export const SUBSIDY_KINDS: readonly IncentiveKind[] = [IncentiveKind.INTEREST_SUBSIDY, IncentiveKind.GUARANTEE_FEE_SUBSIDY];
export const AWARD_KINDS: readonly IncentiveKind[] = [IncentiveKind.CERTIFICATION_AWARD, IncentiveKind.LISTING_AWARD];
/** Largest subsidy: 1000 bp = 10% a year. */
export const MAX_SUBSIDY_BP = 1000;
/** Longest subsidy: 120 months = 10 years. */
export const MAX_SUBSIDY_MONTHS = 120;

/** What a caller sends to create a policy (fields as in CreateIncentivePolicyInput). */
export interface IncentivePolicyInputRaw {
  kind: IncentiveKind;
  name: string;
  issuer: string;
  regionCode: string;
  sourceDocument?: string | null;
  description?: string | null;
  tiers?: readonly CertificationTier[] | null;
  levels?: readonly CertificationLevel[] | null;
  categories?: readonly LoanProductCategory[] | null;
  subsidyBp?: number | null;
  durationMonths?: number | null;
  awardAmount?: string | null;
  riskCompensationShareBp?: number | null;
  exclusiveGroup?: string | null;
  firstCertificationOnly?: boolean | null;
  validFrom: string;
  validTo?: string | null;
}

/** A checked, normalised policy, ready to store. */
export interface IncentivePolicyValues {
  kind: IncentiveKind;
  name: string;
  issuer: string;
  regionCode: string;
  sourceDocument: string | null;
  description: string;
  tiers: CertificationTier[];
  levels: CertificationLevel[];
  categories: LoanProductCategory[];
  subsidyBp: number | null;
  durationMonths: number | null;
  awardAmount: string | null;
  riskCompensationShareBp: number | null;
  exclusiveGroup: string | null;
  firstCertificationOnly: boolean;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

const KIND_FIELDS = ["subsidyBp", "durationMonths", "awardAmount", "riskCompensationShareBp"] as const;
type KindField = (typeof KIND_FIELDS)[number];

/** Which kind-specific fields each kind requires; every other kind-specific field is forbidden. */
const REQUIRED_BY_KIND: Record<IncentiveKind, readonly KindField[]> = {
  [IncentiveKind.INTEREST_SUBSIDY]: ["subsidyBp", "durationMonths"],
  [IncentiveKind.GUARANTEE_FEE_SUBSIDY]: ["subsidyBp", "durationMonths"],
  [IncentiveKind.CERTIFICATION_AWARD]: ["awardAmount"],
  [IncentiveKind.LISTING_AWARD]: ["awardAmount"],
  [IncentiveKind.RISK_COMPENSATION]: ["riskCompensationShareBp"],
};

/**
 * Checks a policy and reports every broken rule at once, naming fields `${prefix}.<field>`. Besides
 * the per-kind fields above: name ≤ 200 and issuer ≤ 120 characters, not empty; a valid region
 * code; sourceDocument ≤ 120 and exclusiveGroup ≤ 60 characters when given; tiers, levels and
 * categories deduplicated (empty = any); validFrom ≤ validTo; firstCertificationOnly only on
 * CERTIFICATION_AWARD (首次认定 is a property of a certification award).
 */
export function parseIncentivePolicy(input: IncentivePolicyInputRaw, prefix = "input"): IncentivePolicyValues {
  const v = new Violations();
  const f = (name: string) => `${prefix}.${name}`;
  const name = v.take(() => requireText(input.name, f("name"), 200));
  const issuer = v.take(() => requireText(input.issuer, f("issuer"), 120));
  const regionCode = v.take(() => parseRegionCode(input.regionCode, f("regionCode")));
  const sourceDocument = input.sourceDocument == null ? null : v.take(() => requireText(input.sourceDocument!, f("sourceDocument"), 120));
  const description = (input.description ?? "").trim();
  if (description.length > 4000) v.add(f("description"), "text.maxLength", msg("text.maxLength", { max: 4000, length: description.length }));
  const exclusiveGroup = input.exclusiveGroup == null ? null : v.take(() => requireText(input.exclusiveGroup!, f("exclusiveGroup"), 60));

  const required = REQUIRED_BY_KIND[input.kind];
  for (const field of KIND_FIELDS) {
    const given = input[field] != null;
    if (required.includes(field) && !given) {
      v.add(f(field), "incentive.requiredForKind", msg("incentive.requiredForKind", { kind: input.kind }));
    } else if (!required.includes(field) && given) {
      v.add(f(field), "incentive.forbiddenForKind", msg("incentive.forbiddenForKind", { kind: input.kind, kinds: kindsUsing(field) }));
    }
  }
  const subsidyBp =
    required.includes("subsidyBp") && input.subsidyBp != null ? v.take(() => requireBp(input.subsidyBp!, f("subsidyBp"), MAX_SUBSIDY_BP, 1)) : null;
  const durationMonths =
    required.includes("durationMonths") && input.durationMonths != null
      ? v.take(() => requireInt(input.durationMonths!, f("durationMonths"), 1, MAX_SUBSIDY_MONTHS))
      : null;
  const awardAmount =
    required.includes("awardAmount") && input.awardAmount != null
      ? v.take(() => formatMoney(parsePositiveMoney(input.awardAmount!, f("awardAmount"))))
      : null;
  const riskCompensationShareBp =
    required.includes("riskCompensationShareBp") && input.riskCompensationShareBp != null
      ? v.take(() => requireBp(input.riskCompensationShareBp!, f("riskCompensationShareBp"), 10_000, 1))
      : null;
  const firstCertificationOnly = input.firstCertificationOnly ?? false;
  if (firstCertificationOnly && input.kind !== IncentiveKind.CERTIFICATION_AWARD) {
    v.add(f("firstCertificationOnly"), "incentive.forbiddenForKind", msg("incentive.firstCertificationOnly", { kind: input.kind }));
  }

  const validFrom = v.take(() => parseLocalDate(input.validFrom, f("validFrom")));
  const validTo = input.validTo == null ? null : v.take(() => parseLocalDate(input.validTo!, f("validTo")));
  if (validFrom && validTo) v.check(() => requireOrdered(validFrom, validTo, f("validFrom"), f("validTo")));
  v.throwIfAny();

  return {
    kind: input.kind,
    name: name!,
    issuer: issuer!,
    regionCode: regionCode!,
    sourceDocument: sourceDocument ?? null,
    description,
    tiers: unique(input.tiers ?? []),
    levels: unique(input.levels ?? []),
    categories: unique(input.categories ?? []),
    subsidyBp: subsidyBp ?? null,
    durationMonths: durationMonths ?? null,
    awardAmount: awardAmount ?? null,
    riskCompensationShareBp: riskCompensationShareBp ?? null,
    exclusiveGroup: exclusiveGroup ?? null,
    firstCertificationOnly,
    validFrom: validFrom!,
    validTo: validTo ?? null,
  };
}

function kindsUsing(field: KindField): IncentiveKind[] {
  return (Object.keys(REQUIRED_BY_KIND) as IncentiveKind[]).filter((k) => REQUIRED_BY_KIND[k].includes(field));
}

/** The facts of a policy that decide whether it applies; the IncentivePolicy entity has them all. */
export interface IncentivePolicyFacts {
  id: string;
  kind: IncentiveKind;
  regionCode: string;
  tiers: readonly CertificationTier[];
  levels: readonly CertificationLevel[];
  awardAmount: string | null;
  exclusiveGroup: string | null;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

/** Is the policy in force on `on` (validFrom ≤ on ≤ validTo, or open-ended)? */
export function policyActiveOn(policy: Pick<IncentivePolicyFacts, "validFrom" | "validTo">, on: LocalDate): boolean {
  return policy.validFrom <= on && (policy.validTo === null || on <= policy.validTo);
}

/** A certification a firm holds (the caller passes those in force on the date it evaluates). */
export interface HeldCertification {
  tier: CertificationTier;
  level: CertificationLevel;
}

/** The firm facts an award depends on. */
export interface AwardFirmFacts {
  /** The firm's registered region; the policy's region must serve it (prefix rule). */
  regionCode: string;
  /** Certifications the firm holds; an award applies when one of them has a listed tier and level. */
  certifications: readonly HeldCertification[];
}

/** Does a certification award apply to a firm on a date, ignoring exclusive groups? */
export function awardApplies<P extends IncentivePolicyFacts>(policy: P, firm: AwardFirmFacts, on: LocalDate): boolean {
  return (
    policy.kind === IncentiveKind.CERTIFICATION_AWARD &&
    policy.awardAmount !== null &&
    policyActiveOn(policy, on) &&
    regionServes(policy.regionCode, firm.regionCode) &&
    firm.certifications.some(
      (c) => (policy.tiers.length === 0 || policy.tiers.includes(c.tier)) && (policy.levels.length === 0 || policy.levels.includes(c.level)),
    )
  );
}

/** The awards a firm receives, and those superseded under "从高、不重复". */
export interface AwardOutcome<P> {
  /** Awards paid: every applicable award outside any group, and the winner of each group. Ordered by amount desc, then id. */
  paid: P[];
  /** Applicable awards that are not paid because a higher one in the same group is (从高、不重复). */
  superseded: Array<{ policy: P; by: P }>;
  /** Sum of the paid awards, in fen. */
  totalFen: Fen;
}

/**
 * The certification awards (认定奖励) a firm receives on `on`. An award applies when it is a
 * CERTIFICATION_AWARD in force on `on`, its region serves the firm's region, and the firm holds a
 * certification whose tier is among the policy's tiers and whose level is among its levels (an
 * empty list accepts any). Within one exclusiveGroup only the highest award is paid, once
 * ("从高、不重复", seed 004 郑州); ties go to the smaller id, so the answer is deterministic.
 * Awards without a group are each paid. LISTING_AWARD needs a listing event the facts do not
 * carry, so it is not considered here.
 */
export function applicableAward<P extends IncentivePolicyFacts>(policies: readonly P[], firm: AwardFirmFacts, on: LocalDate): AwardOutcome<P> {
  const applicable = policies.filter((p) => awardApplies(p, firm, on)).sort(byAwardDesc);
  const paid: P[] = [];
  const superseded: Array<{ policy: P; by: P }> = [];
  const winners = new Map<string, P>();
  for (const policy of applicable) {
    if (policy.exclusiveGroup === null) {
      paid.push(policy);
      continue;
    }
    const winner = winners.get(policy.exclusiveGroup);
    if (winner) {
      superseded.push({ policy, by: winner });
    } else {
      winners.set(policy.exclusiveGroup, policy);
      paid.push(policy);
    }
  }
  const totalFen = paid.reduce((sum, p) => sum + parseMoney(p.awardAmount!, "awardAmount"), 0n);
  return { paid, superseded, totalFen };
}

function byAwardDesc(a: IncentivePolicyFacts, b: IncentivePolicyFacts): number {
  const diff = parseMoney(b.awardAmount!, "awardAmount") - parseMoney(a.awardAmount!, "awardAmount");
  if (diff !== 0n) return diff > 0n ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
