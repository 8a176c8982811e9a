import type { LocalDate } from "../dates";
import type {
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
} from "../enums";
import type { Fen } from "../money";
import type { LprPoint, ProductPricing, TierDiscount } from "../pricing";
import type { CertificationFacts, NamedCertificate } from "../tier";
import type { Message } from "../../i18n";

/**
 * The facts the matching engine works on. Plain data: the service layer builds them from
 * entities (amounts parsed to fen), the engine never touches a database or a clock.
 * See docs/matching.md for every rule.
 */

/** The firm behind a need. */
export interface MatchFirm {
  id: string;
  regionCode: string;
  industryCode: string;
  size: FirmSize;
  pairedBankId: string | null;
  /** All of the firm's certifications; the engine decides which are in force on the match date. */
  certifications: readonly CertificationFacts[];
}

/** A financing need (融资需求). */
export interface MatchNeed {
  id: string;
  firmId: string;
  amountFen: Fen;
  termMonths: number;
  purpose: FinancingPurpose;
  /** What the firm can pledge; empty means credit only. */
  collateralOffered: readonly CollateralType[];
  acceptsGuarantee: boolean;
  maxAnnualRateBp: number | null;
  neededBy: LocalDate;
  renewalOfLoanId: string | null;
}

/** A loan product (贷款产品). */
export interface MatchProduct {
  id: string;
  institutionId: string;
  category: LoanProductCategory;
  status: LoanProductStatus;
  minTier: CertificationTier | null;
  minLevel: CertificationLevel | null;
  servedRegionCodes: readonly string[];
  /** Industry prefixes served; empty serves every industry. */
  industryPrefixes: readonly string[];
  minAmountFen: Fen;
  maxAmountFen: Fen;
  minTermMonths: number;
  maxTermMonths: number;
  purposes: readonly FinancingPurpose[];
  acceptedCollateral: readonly CollateralType[];
  pricing: ProductPricing;
  tierDiscounts: readonly TierDiscount[];
  requiresGuarantee: boolean;
  approvalDays: number;
  greenChannel: boolean;
  reservedQuotaFen: Fen;
  usedQuotaFen: Fen;
  validFrom: LocalDate;
  validTo: LocalDate | null;
  /** Renewal products: how many days before the old loan's maturity a renewal may start. */
  renewalWindowDays: number | null;
}

/** A government guarantee agency (政府性融资担保机构). */
export interface MatchAgency {
  id: string;
  /** Its name, for sentences. */
  name: string;
  regionCode: string;
  /** Tiers served; empty serves every certified and uncertified firm. */
  tiersServed: readonly CertificationTier[];
  feeRateBp: number;
  maxAmountPerFirmFen: Fen;
  capacityFen: Fen;
  usedCapacityFen: Fen;
}

/** A 总对总 agreement between a bank and an agency. */
export interface MatchAgreement {
  id: string;
  agencyId: string;
  institutionId: string;
  agreedFeeRateBp: number;
  /** The agreement's own line; null when the agreement sets none. */
  creditLineFen: Fen | null;
  usedLineFen: Fen;
  validFrom: LocalDate;
  validTo: LocalDate | null;
  /**
   * Days the bank takes to decide a loan guaranteed under the agreement when it waives its own due
   * diligence (见担即贷); null without a waiver (or when a waiving agreement declared none).
   */
  waiverApprovalDays: number | null;
}

/** The existing loan a renewal need wants renewed. */
export interface MatchLoan {
  id: string;
  firmId: string;
  institutionId: string;
  status: LoanStatus;
  maturesOn: LocalDate;
}

