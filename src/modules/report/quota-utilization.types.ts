import { Field, ID, InputType, Int, InterfaceType, ObjectType } from "type-graphql";
import { LoanProductCategory, LoanProductStatus } from "../../domain/enums";
import { PageInfo, type Edge } from "../../graphql/pagination";
import { DecimalScalar } from "../../graphql/scalars";

@InputType({ description: "Which loan products a quota utilisation report covers (额度使用筛选条件); every condition given must hold." })
export class QuotaUtilizationFilterInput {
  @Field(() => String, {
    nullable: true,
    description:
      "6-digit region code (行政区划代码): products of banks registered in it or serving it (either region containing the other). A regulator's must lie inside its jurisdiction.",
  })
  regionCode?: string | null;

  @Field(() => [ID], { nullable: true, description: "Publishing banks (发布银行), financial-institution ids; a BANK may name only itself." })
  bankIds?: string[] | null;

  @Field(() => [LoanProductCategory], { nullable: true, description: "Product categories (产品类别)." })
  categories?: LoanProductCategory[] | null;

  @Field(() => LoanProductStatus, { nullable: true, description: "Only ACTIVE or only ARCHIVED products (产品状态); absent: both." })
  status?: LoanProductStatus | null;

  @Field(() => Boolean, { nullable: true, description: "Only exclusive product lines of seed 000's rule (仅专属信贷产品), see docs/reporting.md." })
  exclusiveOnly?: boolean | null;
}

/** The figures shared by a product, a bank and the totals (money as decimal strings in yuan). */
@InterfaceType({ description: "The quota figures of a product, a bank or a whole report (额度指标); docs/reporting.md defines each." })
export abstract class QuotaFigures {
  @Field(() => DecimalScalar, { description: "Reserved credit line, yuan (预留授信额度)." })
  reservedQuota!: string;

  @Field(() => DecimalScalar, {
    description: "Committed, yuan (已用额度): the quota ledger's used quota — approvals not yet disbursed plus the balances of running loans, as the ledger moved them.",
  })
  committed!: string;

  @Field(() => DecimalScalar, { description: "Approved amounts of APPROVED applications not yet disbursed, yuan (已批未放), from the applications." })
  approvedNotDisbursed!: string;

  @Field(() => DecimalScalar, { description: "Principal of every loan recorded on the product(s), renewals included, yuan (累计放款)." })
  disbursed!: string;

  @Field(() => DecimalScalar, { description: "Outstanding balance of those loans now, yuan (贷款余额)." })
  outstanding!: string;

  @Field(() => Int, { description: "Loans recorded (放款笔数), renewals included." })
  loansCount!: number;

  @Field(() => Int, { nullable: true, description: "committed / reservedQuota in basis points, rounded down (额度使用率, 10000 = fully used); null for a zero reserve." })
  utilizationBp!: number | null;
}

@ObjectType({ implements: QuotaFigures, description: "Quota utilisation of one loan product (产品额度使用情况), docs/reporting.md \"Quota utilisation\"." })
export class ProductQuotaUtilization extends QuotaFigures {
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Seed 000's rule (晋城: 专属信贷产品预留不低于1亿元): true/false whether an exclusive product line reserves at least 1亿元; null when the product is not an exclusive product line.",
  })
  meetsExclusiveLineRule!: boolean | null;

  @Field({ description: "Why seed 000's exclusive-line rule applies to the product or not, with the figures (规则说明)." })
  exclusiveLineRule!: string;

  /** For the `product` and `bank` field resolvers. */
  productId!: string;
  institutionId!: string;
}

@ObjectType({ implements: QuotaFigures, description: "Quota utilisation of one bank's products (银行额度使用合计): the sums over its products in the report." })
export class BankQuotaUtilization extends QuotaFigures {
  @Field(() => Int, { description: "Products summed (产品数)." })
  productsCount!: number;

  @Field(() => Int, { description: "Of those, exclusive product lines of seed 000's rule (专属信贷产品数)." })
  exclusiveProductsCount!: number;

  @Field(() => Int, { description: "Exclusive product lines reserving less than 1亿元 (专属产品预留不足1亿元数)." })
  exclusiveProductsBelowLine!: number;

  /** For the `bank` field resolver. */
  institutionId!: string;
}

@ObjectType({ implements: QuotaFigures, description: "Quota utilisation over every product in the report (合计)." })
export class QuotaUtilizationTotals extends QuotaFigures {
  @Field(() => Int, { description: "Products summed (产品数)." })
  productsCount!: number;

  @Field(() => Int, { description: "Exclusive product lines of seed 000's rule (专属信贷产品数)." })
  exclusiveProductsCount!: number;

  @Field(() => Int, { description: "Exclusive product lines reserving less than 1亿元 (专属产品预留不足1亿元数)." })
  exclusiveProductsBelowLine!: number;
}

/** Per-bank figures and the totals of a report, computed once per request when asked. */
export interface QuotaSummary {
  banks: BankQuotaUtilization[];
  totals: QuotaUtilizationTotals;
}

@ObjectType({ description: "One product in a page of the quota utilisation report, with its cursor." })
export class QuotaUtilizationEdge {
  @Field(() => ProductQuotaUtilization, { description: "The product's utilisation." })
  node!: ProductQuotaUtilization;

  @Field({ description: "Opaque cursor of this edge, for `after`." })
  cursor!: string;
}

@ObjectType({
  description:
    "Quota utilisation report (额度使用情况): a page of products (in the order they were published), and the per-bank sums and totals over every product the report covers.",
})
export class QuotaUtilizationConnection {
  @Field(() => [QuotaUtilizationEdge], { description: "The products of this page, in order." })
  edges!: Edge<ProductQuotaUtilization>[];

  @Field(() => PageInfo, { description: "Paging information." })
  pageInfo!: PageInfo;

  summary!: () => Promise<QuotaSummary>;

  @Field(() => Int, { description: "Number of products the report covers, across all pages (产品总数)." })
  async totalCount(): Promise<number> {
    return (await this.summary()).totals.productsCount;
  }

  @Field(() => [BankQuotaUtilization], { description: "Sums per bank over every product the report covers (not only this page), by bank name (按银行合计)." })
  async byBank(): Promise<BankQuotaUtilization[]> {
    return (await this.summary()).banks;
  }

  @Field(() => QuotaUtilizationTotals, { description: "Sums over every product the report covers (合计)." })
  async totals(): Promise<QuotaUtilizationTotals> {
    return (await this.summary()).totals;
  }
}
