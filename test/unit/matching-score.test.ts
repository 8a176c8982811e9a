import {
  CertificationLevel as L,
  CertificationTier as T,
  CollateralType as C,
  FinancingPurpose as P,
  FirmSize,
  LoanProductCategory as Cat,
  LoanProductStatus,
  LprTenor,
} from "../../src/domain/enums";
import {
  COMPONENT_ORDER,
  ComponentName as N,
  DEFAULT_WEIGHTS,
  MAX_WEIGHT,
  compareMatches,
  costRange,
  evaluatePair,
  isAfter,
  rankKeyOf,
  rankNeeds,
  pageOfNeeds,
  pageOfProducts,
  productRankKeyOf,
  scoreAmong,
  scoreValue,
  rankProducts,
  resolveWeights,
  scoreEvaluation,
  type MatchWeights,
  type PairEvaluation,
  type ScoredMatch,
} from "../../src/domain/matching";
import { wan } from "../../src/domain/money";
import { violationPairs } from "../support/violations";
import {
  NEEDED_BY,
  TODAY,
  agency,
  agreement,
  cert,
  market,
  evaluate,
  firm,
  fixedPricing,
  lprPricing,
  need,
  pick,
  prng,
  product,
  shuffled,
} from "./matching-builders";

/** Score and order (DOMAIN.md "Matching" §3–4). */

const only = (name: N, weight = 1): MatchWeights =>
  Object.fromEntries(COMPONENT_ORDER.map((n) => [n, n === name ? weight : 0])) as MatchWeights;
const componentOf = (m: ScoredMatch, name: N) => m.components.find((c) => c.name === name)!;
/** Scores one evaluation alone (it is its own cost range). */
const scoreAlone = (e: PairEvaluation, weights: MatchWeights = DEFAULT_WEIGHTS) => scoreEvaluation(e, costRange([e]), weights);
const valueOf = (e: PairEvaluation, name: N) => componentOf(scoreAlone(e), name).value;
const ids = (ms: ScoredMatch[]) => ms.map((m) => m.product.id);

/**
 * A generated pair: every fact drawn from a small, realistic range; each fact is compatible with
 * the others most of the time, so about a third of the pairs are eligible.
 */
function generatedPair(rand: () => number, i: number): PairEvaluation {
  const usually = <A, B>(fits: A, other: B): A | B => (rand() < 0.85 ? fits : other);
  const minAmount = pick(rand, [10, 100, 300]);
  const maxAmount = minAmount + pick(rand, [0, 200, 1000, 3000]);
  const minTerm = pick(rand, [1, 6, 12]);
  const maxTerm = minTerm + pick(rand, [0, 12, 48]);
  const purpose = pick(rand, [P.WORKING_CAPITAL, P.R_AND_D, P.SUPPLY_CHAIN, P.FIXED_ASSETS, P.TECH_UPGRADE]);
  const amount = pick(rand, [minAmount, maxAmount, Math.round((minAmount + maxAmount) / 2)]);
  return evaluatePair({
    today: TODAY,
    renewalLoan: null,
    firm: firm({
      regionCode: usually("140502", pick(rand, ["330106", "530102"])),
      size: pick(rand, Object.values(FirmSize)),
      pairedBankId: pick(rand, [null, "bank-1", "bank-2"]),
      certifications: usually(
        pick(rand, [[cert()], [cert({ tier: T.SPECIALIZED_SME, level: L.PROVINCIAL })], [cert({ tier: T.SINGLE_CHAMPION })]]),
        pick(rand, [[], [cert({ expiresOn: "2026-01-01" })]]),
      ),
    }),
    need: need({
      id: `need-${i}`,
      amountFen: usually(wan(amount), wan(maxAmount + 1)),
      termMonths: usually(pick(rand, [minTerm, maxTerm]), maxTerm + 1),
      purpose,
      collateralOffered: pick(rand, [[], [C.REAL_ESTATE], [C.INTELLECTUAL_PROPERTY, C.RECEIVABLES]]),
      maxAnnualRateBp: usually(null, pick(rand, [300, 400])),
      neededBy: pick(rand, ["2026-01-15", TODAY, "2026-03-05", NEEDED_BY, "2026-09-01"]),
    }),
    product: product({
      id: `product-${i}`,
      institutionId: pick(rand, ["bank-1", "bank-2", "bank-3"]),
      category: usually(
        pick(rand, [Cat.SRDI_LOAN, Cat.CREDIT_LOAN, Cat.IP_PLEDGE_LOAN, Cat.RECEIVABLES_FINANCING, Cat.FACTORY_LOAN, Cat.RISK_SHARING_LOAN]),
        pick(rand, Object.values(Cat)),
      ),
      minTier: pick(rand, [null, T.SPECIALIZED_SME, T.LITTLE_GIANT]),
      minLevel: pick(rand, [null, null, L.PROVINCIAL, L.NATIONAL]),
      servedRegionCodes: [usually("140500", "330000")],
      minAmountFen: wan(minAmount),
      maxAmountFen: wan(maxAmount),
      minTermMonths: minTerm,
      maxTermMonths: maxTerm,
      purposes: usually([purpose, P.WORKING_CAPITAL], [P.RENEWAL]),
      acceptedCollateral: pick(rand, [[C.NONE], [C.NONE], [C.REAL_ESTATE], [C.INTELLECTUAL_PROPERTY], [C.RECEIVABLES, C.EQUIPMENT]]),
      pricing: pick(rand, [fixedPricing(Math.floor(rand() * 600)), lprPricing(Math.floor(rand() * 200) - 50)]),
      approvalDays: 1 + Math.floor(rand() * 60),
      greenChannel: rand() < 0.3,
      tierDiscounts: [{ tier: T.LITTLE_GIANT, discountBp: Math.floor(rand() * 60) }],
    }),
    market: { lprRates: usually([{ tenor: LprTenor.ONE_YEAR, effectiveOn: "2025-01-01", rateBp: 300 }], []), policies: [], agencies: [], agreements: [] },
  });
}

