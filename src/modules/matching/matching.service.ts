import { In, type DataSource } from "typeorm";
import type { Config } from "../../config/config";
import { Role, type Viewer } from "../../domain/access";
import type { LocalDate } from "../../domain/dates";
import { NotFoundError, ValidationError } from "../../domain/errors";
import { isUuid } from "../../domain/ids";
import {
  evaluatePair,
  matchDate,
  pageOfNeeds,
  pageOfProducts,
  productRankKeyOf,
  rankKeyOf,
  rankProducts,
  resolveWeights,
  scoreAmong,
  type ComponentName,
  type MatchWeights,
  type PairEvaluation,
  type ProductRankKey,
  type RankKey,
  type ScoredMatch,
} from "../../domain/matching";
import { highestHeld } from "../../domain/tier";
import { pageSize } from "../../graphql/pagination";
import { applyScope, catalogueScope, needScope, productScope, type Scope } from "../auth/scopes";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { FinancingNeed } from "../need/financing-need.entity";
import { MatchingRepository, productFacts, type NeedFacts } from "./matching.repository";
import { msg } from "../../i18n";

/** Weights as a caller sends them: any subset of the components. */
export type WeightsInput = Partial<Record<ComponentName, number | null>> | null | undefined;

/** A ranked product for a need, with the entity GraphQL renders. */
export interface ProductMatchResult {
  match: ScoredMatch;
  product: LoanProduct;
}

/** A page of ranked products for a need (productMatches). */
export interface ProductMatchPage {
  edges: Array<ProductMatchResult & { cursor: string }>;
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** A page of ranked needs for a product. */
export interface NeedMatchPage {
  edges: Array<{ match: ScoredMatch; node: FinancingNeed; cursor: string }>;
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export const DEFAULT_MATCHES = 10;

/**
 * 智能匹配: ranks products for a need (the firm's view) and open needs for a product (the bank's
 * view) with the pure engine of src/domain/matching. Access (docs/access.md):
 * - matchesForNeed: the need's own FIRM, a BUREAU or REGULATOR for needs in its region, ADMIN.
 *   Banks and guarantors get NOT_FOUND: the list would show competitors' prices.
 * - matchingNeeds: the product's own BANK (and ADMIN), only over needs that bank may see.
 * - explainMatch: whoever may see the need and the product and has a list view: a FIRM, BUREAU,
 *   REGULATOR or ADMIN gets the pair as matchesForNeed ranks it, for any published product (the
 *   public catalogue, catalogueScope: one of another region fails REGION_NOT_SERVED like any rule);
 *   a BANK (own product, visible need) as matchingNeeds ranks it.
 * Every request runs a fixed number of SQL statements, whatever the number of candidates.
 */
export class MatchingService {
  private readonly repo: MatchingRepository;

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
  ) {
    this.repo = new MatchingRepository(ds);
  }

  /** The firm's view as a plain list (deprecated in the schema for productMatches). */
  async matchesForNeed(
    viewer: Viewer,
    needId: string,
    args: { first?: number | null; includeIneligible?: boolean | null; weights?: WeightsInput },
    today: LocalDate,
  ): Promise<ProductMatchResult[]> {
    const first = matchCount(args.first, this.config.maxPageSize);
    return (await this.productsForNeed(viewer, needId, args, today)).slice(0, first);
  }

  /** The firm's view as a connection: the same ranking, paged by (eligible, score, cost, product id). */
  async productMatches(
    viewer: Viewer,
    needId: string,
    args: { first?: number | null; after?: string | null; includeIneligible?: boolean | null; weights?: WeightsInput },
    today: LocalDate,
  ): Promise<ProductMatchPage> {
    const size = pageSize(args.first, this.config.maxPageSize);
    const after = args.after ? decodeProductCursor(args.after) : null;
    const ranked = await this.productsForNeed(viewer, needId, args, today);
    const entities = new Map(ranked.map((r) => [r.product.id, r.product]));
    const page = pageOfProducts(ranked.map((r) => r.match), after, size);
    return {
      edges: page.matches.map((match) => ({ match, product: entities.get(match.product.id)!, cursor: encodeCursor(productCursorParts(productRankKeyOf(match))) })),
      totalCount: ranked.length,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== null,
    };
  }

