import { Field, InputType, Int } from "type-graphql";
import { CertificationLevel, CertificationTier, IncentiveKind, LoanProductCategory } from "../../domain/enums";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

@InputType({
  description:
    "A government incentive policy to publish (发布激励政策). Subsidies need subsidyBp and durationMonths, awards need awardAmount, risk compensation needs riskCompensationShareBp; fields of other kinds must be left out.",
})
export class CreateIncentivePolicyInput {
  @Field(() => IncentiveKind, { description: "Kind of incentive (政策类型)." })
  kind!: IncentiveKind;

  @Field({ description: "Policy name (政策名称), at most 200 characters." })
  name!: string;

  @Field({ description: "Issuing authority (发布机关), at most 120 characters." })
  issuer!: string;

  @Field({ description: 'GB/T 2260 code of the region whose firms qualify (适用区域), 6 digits; "410100" covers all of Zhengzhou.' })
  regionCode!: string;

  @Field(() => String, { nullable: true, description: "Policy document it implements (政策依据), e.g. a 文号; at most 120 characters." })
  sourceDocument?: string | null;

  @Field(() => String, { nullable: true, description: "Plain-language summary of the rule (政策说明); default empty." })
  description?: string | null;

  @Field(() => [CertificationTier], { nullable: true, description: "Tiers that qualify (适用梯度); empty or omitted means any certified tier. A firm with no certification in force never qualifies." })
  tiers?: CertificationTier[] | null;

  @Field(() => [CertificationLevel], { nullable: true, description: "Certification levels that qualify (适用认定层级); empty or omitted means any level of a certification in force." })
  levels?: CertificationLevel[] | null;

  @Field(() => [LoanProductCategory], { nullable: true, description: "Loan categories a subsidy applies to (适用贷款类别); empty or omitted means all." })
  categories?: LoanProductCategory[] | null;

  @Field(() => Int, { nullable: true, description: "Subsidy, basis points a year (贴息/保费补贴), 1 to 1000; subsidies only." })
  subsidyBp?: number | null;

  @Field(() => Int, { nullable: true, description: "How many months the subsidy runs (补贴期限, 月), 1 to 120; subsidies only." })
  durationMonths?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "One-off award, yuan (一次性奖励), above 0; awards only." })
  awardAmount?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Share of a defaulted loan's loss the fund covers, basis points (风险补偿比例), 1 to 10000; risk compensation only.",
  })
  riskCompensationShareBp?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Exclusive group (互斥组), at most 60 characters: awards in one group are paid "从高、不重复", only the highest that applies, once.',
  })
  exclusiveGroup?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Paid only on a firm's first certification at that tier and level (首次认定); CERTIFICATION_AWARD only; default false." })
  firstCertificationOnly?: boolean | null;

  @Field(() => LocalDateScalar, { description: "First day the policy applies (生效日期)." })
  validFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day the policy applies (截止日期), on or after validFrom; omit when open-ended." })
  validTo?: string | null;
}

@InputType({ description: "Filters for the incentive policy list (激励政策筛选); all given filters must hold." })
export class IncentivePolicyFilter {
  @Field(() => IncentiveKind, { nullable: true, description: "Only policies of this kind (政策类型)." })
  kind?: IncentiveKind;

  @Field({
    nullable: true,
    description: 'Only policies that apply to a firm registered in this region (适用于该地区企业): a "410000" policy applies to a "410105" firm (prefix rule).',
  })
  regionCode?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only policies in force on this date (有效日期): validFrom ≤ date ≤ validTo, or open-ended." })
  activeOn?: string;
}
