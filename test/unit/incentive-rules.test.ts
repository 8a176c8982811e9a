import { CertificationLevel as L, CertificationTier as T, IncentiveKind as K, LoanProductCategory as C } from "../../src/domain/enums";
import {
  applicableAward,
  parseIncentivePolicy,
  policyActiveOn,
  type IncentivePolicyFacts,
  type IncentivePolicyInputRaw,
} from "../../src/domain/incentive-rules";
import { wan } from "../../src/domain/money";
import { violationPairs } from "../support/violations";

const violations = violationPairs;

const common = { name: "云南省专精特新企业贷款贴息", issuer: "云南省财政厅", regionCode: "530000", validFrom: "2025-01-01" };
const subsidy: IncentivePolicyInputRaw = { ...common, kind: K.INTEREST_SUBSIDY, subsidyBp: 100, durationMonths: 12 };
const feeSubsidy: IncentivePolicyInputRaw = { ...common, kind: K.GUARANTEE_FEE_SUBSIDY, subsidyBp: 50, durationMonths: 12 };
const certAward: IncentivePolicyInputRaw = { ...common, kind: K.CERTIFICATION_AWARD, awardAmount: "2000000" };
const listingAward: IncentivePolicyInputRaw = { ...common, kind: K.LISTING_AWARD, awardAmount: "100000" };
const riskComp: IncentivePolicyInputRaw = { ...common, kind: K.RISK_COMPENSATION, riskCompensationShareBp: 4000 };

