import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { NotFoundError } from "../../domain/errors";
import type { Context } from "../../graphql/context";
import type { ConnectionShape, ListArgs } from "../../graphql/pagination";
import { requireActor, requireViewer } from "../auth/access";
import { Certification } from "../certification/certification.entity";
import { Firm } from "../firm/firm.entity";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { Loan } from "./loan.entity";
import { DisburseLoanInput, LoanFilter, RecordRepaymentInput, RenewLoanInput } from "./loan.inputs";
import { LoanListArgs, LoanConnection } from "./loan.types";

@Resolver(() => Loan)
export class LoanResolver {
  @Query(() => Loan, { description: "One loan by id (贷款详情); NOT_FOUND when there is none or the caller may not see it." })
  loan(@Arg("id", () => ID, { description: "The loan's id." }) id: string, @Ctx() ctx: Context): Promise<Loan> {
    return ctx.services.loans.getById(requireViewer(ctx.viewer), id);
  }

  @Query(() => LoanConnection, {
    description:
      "Loans the caller may see that match a filter, in the order they were recorded (贷款列表): a firm its own, a bank those it lent, a guarantor those it guarantees, a bureau or regulator those of firms in its region.",
  })
  loans(
    @Args(() => LoanListArgs) page: ListArgs,
    @Arg("filter", () => LoanFilter, { nullable: true, description: "Conditions every returned loan meets (筛选条件)." }) filter: LoanFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<Loan>> {
    return ctx.services.loans.list(requireViewer(ctx.viewer), filter, page);
  }

  @Mutation(() => Loan, {
    description:
      "Records the disbursement of an APPROVED application (放款) by the product's bank (FORBIDDEN otherwise): creates the loan with the approved terms and the certification the firm held that day, the application becomes DISBURSED and the need FINANCED. CONFLICT naming the status for any other application; BAD_USER_INPUT for a day in the future or before the approval. Idempotent on the key.",
  })
  disburseLoan(@Arg("input", () => DisburseLoanInput, { description: "The disbursement." }) input: DisburseLoanInput, @Ctx() ctx: Context): Promise<Loan> {
    return ctx.services.loans.disburse(requireActor(ctx), input, ctx.today);
  }

  @Mutation(() => Loan, {
    description:
      "Records a principal repayment (还款) by the lending bank (FORBIDDEN otherwise): lowers the balance, releases the same amount of the product's quota (and of the guarantee's capacity and line); at 0 the loan is REPAID. BAD_USER_INPUT for an amount above the balance; CONFLICT for a loan that is REPAID or RENEWED.",
  })
  recordRepayment(
    @Arg("input", () => RecordRepaymentInput, { description: "The repayment." }) input: RecordRepaymentInput,
    @Ctx() ctx: Context,
  ): Promise<Loan> {
    return ctx.services.loans.recordRepayment(requireActor(ctx), input, ctx.today);
  }

  @Mutation(() => Loan, {
    description:
      "Renews a performing loan with a renewal product (续贷: 无还本续贷/接力贷/年审贷) by the lending bank (FORBIDDEN otherwise): returns the new loan, which takes the old one's balance over; the old loan becomes RENEWED and the firm's open RENEWAL needs naming it FINANCED. CONFLICT listing the broken rules (outside the renewal window, not performing, firm not eligible under 金规〔2024〕13号, …) or when the product's quota is short.",
  })
  renewLoan(@Arg("input", () => RenewLoanInput, { description: "The renewal." }) input: RenewLoanInput, @Ctx() ctx: Context): Promise<Loan> {
    return ctx.services.loans.renew(requireActor(ctx), input, ctx.today);
  }

  // Whoever may see a loan may see its firm, bank, product, guarantee agency, certification and the
  // loans before and after a renewal (same firm, bank and guarantee), as for a need's firm.
  @FieldResolver(() => Firm, { description: "The borrowing firm (借款企业)." })
  async firm(@Root() loan: Loan, @Ctx() ctx: Context): Promise<Firm> {
    const firm = await ctx.loaders.firmById.load(loan.firmId);
    if (!firm) throw new NotFoundError("Firm", loan.firmId);
    return firm;
  }

  @FieldResolver(() => FinancialInstitution, { description: "The lending bank (贷款银行)." })
  async institution(@Root() loan: Loan, @Ctx() ctx: Context): Promise<FinancialInstitution> {
    const institution = await ctx.loaders.institutionById.load(loan.institutionId);
    if (!institution) throw new NotFoundError("FinancialInstitution", loan.institutionId);
    return institution;
  }

  @FieldResolver(() => LoanProduct, { description: "The loan product it was lent under (贷款产品)." })
  async product(@Root() loan: Loan, @Ctx() ctx: Context): Promise<LoanProduct> {
    const product = await ctx.loaders.productById.load(loan.productId);
    if (!product) throw new NotFoundError("LoanProduct", loan.productId);
    return product;
  }

  @FieldResolver(() => GuaranteeAgency, { nullable: true, description: "The government guarantee agency guaranteeing it (担保机构); null without a guarantee." })
  guaranteeAgency(@Root() loan: Loan, @Ctx() ctx: Context): Promise<GuaranteeAgency | null> | null {
    return loan.guaranteeAgencyId === null ? null : ctx.loaders.agencyById.load(loan.guaranteeAgencyId);
  }

  @FieldResolver(() => Certification, {
    nullable: true,
    description: "The certification the firm held on the disbursement day (放款时有效认定), as it reads now; null when none was in force.",
  })
  async certification(@Root() loan: Loan, @Ctx() ctx: Context): Promise<Certification | null> {
    if (loan.certificationId === null) return null;
    const certs = await ctx.loaders.certificationsByFirmId.load(loan.firmId);
    return certs.find((c) => c.id === loan.certificationId) ?? null;
  }

  @FieldResolver(() => Loan, { nullable: true, description: "For a renewal: the loan it replaced (续贷原贷款); null otherwise." })
  renewsLoan(@Root() loan: Loan, @Ctx() ctx: Context): Promise<Loan | null> | null {
    return loan.renewsLoanId === null ? null : ctx.loaders.loanById.load(loan.renewsLoanId);
  }

  @FieldResolver(() => Loan, { nullable: true, description: "For a RENEWED loan: the renewal loan that took its balance over (续贷新贷款); null otherwise." })
  async renewedBy(@Root() loan: Loan, @Ctx() ctx: Context): Promise<Loan | null> {
    return (await ctx.loaders.loansByRenewsLoanId.load(loan.id))[0] ?? null;
  }
}
