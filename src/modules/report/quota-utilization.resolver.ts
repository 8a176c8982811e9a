import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { NotFoundError } from "../../domain/errors";
import type { Context } from "../../graphql/context";
import { PageArgs } from "../../graphql/pagination";
import { requireViewer } from "../auth/access";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { BankQuotaUtilization, ProductQuotaUtilization, QuotaUtilizationConnection, QuotaUtilizationFilterInput } from "./quota-utilization.types";

async function bankOf(institutionId: string, ctx: Context): Promise<FinancialInstitution> {
  const bank = await ctx.loaders.institutionById.load(institutionId);
  if (!bank) throw new NotFoundError("FinancialInstitution", institutionId);
  return bank;
}

@Resolver(() => ProductQuotaUtilization)
export class QuotaUtilizationResolver {
  @Query(() => QuotaUtilizationConnection, {
    description:
      "Quota utilisation (额度使用情况) of the loan products the caller may report on: per product its reserved line, committed, approved, disbursed and outstanding amounts and seed 000's exclusive-line rule, plus per-bank sums and totals. A REGULATOR or BUREAU the products offered or serving in its region, a BANK its own, an ADMIN all; FORBIDDEN for FIRM and GUARANTOR callers. docs/reporting.md defines every figure.",
  })
  quotaUtilization(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => QuotaUtilizationFilterInput, { nullable: true, description: "Which products to report on (筛选条件); absent: all in scope." })
    filter: QuotaUtilizationFilterInput | undefined,
    @Ctx() ctx: Context,
  ): Promise<QuotaUtilizationConnection> {
    return ctx.services.quotaUtilization.list(requireViewer(ctx.viewer), filter, page);
  }

  @FieldResolver(() => LoanProduct, { description: "The loan product (贷款产品)." })
  async product(@Root() row: ProductQuotaUtilization, @Ctx() ctx: Context): Promise<LoanProduct> {
    const product = await ctx.loaders.productById.load(row.productId);
    if (!product) throw new NotFoundError("LoanProduct", row.productId);
    return product;
  }

  @FieldResolver(() => FinancialInstitution, { description: "The bank that publishes it (发布银行)." })
  bank(@Root() row: ProductQuotaUtilization, @Ctx() ctx: Context): Promise<FinancialInstitution> {
    return bankOf(row.institutionId, ctx);
  }
}

@Resolver(() => BankQuotaUtilization)
export class BankQuotaUtilizationResolver {
  @FieldResolver(() => FinancialInstitution, { description: "The bank (银行)." })
  bank(@Root() row: BankQuotaUtilization, @Ctx() ctx: Context): Promise<FinancialInstitution> {
    return bankOf(row.institutionId, ctx);
  }
}