describe("score bounds over generated candidate sets", () => {
  const rand = prng(20260301);
  const sets = Array.from({ length: 60 }, (_, s) => Array.from({ length: 8 }, (_, i) => generatedPair(rand, s * 100 + i)));
  const weightSets: MatchWeights[] = [
    DEFAULT_WEIGHTS,
    only(N.COST),
    { COST: 1000, SPEED: 0, FIT: 7, TIER: 0, COLLATERAL: 3, RELATIONSHIP: 1 },
    { COST: 0, SPEED: 0, FIT: 0, TIER: 0, COLLATERAL: 0, RELATIONSHIP: 0 },
  ];

  it("generates both eligible and ineligible pairs", () => {
    const all = sets.flat();
    expect(all.filter((e) => e.eligible).length).toBeGreaterThan(all.length / 10);
    expect(all.filter((e) => !e.eligible).length).toBeGreaterThan(all.length / 10);
  });

  it.each(weightSets.map((w, i) => [i, w] as const))("weights #%i: score in [0, 100], 2 decimals; ineligible 0; 6 components in [0, 1]", (_i, weights) => {
    const totalWeight = COMPONENT_ORDER.reduce((s, n) => s + weights[n], 0);
    for (const set of sets) {
      for (const m of rankProducts(set, weights)) {
        expect(m.score).toBeGreaterThanOrEqual(0);
        expect(m.score).toBeLessThanOrEqual(100);
        expect(Math.round(m.score * 100) / 100).toBe(m.score);
        if (!m.eligible) expect(m.score).toBe(0);
        expect(m.components.map((c) => c.name)).toEqual(COMPONENT_ORDER);
        for (const c of m.components) {
          expect(c.value).toBeGreaterThanOrEqual(0);
          expect(c.value).toBeLessThanOrEqual(1);
          expect(c.weight).toBe(weights[c.name]);
          expect(c.explanation.length).toBeGreaterThan(0);
        }
        if (m.eligible && totalWeight > 0) {
          const expected = (100 * m.components.reduce((s, c) => s + c.weight * c.value, 0)) / totalWeight;
          expect(m.score).toBeCloseTo(expected, 2);
        }
      }
    }
  });
});

