import { addDays } from "../../src/domain/dates";
import { CollateralType as C, FinancingNeedStatus, FinancingPurpose, FirmSize, LoanProductCategory, LoanStatus, PricingType } from "../../src/domain/enums";
import { ConflictError, ValidationError, type InputViolation } from "../../src/domain/errors";
import {
  approvalRenewalReasons,
  checkDisbursementDate,
  checkRenewalAgainstLoan,
  checkRepayment,
  disbursementRenewalReasons,
  evaluateRenewal,
  loanCollateral,
  maturityDate,
  needStatusOnDisbursement,
  parseRenewalDraft,
  RENEWAL_AMOUNT_NOT_BALANCE,
  type RenewableLoan,
} from "../../src/domain/loan-rules";
import { IneligibilityCode as Code, type MatchProduct } from "../../src/domain/matching";
import { wan } from "../../src/domain/money";
import { BANK_ID, cert, firm, FIRM_ID, fixedPricing, LPR_2026, product } from "./matching-builders";

function violationsOf(fn: () => unknown): Array<Pick<InputViolation, "field" | "rule">> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.violations.map(({ field, rule }) => ({ field, rule }));
    throw e;
  }
  return [];
}

describe("maturityDate", () => {
  it.each([
    ["2026-03-15", 12, "2027-03-15"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2026-11-24", 36, "2029-11-24"],
  ])("%s + %i months = %s", (from, months, expected) => {
    expect(maturityDate(from, months)).toBe(expected);
  });
});

describe("checkDisbursementDate", () => {
  const TODAY = "2026-06-10";
  const APPROVED = "2026-06-01";
  it.each<[string, string, Array<{ field: string; rule: string }>]>([
    ["the approval day", APPROVED, []],
    ["today", TODAY, []],
    ["between approval and today", "2026-06-05", []],
    ["the day before the approval", "2026-05-31", [{ field: "input.disbursedOn", rule: "disbursement.beforeApproval" }]],
    ["tomorrow", "2026-06-11", [{ field: "input.disbursedOn", rule: "date.future" }]],
  ])("disbursing on %s: %j", (_name, on, expected) => {
    expect(violationsOf(() => checkDisbursementDate(on, APPROVED, TODAY))).toEqual(expected);
  });

  it("reports both rules when the approval lies in the future and the day is after today", () => {
    expect(violationsOf(() => checkDisbursementDate("2026-06-12", "2026-06-15", TODAY)).map((v) => v.rule)).toEqual([
      "date.future",
      "disbursement.beforeApproval",
    ]);
  });
});

describe("loanCollateral", () => {
  it.each<[string, C[], C[], C[]]>([
    ["pure credit product: none, whatever is offered", [C.NONE, C.REAL_ESTATE], [C.REAL_ESTATE], []],
    ["the offered kinds the product accepts, in the product's order", [C.RECEIVABLES, C.EQUIPMENT, C.REAL_ESTATE], [C.REAL_ESTATE, C.EQUIPMENT, C.EQUITY], [C.EQUIPMENT, C.REAL_ESTATE]],
    ["nothing offered that it accepts", [C.REAL_ESTATE], [C.EQUITY], []],
  ])("%s", (_name, accepted, offered, expected) => {
    expect(loanCollateral(accepted, offered)).toEqual(expected);
  });
});

describe("checkRepayment", () => {
  const TODAY = "2026-06-10";
  const loan = { status: LoanStatus.PERFORMING, outstandingFen: wan(300), disbursedOn: "2026-01-05" };

  it.each<[string, string, bigint, boolean]>([
    ["a part of the balance", "1000000", wan(200), false],
    ["one fen less than the balance", "2999999.99", 1n, false],
    ["exactly the balance: repaid in full", "3000000.00", 0n, true],
    ["the smallest amount", "0.01", wan(300) - 1n, false],
  ])("%s", (_name, amount, remaining, repaid) => {
    const r = checkRepayment({ amount, paidOn: TODAY }, loan, TODAY);
    expect({ remaining: r.outstandingFen, repaid: r.repaid }).toEqual({ remaining, repaid });
    expect(r.outstanding).toMatch(/^\d+\.\d{2}$/);
  });

  it.each<[string, { amount: string; paidOn: string }, Array<{ field: string; rule: string }>]>([
    ["one fen above the balance", { amount: "3000000.01", paidOn: TODAY }, [{ field: "input.amount", rule: "repayment.aboveBalance" }]],
    ["zero", { amount: "0", paidOn: TODAY }, [{ field: "input.amount", rule: "money.positive" }]],
    ["a float-like amount with three decimals", { amount: "1.005", paidOn: TODAY }, [{ field: "input.amount", rule: "money.format" }]],
    ["paid tomorrow", { amount: "1", paidOn: addDays(TODAY, 1) }, [{ field: "input.paidOn", rule: "date.future" }]],
    ["paid before disbursement", { amount: "1", paidOn: "2026-01-04" }, [{ field: "input.paidOn", rule: "repayment.beforeDisbursement" }]],
    [
      "everything wrong at once",
      { amount: "9999999", paidOn: "2027-01-01" },
      [
        { field: "input.amount", rule: "repayment.aboveBalance" },
        { field: "input.paidOn", rule: "date.future" },
      ],
    ],
  ])("refuses %s", (_name, draft, expected) => {
    expect(violationsOf(() => checkRepayment(draft, loan, TODAY))).toEqual(expected);
  });

  it("accepts a repayment on an OVERDUE loan (it still runs)", () => {
    expect(checkRepayment({ amount: "1", paidOn: TODAY }, { ...loan, status: LoanStatus.OVERDUE }, TODAY).repaid).toBe(false);
  });

  it.each([LoanStatus.REPAID, LoanStatus.RENEWED])("refuses a %s loan with CONFLICT naming the status", (status) => {
    let error: unknown;
    try {
      checkRepayment({ amount: "1", paidOn: TODAY }, { ...loan, status }, TODAY);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain(status);
    expect((error as ConflictError).details).toEqual({ currentStatus: status });
  });
});

describe("parseRenewalDraft", () => {
  const TODAY = "2026-06-10";
  const ok = { amount: "3000000", annualRateBp: 350, termMonths: 12, renewedOn: TODAY };

  it("parses the terms and computes the maturity", () => {
    expect(parseRenewalDraft(ok, TODAY)).toEqual({
      amountFen: wan(300),
      amount: "3000000.00",
      annualRateBp: 350,
      termMonths: 12,
      renewedOn: TODAY,
      maturesOn: "2027-06-10",
    });
  });

  it.each<[string, Partial<typeof ok>, Array<{ field: string; rule: string }>]>([
    ["a negative-looking amount", { amount: "-1" }, [{ field: "input.amount", rule: "money.format" }]],
    ["a rate above 2400 bp", { annualRateBp: 2401 }, [{ field: "input.annualRateBp", rule: "bp.range" }]],
    ["a term of 0 months", { termMonths: 0 }, [{ field: "input.termMonths", rule: "int.range" }]],
    ["a term of 361 months", { termMonths: 361 }, [{ field: "input.termMonths", rule: "int.range" }]],
    ["a renewal dated tomorrow", { renewedOn: "2026-06-11" }, [{ field: "input.renewedOn", rule: "date.future" }]],
  ])("refuses %s", (_name, overrides, expected) => {
    expect(violationsOf(() => parseRenewalDraft({ ...ok, ...overrides }, TODAY))).toEqual(expected);
  });
});

// A 无还本续贷 product of bank-1 (fixed 320 bp, 30-day window) and a small firm's performing loan with
// bank-1, 300万 outstanding, maturing on 2026-06-30.
const MATURITY = "2026-06-30";
function renewalProduct(overrides: Partial<MatchProduct> = {}): MatchProduct {
  return product({
    category: LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT,
    purposes: [FinancingPurpose.RENEWAL],
    pricing: fixedPricing(320),
    renewalWindowDays: 30,
    ...overrides,
  });
}
function renewable(overrides: Partial<RenewableLoan> = {}): RenewableLoan {
  return {
    id: "loan-1",
    firmId: FIRM_ID,
    institutionId: BANK_ID,
    status: LoanStatus.PERFORMING,
    maturesOn: MATURITY,
    outstandingFen: wan(300),
    disbursedOn: "2025-06-30",
    collateral: [],
    guaranteed: false,
    ...overrides,
  };
}
function codesOf(input: {
  loan?: Partial<RenewableLoan>;
  product?: Partial<MatchProduct>;
  firm?: Parameters<typeof firm>[0];
  renewedOn?: string;
  amountFen?: bigint;
  termMonths?: number;
}): string[] {
  return evaluateRenewal({
    loan: renewable(input.loan),
    product: renewalProduct(input.product),
    firm: firm(input.firm),
    terms: { amountFen: input.amountFen ?? wan(300), termMonths: input.termMonths ?? 12, renewedOn: input.renewedOn ?? "2026-06-15" },
    lprRates: LPR_2026,
  }).reasons.map((r) => r.code);
}

describe("evaluateRenewal: the matching engine's renewal rules, composed", () => {
  it.each<[string, string, string[]]>([
    ["the day the window opens (maturity − 30 days)", addDays(MATURITY, -30), []],
    ["the day before it opens", addDays(MATURITY, -31), [Code.RENEWAL_OUTSIDE_WINDOW]],
    ["inside the window", "2026-06-15", []],
    ["the maturity day itself", MATURITY, []],
    ["the day after maturity", addDays(MATURITY, 1), [Code.RENEWAL_OUTSIDE_WINDOW]],
  ])("renewal window edges: %s", (_name, renewedOn, expected) => {
    expect(codesOf({ renewedOn })).toEqual(expected);
  });

  it.each<[string, Parameters<typeof codesOf>[0], string[]]>([
    ["an overdue loan", { loan: { status: LoanStatus.OVERDUE } }, [Code.RENEWAL_LOAN_NOT_PERFORMING]],
    ["a repaid loan", { loan: { status: LoanStatus.REPAID } }, [Code.RENEWAL_LOAN_NOT_PERFORMING]],
    ["an already renewed loan", { loan: { status: LoanStatus.RENEWED } }, [Code.RENEWAL_LOAN_NOT_PERFORMING]],
    ["a loan of another bank", { loan: { institutionId: "bank-2" } }, [Code.RENEWAL_LOAN_OTHER_BANK]],
    ["a micro firm", { firm: { size: FirmSize.MICRO } }, []],
    ["a medium firm, loan maturing by 2027-09-30 (金规〔2024〕13号)", { firm: { size: FirmSize.MEDIUM } }, []],
    [
      "a medium firm, loan maturing after 2027-09-30",
      { firm: { size: FirmSize.MEDIUM }, loan: { maturesOn: "2027-10-01", disbursedOn: "2026-10-01" }, renewedOn: "2027-09-15" },
      [Code.RENEWAL_FIRM_NOT_ELIGIBLE],
    ],
    [
      "a medium firm, loan maturing on 2027-09-30 exactly",
      { firm: { size: FirmSize.MEDIUM }, loan: { maturesOn: "2027-09-30", disbursedOn: "2026-09-30" }, renewedOn: "2027-09-15" },
      [],
    ],
    ["a large firm with 无还本续贷", { firm: { size: FirmSize.LARGE } }, [Code.RENEWAL_FIRM_NOT_ELIGIBLE]],
    ["a large firm with 接力贷 (no size rule)", { firm: { size: FirmSize.LARGE }, product: { category: LoanProductCategory.RELAY_LOAN } }, []],
    ["a product that does not serve the firm's region", { product: { servedRegionCodes: ["330000"] } }, [Code.REGION_NOT_SERVED]],
    ["an archived product", { product: { status: "ARCHIVED" as never } }, [Code.PRODUCT_INACTIVE]],
    ["an amount above the product's maximum", { amountFen: wan(1001) }, [Code.AMOUNT_ABOVE_MAX]],
    ["a term above the product's longest", { termMonths: 37 }, [Code.TERM_ABOVE_MAX]],
    ["a product requiring a tier the firm does not hold", { product: { minTier: "SINGLE_CHAMPION" as never } }, [Code.TIER_TOO_LOW]],
    ["a guarantee-only product and an unguaranteed loan", { product: { requiresGuarantee: true } }, [Code.NO_GUARANTEE_AVAILABLE]],
    ["a guarantee-only product and a guaranteed loan (carried over)", { product: { requiresGuarantee: true }, loan: { guaranteed: true } }, []],
    ["a product whose quota is used up (the guarded UPDATE decides)", { product: { usedQuotaFen: wan(10_000) } }, []],
    [
      "every loan rule at once",
      { loan: { status: LoanStatus.OVERDUE, institutionId: "bank-2" }, firm: { size: FirmSize.LARGE }, renewedOn: "2026-05-01" },
      [Code.RENEWAL_LOAN_OTHER_BANK, Code.RENEWAL_LOAN_NOT_PERFORMING, Code.RENEWAL_OUTSIDE_WINDOW, Code.RENEWAL_FIRM_NOT_ELIGIBLE],
    ],
  ])("%s", (_name, input, expected) => {
    expect(codesOf(input)).toEqual(expected);
  });

  it("refuses a product that is not a renewal product with BAD_USER_INPUT on input.productId", () => {
    expect(violationsOf(() => codesOf({ product: { category: LoanProductCategory.CREDIT_LOAN } }))).toEqual([
      { field: "input.productId", rule: "renewal.notRenewalProduct" },
    ]);
  });

  it("gives the published rate and the certification in force on the renewal day", () => {
    const expired = cert({ id: "old", expiresOn: "2026-06-14" });
    const current = cert({ id: "new", tier: "SPECIALIZED_SME" as never, issuedOn: "2026-06-01", expiresOn: "2029-05-31" });
    const evaluation = evaluateRenewal({
      loan: renewable(),
      product: renewalProduct({ pricing: { pricingType: PricingType.LPR_SPREAD, fixedRateBp: null, lprTenor: "ONE_YEAR" as never, spreadBp: 40 } }),
      firm: firm({ certifications: [expired, current] }),
      terms: { amountFen: wan(300), termMonths: 12, renewedOn: "2026-06-15" },
      lprRates: LPR_2026,
    });
    expect({ rate: evaluation.publishedRateBp, cert: evaluation.certification?.id }).toEqual({ rate: 340, cert: "new" });
  });

  it("reports NO_PRICE for an LPR product before any LPR of its tenor", () => {
    const evaluation = evaluateRenewal({
      loan: renewable(),
      product: renewalProduct({ pricing: { pricingType: PricingType.LPR_SPREAD, fixedRateBp: null, lprTenor: "FIVE_YEAR" as never, spreadBp: 0 } }),
      firm: firm(),
      terms: { amountFen: wan(300), termMonths: 12, renewedOn: "2026-06-15" },
      lprRates: [],
    });
    expect(evaluation.reasons.map((r) => r.code)).toEqual([Code.NO_PRICE]);
    expect(evaluation.publishedRateBp).toBeNull();
  });
});

describe("checkRenewalAgainstLoan", () => {
  const terms = parseRenewalDraft({ amount: "3000000", annualRateBp: 320, termMonths: 12, renewedOn: "2026-06-15" }, "2026-06-20");
  const loan = { outstandingFen: wan(300), disbursedOn: "2025-06-30" };
  it.each<[string, Partial<typeof terms>, number | null, Array<{ field: string; rule: string }>]>([
    ["the whole balance at the published rate", {}, 320, []],
    ["a rate below the published one", { annualRateBp: 300 }, 320, []],
    ["no price known (reported as NO_PRICE by the engine)", {}, null, []],
    ["one fen less than the balance", { amountFen: wan(300) - 1n, amount: "2999999.99" }, 320, [{ field: "input.amount", rule: "renewal.amountNotBalance" }]],
    ["more than the balance", { amountFen: wan(301), amount: "3010000.00" }, 320, [{ field: "input.amount", rule: "renewal.amountNotBalance" }]],
    ["a rate above the published one", { annualRateBp: 321 }, 320, [{ field: "input.annualRateBp", rule: "renewal.abovePublishedRate" }]],
    ["a day before the loan was disbursed", { renewedOn: "2025-06-29" }, 320, [{ field: "input.renewedOn", rule: "renewal.beforeDisbursement" }]],
  ])("%s", (_name, overrides, published, expected) => {
    expect(violationsOf(() => checkRenewalAgainstLoan({ ...terms, ...overrides }, loan, published))).toEqual(expected);
  });

  it("tells how to renew less (repay first) and more (apply)", () => {
    expect(() => checkRenewalAgainstLoan({ ...terms, amountFen: wan(200), amount: "2000000.00" }, loan, 320)).toThrow(/recordRepayment/);
    expect(() => checkRenewalAgainstLoan({ ...terms, amountFen: wan(400), amount: "4000000.00" }, loan, 320)).toThrow(/applyForProduct/);
  });
});

/** An application renewing a 100万 loan maturing on MATURITY (2026-06-30) with a 30-day window (it opens on 2026-05-31), approved for the whole balance. */
const APPLICATION_RENEWAL = {
  loan: { id: "loan-1", institutionId: BANK_ID, status: LoanStatus.PERFORMING, maturesOn: MATURITY, outstandingFen: wan(100) },
  product: { institutionId: BANK_ID, category: LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT, renewalWindowDays: 30 },
  firm: { size: FirmSize.SMALL },
  amountFen: wan(100),
};

describe("disbursementRenewalReasons (an application that renews a loan)", () => {
  const base = { ...APPLICATION_RENEWAL, disbursedOn: "2026-06-20" };
  it.each<[string, Partial<typeof base>, string[]]>([
    ["the whole balance inside the window", {}, []],
    ["an approved amount other than the balance", { amountFen: wan(90) }, [RENEWAL_AMOUNT_NOT_BALANCE]],
    ["after maturity", { disbursedOn: addDays(MATURITY, 1) }, [Code.RENEWAL_OUTSIDE_WINDOW]],
    ["an overdue loan (the amount rule is moot)", { loan: { ...base.loan, status: LoanStatus.OVERDUE }, amountFen: wan(1) }, [Code.RENEWAL_LOAN_NOT_PERFORMING]],
  ])("%s", (_name, overrides, expected) => {
    expect(disbursementRenewalReasons({ ...base, ...overrides }).map((r) => r.code)).toEqual(expected);
  });
});

describe("approvalRenewalReasons: a renewal that no disbursement could make is refused at approval (RENEWAL_AMOUNT_NOT_BALANCE and the loan's rules)", () => {
  const base = { ...APPLICATION_RENEWAL, approvedOn: "2026-06-10" };
  it.each<[string, Partial<typeof base>, string[]]>([
    ["the amount equals the balance", {}, []],
    ["the amount is below the balance (90万 of 100万)", { amountFen: wan(90) }, [RENEWAL_AMOUNT_NOT_BALANCE]],
    ["the amount is above the balance", { amountFen: wan(110) }, [RENEWAL_AMOUNT_NOT_BALANCE]],
    ["one fen below the balance", { amountFen: wan(100) - 1n }, [RENEWAL_AMOUNT_NOT_BALANCE]],
    ["a loan that is not performing (the amount rule is moot)", { loan: { ...base.loan, status: LoanStatus.OVERDUE }, amountFen: wan(90) }, [Code.RENEWAL_LOAN_NOT_PERFORMING]],
    ["a loan of another bank", { loan: { ...base.loan, institutionId: "bank-2" } }, [Code.RENEWAL_LOAN_OTHER_BANK]],
    ["a loan that matured the day before the approval", { approvedOn: addDays(MATURITY, 1) }, [Code.RENEWAL_OUTSIDE_WINDOW]],
    ["approved on the maturity day itself (disbursed that day, it renews)", { approvedOn: MATURITY }, []],
    ["approved before the window opens (the disbursement may fall inside it)", { approvedOn: addDays(MATURITY, -90) }, []],
    ["approved the day before the window opens", { approvedOn: addDays(MATURITY, -31) }, []],
    ["a product with no window, approved before maturity", { product: { ...base.product, renewalWindowDays: null as never }, approvedOn: "2026-06-01" }, []],
    ["a large firm with 无还本续贷 (金规〔2024〕13号 does not depend on the day)", { firm: { size: FirmSize.LARGE } }, [Code.RENEWAL_FIRM_NOT_ELIGIBLE]],
  ])("%s", (_name, overrides, expected) => {
    expect(approvalRenewalReasons({ ...base, ...overrides }).map((r) => r.code)).toEqual(expected);
  });

  it("tells the bank what it can do instead: approve the whole balance, or record the repayment first; a matured loan is rejected", () => {
    const [amount] = approvalRenewalReasons({ ...base, amountFen: wan(90) });
    expect(amount!.message.in("en")).toBe(
      "The approved 90万元 differs from the loan's outstanding 100万元: a renewal carries the whole balance over; approve the whole balance (the firm's need must ask for at least that much), or record the firm's repayment of the difference first (recordRepayment).",
    );
    const [matured] = approvalRenewalReasons({ ...base, approvedOn: "2026-07-01" });
    expect(matured!.message.in("en")).toContain("matured before the approval day (2026-07-01), so no disbursement can renew it any more; reject the application (NOT_ELIGIBLE).");
  });

  it("is the disbursement's rule too: the same codes for the same facts judged on the same day", () => {
    for (const amountFen of [wan(90), wan(100), wan(110)]) {
      const on = "2026-06-20";
      const codes = (xs: Array<{ code: string }>) => xs.map((r) => r.code);
      expect(codes(approvalRenewalReasons({ ...base, amountFen, approvedOn: on }))).toEqual(codes(disbursementRenewalReasons({ ...base, amountFen, disbursedOn: on })));
    }
  });
});

describe("needStatusOnDisbursement", () => {
  it.each([FinancingNeedStatus.OPEN, FinancingNeedStatus.MATCHED, FinancingNeedStatus.EXPIRED, FinancingNeedStatus.FINANCED])("%s → FINANCED", (status) => {
    expect(needStatusOnDisbursement(status)).toBe(FinancingNeedStatus.FINANCED);
  });
  it("refuses a WITHDRAWN need with CONFLICT", () => {
    expect(() => needStatusOnDisbursement(FinancingNeedStatus.WITHDRAWN)).toThrow(ConflictError);
  });
});
