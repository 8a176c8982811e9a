import { regionServes, industryServes } from "../codes";
import { addDays, daysBetween, type LocalDate } from "../dates";
import {
  CertificationStatus,
  CollateralType,
  FinancingPurpose,
  FirmSize,
  IncentiveKind,
  LoanProductStatus,
  LoanStatus,
  LoanProductCategory,
  RENEWAL_CATEGORIES,
} from "../enums";
import { guaranteeFeeCapBp } from "../guarantee-rules";
import { formatMoney, parseMoney, type Fen } from "../money";
import { publishedRateOn, tierDiscountBp } from "../pricing";
import { certificateBehindMinimum, certificationStatusOn, effectiveCertification, meetsMinimum, type CertificationFacts } from "../tier";
import {
  IneligibilityCode as Code,
  type ChosenGuarantee,
  type CostBreakdown,
  type IneligibilityReason,
  type MatchAgency,
  type MatchAgreement,
  type MatchFirm,
  type MatchLoan,
  type MatchMarket,
  type MatchNeed,
  type MatchPolicy,
  type MatchProduct,
  type PairEvaluation,
  type ReasonDetails,
  type ReasonGuarantee,
} from "./model";
import { msg, type Message } from "../../i18n";

/**
 * Eligibility and effective cost of one need × product (docs/matching.md, "Eligibility" and
 * "Cost"). Every failed rule is reported, not only the first, so a firm sees all it would have
 * to change.
 */

/** 金规〔2024〕13号: 无还本续贷 reaches medium-sized firms for loans maturing up to this date. */
export const MEDIUM_FIRM_RENEWAL_MATURITY_LIMIT: LocalDate = "2027-09-30";

/** The date rules are checked on: the day the firm needs the money, or today when that has passed. */
export function matchDate(need: Pick<MatchNeed, "neededBy">, today: LocalDate): LocalDate {
  return need.neededBy > today ? need.neededBy : today;
}

/** "800万元" for whole 万元, else "1234.56元": amounts in sentences a CFO reads. */
export function describeAmount(fen: Fen): string {
  if (fen % 1_000_000n === 0n) return `${fen / 1_000_000n}万元`;
  return `${formatMoney(fen)}元`;
}