/** An incentive policy; the engine uses the subsidies (贴息, 担保费补贴). */
export interface MatchPolicy {
  id: string;
  kind: IncentiveKind;
  regionCode: string;
  tiers: readonly CertificationTier[];
  levels: readonly CertificationLevel[];
  categories: readonly LoanProductCategory[];
  subsidyBp: number | null;
  durationMonths: number | null;
  exclusiveGroup: string | null;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

/** What every evaluation in one request shares: rates, policies, guarantee market. */
export interface MatchMarket {
  lprRates: readonly LprPoint[];
  policies: readonly MatchPolicy[];
  agencies: readonly MatchAgency[];
  agreements: readonly MatchAgreement[];
}

/** Why a product does not fit a need. Stable codes: clients may switch on them. */
export enum IneligibilityCode {
  PRODUCT_INACTIVE = "PRODUCT_INACTIVE",
  OUTSIDE_VALIDITY = "OUTSIDE_VALIDITY",
  TIER_TOO_LOW = "TIER_TOO_LOW",
  REGION_NOT_SERVED = "REGION_NOT_SERVED",
  INDUSTRY_NOT_SERVED = "INDUSTRY_NOT_SERVED",
  AMOUNT_BELOW_MIN = "AMOUNT_BELOW_MIN",
  AMOUNT_ABOVE_MAX = "AMOUNT_ABOVE_MAX",
  TERM_BELOW_MIN = "TERM_BELOW_MIN",
  TERM_ABOVE_MAX = "TERM_ABOVE_MAX",
  PURPOSE_NOT_ALLOWED = "PURPOSE_NOT_ALLOWED",
  COLLATERAL_NOT_ACCEPTED = "COLLATERAL_NOT_ACCEPTED",
  GUARANTEE_NOT_ACCEPTED = "GUARANTEE_NOT_ACCEPTED",
  NO_GUARANTEE_AVAILABLE = "NO_GUARANTEE_AVAILABLE",
  QUOTA_EXHAUSTED = "QUOTA_EXHAUSTED",
  RENEWAL_NEED_REQUIRED = "RENEWAL_NEED_REQUIRED",
  RENEWAL_LOAN_OTHER_BANK = "RENEWAL_LOAN_OTHER_BANK",
  RENEWAL_LOAN_NOT_PERFORMING = "RENEWAL_LOAN_NOT_PERFORMING",
  RENEWAL_OUTSIDE_WINDOW = "RENEWAL_OUTSIDE_WINDOW",
  RENEWAL_FIRM_NOT_ELIGIBLE = "RENEWAL_FIRM_NOT_ELIGIBLE",
  NO_PRICE = "NO_PRICE",
  RATE_ABOVE_MAX = "RATE_ABOVE_MAX",
}

/** The certificate a reason names, with its status on the match date. */
export interface ReasonCertificate extends NamedCertificate {
  id: string;
  /** Status on the match date; null when it is not yet issued that day. */
  statusOn: CertificationStatus | null;
}

/**
 * The records behind a failed rule, for a client to show or act on (docs/matching.md, "Reasons").
 * Money is a decimal string of yuan, so a reason serialises as it is (CONFLICT extensions too).
 */
export interface ReasonDetails {
  /** TIER_TOO_LOW: the certificate that lapsed, was revoked, is not yet in force, or is too low. */
  certification?: ReasonCertificate;
  /** QUOTA_EXHAUSTED: the product's reserved line left and the amount asked. */
  quota?: { remaining: string; requested: string };
  /** NO_GUARANTEE_AVAILABLE: the agency that came closest, and the limits the amount exceeds. */
  guarantee?: ReasonGuarantee;
  /** Renewal rules on the loan to renew. */
  loan?: { id: string; status: LoanStatus; maturesOn: LocalDate; windowOpensOn: LocalDate };
}

/** The closest guarantee of a NO_GUARANTEE_AVAILABLE reason: an agency serving the firm, with an agreement in force, short of room. */
export interface ReasonGuarantee {
  agencyId: string;
  agencyName: string;
  agreementId: string;
  requested: string;
  maxAmountPerFirm: string;
  capacityRemaining: string;
  /** Null when the agreement sets no line of its own. */
  agreementLineRemaining: string | null;
}

/** One failed rule: a code, a sentence a person can act on, and the records behind it when a record is the cause. */
export interface IneligibilityReason {
  code: IneligibilityCode;
  /** Rendered in the request's language by the API (src/i18n). */
  message: Message;
  details?: ReasonDetails;
}

/** The parts of the effective annual cost, in basis points. */
export interface CostBreakdown {
  /** rate − tierDiscount − subsidy + guaranteeFee, never below 0. */
  totalBp: number;
  /** Published rate on the match date: fixed, or LPR in force + spread. */
  rateBp: number;
  /** 优惠利率 for the firm's effective tier. */
  tierDiscountBp: number;
  /** Interest subsidies (贴息) the firm qualifies for, averaged over the term. */
  subsidyBp: number;
  /** Fee of the chosen guarantee (net of guarantee-fee subsidies); 0 without one. */
  guaranteeFeeBp: number;
}

/** The guarantee the engine would use: the cheapest eligible one. */
export interface ChosenGuarantee {
  agencyId: string;
  agreementId: string;
  /** Fee charged before fee subsidies: the agreed fee, capped by the policy cap for the amount. */
  feeBp: number;
  /** The agreement's approval days when its bank waives due diligence; null otherwise. */
  waiverApprovalDays: number | null;
}

/** Names of the score's components. */
export enum ComponentName {
  COST = "COST",
  SPEED = "SPEED",
  FIT = "FIT",
  TIER = "TIER",
  COLLATERAL = "COLLATERAL",
  RELATIONSHIP = "RELATIONSHIP",
}

/** Weight of each component; the score divides by their sum, so any non-negative scale works. */
export type MatchWeights = Record<ComponentName, number>;

/** One explained part of a score. */
export interface ScoreComponent {
  name: ComponentName;
  weight: number;
  /** In [0, 1]. */
  value: number;
  explanation: string;
}

/** One need × product evaluated: everything but the score, which needs the other candidates. */
export interface PairEvaluation {
  need: MatchNeed;
  firm: MatchFirm;
  product: MatchProduct;
  /** Max(neededBy, today): the date the rules are checked on. */
  matchDate: LocalDate;
  eligible: boolean;
  reasons: IneligibilityReason[];
  /** Null only when the product has no price on the match date (NO_PRICE). */
  cost: CostBreakdown | null;
  guarantee: ChosenGuarantee | null;
  /** The firm's effective (highest) certification on the match date. */
  effectiveCertification: CertificationFacts | null;
  /** The product's approval days, or fewer when the chosen guarantee's agreement waives due diligence (estimatedApprovalDays). */
  estimatedApprovalDays: number;
  quotaRemainingFen: Fen;
  /** Days from today to the date the firm needs the money (0 when already due). */
  daysAvailable: number;
}

/** A scored, rankable match. */
export interface ScoredMatch extends PairEvaluation {
  /** In [0, 100], two decimals. 0 for ineligible pairs. */
  score: number;
  components: ScoreComponent[];
}