describe("incentive policy shape by kind", () => {
  it("normalises a valid subsidy: trims text, dedups lists, defaults the optional fields", () => {
    expect(
      parseIncentivePolicy({
        ...subsidy,
        name: "  云南贴息 ",
        tiers: [T.LITTLE_GIANT, T.LITTLE_GIANT, T.SPECIALIZED_SME],
        levels: [L.NATIONAL, L.NATIONAL],
        categories: [C.SRDI_LOAN, C.CREDIT_LOAN, C.SRDI_LOAN],
      }),
    ).toEqual({
      kind: K.INTEREST_SUBSIDY,
      name: "云南贴息",
      issuer: "云南省财政厅",
      regionCode: "530000",
      sourceDocument: null,
      description: "",
      tiers: [T.LITTLE_GIANT, T.SPECIALIZED_SME],
      levels: [L.NATIONAL],
      categories: [C.SRDI_LOAN, C.CREDIT_LOAN],
      subsidyBp: 100,
      durationMonths: 12,
      awardAmount: null,
      riskCompensationShareBp: null,
      exclusiveGroup: null,
      firstCertificationOnly: false,
      validFrom: "2025-01-01",
      validTo: null,
    });
  });

  it("formats an award amount", () => {
    expect(parseIncentivePolicy(certAward).awardAmount).toBe("2000000.00");
  });

  it.each<[string, IncentivePolicyInputRaw, Array<[string, string]>]>([
    // 贴息 and 担保费补贴: subsidyBp 1..1000 and durationMonths 1..120 required; no award, no risk share.
    ["INTEREST_SUBSIDY valid", subsidy, []],
    ["INTEREST_SUBSIDY bounds 1 bp / 1 month", { ...subsidy, subsidyBp: 1, durationMonths: 1 }, []],
    ["INTEREST_SUBSIDY bounds 1000 bp / 120 months", { ...subsidy, subsidyBp: 1000, durationMonths: 120 }, []],
    ["INTEREST_SUBSIDY without subsidyBp", { ...subsidy, subsidyBp: null }, [["input.subsidyBp", "incentive.requiredForKind"]]],
    ["INTEREST_SUBSIDY without durationMonths", { ...subsidy, durationMonths: undefined }, [["input.durationMonths", "incentive.requiredForKind"]]],
    ["INTEREST_SUBSIDY with subsidyBp 0", { ...subsidy, subsidyBp: 0 }, [["input.subsidyBp", "bp.range"]]],
    ["INTEREST_SUBSIDY with subsidyBp 1001", { ...subsidy, subsidyBp: 1001 }, [["input.subsidyBp", "bp.range"]]],
    ["INTEREST_SUBSIDY with durationMonths 0", { ...subsidy, durationMonths: 0 }, [["input.durationMonths", "int.range"]]],
    ["INTEREST_SUBSIDY with durationMonths 121", { ...subsidy, durationMonths: 121 }, [["input.durationMonths", "int.range"]]],
    ["INTEREST_SUBSIDY with an award", { ...subsidy, awardAmount: "1.00" }, [["input.awardAmount", "incentive.forbiddenForKind"]]],
    ["INTEREST_SUBSIDY with a risk share", { ...subsidy, riskCompensationShareBp: 10 }, [["input.riskCompensationShareBp", "incentive.forbiddenForKind"]]],
    ["GUARANTEE_FEE_SUBSIDY valid", feeSubsidy, []],
    ["GUARANTEE_FEE_SUBSIDY without subsidyBp or duration", { ...feeSubsidy, subsidyBp: null, durationMonths: null }, [
      ["input.subsidyBp", "incentive.requiredForKind"],
      ["input.durationMonths", "incentive.requiredForKind"],
    ]],
    ["GUARANTEE_FEE_SUBSIDY with an award", { ...feeSubsidy, awardAmount: "100" }, [["input.awardAmount", "incentive.forbiddenForKind"]]],
    ["GUARANTEE_FEE_SUBSIDY with a risk share", { ...feeSubsidy, riskCompensationShareBp: 100 }, [["input.riskCompensationShareBp", "incentive.forbiddenForKind"]]],
    // Awards: awardAmount > 0 required; no subsidy, duration or risk share.
    ["CERTIFICATION_AWARD valid", certAward, []],
    ["CERTIFICATION_AWARD without an amount", { ...certAward, awardAmount: null }, [["input.awardAmount", "incentive.requiredForKind"]]],
    ["CERTIFICATION_AWARD with amount 0", { ...certAward, awardAmount: "0.00" }, [["input.awardAmount", "money.positive"]]],
    ["CERTIFICATION_AWARD with a subsidy", { ...certAward, subsidyBp: 100 }, [["input.subsidyBp", "incentive.forbiddenForKind"]]],
    ["CERTIFICATION_AWARD with a duration", { ...certAward, durationMonths: 12 }, [["input.durationMonths", "incentive.forbiddenForKind"]]],
    ["CERTIFICATION_AWARD with a risk share", { ...certAward, riskCompensationShareBp: 100 }, [["input.riskCompensationShareBp", "incentive.forbiddenForKind"]]],
    ["CERTIFICATION_AWARD first certification only", { ...certAward, firstCertificationOnly: true }, []],
    ["LISTING_AWARD valid", listingAward, []],
    ["LISTING_AWARD without an amount", { ...listingAward, awardAmount: undefined }, [["input.awardAmount", "incentive.requiredForKind"]]],
    ["LISTING_AWARD with a subsidy", { ...listingAward, subsidyBp: 100, durationMonths: 6 }, [
      ["input.subsidyBp", "incentive.forbiddenForKind"],
      ["input.durationMonths", "incentive.forbiddenForKind"],
    ]],
    ["LISTING_AWARD first certification only", { ...listingAward, firstCertificationOnly: true }, [["input.firstCertificationOnly", "incentive.forbiddenForKind"]]],
    // 风险补偿: riskCompensationShareBp 1..10000; nothing else.
    ["RISK_COMPENSATION valid", riskComp, []],
    ["RISK_COMPENSATION bounds 1 / 10000", { ...riskComp, riskCompensationShareBp: 10000 }, []],
    ["RISK_COMPENSATION share 1", { ...riskComp, riskCompensationShareBp: 1 }, []],
    ["RISK_COMPENSATION without a share", { ...riskComp, riskCompensationShareBp: null }, [["input.riskCompensationShareBp", "incentive.requiredForKind"]]],
    ["RISK_COMPENSATION share 0", { ...riskComp, riskCompensationShareBp: 0 }, [["input.riskCompensationShareBp", "bp.range"]]],
    ["RISK_COMPENSATION share 10001", { ...riskComp, riskCompensationShareBp: 10001 }, [["input.riskCompensationShareBp", "bp.range"]]],
    ["RISK_COMPENSATION with an award", { ...riskComp, awardAmount: "5" }, [["input.awardAmount", "incentive.forbiddenForKind"]]],
    ["RISK_COMPENSATION with a subsidy", { ...riskComp, subsidyBp: 5 }, [["input.subsidyBp", "incentive.forbiddenForKind"]]],
    // Fields common to every kind.
    ["a bad region code", { ...subsidy, regionCode: "990000" }, [["input.regionCode", "regionCode.format"]]],
    ["a blank issuer", { ...subsidy, issuer: " " }, [["input.issuer", "text.required"]]],
    ["a blank name", { ...subsidy, name: "" }, [["input.name", "text.required"]]],
    ["validTo before validFrom", { ...subsidy, validTo: "2024-12-31" }, [["input.validTo", "date.order"]]],
    ["validTo equal to validFrom", { ...subsidy, validTo: "2025-01-01" }, []],
    ["a 61-character exclusive group", { ...certAward, exclusiveGroup: "x".repeat(61) }, [["input.exclusiveGroup", "text.maxLength"]]],
    ["a blank exclusive group", { ...certAward, exclusiveGroup: "  " }, [["input.exclusiveGroup", "text.required"]]],
  ])("%s", (_name, input, expected) => {
    expect(violations(() => parseIncentivePolicy(input))).toEqual(expected);
  });
});

