import { Field, ID, InputType, Int } from "type-graphql";
import { LoanStatus } from "../../domain/enums";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

@InputType({ description: "The bank records that it paid out an approved application's loan (放款)." })
export class DisburseLoanInput {
  @Field(() => ID, { description: "The APPROVED application (融资申请) of one of the bank's products." })
  applicationId!: string;

  @Field(() => LocalDateScalar, {
    description: "Day the money was paid out (放款日): not after today and not before the approval day. The loan matures this day plus the approved term.",
  })
  disbursedOn!: string;

  @Field({
    description:
      "Idempotency key (幂等键): 1 to 100 characters (letters, digits, _ - : .) made once per disbursement; a retry with the same key returns the first loan and writes nothing new, the same key with other input is a CONFLICT.",
  })
  idempotencyKey!: string;
}

@InputType({ description: "The bank records a principal repayment on one of its loans (还款)." })
export class RecordRepaymentInput {
  @Field(() => ID, { description: "The loan (贷款), PERFORMING or OVERDUE." })
  loanId!: string;

  @Field(() => DecimalScalar, {
    description: 'Principal repaid, yuan (还款金额), a decimal string: greater than zero and at most the outstanding balance (equal repays the loan in full), e.g. "1000000.00".',
  })
  amount!: string;

  @Field(() => LocalDateScalar, { description: "Day it was paid (还款日): not after today and not before the disbursement." })
  paidOn!: string;
}

@InputType({
  description:
    "The bank renews one of its performing loans with a renewal product (续贷: 无还本续贷 / 接力贷 / 年审贷): a new loan takes the old one's balance over, with no principal repaid in between.",
})
export class RenewLoanInput {
  @Field(() => ID, { description: "The loan to renew (原贷款): the bank's own, PERFORMING, inside the product's renewal window." })
  loanId!: string;

  @Field(() => ID, { description: "The bank's renewal product (续贷产品), category RENEWAL_WITHOUT_REPAYMENT or RELAY_LOAN." })
  productId!: string;

  @Field(() => DecimalScalar, {
    description: "Amount of the renewal loan, yuan (续贷金额): exactly the old loan's outstanding balance, within the product's range and its quota left.",
  })
  amount!: string;

  @Field(() => Int, { description: "Annual rate, basis points (续贷利率): at most the product's published rate on the renewal day." })
  annualRateBp!: number;

  @Field(() => Int, { description: "Term of the renewal loan in months (续贷期限), within the product's term range." })
  termMonths!: number;

  @Field(() => LocalDateScalar, {
    description: "Day the renewal takes effect (续贷日): not after today, inside [maturity − renewal window days, maturity] of the old loan.",
  })
  renewedOn!: string;

  @Field(() => String, {
    nullable: true,
    description: "Optional idempotency key (幂等键): a retry with the same key returns the first renewal loan and writes nothing new; the same key with other input is a CONFLICT.",
  })
  idempotencyKey?: string | null;
}

@InputType({ description: "Filters for the loan list (贷款筛选); all given filters must hold." })
export class LoanFilter {
  @Field(() => ID, { nullable: true, description: "Only loans of this firm (借款企业)." })
  firmId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only loans of this bank (贷款银行)." })
  institutionId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only loans of this product (贷款产品)." })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only loans guaranteed by this agency (担保机构)." })
  guaranteeAgencyId?: string | null;

  @Field(() => LoanStatus, { nullable: true, description: "Only loans in this status (贷款状态)." })
  status?: LoanStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'Region of the borrowing firm (企业所在地区); "330000" matches every firm registered in Zhejiang (prefix rule).',
  })
  regionCode?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only loans disbursed on or after this day (放款日起)." })
  disbursedFrom?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only loans disbursed on or before this day (放款日止)." })
  disbursedTo?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only loans maturing on or after this day (到期日起)." })
  maturesFrom?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only loans maturing on or before this day (到期日止)." })
  maturesTo?: string | null;
}
