import { Field, ID, InputType } from "type-graphql";
import { CertificationLevel, CertificationTier, LoanProductCategory } from "../../domain/enums";
import { LocalDateScalar } from "../../graphql/scalars";

/**
 * The filter of lendingReport, lendingAnomalies and GET /reports/lending.csv (docs/reporting.md).
 * Validated by parseLendingFilter (src/domain/reporting.ts); an absent or empty list filters nothing.
 */
@InputType({ description: "Which loans a report covers (报表筛选条件); every condition given must hold. docs/reporting.md defines each." })
export class LendingFilterInput {
  @Field(() => LocalDateScalar, { nullable: true, description: "First disbursement day included (放款日起), China time, inclusive." })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last disbursement day included (放款日止), China time, inclusive; not before `from`." })
  to?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "6-digit region code (行政区划代码) of the borrowing firms' registration: 330000 covers all of Zhejiang, 410100 all of Zhengzhou. A regulator's must lie inside its jurisdiction.",
  })
  regionCode?: string | null;

  @Field(() => [CertificationTier], { nullable: true, description: "Tiers of the certification in force at disbursement (放款时认定梯度)." })
  tiers?: CertificationTier[] | null;

  @Field(() => [CertificationLevel], { nullable: true, description: "Levels of the certification in force at disbursement (放款时认定层级)." })
  levels?: CertificationLevel[] | null;

  @Field(() => [ID], { nullable: true, description: "Lending banks (贷款银行), financial-institution ids; a BANK may name only itself." })
  bankIds?: string[] | null;

  @Field(() => [LoanProductCategory], { nullable: true, description: "Product categories (产品类别) of the loans." })
  categories?: LoanProductCategory[] | null;
}