/** Evaluates one pair. `renewalLoan` is the loan named by the need's renewalOfLoanId, when there is one. */
export function evaluatePair(input: {
  need: MatchNeed;
  firm: MatchFirm;
  product: MatchProduct;
  market: MatchMarket;
  today: LocalDate;
  renewalLoan?: MatchLoan | null;
}): PairEvaluation {
  const { need, firm, product, market, today } = input;
  const on = matchDate(need, today);
  const reasons: IneligibilityReason[] = [];
  const fail = (code: Code, message: Message, details?: ReasonDetails) => reasons.push(details ? { code, message, details } : { code, message });

  // Product state.
  if (product.status !== LoanProductStatus.ACTIVE) fail(Code.PRODUCT_INACTIVE, msg("match.productInactive"));
  if (on < product.validFrom || (product.validTo !== null && on > product.validTo)) {
    fail(Code.OUTSIDE_VALIDITY, msg("match.outsideValidity", { validFrom: product.validFrom, validTo: product.validTo, on }));
  }

  // Certification tier and level, on the match date.
  const effective = effectiveCertification(firm.certifications, on);
  const tierMet =
    meetsMinimum(null, product.minTier, product.minLevel) ||
    firm.certifications.some((c) => certificationStatusOn(c, on) === CertificationStatus.ACTIVE && meetsMinimum(c, product.minTier, product.minLevel));
  if (!tierMet) {
    const [message, details] = tierReason(firm.certifications, product, effective, on);
    fail(Code.TIER_TOO_LOW, message, details);
  }

  // Region and industry (prefix rules).
  if (!product.servedRegionCodes.some((code) => regionServes(code, firm.regionCode))) {
    fail(Code.REGION_NOT_SERVED, msg("match.regionNotServed", { served: product.servedRegionCodes, regionCode: firm.regionCode }));
  }
  if (!industryServes(product.industryPrefixes, firm.industryCode)) {
    fail(Code.INDUSTRY_NOT_SERVED, msg("match.industryNotServed", { served: product.industryPrefixes, industryCode: firm.industryCode }));
  }

  // Amount and term ranges (bounds inclusive).
  if (need.amountFen < product.minAmountFen) {
    fail(Code.AMOUNT_BELOW_MIN, msg("match.amountBelowMin", { minFen: product.minAmountFen, askedFen: need.amountFen }));
  }
  if (need.amountFen > product.maxAmountFen) {
    fail(Code.AMOUNT_ABOVE_MAX, msg("match.amountAboveMax", { maxFen: product.maxAmountFen, askedFen: need.amountFen }));
  }
  if (need.termMonths < product.minTermMonths) {
    fail(Code.TERM_BELOW_MIN, msg("match.termBelowMin", { min: product.minTermMonths, asked: need.termMonths }));
  }
  if (need.termMonths > product.maxTermMonths) {
    fail(Code.TERM_ABOVE_MAX, msg("match.termAboveMax", { max: product.maxTermMonths, asked: need.termMonths }));
  }

  // Purpose and collateral.
  if (!product.purposes.includes(need.purpose)) {
    fail(Code.PURPOSE_NOT_ALLOWED, msg("match.purposeNotAllowed", { purposes: product.purposes, purpose: need.purpose }));
  }
  if (!collateralFits(product.acceptedCollateral, need.collateralOffered)) {
    fail(Code.COLLATERAL_NOT_ACCEPTED, msg("match.collateralNotAccepted", { accepted: product.acceptedCollateral, offered: need.collateralOffered }));
  }

  // Quota.
  const quotaRemainingFen = product.reservedQuotaFen - product.usedQuotaFen;
  if (quotaRemainingFen < need.amountFen) {
    const left = quotaRemainingFen < 0n ? 0n : quotaRemainingFen;
    fail(
      Code.QUOTA_EXHAUSTED,
      msg("match.quotaExhausted", { leftFen: left, askedFen: need.amountFen }),
      { quota: { remaining: formatMoney(left), requested: formatMoney(need.amountFen) } },
    );
  }

  // Renewals (续贷).
  if (RENEWAL_CATEGORIES.includes(product.category)) {
    for (const r of renewalReasons(product, firm, need, input.renewalLoan ?? null, on)) reasons.push(r);
  }

  // Guarantee.
  let guarantee: ChosenGuarantee | null = null;
  if (product.requiresGuarantee) {
    if (!need.acceptsGuarantee) {
      fail(Code.GUARANTEE_NOT_ACCEPTED, msg("match.guaranteeNotAccepted"));
    }
    guarantee = cheapestGuarantee(product, firm, need, effective, market, on);
    if (guarantee === null) {
      const closest = closestGuarantee(product, firm, need, effective, market, on);
      const none = msg("match.noGuarantee", { regionCode: firm.regionCode, tier: effective?.tier ?? null, on, askedFen: need.amountFen });
      if (closest === null) fail(Code.NO_GUARANTEE_AVAILABLE, none);
      else fail(Code.NO_GUARANTEE_AVAILABLE, msg("sentences", { parts: [none, describeShortfall(closest)] }), { guarantee: closest });
    }
  }

  // Cost.
  const cost = costOf(product, need, firm, effective, guarantee, market, on);
  if (cost === null) {
    fail(Code.NO_PRICE, msg("match.noPrice", { tenor: product.pricing.lprTenor, on }));
  } else if (need.maxAnnualRateBp !== null && cost.totalBp > need.maxAnnualRateBp) {
    fail(Code.RATE_ABOVE_MAX, msg("match.rateAboveMax", { totalBp: cost.totalBp, maxBp: need.maxAnnualRateBp }));
  }

  return {
    need,
    firm,
    product,
    matchDate: on,
    eligible: reasons.length === 0,
    reasons,
    cost,
    guarantee,
    effectiveCertification: effective,
    estimatedApprovalDays: estimatedApprovalDays(product, guarantee),
    quotaRemainingFen,
    daysAvailable: Math.max(0, daysBetween(today, need.neededBy)),
  };
}

