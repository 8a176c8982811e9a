import type { LocalDate } from "./dates";
import { type CertificationTier, type LprTenor, PricingType } from "./enums";

/**
 * Loan pricing, pure: which LPR is in force on a date, a product's published rate, and the tier
 * discount a firm gets. Rates are integer basis points (345 = 3.45% a year). Reused by the loan
 * product API and by the matching engine.
 */

/** One published LPR value: it applies from `effectiveOn` (inclusive) until the next one of its tenor. */
export interface LprPoint {
  tenor: LprTenor;
  effectiveOn: LocalDate;
  rateBp: number;
}

/** What decides a product's rate (定价方式 and its parameters). */
export interface ProductPricing {
  pricingType: PricingType;
  fixedRateBp: number | null;
  lprTenor: LprTenor | null;
  spreadBp: number | null;
}

export interface TierDiscount {
  tier: CertificationTier;
  discountBp: number;
}

/**
 * The LPR of `tenor` in force on `on`: the record with the latest `effectiveOn` ≤ `on`. A rate
 * that takes effect on `on` is already in force that day. Null when none had taken effect yet.
 * The input may be in any order and may mix tenors.
 */
export function lprInForce<R extends LprPoint>(rates: readonly R[], tenor: LprTenor, on: LocalDate): R | null {
  let best: R | null = null;
  for (const rate of rates) {
    if (rate.tenor !== tenor || rate.effectiveOn > on) continue;
    if (best === null || rate.effectiveOn > best.effectiveOn) best = rate;
  }
  return best;
}

/**
 * The product's published annual rate (挂牌利率) before any discount: the fixed rate, or LPR +
 * spread, never below zero. Null for an LPR product when no LPR is known (`lprBp` null).
 */
export function publishedRateBp(pricing: ProductPricing, lprBp: number | null): number | null {
  if (pricing.pricingType === PricingType.FIXED) return pricing.fixedRateBp;
  if (lprBp === null) return null;
  return Math.max(0, lprBp + (pricing.spreadBp ?? 0));
}

/**
 * The published rate of a product on a date, picking the LPR in force from `rates` (which may hold
 * every tenor). Null for an LPR product when no LPR of its tenor had taken effect by `on`.
 */
export function publishedRateOn(pricing: ProductPricing, rates: readonly LprPoint[], on: LocalDate): number | null {
  if (pricing.pricingType === PricingType.FIXED || pricing.lprTenor === null) return publishedRateBp(pricing, null);
  return publishedRateBp(pricing, lprInForce(rates, pricing.lprTenor, on)?.rateBp ?? null);
}

/**
 * The discount (优惠利率) a product grants to a firm whose effective tier is `effectiveTier`: the
 * discount listed for exactly that tier, 0 when the tier is not listed or the firm holds none.
 */
export function tierDiscountBp(discounts: readonly TierDiscount[], effectiveTier: CertificationTier | null): number {
  if (effectiveTier === null) return 0;
  return discounts.find((d) => d.tier === effectiveTier)?.discountBp ?? 0;
}
