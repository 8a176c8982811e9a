import { parseIndustryCode, parseRegionCode } from "./codes";
import { parseLocalDate, requireOrdered, type LocalDate } from "./dates";
import {
  CertificationLevel,
  CertificationTier,
  CollateralType,
  FinancingPurpose,
  LoanProductCategory,
  LprTenor,
  PricingType,
  RENEWAL_CATEGORIES,
} from "./enums";
import { Violations } from "./errors";
import { formatMoney, parseNonNegativeMoney, parsePositiveMoney } from "./money";
import { requireBp, requireInt, requireIntRange, requireMoneyRange, requireNonEmpty, requireText, unique } from "./validate";
import { msg } from "../i18n";

/**
 * The rules a loan product's terms must satisfy, pure. Used for a new product and for the merged
 * result of an update, so both are held to the same rules. Mirrors the CHECK constraints of
 * `loan_product` (which back it up) and adds the business limits the database does not know.
 */

export const PRODUCT_CODE_MAX = 40;
export const PRODUCT_NAME_MAX = 200;
export const PRODUCT_DESCRIPTION_MAX = 4000;
export const MAX_TERM_MONTHS = 360;
/** A fixed rate above 20% a year is not a plausible SRDI loan (民间借贷 protection is far lower). */
export const MAX_FIXED_RATE_BP = 2000;
export const MIN_SPREAD_BP = -500;
export const MAX_SPREAD_BP = 1000;
export const MAX_APPROVAL_DAYS = 365;
export const MAX_RENEWAL_WINDOW_DAYS = 365;
export const MAX_TIER_DISCOUNT_BP = 1000;

/** Terms as a caller sends them: optional parts may be missing or null. */
export interface LoanProductTermsInput {
  code: string;
  name: string;
  category: LoanProductCategory;
  description?: string | null;
  minTier?: CertificationTier | null;
  minLevel?: CertificationLevel | null;
  servedRegionCodes: readonly string[];
  industryPrefixes?: readonly string[] | null;
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  purposes: readonly FinancingPurpose[];
  acceptedCollateral: readonly CollateralType[];
  pricingType: PricingType;
  fixedRateBp?: number | null;
  lprTenor?: LprTenor | null;
  spreadBp?: number | null;
  requiresGuarantee?: boolean | null;
  approvalDays: number;
  greenChannel?: boolean | null;
  reservedQuota: string;
  validFrom: string;
  validTo?: string | null;
  renewalWindowDays?: number | null;
  tierDiscounts?: ReadonlyArray<{ tier: CertificationTier; discountBp: number }> | null;
}

/** Validated, normalised terms: text trimmed, lists deduplicated, money in canonical form. */
export interface LoanProductTerms {
  code: string;
  name: string;
  category: LoanProductCategory;
  description: string;
  minTier: CertificationTier | null;
  minLevel: CertificationLevel | null;
  servedRegionCodes: string[];
  industryPrefixes: string[];
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  purposes: FinancingPurpose[];
  acceptedCollateral: CollateralType[];
  pricingType: PricingType;
  fixedRateBp: number | null;
  lprTenor: LprTenor | null;
  spreadBp: number | null;
  requiresGuarantee: boolean;
  approvalDays: number;
  greenChannel: boolean;
  reservedQuota: string;
  validFrom: LocalDate;
  validTo: LocalDate | null;
  renewalWindowDays: number | null;
  tierDiscounts: Array<{ tier: CertificationTier; discountBp: number }>;
}

export function isRenewalCategory(category: LoanProductCategory): boolean {
  return RENEWAL_CATEGORIES.includes(category);
}

/**
 * Checks every rule and returns the normalised terms, or throws one ValidationError listing every
 * broken rule. Fields are named `<prefix>.<field>` (list items `<prefix>.<field>[i]`).
 */
