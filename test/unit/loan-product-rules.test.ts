import {
  CertificationLevel as L,
  CertificationTier as T,
  CollateralType as C,
  FinancingPurpose as P,
  LoanProductCategory as Cat,
  LprTenor,
  PricingType,
} from "../../src/domain/enums";
import { ValidationError, type InputViolation } from "../../src/domain/errors";
import { validateLoanProductTerms, type LoanProductTermsInput } from "../../src/domain/loan-product-rules";

/** A valid 专精特新贷 priced on the 1-year LPR. */
function base(overrides: Partial<LoanProductTermsInput> = {}): LoanProductTermsInput {
  return {
    code: " JC-SRDI-01 ",
    name: "晋城银行专精特新贷",
    category: Cat.SRDI_LOAN,
    description: "面向专精特新企业的流动资金贷款",
    minTier: T.SPECIALIZED_SME,
    minLevel: L.MUNICIPAL,
    servedRegionCodes: ["140500", "140000", "140500"],
    industryPrefixes: ["C", "c39", "C"],
    minAmount: "100000",
    maxAmount: "10000000.5",
    minTermMonths: 6,
    maxTermMonths: 36,
    purposes: [P.WORKING_CAPITAL, P.R_AND_D, P.WORKING_CAPITAL],
    acceptedCollateral: [C.NONE, C.INTELLECTUAL_PROPERTY, C.NONE],
    pricingType: PricingType.LPR_SPREAD,
    fixedRateBp: null,
    lprTenor: LprTenor.ONE_YEAR,
    spreadBp: 45,
    requiresGuarantee: null,
    approvalDays: 7,
    greenChannel: true,
    reservedQuota: "100000000",
    validFrom: "2026-01-01",
    validTo: "2026-12-31",
    renewalWindowDays: null,
    tierDiscounts: [
      { tier: T.LITTLE_GIANT, discountBp: 30 },
      { tier: T.SPECIALIZED_SME, discountBp: 10 },
    ],
    ...overrides,
  };
}

function violationsOf(input: LoanProductTermsInput, prefix?: string): InputViolation[] {
  try {
    validateLoanProductTerms(input, prefix);
  } catch (e) {
    if (e instanceof ValidationError) return e.violations;
    throw e;
  }
  return [];
}

describe("validateLoanProductTerms: a valid product", () => {
  it("is accepted and normalised: trimmed, deduplicated, canonical money, defaults filled", () => {
    expect(validateLoanProductTerms(base())).toEqual({
      code: "JC-SRDI-01",
      name: "晋城银行专精特新贷",
      category: Cat.SRDI_LOAN,
      description: "面向专精特新企业的流动资金贷款",
      minTier: T.SPECIALIZED_SME,
      minLevel: L.MUNICIPAL,
      servedRegionCodes: ["140500", "140000"],
      industryPrefixes: ["C", "C39"],
      minAmount: "100000.00",
      maxAmount: "10000000.50",
      minTermMonths: 6,
      maxTermMonths: 36,
      purposes: [P.WORKING_CAPITAL, P.R_AND_D],
      acceptedCollateral: [C.NONE, C.INTELLECTUAL_PROPERTY],
      pricingType: PricingType.LPR_SPREAD,
      fixedRateBp: null,
      lprTenor: LprTenor.ONE_YEAR,
      spreadBp: 45,
      requiresGuarantee: false,
      approvalDays: 7,
      greenChannel: true,
      reservedQuota: "100000000.00",
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
      renewalWindowDays: null,
      tierDiscounts: [
        { tier: T.LITTLE_GIANT, discountBp: 30 },
        { tier: T.SPECIALIZED_SME, discountBp: 10 },
      ],
    });
  });

  it.each<[string, Partial<LoanProductTermsInput>]>([
    ["a fixed-rate product", { pricingType: PricingType.FIXED, fixedRateBp: 385, lprTenor: null, spreadBp: null }],
    ["the highest fixed rate (2000 bp)", { pricingType: PricingType.FIXED, fixedRateBp: 2000, lprTenor: null, spreadBp: null }],
    ["a zero fixed rate (fully subsidised)", { pricingType: PricingType.FIXED, fixedRateBp: 0, lprTenor: null, spreadBp: null }],
    ["the lower spread bound", { spreadBp: -500 }],
    ["the upper spread bound", { spreadBp: 1000 }],
    ["a 无还本续贷 with its renewal window", { category: Cat.RENEWAL_WITHOUT_REPAYMENT, renewalWindowDays: 90 }],
    ["a 接力贷 with the longest window", { category: Cat.RELAY_LOAN, renewalWindowDays: 365 }],
    ["equal min and max amounts and terms", { minAmount: "500000", maxAmount: "500000.00", minTermMonths: 12, maxTermMonths: 12 }],
    ["a one-day validity", { validFrom: "2026-05-01", validTo: "2026-05-01" }],
    ["an open-ended validity, no tier minimum, no industries", { validTo: null, minTier: null, minLevel: null, industryPrefixes: null }],
    ["a zero reserve and no discounts", { reservedQuota: "0", tierDiscounts: null }],
    ["terms of 1 and 360 months, approval of 1 and 365 days", { minTermMonths: 1, maxTermMonths: 360, approvalDays: 365 }],
  ])("accepts %s", (_case, overrides) => {
    expect(violationsOf(base(overrides))).toEqual([]);
  });
});