describe("components and default weights", () => {
  it("six components in COMPONENT_ORDER, default weights summing to 100", () => {
    expect(COMPONENT_ORDER).toEqual([N.COST, N.SPEED, N.FIT, N.TIER, N.COLLATERAL, N.RELATIONSHIP]);
    expect(Object.keys(DEFAULT_WEIGHTS).sort()).toEqual([...COMPONENT_ORDER].sort());
    expect(COMPONENT_ORDER.reduce((s, n) => s + DEFAULT_WEIGHTS[n], 0)).toBe(100);
    const m = scoreAlone(evaluate());
    expect(m.components.map((c) => [c.name, c.weight])).toEqual(COMPONENT_ORDER.map((n) => [n, DEFAULT_WEIGHTS[n]]));
  });

  it("an ineligible pair scores 0 but keeps its explained components", () => {
    const m = scoreAlone(evaluate({ product: product({ status: LoanProductStatus.ARCHIVED }) }));
    expect(m.eligible).toBe(false);
    expect(m.score).toBe(0);
    expect(m.components).toHaveLength(6);
  });

  it("all weights zero gives 0 rather than NaN", () => {
    expect(scoreAlone(evaluate(), only(N.COST, 0)).score).toBe(0);
  });
});

describe("COST: relative to the eligible candidates", () => {
  const at = (id: string, bp: number, extra = {}) => evaluate({ product: product({ id, pricing: fixedPricing(bp), ...extra }) });

  it("cheapest 1, dearest 0, linear in between", () => {
    const ranked = rankProducts([at("p-300", 300), at("p-350", 350), at("p-400", 400)]);
    expect(Object.fromEntries(ranked.map((m) => [m.product.id, componentOf(m, N.COST).value]))).toEqual({ "p-300": 1, "p-350": 0.5, "p-400": 0 });
  });

  it("a single candidate scores 1", () => {
    expect(componentOf(rankProducts([at("p-400", 400)])[0]!, N.COST).value).toBe(1);
  });

  it("candidates at one price all score 1", () => {
    expect(rankProducts([at("a", 350), at("b", 350)]).map((m) => componentOf(m, N.COST).value)).toEqual([1, 1]);
  });

  it("an ineligible cheaper product does not move the scale", () => {
    const cheapArchived = at("p-100", 100, { status: LoanProductStatus.ARCHIVED });
    const range = costRange([cheapArchived, at("p-300", 300), at("p-400", 400)]);
    expect(range).toEqual({ minBp: 300, maxBp: 400 });
    const ranked = rankProducts([cheapArchived, at("p-300", 300), at("p-400", 400)]);
    expect(componentOf(ranked.find((m) => m.product.id === "p-300")!, N.COST).value).toBe(1);
  });

  it("no price: COST 0", () => {
    const e = evaluate({ market: { lprRates: [], policies: [], agencies: [], agreements: [] } });
    expect(valueOf(e, N.COST)).toBe(0);
  });
});

describe("SPEED: approval days against the days available (31 by default)", () => {
  it.each<[string, number, boolean, string, number]>([
    ["10 days of 31", 10, false, NEEDED_BY, 0.8387],
    ["31 days of 31", 31, false, NEEDED_BY, 0.5],
    ["62 days of 31", 62, false, NEEDED_BY, 0.25],
    ["green channel adds 0.2", 62, true, NEEDED_BY, 0.45],
    ["green channel is capped at 1", 1, true, NEEDED_BY, 1],
    ["money already due, 10 days", 10, false, TODAY, 0],
    ["money already due, green channel", 10, true, "2026-02-01", 0.2],
  ])("%s", (_name, approvalDays, greenChannel, neededBy, expected) => {
    expect(valueOf(evaluate({ product: product({ approvalDays, greenChannel }), need: need({ neededBy }) }), N.SPEED)).toBe(expected);
  });
});

