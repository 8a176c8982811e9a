import { Field, ID, InputType, Int } from "type-graphql";
import { CertificationTier } from "../../domain/enums";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

@InputType({ description: "A government financing-guarantee agency to publish (担保机构入驻) with its terms." })
export class CreateGuaranteeAgencyInput {
  @Field({ description: "Registered name (机构名称), unique, at most 200 characters." })
  name!: string;

  @Field({ description: 'GB/T 2260 code of the region served (服务区域), 6 digits; "330000" serves all of Zhejiang.' })
  regionCode!: string;

  @Field(() => [CertificationTier], { description: "Certification tiers the agency guarantees (服务梯度); at least one, duplicates dropped." })
  tiersServed!: CertificationTier[];

  @Field(() => Int, {
    description:
      "Published annual guarantee fee, basis points (担保费率), 0 to 150; at most 100 when maxAmountPerFirm is at most 500万 (国办发〔2019〕6号).",
  })
  feeRateBp!: number;

  @Field(() => DecimalScalar, { description: "Largest guarantee for one firm, yuan (单户担保上限); above 0 and at most 30000000.00 (3,000万, 财金〔2024〕60号)." })
  maxAmountPerFirm!: string;

  @Field(() => DecimalScalar, { description: "Total guarantee capacity, yuan (担保总额度); zero or more." })
  capacity!: string;
}

@InputType({ description: "A 总对总 batch cooperation agreement to record between a bank and a guarantee agency (银担总对总合作协议)." })
export class CreateGuaranteeAgreementInput {
  @Field(() => ID, { description: "The bank (合作银行), a financial institution id." })
  institutionId!: string;

  @Field(() => ID, { description: "The guarantee agency (担保机构)." })
  agencyId!: string;

  @Field(() => Int, { description: "Share of each loss the bank bears, basis points (银行分险比例), 2000 (20%) to 10000." })
  bankRiskShareBp!: number;

  @Field(() => Int, {
    description: "Agreed annual guarantee fee, basis points (协议担保费率), 0 to 150 and not above the agency's published fee.",
  })
  agreedFeeRateBp!: number;

  @Field(() => Boolean, { nullable: true, description: "The bank relies on the agency's review and skips its own due diligence (见担即贷); default false. Requires approvalDays." })
  waivesDueDiligence?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: "With waivesDueDiligence only (required then): days the bank takes to decide a loan guaranteed under this agreement, 1 to 365 (见担即贷审批时限).",
  })
  approvalDays?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Total guaranteed lending under the agreement, yuan (合作额度); above 0; omit when uncapped." })
  creditLine?: string | null;

  @Field(() => LocalDateScalar, { description: "First day of the agreement (生效日期)." })
  validFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of the agreement (到期日期), on or after validFrom; omit when open-ended." })
  validTo?: string | null;
}

@InputType({ description: "Filters for the guarantee agency list (担保机构筛选); all given filters must hold." })
export class GuaranteeAgencyFilter {
  @Field({
    nullable: true,
    description: 'Only agencies serving a firm in this region (服务该地区): an agency of "330000" serves "330106" (prefix rule).',
  })
  servesRegionCode?: string;

  @Field(() => CertificationTier, { nullable: true, description: "Only agencies that guarantee firms of this tier (服务梯度)." })
  tier?: CertificationTier;

  @Field({ nullable: true, description: "Part of the name (名称包含), case-insensitive." })
  nameContains?: string;
}

@InputType({ description: "Filters for the 总对总 agreement list (合作协议筛选); all given filters must hold." })
export class GuaranteeAgreementFilter {
  @Field(() => ID, { nullable: true, description: "Only agreements of this bank (合作银行)." })
  institutionId?: string;

  @Field(() => ID, { nullable: true, description: "Only agreements of this guarantee agency (担保机构)." })
  agencyId?: string;
}
