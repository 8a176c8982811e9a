import { Field, ID, InputType, Int } from "type-graphql";
import { CollateralType, FinancingNeedStatus, FinancingPurpose, NeedVisibility } from "../../domain/enums";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

@InputType({ description: "A financing need to submit for a firm (提交融资需求)." })
export class SubmitFinancingNeedInput {
  @Field(() => ID, { description: "The requesting firm (需求企业)." })
  firmId!: string;

  @Field(() => DecimalScalar, { description: 'Amount requested, yuan (融资金额), a decimal string greater than zero, e.g. "5000000.00".' })
  amount!: string;

  @Field(() => Int, { description: "Term in months (融资期限, 月), 1 to 360." })
  termMonths!: number;

  @Field(() => FinancingPurpose, { description: "What the money is for (融资用途); RENEWAL exactly when renewalOfLoanId is given." })
  purpose!: FinancingPurpose;

  @Field(() => [CollateralType], {
    nullable: true,
    description: "Collateral the firm can pledge (可提供的担保物); empty or omitted means credit only (信用). Must not contain NONE.",
  })
  collateralOffered?: CollateralType[] | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the firm accepts a government guarantee and its fee (是否接受政府性融资担保); default true." })
  acceptsGuarantee?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: "Highest all-in annual cost the firm accepts, basis points (可接受最高年化成本), 0 to 2400; omitted means no limit.",
  })
  maxAnnualRateBp?: number | null;

  @Field(() => LocalDateScalar, { description: "Date the firm needs the money by (用款日期), today or later." })
  neededBy!: string;

  @Field(() => ID, {
    nullable: true,
    description: "For a renewal (续贷) need: the firm's own existing loan to renew (原贷款); required exactly when purpose is RENEWAL.",
  })
  renewalOfLoanId?: string | null;

  @Field(() => NeedVisibility, { nullable: true, description: "Which banks may see the need (可见范围); default ALL_BANKS." })
  visibility?: NeedVisibility | null;

  @Field(() => [ID], {
    nullable: true,
    description: "With SELECTED_BANKS: 1 to 20 financial institutions that may see the need (指定可见银行); must be empty with ALL_BANKS.",
  })
  visibleToInstitutionIds?: string[] | null;

  @Field(() => String, { nullable: true, description: "Free-text description of the need (需求说明), at most 2000 characters." })
  description?: string | null;

  @Field(() => String, {
    description:
      'Idempotency key (幂等键), 1 to 100 characters of A-Z, a-z, 0-9, "_", "-", ":", ".": unique per need the firm means to submit (e.g. a UUID). A retry with the same key and input returns the first need and writes nothing; the same key with other input is CONFLICT.',
  })
  idempotencyKey!: string;
}

@InputType({ description: "Withdraws a financing need (撤回融资需求); only OPEN or MATCHED needs can be withdrawn." })
export class WithdrawFinancingNeedInput {
  @Field(() => ID, { description: "The need to withdraw." })
  id!: string;
}

@InputType({ description: "Filters for the financing-need list (融资需求筛选); all given filters must hold." })
export class FinancingNeedFilter {
  @Field(() => ID, { nullable: true, description: "Only needs of this firm (需求企业)." })
  firmId?: string | null;

  @Field(() => FinancingNeedStatus, { nullable: true, description: "Only needs in this status (需求状态)." })
  status?: FinancingNeedStatus | null;

  @Field(() => FinancingPurpose, { nullable: true, description: "Only needs with this purpose (融资用途)." })
  purpose?: FinancingPurpose | null;

  @Field(() => String, {
    nullable: true,
    description: 'Region of the requesting firm (企业所在地区); "330000" matches every firm registered in Zhejiang (prefix rule).',
  })
  regionCode?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Only needs this financial institution may see (银行可见): ALL_BANKS needs and SELECTED_BANKS needs that name it.",
  })
  visibleToInstitutionId?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only needs whose money is needed on or after this date (用款日期起)." })
  neededByFrom?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only needs whose money is needed on or before this date (用款日期止)." })
  neededByTo?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Only needs of at least this amount, yuan (最低金额)." })
  minAmount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Only needs of at most this amount, yuan (最高金额)." })
  maxAmount?: string | null;
}