describe("approval.waiverCounts: a 总对总 waiver of due diligence (见担即贷) shortens the approval", () => {
  const withAgreement = (waiverApprovalDays: number | null, approvalDays = 20) =>
    evaluate({
      product: product({ requiresGuarantee: true, approvalDays }),
      market: market({ agencies: [agency()], agreements: [agreement({ waiverApprovalDays })] }),
    });

  it("the agreement's days replace the product's, and SPEED and the score rise", () => {
    const without = withAgreement(null);
    const waived = withAgreement(3);
    expect([without.estimatedApprovalDays, waived.estimatedApprovalDays]).toEqual([20, 3]);
    expect(valueOf(without, N.SPEED)).toBe(0.6774); // 1 − 0.5 × 20/31
    expect(valueOf(waived, N.SPEED)).toBe(0.9516); // 1 − 0.5 × 3/31
    const explained = scoreEvaluation(waived, null, DEFAULT_WEIGHTS);
    expect(explained.components.find((c) => c.name === N.SPEED)!.explanation).toContain("3 days instead of the product's 20");
    expect(explained.score).toBeGreaterThan(scoreEvaluation(without, null, DEFAULT_WEIGHTS).score);
  });

  it("never slower than the product itself", () => {
    expect(withAgreement(30).estimatedApprovalDays).toBe(20);
  });

  it("only through the guarantee the engine uses: a product without a guarantee keeps its days", () => {
    const e = evaluate({ product: product({ approvalDays: 20 }), market: market({ agencies: [agency()], agreements: [agreement({ waiverApprovalDays: 3 })] }) });
    expect(e.guarantee).toBeNull();
    expect(e.estimatedApprovalDays).toBe(20);
  });
});

describe("FIT: purpose, amount and term", () => {
  it.each<[string, Cat, P, bigint, number, number]>([
    ["designed for the purpose, centred", Cat.CREDIT_LOAN, P.WORKING_CAPITAL, wan(550), 21, 1],
    ["designed for the purpose, at both bounds", Cat.CREDIT_LOAN, P.WORKING_CAPITAL, wan(100), 36, 0.75],
    ["general purpose 专精特新贷, centred", Cat.SRDI_LOAN, P.WORKING_CAPITAL, wan(550), 21, 0.875],
    ["allowed but not designed for it, centred", Cat.FACTORY_LOAN, P.WORKING_CAPITAL, wan(550), 21, 0.75],
    ["应收账款 for supply chain", Cat.RECEIVABLES_FINANCING, P.SUPPLY_CHAIN, wan(550), 21, 1],
    ["郑科贷 for R&D", Cat.RISK_SHARING_LOAN, P.R_AND_D, wan(550), 21, 1],
  ])("%s", (_name, category, purpose, amountFen, termMonths, expected) => {
    const e = evaluate({ product: product({ category, purposes: [purpose] }), need: need({ purpose, amountFen, termMonths }) });
    expect(valueOf(e, N.FIT)).toBe(expected);
  });

  it("a single-point range fits fully", () => {
    const e = evaluate({ product: product({ minAmountFen: wan(800), maxAmountFen: wan(800), minTermMonths: 12, maxTermMonths: 12 }) });
    expect(valueOf(e, N.FIT)).toBe(1);
  });
});

describe("TIER: products reserved for higher tiers rank higher for firms that hold them", () => {
  const tierValue = (minTier: T | null, minLevel: L | null, held = [cert()]) =>
    valueOf(evaluate({ product: product({ minTier, minLevel }), firm: firm({ certifications: held }) }), N.TIER);

  it("is monotonic in the product's minimum", () => {
    const values = [tierValue(null, null), tierValue(T.INNOVATIVE_SME, null), tierValue(T.SPECIALIZED_SME, null), tierValue(T.LITTLE_GIANT, null), tierValue(T.LITTLE_GIANT, L.NATIONAL)];
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
  });

  it("is higher for a firm of a higher standing on an open product", () => {
    expect(tierValue(null, null, [cert()])).toBeGreaterThan(tierValue(null, null, [cert({ tier: T.SPECIALIZED_SME })]));
    expect(tierValue(null, null, [cert({ tier: T.SPECIALIZED_SME })])).toBeGreaterThan(tierValue(null, null, []));
  });

  it.each<[string, T | null, L | null, ReturnType<typeof cert>[], number]>([
    ["open product, uncertified firm", null, null, [], 0],
    ["open product, 国家级小巨人", null, null, [cert()], 0.4063],
    ["国家级小巨人 product, 国家级小巨人", T.LITTLE_GIANT, L.NATIONAL, [cert()], 0.8125],
    ["单项冠军 product, 国家级单项冠军", T.SINGLE_CHAMPION, L.NATIONAL, [cert({ tier: T.SINGLE_CHAMPION })], 1],
  ])("%s", (_name, minTier, minLevel, held, expected) => {
    expect(tierValue(minTier, minLevel, held)).toBe(expected);
  });
});

