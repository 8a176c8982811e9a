/**
 * Builders for the matching engine's plain facts (src/domain/matching/model.ts), with defaults that
 * make an eligible pair on their own: a small 国家级小巨人 in 晋城 (140502) asking 800万 for 12 months
 * of working capital on 2026-04-01, an active credit product of bank-1 serving 140500 priced at the
 * 1-year LPR (3.00%) + 50 bp, no guarantee required. Tests override only the fact they are about.
 */
import { addDays, type LocalDate } from "../../src/domain/dates";
import {
  CertificationLevel,
  CertificationStatus,
  CertificationTier,
  CollateralType,
  FinancingPurpose,
  FirmSize,
  IncentiveKind,
  LoanProductCategory,
  LoanProductStatus,
  LoanStatus,
  LprTenor,
  PricingType,
} from "../../src/domain/enums";
import {
  evaluatePair,
  type MatchAgency,
  type MatchAgreement,
  type MatchFirm,
  type MatchLoan,
  type MatchMarket,
  type MatchNeed,
  type MatchPolicy,
  type MatchProduct,
  type PairEvaluation,
} from "../../src/domain/matching";
import { wan } from "../../src/domain/money";
import type { LprPoint, ProductPricing } from "../../src/domain/pricing";
import type { CertificationFacts } from "../../src/domain/tier";

/** The clock of every test: the engine never reads one. */
export const TODAY: LocalDate = "2026-03-01";
/** The default need's date, 31 days after TODAY. */
export const NEEDED_BY: LocalDate = "2026-04-01";
export const FIRM_ID = "firm-1";
export const BANK_ID = "bank-1";

/** LPR points in force on NEEDED_BY: 1-year 3.00%, 5-year 3.50% (the 2026 values in DOMAIN.md). */
export const LPR_2026: readonly LprPoint[] = [
  { tenor: LprTenor.ONE_YEAR, effectiveOn: "2025-05-20", rateBp: 300 },
  { tenor: LprTenor.FIVE_YEAR, effectiveOn: "2025-05-20", rateBp: 350 },
];

export function fixedPricing(fixedRateBp: number): ProductPricing {
  return { pricingType: PricingType.FIXED, fixedRateBp, lprTenor: null, spreadBp: null };
}

export function lprPricing(spreadBp: number, tenor: LprTenor = LprTenor.ONE_YEAR): ProductPricing {
  return { pricingType: PricingType.LPR_SPREAD, fixedRateBp: null, lprTenor: tenor, spreadBp };
}

/** An ACTIVE 国家级小巨人 certificate, in force from 2025-01-01 to 2027-12-31. */
export function cert(overrides: Partial<CertificationFacts> = {}): CertificationFacts {
  return {
    id: "cert-1",
    certificateNo: "工信部2025-0001",
    tier: CertificationTier.LITTLE_GIANT,
    level: CertificationLevel.NATIONAL,
    status: CertificationStatus.ACTIVE,
    issuedOn: "2025-01-01",
    expiresOn: "2027-12-31",
    revokedOn: null,
    ...overrides,
  };
}

export function firm(overrides: Partial<MatchFirm> = {}): MatchFirm {
  return {
    id: FIRM_ID,
    regionCode: "140502",
    industryCode: "C3911",
    size: FirmSize.SMALL,
    pairedBankId: null,
    certifications: [cert()],
    ...overrides,
  };
}

export function need(overrides: Partial<MatchNeed> = {}): MatchNeed {
  return {
    id: "need-1",
    firmId: FIRM_ID,
    amountFen: wan(800),
    termMonths: 12,
    purpose: FinancingPurpose.WORKING_CAPITAL,
    collateralOffered: [],
    acceptsGuarantee: true,
    maxAnnualRateBp: null,
    neededBy: NEEDED_BY,
    renewalOfLoanId: null,
    ...overrides,
  };
}

export function product(overrides: Partial<MatchProduct> = {}): MatchProduct {
  return {
    id: "product-1",
    institutionId: BANK_ID,
    category: LoanProductCategory.CREDIT_LOAN,
    status: LoanProductStatus.ACTIVE,
    minTier: null,
    minLevel: null,
    servedRegionCodes: ["140500"],
    industryPrefixes: [],
    minAmountFen: wan(100),
    maxAmountFen: wan(1000),
    minTermMonths: 6,
    maxTermMonths: 36,
    purposes: [FinancingPurpose.WORKING_CAPITAL, FinancingPurpose.R_AND_D, FinancingPurpose.SUPPLY_CHAIN],
    acceptedCollateral: [CollateralType.NONE],
    pricing: lprPricing(50),
    tierDiscounts: [],
    requiresGuarantee: false,
    approvalDays: 10,
    greenChannel: false,
    reservedQuotaFen: wan(10_000),
    usedQuotaFen: 0n,
    validFrom: "2025-01-01",
    validTo: null,
    renewalWindowDays: null,
    ...overrides,
  };
}

