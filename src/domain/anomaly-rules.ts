import { industryServes, regionServes } from "./codes";
import { isLocalDate, type LocalDate } from "./dates";
import { CertificationStatus, LoanStatus, LprTenor, PricingType, type CertificationLevel, type CertificationTier, type FinancingPurpose } from "./enums";
import { ValidationError } from "./errors";
import { guaranteeFeeCapBp } from "./guarantee-rules";
import { isUuid } from "./ids";
import type { Fen } from "./money";
import { lprInForce, publishedRateOn, type LprPoint, type ProductPricing } from "./pricing";
import { certificationStatusOn, effectiveCertification, meetsMinimum, type CertificationFacts, type NamedCertificate } from "./tier";
import { msg, type Message, type MessageKey } from "../i18n";

/**
 * Lending anomalies (异常放款), the pure part (docs/reporting.md, "Anomalies"): the rules, their
 * reasons, the predicate of each rule on the facts of one loan or application, and the sentence
 * naming the figures. The scan itself runs set-based in SQL (src/modules/report/anomaly.repository.ts),
 * which mirrors these predicates line by line and takes its constants (the 国办发〔2019〕6号 fee
 * caps) from here; test/unit/anomaly-rules.test.ts holds the predicates to their tables. No
 * database, GraphQL or clock.
 */

/** The rules, in the order anomalies are listed (rule, then day, then id). */
export enum AnomalyRule {
  CERTIFICATION_NOT_IN_FORCE = "CERTIFICATION_NOT_IN_FORCE",
  RATE_ABOVE_PUBLISHED = "RATE_ABOVE_PUBLISHED",
  GUARANTEE_FEE_ABOVE_CAP = "GUARANTEE_FEE_ABOVE_CAP",
  QUOTA_EXCEEDED = "QUOTA_EXCEEDED",
  RENEWAL_WITHOUT_PERFORMING_PREDECESSOR = "RENEWAL_WITHOUT_PERFORMING_PREDECESSOR",
  APPROVAL_OUTSIDE_ELIGIBILITY = "APPROVAL_OUTSIDE_ELIGIBILITY",
}

export const ANOMALY_RULE_ORDER: readonly AnomalyRule[] = [
  AnomalyRule.CERTIFICATION_NOT_IN_FORCE,
  AnomalyRule.RATE_ABOVE_PUBLISHED,
  AnomalyRule.GUARANTEE_FEE_ABOVE_CAP,
  AnomalyRule.QUOTA_EXCEEDED,
  AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR,
  AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY,
];

/** 1-based position of a rule in the listing order (the SQL's `rank` column). */
export function ruleRank(rule: AnomalyRule): number {
  return ANOMALY_RULE_ORDER.indexOf(rule) + 1;
}

/** Why a rule fired; one anomaly may carry several reasons of its rule. */
export enum AnomalyReason {
  // CERTIFICATION_NOT_IN_FORCE
  RECORDED_CERTIFICATION_REVOKED = "RECORDED_CERTIFICATION_REVOKED",
  RECORDED_CERTIFICATION_EXPIRED = "RECORDED_CERTIFICATION_EXPIRED",
  RECORDED_CERTIFICATION_NOT_YET_ISSUED = "RECORDED_CERTIFICATION_NOT_YET_ISSUED",
  NO_CERTIFICATION_IN_FORCE = "NO_CERTIFICATION_IN_FORCE",
  // RATE_ABOVE_PUBLISHED
  ABOVE_PUBLISHED_RATE = "ABOVE_PUBLISHED_RATE",
  // GUARANTEE_FEE_ABOVE_CAP
  FEE_ABOVE_AGENCY = "FEE_ABOVE_AGENCY",
  FEE_ABOVE_AGREEMENT = "FEE_ABOVE_AGREEMENT",
  FEE_ABOVE_POLICY_CAP = "FEE_ABOVE_POLICY_CAP",
  // QUOTA_EXCEEDED
  COMMITMENTS_ABOVE_RESERVE = "COMMITMENTS_ABOVE_RESERVE",
  // RENEWAL_WITHOUT_PERFORMING_PREDECESSOR
  NO_PREDECESSOR = "NO_PREDECESSOR",
  PREDECESSOR_OTHER_FIRM = "PREDECESSOR_OTHER_FIRM",
  PREDECESSOR_OTHER_BANK = "PREDECESSOR_OTHER_BANK",
  PREDECESSOR_MATURED = "PREDECESSOR_MATURED",
  PREDECESSOR_OVERDUE = "PREDECESSOR_OVERDUE",
  PREDECESSOR_CLOSED_BEFORE = "PREDECESSOR_CLOSED_BEFORE",
  PREDECESSOR_REPAID = "PREDECESSOR_REPAID",
  PREDECESSOR_STILL_RUNNING = "PREDECESSOR_STILL_RUNNING",
  // APPROVAL_OUTSIDE_ELIGIBILITY
  AMOUNT_OUT_OF_RANGE = "AMOUNT_OUT_OF_RANGE",
  TERM_OUT_OF_RANGE = "TERM_OUT_OF_RANGE",
  TIER_TOO_LOW = "TIER_TOO_LOW",
  REGION_NOT_SERVED = "REGION_NOT_SERVED",
  INDUSTRY_NOT_SERVED = "INDUSTRY_NOT_SERVED",
  PURPOSE_NOT_ALLOWED = "PURPOSE_NOT_ALLOWED",
  OUTSIDE_VALIDITY = "OUTSIDE_VALIDITY",
  GUARANTEE_MISSING = "GUARANTEE_MISSING",
}