describe("COLLATERAL: credit beats collateral", () => {
  it.each<[string, C[], C[], number]>([
    ["pure credit", [C.NONE], [], 1],
    ["credit accepted, collateral offered anyway", [C.NONE, C.REAL_ESTATE], [C.REAL_ESTATE], 1],
    ["IP pledge", [C.INTELLECTUAL_PROPERTY], [C.INTELLECTUAL_PROPERTY], 0.5],
    ["receivables", [C.RECEIVABLES], [C.RECEIVABLES], 0.5],
    ["movable assets", [C.MOVABLE_ASSETS], [C.MOVABLE_ASSETS], 0.5],
    ["real estate", [C.REAL_ESTATE], [C.REAL_ESTATE], 0.25],
    ["equipment", [C.EQUIPMENT], [C.EQUIPMENT, C.REAL_ESTATE], 0.25],
    ["a light pledge wins when both are usable", [C.REAL_ESTATE, C.INTELLECTUAL_PROPERTY], [C.REAL_ESTATE, C.INTELLECTUAL_PROPERTY], 0.5],
    ["nothing usable (ineligible)", [C.REAL_ESTATE], [C.EQUITY], 0],
  ])("%s", (_name, acceptedCollateral, collateralOffered, expected) => {
    expect(valueOf(evaluate({ product: product({ acceptedCollateral }), need: need({ collateralOffered }) }), N.COLLATERAL)).toBe(expected);
  });
});

describe("RELATIONSHIP: the paired bank (结对银行)", () => {
  it.each<[string, string | null, number]>([
    ["paired with the product's bank", "bank-1", 1],
    ["paired with another bank", "bank-2", 0],
    ["not paired", null, 0],
  ])("%s", (_name, pairedBankId, expected) => {
    expect(valueOf(evaluate({ firm: firm({ pairedBankId }) }), N.RELATIONSHIP)).toBe(expected);
  });
});

describe("custom weights change the order", () => {
  // The firm is paired with bank-2; bank-1's product is cheaper.
  const candidates = () => [
    evaluate({ firm: firm({ pairedBankId: "bank-2" }), product: product({ id: "p-cheap", institutionId: "bank-1", pricing: fixedPricing(300) }) }),
    evaluate({ firm: firm({ pairedBankId: "bank-2" }), product: product({ id: "p-paired", institutionId: "bank-2", pricing: fixedPricing(400) }) }),
  ];
  it.each<[string, MatchWeights, string[]]>([
    ["only RELATIONSHIP puts the paired bank first", only(N.RELATIONSHIP), ["p-paired", "p-cheap"]],
    ["only COST puts the cheapest first", only(N.COST), ["p-cheap", "p-paired"]],
    ["defaults: 30 cost points outweigh 10 relationship points", DEFAULT_WEIGHTS, ["p-cheap", "p-paired"]],
    ["relationship weighted above cost", resolveWeights({ RELATIONSHIP: 40 }), ["p-paired", "p-cheap"]],
  ])("%s", (_name, weights, expected) => {
    expect(ids(rankProducts(candidates(), weights))).toEqual(expected);
  });

  it("scaling all weights does not change scores", () => {
    const doubled = Object.fromEntries(COMPONENT_ORDER.map((n) => [n, DEFAULT_WEIGHTS[n] * 2])) as MatchWeights;
    expect(rankProducts(candidates(), doubled).map((m) => m.score)).toEqual(rankProducts(candidates()).map((m) => m.score));
  });
});

