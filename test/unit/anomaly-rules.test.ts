import {
  ANOMALY_RULE_ORDER,
  AnomalyReason as R,
  AnomalyRule,
  approvalEligibilityReasons,
  certificationReasons,
  decodeAnomalyCursor,
  describeAnomaly,
  encodeAnomalyCursor,
  guaranteeFeeBounds,
  isShownAuditEvent,
  quotaOverruns,
  rateAbovePublished,
  renewalPredecessorReasons,
  ruleRank,
  type ApprovalFacts,
  type EligibilityTerms,
  type PredecessorFacts,
} from "../../src/domain/anomaly-rules";
import {
  CertificationLevel as L,
  CertificationStatus,
  CertificationTier as T,
  FinancingPurpose as P,
  LoanProductCategory,
  LoanProductStatus,
  LoanStatus,
  LprTenor,
  PricingType,
} from "../../src/domain/enums";
import { wan } from "../../src/domain/money";
import { EXCLUSIVE_LINE_MIN_FEN, exclusiveLineCheck, utilizationBp, type ExclusiveLineProduct } from "../../src/domain/quota-utilization";
import type { CertificationFacts } from "../../src/domain/tier";

const cert = (over: Partial<CertificationFacts> = {}): CertificationFacts => ({
  id: "c1",
  certificateNo: "C-1",
  tier: T.SPECIALIZED_SME,
  level: L.PROVINCIAL,
  status: CertificationStatus.ACTIVE,
  issuedOn: "2024-01-01",
  expiresOn: "2026-12-31",
  revokedOn: null,
  ...over,
});