/** The kinds of record an anomaly names. */
export enum AnomalyRecordType {
  LOAN = "LOAN",
  APPLICATION = "APPLICATION",
  PRODUCT = "PRODUCT",
  CERTIFICATION = "CERTIFICATION",
  GUARANTEE_AGENCY = "GUARANTEE_AGENCY",
  GUARANTEE_AGREEMENT = "GUARANTEE_AGREEMENT",
  FIRM = "FIRM",
}

/** The audit trail's `record_type` of each kind of record (the entity names recordAudit writes). */
export const AUDIT_RECORD_TYPES: Readonly<Record<AnomalyRecordType, string>> = {
  LOAN: "Loan",
  APPLICATION: "Application",
  PRODUCT: "LoanProduct",
  CERTIFICATION: "Certification",
  GUARANTEE_AGENCY: "GuaranteeAgency",
  GUARANTEE_AGREEMENT: "GuaranteeAgreement",
  FIRM: "Firm",
};

/**
 * Records that carry a quota counter (product used_quota, agency used_capacity, agreement
 * used_line) get an audit event for every approval, repayment and renewal that moves it; an
 * anomaly shows only the events that created or changed their terms (operations create…,
 * update…, archive…), not the counter moves, which are unbounded and are the events of the
 * loans and applications themselves.
 */
const COUNTER_RECORD_TYPES: ReadonlySet<string> = new Set(["LoanProduct", "GuaranteeAgency", "GuaranteeAgreement"]);

/** Is an audit event of `recordType` with `operation` one an anomaly shows? */
export function isShownAuditEvent(recordType: string, operation: string): boolean {
  return !COUNTER_RECORD_TYPES.has(recordType) || /^(create|update|archive)[A-Z]/.test(operation);
}

/** One record an anomaly names. */
export interface AnomalyRecordRef {
  type: AnomalyRecordType;
  id: string;
}

// ---------------------------------------------------------------------------------------------
// The predicates. Each returns the reasons its rule fires for, empty when it does not.

/**
 * CERTIFICATION_NOT_IN_FORCE, on the disbursement day `disbursedOn`, with the certifications as
 * they are stored now (a revocation recorded later with an earlier revocation day counts):
 * - the loan records a certification (the one in force when it was disbursed) that was not in
 *   force that day: revoked on or before it, expired before it (or recorded EXPIRED), or issued
 *   after it;
 * - or it records none, its product requires a certification (a minimum tier or level), and the
 *   firm held no certification in force that day.
 */