describe("resolveWeights", () => {
  it("null and undefined give the defaults (a copy)", () => {
    expect(resolveWeights(null)).toEqual(DEFAULT_WEIGHTS);
    expect(resolveWeights(undefined)).toEqual(DEFAULT_WEIGHTS);
    expect(resolveWeights(null)).not.toBe(DEFAULT_WEIGHTS);
  });

  it("a partial override keeps the other defaults; null means default", () => {
    expect(resolveWeights({ COST: 50, SPEED: null })).toEqual({ ...DEFAULT_WEIGHTS, COST: 50 });
  });

  it.each<[string, Partial<Record<N, number>>, Array<[string, string]>]>([
    ["0 is allowed", { COST: 0 }, []],
    ["1000 is allowed", { COST: MAX_WEIGHT }, []],
    ["1001", { COST: MAX_WEIGHT + 1 }, [["weights.cost", "weight.range"]]],
    ["negative", { SPEED: -1 }, [["weights.speed", "weight.range"]]],
    ["not an integer", { FIT: 1.5 }, [["weights.fit", "weight.range"]]],
    ["NaN", { TIER: Number.NaN }, [["weights.tier", "weight.range"]]],
    ["Infinity", { COLLATERAL: Number.POSITIVE_INFINITY }, [["weights.collateral", "weight.range"]]],
    ["every bad field at once", { COST: -1, RELATIONSHIP: 2000 }, [["weights.cost", "weight.range"], ["weights.relationship", "weight.range"]]],
    ["all zero", { COST: 0, SPEED: 0, FIT: 0, TIER: 0, COLLATERAL: 0, RELATIONSHIP: 0 }, [["weights", "weight.sum"]]],
    ["all zero but one", { COST: 0, SPEED: 0, FIT: 0, TIER: 0, COLLATERAL: 0, RELATIONSHIP: 1 }, []],
  ])("%s", (_name, input, expected) => {
    expect(violationPairs(() => resolveWeights(input))).toEqual(expected);
  });

  it("names fields under the caller's prefix, as BAD_USER_INPUT", () => {
    expect(violationPairs(() => resolveWeights({ COST: -5 }, "input.weights"))).toEqual([["input.weights.cost", "weight.range"]]);
    try {
      resolveWeights({ COST: -5 });
      throw new Error("expected a ValidationError");
    } catch (e) {
      expect((e as { code?: string }).code).toBe("BAD_USER_INPUT");
    }
  });
});

describe("order", () => {
  const at = (id: string, bp: number, extra = {}) => evaluate({ product: product({ id, pricing: fixedPricing(bp), ...extra }) });

  it("equal scores: cost ascending, then product id", () => {
    const ranked = rankProducts([at("p-b", 350), at("p-c", 300), at("p-a", 350)], only(N.RELATIONSHIP));
    expect(ranked.map((m) => m.score)).toEqual([0, 0, 0]);
    expect(ids(ranked)).toEqual(["p-c", "p-a", "p-b"]);
  });

  it("eligible before ineligible, even at the same score and a lower cost; no price last", () => {
    const noPrice = evaluate({ product: product({ id: "p-0" }), market: { lprRates: [], policies: [], agencies: [], agreements: [] } });
    const ranked = rankProducts([at("p-archived", 100, { status: LoanProductStatus.ARCHIVED }), noPrice, at("p-dear", 900)], only(N.RELATIONSHIP));
    expect(ids(ranked)).toEqual(["p-dear", "p-archived", "p-0"]);
    expect(ranked.map((m) => m.score)).toEqual([0, 0, 0]);
  });

  it("score before cost", () => {
    const ranked = rankProducts([at("p-cheap", 300), at("p-green", 310, { greenChannel: true })], only(N.SPEED));
    expect(ids(ranked)).toEqual(["p-green", "p-cheap"]);
  });

  it("is deterministic: shuffled input gives the same order", () => {
    const rand = prng(7);
    const set = Array.from({ length: 40 }, (_, i) => generatedPair(rand, i));
    // Add exact duplicates under other ids so that ties need the id rule.
    const withTwins = [...set, ...set.slice(0, 10).map((e) => ({ ...e, product: { ...e.product, id: `${e.product.id}-twin` } }))];
    const expected = ids(rankProducts(withTwins));
    for (let k = 0; k < 20; k++) expect(ids(rankProducts(shuffled(rand, withTwins)))).toEqual(expected);
  });

  it("compareMatches is antisymmetric and transitive over a generated set", () => {
    const rand = prng(11);
    const scored = rankProducts(Array.from({ length: 30 }, (_, i) => generatedPair(rand, i)));
    const cmp = compareMatches((m) => m.product.id);
    for (const a of scored) {
      expect(cmp(a, a)).toBe(0);
      for (const b of scored) expect(Math.sign(cmp(a, b)) + Math.sign(cmp(b, a))).toBe(0);
    }
    for (let i = 1; i < scored.length; i++) expect(cmp(scored[i - 1]!, scored[i]!)).toBeLessThan(0);
  });
});

