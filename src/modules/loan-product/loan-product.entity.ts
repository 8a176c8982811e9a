import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, VersionColumn, type Relation } from "typeorm";
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
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LoanProductTierDiscount } from "./loan-product-tier-discount.entity";

@ObjectType({ implements: Node, description: "A bank's loan product offered to certified firms (贷款产品), e.g. 专精特新贷 or 无还本续贷." })
@Entity({ name: "loan_product" })
/** Sync (updatedSince, orderBy UPDATED_AT): keyset pages on (updated_at, id); migration SyncIndexes. */
@Index("ix_loan_product_updated_at_id", ["updatedAt", "id"])
@Index("uq_loan_product_code", ["institutionId", "code"], { unique: true })
@Index("ix_loan_product_status_category", ["status", "category"])
// The GIN index of the matching prefilter over served regions, purposes and accepted collateral,
// created by migration ProductMatchIndex (TypeORM cannot express GIN).
@Index("ix_loan_product_match", { synchronize: false })
@Check("chk_loan_product_amounts", "min_amount > 0 AND min_amount <= max_amount")
@Check("chk_loan_product_terms", "min_term_months > 0 AND min_term_months <= max_term_months AND max_term_months <= 360")
@Check(
  "chk_loan_product_pricing",
  "(pricing_type = 'FIXED' AND fixed_rate_bp IS NOT NULL AND fixed_rate_bp >= 0 AND lpr_tenor IS NULL AND spread_bp IS NULL)" +
    " OR (pricing_type = 'LPR_SPREAD' AND fixed_rate_bp IS NULL AND lpr_tenor IS NOT NULL AND spread_bp IS NOT NULL)",
)
@Check("chk_loan_product_quota", "used_quota >= 0 AND reserved_quota >= 0 AND used_quota <= reserved_quota")
@Check("chk_loan_product_validity", "valid_to IS NULL OR valid_to >= valid_from")
@Check("chk_loan_product_approval_days", "approval_days > 0")
@Check("chk_loan_product_arrays", "cardinality(purposes) > 0 AND cardinality(accepted_collateral) > 0 AND cardinality(served_region_codes) > 0")
@Check(
  "chk_loan_product_renewal_window",
  "(category IN ('RENEWAL_WITHOUT_REPAYMENT', 'RELAY_LOAN')) = (renewal_window_days IS NOT NULL) AND (renewal_window_days IS NULL OR renewal_window_days > 0)",
)
export class LoanProduct extends BaseRecord {
  /** The publishing bank; exposed through the `institution` field resolver. */
  @Index("ix_loan_product_institution")
  @Column({ type: "uuid" })
  institutionId!: string;