/**
 * Approval days of a pair: the product's, or the chosen guarantee's agreement's when its bank
 * waives its own due diligence and decides faster (见担即贷, seed 002: no duplicate due diligence);
 * never more than the product's own.
 */
export function estimatedApprovalDays(product: Pick<MatchProduct, "approvalDays">, guarantee: Pick<ChosenGuarantee, "waiverApprovalDays"> | null): number {
  const waived = guarantee?.waiverApprovalDays ?? null;
  return waived !== null && waived < product.approvalDays ? waived : product.approvalDays;
}

/** The product accepts pure credit (NONE), or one of the kinds the firm offers. */
export function collateralFits(accepted: readonly CollateralType[], offered: readonly CollateralType[]): boolean {
  return accepted.includes(CollateralType.NONE) || offered.some((c) => accepted.includes(c));
}

/**
 * 无还本续贷 / 接力贷 rules: a RENEWAL need naming the firm's loan with the same bank, performing,
 * and the match date inside [maturity − window, maturity]. 无还本续贷 also follows 金规〔2024〕13号
 * on firm size: small and micro firms, medium ones for loans maturing by 2027-09-30.
 */
function renewalReasons(product: MatchProduct, firm: MatchFirm, need: MatchNeed, loan: MatchLoan | null, on: LocalDate): IneligibilityReason[] {
  if (
    need.purpose !== FinancingPurpose.RENEWAL ||
    need.renewalOfLoanId === null ||
    loan === null ||
    loan.id !== need.renewalOfLoanId ||
    loan.firmId !== firm.id
  ) {
    return [{ code: Code.RENEWAL_NEED_REQUIRED, message: msg("match.renewalNeedRequired") }];
  }
  return renewalLoanReasons(product, firm, loan, on);
}

/**
 * The renewal rules on the loan itself, once a renewal is asked for it: the loan is with the
 * product's bank, PERFORMING, the date lies inside [maturity − renewalWindowDays, maturity] (both
 * edges inclusive), and for 无还本续贷 the firm's size qualifies under 金规〔2024〕13号. Shared by the
 * matching engine and by renewLoan / disbursement of a renewal (src/domain/loan-rules.ts). Each
 * reason names the loan (details.loan: id, status, maturity, the window's first day).
 */
export function renewalLoanReasons(
  product: Pick<MatchProduct, "institutionId" | "category" | "renewalWindowDays">,
  firm: Pick<MatchFirm, "size">,
  loan: Pick<MatchLoan, "id" | "institutionId" | "status" | "maturesOn">,
  on: LocalDate,
): IneligibilityReason[] {
  const reasons: IneligibilityReason[] = [];
  const opens = renewalWindowOpens(product, loan);
  const details: ReasonDetails = { loan: { id: loan.id, status: loan.status, maturesOn: loan.maturesOn, windowOpensOn: opens } };
  const fail = (code: Code, message: Message) => reasons.push({ code, message, details });
  if (loan.institutionId !== product.institutionId) {
    fail(Code.RENEWAL_LOAN_OTHER_BANK, msg("match.renewalLoanOtherBank", { maturesOn: loan.maturesOn }));
  }
  if (loan.status !== LoanStatus.PERFORMING) {
    fail(Code.RENEWAL_LOAN_NOT_PERFORMING, msg("match.renewalLoanNotPerforming", { maturesOn: loan.maturesOn, status: loan.status }));
  }
  if (on < opens || on > loan.maturesOn) {
    fail(Code.RENEWAL_OUTSIDE_WINDOW, msg("match.renewalOutsideWindow", { maturesOn: loan.maturesOn, opens, on }));
  }
  if (product.category === LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT) {
    const sizeOk =
      firm.size === FirmSize.MICRO ||
      firm.size === FirmSize.SMALL ||
      (firm.size === FirmSize.MEDIUM && loan.maturesOn <= MEDIUM_FIRM_RENEWAL_MATURITY_LIMIT);
    if (!sizeOk) {
      fail(
        Code.RENEWAL_FIRM_NOT_ELIGIBLE,
        firm.size === FirmSize.MEDIUM
          ? msg("match.renewalMediumFirm", { limit: MEDIUM_FIRM_RENEWAL_MATURITY_LIMIT, maturesOn: loan.maturesOn })
          : msg("match.renewalFirmSize"),
      );
    }
  }
  return reasons;
}

