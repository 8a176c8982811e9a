import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { regionCodeNames } from "../../domain/code-tables";
import { PricingType } from "../../domain/enums";
import { RegionCodeName } from "../../graphql/code-names";
import { NotFoundError } from "../../domain/errors";
import { formatMoney, parseMoney } from "../../domain/money";
import { publishedRateOn } from "../../domain/pricing";
import type { Context } from "../../graphql/context";
import { requireActor, requireViewer } from "../auth/access";
import type { ConnectionShape, ListArgs } from "../../graphql/pagination";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LoanProduct } from "./loan-product.entity";
import { LoanProductTierDiscount } from "./loan-product-tier-discount.entity";
import { ArchiveLoanProductInput, CreateLoanProductInput, LoanProductFilter, UpdateLoanProductInput } from "./loan-product.inputs";
import { LoanProductListArgs, LoanProductConnection } from "./loan-product.types";

@Resolver(() => LoanProduct)
export class LoanProductResolver {
  @FieldResolver(() => [RegionCodeName], {
    description: "The served regions (服务地区) with their GB/T 2260 names, in the order of servedRegionCodes.",
  })
  servedRegions(@Root() product: LoanProduct): RegionCodeName[] {
    return regionCodeNames(product.servedRegionCodes);
  }

  @Query(() => LoanProduct, {
    description:
      "One loan product by id (贷款产品详情); NOT_FOUND when there is none or the caller may not see it (a firm sees active products serving its region, a bank its own, a guarantor its partner banks', a bureau or regulator its region's).",
  })
  loanProduct(@Arg("id", () => ID, { description: "Loan product id." }) id: string, @Ctx() ctx: Context): Promise<LoanProduct> {
    return ctx.services.loanProducts.getById(requireViewer(ctx.viewer), id);
  }

  @Query(() => LoanProductConnection, { description: "Loan products the caller may see matching a filter, in publication order (贷款产品列表)." })
  loanProducts(
    @Args(() => LoanProductListArgs) page: ListArgs,
    @Arg("filter", () => LoanProductFilter, { nullable: true, description: "Filters (筛选条件); all given ones must hold." })
    filter: LoanProductFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<LoanProduct>> {
    return ctx.services.loanProducts.list(requireViewer(ctx.viewer), filter, page);
  }

  @Mutation(() => LoanProduct, {
    description:
      "Publishes a loan product (发布贷款产品), by a bank for its own institution (FORBIDDEN otherwise); NOT_FOUND for an unknown bank, CONFLICT when the bank already uses the code.",
  })
  createLoanProduct(@Arg("input", () => CreateLoanProductInput, { description: "The product to publish." }) input: CreateLoanProductInput, @Ctx() ctx: Context): Promise<LoanProduct> {
    return ctx.services.loanProducts.create(requireActor(ctx), input);
  }

  @Mutation(() => LoanProduct, {
    description:
      "Changes a loan product (修改贷款产品) under optimistic locking, by the bank that published it (FORBIDDEN otherwise): CONFLICT when `version` is stale, when the product is archived, or when the reserved quota would drop below the used quota.",
  })
  updateLoanProduct(@Arg("input", () => UpdateLoanProductInput, { description: "The product, the version read, and the changes." }) input: UpdateLoanProductInput, @Ctx() ctx: Context): Promise<LoanProduct> {
    return ctx.services.loanProducts.update(requireActor(ctx), input);
  }

  @Mutation(() => LoanProduct, {
    description: "Archives a loan product (下架产品): ACTIVE → ARCHIVED, by the bank that published it (FORBIDDEN otherwise); CONFLICT when it is already archived.",
  })
  archiveLoanProduct(@Arg("input", () => ArchiveLoanProductInput, { description: "The product to archive." }) input: ArchiveLoanProductInput, @Ctx() ctx: Context): Promise<LoanProduct> {
    return ctx.services.loanProducts.archive(requireActor(ctx), input);
  }

  @FieldResolver(() => FinancialInstitution, { description: "The publishing bank (发布机构)." })
  async institution(@Root() product: LoanProduct, @Ctx() ctx: Context): Promise<FinancialInstitution> {
    const institution = await ctx.loaders.institutionById.load(product.institutionId);
    if (!institution) throw new NotFoundError("FinancialInstitution", product.institutionId);
    return institution;
  }

  @FieldResolver(() => [LoanProductTierDiscount], { description: "Rate discounts by tier (梯度优惠利率), in tier order." })
  tierDiscounts(@Root() product: LoanProduct, @Ctx() ctx: Context): Promise<LoanProductTierDiscount[]> {
    return ctx.loaders.tierDiscountsByProductId.load(product.id);
  }

  @FieldResolver(() => DecimalScalar, { description: "Reserved credit line not yet committed, yuan (剩余额度 = 预留 − 已用)." })
  quotaRemaining(@Root() product: LoanProduct): string {
    return formatMoney(parseMoney(product.reservedQuota) - parseMoney(product.usedQuota));
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Published annual rate in basis points on a date (挂牌利率), before tier discounts: the fixed rate, or the LPR in force that day plus the spread; null when no LPR of the product's tenor had taken effect by then.",
  })
  async publishedRateBp(
    @Root() product: LoanProduct,
    @Arg("on", () => LocalDateScalar, { nullable: true, description: "Date to price on (定价日期); default today." }) on: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<number | null> {
    const rates = product.pricingType === PricingType.LPR_SPREAD && product.lprTenor ? await ctx.loaders.lprRatesByTenor.load(product.lprTenor) : [];
    return publishedRateOn(product, rates, on ?? ctx.today);
  }
}
