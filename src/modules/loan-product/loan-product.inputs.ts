import { Field, ID, InputType, Int } from "type-graphql";
import {
  CertificationLevel,
  CertificationTier,
  CollateralType,
  FinancingPurpose,
  LoanProductCategory,
  LoanProductStatus,
  LprTenor,
  PricingType,
} from "../../domain/enums";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

@InputType({ description: "A rate reduction for firms holding one tier (梯度优惠利率)." })
export class LoanProductTierDiscountInput {
  @Field(() => CertificationTier, { description: "Tier the discount applies to (适用梯度); at most one discount per tier." })
  tier!: CertificationTier;

  @Field(() => Int, { description: "Reduction of the annual rate in basis points (利率优惠, 基点), 0 to 1000." })
  discountBp!: number;
}

@InputType({ description: "A loan product a bank publishes (发布贷款产品)." })
export class CreateLoanProductInput {
  @Field(() => ID, { description: "The publishing bank (发布机构), a financial institution id." })
  institutionId!: string;

  @Field({ description: "The bank's own product code (产品编号), unique within the bank, at most 40 characters." })
  code!: string;

  @Field({ description: "Product name (产品名称), at most 200 characters." })
  name!: string;

  @Field(() => LoanProductCategory, { description: "Product category (产品类别)." })
  category!: LoanProductCategory;

  @Field(() => String, { nullable: true, description: "What the product is for and how it works (产品说明), at most 4000 characters." })
  description?: string | null;

  @Field(() => CertificationTier, { nullable: true, description: "Lowest tier a firm must hold (最低梯度要求); omit when no certification is required." })
  minTier?: CertificationTier | null;

  @Field(() => CertificationLevel, { nullable: true, description: "Lowest certification level required (最低认定层级); omit when any level will do." })
  minLevel?: CertificationLevel | null;

  @Field(() => [String], { description: "Regions served (服务区域): at least one 6-digit GB/T 2260 code; duplicates are dropped." })
  servedRegionCodes!: string[];

  @Field(() => [String], {
    nullable: true,
    description: "GB/T 4754 industry code prefixes served (服务行业), e.g. [\"C\"]; omit or empty to serve every industry.",
  })
  industryPrefixes?: string[] | null;

  @Field(() => DecimalScalar, { description: "Smallest amount lent, yuan (最低额度), greater than zero." })
  minAmount!: string;

  @Field(() => DecimalScalar, { description: "Largest amount lent, yuan (最高额度), at least minAmount." })
  maxAmount!: string;

  @Field(() => Int, { description: "Shortest term in months (最短期限), 1 to 360." })
  minTermMonths!: number;

  @Field(() => Int, { description: "Longest term in months (最长期限), minTermMonths to 360." })
  maxTermMonths!: number;

  @Field(() => [FinancingPurpose], { description: "Purposes the money may be used for (贷款用途), at least one." })
  purposes!: FinancingPurpose[];

  @Field(() => [CollateralType], { description: "Collateral accepted (接受的担保方式), at least one; NONE for pure credit (信用)." })
  acceptedCollateral!: CollateralType[];

  @Field(() => PricingType, { description: "How the rate is set (定价方式)." })
  pricingType!: PricingType;

  @Field(() => Int, { nullable: true, description: "Fixed annual rate in basis points (固定年利率), 0 to 2000; FIXED pricing only." })
  fixedRateBp?: number | null;

  @Field(() => LprTenor, { nullable: true, description: "LPR tenor the rate follows (参考LPR期限); LPR_SPREAD pricing only." })
  lprTenor?: LprTenor | null;

  @Field(() => Int, { nullable: true, description: "Spread over the LPR in basis points (加点), -500 to 1000; LPR_SPREAD pricing only." })
  spreadBp?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether a government guarantee is required (是否需要政府性融资担保), default false." })
  requiresGuarantee?: boolean | null;

  @Field(() => Int, { description: "Usual days from application to approval (审批时效, 天), 1 to 365." })
  approvalDays!: number;

  @Field(() => Boolean, { nullable: true, description: "Dedicated fast approval channel (专项审批通道 / 绿色通道), default false." })
  greenChannel?: boolean | null;

  @Field(() => DecimalScalar, { description: "Credit line reserved for the product, yuan (预留授信额度), zero or more." })
  reservedQuota!: string;

  @Field(() => LocalDateScalar, { description: "First day the product may be applied for (生效日期)." })
  validFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day the product may be applied for (截止日期), on or after validFrom; omit when open-ended." })
  validTo?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Renewal window in days before maturity (续贷申请窗口), 1 to 365: required for RENEWAL_WITHOUT_REPAYMENT and RELAY_LOAN, refused otherwise.",
  })
  renewalWindowDays?: number | null;

  @Field(() => [LoanProductTierDiscountInput], { nullable: true, description: "Rate discounts by tier (梯度优惠利率), one per tier." })
  tierDiscounts?: LoanProductTierDiscountInput[] | null;
}

