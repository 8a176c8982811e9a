import { regionServes } from "./codes";
import type { LocalDate } from "./dates";
import { FinancingNeedStatus, RejectionReasonCode, type CertificationTier } from "./enums";
import { ConflictError, Violations } from "./errors";
import { guaranteeFeeCapBp, LARGE_GUARANTEE_FEE_CAP_BP } from "./guarantee-rules";
import type { MatchAgency, MatchAgreement } from "./matching/model";
import { formatMoney, parsePositiveMoney, type Fen } from "./money";
import { isNeedExpired, needExpiresAfter } from "./need-rules";
import { requireBp, requireInt, requireText } from "./validate";
import { msg, type Message } from "../i18n";

/**
 * 融资申请 rules, pure: what a bank may approve, what fee an agency may charge, why a named
 * agency cannot guarantee a pair, and on which needs a firm may apply. The state machine itself is
 * application-workflow.ts; the services load the facts and call these. No database, GraphQL or
 * clock: `today` is passed in. docs/workflow.md explains each rule.
 */

/** Longest note a bank may attach to a rejection. */
export const MAX_REJECTION_NOTE_LENGTH = 2000;
/** Longest term a bank may approve, in months (as a need may ask). */
export const MAX_APPROVED_TERM_MONTHS = 360;
/** Highest approvable rate, bp (24%: the judicial protection ceiling for lending rates, as for needs). */
export const MAX_APPROVED_RATE_BP = 2400;

/** The statuses of a need a firm may apply on (the need must also not be past its grace period). */
export const NEED_STATUSES_OPEN_TO_APPLICATIONS: readonly FinancingNeedStatus[] = [FinancingNeedStatus.OPEN, FinancingNeedStatus.MATCHED];

/**
 * A firm applies on an OPEN or MATCHED need that has not expired (needed-by + grace period, see
 * need-rules.ts), even if the expiry job has not marked it yet. Throws ConflictError naming the
 * status or the expiry day.
 */
export function requireNeedOpenForApplications(need: { status: FinancingNeedStatus; neededBy: LocalDate }, today: LocalDate): void {
  if (!NEED_STATUSES_OPEN_TO_APPLICATIONS.includes(need.status)) {
    throw new ConflictError(
      msg("application.needNotOpen", { status: need.status }),
      { currentStatus: need.status },
    );
  }
  if (isNeedExpired(need.neededBy, today)) {
    throw new ConflictError(
      msg("application.needExpired", { expiredAfter: needExpiresAfter(need.neededBy), neededBy: need.neededBy }),
      { currentStatus: FinancingNeedStatus.EXPIRED, neededBy: need.neededBy },
    );
  }
}

/** What a bank sends to approve (before parsing). */
export interface ApprovalDraft {
  amount: string;
  annualRateBp: number;
  termMonths: number;
}

/** Approval terms that passed every rule, money in fen and as a decimal string. */
export interface ApprovalTerms {
  amountFen: Fen;
  amount: string;
  annualRateBp: number;
  termMonths: number;
}

/** The facts an approval is checked against. */
export interface ApprovalLimits {
  /** The need's amount: a bank never lends more than was asked. */
  needAmountFen: Fen;
  productMinAmountFen: Fen;
  productMaxAmountFen: Fen;
  productMinTermMonths: number;
  productMaxTermMonths: number;
  /** The product's published rate on the approval day (fixed, or LPR in force + spread); null when it has none (no LPR yet). */
  publishedRateBp: number | null;
  /** The guarantee fee the agency accepted, when the loan is guaranteed: it must fit the policy cap of the approved amount. */
  guaranteeFeeBp: number | null;
}

/**
 * Checks an approval's terms and reports every broken rule at once (fields `${prefix}.amount`,
 * `.annualRateBp`, `.termMonths`):
 * - amount > 0, ≤ the need's amount and inside the product's [min, max] (bounds inclusive);
 * - termMonths inside the product's [min, max];
 * - annualRateBp ≤ the product's published rate that day (挂牌利率; a tier discount may lower the
 *   rate, nothing may raise it above the published pricing);
 * - with a guarantee, the accepted fee ≤ the 国办发〔2019〕6号 cap for the approved amount (a
 *   fee of 150 bp accepted for a 600万 need no longer fits a 400万 loan).
 */
