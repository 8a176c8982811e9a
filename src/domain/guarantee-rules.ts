import { parseRegionCode } from "./codes";
import { parseLocalDate, requireOrdered, type LocalDate } from "./dates";
import type { CertificationTier } from "./enums";
import { Violations } from "./errors";
import { formatMoney, parseMoney, parseNonNegativeMoney, parsePositiveMoney, wan, type Fen } from "./money";
import { requireBp, requireInt, requireNonEmpty, requireText, unique } from "./validate";
import { msg } from "../i18n";

/** Longest approval an agreement may declare (as for a product, src/domain/loan-product-rules.ts). */
export const MAX_AGREEMENT_APPROVAL_DAYS = 365;

/**
 * Rules for government financing guarantees (政府性融资担保) and 总对总 bank–agency agreements.
 * Pure: no database, GraphQL or clock. The matching engine reuses `guaranteeFeeCapBp`.
 *
 * Policy sources:
 * - 国办发〔2019〕6号《关于有效发挥政府性融资担保基金作用切实支持小微企业和"三农"发展的指导意见》:
 *   the guarantee fee of a government guarantee is at most 1% a year for guarantees up to 500万元
 *   and at most 1.5% a year above 500万元.
 * - 财金〔2024〕60号 科技创新专项担保计划: the per-firm guarantee cap is lifted to 3,000万元.
 * - 银担"总对总"批量担保: the bank keeps at least 20% of the risk (the guarantee system at most 80%).
 */

/** 500万元: the largest guarantee still held to the lower fee cap (国办发〔2019〕6号). */
export const SMALL_GUARANTEE_LIMIT_FEN: Fen = wan(500);
/** Fee cap for guarantees up to and including 500万元: 1% a year (国办发〔2019〕6号). */
export const SMALL_GUARANTEE_FEE_CAP_BP = 100;
/** Fee cap for guarantees above 500万元: 1.5% a year (国办发〔2019〕6号). */
export const LARGE_GUARANTEE_FEE_CAP_BP = 150;
/** 3,000万元: the largest guarantee for one firm (单户担保上限, 财金〔2024〕60号). */
export const MAX_AMOUNT_PER_FIRM_FEN: Fen = wan(3000);
/** The bank bears at least 20% of each loss under a 总对总 agreement (银行分险不低于20%). */
export const MIN_BANK_RISK_SHARE_BP = 2000;
/** 100% in basis points. */
export const FULL_SHARE_BP = 10_000;

/**
 * The highest annual guarantee fee a government guarantee of `amountFen` may charge, in basis
 * points (国办发〔2019〕6号): 100 up to and including 500万元, 150 above.
 */
export function guaranteeFeeCapBp(amountFen: Fen): number {
  return amountFen <= SMALL_GUARANTEE_LIMIT_FEN ? SMALL_GUARANTEE_FEE_CAP_BP : LARGE_GUARANTEE_FEE_CAP_BP;
}

/** The guarantee system's share of each loss under an agreement: 10000 − the bank's share. */
export function agencyRiskShareBp(bankRiskShareBp: number): number {
  return FULL_SHARE_BP - bankRiskShareBp;
}

/** Guarantee capacity not yet committed (剩余担保额度), never below zero. */
export function capacityRemainingFen(capacity: string, usedCapacity: string): Fen {
  const left = parseMoney(capacity, "capacity") - parseMoney(usedCapacity, "usedCapacity");
  return left > 0n ? left : 0n;
}

/** What a caller sends to publish an agency's terms (fields as in CreateGuaranteeAgencyInput). */
export interface AgencyTermsInput {
  name: string;
  regionCode: string;
  tiersServed: readonly CertificationTier[];
  feeRateBp: number;
  maxAmountPerFirm: string;
  capacity: string;
}

/** Checked and normalised agency terms, ready to store. */
export interface AgencyTerms {
  name: string;
  regionCode: string;
  tiersServed: CertificationTier[];
  feeRateBp: number;
  maxAmountPerFirm: string;
  capacity: string;
}

/**
 * Checks an agency's published terms and reports every broken rule at once, naming fields
 * `${prefix}.<field>`:
 * - name 1..200 characters; a valid 6-digit region code; at least one tier served (duplicates dropped);
 * - maxAmountPerFirm > 0 and ≤ 3,000万元 (财金〔2024〕60号);
 * - feeRateBp 0..150, and ≤ 100 when maxAmountPerFirm ≤ 500万元, so that no guarantee the agency
 *   can give is priced above the 国办发〔2019〕6号 cap for its size;
 * - capacity ≥ 0.
 */
export function parseAgencyTerms(input: AgencyTermsInput, prefix = "input"): AgencyTerms {
  const v = new Violations();
  const name = v.take(() => requireText(input.name, `${prefix}.name`, 200));
  const regionCode = v.take(() => parseRegionCode(input.regionCode, `${prefix}.regionCode`));
  const tiersServed = v.take(() => unique(requireNonEmpty(input.tiersServed, `${prefix}.tiersServed`)));
  const maxAmount = v.take(() => parsePositiveMoney(input.maxAmountPerFirm, `${prefix}.maxAmountPerFirm`));
  if (maxAmount !== undefined && maxAmount > MAX_AMOUNT_PER_FIRM_FEN) {
    v.add(
      `${prefix}.maxAmountPerFirm`,
      "guarantee.perFirmCap",
      msg("guarantee.perFirmCap", { cap: formatMoney(MAX_AMOUNT_PER_FIRM_FEN), got: formatMoney(maxAmount) }),
    );
  }
  const feeRateBp = v.take(() => requireBp(input.feeRateBp, `${prefix}.feeRateBp`, LARGE_GUARANTEE_FEE_CAP_BP));
  if (feeRateBp !== undefined && maxAmount !== undefined && feeRateBp > guaranteeFeeCapBp(maxAmount)) {
    v.add(
      `${prefix}.feeRateBp`,
      "guarantee.feeCap",
      msg("guarantee.agencyFeeCap", { capBp: guaranteeFeeCapBp(maxAmount), got: feeRateBp }),
    );
  }
  const capacity = v.take(() => parseNonNegativeMoney(input.capacity, `${prefix}.capacity`));
  v.throwIfAny();
  return {
    name: name!,
    regionCode: regionCode!,
    tiersServed: tiersServed!,
    feeRateBp: feeRateBp!,
    maxAmountPerFirm: formatMoney(maxAmount!),
    capacity: formatMoney(capacity!),
  };
}

