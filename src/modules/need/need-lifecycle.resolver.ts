import { Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { ExpireFinancingNeedsResult } from "../application/application.types";
import { requireActor } from "../auth/access";

/** The need-lifecycle operations (docs/workflow.md, "Need lifecycle"). */
@Resolver()
export class NeedLifecycleResolver {
  @Mutation(() => ExpireFinancingNeedsResult, {
    description:
      "Runs the need-expiry job now (需求过期处理), ADMIN only: OPEN or MATCHED needs whose needed-by date plus the 30-day grace period has passed, and that have no live application, become EXPIRED. The server also runs it at start and every hour.",
  })
  expireFinancingNeeds(@Ctx() ctx: Context): Promise<ExpireFinancingNeedsResult> {
    return ctx.services.needLifecycle.expireNeeds(requireActor(ctx), ctx.today);
  }
}