/** A provincial agency (山西, 140000) serving every tier, 1,000万 per firm, 5亿 of capacity. */
export function agency(overrides: Partial<MatchAgency> = {}): MatchAgency {
  return {
    id: "agency-1",
    name: "山西省融资担保",
    regionCode: "140000",
    tiersServed: [],
    feeRateBp: 100,
    maxAmountPerFirmFen: wan(1000),
    capacityFen: wan(50_000),
    usedCapacityFen: 0n,
    ...overrides,
  };
}

/** A 总对总 agreement of agency-1 with bank-1 at 80 bp, no line of its own, in force since 2025. */
export function agreement(overrides: Partial<MatchAgreement> = {}): MatchAgreement {
  return {
    id: "agreement-1",
    agencyId: "agency-1",
    institutionId: BANK_ID,
    agreedFeeRateBp: 80,
    creditLineFen: null,
    usedLineFen: 0n,
    validFrom: "2025-01-01",
    validTo: null,
    waiverApprovalDays: null,
    ...overrides,
  };
}

/** An interest subsidy (贴息) of 100 bp for 12 months in 山西, open to every tier, level and category. */
export function policy(overrides: Partial<MatchPolicy> = {}): MatchPolicy {
  return {
    id: "policy-1",
    kind: IncentiveKind.INTEREST_SUBSIDY,
    regionCode: "140000",
    tiers: [],
    levels: [],
    categories: [],
    subsidyBp: 100,
    durationMonths: 12,
    exclusiveGroup: null,
    validFrom: "2025-01-01",
    validTo: null,
    ...overrides,
  };
}

/** The firm's performing loan with bank-1, maturing 10 days after NEEDED_BY. */
export function loan(overrides: Partial<MatchLoan> = {}): MatchLoan {
  return {
    id: "loan-1",
    firmId: FIRM_ID,
    institutionId: BANK_ID,
    status: LoanStatus.PERFORMING,
    maturesOn: addDays(NEEDED_BY, 10),
    ...overrides,
  };
}

export function market(overrides: Partial<MatchMarket> = {}): MatchMarket {
  return { lprRates: LPR_2026, policies: [], agencies: [], agreements: [], ...overrides };
}

/** Everything evaluatePair takes. */
export interface PairInput {
  need: MatchNeed;
  firm: MatchFirm;
  product: MatchProduct;
  market: MatchMarket;
  today: LocalDate;
  renewalLoan: MatchLoan | null;
}

export function pair(overrides: Partial<PairInput> = {}): PairInput {
  return { need: need(), firm: firm(), product: product(), market: market(), today: TODAY, renewalLoan: null, ...overrides };
}

/** Evaluates a pair built from defaults and the given overrides. */
export function evaluate(overrides: Partial<PairInput> = {}): PairEvaluation {
  return evaluatePair(pair(overrides));
}

/** The pair with a guarantee-requiring product and a market holding agency-1 and its agreement with bank-1. */
export function guaranteedPair(overrides: Partial<PairInput> = {}): PairInput {
  return pair({
    product: product({ requiresGuarantee: true }),
    market: market({ agencies: [agency()], agreements: [agreement()] }),
    ...overrides,
  });
}

/** A 无还本续贷 product of bank-1 (30-day window) and a RENEWAL need of a small firm naming loan-1. */
export function renewalPair(overrides: Partial<PairInput> = {}): PairInput {
  return pair({
    product: product({
      category: LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT,
      purposes: [FinancingPurpose.RENEWAL],
      renewalWindowDays: 30,
    }),
    need: need({ purpose: FinancingPurpose.RENEWAL, renewalOfLoanId: "loan-1" }),
    renewalLoan: loan(),
    ...overrides,
  });
}

/** Small deterministic PRNG (mulberry32) for generated inputs: the same seed gives the same cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random element of a list. */
export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** A deterministic shuffle (Fisher–Yates) of a copy. */
export function shuffled<T>(rand: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