  /** The ranked products of a visible need: eligible ones, and the ineligible ones after them when asked for. */
  private async productsForNeed(
    viewer: Viewer,
    needId: string,
    args: { includeIneligible?: boolean | null; weights?: WeightsInput },
    today: LocalDate,
  ): Promise<ProductMatchResult[]> {
    const weights = resolveWeights(args.weights);
    if (viewer.role === Role.BANK || viewer.role === Role.GUARANTOR) throw new NotFoundError("FinancingNeed", needId, "needId");
    await this.requireVisibleNeed(viewer, needId);
    const includeIneligible = Boolean(args.includeIneligible);
    const ranked = await this.rankForNeed(needId, includeIneligible, weights, today, null);
    // The prefilter is only a necessary condition: drop what the rules reject unless asked for.
    return includeIneligible ? ranked : ranked.filter((r) => r.match.eligible);
  }

  async explainMatch(viewer: Viewer, needId: string, productId: string, weightsInput: WeightsInput, today: LocalDate): Promise<ProductMatchResult> {
    const weights = resolveWeights(weightsInput);
    if (viewer.role === Role.GUARANTOR) throw new NotFoundError("FinancingNeed", needId, "needId");
    await this.requireVisibleNeed(viewer, needId);
    // A published product is a public catalogue entry: a firm learns why it does not fit, wherever it is offered.
    const product = await this.productIn(catalogueScope(viewer, "p"), productId);
    if (viewer.role === Role.BANK) {
      const { candidates, extra } = await this.evaluateForProduct(product, today, needId);
      const target = extra ?? candidates.find((e) => e.need.id === needId)!;
      // The cost scale is the bank's list's: the candidates, without a need the list would not show.
      return { match: scoreAmong(target, candidates, weights), product };
    }
    const ranked = await this.rankForNeed(needId, false, weights, today, product);
    return ranked.find((r) => r.product.id === product.id)!;
  }

  async matchingNeeds(viewer: Viewer, productId: string, args: { first?: number | null; after?: string | null }, today: LocalDate): Promise<NeedMatchPage> {
    const size = pageSize(args.first, this.config.maxPageSize);
    const after = args.after ? decodeNeedCursor(args.after) : null;
    if (viewer.role !== Role.BANK && viewer.role !== Role.ADMIN) throw new NotFoundError("LoanProduct", productId, "productId");
    const product = await this.productIn(productScope(viewer, "p"), productId);
    const { candidates } = await this.evaluateForProduct(product, today, null);
    const page = pageOfNeeds(candidates, resolveWeights(null), after, size);
    const nodes = page.matches.length ? await this.ds.getRepository(FinancingNeed).findBy({ id: In(page.matches.map((m) => m.need.id)) }) : [];
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return {
      edges: page.matches.map((match) => {
        const key = rankKeyOf(match);
        return { match, node: byId.get(match.need.id)!, cursor: encodeCursor([key.score, key.totalBp, key.id]) };
      }),
      totalCount: page.eligibleCount,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== null,
    };
  }

  /** Ranks the candidate products of one need; `extra` is evaluated even if the prefilter drops it. */
  private async rankForNeed(
    needId: string,
    includeIneligible: boolean,
    weights: Readonly<MatchWeights>,
    today: LocalDate,
    extra: LoanProduct | null,
  ): Promise<ProductMatchResult[]> {
    const facts = await this.repo.needFacts(needId);
    if (!facts) throw new NotFoundError("FinancingNeed", needId, "needId");
    const on = matchDate(facts.need, today);
    const [products, market] = await Promise.all([
      this.repo.candidateProducts(facts, highestHeld(facts.firm.certifications, on), on, includeIneligible),
      this.repo.market({ firmRegionCode: facts.firm.regionCode }),
    ]);
    if (extra && !products.some((p) => p.id === extra.id)) products.push(extra);
    const entities = new Map(products.map((p) => [p.id, p]));
    const { need, firm, renewalLoan } = facts;
    const evaluations = products.map((p) => evaluatePair({ need, firm, renewalLoan, product: productFacts(p), market, today }));
    return rankProducts(evaluations, weights).map((match) => ({ match, product: entities.get(match.product.id)! }));
  }

