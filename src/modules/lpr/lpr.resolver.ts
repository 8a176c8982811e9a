import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { requireActor, requireViewer } from "../auth/access";
import { connectionType, PageArgs, type ConnectionShape } from "../../graphql/pagination";
import { LprRate } from "./lpr-rate.entity";
import { LprRateFilter, SetLprRateInput } from "./lpr.inputs";

export const LprRateConnection = connectionType(LprRate, "LprRate", "LPR rate");

@Resolver(() => LprRate)
export class LprResolver {
  @Query(() => LprRateConnection, { description: "Recorded LPR values (贷款市场报价利率), in the order they were recorded." })
  lprRates(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => LprRateFilter, { nullable: true, description: "Filters (筛选条件); all given ones must hold." })
    filter: LprRateFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<LprRate>> {
    return ctx.services.lpr.list(requireViewer(ctx.viewer), filter, page);
  }

  @Mutation(() => LprRate, {
    description:
      "Records the LPR of a tenor from a date (录入LPR), by the platform ADMIN only (FORBIDDEN otherwise); the same tenor and date again corrects the value instead of adding a second one.",
  })
  setLprRate(@Arg("input", () => SetLprRateInput, { description: "The tenor, date and rate to record." }) input: SetLprRateInput, @Ctx() ctx: Context): Promise<LprRate> {
    return ctx.services.lpr.set(requireActor(ctx), input);
  }
}