describe("policyActiveOn", () => {
  it.each([
    ["2025-01-01", "2025-12-31", "2024-12-31", false],
    ["2025-01-01", "2025-12-31", "2025-01-01", true],
    ["2025-01-01", "2025-12-31", "2025-12-31", true],
    ["2025-01-01", "2025-12-31", "2026-01-01", false],
    ["2025-01-01", null, "2040-01-01", true],
  ])("from %s to %s, on %s: %s", (validFrom, validTo, on, expected) => {
    expect(policyActiveOn({ validFrom, validTo }, on)).toBe(expected);
  });
});

describe('applicableAward: "从高、不重复"', () => {
  let seq = 0;
  function award(amountWan: number, tiers: T[], levels: L[], extra: Partial<IncentivePolicyFacts> = {}): IncentivePolicyFacts {
    seq++;
    return {
      id: `00000000-0000-0000-0000-${String(seq).padStart(12, "0")}`,
      kind: K.CERTIFICATION_AWARD,
      regionCode: "410100",
      tiers,
      levels,
      awardAmount: `${amountWan * 10000}.00`,
      exclusiveGroup: null,
      validFrom: "2024-01-01",
      validTo: null,
      ...extra,
    };
  }
  const ON = "2025-06-30";

  describe("Zhengzhou (seed 004): one exclusive group", () => {
    const group = { exclusiveGroup: "郑州-认定奖励" };
    const giant = award(200, [T.LITTLE_GIANT], [L.NATIONAL], group); // 国家级小巨人 200万
    const provincial = award(50, [T.SPECIALIZED_SME], [L.PROVINCIAL], group); // 省级专精特新 50万
    const champion = award(500, [T.SINGLE_CHAMPION], [], group); // 单项冠军示范企业 500万
    const policies = [provincial, giant, champion];

    it("pays a firm holding both 省级专精特新 and 国家级小巨人 only the 200万", () => {
      const outcome = applicableAward(
        policies,
        { regionCode: "410105", certifications: [{ tier: T.SPECIALIZED_SME, level: L.PROVINCIAL }, { tier: T.LITTLE_GIANT, level: L.NATIONAL }] },
        ON,
      );
      expect(outcome.paid).toEqual([giant]);
      expect(outcome.totalFen).toBe(wan(200));
      expect(outcome.superseded).toEqual([{ policy: provincial, by: giant }]);
    });

    it("pays a 单项冠军 that is also a 小巨人 only the 500万", () => {
      const outcome = applicableAward(
        policies,
        { regionCode: "410100", certifications: [{ tier: T.SINGLE_CHAMPION, level: L.NATIONAL }, { tier: T.LITTLE_GIANT, level: L.NATIONAL }] },
        ON,
      );
      expect(outcome.paid.map((p) => p.id)).toEqual([champion.id]);
      expect(outcome.totalFen).toBe(wan(500));
    });

    it("pays 省级专精特新 alone its 50万", () => {
      const outcome = applicableAward(policies, { regionCode: "410102", certifications: [{ tier: T.SPECIALIZED_SME, level: L.PROVINCIAL }] }, ON);
      expect(outcome.paid).toEqual([provincial]);
      expect(outcome.totalFen).toBe(wan(50));
    });

    it("pays nothing to a firm outside Zhengzhou, or with a level the policy does not list", () => {
      const certs = [{ tier: T.LITTLE_GIANT, level: L.NATIONAL }];
      expect(applicableAward(policies, { regionCode: "410200", certifications: certs }, ON).totalFen).toBe(0n);
      expect(applicableAward(policies, { regionCode: "410105", certifications: [{ tier: T.LITTLE_GIANT, level: L.PROVINCIAL }] }, ON).paid).toEqual([]);
    });

    it("breaks a tie of equal awards by the smaller id", () => {
      const a = award(100, [T.SPECIALIZED_SME], [], group);
      const b = award(100, [T.INNOVATIVE_SME], [], group);
      const certs = [{ tier: T.INNOVATIVE_SME, level: L.MUNICIPAL }, { tier: T.SPECIALIZED_SME, level: L.MUNICIPAL }];
      const outcome = applicableAward([b, a], { regionCode: "410100", certifications: certs }, ON);
      expect(outcome.paid).toEqual([a.id < b.id ? a : b]);
      expect(outcome.totalFen).toBe(wan(100));
    });
  });

  describe("Jincheng (seed 000): separate awards, no group", () => {
    const jc = { regionCode: "140500" };
    const municipal = award(5, [T.SPECIALIZED_SME], [L.MUNICIPAL], jc); // 市级专精特新 5万
    const provincialGiant = award(10, [T.LITTLE_GIANT], [L.PROVINCIAL], jc); // 省级小巨人 10万
    const nationalGiant = award(20, [T.LITTLE_GIANT], [L.NATIONAL], jc); // 国家级小巨人 20万
    const policies = [municipal, provincialGiant, nationalGiant];

    it.each<[string, Array<{ tier: T; level: L }>, number[], number]>([
      ["市级专精特新", [{ tier: T.SPECIALIZED_SME, level: L.MUNICIPAL }], [5], 5],
      ["省级小巨人", [{ tier: T.LITTLE_GIANT, level: L.PROVINCIAL }], [10], 10],
      ["国家级小巨人", [{ tier: T.LITTLE_GIANT, level: L.NATIONAL }], [20], 20],
      ["市级专精特新 then 国家级小巨人 (each award once)", [{ tier: T.SPECIALIZED_SME, level: L.MUNICIPAL }, { tier: T.LITTLE_GIANT, level: L.NATIONAL }], [20, 5], 25],
      ["省级专精特新 only (no Jincheng award for it)", [{ tier: T.SPECIALIZED_SME, level: L.PROVINCIAL }], [], 0],
    ])("a firm in 城区 holding %s receives %j", (_name, certifications, paidWan, totalWan) => {
      const outcome = applicableAward(policies, { regionCode: "140502", certifications }, ON);
      expect(outcome.paid.map((p) => p.awardAmount)).toEqual(paidWan.map((w) => `${w * 10000}.00`));
      expect(outcome.totalFen).toBe(wan(totalWan));
      expect(outcome.superseded).toEqual([]);
    });

    it("as one exclusive group, pays a firm with several certifications only the highest (20万)", () => {
      const grouped = policies.map((p) => ({ ...p, exclusiveGroup: "晋城-首次认定" }));
      const outcome = applicableAward(
        grouped,
        { regionCode: "140500", certifications: [{ tier: T.SPECIALIZED_SME, level: L.MUNICIPAL }, { tier: T.LITTLE_GIANT, level: L.PROVINCIAL }, { tier: T.LITTLE_GIANT, level: L.NATIONAL }] },
        ON,
      );
      expect(outcome.paid.map((p) => p.id)).toEqual([nationalGiant.id]);
      expect(outcome.superseded.map((s) => s.policy.id)).toEqual([provincialGiant.id, municipal.id]);
      expect(outcome.totalFen).toBe(wan(20));
    });
  });

  it("ignores awards not in force on the date, other kinds, and listing awards", () => {
    const certs = [{ tier: T.LITTLE_GIANT, level: L.NATIONAL }];
    const expired = award(20, [T.LITTLE_GIANT], [], { validTo: "2025-06-29" });
    const future = award(30, [T.LITTLE_GIANT], [], { validFrom: "2025-07-01" });
    const listing = award(10, [], [], { kind: K.LISTING_AWARD });
    const lastDay = award(7, [T.LITTLE_GIANT], [], { validTo: ON });
    const outcome = applicableAward([expired, future, listing, lastDay], { regionCode: "410100", certifications: certs }, ON);
    expect(outcome.paid).toEqual([lastDay]);
  });

  it("applies a province-wide award with empty tier and level lists to any certified firm in the province", () => {
    const any = award(1, [], [], { regionCode: "410000" });
    expect(applicableAward([any], { regionCode: "410105", certifications: [{ tier: T.INNOVATIVE_SME, level: L.MUNICIPAL }] }, ON).paid).toEqual([any]);
    expect(applicableAward([any], { regionCode: "410105", certifications: [] }, ON).paid).toEqual([]);
  });
});
