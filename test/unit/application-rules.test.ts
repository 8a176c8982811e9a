import {
  agencyIneligibility,
  checkApproval,
  checkGuaranteeDecision,
  checkRejection,
  maxGuaranteeFeeBp,
  requireNeedOpenForApplications,
  type ApprovalDraft,
  type ApprovalLimits,
  type GuaranteeFeeLimits,
} from "../../src/domain/application-rules";
import { CertificationTier as T, FinancingNeedStatus as S, RejectionReasonCode as R } from "../../src/domain/enums";
import { ConflictError } from "../../src/domain/errors";
import type { MatchAgency, MatchAgreement } from "../../src/domain/matching";
import { wan } from "../../src/domain/money";
import { canWithdrawWithApplications, isNeedExpired, needExpiresAfter, needExpiryCutoff, NEED_EXPIRY_GRACE_DAYS } from "../../src/domain/need-rules";
import { violationPairs } from "../support/violations";

const LIMITS: ApprovalLimits = {
  needAmountFen: wan(800),
  productMinAmountFen: wan(50),
  productMaxAmountFen: wan(1000),
  productMinTermMonths: 6,
  productMaxTermMonths: 36,
  publishedRateBp: 380,
  guaranteeFeeBp: null,
};
const OK: ApprovalDraft = { amount: "8000000.00", annualRateBp: 380, termMonths: 12 };

describe("checkApproval", () => {
  it("accepts terms at every bound (amount = need, rate = published, term = product bounds)", () => {
    expect(checkApproval(OK, LIMITS)).toEqual({ amountFen: wan(800), amount: "8000000.00", annualRateBp: 380, termMonths: 12 });
    expect(violationPairs(() => checkApproval({ amount: "500000", annualRateBp: 0, termMonths: 6 }, LIMITS))).toEqual([]);
    expect(violationPairs(() => checkApproval({ ...OK, termMonths: 36 }, LIMITS))).toEqual([]);
  });

  it.each<[string, Partial<ApprovalDraft>, Partial<ApprovalLimits>, Array<[string, string]>]>([
    ["more than the need asked", { amount: "8000000.01" }, {}, [["input.amount", "approval.aboveNeed"]]],
    ["below the product's minimum", { amount: "499999.99" }, {}, [["input.amount", "approval.outsideProductRange"]]],
    ["above the product's maximum (need larger)", { amount: "10000000.01" }, { needAmountFen: wan(2000) }, [["input.amount", "approval.outsideProductRange"]]],
    ["above need and product maximum", { amount: "20000000" }, {}, [["input.amount", "approval.aboveNeed"], ["input.amount", "approval.outsideProductRange"]]],
    ["a zero amount", { amount: "0" }, {}, [["input.amount", "money.positive"]]],
    ["a malformed amount", { amount: "8e6" }, {}, [["input.amount", "money.format"]]],
    ["a term below the product's", { termMonths: 5 }, {}, [["input.termMonths", "approval.outsideProductTerm"]]],
    ["a term above the product's", { termMonths: 37 }, {}, [["input.termMonths", "approval.outsideProductTerm"]]],
    ["a term of 0", { termMonths: 0 }, {}, [["input.termMonths", "int.range"]]],
    ["a rate 1 bp above the published rate", { annualRateBp: 381 }, {}, [["input.annualRateBp", "approval.abovePublishedRate"]]],
    ["a negative rate", { annualRateBp: -1 }, {}, [["input.annualRateBp", "bp.range"]]],
    ["a rate when the LPR is not published", {}, { publishedRateBp: null }, [["input.annualRateBp", "approval.noPublishedRate"]]],
    ["150 bp accepted, 500万 approved", { amount: "5000000" }, { guaranteeFeeBp: 150 }, [["input.amount", "approval.guaranteeFeeCap"]]],
    [
      "everything wrong at once",
      { amount: "9000000", annualRateBp: 500, termMonths: 48 },
      {},
      [
        ["input.amount", "approval.aboveNeed"],
        ["input.termMonths", "approval.outsideProductTerm"],
        ["input.annualRateBp", "approval.abovePublishedRate"],
      ],
    ],
  ])("refuses %s", (_name, draft, limits, expected) => {
    expect(violationPairs(() => checkApproval({ ...OK, ...draft }, { ...LIMITS, ...limits }))).toEqual(expected);
  });

  it.each([
    ["100 bp for 500万", "5000000", 100],
    ["150 bp for 500万 + 0.01", "5000000.01", 150],
  ])("accepts a guarantee fee within the cap of the approved amount: %s", (_name, amount, fee) => {
    expect(violationPairs(() => checkApproval({ ...OK, amount }, { ...LIMITS, guaranteeFeeBp: fee }))).toEqual([]);
  });
});

