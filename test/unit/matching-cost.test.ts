import { addDays } from "../../src/domain/dates";
import {
  CertificationLevel as L,
  CertificationTier as T,
  IncentiveKind as K,
  LoanProductCategory as Cat,
  LprTenor,
} from "../../src/domain/enums";
import {
  IneligibilityCode as Code,
  cheapestGuarantee,
  costOf,
  evaluatePair,
  subsidiesBp,
  type CostBreakdown,
  type MatchFirm,
  type MatchPolicy,
} from "../../src/domain/matching";
import { wan } from "../../src/domain/money";
import {
  LPR_2026,
  NEEDED_BY,
  TODAY,
  agency,
  agreement,
  cert,
  firm,
  fixedPricing,
  guaranteedPair,
  lprPricing,
  market,
  need,
  pair,
  policy,
  product,
  type PairInput,
} from "./matching-builders";

/**
 * Effective annual cost (DOMAIN.md "Matching" §2): published rate − tier discount − interest
 * subsidies + guarantee fee (net of fee subsidies), every part reported. The default pair is priced
 * at the 1-year LPR 300 + 50 = 350 bp for a 国家级小巨人, 800万 for 12 months, on 2026-04-01.
 */

const DAY_BEFORE = addDays(NEEDED_BY, -1);
const DAY_AFTER = addDays(NEEDED_BY, 1);

type Parts = Omit<CostBreakdown, "totalBp"> & { totalBp: number };
const parts = (rateBp: number, tierDiscountBp: number, subsidyBp: number, guaranteeFeeBp: number, totalBp: number): Parts => ({
  rateBp,
  tierDiscountBp,
  subsidyBp,
  guaranteeFeeBp,
  totalBp,
});

/** The default pair with interest-subsidy policies in the market. */
const withPolicies = (policies: MatchPolicy[], overrides: Partial<PairInput> = {}): PairInput =>
  pair({ market: market({ policies }), ...overrides });
/** The guaranteed pair (agency-1 at 80 bp) with extra market facts. */
const guaranteedWith = (overrides: { policies?: MatchPolicy[]; agreedFeeRateBp?: number; amountFen?: bigint; firm?: MatchFirm }): PairInput =>
  guaranteedPair({
    ...(overrides.firm ? { firm: overrides.firm } : {}),
    need: need({ amountFen: overrides.amountFen ?? wan(800) }),
    market: market({
      agencies: [agency()],
      agreements: [agreement({ agreedFeeRateBp: overrides.agreedFeeRateBp ?? 80 })],
      policies: overrides.policies ?? [],
    }),
  });
const feeSubsidy = (subsidyBp: number, durationMonths: number | null = 12, extra: Partial<MatchPolicy> = {}): MatchPolicy =>
  policy({ id: `fee-${subsidyBp}`, kind: K.GUARANTEE_FEE_SUBSIDY, subsidyBp, durationMonths, ...extra });
const discounts = [
  { tier: T.LITTLE_GIANT, discountBp: 30 },
  { tier: T.SPECIALIZED_SME, discountBp: 10 },
];

