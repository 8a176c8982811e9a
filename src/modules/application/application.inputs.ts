import { Field, ID, InputType, Int } from "type-graphql";
import { ApplicationStatus, GuaranteeDecision, RejectionReasonCode } from "../../domain/enums";
import { DecimalScalar } from "../../graphql/scalars";

@InputType({ description: "A firm's application for a loan product on one of its needs (申请贷款产品)." })
export class ApplyForProductInput {
  @Field(() => ID, { description: "The firm's own financing need, OPEN or MATCHED and not expired (融资需求)." })
  needId!: string;

  @Field(() => ID, { description: "The loan product applied for (贷款产品); the pair must be eligible (explainMatch shows why not)." })
  productId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The government guarantee agency asked to guarantee the loan (担保机构): required exactly when the product requires a guarantee, and it must be eligible for the pair (serve the firm's region and tier, have a 总对总 agreement with the bank and capacity left).",
  })
  guaranteeAgencyId?: string | null;

  @Field({
    description:
      "Idempotency key (幂等键): 1 to 100 visible ASCII characters made once per user action; a retry with the same key returns the first result and writes nothing new, the same key with other input is a CONFLICT.",
  })
  idempotencyKey!: string;
}

@InputType({ description: "Starts the bank's review of a SUBMITTED application (受理申请)." })
export class StartReviewInput {
  @Field(() => ID, { description: "The application (融资申请)." })
  id!: string;
}

@InputType({ description: "The bank's approval of an application under review (审批通过), with the loan's terms." })
export class ApproveApplicationInput {
  @Field(() => ID, { description: "The application (融资申请), UNDER_REVIEW and with no guarantee or an accepted one." })
  id!: string;

  @Field(() => DecimalScalar, {
    description: "Approved amount, yuan (批准金额): at most the need's amount, within the product's range, and within the reserved quota left; for a renewal (续贷), exactly the outstanding balance of the loan it renews.",
  })
  amount!: string;

  @Field(() => Int, { description: "Approved annual rate, basis points (批准利率): at most the product's published rate on the approval day." })
  annualRateBp!: number;

  @Field(() => Int, { description: "Approved term, months (批准期限), within the product's term range." })
  termMonths!: number;

  @Field({
    description:
      "Idempotency key (幂等键): 1 to 100 visible ASCII characters made once per approval; a retry with the same key returns the first result, the same key with other input is a CONFLICT.",
  })
  idempotencyKey!: string;
}

@InputType({ description: "The bank's rejection of a submitted or reviewed application (拒绝申请)." })
export class RejectApplicationInput {
  @Field(() => ID, { description: "The application (融资申请)." })
  id!: string;

  @Field(() => RejectionReasonCode, { description: "Why (拒绝原因)." })
  reasonCode!: RejectionReasonCode;

  @Field(() => String, { nullable: true, description: "A note for the firm (拒绝说明), at most 2000 characters; required with OTHER." })
  note?: string | null;
}

@InputType({ description: "The firm withdraws its application (撤回申请); an approved amount goes back to the product's quota." })
export class WithdrawApplicationInput {
  @Field(() => ID, { description: "The application (融资申请)." })
  id!: string;
}

@InputType({ description: "The guarantee agency's answer to a guarantee request (担保受理)." })
export class DecideGuaranteeInput {
  @Field(() => ID, { description: "The application naming the agency (融资申请)." })
  id!: string;

  @Field({ description: "true to guarantee the loan (同意担保), false to decline (不予担保)." })
  accept!: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "Annual guarantee fee, basis points (担保费率): required when accepting, left out when declining; at most the agency's published fee, the fee agreed with the bank under the 总对总 agreement and the policy cap (100 bp up to 500万元, 150 bp above).",
  })
  feeBp?: number | null;
}

@InputType({ description: "Filters for the application list (融资申请筛选); all given filters must hold." })
export class ApplicationFilter {
  @Field(() => ApplicationStatus, { nullable: true, description: "Only applications in this status (申请状态)." })
  status?: ApplicationStatus | null;

  @Field(() => ID, { nullable: true, description: "Only applications on this need (融资需求)." })
  needId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only applications of this firm (申请企业)." })
  firmId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only applications for this product (贷款产品)." })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only applications for products of this bank (贷款银行)." })
  institutionId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only applications naming this guarantee agency (担保机构)." })
  guaranteeAgencyId?: string | null;

  @Field(() => GuaranteeDecision, { nullable: true, description: "Only applications whose guarantee is in this state (担保受理)." })
  guaranteeDecision?: GuaranteeDecision | null;
}