export function certificationReasons(input: {
  disbursedOn: LocalDate;
  recorded: CertificationFacts | null;
  certifications: readonly CertificationFacts[];
  requiresCertification: boolean;
}): AnomalyReason[] {
  const { disbursedOn, recorded } = input;
  if (recorded !== null) {
    const status = certificationStatusOn(recorded, disbursedOn);
    if (status === CertificationStatus.REVOKED) return [AnomalyReason.RECORDED_CERTIFICATION_REVOKED];
    if (status === CertificationStatus.EXPIRED) return [AnomalyReason.RECORDED_CERTIFICATION_EXPIRED];
    if (status === null) return [AnomalyReason.RECORDED_CERTIFICATION_NOT_YET_ISSUED];
    return [];
  }
  if (!input.requiresCertification) return [];
  return effectiveCertification(input.certifications, disbursedOn) === null ? [AnomalyReason.NO_CERTIFICATION_IN_FORCE] : [];
}

/** The published price a rate was held to (挂牌利率 on the pricing day). */
export interface PublishedPrice {
  publishedBp: number;
  pricingType: PricingType;
  /** LPR pricing: the tenor, the LPR in force that day and the day it took effect, the spread. */
  lprTenor: LprTenor | null;
  lprBp: number | null;
  lprEffectiveOn: LocalDate | null;
  spreadBp: number | null;
}

/**
 * RATE_ABOVE_PUBLISHED: the loan's annual rate is above the product's published rate on the
 * pricing day (fixed, or the LPR of its tenor in force that day + spread, never below 0). Null
 * when it is not, or when no price can be told (an LPR product before any LPR of its tenor).
 */
export function rateAbovePublished(input: { rateBp: number; pricing: ProductPricing; lprRates: readonly LprPoint[]; pricingDay: LocalDate }): PublishedPrice | null {
  const published = publishedRateOn(input.pricing, input.lprRates, input.pricingDay);
  if (published === null || input.rateBp <= published) return null;
  const lpr = input.pricing.pricingType === PricingType.LPR_SPREAD && input.pricing.lprTenor !== null ? lprInForce(input.lprRates, input.pricing.lprTenor, input.pricingDay) : null;
  return {
    publishedBp: published,
    pricingType: input.pricing.pricingType,
    lprTenor: input.pricing.pricingType === PricingType.LPR_SPREAD ? input.pricing.lprTenor : null,
    lprBp: lpr?.rateBp ?? null,
    lprEffectiveOn: lpr?.effectiveOn ?? null,
    spreadBp: input.pricing.pricingType === PricingType.LPR_SPREAD ? input.pricing.spreadBp : null,
  };
}

/**
 * GUARANTEE_FEE_ABOVE_CAP: which bounds a guaranteed loan's fee exceeds — the agency's published
 * fee, the agreed fee of the 总对总 agreement it goes through (when it has one), and the policy cap
 * for its principal (国办发〔2019〕6号: 100 bp up to 500万元, 150 bp above; `guaranteeFeeCapBp`).
 */
export function guaranteeFeeBounds(input: { feeBp: number; principalFen: Fen; agencyFeeBp: number; agreedFeeBp: number | null }): AnomalyReason[] {
  const out: AnomalyReason[] = [];
  if (input.feeBp > input.agencyFeeBp) out.push(AnomalyReason.FEE_ABOVE_AGENCY);
  if (input.agreedFeeBp !== null && input.feeBp > input.agreedFeeBp) out.push(AnomalyReason.FEE_ABOVE_AGREEMENT);
  if (input.feeBp > guaranteeFeeCapBp(input.principalFen)) out.push(AnomalyReason.FEE_ABOVE_POLICY_CAP);
  return out;
}

/** One commitment of a product's reserved line: a running loan's balance or an approval not yet disbursed. */
export interface QuotaCommitment {
  id: string;
  amountFen: Fen;
}

/**
 * QUOTA_EXCEEDED: the product's commitments as its records show them now — the outstanding
 * balance of each running (PERFORMING or OVERDUE) loan and the approved amount of each APPROVED
 * application — taken in the order they committed the line (`commitments` comes in that order);
 * every commitment whose running sum is above the reserved line went over it. Returns those, with
 * the running sum each reached.
 */
export function quotaOverruns(reservedFen: Fen, commitments: readonly QuotaCommitment[]): Array<{ id: string; runningFen: Fen }> {
  let running = 0n;
  const out: Array<{ id: string; runningFen: Fen }> = [];
  for (const c of commitments) {
    running += c.amountFen;
    if (running > reservedFen) out.push({ id: c.id, runningFen: running });
  }
  return out;
}