describe("rule order and ranks", () => {
  it("lists the six rules in a fixed order, ranked from 1", () => {
    expect(ANOMALY_RULE_ORDER).toEqual([
      AnomalyRule.CERTIFICATION_NOT_IN_FORCE,
      AnomalyRule.RATE_ABOVE_PUBLISHED,
      AnomalyRule.GUARANTEE_FEE_ABOVE_CAP,
      AnomalyRule.QUOTA_EXCEEDED,
      AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR,
      AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY,
    ]);
    expect(ANOMALY_RULE_ORDER.map(ruleRank)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("CERTIFICATION_NOT_IN_FORCE (certificationReasons)", () => {
  const day = "2026-03-02";
  it.each<[string, CertificationFacts | null, CertificationFacts[], boolean, R[]]>([
    ["recorded and in force", cert(), [cert()], true, []],
    ["recorded, revoked the day before", cert({ status: CertificationStatus.REVOKED, revokedOn: "2026-03-01" }), [], true, [R.RECORDED_CERTIFICATION_REVOKED]],
    ["recorded, revoked that very day (revocation counts from revokedOn)", cert({ status: CertificationStatus.REVOKED, revokedOn: day }), [], false, [R.RECORDED_CERTIFICATION_REVOKED]],
    ["recorded, revoked the day after: still in force", cert({ status: CertificationStatus.REVOKED, revokedOn: "2026-03-03" }), [], true, []],
    ["recorded, expired the day before", cert({ expiresOn: "2026-03-01" }), [], true, [R.RECORDED_CERTIFICATION_EXPIRED]],
    ["recorded, last day of validity: in force", cert({ expiresOn: day }), [], true, []],
    ["recorded as EXPIRED inside its dates", cert({ status: CertificationStatus.EXPIRED }), [], true, [R.RECORDED_CERTIFICATION_EXPIRED]],
    ["recorded, issued the day after", cert({ issuedOn: "2026-03-03", expiresOn: "2029-03-02" }), [], true, [R.RECORDED_CERTIFICATION_NOT_YET_ISSUED]],
    ["none recorded, product requires one, firm's only one expired", null, [cert({ expiresOn: "2025-12-31" })], true, [R.NO_CERTIFICATION_IN_FORCE]],
    ["none recorded, product requires one, firm never certified", null, [], true, [R.NO_CERTIFICATION_IN_FORCE]],
    ["none recorded, product requires one, another in force", null, [cert({ expiresOn: "2025-12-31" }), cert({ id: "c2" })], true, []],
    ["none recorded, product requires none", null, [], false, []],
  ])("%s", (_name, recorded, certifications, requiresCertification, reasons) => {
    expect(certificationReasons({ disbursedOn: day, recorded, certifications, requiresCertification })).toEqual(reasons);
  });
});

describe("RATE_ABOVE_PUBLISHED (rateAbovePublished)", () => {
  const lpr = [
    { tenor: LprTenor.ONE_YEAR, effectiveOn: "2025-05-20", rateBp: 300 },
    { tenor: LprTenor.ONE_YEAR, effectiveOn: "2026-03-02", rateBp: 345 },
    { tenor: LprTenor.FIVE_YEAR, effectiveOn: "2025-05-20", rateBp: 350 },
  ];
  const lpr1y = { pricingType: PricingType.LPR_SPREAD, fixedRateBp: null, lprTenor: LprTenor.ONE_YEAR, spreadBp: 105 };
  const fixed = { pricingType: PricingType.FIXED, fixedRateBp: 380, lprTenor: null, spreadBp: null };
  it.each([
    ["fixed, at the rate", fixed, 380, "2026-03-02", null],
    ["fixed, 1 bp above", fixed, 381, "2026-03-02", 380],
    ["LPR 1Y + 105 on the day a new LPR takes effect: 345 + 105", lpr1y, 451, "2026-03-02", 450],
    ["LPR 1Y + 105 the day before: 300 + 105", lpr1y, 406, "2026-03-01", 405],
    ["LPR 1Y + 105, at the rate", lpr1y, 450, "2026-03-02", null],
    ["LPR before any LPR of the tenor: no price, no anomaly", lpr1y, 999, "2020-01-01", null],
  ] as const)("%s", (_name, pricing, rateBp, pricingDay, publishedBp) => {
    const found = rateAbovePublished({ rateBp, pricing, lprRates: lpr, pricingDay });
    expect(found?.publishedBp ?? null).toBe(publishedBp);
  });

  it("names the LPR in force and the spread", () => {
    expect(rateAbovePublished({ rateBp: 520, pricing: lpr1y, lprRates: lpr, pricingDay: "2026-03-02" })).toEqual({
      publishedBp: 450,
      pricingType: PricingType.LPR_SPREAD,
      lprTenor: LprTenor.ONE_YEAR,
      lprBp: 345,
      lprEffectiveOn: "2026-03-02",
      spreadBp: 105,
    });
  });

  it("never prices below 0 (a negative spread larger than the LPR)", () => {
    const pricing = { pricingType: PricingType.LPR_SPREAD, fixedRateBp: null, lprTenor: LprTenor.FIVE_YEAR, spreadBp: -400 };
    expect(rateAbovePublished({ rateBp: 1, pricing, lprRates: lpr, pricingDay: "2026-03-02" })?.publishedBp).toBe(0);
  });
});

describe("GUARANTEE_FEE_ABOVE_CAP (guaranteeFeeBounds)", () => {
  it.each([
    ["within every bound", 60, wan(300), 80, 60, []],
    ["above the agreement only", 70, wan(300), 80, 60, [R.FEE_ABOVE_AGREEMENT]],
    ["above agency and agreement", 90, wan(300), 80, 60, [R.FEE_ABOVE_AGENCY, R.FEE_ABOVE_AGREEMENT]],
    ["above all three up to 500万 (cap 100)", 120, wan(300), 80, 60, [R.FEE_ABOVE_AGENCY, R.FEE_ABOVE_AGREEMENT, R.FEE_ABOVE_POLICY_CAP]],
    ["exactly 500万 keeps the 100 bp cap", 101, wan(500), 150, null, [R.FEE_ABOVE_POLICY_CAP]],
    ["above 500万 the cap is 150", 140, wan(500) + 1n, 150, null, []],
    ["above 500万, above 150", 151, wan(600), 150, null, [R.FEE_ABOVE_AGENCY, R.FEE_ABOVE_POLICY_CAP]],
    ["no agreement: its bound does not apply", 90, wan(300), 100, null, []],
  ] as const)("%s", (_name, feeBp, principalFen, agencyFeeBp, agreedFeeBp, bounds) => {
    expect(guaranteeFeeBounds({ feeBp, principalFen, agencyFeeBp, agreedFeeBp })).toEqual(bounds);
  });
});

describe("QUOTA_EXCEEDED (quotaOverruns)", () => {
  it.each([
    ["under the line", wan(1000), [wan(400), wan(500)], []],
    ["exactly at the line: not over", wan(1000), [wan(400), wan(600)], []],
    ["the third goes over, and every one after it", wan(1000), [wan(400), wan(500), wan(200), wan(50)], [["c3", wan(1100)], ["c4", wan(1150)]]],
    ["the first alone is over", wan(100), [wan(200)], [["c1", wan(200)]]],
  ] as const)("%s", (_name, reserved, amounts, over) => {
    const commitments = amounts.map((amountFen, i) => ({ id: `c${i + 1}`, amountFen }));
    expect(quotaOverruns(reserved, commitments)).toEqual(over.map(([id, runningFen]) => ({ id, runningFen })));
  });
});

describe("RENEWAL_WITHOUT_PERFORMING_PREDECESSOR (renewalPredecessorReasons)", () => {
  const renewal = { firmId: "f1", institutionId: "b1", disbursedOn: "2026-06-10" };
  const good: PredecessorFacts = { firmId: "f1", institutionId: "b1", maturesOn: "2026-06-30", status: LoanStatus.RENEWED, closedOn: "2026-06-10" };
  it.each<[string, PredecessorFacts | null, R[]]>([
    ["a performing loan closed by the renewal that day", good, []],
    ["renewed on its maturity day", { ...good, maturesOn: "2026-06-10" }, []],
    ["no predecessor", null, [R.NO_PREDECESSOR]],
    ["another firm's loan", { ...good, firmId: "f2" }, [R.PREDECESSOR_OTHER_FIRM]],
    ["another bank's loan", { ...good, institutionId: "b2" }, [R.PREDECESSOR_OTHER_BANK]],
    ["matured the day before", { ...good, maturesOn: "2026-06-09" }, [R.PREDECESSOR_MATURED]],
    ["OVERDUE", { ...good, status: LoanStatus.OVERDUE, closedOn: null }, [R.PREDECESSOR_OVERDUE]],
    ["repaid a month before", { ...good, status: LoanStatus.REPAID, closedOn: "2026-05-10" }, [R.PREDECESSOR_CLOSED_BEFORE]],
    ["repaid that day, not renewed", { ...good, status: LoanStatus.REPAID, closedOn: "2026-06-10" }, [R.PREDECESSOR_REPAID]],
    ["renewed before by another renewal", { ...good, closedOn: "2026-06-01" }, [R.PREDECESSOR_CLOSED_BEFORE]],
    ["still performing: balance not carried over", { ...good, status: LoanStatus.PERFORMING, closedOn: null }, [R.PREDECESSOR_STILL_RUNNING]],
    [
      "matured, overdue, other bank",
      { ...good, institutionId: "b2", maturesOn: "2026-05-01", status: LoanStatus.OVERDUE, closedOn: null },
      [R.PREDECESSOR_OTHER_BANK, R.PREDECESSOR_MATURED, R.PREDECESSOR_OVERDUE],
    ],
  ])("%s", (_name, predecessor, reasons) => {
    expect(renewalPredecessorReasons(renewal, predecessor)).toEqual(reasons);
  });
});

describe("APPROVAL_OUTSIDE_ELIGIBILITY (approvalEligibilityReasons)", () => {
  const terms: EligibilityTerms = {
    minAmountFen: wan(50),
    maxAmountFen: wan(1000),
    minTermMonths: 6,
    maxTermMonths: 36,
    minTier: T.SPECIALIZED_SME,
    minLevel: null,
    servedRegionCodes: ["140500"],
    industryPrefixes: ["C"],
    purposes: [P.WORKING_CAPITAL],
    validFrom: "2025-01-01",
    validTo: "2027-12-31",
    requiresGuarantee: false,
  };
  const approval: ApprovalFacts = {
    approvedOn: "2026-03-02",
    amountFen: wan(300),
    termMonths: 12,
    purpose: P.WORKING_CAPITAL,
    guaranteed: false,
    firm: { regionCode: "140581", industryCode: "C3411", certifications: [cert()] },
  };
  it.each<[string, Partial<ApprovalFacts>, Partial<EligibilityTerms>, R[]]>([
    ["inside every rule", {}, {}, []],
    ["amount at both edges", { amountFen: wan(1000) }, {}, []],
    ["amount above the maximum", { amountFen: wan(1000) + 1n }, {}, [R.AMOUNT_OUT_OF_RANGE]],
    ["amount below the minimum", { amountFen: wan(49) }, {}, [R.AMOUNT_OUT_OF_RANGE]],
    ["term above the maximum", { termMonths: 48 }, {}, [R.TERM_OUT_OF_RANGE]],
    ["certification revoked before the approval", { firm: { ...approval.firm, certifications: [cert({ status: CertificationStatus.REVOKED, revokedOn: "2026-03-01" })] } }, {}, [R.TIER_TOO_LOW]],
    ["tier below the minimum", { firm: { ...approval.firm, certifications: [cert({ tier: T.INNOVATIVE_SME })] } }, {}, [R.TIER_TOO_LOW]],
    ["level below the minimum level", {}, { minLevel: L.NATIONAL }, [R.TIER_TOO_LOW]],
    ["no minimum: an uncertified firm is fine", { firm: { ...approval.firm, certifications: [] } }, { minTier: null }, []],
    ["region not served", { firm: { ...approval.firm, regionCode: "330102" } }, {}, [R.REGION_NOT_SERVED]],
    ["a province serves its counties", { firm: { ...approval.firm, regionCode: "330102" } }, { servedRegionCodes: ["330000"] }, []],
    ["industry not served", { firm: { ...approval.firm, industryCode: "I6511" } }, {}, [R.INDUSTRY_NOT_SERVED]],
    ["no industry prefixes serve all", { firm: { ...approval.firm, industryCode: "I6511" } }, { industryPrefixes: [] }, []],
    ["purpose not funded", { purpose: P.FIXED_ASSETS }, {}, [R.PURPOSE_NOT_ALLOWED]],
    ["after the validity window", { approvedOn: "2028-01-01", firm: { ...approval.firm, certifications: [cert({ expiresOn: "2029-01-01" })] } }, {}, [R.OUTSIDE_VALIDITY]],
    ["guarantee required, none accepted", {}, { requiresGuarantee: true }, [R.GUARANTEE_MISSING]],
    ["guarantee required and accepted", { guaranteed: true }, { requiresGuarantee: true }, []],
  ])("%s", (_name, a, t, reasons) => {
    expect(approvalEligibilityReasons({ ...approval, ...a }, { ...terms, ...t })).toEqual(reasons);
  });
});

describe("which audit events an anomaly shows", () => {
  it.each([
    ["Loan", "disburseLoan", true],
    ["Loan", "recordRepayment", true],
    ["Certification", "revokeCertification", true],
    ["LoanProduct", "createLoanProduct", true],
    ["LoanProduct", "updateLoanProduct", true],
    ["LoanProduct", "archiveLoanProduct", true],
    ["LoanProduct", "approveApplication", false],
    ["LoanProduct", "recordRepayment", false],
    ["GuaranteeAgency", "createGuaranteeAgency", true],
    ["GuaranteeAgency", "disburseLoan", false],
    ["GuaranteeAgreement", "approveApplication", false],
  ] as const)("%s / %s: %s", (recordType, operation, shown) => {
    expect(isShownAuditEvent(recordType, operation)).toBe(shown);
  });
});

describe("sentences name the figures", () => {
  it.each([
    [
      "rate, LPR",
      {
        rule: AnomalyRule.RATE_ABOVE_PUBLISHED,
        reasons: [R.ABOVE_PUBLISHED_RATE],
        rateBp: 520,
        pricingDay: "2026-03-02",
        pricedAt: "APPROVAL",
        publishedBp: 450,
        pricingType: PricingType.LPR_SPREAD,
        lprTenor: LprTenor.ONE_YEAR,
        lprBp: 345,
        lprEffectiveOn: "2026-02-20",
        spreadBp: 105,
      },
      "Rate 520 bp exceeds the product's published 450 bp (挂牌利率, LPR 1Y 345 in force since 2026-02-20 + 105) on 2026-03-02, the approval day, by 70 bp.",
    ],
    [
      "rate, fixed",
      {
        rule: AnomalyRule.RATE_ABOVE_PUBLISHED,
        reasons: [R.ABOVE_PUBLISHED_RATE],
        rateBp: 400,
        pricingDay: "2026-03-02",
        pricedAt: "DISBURSEMENT",
        publishedBp: 380,
        pricingType: PricingType.FIXED,
        lprTenor: null,
        lprBp: null,
        lprEffectiveOn: null,
        spreadBp: null,
      },
      "Rate 400 bp exceeds the product's published 380 bp (挂牌利率, fixed) on 2026-03-02, the disbursement day, by 20 bp.",
    ],
    [
      "fee, three bounds",
      {
        rule: AnomalyRule.GUARANTEE_FEE_ABOVE_CAP,
        reasons: [R.FEE_ABOVE_AGENCY, R.FEE_ABOVE_AGREEMENT, R.FEE_ABOVE_POLICY_CAP],
        feeBp: 120,
        principalFen: wan(300),
        agencyFeeBp: 80,
        agreedFeeBp: 60,
        capBp: 100,
      },
      "Guarantee fee 120 bp (担保费率) exceeds the agency's published 80 bp, the 总对总 agreement's agreed 60 bp and the policy cap of 100 bp for a guarantee of 300万元 (国办发〔2019〕6号: 1% up to 500万元, 1.5% above).",
    ],
    [
      "quota",
      {
        rule: AnomalyRule.QUOTA_EXCEEDED,
        reasons: [R.COMMITMENTS_ABOVE_RESERVE],
        kind: "LOAN",
        amountFen: wan(500),
        runningFen: wan(1300),
        reservedFen: wan(1000),
        committedFen: wan(1300),
        ledgerUsedFen: wan(800),
      },
      "With this loan's balance of 500万元 the product's commitments reach 1300万元, above its reserved line (预留授信额度) of 1000万元 by 300万元; all its commitments now total 1300万元, its quota ledger (已用额度) reads 800万元.",
    ],
    [
      "renewal",
      {
        rule: AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR,
        reasons: [R.PREDECESSOR_OVERDUE],
        renewedOn: "2026-06-10",
        predecessor: { id: "L0", firmId: "f", institutionId: "b", maturesOn: "2026-06-30", status: LoanStatus.OVERDUE, closedOn: null },
      },
      "Renewal (续贷) disbursed on 2026-06-10 renews loan L0, which is OVERDUE (逾期): the predecessor was not performing at the renewal.",
    ],
  ] as const)("%s", (_name, facts, sentence) => {
    expect(describeAnomaly(facts as never).in("en")).toBe(sentence);
  });
});

describe("sentences in Chinese (Accept-Language: zh-CN) name the same figures", () => {
  const certificate = { certificateNo: "CERT-7", tier: T.SPECIALIZED_SME, level: L.PROVINCIAL, issuedOn: "2024-01-01", expiresOn: "2026-05-31", revokedOn: null };
  const terms: EligibilityTerms = {
    minAmountFen: wan(50),
    maxAmountFen: wan(1000),
    minTermMonths: 6,
    maxTermMonths: 36,
    minTier: T.SPECIALIZED_SME,
    minLevel: L.PROVINCIAL,
    servedRegionCodes: ["140500"],
    industryPrefixes: ["C39"],
    purposes: [P.WORKING_CAPITAL],
    validFrom: "2026-01-01",
    validTo: "2026-03-31",
    requiresGuarantee: true,
  };
  const rate = { rule: AnomalyRule.RATE_ABOVE_PUBLISHED, reasons: [R.ABOVE_PUBLISHED_RATE], rateBp: 520, pricingDay: "2026-03-02", publishedBp: 450 };
  const predecessor = { id: "L0", firmId: "f", institutionId: "b", maturesOn: "2026-06-30", status: LoanStatus.REPAID, closedOn: "2026-06-01" };
  it.each([
    [
      "certification recorded, revoked",
      { rule: AnomalyRule.CERTIFICATION_NOT_IN_FORCE, reasons: [R.RECORDED_CERTIFICATION_REVOKED], disbursedOn: "2026-04-10", recorded: { ...certificate, revokedOn: "2026-04-01" }, minTier: null, minLevel: null, lastCertificate: null },
      ["2026-04-10 放款", "证书 CERT-7（省级专精特新中小企业，有效期 2024-01-01 至 2026-05-31）", "已于 2026-04-01 撤销", "放款日认定不在有效期内"],
    ],
    [
      "certification recorded, issued later",
      { rule: AnomalyRule.CERTIFICATION_NOT_IN_FORCE, reasons: [R.RECORDED_CERTIFICATION_NOT_YET_ISSUED], disbursedOn: "2023-12-01", recorded: certificate, minTier: null, minLevel: null, lastCertificate: null },
      ["2023-12-01 放款", "至 2024-01-01 方才颁发", "放款日认定不在有效期内"],
    ],
    [
      "certification recorded, expired",
      { rule: AnomalyRule.CERTIFICATION_NOT_IN_FORCE, reasons: [R.RECORDED_CERTIFICATION_EXPIRED], disbursedOn: "2026-06-10", recorded: certificate, minTier: null, minLevel: null, lastCertificate: null },
      ["有效期已于 2026-05-31 届满（已过期）", "放款日认定不在有效期内"],
    ],
    [
      "certification required, last one expired",
      { rule: AnomalyRule.CERTIFICATION_NOT_IN_FORCE, reasons: [R.NO_CERTIFICATION_IN_FORCE], disbursedOn: "2026-06-10", recorded: null, minTier: T.SPECIALIZED_SME, minLevel: null, lastCertificate: certificate },
      ["2026-06-10 放款", "要求企业具备专精特新中小企业认定", "认定不在有效期", "企业最近一份证书 CERT-7", "有效期已于 2026-05-31 届满（已过期）"],
    ],
    [
      "certification required, none ever",
      { rule: AnomalyRule.CERTIFICATION_NOT_IN_FORCE, reasons: [R.NO_CERTIFICATION_IN_FORCE], disbursedOn: "2026-06-10", recorded: null, minTier: null, minLevel: L.NATIONAL, lastCertificate: null },
      ["要求企业具备国家级认定", "企业未获颁任何认定证书"],
    ],
    [
      "rate, LPR",
      { ...rate, pricedAt: "APPROVAL", pricingType: PricingType.LPR_SPREAD, lprTenor: LprTenor.ONE_YEAR, lprBp: 345, lprEffectiveOn: "2026-02-20", spreadBp: 105 },
      ["贷款利率 520 个基点", "2026-03-02（审批日）的挂牌利率 450 个基点", "1年期LPR 345 个基点（自 2026-02-20 起执行）加 105 个基点", "超出 70 个基点"],
    ],
    [
      "rate, LPR 5Y below the spread",
      { ...rate, pricedAt: "DISBURSEMENT", pricingType: PricingType.LPR_SPREAD, lprTenor: LprTenor.FIVE_YEAR, lprBp: 470, lprEffectiveOn: "2026-02-20", spreadBp: -20 },
      ["2026-03-02（放款日）", "5年期以上LPR 470 个基点", "减 20 个基点"],
    ],
    [
      "rate, fixed",
      { ...rate, pricedAt: "DISBURSEMENT", pricingType: PricingType.FIXED, lprTenor: null, lprBp: null, lprEffectiveOn: null, spreadBp: null },
      ["挂牌利率 450 个基点（固定利率）", "放款日", "超出 70 个基点"],
    ],
    [
      "fee, three bounds",
      { rule: AnomalyRule.GUARANTEE_FEE_ABOVE_CAP, reasons: [R.FEE_ABOVE_AGENCY, R.FEE_ABOVE_AGREEMENT, R.FEE_ABOVE_POLICY_CAP], feeBp: 120, principalFen: wan(300), agencyFeeBp: 80, agreedFeeBp: 60, capBp: 100 },
      ["担保费率 120 个基点", "担保机构公布费率 80 个基点", "总对总合作协议约定费率 60 个基点", "300万元担保的政策上限 100 个基点", "国办发〔2019〕6号"],
    ],
    [
      "quota, an approval",
      { rule: AnomalyRule.QUOTA_EXCEEDED, reasons: [R.COMMITMENTS_ABOVE_RESERVE], kind: "APPLICATION", amountFen: wan(500), runningFen: wan(1300), reservedFen: wan(1000), committedFen: wan(1300), ledgerUsedFen: wan(800) },
      ["已审批未放款的500万元", "1300万元", "超过预留授信额度1000万元，超出300万元", "已用额度为800万元"],
    ],
    [
      "renewal without a predecessor",
      { rule: AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR, reasons: [R.NO_PREDECESSOR], renewedOn: "2026-06-10", predecessor: null },
      ["续贷于 2026-06-10 放款", "未指明所续原贷款"],
    ],
    [
      "renewal of an overdue loan",
      { rule: AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR, reasons: [R.PREDECESSOR_OVERDUE], renewedOn: "2026-06-10", predecessor: { ...predecessor, status: LoanStatus.OVERDUE, closedOn: null } },
      ["续贷于 2026-06-10 放款", "原贷款 L0", "已逾期", "并非正常履约"],
    ],
    [
      "renewal of another bank's loan, repaid, matured",
      {
        rule: AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR,
        reasons: [R.PREDECESSOR_OTHER_FIRM, R.PREDECESSOR_OTHER_BANK, R.PREDECESSOR_MATURED, R.PREDECESSOR_CLOSED_BEFORE],
        renewedOn: "2026-07-10",
        predecessor,
      },
      ["属于其他企业", "由其他银行发放", "已于 2026-06-30 到期", "已于 2026-06-01 终结（已结清）"],
    ],
    [
      "approval outside eligibility, every reason",
      {
        rule: AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY,
        reasons: [R.AMOUNT_OUT_OF_RANGE, R.TERM_OUT_OF_RANGE, R.TIER_TOO_LOW, R.REGION_NOT_SERVED, R.INDUSTRY_NOT_SERVED, R.PURPOSE_NOT_ALLOWED, R.OUTSIDE_VALIDITY, R.GUARANTEE_MISSING],
        approval: { approvedOn: "2026-04-15", amountFen: wan(1200), termMonths: 48, purpose: P.R_AND_D, guaranteed: false, regionCode: "110101", industryCode: "I6510" },
        terms,
        held: { tier: T.INNOVATIVE_SME, level: L.MUNICIPAL },
      },
      [
        "2026-04-15 审批通过",
        "准入条件",
        "审批金额1200万元不在50万元至1000万元的范围内",
        "贷款期限 48 个月不在 6 至 36 个月的范围内",
        "要求企业具备省级专精特新中小企业认定，企业持有的是市级创新型中小企业认定",
        "企业所在地区 110101 不在该产品服务地区 140500 之内",
        "企业所属行业 I6510 不在该产品服务行业 C39 之内",
        "融资用途“研发投入”不在该产品支持的流动资金之列",
        "该产品有效期 2026-01-01 至 2026-03-31",
        "须由政府性融资担保机构担保",
      ],
    ],
  ] as const)("%s", (_name, facts, terms) => {
    const message = describeAnomaly(facts as never);
    const zh = message.in("zh");
    for (const term of terms) expect(zh).toContain(term);
    expect(zh).toMatch(/。$/);
    // No English words of the English sentence (codes such as LPR, ids and certificate numbers aside).
    expect(zh).not.toMatch(/\b(?:the|and|bp|Loan|Rate|Renewal|Approved|SPECIALIZED_SME|PROVINCIAL|OVERDUE|REPAID)\b/);
    expect(message.in("en")).not.toBe(zh);
  });
});

describe("anomaly cursors", () => {
  it("round-trip (rule, day, id)", () => {
    const c = { rule: AnomalyRule.QUOTA_EXCEEDED, day: "2026-03-02", id: "0f8fad5b-d9cb-469f-a165-70867728950e" };
    expect(decodeAnomalyCursor(encodeAnomalyCursor(c))).toEqual(c);
  });
  it.each(["garbage", Buffer.from(JSON.stringify(["anomaly", "NOPE", "2026-03-02", "0f8fad5b-d9cb-469f-a165-70867728950e"])).toString("base64url")])(
    "refuses %s with BAD_USER_INPUT on `after`",
    (cursor) => {
      expect(() => decodeAnomalyCursor(cursor)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", violations: [expect.objectContaining({ field: "after" })] }));
    },
  );
});

describe("seed 000's exclusive-line rule (exclusiveLineCheck)", () => {
  const jincheng: ExclusiveLineProduct = {
    status: LoanProductStatus.ACTIVE,
    category: LoanProductCategory.SRDI_LOAN,
    minTier: T.SPECIALIZED_SME,
    servedRegionCodes: ["140500"],
    reservedQuotaFen: wan(10_000),
  };
  it.each<[string, boolean | null, Partial<ExclusiveLineProduct>]>([
    ["晋城银行专精特新贷: exactly 1亿", true, {}],
    ["1亿 − 0.01", false, { reservedQuotaFen: EXCLUSIVE_LINE_MIN_FEN - 1n }],
    ["5000万", false, { reservedQuotaFen: wan(5000) }],
    ["小巨人 minimum counts too", false, { minTier: T.LITTLE_GIANT, reservedQuotaFen: wan(2000) }],
    ["serves all of Shanxi (140000), covering 晋城", false, { servedRegionCodes: ["140000"], reservedQuotaFen: wan(2000) }],
    ["serves a county of 晋城 (高平市 140581)", true, { servedRegionCodes: ["140581"] }],
    ["open to 创新型 firms: not exclusive", null, { minTier: T.INNOVATIVE_SME, reservedQuotaFen: wan(10) }],
    ["no minimum tier: not exclusive", null, { minTier: null, reservedQuotaFen: wan(10) }],
    ["a renewal product (无还本续贷)", null, { category: LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT, reservedQuotaFen: wan(5000) }],
    ["does not serve 晋城 (太原 140100)", null, { servedRegionCodes: ["140100"], reservedQuotaFen: wan(10) }],
    ["serves Zhengzhou", null, { servedRegionCodes: ["410100"], reservedQuotaFen: wan(10) }],
    ["archived", null, { status: LoanProductStatus.ARCHIVED, reservedQuotaFen: wan(10) }],
  ])("%s → %s", (_name, meets, over) => {
    const check = exclusiveLineCheck({ ...jincheng, ...over });
    expect(check.meets).toBe(meets);
    expect(check.explanation.length).toBeGreaterThan(20);
  });

  it("explains the shortfall", () => {
    expect(exclusiveLineCheck({ ...jincheng, reservedQuotaFen: wan(5000) }).explanation).toBe(
      "Exclusive product line of seed 000 (晋城专属信贷产品: minimum tier SPECIALIZED_SME, serves 晋城): its reserved line of 5000万元 falls short of the required 1亿元 (预留规模不低于1亿元) by 5000万元.",
    );
  });
});

describe("utilizationBp", () => {
  it.each([
    [wan(2300), wan(10_000), 2300],
    [0n, wan(100), 0],
    [wan(100), wan(100), 10_000],
    [wan(100) - 1n, wan(100), 9999],
    [1n, 3n, 3333],
    [0n, 0n, null],
  ])("%s of %s → %s bp (rounded down)", (committed, reserved, bp) => {
    expect(utilizationBp(committed, reserved)).toBe(bp);
  });
});
