import { Field, ID, Int, ObjectType } from "type-graphql";
import { CertificationLevel, CertificationTier, LoanProductCategory, RejectionReasonCode } from "../../domain/enums";
import { ReportGroupBy } from "../../domain/reporting";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

/**
 * GraphQL types of lendingReport (docs/reporting.md, "Lending report"). Plain data: the service
 * builds them from the report's SQL (lending-report.repository.ts); only LendingReportKey.bank is
 * resolved, through the per-request institution loader.
 */

@ObjectType({ simpleResolvers: true, description: "How many applications were rejected for one reason (按拒绝原因统计)." })
export class RejectionCount {
  @Field(() => RejectionReasonCode, { description: "The bank's reason (拒绝原因)." })
  reasonCode!: RejectionReasonCode;

  @Field(() => Int, { description: "Applications rejected for it (拒绝件数)." })
  count!: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "The figures of a group of loans, or of all of them (放款统计指标). docs/reporting.md defines each precisely; amounts are exact decimal strings, rates whole basis points.",
})
export class LendingFigures {
  @Field(() => Int, { description: "Loans disbursed (贷款笔数), renewals included." })
  loansCount!: number;

  @Field(() => DecimalScalar, { description: "Principal disbursed, yuan (放款金额): the sum of the loans' principal." })
  amountDisbursed!: string;

  @Field(() => DecimalScalar, {
    description: "Balance those loans still owe today, yuan (贷款余额, as of `asOf`): 0 for a loan repaid or renewed (its balance is carried by the renewal).",
  })
  balanceOutstanding!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Average effective annual rate weighted by principal, basis points (加权平均综合利率): Σ(principal × (rate + guarantee fee)) ÷ Σ principal, rounded half up to a whole bp; null without loans.",
  })
  weightedAverageRateBp!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Share of the principal lent on credit alone (信用贷款占比): loans with neither collateral nor a guarantee, in basis points of amountDisbursed, rounded half up; null without loans.",
  })
  creditLoanShareBp!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Share of the principal of guaranteed loans (保证贷款占比): loans with a government guarantee agency's guarantee, with or without collateral, in basis points of amountDisbursed, rounded half up; null without loans.",
  })
  guaranteedLoanShareBp!: number | null;

  @Field(() => Int, {
    description: "首贷户: loans that were their firm's first loan on the platform (no earlier loan of the firm; of loans disbursed on one day, the one recorded first; never a renewal), i.e. firms borrowing for the first time.",
  })
  firstTimeBorrowersCount!: number;

  @Field(() => DecimalScalar, { description: "Principal of those first loans, yuan (首贷金额)." })
  firstTimeAmount!: string;

  @Field(() => Int, { description: "Renewals (续贷笔数: 无还本续贷/接力贷/年审贷), loans that took over an earlier loan's balance." })
  renewalsCount!: number;

  @Field(() => DecimalScalar, { description: "Principal of the renewals, yuan (续贷金额)." })
  renewalsAmount!: string;

  @Field(() => Number, {
    nullable: true,
    description:
      "Median calendar days (China time) from submitting the application to its approval (审批用时中位数), one decimal; loans without an application (renewLoan) are left out; null when none has one.",
  })
  medianDaysToApproval!: number | null;

  @Field(() => Number, {
    nullable: true,
    description:
      "Median calendar days (China time) from submitting the application to the disbursement day (放款用时中位数), one decimal; loans without an application are left out; null when none has one.",
  })
  medianDaysToDisbursement!: number | null;

  @Field(() => [RejectionCount], {
    description:
      "Applications rejected (拒绝件数) on a day inside the filter's dates, with the same filter and scope, per reason; reasons without a rejection are left out, the rest in the enum's order.",
  })
  rejections!: RejectionCount[];
}

@ObjectType({
  simpleResolvers: true,
  description:
    "Which group a row is (分组键): only the dimensions the report is grouped by are set, the others are null. In a TIER or LEVEL grouping a null tier or level is the group of loans (and rejections) of firms with no certification in force (未认定).",
})
export class LendingReportKey {
  @Field(() => CertificationTier, {
    nullable: true,
    description: "TIER: tier of the certification in force at disbursement (放款时认定梯度; for rejections, on the rejection day); null in a TIER grouping = no certification in force.",
  })
  tier!: CertificationTier | null;

  @Field(() => CertificationLevel, {
    nullable: true,
    description: "LEVEL: level of that certification (认定层级); null in a LEVEL grouping = no certification in force.",
  })
  level!: CertificationLevel | null;

  @Field(() => String, { nullable: true, description: "REGION: the borrowing firm's 6-digit registered region code (企业注册地区) when the loan was disbursed." })
  regionCode!: string | null;

  @Field(() => ID, { nullable: true, description: "BANK: the lending financial institution's id (贷款银行)." })
  bankId!: string | null;

  @Field(() => LoanProductCategory, { nullable: true, description: "CATEGORY: the loan product's category (产品类别) at disbursement." })
  category!: LoanProductCategory | null;

  @Field(() => String, { nullable: true, description: 'MONTH: month of the disbursement day, China time (放款月份), "YYYY-MM".' })
  month!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "One group of a lending report (报表分组): its key and its figures." })
export class LendingReportGroup {
  @Field(() => LendingReportKey, { description: "The group's dimensions (分组键)." })
  key!: LendingReportKey;

  @Field(() => LendingFigures, { description: "The group's figures (分组指标)." })
  figures!: LendingFigures;
}

@ObjectType({
  description:
    "Lending to certified firms (放款统计报表) over the filter and the caller's scope, grouped as asked, with totals; docs/reporting.md defines every figure.",
})
export class LendingReport {
  @Field(() => [ReportGroupBy], { description: "The dimensions grouped by (分组维度), duplicates removed, in the order given: the groups are sorted by them in that order." })
  groupBy!: ReportGroupBy[];

  @Field(() => [LendingReportGroup], {
    description:
      "One group per combination of the dimensions that has loans or rejections (分组明细), sorted by the dimensions in groupBy's order: tier and level lowest first with no certification last, region code, bank id, category in the enum's order, month ascending. Empty without groupBy.",
  })
  groups!: LendingReportGroup[];

  @Field(() => LendingFigures, { description: "The same figures over every matching loan and rejection (合计), computed over them all, not added up from the groups." })
  totals!: LendingFigures;

  @Field(() => LocalDateScalar, { description: "The day (China time) the balances were read (余额日期): balanceOutstanding is the balance at the time of the request." })
  asOf!: string;
}
