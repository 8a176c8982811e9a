/**
 * The shared vocabulary of ../shared/DOMAIN.md as TypeScript enums. Pure: no database or GraphQL
 * imports. The GraphQL layer registers these (src/graphql/enums.ts) and the entities store them.
 */

/** 梯度培育 tiers, lowest first. Ordering lives in tier.ts. */
export enum CertificationTier {
  INNOVATIVE_SME = "INNOVATIVE_SME",
  SPECIALIZED_SME = "SPECIALIZED_SME",
  LITTLE_GIANT = "LITTLE_GIANT",
  SINGLE_CHAMPION = "SINGLE_CHAMPION",
}

/** 认定层级, lowest first. */
export enum CertificationLevel {
  MUNICIPAL = "MUNICIPAL",
  PROVINCIAL = "PROVINCIAL",
  NATIONAL = "NATIONAL",
}

/** Administrative status of a certificate ("有进有出"). */
export enum CertificationStatus {
  ACTIVE = "ACTIVE",
  EXPIRED = "EXPIRED",
  REVOKED = "REVOKED",
}

/** 企业规模 under the 2011 SME classification (工信部联企业〔2011〕300号). */
export enum FirmSize {
  MICRO = "MICRO",
  SMALL = "SMALL",
  MEDIUM = "MEDIUM",
  LARGE = "LARGE",
}

/** Credit rating grades used by banks and local credit platforms (信用评级). */
export enum CreditRating {
  AAA = "AAA",
  AA = "AA",
  A = "A",
  BBB = "BBB",
  BB = "BB",
  B = "B",
  CCC = "CCC",
  CC = "CC",
  C = "C",
}

/** Kind of financial institution (金融机构类型). */
export enum InstitutionType {
  POLICY_BANK = "POLICY_BANK",
  LARGE_STATE_BANK = "LARGE_STATE_BANK",
  JOINT_STOCK_BANK = "JOINT_STOCK_BANK",
  CITY_COMMERCIAL_BANK = "CITY_COMMERCIAL_BANK",
  RURAL_COMMERCIAL_BANK = "RURAL_COMMERCIAL_BANK",
  FINANCIAL_LEASING = "FINANCIAL_LEASING",
  OTHER = "OTHER",
}

/** 贷款产品类别. */
export enum LoanProductCategory {
  SRDI_LOAN = "SRDI_LOAN",
  RENEWAL_WITHOUT_REPAYMENT = "RENEWAL_WITHOUT_REPAYMENT",
  FACTORY_LOAN = "FACTORY_LOAN",
  TECH_UPGRADE_LOAN = "TECH_UPGRADE_LOAN",
  CREDIT_LOAN = "CREDIT_LOAN",
  IP_PLEDGE_LOAN = "IP_PLEDGE_LOAN",
  RECEIVABLES_FINANCING = "RECEIVABLES_FINANCING",
  REVOLVING_LOAN = "REVOLVING_LOAN",
  RELAY_LOAN = "RELAY_LOAN",
  FINANCIAL_LEASING = "FINANCIAL_LEASING",
  PARK_LOAN = "PARK_LOAN",
  RISK_SHARING_LOAN = "RISK_SHARING_LOAN",
}

/** Categories that renew an existing loan instead of lending new money (续贷). */
export const RENEWAL_CATEGORIES: readonly LoanProductCategory[] = [
  LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT,
  LoanProductCategory.RELAY_LOAN,
];

/** 融资用途. */
export enum FinancingPurpose {
  WORKING_CAPITAL = "WORKING_CAPITAL",
  R_AND_D = "R_AND_D",
  TECH_UPGRADE = "TECH_UPGRADE",
  COMMERCIALIZATION = "COMMERCIALIZATION",
  FIXED_ASSETS = "FIXED_ASSETS",
  RENEWAL = "RENEWAL",
  SUPPLY_CHAIN = "SUPPLY_CHAIN",
}

/** 担保方式 / collateral a firm can offer or a product accepts. */
export enum CollateralType {
  NONE = "NONE",
  REAL_ESTATE = "REAL_ESTATE",
  EQUIPMENT = "EQUIPMENT",
  MOVABLE_ASSETS = "MOVABLE_ASSETS",
  INTELLECTUAL_PROPERTY = "INTELLECTUAL_PROPERTY",
  RECEIVABLES = "RECEIVABLES",
  EQUITY = "EQUITY",
}

/** How a product is priced (定价方式). */
export enum PricingType {
  FIXED = "FIXED",
  LPR_SPREAD = "LPR_SPREAD",
}

/** 贷款市场报价利率 tenor. */
export enum LprTenor {
  ONE_YEAR = "ONE_YEAR",
  FIVE_YEAR = "FIVE_YEAR",
}

/** Lifecycle of a loan product. */
export enum LoanProductStatus {
  ACTIVE = "ACTIVE",
  ARCHIVED = "ARCHIVED",
}

/** Kinds of government incentive (激励政策). */
export enum IncentiveKind {
  INTEREST_SUBSIDY = "INTEREST_SUBSIDY",
  GUARANTEE_FEE_SUBSIDY = "GUARANTEE_FEE_SUBSIDY",
  RISK_COMPENSATION = "RISK_COMPENSATION",
  CERTIFICATION_AWARD = "CERTIFICATION_AWARD",
  LISTING_AWARD = "LISTING_AWARD",
}

/** 融资需求 status. */
export enum FinancingNeedStatus {
  OPEN = "OPEN",
  MATCHED = "MATCHED",
  FINANCED = "FINANCED",
  WITHDRAWN = "WITHDRAWN",
  EXPIRED = "EXPIRED",
}

/** Who may see a financing need. */
export enum NeedVisibility {
  ALL_BANKS = "ALL_BANKS",
  SELECTED_BANKS = "SELECTED_BANKS",
}

/** 融资申请 status. */
export enum ApplicationStatus {
  SUBMITTED = "SUBMITTED",
  UNDER_REVIEW = "UNDER_REVIEW",
  APPROVED = "APPROVED",
  DISBURSED = "DISBURSED",
  REJECTED = "REJECTED",
  WITHDRAWN = "WITHDRAWN",
}

/** Guarantee request status on an application (担保受理). */
export enum GuaranteeDecision {
  REQUESTED = "REQUESTED",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
}

/** 放款 status. */
export enum LoanStatus {
  PERFORMING = "PERFORMING",
  OVERDUE = "OVERDUE",
  REPAID = "REPAID",
  RENEWED = "RENEWED",
}

/** Why a bank rejected an application (拒绝原因); regulators count rejections by reason. */
export enum RejectionReasonCode {
  CREDIT_RISK = "CREDIT_RISK",
  REPAYMENT_CAPACITY = "REPAYMENT_CAPACITY",
  INSUFFICIENT_COLLATERAL = "INSUFFICIENT_COLLATERAL",
  GUARANTEE_DECLINED = "GUARANTEE_DECLINED",
  INCOMPLETE_DOCUMENTS = "INCOMPLETE_DOCUMENTS",
  NOT_ELIGIBLE = "NOT_ELIGIBLE",
  QUOTA_EXHAUSTED = "QUOTA_EXHAUSTED",
  OTHER = "OTHER",
}

/** Why a firm's record deserves a look although it was accepted (企业信息提示). */
export enum FirmWarningCode {
  CREDIT_CODE_REGION_MISMATCH = "CREDIT_CODE_REGION_MISMATCH",
}
