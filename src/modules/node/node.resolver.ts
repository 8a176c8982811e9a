import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { Node } from "../../graphql/node-interface";
import { requireViewer } from "../auth/access";
import { MAX_NODES } from "./node.service";

/** Relay object identification (docs/architecture.md, "Global ids"). */
@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      "Any record by its global id (按全局ID查询): null when there is none or the caller may not see it (as NOT_FOUND for the by-id queries). A raw UUID is BAD_USER_INPUT: it does not say its type.",
  })
  async node(@Arg("id", () => ID, { description: "A global id (`id` with `X-Srdi-Global-Ids: 1`)." }) id: string, @Ctx() ctx: Context): Promise<object | null> {
    const [found] = await ctx.services.nodes.nodes(requireViewer(ctx.viewer), ctx.loaders.visibleNodes, [id], "id");
    return found ?? null;
  }

  @Query(() => [Node], {
    nullable: "items",
    description: `Records by global id, in the order asked (批量按全局ID查询), at most ${MAX_NODES}; null for each one the caller may not see. One query per record type.`,
  })
  nodes(@Arg("ids", () => [ID], { description: "Global ids, of any types." }) ids: string[], @Ctx() ctx: Context): Promise<Array<object | null>> {
    return ctx.services.nodes.nodes(requireViewer(ctx.viewer), ctx.loaders.visibleNodes, ids);
  }
}