/** The first day of a renewal product's window for a loan: maturity − renewalWindowDays (no window: the maturity day only). */
export function renewalWindowOpens(product: Pick<MatchProduct, "renewalWindowDays">, loan: Pick<MatchLoan, "maturesOn">): LocalDate {
  return addDays(loan.maturesOn, -(product.renewalWindowDays ?? 0));
}

/**
 * The cheapest guarantee usable for the pair: an agency serving the firm's region and tier, with
 * an agreement with the product's bank in force on the date, room for the amount in its per-firm
 * maximum, its capacity and the agreement's line. Fee charged = agreed fee capped by the policy
 * cap for the amount (国办发〔2019〕6号). Ties: lower fee, then smaller agency id, then smaller
 * agreement id (an agency may hold two agreements with one bank), whatever the input order.
 */
export function cheapestGuarantee(
  product: Pick<MatchProduct, "institutionId">,
  firm: Pick<MatchFirm, "regionCode">,
  need: Pick<MatchNeed, "amountFen">,
  effective: CertificationFacts | null,
  market: Pick<MatchMarket, "agencies" | "agreements">,
  on: LocalDate,
): ChosenGuarantee | null {
  const cap = guaranteeFeeCapBp(need.amountFen);
  let best: ChosenGuarantee | null = null;
  forEachServingGuarantee(product, firm, effective, market, on, (agency, agreement) => {
    if (guaranteeRoomFen(agency, agreement) < need.amountFen) return;
    const feeBp = Math.min(agreement.agreedFeeRateBp, cap);
    if (
      best === null ||
      feeBp < best.feeBp ||
      (feeBp === best.feeBp && (agency.id < best.agencyId || (agency.id === best.agencyId && agreement.id < best.agreementId)))
    ) {
      best = { agencyId: agency.id, agreementId: agreement.id, feeBp, waiverApprovalDays: agreement.waiverApprovalDays };
    }
  });
  return best;
}

/**
 * When no guarantee is usable, the one that came closest: an agency serving the firm's region and
 * tier with an agreement with the product's bank in force on the date, which only the amount
 * defeats (its per-firm maximum, its capacity left or the agreement's line left). The one with the
 * most room wins, then the smaller agency id and agreement id. Null when no agency gets that far
 * (the reason then names no record).
 */
export function closestGuarantee(
  product: Pick<MatchProduct, "institutionId">,
  firm: Pick<MatchFirm, "regionCode">,
  need: Pick<MatchNeed, "amountFen">,
  effective: CertificationFacts | null,
  market: Pick<MatchMarket, "agencies" | "agreements">,
  on: LocalDate,
): ReasonGuarantee | null {
  let best: { room: Fen; agency: MatchAgency; agreement: MatchAgreement } | null = null;
  forEachServingGuarantee(product, firm, effective, market, on, (agency, agreement) => {
    const room = guaranteeRoomFen(agency, agreement);
    if (
      best === null ||
      room > best.room ||
      (room === best.room && (agency.id < best.agency.id || (agency.id === best.agency.id && agreement.id < best.agreement.id)))
    ) {
      best = { room, agency, agreement };
    }
  });
  if (best === null) return null;
  const { agency, agreement } = best as { agency: MatchAgency; agreement: MatchAgreement };
  const nonNegative = (fen: Fen) => formatMoney(fen < 0n ? 0n : fen);
  return {
    agencyId: agency.id,
    agencyName: agency.name,
    agreementId: agreement.id,
    requested: formatMoney(need.amountFen),
    maxAmountPerFirm: formatMoney(agency.maxAmountPerFirmFen),
    capacityRemaining: nonNegative(agency.capacityFen - agency.usedCapacityFen),
    agreementLineRemaining: agreement.creditLineFen === null ? null : nonNegative(agreement.creditLineFen - agreement.usedLineFen),
  };
}

