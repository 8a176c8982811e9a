import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { regionName } from "../../domain/code-tables";
import { REGION_NAME_DESCRIPTION } from "../../graphql/code-names";
import type { Context } from "../../graphql/context";
import { requireActor, requireViewer } from "../auth/access";
import { connectionType, PageArgs, type ConnectionShape } from "../../graphql/pagination";
import { IncentivePolicy } from "./incentive-policy.entity";
import { CreateIncentivePolicyInput, IncentivePolicyFilter } from "./incentive.inputs";

export const IncentivePolicyConnection = connectionType(IncentivePolicy, "IncentivePolicy", "incentive policy");

@Resolver(() => IncentivePolicy)
export class IncentiveResolver {
  @FieldResolver(() => String, { nullable: true, description: REGION_NAME_DESCRIPTION })
  regionName(@Root() record: IncentivePolicy): string | null {
    return regionName(record.regionCode);
  }

  @Query(() => IncentivePolicy, { description: "One incentive policy by id (激励政策详情); NOT_FOUND when there is none." })
  incentivePolicy(@Arg("id", () => ID, { description: "The policy's id." }) id: string, @Ctx() ctx: Context): Promise<IncentivePolicy> {
    return ctx.services.incentives.getPolicy(requireViewer(ctx.viewer), id);
  }

  @Query(() => IncentivePolicyConnection, { description: "Incentive policies matching a filter, in publication order (激励政策列表)." })
  incentivePolicies(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => IncentivePolicyFilter, { nullable: true, description: "Conditions the policies must meet (筛选条件)." })
    filter: IncentivePolicyFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<IncentivePolicy>> {
    return ctx.services.incentives.listPolicies(requireViewer(ctx.viewer), filter, page);
  }

  @Mutation(() => IncentivePolicy, {
    description: "Publishes an incentive policy (发布激励政策): 贴息, 担保费补贴, 风险补偿 or an award, by a bureau inside its region (FORBIDDEN otherwise); BAD_USER_INPUT when its fields do not fit its kind.",
  })
  createIncentivePolicy(
    @Arg("input", () => CreateIncentivePolicyInput, { description: "The policy and its terms." }) input: CreateIncentivePolicyInput,
    @Ctx() ctx: Context,
  ): Promise<IncentivePolicy> {
    return ctx.services.incentives.createPolicy(requireActor(ctx), input);
  }
}