describe("guarantee fees", () => {
  const limits = (o: Partial<GuaranteeFeeLimits> = {}): GuaranteeFeeLimits => ({ agencyFeeBp: 80, agreedFeeBp: 60, amountFen: wan(300), ...o });

  it.each<[string, Partial<GuaranteeFeeLimits>, number]>([
    ["the agreed fee when it is the lowest", {}, 60],
    ["the agency's fee without an agreement", { agreedFeeBp: null }, 80],
    ["the policy cap up to 500万", { agencyFeeBp: 150, agreedFeeBp: 140, amountFen: wan(500) }, 100],
    ["the agreed fee above 500万", { agencyFeeBp: 150, agreedFeeBp: 140, amountFen: wan(600) }, 140],
    ["the agency's fee when an agreement names more", { agencyFeeBp: 70, agreedFeeBp: 90 }, 70],
  ])("the maximum is %s", (_name, o, max) => {
    expect(maxGuaranteeFeeBp(limits(o))).toBe(max);
  });

  it.each<[string, boolean, number | null, Partial<GuaranteeFeeLimits>, Array<[string, string]>]>([
    ["accepting at the agreed fee", true, 60, {}, []],
    ["accepting for free", true, 0, {}, []],
    ["declining without a fee", false, null, {}, []],
    ["accepting without a fee", true, null, {}, [["input.feeBp", "guarantee.feeRequired"]]],
    ["declining with a fee", false, 50, {}, [["input.feeBp", "guarantee.feeWithDecline"]]],
    ["a fee above the agreement's", true, 61, {}, [["input.feeBp", "guarantee.feeAboveAgreement"]]],
    ["a fee above the agency's and the agreement's", true, 81, {}, [["input.feeBp", "guarantee.feeAboveAgency"], ["input.feeBp", "guarantee.feeAboveAgreement"]]],
    ["a fee above the cap for 500万", true, 101, { agencyFeeBp: 150, agreedFeeBp: null, amountFen: wan(500) }, [["input.feeBp", "guarantee.feeCap"]]],
    ["150 bp above 500万", true, 150, { agencyFeeBp: 150, agreedFeeBp: null, amountFen: wan(501) }, []],
    ["a negative fee", true, -1, {}, [["input.feeBp", "bp.range"]]],
    ["a fee above every cap", true, 151, { agencyFeeBp: 150, agreedFeeBp: null, amountFen: wan(600) }, [["input.feeBp", "bp.range"]]],
  ])("%s", (_name, accept, fee, o, expected) => {
    expect(violationPairs(() => checkGuaranteeDecision(accept, fee, limits(o)))).toEqual(expected);
  });

  it("returns the fee to store: the fee when accepting, null when declining", () => {
    expect(checkGuaranteeDecision(true, 55, limits())).toBe(55);
    expect(checkGuaranteeDecision(false, undefined, limits())).toBeNull();
  });
});

describe("checkRejection", () => {
  it.each<[string, R, string | null, Array<[string, string]>, string | null]>([
    ["a reason without a note", R.CREDIT_RISK, null, [], null],
    ["a reason with a note (trimmed)", R.INCOMPLETE_DOCUMENTS, "  缺少近三年财务报表  ", [], "缺少近三年财务报表"],
    ["OTHER with a note", R.OTHER, "企业主动放弃", [], "企业主动放弃"],
    ["OTHER without a note", R.OTHER, "  ", [["input.note", "text.required"]], null],
    ["a note that is too long", R.CREDIT_RISK, "x".repeat(2001), [["input.note", "text.maxLength"]], null],
    ["an unknown reason", "BAD_LUCK" as R, null, [["input.reasonCode", "rejection.unknownReason"]], null],
  ])("%s", (_name, reason, note, expected, stored) => {
    expect(violationPairs(() => checkRejection(reason, note))).toEqual(expected);
    if (expected.length === 0) expect(checkRejection(reason, note)).toBe(stored);
  });
});

