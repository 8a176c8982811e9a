import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index } from "typeorm";
import { CertificationLevel, CertificationTier, IncentiveKind, LoanProductCategory } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

@ObjectType({
  implements: Node,
  description: "A government rule that lowers a certified firm's financing cost or pays it (激励政策): 贴息, 担保费补贴, 风险补偿, 认定奖励.",
})
@Entity({ name: "incentive_policy" })
@Index("ix_incentive_policy_region", ["regionCode", "kind"])
@Check(
  "chk_incentive_policy_kind",
  "(kind IN ('INTEREST_SUBSIDY', 'GUARANTEE_FEE_SUBSIDY') AND subsidy_bp > 0 AND duration_months > 0 AND award_amount IS NULL AND risk_compensation_share_bp IS NULL)" +
    " OR (kind IN ('CERTIFICATION_AWARD', 'LISTING_AWARD') AND award_amount > 0 AND subsidy_bp IS NULL AND risk_compensation_share_bp IS NULL)" +
    " OR (kind = 'RISK_COMPENSATION' AND risk_compensation_share_bp > 0 AND risk_compensation_share_bp <= 10000 AND subsidy_bp IS NULL AND award_amount IS NULL)",
)
@Check("chk_incentive_policy_dates", "valid_to IS NULL OR valid_to >= valid_from")
@Check("chk_incentive_policy_region", "region_code ~ '^[1-8][0-9]{5}$'")
export class IncentivePolicy extends BaseRecord {
  @Field(() => IncentiveKind, { description: "Kind of incentive (政策类型)." })
  @Column({ type: "enum", enum: IncentiveKind, enumName: "incentive_kind" })
  kind!: IncentiveKind;

  @Field({ description: "Policy name (政策名称), e.g. 云南省专精特新企业贷款贴息." })
  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Field({ description: "Issuing authority (发布机关)." })
  @Column({ type: "varchar", length: 120 })
  issuer!: string;

  @Field({ description: "GB/T 2260 code of the region whose firms qualify (适用区域), prefix rule as for products." })
  @Column({ type: "char", length: 6 })
  regionCode!: string;

  @Field(() => String, { nullable: true, description: "Policy document it implements (政策依据), e.g. a seed file name or 文号." })
  @Column({ type: "varchar", length: 120, nullable: true })
  sourceDocument!: string | null;

  @Field({ description: "Plain-language summary of the rule (政策说明)." })
  @Column({ type: "text", default: "" })
  description!: string;

  @Field(() => [CertificationTier], { description: "Tiers that qualify (适用梯度); empty means any certified tier. A firm with no certification in force never qualifies." })
  @Column({ type: "enum", enum: CertificationTier, enumName: "certification_tier", array: true, default: () => "'{}'" })
  tiers!: CertificationTier[];

  @Field(() => [CertificationLevel], { description: "Certification levels that qualify (适用认定层级); empty means any level of a certification in force." })
  @Column({ type: "enum", enum: CertificationLevel, enumName: "certification_level", array: true, default: () => "'{}'" })
  levels!: CertificationLevel[];

  @Field(() => [LoanProductCategory], { description: "Loan categories a subsidy applies to (适用贷款类别); empty means all." })
  @Column({ type: "enum", enum: LoanProductCategory, enumName: "loan_product_category", array: true, default: () => "'{}'" })
  categories!: LoanProductCategory[];

  @Field(() => Int, { nullable: true, description: "Subsidy in basis points a year (贴息/保费补贴, 基点); subsidies only." })
  @Column({ type: "int", nullable: true })
  subsidyBp!: number | null;

  @Field(() => Int, { nullable: true, description: "How many months the subsidy runs (补贴期限, 月); subsidies only." })
  @Column({ type: "int", nullable: true })
  durationMonths!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "One-off award in yuan (一次性奖励); awards only." })
  @Column({ type: "numeric", precision: 18, scale: 2, nullable: true })
  awardAmount!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Share of a defaulted loan's loss the compensation fund covers, basis points (风险补偿比例); risk compensation only.",
  })
  @Column({ type: "int", nullable: true })
  riskCompensationShareBp!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Awards in the same group are paid "从高、不重复": only the highest one that applies, once (seed 004).',
  })
  @Column({ type: "varchar", length: 60, nullable: true })
  exclusiveGroup!: string | null;

  @Field({ description: "Paid only on a firm's first certification at that tier and level (首次认定)." })
  @Column({ type: "boolean", default: false })
  firstCertificationOnly!: boolean;

  @Field(() => LocalDateScalar, { description: "First day the policy applies (生效日期)." })
  @Column({ type: "date" })
  validFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day the policy applies (截止日期); null when open-ended." })
  @Column({ type: "date", nullable: true })
  validTo!: string | null;
}
