import { Field, InputType, Int } from "type-graphql";
import { LprTenor } from "../../domain/enums";
import { LocalDateScalar } from "../../graphql/scalars";

@InputType({
  description:
    "Records a published LPR (录入贷款市场报价利率). A second value for the same tenor and date is a correction and replaces the first.",
})
export class SetLprRateInput {
  @Field(() => LprTenor, { description: "Tenor (期限品种): 1-year or 5-year and above." })
  tenor!: LprTenor;

  @Field(() => LocalDateScalar, { description: "Date the rate takes effect (生效日期); it applies until the next one of the same tenor." })
  effectiveOn!: string;

  @Field(() => Int, { description: "Annual rate in basis points (利率, 基点; 300 = 3.00%), 1 to 1999." })
  rateBp!: number;
}

@InputType({ description: "Filters for the LPR list (LPR筛选); all given filters must hold." })
export class LprRateFilter {
  @Field(() => LprTenor, { nullable: true, description: "Only this tenor." })
  tenor?: LprTenor | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only rates that took effect on or after this date (起始日期)." })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Only rates that took effect on or before this date (截止日期)." })
  to?: string | null;
}