describe("need expiry (NEED_EXPIRY_GRACE_DAYS)", () => {
  it("is 30 days", () => expect(NEED_EXPIRY_GRACE_DAYS).toBe(30));

  it.each([
    ["2026-03-01", "2026-03-31", false, "still open on the last day of the grace period"],
    ["2026-03-01", "2026-04-01", true, "expired the day after"],
    ["2026-03-01", "2026-03-01", false, "open on the needed-by date"],
    ["2026-12-31", "2027-01-31", true, "across a year end"],
    ["2026-02-01", "2026-03-03", false, "across February (28 days)"],
    ["2026-02-01", "2026-03-04", true, "across February, the day after"],
  ])("a need needed by %s on %s: expired %s (%s)", (neededBy, today, expired) => {
    expect(isNeedExpired(neededBy, today)).toBe(expired);
    // The SQL form agrees: needed_by < cutoff(today).
    expect(neededBy < needExpiryCutoff(today)).toBe(expired);
  });

  it("names the last open day", () => expect(needExpiresAfter("2026-03-01")).toBe("2026-03-31"));
});

describe("requireNeedOpenForApplications", () => {
  const today = "2026-06-01";
  it.each([
    [S.OPEN, "2026-06-30", null],
    [S.MATCHED, "2026-06-30", null],
    [S.OPEN, "2026-05-02", null],
    [S.OPEN, "2026-05-01", /expired after 2026-05-31/],
    [S.WITHDRAWN, "2026-06-30", /WITHDRAWN/],
    [S.FINANCED, "2026-06-30", /FINANCED/],
    [S.EXPIRED, "2026-06-30", /EXPIRED/],
  ] as const)("a %s need needed by %s", (status, neededBy, refusal) => {
    const run = () => requireNeedOpenForApplications({ status, neededBy }, today);
    if (refusal === null) expect(run).not.toThrow();
    else {
      expect(run).toThrow(ConflictError);
      expect(run).toThrow(refusal);
    }
  });
});

describe("canWithdrawWithApplications", () => {
  it("allows a need without live applications", () => expect(canWithdrawWithApplications([])).toEqual({ allowed: true }));
  it("refuses one with a live application and says what to do", () => {
    const d = canWithdrawWithApplications([{ id: "a1", status: "APPROVED" }]);
    expect(d.allowed).toBe(false);
    expect(!d.allowed && d.reason.in("en")).toContain("Withdraw it first (withdrawApplication)");
    expect(!d.allowed && d.reason.in("en")).toContain("a1 (APPROVED)");
  });
  it("lists several", () => {
    const d = canWithdrawWithApplications([{ id: "a1", status: "SUBMITTED" }, { id: "a2", status: "UNDER_REVIEW" }]);
    expect(!d.allowed && d.reason.in("en")).toContain("2 live applications: a1 (SUBMITTED), a2 (UNDER_REVIEW). Withdraw them first");
  });
});

describe("agencyIneligibility", () => {
  const BANK = "bank";
  const agency: MatchAgency = {
    id: "ag",
    name: "浙江省融资担保",
    regionCode: "330000",
    tiersServed: [T.SPECIALIZED_SME, T.LITTLE_GIANT],
    feeRateBp: 80,
    maxAmountPerFirmFen: wan(1000),
    capacityFen: wan(5000),
    usedCapacityFen: wan(4000),
  };
  const agreement: MatchAgreement = {
    id: "g",
    agencyId: "ag",
    institutionId: BANK,
    agreedFeeRateBp: 60,
    creditLineFen: null,
    usedLineFen: 0n,
    validFrom: "2026-01-01",
    validTo: null,
    waiverApprovalDays: null,
  };
  const base: Parameters<typeof agencyIneligibility>[0] = { agency, agreements: [agreement], institutionId: BANK, firmRegionCode: "330106", effectiveTier: T.SPECIALIZED_SME, amountFen: wan(500), on: "2026-06-01" };
  const rules = (o: Partial<typeof base>) => agencyIneligibility({ ...base, ...o }).map((r) => r.rule);

  it.each<[string, Partial<typeof base>, string[]]>([
    ["an eligible agency", {}, []],
    ["another region", { firmRegionCode: "140500" }, ["guarantee.region"]],
    ["a tier not served", { effectiveTier: T.INNOVATIVE_SME }, ["guarantee.tier"]],
    ["no certification", { effectiveTier: null }, ["guarantee.tier"]],
    ["above the per-firm maximum and capacity", { amountFen: wan(1001) }, ["guarantee.perFirmMax", "guarantee.capacity"]],
    ["exactly the capacity left", { amountFen: wan(1000) }, []],
    ["no agreement with the bank", { institutionId: "other-bank" }, ["guarantee.agreement"]],
    ["an agreement not yet in force", { on: "2025-12-31" }, ["guarantee.agreement"]],
    ["an agreement line too small", { agreements: [{ ...agreement, creditLineFen: wan(800), usedLineFen: wan(400) }] }, ["guarantee.agreementLine"]],
  ])("%s", (_name, o, expected) => {
    expect(rules(o)).toEqual(expected);
  });
});