@InputType({
  description:
    "Changes to a loan product (修改贷款产品). Omitted fields stay as they are; null clears an optional field. Giving pricingType replaces the whole pricing " +
    "(fixedRateBp, lprTenor, spreadBp not given are cleared). The bank, the code and the used quota cannot change.",
})
export class UpdateLoanProductInput {
  @Field(() => ID, { description: "The product to change." })
  id!: string;

  @Field(() => Int, { description: "The version you read (版本号); CONFLICT when the product has changed since." })
  version!: number;

  @Field(() => String, { nullable: true, description: "New product name." })
  name?: string | null;

  @Field(() => LoanProductCategory, { nullable: true, description: "New category; moving to a non-renewal category drops the renewal window." })
  category?: LoanProductCategory | null;

  @Field(() => String, { nullable: true, description: "New description; null clears it." })
  description?: string | null;

  @Field(() => CertificationTier, { nullable: true, description: "New lowest tier; null removes the tier requirement." })
  minTier?: CertificationTier | null;

  @Field(() => CertificationLevel, { nullable: true, description: "New lowest level; null removes the level requirement." })
  minLevel?: CertificationLevel | null;

  @Field(() => [String], { nullable: true, description: "New served regions (replaces the list)." })
  servedRegionCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: "New industry prefixes (replaces the list); empty serves every industry." })
  industryPrefixes?: string[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: "New smallest amount, yuan." })
  minAmount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "New largest amount, yuan." })
  maxAmount?: string | null;

  @Field(() => Int, { nullable: true, description: "New shortest term in months." })
  minTermMonths?: number | null;

  @Field(() => Int, { nullable: true, description: "New longest term in months." })
  maxTermMonths?: number | null;

  @Field(() => [FinancingPurpose], { nullable: true, description: "New purposes (replaces the list)." })
  purposes?: FinancingPurpose[] | null;

  @Field(() => [CollateralType], { nullable: true, description: "New accepted collateral (replaces the list)." })
  acceptedCollateral?: CollateralType[] | null;

  @Field(() => PricingType, { nullable: true, description: "New pricing type; the pricing is then taken from this input alone." })
  pricingType?: PricingType | null;

  @Field(() => Int, { nullable: true, description: "New fixed rate in basis points (FIXED pricing)." })
  fixedRateBp?: number | null;

  @Field(() => LprTenor, { nullable: true, description: "New LPR tenor (LPR_SPREAD pricing)." })
  lprTenor?: LprTenor | null;

  @Field(() => Int, { nullable: true, description: "New spread over the LPR in basis points (LPR_SPREAD pricing)." })
  spreadBp?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether a government guarantee is required." })
  requiresGuarantee?: boolean | null;

  @Field(() => Int, { nullable: true, description: "New approval time in days." })
  approvalDays?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the product has a fast approval channel." })
  greenChannel?: boolean | null;

  @Field(() => DecimalScalar, { nullable: true, description: "New reserved credit line, yuan; not below the used quota." })
  reservedQuota?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "New first day of validity." })
  validFrom?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "New last day of validity; null makes the product open-ended." })
  validTo?: string | null;

  @Field(() => Int, { nullable: true, description: "New renewal window in days (renewal categories only); null clears it." })
  renewalWindowDays?: number | null;

  @Field(() => [LoanProductTierDiscountInput], { nullable: true, description: "New tier discounts, replacing all the current ones; empty removes them." })
  tierDiscounts?: LoanProductTierDiscountInput[] | null;
}

@InputType({ description: "Withdraws a loan product from matching and applications, keeping it for history (下架产品)." })
export class ArchiveLoanProductInput {
  @Field(() => ID, { description: "The product to archive." })
  id!: string;
}

@InputType({ description: "Filters for the loan product list (贷款产品筛选); all given filters must hold." })
export class LoanProductFilter {
  @Field(() => ID, { nullable: true, description: "Only products of this bank (发布机构)." })
  institutionId?: string | null;

  @Field(() => LoanProductCategory, { nullable: true, description: "Only products of this category." })
  category?: LoanProductCategory | null;

  @Field(() => LoanProductStatus, { nullable: true, description: "Only products in this status (ACTIVE or ARCHIVED)." })
  status?: LoanProductStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'A firm\'s region code: only products serving it (服务该地区), e.g. "140522" is served by products for 140500 or 140000.',
  })
  servesRegionCode?: string | null;

  @Field(() => CertificationTier, {
    nullable: true,
    description: "Only products open to a firm of this tier (最低梯度不高于): no tier requirement, or a minimum at or below it.",
  })
  minTierAtMost?: CertificationTier | null;

  @Field(() => FinancingPurpose, { nullable: true, description: "Only products that allow this purpose (贷款用途)." })
  purpose?: FinancingPurpose | null;
}