/**
 * Calls `visit` for each agreement with the product's bank in force on the date whose agency
 * serves the firm's region and effective tier: the guarantee rules but the amount's.
 */
function forEachServingGuarantee(
  product: Pick<MatchProduct, "institutionId">,
  firm: Pick<MatchFirm, "regionCode">,
  effective: CertificationFacts | null,
  market: Pick<MatchMarket, "agencies" | "agreements">,
  on: LocalDate,
  visit: (agency: MatchAgency, agreement: MatchAgreement) => void,
): void {
  for (const agreement of market.agreements) {
    if (agreement.institutionId !== product.institutionId) continue;
    if (on < agreement.validFrom || (agreement.validTo !== null && on > agreement.validTo)) continue;
    const agency = market.agencies.find((a) => a.id === agreement.agencyId);
    if (!agency || !regionServes(agency.regionCode, firm.regionCode)) continue;
    if (agency.tiersServed.length > 0 && (effective === null || !agency.tiersServed.includes(effective.tier))) continue;
    visit(agency, agreement);
  }
}

/** The largest amount an agency can guarantee through an agreement: its per-firm maximum, capacity left and the agreement's line left. */
function guaranteeRoomFen(agency: MatchAgency, agreement: MatchAgreement): Fen {
  let room = agency.maxAmountPerFirmFen;
  const capacityLeft = agency.capacityFen - agency.usedCapacityFen;
  if (capacityLeft < room) room = capacityLeft;
  if (agreement.creditLineFen !== null && agreement.creditLineFen - agreement.usedLineFen < room) room = agreement.creditLineFen - agreement.usedLineFen;
  return room;
}

/** "The closest, 浙江省融资担保, has 300万元 of capacity left." — each limit the amount exceeds. */
function describeShortfall(g: ReasonGuarantee): Message {
  const requested = parseMoney(g.requested);
  const perFirm = parseMoney(g.maxAmountPerFirm);
  const capacity = parseMoney(g.capacityRemaining);
  const line = g.agreementLineRemaining === null ? null : parseMoney(g.agreementLineRemaining);
  return msg("match.guaranteeShortfall", {
    agencyName: g.agencyName,
    perFirmFen: perFirm < requested ? perFirm : null,
    capacityFen: capacity < requested ? capacity : null,
    lineFen: line !== null && line < requested ? line : null,
  });
}

/**
 * TIER_TOO_LOW's sentence and details: the minimum, what the firm holds on the date, and the
 * certificate behind it (certificateBehindMinimum) with its number, tier, level and the day it
 * expired, was revoked or takes effect.
 */
function tierReason(
  certs: readonly CertificationFacts[],
  product: Pick<MatchProduct, "minTier" | "minLevel">,
  effective: CertificationFacts | null,
  on: LocalDate,
): [Message, ReasonDetails | undefined] {
  const cause = certificateBehindMinimum(certs, product.minTier, product.minLevel, on);
  const held = effective ? { level: effective.level, tier: effective.tier, certificateNo: effective.certificateNo, expiresOn: effective.expiresOn } : null;
  let message: Message = msg("match.tierTooLow", { minLevel: product.minLevel, minTier: product.minTier, on, held });
  if (cause !== null && cause.certification.id !== effective?.id) message = msg("sentences", { parts: [message, describeCertificate(cause.certification, cause.statusOn, on)] });
  if (cause === null) return [message, undefined];
  const c = cause.certification;
  return [
    message,
    {
      certification: {
        id: c.id,
        certificateNo: c.certificateNo,
        tier: c.tier,
        level: c.level,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        revokedOn: c.revokedOn,
        statusOn: cause.statusOn,
      },
    },
  ];
}