describe("cost parts: one row per part and rule", () => {
  const rows: Array<[string, PairInput, Parts]> = [
    // Published rate.
    ["fixed rate", pair({ product: product({ pricing: fixedPricing(385) }) }), parts(385, 0, 0, 0, 385)],
    ["1-year LPR + spread", pair(), parts(350, 0, 0, 0, 350)],
    ["5-year LPR − spread", pair({ product: product({ pricing: lprPricing(-20, LprTenor.FIVE_YEAR) }) }), parts(330, 0, 0, 0, 330)],
    [
      "an LPR change that takes effect on the need's date applies",
      pair({ market: market({ lprRates: [...LPR_2026, { tenor: LprTenor.ONE_YEAR, effectiveOn: NEEDED_BY, rateBp: 290 }] }) }),
      parts(340, 0, 0, 0, 340),
    ],
    [
      "an LPR change the day after the need's date does not",
      pair({ market: market({ lprRates: [...LPR_2026, { tenor: LprTenor.ONE_YEAR, effectiveOn: DAY_AFTER, rateBp: 290 }] }) }),
      parts(350, 0, 0, 0, 350),
    ],
    [
      "a past need is priced on today's LPR",
      pair({
        need: need({ neededBy: "2026-02-01" }),
        market: market({ lprRates: [...LPR_2026, { tenor: LprTenor.ONE_YEAR, effectiveOn: TODAY, rateBp: 290 }] }),
      }),
      parts(340, 0, 0, 0, 340),
    ],
    // Tier discount (优惠利率): exactly the effective tier.
    ["tier discount for the effective tier (小巨人)", pair({ product: product({ tierDiscounts: discounts }) }), parts(350, 30, 0, 0, 320)],
    [
      "tier discount of a lower listed tier when that is the effective one",
      pair({ product: product({ tierDiscounts: discounts }), firm: firm({ certifications: [cert({ tier: T.SPECIALIZED_SME })] }) }),
      parts(350, 10, 0, 0, 340),
    ],
    [
      "no discount for a tier not listed, even a higher one",
      pair({ product: product({ tierDiscounts: discounts }), firm: firm({ certifications: [cert({ tier: T.SINGLE_CHAMPION })] }) }),
      parts(350, 0, 0, 0, 350),
    ],
    ["no discount without a certification in force", pair({ product: product({ tierDiscounts: discounts }), firm: firm({ certifications: [] }) }), parts(350, 0, 0, 0, 350)],
    [
      "a discount larger than the rate stops at the rate",
      pair({ product: product({ pricing: fixedPricing(20), tierDiscounts: discounts }) }),
      parts(20, 20, 0, 0, 0),
    ],
    // Interest subsidy (贴息), pro-rated over the term, rounded down.
    ["100 bp for 12 months on a 12-month loan", withPolicies([policy()]), parts(350, 0, 100, 0, 250)],
    ["100 bp for 12 months on a 36-month loan = 33 bp", withPolicies([policy()], { need: need({ termMonths: 36 }) }), parts(350, 0, 33, 0, 317)],
    ["100 bp for 7 months on a 12-month loan = 58 bp (floor)", withPolicies([policy({ durationMonths: 7 })]), parts(350, 0, 58, 0, 292)],
    ["100 bp for 24 months on a 12-month loan = 100 bp", withPolicies([policy({ durationMonths: 24 })]), parts(350, 0, 100, 0, 250)],
    ["100 bp with no duration: the whole term", withPolicies([policy({ durationMonths: null })], { need: need({ termMonths: 24 }) }), parts(350, 0, 100, 0, 250)],
    // Subsidy filters.
    ["a policy of 云南 (530000) does not reach 晋城", withPolicies([policy({ regionCode: "530000" })]), parts(350, 0, 0, 0, 350)],
    ["a policy of 晋城 (140500) reaches 140502", withPolicies([policy({ regionCode: "140500" })]), parts(350, 0, 100, 0, 250)],
    ["a policy for 小巨人", withPolicies([policy({ tiers: [T.LITTLE_GIANT] })]), parts(350, 0, 100, 0, 250)],
    ["a policy for 专精特新 only, firm is 小巨人", withPolicies([policy({ tiers: [T.SPECIALIZED_SME] })]), parts(350, 0, 0, 0, 350)],
    ["a policy for listed tiers, uncertified firm", withPolicies([policy({ tiers: [T.INNOVATIVE_SME] })], { firm: firm({ certifications: [] }) }), parts(350, 0, 0, 0, 350)],
    // Incentives are for certified firms: an empty tier list means any certified tier, never none.
    ["subsidy.certifiedOnly: a policy with no tier list does not reach an uncertified firm", withPolicies([policy()], { firm: firm({ certifications: [] }) }), parts(350, 0, 0, 0, 350)],
    [
      "subsidy.certifiedOnly: nor a firm whose only certificate has expired",
      withPolicies([policy()], { firm: firm({ certifications: [cert({ expiresOn: DAY_BEFORE })] }) }),
      parts(350, 0, 0, 0, 350),
    ],
    ["subsidy.certifiedOnly: a policy with no tier list reaches a 创新型 firm", withPolicies([policy()], { firm: firm({ certifications: [cert({ tier: T.INNOVATIVE_SME, level: L.MUNICIPAL })] }) }), parts(350, 0, 100, 0, 250)],
    ["a policy for 国家级", withPolicies([policy({ levels: [L.NATIONAL] })]), parts(350, 0, 100, 0, 250)],
    ["a policy for 省级 only, firm is 国家级", withPolicies([policy({ levels: [L.PROVINCIAL] })]), parts(350, 0, 0, 0, 350)],
    ["a policy for 信用贷", withPolicies([policy({ categories: [Cat.CREDIT_LOAN] })]), parts(350, 0, 100, 0, 250)],
    ["a policy for 专精特新贷 only, product is 信用贷", withPolicies([policy({ categories: [Cat.SRDI_LOAN] })]), parts(350, 0, 0, 0, 350)],
    ["a policy in force from the match date", withPolicies([policy({ validFrom: NEEDED_BY })]), parts(350, 0, 100, 0, 250)],
    ["a policy in force from the day after", withPolicies([policy({ validFrom: DAY_AFTER })]), parts(350, 0, 0, 0, 350)],
    ["a policy ending on the match date", withPolicies([policy({ validTo: NEEDED_BY })]), parts(350, 0, 100, 0, 250)],
    ["a policy that ended the day before", withPolicies([policy({ validTo: DAY_BEFORE })]), parts(350, 0, 0, 0, 350)],
    ["an award is not a subsidy", withPolicies([policy({ kind: K.CERTIFICATION_AWARD, subsidyBp: null, durationMonths: null })]), parts(350, 0, 0, 0, 350)],
    ["a guarantee-fee subsidy does not lower interest", withPolicies([feeSubsidy(50)]), parts(350, 0, 0, 0, 350)],
    // Several subsidies.
    [
      "two in one exclusiveGroup: only the highest (从高、不重复)",
      withPolicies([policy({ id: "a", subsidyBp: 50, exclusiveGroup: "g" }), policy({ id: "b", subsidyBp: 80, exclusiveGroup: "g" })]),
      parts(350, 0, 80, 0, 270),
    ],
    ["two without a group add up", withPolicies([policy({ id: "a", subsidyBp: 50 }), policy({ id: "b", subsidyBp: 80 })]), parts(350, 0, 130, 0, 220)],
    [
      "a group's highest plus an ungrouped one",
      withPolicies([
        policy({ id: "a", subsidyBp: 50, exclusiveGroup: "g" }),
        policy({ id: "b", subsidyBp: 80, exclusiveGroup: "g" }),
        policy({ id: "c", subsidyBp: 20 }),
      ]),
      parts(350, 0, 100, 0, 250),
    ],
    [
      "two groups each give their highest",
      withPolicies([
        policy({ id: "a", subsidyBp: 50, exclusiveGroup: "g" }),
        policy({ id: "b", subsidyBp: 30, exclusiveGroup: "h" }),
        policy({ id: "c", subsidyBp: 40, exclusiveGroup: "h" }),
      ]),
      parts(350, 0, 90, 0, 260),
    ],
    [
      "in a group the highest after pro-rating wins (100 bp × 6/12 < 80 bp × 12/12)",
      withPolicies([policy({ id: "a", subsidyBp: 100, durationMonths: 6, exclusiveGroup: "g" }), policy({ id: "b", subsidyBp: 80, exclusiveGroup: "g" })]),
      parts(350, 0, 80, 0, 270),
    ],
    [
      "subsidies never take interest below 0",
      withPolicies([policy({ subsidyBp: 200 })], { product: product({ pricing: fixedPricing(100), tierDiscounts: discounts }) }),
      parts(100, 30, 70, 0, 0),
    ],
    // Guarantee fee: agreed fee capped by 国办发〔2019〕6号 (≤500万 → 100 bp, above → 150 bp).
    ["the agreed fee under the cap", guaranteedWith({}), parts(350, 0, 0, 80, 430)],
    ["agreed 120 bp on exactly 500万 is capped at 100", guaranteedWith({ agreedFeeRateBp: 120, amountFen: wan(500) }), parts(350, 0, 0, 100, 450)],
    ["agreed 120 bp on 500万 + 0.01元 is under the 150 cap", guaranteedWith({ agreedFeeRateBp: 120, amountFen: wan(500) + 1n }), parts(350, 0, 0, 120, 470)],
    ["agreed 200 bp on 800万 is capped at 150", guaranteedWith({ agreedFeeRateBp: 200 }), parts(350, 0, 0, 150, 500)],
    // Guarantee-fee subsidy, netted and floored at 0.
    ["a fee subsidy of 50 bp nets the fee to 30", guaranteedWith({ policies: [feeSubsidy(50)] }), parts(350, 0, 0, 30, 380)],
    ["a fee subsidy above the fee floors it at 0", guaranteedWith({ policies: [feeSubsidy(100)] }), parts(350, 0, 0, 0, 350)],
    ["a fee subsidy is pro-rated too (60 bp × 6/12 = 30)", guaranteedWith({ policies: [feeSubsidy(60, 6)] }), parts(350, 0, 0, 50, 400)],
    ["a fee subsidy of another region does not apply", guaranteedWith({ policies: [feeSubsidy(50, 12, { regionCode: "330000" })] }), parts(350, 0, 0, 80, 430)],
    [
      "subsidy.certifiedOnly: a fee subsidy with no tier list does not reach an uncertified firm",
      guaranteedWith({ policies: [feeSubsidy(50)], firm: firm({ certifications: [] }) }),
      parts(350, 0, 0, 80, 430),
    ],
    [
      "interest subsidy and fee subsidy together",
      guaranteedWith({ policies: [policy(), feeSubsidy(50)] }),
      parts(350, 0, 100, 30, 280),
    ],
  ];

  it.each(rows)("%s", (_name, input, expected) => {
    const e = evaluatePair(input);
    expect(e.cost).toEqual(expected);
    const c = e.cost!;
    expect(c.totalBp).toBe(c.rateBp - c.tierDiscountBp - c.subsidyBp + c.guaranteeFeeBp);
    expect(c.totalBp).toBeGreaterThanOrEqual(0);
    expect(e.reasons).toEqual([]);
  });
});

