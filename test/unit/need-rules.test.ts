import { CollateralType as C, FinancingNeedStatus as S, FinancingPurpose as P, NeedVisibility as V } from "../../src/domain/enums";
import { ValidationError, type InputViolation } from "../../src/domain/errors";
import { canWithdraw, validateNeed, type NeedDraft } from "../../src/domain/need-rules";

const TODAY = "2026-03-15";
const LOAN = "11111111-1111-4111-8111-111111111111";
const bank = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function draft(overrides: Partial<NeedDraft> = {}): NeedDraft {
  return {
    amount: "5000000",
    termMonths: 12,
    purpose: P.WORKING_CAPITAL,
    neededBy: "2026-04-30",
    ...overrides,
  };
}

function violationsOf(d: NeedDraft, today = TODAY): InputViolation[] {
  try {
    validateNeed(d, today);
  } catch (e) {
    if (e instanceof ValidationError) return e.violations;
    throw e;
  }
  return [];
}

describe("validateNeed: a valid need", () => {
  it("is normalised, with defaults filled in", () => {
    expect(validateNeed(draft({ collateralOffered: [C.EQUIPMENT, C.REAL_ESTATE, C.EQUIPMENT], description: "  设备更新  " }), TODAY)).toEqual({
      amount: "5000000.00",
      amountFen: 500_000_000n,
      termMonths: 12,
      purpose: P.WORKING_CAPITAL,
      collateralOffered: [C.EQUIPMENT, C.REAL_ESTATE],
      acceptsGuarantee: true,
      maxAnnualRateBp: null,
      neededBy: "2026-04-30",
      renewalOfLoanId: null,
      visibility: V.ALL_BANKS,
      visibleToInstitutionIds: [],
      description: "设备更新",
    });
  });

  it.each<[string, Partial<NeedDraft>]>([
    ["the smallest amount, one fen", { amount: "0.01" }],
    ["the largest amount NUMERIC(18,2) holds", { amount: "9999999999999999.99" }],
    ["term 1 month", { termMonths: 1 }],
    ["term 360 months", { termMonths: 360 }],
    ["neededBy today", { neededBy: TODAY }],
    ["maxAnnualRateBp 0", { maxAnnualRateBp: 0 }],
    ["maxAnnualRateBp 2400", { maxAnnualRateBp: 2400 }],
    ["an empty collateral list (credit only)", { collateralOffered: [] }],
    ["a renewal naming its loan", { purpose: P.RENEWAL, renewalOfLoanId: LOAN }],
    ["SELECTED_BANKS with one bank", { visibility: V.SELECTED_BANKS, visibleToInstitutionIds: [bank(1)] }],
    ["SELECTED_BANKS with 20 banks", { visibility: V.SELECTED_BANKS, visibleToInstitutionIds: Array.from({ length: 20 }, (_, i) => bank(i)) }],
    ["ALL_BANKS with an empty bank list", { visibility: V.ALL_BANKS, visibleToInstitutionIds: [] }],
    ["a 2000-character description", { description: "需".repeat(2000) }],
  ])("accepts %s", (_name, overrides) => {
    expect(violationsOf(draft(overrides))).toEqual([]);
  });

  it("deduplicates the named banks before counting them", () => {
    const ids = [...Array.from({ length: 20 }, (_, i) => bank(i)), bank(0), bank(1)];
    expect(validateNeed(draft({ visibility: V.SELECTED_BANKS, visibleToInstitutionIds: ids }), TODAY).visibleToInstitutionIds).toHaveLength(20);
  });
});