/** "Its certificate 工信部2020-001 (NATIONAL LITTLE_GIANT) expired on 2023-06-30." */
function describeCertificate(c: CertificationFacts, statusOn: CertificationStatus | null, on: LocalDate): Message {
  const cert = { certificateNo: c.certificateNo, level: c.level, tier: c.tier };
  if (statusOn === CertificationStatus.REVOKED) return msg("match.certificate", { ...cert, state: "REVOKED", day: c.revokedOn ?? on });
  if (statusOn === null) return msg("match.certificate", { ...cert, state: "NOT_YET", day: c.issuedOn });
  if (statusOn === CertificationStatus.EXPIRED && c.expiresOn < on) return msg("match.certificate", { ...cert, state: "EXPIRED", day: c.expiresOn });
  if (statusOn === CertificationStatus.EXPIRED) return msg("match.certificate", { ...cert, state: "RECORDED_EXPIRED", day: c.expiresOn });
  return msg("match.certificate", { ...cert, state: "IN_FORCE", day: c.expiresOn });
}

/**
 * Subsidies of `kind` the firm qualifies for on the date, in bp a year averaged over the term:
 * subsidyBp × min(duration, term) / term, rounded down. Within an exclusiveGroup only the highest
 * counts (从高、不重复); policies without a group add up. Incentives are for certified firms: a firm
 * with no certification in force on the date gets none, and a policy's empty tier (level) list
 * means any certified tier (level), not "anyone".
 */
export function subsidiesBp(
  kind: IncentiveKind.INTEREST_SUBSIDY | IncentiveKind.GUARANTEE_FEE_SUBSIDY,
  policies: readonly MatchPolicy[],
  firm: Pick<MatchFirm, "regionCode">,
  effective: CertificationFacts | null,
  product: Pick<MatchProduct, "category">,
  termMonths: number,
  on: LocalDate,
): number {
  if (effective === null) return 0;
  const byGroup = new Map<string, number>();
  let total = 0;
  for (const p of policies) {
    if (p.kind !== kind || p.subsidyBp === null) continue;
    if (on < p.validFrom || (p.validTo !== null && on > p.validTo)) continue;
    if (!regionServes(p.regionCode, firm.regionCode)) continue;
    if (p.tiers.length > 0 && !p.tiers.includes(effective.tier)) continue;
    if (p.levels.length > 0 && !p.levels.includes(effective.level)) continue;
    if (p.categories.length > 0 && !p.categories.includes(product.category)) continue;
    const months = Math.min(p.durationMonths ?? termMonths, termMonths);
    const annualised = Math.floor((p.subsidyBp * months) / termMonths);
    if (p.exclusiveGroup === null) total += annualised;
    else byGroup.set(p.exclusiveGroup, Math.max(byGroup.get(p.exclusiveGroup) ?? 0, annualised));
  }
  for (const v of byGroup.values()) total += v;
  return total;
}

/**
 * Effective annual cost = published rate − tier discount − interest subsidies + guarantee fee
 * (net of fee subsidies). The discount and subsidies never take the interest below 0, nor fee
 * subsidies the fee. Null when the product has no price on the date.
 */
export function costOf(
  product: MatchProduct,
  need: MatchNeed,
  firm: MatchFirm,
  effective: CertificationFacts | null,
  guarantee: ChosenGuarantee | null,
  market: Pick<MatchMarket, "lprRates" | "policies">,
  on: LocalDate,
): CostBreakdown | null {
  const rateBp = publishedRateOn(product.pricing, market.lprRates, on);
  if (rateBp === null) return null;
  const tierDiscount = Math.min(tierDiscountBp(product.tierDiscounts, effective?.tier ?? null), rateBp);
  const subsidy = Math.min(
    subsidiesBp(IncentiveKind.INTEREST_SUBSIDY, market.policies, firm, effective, product, need.termMonths, on),
    rateBp - tierDiscount,
  );
  let guaranteeFeeBp = 0;
  if (guarantee !== null) {
    const feeSubsidy = subsidiesBp(IncentiveKind.GUARANTEE_FEE_SUBSIDY, market.policies, firm, effective, product, need.termMonths, on);
    guaranteeFeeBp = Math.max(0, guarantee.feeBp - feeSubsidy);
  }
  return {
    totalBp: rateBp - tierDiscount - subsidy + guaranteeFeeBp,
    rateBp,
    tierDiscountBp: tierDiscount,
    subsidyBp: subsidy,
    guaranteeFeeBp,
  };
}
