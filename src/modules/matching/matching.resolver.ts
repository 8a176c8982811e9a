import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import type { PageInfo } from "../../graphql/pagination";
import { requireViewer } from "../auth/access";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import {
  MatchIneligibilityReason,
  MatchWeightsInput,
  NeedMatchConnection,
  NeedMatchEdge,
  ProductMatch,
  ProductMatchConnection,
  toNeedMatchEdge,
  toProductMatch,
  weightsFromInput,
} from "./matching.types";

/** pageInfo of a ranked page: its edges' cursors and the service's flags. */
function pageInfoOf(edges: ReadonlyArray<{ cursor: string }>, page: { hasNextPage: boolean; hasPreviousPage: boolean }): PageInfo {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
}

async function agencyOf(id: string | null, ctx: Context): Promise<GuaranteeAgency | null> {
  return id === null ? null : ctx.loaders.agencyById.load(id);
}

@Resolver(() => ProductMatch)
export class MatchingResolver {
  @Query(() => [ProductMatch], {
    deprecationReason: "Use productMatches: the same ranking as a connection, with first/after, pageInfo and totalCount.",
    description:
      "Loan products ranked for a financing need, best first (智能匹配: 为需求推荐产品): score desc, then cost asc, then product id. For the need's firm, and bureaus and regulators in its region; NOT_FOUND otherwise. docs/matching.md explains every rule.",
  })
  matchesForNeed(
    @Arg("needId", () => ID, { description: "The need to match." }) needId: string,
    @Arg("first", () => Int, { defaultValue: 10, description: "How many matches, 1 to the page cap." }) first: number,
    @Arg("includeIneligible", { defaultValue: false, description: "Also list products serving the firm's region that fail a rule, after the eligible ones, with their reasons." })
    includeIneligible: boolean,
    @Arg("weights", () => MatchWeightsInput, { nullable: true, description: "Custom component weights; defaults when omitted." })
    weights: MatchWeightsInput | null,
    @Ctx() ctx: Context,
  ): Promise<ProductMatch[]> {
    return ctx.services.matching
      .matchesForNeed(requireViewer(ctx.viewer), needId, { first, includeIneligible, weights: weightsFromInput(weights) }, ctx.today)
      .then((list) => list.map((r) => toProductMatch(r.match, r.product)));
  }

  @Query(() => ProductMatchConnection, {
    description:
      "Loan products ranked for a financing need, best first (智能匹配: 为需求推荐产品), as a Relay connection: eligible first, then score desc, cost asc, product id. Pass the same needId, includeIneligible and weights with `after`. For the need's firm, and bureaus and regulators in its region; NOT_FOUND otherwise. docs/matching.md explains every rule.",
  })
  async productMatches(
    @Arg("needId", () => ID, { description: "The need to match." }) needId: string,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1 to the page cap (default 20)." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Return products after this cursor (an endCursor from a previous page)." })
    after: string | null,
    @Arg("includeIneligible", { defaultValue: false, description: "Also list products serving the firm's region that fail a rule, after the eligible ones, with their reasons." })
    includeIneligible: boolean,
    @Arg("weights", () => MatchWeightsInput, { nullable: true, description: "Custom component weights; defaults when omitted." })
    weights: MatchWeightsInput | null,
    @Ctx() ctx: Context,
  ): Promise<ProductMatchConnection> {
    const page = await ctx.services.matching.productMatches(
      requireViewer(ctx.viewer),
      needId,
      { first, after, includeIneligible, weights: weightsFromInput(weights) },
      ctx.today,
    );
    const edges = page.edges.map((e) => ({ cursor: e.cursor, node: toProductMatch(e.match, e.product) }));
    return { edges, totalCount: page.totalCount, pageInfo: pageInfoOf(edges, page) };
  }

  @Query(() => ProductMatch, {
    description:
      "One need × product pair, eligible or not, scored as the caller's list ranks it (匹配解释): as matchesForNeed for the firm, bureaus, regulators and admins; as matchingNeeds for the product's bank. A published product is a public catalogue entry: a firm, bureau or regulator may explain it against a need wherever it is offered (a product of another region fails REGION_NOT_SERVED). NOT_FOUND unless the caller may see the need, and the product (published, or in its loanProducts scope).",
  })
  explainMatch(
    @Arg("needId", () => ID, { description: "The need." }) needId: string,
    @Arg("productId", () => ID, { description: "The product." }) productId: string,
    @Arg("weights", () => MatchWeightsInput, { nullable: true, description: "Custom component weights; defaults when omitted." })
    weights: MatchWeightsInput | null,
    @Ctx() ctx: Context,
  ): Promise<ProductMatch> {
    return ctx.services.matching
      .explainMatch(requireViewer(ctx.viewer), needId, productId, weightsFromInput(weights), ctx.today)
      .then((r) => toProductMatch(r.match, r.product));
  }

  @Query(() => NeedMatchConnection, {
    description:
      "Open financing needs a product is eligible for, best first (为产品推荐需求): only needs the product's bank may see. For the product's bank and admins; NOT_FOUND otherwise.",
  })
  async matchingNeeds(
    @Arg("productId", () => ID, { description: "The bank's product." }) productId: string,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1 to the page cap (default 20)." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Return needs after this cursor (an endCursor from a previous page)." })
    after: string | null,
    @Ctx() ctx: Context,
  ): Promise<NeedMatchConnection> {
    const page = await ctx.services.matching.matchingNeeds(requireViewer(ctx.viewer), productId, { first, after }, ctx.today);
    const edges = page.edges.map((e) => toNeedMatchEdge(e.match, e.node, e.cursor));
    return { edges, totalCount: page.totalCount, pageInfo: pageInfoOf(edges, page) };
  }

  @FieldResolver(() => GuaranteeAgency, { nullable: true, description: "The cheapest eligible guarantee agency the product would use; null when it needs none (推荐担保机构)." })
  guaranteeAgency(@Root() match: ProductMatch, @Ctx() ctx: Context): Promise<GuaranteeAgency | null> {
    return agencyOf(match.guaranteeAgencyId, ctx);
  }
}

@Resolver(() => NeedMatchEdge)
export class NeedMatchEdgeResolver {
  @FieldResolver(() => GuaranteeAgency, { nullable: true, description: "The cheapest eligible guarantee agency for this firm; null when the product needs none (推荐担保机构)." })
  guaranteeAgency(@Root() edge: NeedMatchEdge, @Ctx() ctx: Context): Promise<GuaranteeAgency | null> {
    return agencyOf(edge.guaranteeAgencyId, ctx);
  }
}

/** The reasons' sentences in the request's language (Accept-Language). */
@Resolver(() => MatchIneligibilityReason)
export class MatchIneligibilityReasonResolver {
  @FieldResolver(() => String)
  message(@Root() reason: MatchIneligibilityReason, @Ctx() ctx: Context): string {
    return reason.message.in(ctx.locale);
  }
}