describe("validateNeed: one case per broken rule", () => {
  it.each<[string, Partial<NeedDraft>, string, string]>([
    ["amount zero", { amount: "0" }, "input.amount", "money.positive"],
    ["amount with three decimals", { amount: "1.005" }, "input.amount", "money.format"],
    ["amount float-like with an exponent", { amount: "1e5" }, "input.amount", "money.format"],
    ["amount negative", { amount: "-100" }, "input.amount", "money.format"],
    ["amount with 17 digits", { amount: "10000000000000000" }, "input.amount", "money.format"],
    ["term 0 months", { termMonths: 0 }, "input.termMonths", "int.range"],
    ["term 361 months", { termMonths: 361 }, "input.termMonths", "int.range"],
    ["term not a whole number", { termMonths: 12.5 }, "input.termMonths", "int.range"],
    ["an unknown purpose", { purpose: "SPECULATION" as P }, "input.purpose", "purpose.unknown"],
    ["NONE in the collateral list", { collateralOffered: [C.NONE] }, "input.collateralOffered", "collateral.none"],
    ["NONE next to real collateral", { collateralOffered: [C.REAL_ESTATE, C.NONE] }, "input.collateralOffered", "collateral.none"],
    ["an unknown collateral type", { collateralOffered: ["GOLD" as C] }, "input.collateralOffered", "collateral.unknown"],
    ["maxAnnualRateBp negative", { maxAnnualRateBp: -1 }, "input.maxAnnualRateBp", "bp.range"],
    ["maxAnnualRateBp above 2400", { maxAnnualRateBp: 2401 }, "input.maxAnnualRateBp", "bp.range"],
    ["neededBy yesterday", { neededBy: "2026-03-14" }, "input.neededBy", "date.notPast"],
    ["neededBy not a date", { neededBy: "2026-02-30" }, "input.neededBy", "date.format"],
    ["RENEWAL without a loan", { purpose: P.RENEWAL }, "input.renewalOfLoanId", "renewal.loanRequired"],
    ["a loan without purpose RENEWAL", { purpose: P.WORKING_CAPITAL, renewalOfLoanId: LOAN }, "input.renewalOfLoanId", "renewal.purposeMismatch"],
    ["SELECTED_BANKS naming no bank", { visibility: V.SELECTED_BANKS, visibleToInstitutionIds: [] }, "input.visibleToInstitutionIds", "visibility.banksRequired"],
    ["SELECTED_BANKS with the list omitted", { visibility: V.SELECTED_BANKS }, "input.visibleToInstitutionIds", "visibility.banksRequired"],
    [
      "SELECTED_BANKS naming 21 banks",
      { visibility: V.SELECTED_BANKS, visibleToInstitutionIds: Array.from({ length: 21 }, (_, i) => bank(i)) },
      "input.visibleToInstitutionIds",
      "visibility.tooManyBanks",
    ],
    ["ALL_BANKS naming banks", { visibility: V.ALL_BANKS, visibleToInstitutionIds: [bank(1)] }, "input.visibleToInstitutionIds", "visibility.banksForbidden"],
    ["visibility omitted but banks named", { visibleToInstitutionIds: [bank(1)] }, "input.visibleToInstitutionIds", "visibility.banksForbidden"],
    ["a 2001-character description", { description: "x".repeat(2001) }, "input.description", "text.maxLength"],
  ])("refuses %s", (_name, overrides, field, rule) => {
    expect(violationsOf(draft(overrides))).toEqual([expect.objectContaining({ field, rule })]);
  });

  it("tells the caller to leave the list empty instead of sending NONE", () => {
    expect(violationsOf(draft({ collateralOffered: [C.NONE] }))[0]!.message).toMatch(/leave the list empty to borrow on credit only/);
  });

  it("reports every broken rule at once, in field order", () => {
    const fields = violationsOf(draft({ amount: "0", termMonths: 0, neededBy: "2020-01-01", purpose: P.RENEWAL })).map((v) => v.field);
    expect(fields).toEqual(["input.amount", "input.termMonths", "input.neededBy", "input.renewalOfLoanId"]);
  });

  it("names fields under the given prefix", () => {
    expect(violationsOf(draft({ amount: "0" }))[0]!.field).toBe("input.amount");
    expect(() => validateNeed(draft({ amount: "0" }), TODAY, "need")).toThrow(/need\.amount/);
  });
});

describe("canWithdraw", () => {
  const CASES: Array<[S, boolean]> = [
    [S.OPEN, true],
    [S.MATCHED, true],
    [S.WITHDRAWN, false],
    [S.FINANCED, false],
    [S.EXPIRED, false],
  ];

  it("has a case for every status", () => {
    expect(CASES.map(([status]) => status).sort()).toEqual(Object.values(S).sort());
  });

  it.each(CASES)("%s → allowed %s", (status, allowed) => {
    const decision = canWithdraw(status);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision.reason.in("en")).toContain(`The need is ${status} and cannot be withdrawn`);
  });
});