describe("the firm's view paged: pageOfProducts after any key equals slicing the ranking", () => {
  const rand = prng(5301);
  // Products that often tie (few distinct terms) and some that fail (amount above their maximum, no price).
  const ranked = rankProducts(
    Array.from({ length: 40 }, (_, i) =>
      evaluate({
        product: product({
          id: `product-${String(i).padStart(2, "0")}`,
          pricing: pick(rand, [fixedPricing(350), fixedPricing(380), lprPricing(50)]),
          maxAmountFen: wan(pick(rand, [1000, 1000, 500])),
          approvalDays: pick(rand, [5, 10]),
        }),
        market: market({ lprRates: pick(rand, [[{ tenor: LprTenor.ONE_YEAR, effectiveOn: "2025-01-01", rateBp: 300 }], []]) }),
      }),
    ),
  );

  it("covers eligible and ineligible entries, with ties", () => {
    expect(ranked.some((m) => m.eligible) && ranked.some((m) => !m.eligible) && ranked.some((m) => m.cost === null)).toBe(true);
    expect(new Set(ranked.map((m) => `${m.eligible}/${m.score}/${m.cost?.totalBp}`)).size).toBeLessThan(ranked.length);
  });

  it.each([1, 3, 7])("pages of %i", (size) => {
    expect(pageOfProducts(ranked, null, size)).toEqual({ matches: ranked.slice(0, size), hasNextPage: ranked.length > size });
    ranked.forEach((m, i) => {
      expect(pageOfProducts(ranked, productRankKeyOf(m), size)).toEqual({ matches: ranked.slice(i + 1, i + 1 + size), hasNextPage: ranked.length > i + 1 + size });
    });
  });
});

