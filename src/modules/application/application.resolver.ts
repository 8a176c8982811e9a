import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { NotFoundError } from "../../domain/errors";
import type { Context } from "../../graphql/context";
import type { ConnectionShape, ListArgs } from "../../graphql/pagination";
import { requireActor, requireViewer } from "../auth/access";
import { Firm } from "../firm/firm.entity";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { FinancingNeed } from "../need/financing-need.entity";
import { Application } from "./application.entity";
import {
  ApplicationFilter,
  ApplyForProductInput,
  ApproveApplicationInput,
  DecideGuaranteeInput,
  RejectApplicationInput,
  StartReviewInput,
  WithdrawApplicationInput,
} from "./application.inputs";
import { ApplicationListArgs, ApplicationConnection } from "./application.types";

/**
 * 融资申请 queries, workflow mutations and the application's related records. Thin: one service
 * call per operation (ApplicationService checks access and rules); related records through the
 * request's DataLoaders. Whoever may see an application may see its need, firm, product and
 * guarantee agency (the parties to it), so the field resolvers check nothing more.
 */
@Resolver(() => Application)
export class ApplicationResolver {
  @Query(() => Application, {
    description:
      "One application by id (融资申请详情); NOT_FOUND when there is none or the caller may not see it (a firm its own, a bank those for its products, a guarantor those naming it, a bureau or regulator its region).",
  })
  application(@Arg("id", () => ID, { description: "The application's id." }) id: string, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.getById(requireViewer(ctx.viewer), id);
  }

  @Query(() => ApplicationConnection, {
    description:
      "Applications the caller may see that match a filter, in submission order (融资申请列表): a firm its own, a bank those for its products, a guarantor those naming it, a bureau or regulator those of firms in its region.",
  })
  applications(
    @Args(() => ApplicationListArgs) page: ListArgs,
    @Arg("filter", () => ApplicationFilter, { nullable: true, description: "Conditions every returned application meets (筛选条件)." })
    filter: ApplicationFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<Application>> {
    return ctx.services.applications.list(requireViewer(ctx.viewer), filter, page);
  }

  @Mutation(() => Application, {
    description:
      "Applies for a loan product on one of the firm's needs (申请贷款产品), status SUBMITTED; by the need's firm only (FORBIDDEN otherwise). CONFLICT when the need is not OPEN/MATCHED or has expired, when a live application for the pair exists, or when the pair is not eligible (extensions.reasons lists every failed rule); BAD_USER_INPUT when the guarantee agency is missing or not wanted. Idempotent on idempotencyKey.",
  })
  applyForProduct(@Arg("input", () => ApplyForProductInput, { description: "The need, the product and the guarantee agency." }) input: ApplyForProductInput, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.apply(requireActor(ctx), input, ctx.today);
  }

  @Mutation(() => Application, {
    description: "Starts the bank's review of a SUBMITTED application (受理), status UNDER_REVIEW; by the product's bank only. CONFLICT, naming the current status, from any other status.",
  })
  startReview(@Arg("input", () => StartReviewInput, { description: "The application." }) input: StartReviewInput, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.startReview(requireActor(ctx), input);
  }

  @Mutation(() => Application, {
    description:
      "Approves an application under review (审批通过), status APPROVED; by the product's bank only. Consumes the product's reserved quota (and the guarantee's capacity and line) in the same transaction: CONFLICT when too little is left, when the application is not UNDER_REVIEW, when a requested guarantee is not accepted, or when the application renews a loan (a renewal product for a RENEWAL need) that no disbursement of it could renew, listing each rule in extensions.reasons (RENEWAL_AMOUNT_NOT_BALANCE: the amount is not the loan's outstanding balance; the loan not PERFORMING, with another bank, or matured before the approval day; an approval before the renewal window opens is allowed); BAD_USER_INPUT for terms outside the need, the product or its published rate. The need becomes MATCHED. Idempotent on idempotencyKey.",
  })
  approveApplication(@Arg("input", () => ApproveApplicationInput, { description: "The application and the approved terms." }) input: ApproveApplicationInput, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.approve(requireActor(ctx), input, ctx.today);
  }

  @Mutation(() => Application, {
    description: "Rejects a SUBMITTED or UNDER_REVIEW application with a reason (拒绝申请), status REJECTED; by the product's bank only. CONFLICT, naming the current status, otherwise.",
  })
  rejectApplication(@Arg("input", () => RejectApplicationInput, { description: "The application, the reason and a note." }) input: RejectApplicationInput, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.reject(requireActor(ctx), input);
  }

  @Mutation(() => Application, {
    description:
      "Withdraws an application (撤回申请), status WITHDRAWN; by the need's firm only. An approved amount goes back to the product's quota and the guarantee's capacity; a MATCHED need with no other approval is OPEN again. CONFLICT from a final status.",
  })
  withdrawApplication(@Arg("input", () => WithdrawApplicationInput, { description: "The application." }) input: WithdrawApplicationInput, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.withdraw(requireActor(ctx), input);
  }

  @Mutation(() => Application, {
    description:
      "The guarantee agency's answer to a guarantee request (担保受理): accept with a fee, or decline; by the agency named on the application only. CONFLICT when it already decided or the application is past review; BAD_USER_INPUT for a fee above the agency's, the agreed or the policy cap.",
  })
  decideGuarantee(@Arg("input", () => DecideGuaranteeInput, { description: "The application and the decision." }) input: DecideGuaranteeInput, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.decideGuarantee(requireActor(ctx), input);
  }

  @FieldResolver(() => FinancingNeed, { description: "The financing need applied on (融资需求)." })
  async need(@Root() application: Application, @Ctx() ctx: Context): Promise<FinancingNeed> {
    const need = await ctx.loaders.needById.load(application.needId);
    if (!need) throw new NotFoundError("FinancingNeed", application.needId);
    return need;
  }

  @FieldResolver(() => Firm, { description: "The applying firm (申请企业), the need's firm." })
  async firm(@Root() application: Application, @Ctx() ctx: Context): Promise<Firm> {
    const need = await ctx.loaders.needById.load(application.needId);
    if (!need) throw new NotFoundError("FinancingNeed", application.needId);
    const firm = await ctx.loaders.firmById.load(need.firmId);
    if (!firm) throw new NotFoundError("Firm", need.firmId);
    return firm;
  }

  @FieldResolver(() => LoanProduct, { description: "The loan product applied for (贷款产品), also after its bank archived it." })
  async product(@Root() application: Application, @Ctx() ctx: Context): Promise<LoanProduct> {
    const product = await ctx.loaders.productById.load(application.productId);
    if (!product) throw new NotFoundError("LoanProduct", application.productId);
    return product;
  }

  @FieldResolver(() => GuaranteeAgency, { nullable: true, description: "The government guarantee agency asked to guarantee the loan (担保机构); null without a guarantee." })
  async guaranteeAgency(@Root() application: Application, @Ctx() ctx: Context): Promise<GuaranteeAgency | null> {
    if (application.guaranteeAgencyId === null) return null;
    const agency = await ctx.loaders.agencyById.load(application.guaranteeAgencyId);
    if (!agency) throw new NotFoundError("GuaranteeAgency", application.guaranteeAgencyId);
    return agency;
  }
}