describe("no price", () => {
  it.each<[string, PairInput]>([
    ["no LPR recorded at all", pair({ market: market({ lprRates: [] }) })],
    ["only an LPR of the other tenor", pair({ market: market({ lprRates: LPR_2026.filter((r) => r.tenor === LprTenor.FIVE_YEAR) }) })],
    ["the first LPR takes effect the day after", pair({ market: market({ lprRates: [{ tenor: LprTenor.ONE_YEAR, effectiveOn: DAY_AFTER, rateBp: 300 }] }) })],
  ])("%s → null cost and NO_PRICE", (_name, input) => {
    const e = evaluatePair(input);
    expect(e.cost).toBeNull();
    expect(e.reasons.map((r) => r.code)).toEqual([Code.NO_PRICE]);
    expect(e.reasons[0]!.message.in("en")).toContain("ONE_YEAR");
  });

  it("a fixed-rate product needs no LPR", () => {
    expect(evaluatePair(pair({ product: product({ pricing: fixedPricing(400) }), market: market({ lprRates: [] }) })).cost?.totalBp).toBe(400);
  });

  it("the rate limit is not checked without a price", () => {
    const e = evaluatePair(pair({ need: need({ maxAnnualRateBp: 1 }), market: market({ lprRates: [] }) }));
    expect(e.reasons.map((r) => r.code)).toEqual([Code.NO_PRICE]);
  });
});