  @ManyToOne(() => FinancialInstitution, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "institution_id", foreignKeyConstraintName: "fk_loan_product_institution" })
  institution?: Relation<FinancialInstitution>;

  @Field({ description: "The bank's own product code (产品编号), unique within the bank." })
  @Column({ type: "varchar", length: 40 })
  code!: string;

  @Field({ description: "Product name (产品名称), e.g. 晋城银行专精特新贷." })
  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Field(() => LoanProductCategory, { description: "Product category (产品类别)." })
  @Column({ type: "enum", enum: LoanProductCategory, enumName: "loan_product_category" })
  category!: LoanProductCategory;

  @Field({ description: "What the product is for and how it works (产品说明)." })
  @Column({ type: "text", default: "" })
  description!: string;

  @Field(() => CertificationTier, {
    nullable: true,
    description: "Lowest certification tier a firm must hold (最低梯度要求); null when no certification is required.",
  })
  @Column({ type: "enum", enum: CertificationTier, enumName: "certification_tier", nullable: true })
  minTier!: CertificationTier | null;

  @Field(() => CertificationLevel, {
    nullable: true,
    description: "Lowest certification level required (最低认定层级); null when any level will do.",
  })
  @Column({ type: "enum", enum: CertificationLevel, enumName: "certification_level", nullable: true })
  minLevel!: CertificationLevel | null;

  @Field(() => [String], {
    description: 'Regions served (服务区域), GB/T 2260 codes; "330000" serves every code starting "33", "410100" every "4101xx".',
  })
  @Column({ type: "char", length: 6, array: true })
  servedRegionCodes!: string[];

  @Field(() => [String], {
    description: "GB/T 4754 industry code prefixes served (服务行业), e.g. [\"C\"] for manufacturing; empty serves all.",
  })
  @Column({ type: "varchar", length: 5, array: true, default: () => "'{}'" })
  industryPrefixes!: string[];

  @Field(() => DecimalScalar, { description: "Smallest amount lent, yuan (最低额度)." })
  @Column({ type: "numeric", precision: 18, scale: 2 })
  minAmount!: string;

  @Field(() => DecimalScalar, { description: "Largest amount lent, yuan (最高额度)." })
  @Column({ type: "numeric", precision: 18, scale: 2 })
  maxAmount!: string;

  @Field(() => Int, { description: "Shortest term in months (最短期限)." })
  @Column({ type: "int" })
  minTermMonths!: number;

  @Field(() => Int, { description: "Longest term in months (最长期限)." })
  @Column({ type: "int" })
  maxTermMonths!: number;

  @Field(() => [FinancingPurpose], { description: "Purposes the money may be used for (贷款用途)." })
  @Column({ type: "enum", enum: FinancingPurpose, enumName: "financing_purpose", array: true })
  purposes!: FinancingPurpose[];

  @Field(() => [CollateralType], {
    description: "Collateral accepted (接受的担保方式); NONE means the product lends on pure credit (信用).",
  })
  @Column({ type: "enum", enum: CollateralType, enumName: "collateral_type", array: true })
  acceptedCollateral!: CollateralType[];

  @Field(() => PricingType, { description: "How the rate is set (定价方式): fixed, or LPR plus a spread." })
  @Column({ type: "enum", enum: PricingType, enumName: "pricing_type" })
  pricingType!: PricingType;

  @Field(() => Int, { nullable: true, description: "Fixed annual rate in basis points (固定年利率, 345 = 3.45%); FIXED pricing only." })
  @Column({ type: "int", nullable: true })
  fixedRateBp!: number | null;

  @Field(() => LprTenor, { nullable: true, description: "LPR tenor the rate follows (参考LPR期限); LPR_SPREAD pricing only." })
  @Column({ type: "enum", enum: LprTenor, enumName: "lpr_tenor", nullable: true })
  lprTenor!: LprTenor | null;

  @Field(() => Int, {
    nullable: true,
    description: "Spread over the LPR in basis points (加点), may be negative; LPR_SPREAD pricing only.",
  })
  @Column({ type: "int", nullable: true })
  spreadBp!: number | null;

  @Field({ description: "Whether a government guarantee is required (是否需要政府性融资担保)." })
  @Column({ type: "boolean", default: false })
  requiresGuarantee!: boolean;

  @Field(() => Int, { description: "Usual days from application to approval (审批时效, 天)." })
  @Column({ type: "int" })
  approvalDays!: number;

  @Field({ description: "Dedicated fast approval channel (专项审批通道 / 绿色通道, seeds 000, 001, 003)." })
  @Column({ type: "boolean", default: false })
  greenChannel!: boolean;

  @Field(() => DecimalScalar, { description: "Credit line the bank reserves for this product, yuan (预留授信额度)." })
  @Column({ type: "numeric", precision: 18, scale: 2 })
  reservedQuota!: string;

  @Field(() => DecimalScalar, { description: "Part of the reserved line already committed by approvals, yuan (已用额度)." })
  @Column({ type: "numeric", precision: 18, scale: 2, default: 0 })
  usedQuota!: string;

  @Field(() => LocalDateScalar, { description: "First day the product may be applied for (生效日期)." })
  @Column({ type: "date" })
  validFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day the product may be applied for (截止日期); null when open-ended." })
  @Column({ type: "date", nullable: true })
  validTo!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "For renewal products (无还本续贷, 接力贷/年审贷): how many days before the old loan matures a renewal may be applied for (续贷申请窗口).",
  })
  @Column({ type: "int", nullable: true })
  renewalWindowDays!: number | null;

  @Field(() => LoanProductStatus, { description: "ACTIVE products can be matched; ARCHIVED ones are kept for history (产品状态)." })
  @Column({ type: "enum", enum: LoanProductStatus, enumName: "loan_product_status", default: LoanProductStatus.ACTIVE })
  status!: LoanProductStatus;

  @Field(() => Int, { description: "Optimistic-lock version (版本号): pass it back when updating." })
  @VersionColumn()
  version!: number;

  @OneToMany(() => LoanProductTierDiscount, (d) => d.product)
  tierDiscounts?: Relation<LoanProductTierDiscount[]>;
}