export function validateLoanProductTerms(input: LoanProductTermsInput, prefix = "input"): LoanProductTerms {
  const v = new Violations();
  const f = (field: string) => `${prefix}.${field}`;

  const code = v.take(() => requireText(input.code, f("code"), PRODUCT_CODE_MAX));
  const name = v.take(() => requireText(input.name, f("name"), PRODUCT_NAME_MAX));
  const description = (input.description ?? "").trim();
  if (description.length > PRODUCT_DESCRIPTION_MAX) {
    v.add(f("description"), "text.maxLength", msg("text.maxLength", { max: PRODUCT_DESCRIPTION_MAX, length: description.length }));
  }
  const category = enumValue(v, LoanProductCategory, input.category, f("category"));
  const minTier = input.minTier == null ? null : enumValue(v, CertificationTier, input.minTier, f("minTier"));
  const minLevel = input.minLevel == null ? null : enumValue(v, CertificationLevel, input.minLevel, f("minLevel"));

  // Who is served.
  v.check(() => requireNonEmpty(input.servedRegionCodes, f("servedRegionCodes")));
  const servedRegionCodes = unique(
    input.servedRegionCodes.map((code, i) => v.take(() => parseRegionCode(code, `${f("servedRegionCodes")}[${i}]`))).filter(isDefined),
  );
  const industryPrefixes = unique(
    (input.industryPrefixes ?? []).map((p, i) => v.take(() => parseIndustryCode(p, `${f("industryPrefixes")}[${i}]`))).filter(isDefined),
  );

  // Amounts and terms.
  const minAmount = v.take(() => parsePositiveMoney(input.minAmount, f("minAmount")));
  const maxAmount = v.take(() => parsePositiveMoney(input.maxAmount, f("maxAmount")));
  if (minAmount !== undefined && maxAmount !== undefined) {
    v.check(() => requireMoneyRange(minAmount, maxAmount, f("minAmount"), f("maxAmount")));
  }
  const minTermMonths = v.take(() => requireInt(input.minTermMonths, f("minTermMonths"), 1, MAX_TERM_MONTHS));
  const maxTermMonths = v.take(() => requireInt(input.maxTermMonths, f("maxTermMonths"), 1, MAX_TERM_MONTHS));
  if (minTermMonths !== undefined && maxTermMonths !== undefined) {
    v.check(() => requireIntRange(minTermMonths, maxTermMonths, f("minTermMonths"), f("maxTermMonths")));
  }

  // What the money is for and what secures it.
  v.check(() => requireNonEmpty(input.purposes, f("purposes")));
  const purposes = unique(input.purposes.map((p, i) => enumValue(v, FinancingPurpose, p, `${f("purposes")}[${i}]`)).filter(isDefined));
  v.check(() => requireNonEmpty(input.acceptedCollateral, f("acceptedCollateral")));
  const acceptedCollateral = unique(
    input.acceptedCollateral.map((c, i) => enumValue(v, CollateralType, c, `${f("acceptedCollateral")}[${i}]`)).filter(isDefined),
  );

  // Pricing.
  const pricing = validatePricing(v, input, f);

  // Service, quota, validity.
  const approvalDays = v.take(() => requireInt(input.approvalDays, f("approvalDays"), 1, MAX_APPROVAL_DAYS));
  const reservedQuota = v.take(() => formatMoney(parseNonNegativeMoney(input.reservedQuota, f("reservedQuota"))));
  const validFrom = v.take(() => parseLocalDate(input.validFrom, f("validFrom")));
  const validTo = input.validTo == null ? null : v.take(() => parseLocalDate(input.validTo!, f("validTo")));
  if (validFrom !== undefined && validTo != null) v.check(() => requireOrdered(validFrom, validTo, f("validFrom"), f("validTo")));

  // Renewal window: exactly for the renewal categories.
  let renewalWindowDays: number | null = null;
  if (category !== undefined && isRenewalCategory(category)) {
    if (input.renewalWindowDays == null) {
      v.add(
        f("renewalWindowDays"),
        "renewalWindow.required",
        msg("renewalWindow.required", { category, max: MAX_RENEWAL_WINDOW_DAYS }),
      );
    } else {
      renewalWindowDays = v.take(() => requireInt(input.renewalWindowDays!, f("renewalWindowDays"), 1, MAX_RENEWAL_WINDOW_DAYS)) ?? null;
    }
  } else if (category !== undefined && input.renewalWindowDays != null) {
    v.add(
      f("renewalWindowDays"),
      "renewalWindow.notAllowed",
      msg("renewalWindow.notAllowed", { renewalCategories: RENEWAL_CATEGORIES, category }),
    );
  }

  // Tier discounts: at most one per tier.
  const tierDiscounts: Array<{ tier: CertificationTier; discountBp: number }> = [];
  const seenTiers = new Set<CertificationTier>();
  (input.tierDiscounts ?? []).forEach((d, i) => {
    const at = `${f("tierDiscounts")}[${i}]`;
    const tier = enumValue(v, CertificationTier, d.tier, `${at}.tier`);
    const discountBp = v.take(() => requireBp(d.discountBp, `${at}.discountBp`, MAX_TIER_DISCOUNT_BP));
    if (tier !== undefined && seenTiers.has(tier)) {
      v.add(`${at}.tier`, "tierDiscount.duplicate", msg("tierDiscount.duplicate", { tier }));
    } else if (tier !== undefined) {
      seenTiers.add(tier);
      if (discountBp !== undefined) tierDiscounts.push({ tier, discountBp });
    }
  });

  v.throwIfAny();
  return {
    code: code!,
    name: name!,
    category: category!,
    description,
    minTier: minTier ?? null,
    minLevel: minLevel ?? null,
    servedRegionCodes,
    industryPrefixes,
    minAmount: formatMoney(minAmount!),
    maxAmount: formatMoney(maxAmount!),
    minTermMonths: minTermMonths!,
    maxTermMonths: maxTermMonths!,
    purposes,
    acceptedCollateral,
    ...pricing!,
    requiresGuarantee: input.requiresGuarantee ?? false,
    approvalDays: approvalDays!,
    greenChannel: input.greenChannel ?? false,
    reservedQuota: reservedQuota!,
    validFrom: validFrom!,
    validTo: validTo ?? null,
    renewalWindowDays,
    tierDiscounts,
  };
}