describe("the need's maximum rate is checked against the effective cost (fee and subsidies included)", () => {
  it.each<[string, PairInput, number, boolean]>([
    ["rate only, max == total", pair(), 350, true],
    ["rate only, max == total − 1", pair(), 349, false],
    ["with the guarantee fee, max == total", guaranteedWith({}), 430, true],
    ["with the guarantee fee, max == total − 1", guaranteedWith({}), 429, false],
    ["with a subsidy, max == total", withPolicies([policy()]), 250, true],
    ["with a subsidy, max == total − 1", withPolicies([policy()]), 249, false],
  ])("%s", (_name, input, maxAnnualRateBp, ok) => {
    const e = evaluatePair({ ...input, need: { ...input.need, maxAnnualRateBp } });
    expect(e.reasons.map((r) => r.code)).toEqual(ok ? [] : [Code.RATE_ABOVE_MAX]);
  });
});

describe("cheapestGuarantee", () => {
  const a1 = agency({ id: "agency-1" });
  const a2 = agency({ id: "agency-2" });
  const g1 = (fee: number) => agreement({ id: "agreement-1", agencyId: "agency-1", agreedFeeRateBp: fee });
  const g2 = (fee: number) => agreement({ id: "agreement-2", agencyId: "agency-2", agreedFeeRateBp: fee });
  const choose = (agreements: ReturnType<typeof agreement>[], agencies = [a1, a2], amountFen = wan(800)) =>
    cheapestGuarantee(product(), firm(), { amountFen }, cert(), { agencies, agreements }, NEEDED_BY);

  it.each<[string, ReturnType<typeof agreement>[], bigint, string | null, string | null, number | null]>([
    ["the cheaper agreement", [g1(90), g2(60)], wan(800), "agency-2", "agreement-2", 60],
    ["the cheaper agreement, listed first", [g2(60), g1(90)], wan(800), "agency-2", "agreement-2", 60],
    ["a fee tie goes to the smaller agency id", [g2(70), g1(70)], wan(800), "agency-1", "agreement-1", 70],
    ["a tie created by the 100 bp cap (≤500万) goes to the smaller agency id", [g2(100), g1(120)], wan(500), "agency-1", "agreement-1", 100],
    ["above 500万 the same fees are not capped", [g2(100), g1(120)], wan(500) + 1n, "agency-2", "agreement-2", 100],
    ["none", [], wan(800), null, null, null],
  ])("%s", (_name, agreements, amountFen, agencyId, agreementId, feeBp) => {
    const g = choose(agreements, [a1, a2], amountFen);
    expect(g === null ? [null, null, null] : [g.agencyId, g.agreementId, g.feeBp]).toEqual([agencyId, agreementId, feeBp]);
  });

  it("two agreements of one agency with the bank at the same fee: the smaller agreement id, whatever the order", () => {
    const x = agreement({ id: "agreement-b", agreedFeeRateBp: 70 });
    const y = agreement({ id: "agreement-a", agreedFeeRateBp: 70 });
    expect(choose([x, y])?.agreementId).toBe("agreement-a");
    expect(choose([y, x])?.agreementId).toBe("agreement-a");
  });

  it("a cheaper agency that cannot serve the firm is passed over", () => {
    const far = agency({ id: "agency-0", regionCode: "330000" });
    const cheapFar = agreement({ id: "agreement-0", agencyId: "agency-0", agreedFeeRateBp: 30 });
    expect(choose([cheapFar, g1(90)], [far, a1])?.agencyId).toBe("agency-1");
  });

  it("a cheaper agency without capacity left is passed over", () => {
    const full = agency({ id: "agency-0", usedCapacityFen: wan(50_000) });
    const cheapFull = agreement({ id: "agreement-0", agencyId: "agency-0", agreedFeeRateBp: 30 });
    expect(choose([cheapFull, g1(90)], [full, a1])?.agencyId).toBe("agency-1");
  });

  it("evaluatePair reports the chosen guarantee and prices it", () => {
    const p = guaranteedPair({ market: market({ agencies: [a1, a2], agreements: [g1(90), g2(60)] }) });
    const e = evaluatePair(p);
    expect(e.guarantee).toEqual({ agencyId: "agency-2", agreementId: "agreement-2", feeBp: 60, waiverApprovalDays: null });
    expect(e.cost?.guaranteeFeeBp).toBe(60);
    expect(e.cost?.totalBp).toBe(410);
  });
});

describe("costOf and subsidiesBp directly", () => {
  it("costOf is null for an LPR product with no LPR on the date", () => {
    expect(costOf(product(), need(), firm(), cert(), null, { lprRates: [], policies: [] }, NEEDED_BY)).toBeNull();
  });

  it("costOf adds a given guarantee's fee", () => {
    const g = { agencyId: "agency-1", agreementId: "agreement-1", feeBp: 75, waiverApprovalDays: null };
    expect(costOf(product(), need(), firm(), cert(), g, { lprRates: LPR_2026, policies: [] }, NEEDED_BY)).toEqual(parts(350, 0, 0, 75, 425));
  });

  it.each<[string, K, number]>([
    ["interest subsidies", K.INTEREST_SUBSIDY, 100],
    ["guarantee-fee subsidies", K.GUARANTEE_FEE_SUBSIDY, 40],
  ])("subsidiesBp counts only %s", (_name, kind, expected) => {
    const policies = [policy(), feeSubsidy(40)];
    expect(subsidiesBp(kind as K.INTEREST_SUBSIDY | K.GUARANTEE_FEE_SUBSIDY, policies, firm(), cert(), product(), 12, NEEDED_BY)).toBe(expected);
  });
});