export function checkApproval(draft: ApprovalDraft, limits: ApprovalLimits, prefix = "input"): ApprovalTerms {
  const f = (name: string) => `${prefix}.${name}`;
  const v = new Violations();
  const amountFen = v.take(() => parsePositiveMoney(draft.amount, f("amount")));
  const annualRateBp = v.take(() => requireBp(draft.annualRateBp, f("annualRateBp"), MAX_APPROVED_RATE_BP));
  const termMonths = v.take(() => requireInt(draft.termMonths, f("termMonths"), 1, MAX_APPROVED_TERM_MONTHS));

  if (amountFen !== undefined) {
    if (amountFen > limits.needAmountFen) {
      v.add(
        f("amount"),
        "approval.aboveNeed",
        msg("approval.aboveNeed", { needFen: limits.needAmountFen, gotFen: amountFen }),
      );
    }
    if (amountFen < limits.productMinAmountFen || amountFen > limits.productMaxAmountFen) {
      v.add(
        f("amount"),
        "approval.outsideProductRange",
        msg("approval.outsideProductRange", { minFen: limits.productMinAmountFen, maxFen: limits.productMaxAmountFen, gotFen: amountFen }),
      );
    }
    if (limits.guaranteeFeeBp !== null && limits.guaranteeFeeBp > guaranteeFeeCapBp(amountFen)) {
      v.add(
        f("amount"),
        "approval.guaranteeFeeCap",
        msg("approval.guaranteeFeeCap", { amountFen, capBp: guaranteeFeeCapBp(amountFen), feeBp: limits.guaranteeFeeBp }),
      );
    }
  }
  if (termMonths !== undefined && (termMonths < limits.productMinTermMonths || termMonths > limits.productMaxTermMonths)) {
    v.add(
      f("termMonths"),
      "approval.outsideProductTerm",
      msg("approval.outsideProductTerm", { min: limits.productMinTermMonths, max: limits.productMaxTermMonths, got: termMonths }),
    );
  }
  if (annualRateBp !== undefined) {
    if (limits.publishedRateBp === null) {
      v.add(
        f("annualRateBp"),
        "approval.noPublishedRate",
        msg("approval.noPublishedRate"),
      );
    } else if (annualRateBp > limits.publishedRateBp) {
      v.add(
        f("annualRateBp"),
        "approval.abovePublishedRate",
        msg("approval.abovePublishedRate", { publishedBp: limits.publishedRateBp, got: annualRateBp }),
      );
    }
  }
  v.throwIfAny();
  return { amountFen: amountFen!, amount: formatMoney(amountFen!), annualRateBp: annualRateBp!, termMonths: termMonths! };
}

/** What bounds an agency's fee on one guarantee. */
export interface GuaranteeFeeLimits {
  /** The agency's published fee (担保费率). */
  agencyFeeBp: number;
  /** The fee agreed under the 总对总 agreement the application goes through; null without one. */
  agreedFeeBp: number | null;
  /** The amount guaranteed (the need's amount; the approval re-checks the cap for the approved amount). */
  amountFen: Fen;
}

/**
 * The highest fee the agency may charge: its published fee, lowered to the agreed fee of the
 * 总对总 agreement (an agreement lowers fees, never raises them), and never above the policy cap
 * for the amount (国办发〔2019〕6号: 100 bp up to 500万元, 150 bp above).
 */
export function maxGuaranteeFeeBp(limits: GuaranteeFeeLimits): number {
  return Math.min(limits.agencyFeeBp, limits.agreedFeeBp ?? limits.agencyFeeBp, guaranteeFeeCapBp(limits.amountFen));
}

/**
 * The agency's decision: accepting needs a fee within `maxGuaranteeFeeBp` (each exceeded bound is
 * reported with its own rule); declining takes no fee. Returns the fee to store (null on decline).
 */
export function checkGuaranteeDecision(accept: boolean, feeBp: number | null | undefined, limits: GuaranteeFeeLimits, prefix = "input"): number | null {
  const field = `${prefix}.feeBp`;
  const v = new Violations();
  if (!accept) {
    if (feeBp != null) v.add(field, "guarantee.feeWithDecline", msg("guarantee.feeWithDecline"));
    v.throwIfAny();
    return null;
  }
  if (feeBp == null) {
    v.add(field, "guarantee.feeRequired", msg("guarantee.feeRequired", { maxBp: maxGuaranteeFeeBp(limits) }));
    v.throwIfAny();
  }
  const fee = v.take(() => requireBp(feeBp!, field, LARGE_GUARANTEE_FEE_CAP_BP));
  if (fee !== undefined) {
    if (fee > limits.agencyFeeBp) {
      v.add(field, "guarantee.feeAboveAgency", msg("guarantee.feeAboveAgency", { agencyFeeBp: limits.agencyFeeBp, got: fee }));
    }
    if (limits.agreedFeeBp !== null && fee > limits.agreedFeeBp) {
      v.add(field, "guarantee.feeAboveAgreement", msg("guarantee.feeAboveAgreement", { agreedFeeBp: limits.agreedFeeBp, got: fee }));
    }
    const cap = guaranteeFeeCapBp(limits.amountFen);
    if (fee > cap) {
      v.add(
        field,
        "guarantee.feeCap",
        msg("guarantee.feeCap", { capBp: cap, amountFen: limits.amountFen, got: fee }),
      );
    }
  }
  v.throwIfAny();
  return fee!;
}