  /**
   * Evaluates the candidate open needs of one product, and `extraNeedId` (as `extra`) when the
   * prefilter does not list it.
   */
  private async evaluateForProduct(
    product: LoanProduct,
    today: LocalDate,
    extraNeedId: string | null,
  ): Promise<{ candidates: PairEvaluation[]; extra: PairEvaluation | null }> {
    const facts = productFacts(product);
    const [needs, market] = await Promise.all([this.repo.candidateNeeds(facts, today), this.repo.market({ institutionIds: [facts.institutionId] })]);
    // The input is written out, not spread from `n`: a spread object per candidate made V8 treat the
    // inputs as slow objects, and evaluation 3 times slower (15 → 4.5 ms for 3,373 candidates).
    const evaluate = (n: NeedFacts) => evaluatePair({ need: n.need, firm: n.firm, renewalLoan: n.renewalLoan, product: facts, market, today });
    const extraFacts = extraNeedId !== null && !needs.some((n) => n.need.id === extraNeedId) ? await this.repo.needFacts(extraNeedId) : null;
    return { candidates: needs.map(evaluate), extra: extraFacts && evaluate(extraFacts) };
  }

  private async requireVisibleNeed(viewer: Viewer, needId: string): Promise<void> {
    const visible =
      isUuid(needId) &&
      (await applyScope(this.ds.getRepository(FinancingNeed).createQueryBuilder("n"), needScope(viewer, "n"))
        .andWhere("n.id = :needId", { needId })
        .getExists());
    if (!visible) throw new NotFoundError("FinancingNeed", needId, "needId");
  }

  /** The product, when `scope` lets the caller see it; NOT_FOUND otherwise (ids cannot be probed). */
  private async productIn(scope: Scope, productId: string): Promise<LoanProduct> {
    const product = isUuid(productId)
      ? await applyScope(this.ds.getRepository(LoanProduct).createQueryBuilder("p").leftJoinAndSelect("p.tierDiscounts", "td"), scope)
          .andWhere("p.id = :productId", { productId })
          .getOne()
      : null;
    if (!product) throw new NotFoundError("LoanProduct", productId, "productId");
    return product;
  }
}

function matchCount(first: number | null | undefined, max: number): number {
  const n = first ?? DEFAULT_MATCHES;
  if (!Number.isInteger(n) || n < 1 || n > max) throw ValidationError.single("first", "page.size", msg("page.size", { max, got: n }));
  return n;
}

/** Rank cursors are the key's parts as a base64url JSON array. */
function encodeCursor(parts: ReadonlyArray<number | string>): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

/** BAD_USER_INPUT for an `after` that `query` did not return. */
function badCursor(query: string): ValidationError {
  return ValidationError.single("after", "cursor.format", msg("cursor.format", { query }));
}

/** A cursor's numbers and its final UUID, when it has `length` parts of that shape; else BAD_USER_INPUT naming `query`. */
function decodeCursor(cursor: string, length: number, query: string): { numbers: number[]; id: string } {
  const refuse = () => badCursor(query);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parts) || parts.length !== length) throw refuse();
  const id = parts[length - 1];
  const numbers = parts.slice(0, length - 1);
  if (typeof id !== "string" || !isUuid(id) || !numbers.every((n) => typeof n === "number" && Number.isFinite(n))) throw refuse();
  return { numbers: numbers as number[], id };
}

function decodeNeedCursor(cursor: string): RankKey {
  const { numbers, id } = decodeCursor(cursor, 3, "matchingNeeds");
  return { score: numbers[0]!, totalBp: numbers[1]!, id };
}

function productCursorParts(key: ProductRankKey): Array<number | string> {
  return [key.eligible ? 1 : 0, key.score, key.totalBp, key.id];
}

function decodeProductCursor(cursor: string): ProductRankKey {
  const { numbers, id } = decodeCursor(cursor, 4, "productMatches");
  const [eligible, score, totalBp] = numbers;
  if (eligible !== 0 && eligible !== 1) throw badCursor("productMatches");
  return { eligible: eligible === 1, score: score!, totalBp: totalBp!, id };
}