type Pricing = Pick<LoanProductTerms, "pricingType" | "fixedRateBp" | "lprTenor" | "spreadBp">;

/**
 * FIXED: a fixed rate 0..2000 bp, no LPR tenor or spread. LPR_SPREAD: an LPR tenor and a spread
 * of -500..1000 bp, no fixed rate. Returns undefined when any pricing rule is broken.
 */
function validatePricing(v: Violations, input: LoanProductTermsInput, f: (field: string) => string): Pricing | undefined {
  const pricingType = enumValue(v, PricingType, input.pricingType, f("pricingType"));
  if (pricingType === undefined) return undefined;
  const local = new Violations();
  const required = (field: "fixedRateBp" | "lprTenor" | "spreadBp") =>
    local.add(f(field), "pricing.required", msg("pricing.required", { pricingType, field, maxFixedBp: MAX_FIXED_RATE_BP, minSpreadBp: MIN_SPREAD_BP, maxSpreadBp: MAX_SPREAD_BP }));
  const forbidden = (field: string) => local.add(f(field), "pricing.notAllowed", msg("pricing.notAllowed", { pricingType }));

  let result: Pricing | undefined;
  if (pricingType === PricingType.FIXED) {
    if (input.lprTenor != null) forbidden("lprTenor");
    if (input.spreadBp != null) forbidden("spreadBp");
    let fixedRateBp: number | undefined;
    if (input.fixedRateBp == null) required("fixedRateBp");
    else fixedRateBp = local.take(() => requireBp(input.fixedRateBp!, f("fixedRateBp"), MAX_FIXED_RATE_BP));
    if (fixedRateBp !== undefined) result = { pricingType, fixedRateBp, lprTenor: null, spreadBp: null };
  } else {
    if (input.fixedRateBp != null) forbidden("fixedRateBp");
    let lprTenor: LprTenor | undefined;
    let spreadBp: number | undefined;
    if (input.lprTenor == null) required("lprTenor");
    else lprTenor = enumValue(local, LprTenor, input.lprTenor, f("lprTenor"));
    if (input.spreadBp == null) required("spreadBp");
    else spreadBp = local.take(() => requireBp(input.spreadBp!, f("spreadBp"), MAX_SPREAD_BP, MIN_SPREAD_BP));
    if (lprTenor !== undefined && spreadBp !== undefined) result = { pricingType, fixedRateBp: null, lprTenor, spreadBp };
  }
  v.check(() => local.throwIfAny());
  return local.isEmpty ? result : undefined;
}

/** Checks that a value belongs to a string enum (callers outside GraphQL may send anything). */
function enumValue<E extends Record<string, string>>(v: Violations, enumObj: E, raw: unknown, field: string): E[keyof E] | undefined {
  if (typeof raw === "string" && (Object.values(enumObj) as string[]).includes(raw)) return raw as E[keyof E];
  v.add(field, "enum.value", msg("enum.value", { raw: String(raw), allowed: Object.values(enumObj) }));
  return undefined;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