/**
 * A rejection: a reason from the fixed list (regulators count rejections by reason); a note of
 * at most 2000 characters, required with OTHER. Returns the trimmed note (null when empty).
 */
export function checkRejection(reasonCode: RejectionReasonCode, note: string | null | undefined, prefix = "input"): string | null {
  const v = new Violations();
  if (!(Object.values(RejectionReasonCode) as string[]).includes(reasonCode)) {
    v.add(`${prefix}.reasonCode`, "rejection.unknownReason", msg("rejection.unknownReason", { raw: String(reasonCode), allowed: Object.values(RejectionReasonCode) }));
  }
  const trimmed = (note ?? "").trim();
  if (trimmed.length > MAX_REJECTION_NOTE_LENGTH) {
    v.add(`${prefix}.note`, "text.maxLength", msg("text.maxLength", { max: MAX_REJECTION_NOTE_LENGTH, length: trimmed.length }));
  }
  if (reasonCode === RejectionReasonCode.OTHER && trimmed.length === 0) {
    v.check(() => requireText(trimmed, `${prefix}.note`, MAX_REJECTION_NOTE_LENGTH));
  }
  v.throwIfAny();
  return trimmed.length === 0 ? null : trimmed;
}

/** One failed condition of a named guarantee agency for a pair. */
export interface AgencyIneligibility {
  rule: string;
  message: Message;
}

/**
 * Why the agency a firm named cannot guarantee this pair, one sentence per failed condition (the
 * same conditions as the matching engine's `cheapestGuarantee`, see docs/matching.md "Guarantee").
 * Empty when it can. `agreements` are the agency's agreements (any bank).
 */
export function agencyIneligibility(input: {
  agency: MatchAgency;
  agreements: readonly MatchAgreement[];
  institutionId: string;
  firmRegionCode: string;
  effectiveTier: CertificationTier | null;
  amountFen: Fen;
  on: LocalDate;
}): AgencyIneligibility[] {
  const { agency, institutionId, firmRegionCode, effectiveTier, amountFen, on } = input;
  const out: AgencyIneligibility[] = [];
  if (!regionServes(agency.regionCode, firmRegionCode)) {
    out.push({ rule: "guarantee.region", message: msg("agency.region", { regionCode: agency.regionCode, firmRegionCode }) });
  }
  if (agency.tiersServed.length > 0 && (effectiveTier === null || !agency.tiersServed.includes(effectiveTier))) {
    out.push({
      rule: "guarantee.tier",
      message: msg("agency.tier", { tiers: agency.tiersServed, on, held: effectiveTier }),
    });
  }
  if (amountFen > agency.maxAmountPerFirmFen) {
    out.push({ rule: "guarantee.perFirmMax", message: msg("agency.perFirmMax", { maxFen: agency.maxAmountPerFirmFen, askedFen: amountFen }) });
  }
  const capacityLeft = agency.capacityFen - agency.usedCapacityFen;
  if (capacityLeft < amountFen) {
    out.push({
      rule: "guarantee.capacity",
      message: msg("agency.capacity", { leftFen: capacityLeft < 0n ? 0n : capacityLeft, askedFen: amountFen }),
    });
  }
  const withBank = input.agreements.filter((a) => a.agencyId === agency.id && a.institutionId === institutionId);
  const inForce = withBank.filter((a) => a.validFrom <= on && (a.validTo === null || on <= a.validTo));
  if (inForce.length === 0) {
    out.push({
      rule: "guarantee.agreement",
      message: msg("agency.agreement", { none: withBank.length === 0, on }),
    });
  } else if (!inForce.some((a) => a.creditLineFen === null || a.creditLineFen - a.usedLineFen >= amountFen)) {
    out.push({ rule: "guarantee.agreementLine", message: msg("agency.agreementLine", { askedFen: amountFen }) });
  }
  return out;
}
