import { CertificationTier as T, LprTenor, PricingType } from "../../src/domain/enums";
import { lprInForce, publishedRateBp, publishedRateOn, tierDiscountBp, type LprPoint, type ProductPricing } from "../../src/domain/pricing";

const { ONE_YEAR, FIVE_YEAR } = LprTenor;

// Recorded out of order and mixing tenors on purpose.
const RATES: LprPoint[] = [
  { tenor: ONE_YEAR, effectiveOn: "2025-05-20", rateBp: 300 },
  { tenor: FIVE_YEAR, effectiveOn: "2025-05-20", rateBp: 350 },
  { tenor: ONE_YEAR, effectiveOn: "2024-10-21", rateBp: 310 },
  { tenor: ONE_YEAR, effectiveOn: "2026-03-20", rateBp: 290 },
  { tenor: FIVE_YEAR, effectiveOn: "2024-10-21", rateBp: 360 },
];

describe("lprInForce: the LPR in force on a date", () => {
  it.each<[string, LprTenor, string, number | null]>([
    ["before the first rate of the tenor", ONE_YEAR, "2024-10-20", null],
    ["on the day the first rate takes effect", ONE_YEAR, "2024-10-21", 310],
    ["the day before a change", ONE_YEAR, "2025-05-19", 310],
    ["exactly on the day of a change", ONE_YEAR, "2025-05-20", 300],
    ["the day after a change", ONE_YEAR, "2025-05-21", 300],
    ["after the latest rate", ONE_YEAR, "2030-01-01", 290],
    ["of the other tenor, not mixed up", FIVE_YEAR, "2026-06-01", 350],
    ["of the other tenor before its first rate", FIVE_YEAR, "2024-01-01", null],
  ])("%s (%s on %s) is %s", (_case, tenor, on, expected) => {
    expect(lprInForce(RATES, tenor, on)?.rateBp ?? null).toBe(expected);
  });

  it("is null when nothing is recorded", () => {
    expect(lprInForce([], ONE_YEAR, "2026-01-01")).toBeNull();
  });

  it("returns the record itself, so callers can report its date", () => {
    expect(lprInForce(RATES, ONE_YEAR, "2025-12-31")).toBe(RATES[0]);
  });
});

const fixed = (fixedRateBp: number): ProductPricing => ({ pricingType: PricingType.FIXED, fixedRateBp, lprTenor: null, spreadBp: null });
const lpr = (tenor: LprTenor, spreadBp: number): ProductPricing => ({ pricingType: PricingType.LPR_SPREAD, fixedRateBp: null, lprTenor: tenor, spreadBp });

describe("publishedRateBp: a product's rate before discounts", () => {
  it.each<[string, ProductPricing, number | null, number | null]>([
    ["fixed ignores the LPR", fixed(385), 300, 385],
    ["fixed with no LPR known", fixed(385), null, 385],
    ["fixed at zero", fixed(0), null, 0],
    ["LPR + positive spread", lpr(ONE_YEAR, 45), 300, 345],
    ["LPR + zero spread", lpr(ONE_YEAR, 0), 300, 300],
    ["LPR + negative spread", lpr(ONE_YEAR, -20), 300, 280],
    ["LPR + a spread below minus the LPR floors at zero", lpr(ONE_YEAR, -500), 300, 0],
    ["LPR product with no LPR known", lpr(FIVE_YEAR, 50), null, null],
  ])("%s", (_case, pricing, lprBp, expected) => {
    expect(publishedRateBp(pricing, lprBp)).toBe(expected);
  });
});

describe("publishedRateOn: the rate on a date from recorded LPRs", () => {
  it.each<[string, ProductPricing, string, number | null]>([
    ["1-year LPR product the day before a change", lpr(ONE_YEAR, 50), "2026-03-19", 350],
    ["1-year LPR product on the day of a change", lpr(ONE_YEAR, 50), "2026-03-20", 340],
    ["5-year LPR product follows its own tenor", lpr(FIVE_YEAR, -30), "2026-03-20", 320],
    ["LPR product before any LPR", lpr(ONE_YEAR, 50), "2020-01-01", null],
    ["fixed product needs no LPR", fixed(420), "2020-01-01", 420],
  ])("%s", (_case, pricing, on, expected) => {
    expect(publishedRateOn(pricing, RATES, on)).toBe(expected);
  });
});

describe("tierDiscountBp: the discount for the firm's effective tier", () => {
  const discounts = [
    { tier: T.SPECIALIZED_SME, discountBp: 20 },
    { tier: T.LITTLE_GIANT, discountBp: 50 },
  ];
  it.each<[string, T | null, number]>([
    ["a listed tier", T.LITTLE_GIANT, 50],
    ["another listed tier", T.SPECIALIZED_SME, 20],
    ["a tier not listed, even a higher one", T.SINGLE_CHAMPION, 0],
    ["a tier not listed, lower", T.INNOVATIVE_SME, 0],
    ["no effective tier", null, 0],
  ])("%s (%s) gives %i bp", (_case, tier, expected) => {
    expect(tierDiscountBp(discounts, tier)).toBe(expected);
  });
  it("is 0 when the product grants none", () => {
    expect(tierDiscountBp([], T.LITTLE_GIANT)).toBe(0);
  });
});