/** A renewal loan as the renewal rule sees it. */
export interface RenewalFacts {
  firmId: string;
  institutionId: string;
  /** The renewal day (the new loan's disbursement day). */
  disbursedOn: LocalDate;
}

/** The loan a renewal names, as stored now. */
export interface PredecessorFacts {
  firmId: string;
  institutionId: string;
  maturesOn: LocalDate;
  status: LoanStatus;
  closedOn: LocalDate | null;
}

/**
 * RENEWAL_WITHOUT_PERFORMING_PREDECESSOR: a loan of a renewal product (无还本续贷, 接力贷/年审贷)
 * must take over a performing loan of the same firm at the same bank, not matured by the renewal
 * day, which the renewal closed (RENEWED) that day. Every way the named loan falls short is a
 * reason; a renewal naming none has NO_PREDECESSOR.
 */
export function renewalPredecessorReasons(renewal: RenewalFacts, predecessor: PredecessorFacts | null): AnomalyReason[] {
  if (predecessor === null) return [AnomalyReason.NO_PREDECESSOR];
  const out: AnomalyReason[] = [];
  const day = renewal.disbursedOn;
  if (predecessor.firmId !== renewal.firmId) out.push(AnomalyReason.PREDECESSOR_OTHER_FIRM);
  if (predecessor.institutionId !== renewal.institutionId) out.push(AnomalyReason.PREDECESSOR_OTHER_BANK);
  if (predecessor.maturesOn < day) out.push(AnomalyReason.PREDECESSOR_MATURED);
  if (predecessor.status === LoanStatus.OVERDUE) out.push(AnomalyReason.PREDECESSOR_OVERDUE);
  const closedBefore = predecessor.closedOn !== null && predecessor.closedOn < day;
  if (closedBefore) out.push(AnomalyReason.PREDECESSOR_CLOSED_BEFORE);
  if (predecessor.status === LoanStatus.REPAID && !closedBefore) out.push(AnomalyReason.PREDECESSOR_REPAID);
  if (predecessor.status === LoanStatus.PERFORMING) out.push(AnomalyReason.PREDECESSOR_STILL_RUNNING);
  return out;
}

/** A product's eligibility terms, as they were when the application was approved. */
export interface EligibilityTerms {
  minAmountFen: Fen;
  maxAmountFen: Fen;
  minTermMonths: number;
  maxTermMonths: number;
  minTier: CertificationTier | null;
  minLevel: CertificationLevel | null;
  servedRegionCodes: readonly string[];
  industryPrefixes: readonly string[];
  purposes: readonly FinancingPurpose[];
  validFrom: LocalDate;
  validTo: LocalDate | null;
  requiresGuarantee: boolean;
}

/** An approved application, as the eligibility rule sees it. */
export interface ApprovalFacts {
  approvedOn: LocalDate;
  amountFen: Fen;
  termMonths: number;
  /** The need's purpose. */
  purpose: FinancingPurpose;
  /** A government guarantee was accepted for it. */
  guaranteed: boolean;
  firm: { regionCode: string; industryCode: string; certifications: readonly CertificationFacts[] };
}

/**
 * APPROVAL_OUTSIDE_ELIGIBILITY: an APPROVED or DISBURSED application re-checked on its approval
 * day against the product's terms of that moment, with the matching engine's own rules
 * (src/domain/matching/evaluate.ts): amount and term inside the ranges, a certification in force
 * meeting the minimum tier and level, region and industry served, purpose funded, the day inside
 * the product's validity window, and a guarantee when the product requires one. (What is not
 * re-checked, and why, is in docs/reporting.md.)
 */