/** What a caller sends for a 总对总 agreement (fields as in CreateGuaranteeAgreementInput). */
export interface AgreementTermsInput {
  bankRiskShareBp: number;
  agreedFeeRateBp: number;
  waivesDueDiligence?: boolean | null;
  approvalDays?: number | null;
  creditLine?: string | null;
  validFrom: string;
  validTo?: string | null;
}

/** Checked and normalised agreement terms, ready to store. */
export interface AgreementTerms {
  bankRiskShareBp: number;
  agreedFeeRateBp: number;
  waivesDueDiligence: boolean;
  /** Days the bank takes to decide a loan guaranteed under the agreement, when it waives its own due diligence; null otherwise. */
  approvalDays: number | null;
  creditLine: string | null;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

/**
 * Checks the terms of a 总对总 agreement on their own (the agency's published fee is checked by
 * `checkAgreedFee` once the agency is loaded):
 * - bankRiskShareBp 2000..10000: the bank keeps at least 20% of the risk;
 * - agreedFeeRateBp 0..150 (国办发〔2019〕6号 upper cap);
 * - creditLine, when given, > 0;
 * - validFrom ≤ validTo when validTo is given;
 * - waivesDueDiligence (见担即贷, seed 002 "no duplicate due diligence") requires approvalDays
 *   1..365: the days the bank takes to decide a loan guaranteed under the agreement without its
 *   own due diligence, which matching uses instead of the product's (docs/matching.md, "Guarantee");
 *   without a waiver the bank's products' own approval days apply, so approvalDays is refused.
 */
export function parseAgreementTerms(input: AgreementTermsInput, prefix = "input"): AgreementTerms {
  const v = new Violations();
  const bankRiskShareBp = v.take(() => requireBp(input.bankRiskShareBp, `${prefix}.bankRiskShareBp`));
  if (bankRiskShareBp !== undefined && bankRiskShareBp < MIN_BANK_RISK_SHARE_BP) {
    v.add(
      `${prefix}.bankRiskShareBp`,
      "agreement.bankMinimumShare",
      msg("agreement.bankMinimumShare", { minBp: MIN_BANK_RISK_SHARE_BP, got: bankRiskShareBp }),
    );
  }
  const agreedFeeRateBp = v.take(() => requireBp(input.agreedFeeRateBp, `${prefix}.agreedFeeRateBp`, LARGE_GUARANTEE_FEE_CAP_BP));
  const creditLine =
    input.creditLine == null ? null : v.take(() => formatMoney(parsePositiveMoney(input.creditLine!, `${prefix}.creditLine`)));
  const validFrom = v.take(() => parseLocalDate(input.validFrom, `${prefix}.validFrom`));
  const validTo = input.validTo == null ? null : v.take(() => parseLocalDate(input.validTo!, `${prefix}.validTo`));
  if (validFrom && validTo) v.check(() => requireOrdered(validFrom, validTo, `${prefix}.validFrom`, `${prefix}.validTo`));
  const waivesDueDiligence = input.waivesDueDiligence ?? false;
  let approvalDays: number | null = null;
  if (waivesDueDiligence) {
    if (input.approvalDays == null) {
      v.add(
        `${prefix}.approvalDays`,
        "agreement.waiverApprovalDays",
        msg("agreement.waiverApprovalDays", { max: MAX_AGREEMENT_APPROVAL_DAYS }),
      );
    } else {
      approvalDays = v.take(() => requireInt(input.approvalDays!, `${prefix}.approvalDays`, 1, MAX_AGREEMENT_APPROVAL_DAYS)) ?? null;
    }
  } else if (input.approvalDays != null) {
    v.add(
      `${prefix}.approvalDays`,
      "agreement.approvalDaysWithoutWaiver",
      msg("agreement.approvalDaysWithoutWaiver"),
    );
  }
  v.throwIfAny();
  return {
    bankRiskShareBp: bankRiskShareBp!,
    agreedFeeRateBp: agreedFeeRateBp!,
    waivesDueDiligence,
    approvalDays,
    creditLine: creditLine ?? null,
    validFrom: validFrom!,
    validTo: validTo ?? null,
  };
}

/**
 * A 总对总 agreement lowers fees: the agreed fee may not exceed the agency's published fee
 * (which is itself within the 国办发〔2019〕6号 cap). Throws ValidationError naming `field`.
 */
export function checkAgreedFee(agreedFeeRateBp: number, agencyFeeRateBp: number, field = "input.agreedFeeRateBp"): void {
  const v = new Violations();
  if (agreedFeeRateBp > agencyFeeRateBp) {
    v.add(
      field,
      "agreement.feeAboveAgency",
      msg("agreement.feeAboveAgency", { agencyFeeBp: agencyFeeRateBp, got: agreedFeeRateBp }),
    );
  }
  v.throwIfAny();
}