describe("the bank's view: rankNeeds, rankKeyOf and isAfter", () => {
  // One product; needs of firms that differ in few ways, so scores and costs often tie.
  const rand = prng(4101);
  const theProduct = product({ id: "product-x", minAmountFen: wan(100), maxAmountFen: wan(3000), tierDiscounts: [{ tier: T.LITTLE_GIANT, discountBp: 20 }] });
  const evaluations = Array.from({ length: 80 }, (_, i) =>
    evaluatePair({
      today: TODAY,
      renewalLoan: null,
      product: theProduct,
      firm: firm({ id: `firm-${i}`, pairedBankId: pick(rand, [null, "bank-1"]), certifications: pick(rand, [[cert()], [cert({ tier: T.SPECIALIZED_SME })]]) }),
      need: need({
        id: `need-${String(i).padStart(3, "0")}`,
        firmId: `firm-${i}`,
        amountFen: wan(pick(rand, [50, 500, 800, 3000])),
        termMonths: pick(rand, [12, 24]),
        neededBy: pick(rand, [NEEDED_BY, "2026-06-01"]),
      }),
      market: { lprRates: [{ tenor: LprTenor.ONE_YEAR, effectiveOn: "2025-01-01", rateBp: 300 }], policies: [], agencies: [], agreements: [] },
    }),
  );

  it("ties are broken by need id", () => {
    const ranked = rankNeeds(evaluations);
    for (let i = 1; i < ranked.length; i++) {
      const [a, b] = [ranked[i - 1]!, ranked[i]!];
      if (a.eligible === b.eligible && a.score === b.score && a.cost?.totalBp === b.cost?.totalBp) expect(a.need.id < b.need.id).toBe(true);
    }
    expect(new Set(ranked.map((m) => m.score)).size).toBeLessThan(ranked.length);
  });

  it("every eligible item after a key isAfter it, none at or before it", () => {
    const eligible = rankNeeds(evaluations).filter((m) => m.eligible);
    expect(eligible.length).toBeGreaterThan(10);
    eligible.forEach((m, i) => {
      const key = rankKeyOf(m);
      expect(key).toEqual({ score: m.score, totalBp: m.cost!.totalBp, id: m.need.id });
      eligible.forEach((other, j) => expect(isAfter(other, key)).toBe(j > i));
    });
  });

  it("shuffled input ranks the same", () => {
    const expected = rankNeeds(evaluations).map((m) => m.need.id);
    expect(rankNeeds(shuffled(prng(1), evaluations)).map((m) => m.need.id)).toEqual(expected);
  });

  it("pageOfNeeds gives exactly the slice of rankNeeds' eligible entries after the cursor, for every cursor and page size", () => {
    const eligible = rankNeeds(evaluations).filter((m) => m.eligible);
    const cursors = [null, ...eligible.map(rankKeyOf)];
    for (const size of [1, 7, 20, 100]) {
      cursors.forEach((after, i) => {
        const page = pageOfNeeds(shuffled(prng(size + i), evaluations), DEFAULT_WEIGHTS, after, size);
        const expected = eligible.slice(i, i + size);
        expect(page.matches).toEqual(expected); // scores, costs and explained components alike
        expect(page.eligibleCount).toBe(eligible.length);
        expect(page.hasNextPage).toBe(i + size < eligible.length);
      });
    }
  });

  it("scoreValue is the score of scoreEvaluation, without the sentences", () => {
    // Also over products that vary every component: collateral kinds, green channel, tier targeting, pricing.
    const variants = [
      theProduct,
      product({ id: "product-y", acceptedCollateral: [C.RECEIVABLES, C.REAL_ESTATE], greenChannel: true, minTier: T.SPECIALIZED_SME, minAmountFen: wan(50) }),
      product({ id: "product-z", acceptedCollateral: [C.REAL_ESTATE], approvalDays: 90, minTier: T.INNOVATIVE_SME, minLevel: L.PROVINCIAL, maxAmountFen: wan(5000) }),
    ];
    const varied = variants.flatMap((p) =>
      evaluations.map((e, i) =>
        evaluatePair({
          today: TODAY,
          renewalLoan: null,
          product: p,
          firm: e.firm,
          need: { ...e.need, collateralOffered: pick(prng(i), [[], [C.RECEIVABLES], [C.REAL_ESTATE], [C.REAL_ESTATE, C.INTELLECTUAL_PROPERTY]]) },
          market: { lprRates: [{ tenor: LprTenor.ONE_YEAR, effectiveOn: "2025-01-01", rateBp: 300 }], policies: [], agencies: [], agreements: [] },
        }),
      ),
    );
    const collateralValues = new Set(varied.filter((e) => e.eligible).map((e) => scoreEvaluation(e, null, DEFAULT_WEIGHTS).components.find((c) => c.name === "COLLATERAL")!.value));
    expect(collateralValues).toEqual(new Set([1, 0.5, 0.25])); // credit, a rights pledge, a mortgage (none usable is ineligible)
    for (const list of [evaluations, varied]) {
      const range = costRange(list);
      for (const weights of [DEFAULT_WEIGHTS, { ...DEFAULT_WEIGHTS, COST: 0, RELATIONSHIP: 500 }, { ...DEFAULT_WEIGHTS, SPEED: 7, TIER: 999 }]) {
        for (const e of list) expect(scoreValue(e, range, weights)).toBe(scoreEvaluation(e, range, weights).score);
      }
    }
  });

  it("scoreAmong scores one pair as its entry in the ranked list", () => {
    const ranked = rankNeeds(evaluations);
    for (const e of evaluations.slice(0, 20)) {
      expect(scoreAmong(e, evaluations)).toEqual(ranked.find((m) => m.need.id === e.need.id));
    }
  });
});