describe("validateLoanProductTerms: each broken rule names its field and rule", () => {
  it.each<[string, Partial<LoanProductTermsInput>, string, string]>([
    ["an empty code", { code: "   " }, "input.code", "text.required"],
    ["a code over 40 characters", { code: "X".repeat(41) }, "input.code", "text.maxLength"],
    ["an empty name", { name: "" }, "input.name", "text.required"],
    ["a name over 200 characters", { name: "贷".repeat(201) }, "input.name", "text.maxLength"],
    ["a description over 4000 characters", { description: "x".repeat(4001) }, "input.description", "text.maxLength"],
    ["an unknown category", { category: "PAYDAY_LOAN" as Cat }, "input.category", "enum.value"],
    ["an unknown minimum tier", { minTier: "GIANT" as T }, "input.minTier", "enum.value"],
    ["an unknown minimum level", { minLevel: "COUNTY" as L }, "input.minLevel", "enum.value"],
    ["no served region", { servedRegionCodes: [] }, "input.servedRegionCodes", "list.required"],
    ["a malformed region code", { servedRegionCodes: ["140500", "14050"] }, "input.servedRegionCodes[1]", "regionCode.format"],
    ["a region code starting with 9", { servedRegionCodes: ["910000"] }, "input.servedRegionCodes[0]", "regionCode.format"],
    ["an industry prefix that is not a section letter", { industryPrefixes: ["Z"] }, "input.industryPrefixes[0]", "industryCode.format"],
    ["an industry prefix with one digit", { industryPrefixes: ["C", "C3"] }, "input.industryPrefixes[1]", "industryCode.format"],
    ["a zero minimum amount", { minAmount: "0" }, "input.minAmount", "money.positive"],
    ["a malformed maximum amount", { maxAmount: "1e7" }, "input.maxAmount", "money.format"],
    ["three decimals", { minAmount: "100.005" }, "input.minAmount", "money.format"],
    ["a minimum amount above the maximum", { minAmount: "20000000" }, "input.maxAmount", "range.order"],
    ["a zero minimum term", { minTermMonths: 0 }, "input.minTermMonths", "int.range"],
    ["a maximum term over 360 months", { maxTermMonths: 361 }, "input.maxTermMonths", "int.range"],
    ["a fractional term", { minTermMonths: 6.5 }, "input.minTermMonths", "int.range"],
    ["a minimum term above the maximum", { minTermMonths: 48 }, "input.maxTermMonths", "range.order"],
    ["no purpose", { purposes: [] }, "input.purposes", "list.required"],
    ["an unknown purpose", { purposes: [P.R_AND_D, "GAMBLING" as P] }, "input.purposes[1]", "enum.value"],
    ["no accepted collateral", { acceptedCollateral: [] }, "input.acceptedCollateral", "list.required"],
    ["an unknown collateral", { acceptedCollateral: ["GOLD" as C] }, "input.acceptedCollateral[0]", "enum.value"],
    ["an unknown pricing type", { pricingType: "FLOATING" as PricingType }, "input.pricingType", "enum.value"],
    ["FIXED without a rate", { pricingType: PricingType.FIXED, lprTenor: null, spreadBp: null }, "input.fixedRateBp", "pricing.required"],
    ["FIXED over 2000 bp", { pricingType: PricingType.FIXED, fixedRateBp: 2001, lprTenor: null, spreadBp: null }, "input.fixedRateBp", "bp.range"],
    ["FIXED below 0 bp", { pricingType: PricingType.FIXED, fixedRateBp: -1, lprTenor: null, spreadBp: null }, "input.fixedRateBp", "bp.range"],
    ["FIXED with an LPR tenor", { pricingType: PricingType.FIXED, fixedRateBp: 385, spreadBp: null }, "input.lprTenor", "pricing.notAllowed"],
    ["FIXED with a spread", { pricingType: PricingType.FIXED, fixedRateBp: 385, lprTenor: null }, "input.spreadBp", "pricing.notAllowed"],
    ["LPR_SPREAD without a tenor", { lprTenor: null }, "input.lprTenor", "pricing.required"],
    ["LPR_SPREAD with an unknown tenor", { lprTenor: "TEN_YEAR" as LprTenor }, "input.lprTenor", "enum.value"],
    ["LPR_SPREAD without a spread", { spreadBp: null }, "input.spreadBp", "pricing.required"],
    ["LPR_SPREAD with a spread below -500", { spreadBp: -501 }, "input.spreadBp", "bp.range"],
    ["LPR_SPREAD with a spread above 1000", { spreadBp: 1001 }, "input.spreadBp", "bp.range"],
    ["LPR_SPREAD with a fixed rate too", { fixedRateBp: 385 }, "input.fixedRateBp", "pricing.notAllowed"],
    ["zero approval days", { approvalDays: 0 }, "input.approvalDays", "int.range"],
    ["approval over a year", { approvalDays: 366 }, "input.approvalDays", "int.range"],
    ["a negative reserve", { reservedQuota: "-1" }, "input.reservedQuota", "money.format"],
    ["a malformed start date", { validFrom: "2026-02-30" }, "input.validFrom", "date.format"],
    ["a malformed end date", { validTo: "2026/12/31" }, "input.validTo", "date.format"],
    ["an end before the start", { validTo: "2025-12-31" }, "input.validTo", "date.order"],
    ["a 无还本续贷 without a window", { category: Cat.RENEWAL_WITHOUT_REPAYMENT }, "input.renewalWindowDays", "renewalWindow.required"],
    ["a 接力贷 with a zero window", { category: Cat.RELAY_LOAN, renewalWindowDays: 0 }, "input.renewalWindowDays", "int.range"],
    ["a 接力贷 with a window over a year", { category: Cat.RELAY_LOAN, renewalWindowDays: 366 }, "input.renewalWindowDays", "int.range"],
    ["a window on a non-renewal product", { renewalWindowDays: 30 }, "input.renewalWindowDays", "renewalWindow.notAllowed"],
    ["two discounts for one tier", { tierDiscounts: [{ tier: T.LITTLE_GIANT, discountBp: 30 }, { tier: T.LITTLE_GIANT, discountBp: 40 }] }, "input.tierDiscounts[1].tier", "tierDiscount.duplicate"],
    ["a discount over 1000 bp", { tierDiscounts: [{ tier: T.LITTLE_GIANT, discountBp: 1001 }] }, "input.tierDiscounts[0].discountBp", "bp.range"],
    ["a negative discount", { tierDiscounts: [{ tier: T.LITTLE_GIANT, discountBp: -5 }] }, "input.tierDiscounts[0].discountBp", "bp.range"],
    ["a discount for an unknown tier", { tierDiscounts: [{ tier: "GIANT" as T, discountBp: 5 }] }, "input.tierDiscounts[0].tier", "enum.value"],
  ])("refuses %s", (_case, overrides, field, rule) => {
    expect(violationsOf(base(overrides))).toEqual([expect.objectContaining({ field, rule })]);
  });
});

describe("validateLoanProductTerms: reporting", () => {
  it("reports every broken rule at once, in field order", () => {
    const fields = violationsOf(base({ name: "", servedRegionCodes: [], minAmount: "0", spreadBp: 2000, approvalDays: 0 })).map((v) => v.field);
    expect(fields).toEqual(["input.name", "input.servedRegionCodes", "input.minAmount", "input.spreadBp", "input.approvalDays"]);
  });

  it("names fields under the prefix it is given", () => {
    expect(violationsOf(base({ name: "" }), "product")).toEqual([expect.objectContaining({ field: "product.name", rule: "text.required" })]);
  });

  it("says what to do in its messages", () => {
    const [violation] = violationsOf(base({ category: Cat.RELAY_LOAN }));
    expect(violation!.message).toMatch(/is required for RELAY_LOAN products: give how many days/);
  });
});
