import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { NotFoundError } from "../../domain/errors";
import { visibleToShownTo } from "../../domain/access";
import { regionName } from "../../domain/code-tables";
import { REGION_NAME_DESCRIPTION } from "../../graphql/code-names";
import type { Context } from "../../graphql/context";
import type { ConnectionShape, ListArgs } from "../../graphql/pagination";
import { requireActor, requireViewer } from "../auth/access";
import { Firm } from "../firm/firm.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { FinancingNeed } from "./financing-need.entity";
import { FinancingNeedFilter, SubmitFinancingNeedInput, WithdrawFinancingNeedInput } from "./need.inputs";
import { FinancingNeedListArgs, FinancingNeedConnection } from "./need.types";

@Resolver(() => FinancingNeed)
export class NeedResolver {
  @FieldResolver(() => String, { nullable: true, description: REGION_NAME_DESCRIPTION })
  regionName(@Root() record: FinancingNeed): string | null {
    return regionName(record.regionCode);
  }

  @Query(() => FinancingNeed, {
    description: "One financing need by id (融资需求详情); NOT_FOUND when there is none or the caller may not see it.",
  })
  financingNeed(@Arg("id", () => ID, { description: "The need's id." }) id: string, @Ctx() ctx: Context): Promise<FinancingNeed> {
    return ctx.services.needs.getById(requireViewer(ctx.viewer), id);
  }

  @Query(() => FinancingNeedConnection, {
    description:
      "Financing needs the caller may see that match a filter, in submission order (融资需求列表): a firm its own, a bank those open to all banks, naming it or applied for at its products, a guarantor those whose application asks its guarantee, a bureau or regulator its region.",
  })
  financingNeeds(
    @Args(() => FinancingNeedListArgs) page: ListArgs,
    @Arg("filter", () => FinancingNeedFilter, { nullable: true, description: "Conditions every returned need meets (筛选条件)." })
    filter: FinancingNeedFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<FinancingNeed>> {
    return ctx.services.needs.list(requireViewer(ctx.viewer), filter, page);
  }

  @Mutation(() => FinancingNeed, {
    description:
      "Submits a firm's financing need (提交融资需求), status OPEN; only the firm itself may (FORBIDDEN otherwise); BAD_USER_INPUT for broken rules, NOT_FOUND for an unknown firm, bank or loan.",
  })
  submitFinancingNeed(
    @Arg("input", () => SubmitFinancingNeedInput, { description: "The need to submit." }) input: SubmitFinancingNeedInput,
    @Ctx() ctx: Context,
  ): Promise<FinancingNeed> {
    return ctx.services.needs.submit(requireActor(ctx), input, ctx.today);
  }

  @Mutation(() => FinancingNeed, {
    description:
      "Withdraws a financing need (撤回融资需求); only the firm itself may (FORBIDDEN otherwise); CONFLICT, naming the current status, unless it is OPEN or MATCHED.",
  })
  withdrawFinancingNeed(
    @Arg("input", () => WithdrawFinancingNeedInput, { description: "The need to withdraw." }) input: WithdrawFinancingNeedInput,
    @Ctx() ctx: Context,
  ): Promise<FinancingNeed> {
    return ctx.services.needs.withdraw(requireActor(ctx), input);
  }

  // Whoever may see a need may see its firm (firmScope covers needScope role by role), so no check here.
  @FieldResolver(() => Firm, { description: "The requesting firm (需求企业)." })
  async firm(@Root() need: FinancingNeed, @Ctx() ctx: Context): Promise<Firm> {
    const firm = await ctx.loaders.firmById.load(need.firmId);
    if (!firm) throw new NotFoundError("Firm", need.firmId);
    return firm;
  }

  @FieldResolver(() => [FinancialInstitution], {
    description:
      "With SELECTED_BANKS: the banks that may see the need (指定可见银行); empty with ALL_BANKS, where every bank may. A bank sees only itself in the list.",
  })
  async visibleTo(@Root() need: FinancingNeed, @Ctx() ctx: Context): Promise<FinancialInstitution[]> {
    const ids = visibleToShownTo(requireViewer(ctx.viewer), await ctx.loaders.visibleInstitutionIdsByNeedId.load(need.id));
    if (ids.length === 0) return [];
    const institutions = await ctx.loaders.institutionById.loadMany(ids);
    const failed = institutions.find((i): i is Error => i instanceof Error);
    if (failed) throw failed;
    // The join table's foreign key cascades deletes, so every id resolves; null is skipped defensively.
    return institutions.filter((i): i is FinancialInstitution => i !== null && !(i instanceof Error));
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: "For a RENEWAL need: id of the existing loan to renew (续贷原贷款); null otherwise.",
  })
  renewalOfLoanId(@Root() need: FinancingNeed): string | null {
    return need.renewalOfLoanId;
  }
}