export function approvalEligibilityReasons(a: ApprovalFacts, t: EligibilityTerms): AnomalyReason[] {
  const out: AnomalyReason[] = [];
  if (a.amountFen < t.minAmountFen || a.amountFen > t.maxAmountFen) out.push(AnomalyReason.AMOUNT_OUT_OF_RANGE);
  if (a.termMonths < t.minTermMonths || a.termMonths > t.maxTermMonths) out.push(AnomalyReason.TERM_OUT_OF_RANGE);
  const inForce = a.firm.certifications.filter((c) => certificationStatusOn(c, a.approvedOn) === CertificationStatus.ACTIVE);
  if (!meetsMinimum(null, t.minTier, t.minLevel) && !inForce.some((c) => meetsMinimum(c, t.minTier, t.minLevel))) out.push(AnomalyReason.TIER_TOO_LOW);
  if (!t.servedRegionCodes.some((code) => regionServes(code, a.firm.regionCode))) out.push(AnomalyReason.REGION_NOT_SERVED);
  if (!industryServes(t.industryPrefixes, a.firm.industryCode)) out.push(AnomalyReason.INDUSTRY_NOT_SERVED);
  if (!t.purposes.includes(a.purpose)) out.push(AnomalyReason.PURPOSE_NOT_ALLOWED);
  if (a.approvedOn < t.validFrom || (t.validTo !== null && a.approvedOn > t.validTo)) out.push(AnomalyReason.OUTSIDE_VALIDITY);
  if (t.requiresGuarantee && !a.guaranteed) out.push(AnomalyReason.GUARANTEE_MISSING);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The facts an anomaly's sentence names (what the SQL scan returns for it), and the sentence.

/** A certificate as a sentence names it. */
export type CertificateFacts = NamedCertificate;

export type AnomalyFacts =
  | {
      rule: AnomalyRule.CERTIFICATION_NOT_IN_FORCE;
      reasons: AnomalyReason[];
      disbursedOn: LocalDate;
      /** The certification the loan records, when it records one. */
      recorded: CertificateFacts | null;
      /** NO_CERTIFICATION_IN_FORCE: what the product requires, and the firm's last certificate issued by that day (null: none). */
      minTier: CertificationTier | null;
      minLevel: CertificationLevel | null;
      lastCertificate: CertificateFacts | null;
    }
  | ({ rule: AnomalyRule.RATE_ABOVE_PUBLISHED; reasons: AnomalyReason[]; rateBp: number; pricingDay: LocalDate; pricedAt: "APPROVAL" | "DISBURSEMENT" } & PublishedPrice)
  | {
      rule: AnomalyRule.GUARANTEE_FEE_ABOVE_CAP;
      reasons: AnomalyReason[];
      feeBp: number;
      principalFen: Fen;
      agencyFeeBp: number;
      agreedFeeBp: number | null;
      capBp: number;
    }
  | {
      rule: AnomalyRule.QUOTA_EXCEEDED;
      reasons: AnomalyReason[];
      kind: "LOAN" | "APPLICATION";
      amountFen: Fen;
      runningFen: Fen;
      reservedFen: Fen;
      /** All the product's commitments now, and what its ledger (used_quota) holds. */
      committedFen: Fen;
      ledgerUsedFen: Fen;
    }
  | {
      rule: AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR;
      reasons: AnomalyReason[];
      renewedOn: LocalDate;
      predecessor: (PredecessorFacts & { id: string }) | null;
    }
  | {
      rule: AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY;
      reasons: AnomalyReason[];
      approval: Omit<ApprovalFacts, "firm"> & { regionCode: string; industryCode: string };
      terms: EligibilityTerms;
      /** The firm's effective certification on the approval day (null: none in force). */
      held: { tier: CertificationTier; level: CertificationLevel } | null;
    };

/**
 * The sentence of an anomaly, naming its figures: a catalogue message (src/i18n/catalogue.ts,
 * "anomaly.…"), rendered in the request's language by the `LendingAnomaly.message` field
 * resolver. This picks the key and the variant; the catalogue's templates write the words.
 */
export function describeAnomaly(f: AnomalyFacts): AnomalyMessage {
  switch (f.rule) {
    case AnomalyRule.CERTIFICATION_NOT_IN_FORCE: {
      if (f.recorded !== null) {
        const c = f.recorded;
        const lapse = f.reasons.includes(AnomalyReason.RECORDED_CERTIFICATION_REVOKED)
          ? "REVOKED"
          : f.reasons.includes(AnomalyReason.RECORDED_CERTIFICATION_NOT_YET_ISSUED)
            ? "NOT_YET_ISSUED"
            : c.expiresOn < f.disbursedOn
              ? "EXPIRED"
              : "RECORDED_EXPIRED";
        return msg("anomaly.certificationRecorded", { disbursedOn: f.disbursedOn, certificate: c, lapse });
      }
      const last = f.lastCertificate;
      return msg("anomaly.certificationMissing", {
        disbursedOn: f.disbursedOn,
        minTier: f.minTier,
        minLevel: f.minLevel,
        last,
        lastRevoked: last !== null && last.revokedOn !== null && last.revokedOn <= f.disbursedOn,
      });
    }
    case AnomalyRule.RATE_ABOVE_PUBLISHED:
      return msg("anomaly.rateAbovePublished", {
        rateBp: f.rateBp,
        publishedBp: f.publishedBp,
        pricingDay: f.pricingDay,
        pricedAt: f.pricedAt,
        pricingType: f.pricingType,
        lprTenor: f.lprTenor,
        lprBp: f.lprBp,
        lprEffectiveOn: f.lprEffectiveOn,
        spreadBp: f.spreadBp,
      });
    case AnomalyRule.GUARANTEE_FEE_ABOVE_CAP:
      return msg("anomaly.guaranteeFeeAboveCap", {
        feeBp: f.feeBp,
        principalFen: f.principalFen,
        aboveAgency: f.reasons.includes(AnomalyReason.FEE_ABOVE_AGENCY),
        aboveAgreement: f.reasons.includes(AnomalyReason.FEE_ABOVE_AGREEMENT),
        aboveCap: f.reasons.includes(AnomalyReason.FEE_ABOVE_POLICY_CAP),
        agencyFeeBp: f.agencyFeeBp,
        agreedFeeBp: f.agreedFeeBp,
        capBp: f.capBp,
      });
    case AnomalyRule.QUOTA_EXCEEDED:
      return msg("anomaly.quotaExceeded", {
        kind: f.kind,
        amountFen: f.amountFen,
        runningFen: f.runningFen,
        reservedFen: f.reservedFen,
        committedFen: f.committedFen,
        ledgerUsedFen: f.ledgerUsedFen,
      });
    case AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR: {
      const p = f.predecessor;
      if (p === null) return msg("anomaly.renewalNoPredecessor", { renewedOn: f.renewedOn });
      return msg("anomaly.renewalPredecessorNotPerforming", {
        renewedOn: f.renewedOn,
        loanId: p.id,
        reasons: f.reasons,
        maturesOn: p.maturesOn,
        status: p.status,
        closedOn: p.closedOn,
      });
    }
    case AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY: {
      const a = f.approval;
      const t = f.terms;
      return msg("anomaly.approvalOutsideEligibility", {
        approvedOn: a.approvedOn,
        reasons: f.reasons,
        amountFen: a.amountFen,
        termMonths: a.termMonths,
        purpose: a.purpose,
        regionCode: a.regionCode,
        industryCode: a.industryCode,
        minAmountFen: t.minAmountFen,
        maxAmountFen: t.maxAmountFen,
        minTermMonths: t.minTermMonths,
        maxTermMonths: t.maxTermMonths,
        minTier: t.minTier,
        minLevel: t.minLevel,
        servedRegionCodes: t.servedRegionCodes,
        industryPrefixes: t.industryPrefixes,
        purposes: t.purposes,
        validFrom: t.validFrom,
        validTo: t.validTo,
        held: f.held,
      });
    }
  }
}

/** The messages an anomaly's sentence is one of. */
export type AnomalyMessage = Message<Extract<MessageKey, `anomaly.${string}`>>;

// ---------------------------------------------------------------------------------------------
// Keyset cursor: (rule, day, id) of the last anomaly of a page.

export interface AnomalyCursor {
  rule: AnomalyRule;
  day: LocalDate;
  id: string;
}

export function encodeAnomalyCursor(c: AnomalyCursor): string {
  return Buffer.from(JSON.stringify(["anomaly", c.rule, c.day, c.id])).toString("base64url");
}

export function decodeAnomalyCursor(cursor: string, field = "after"): AnomalyCursor {
  try {
    const [kind, rule, day, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, AnomalyRule, string, string];
    if (kind !== "anomaly" || !ANOMALY_RULE_ORDER.includes(rule) || typeof day !== "string" || !isLocalDate(day) || typeof id !== "string" || !isUuid(id)) {
      throw new Error("shape");
    }
    return { rule, day, id: id.toLowerCase() };
  } catch {
    throw ValidationError.single(field, "cursor.format", msg("cursor.format", { query: "lendingAnomalies" }));
  }
}
