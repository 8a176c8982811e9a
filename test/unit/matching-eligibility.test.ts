import { addDays } from "../../src/domain/dates";
import {
  CertificationLevel as L,
  CertificationStatus as S,
  CertificationTier as T,
  CollateralType as C,
  FinancingPurpose as P,
  FirmSize,
  LoanProductCategory as Cat,
  LoanProductStatus,
  LoanStatus,
} from "../../src/domain/enums";
import {
  IneligibilityCode as Code,
  MEDIUM_FIRM_RENEWAL_MATURITY_LIMIT,
  collateralFits,
  evaluatePair,
  matchDate,
  type MatchAgency,
  type MatchAgreement,
  type MatchFirm,
  type MatchLoan,
  type MatchNeed,
  type MatchProduct,
} from "../../src/domain/matching";
import { wan } from "../../src/domain/money";
import {
  NEEDED_BY,
  TODAY,
  cert,
  guaranteedPair,
  need,
  pair,
  product,
  renewalPair,
  type PairInput,
} from "./matching-builders";

/**
 * Eligibility rules (DOMAIN.md "Matching" §1). Every row changes one fact of an eligible baseline
 * pair and expects exactly the reason it breaks. The match date is NEEDED_BY (2026-04-01).
 */

type Baseline = () => PairInput;
type Change = (p: PairInput) => PairInput;

/** The general baseline: a product reserved for 专精特新 and above, met by the firm's 国家级小巨人. */
const plain: Baseline = () => pair({ product: product({ minTier: T.SPECIALIZED_SME }) });
const guaranteed: Baseline = () => guaranteedPair();
const renewal: Baseline = () => renewalPair();
/** 接力贷 (RELAY_LOAN): a renewal product without the 无还本续贷 size rule. */
const relay: Baseline = () => {
  const p = renewalPair();
  return { ...p, product: { ...p.product, category: Cat.RELAY_LOAN } };
};

// One-fact changes.
const prod = (patch: Partial<MatchProduct>): Change => (p) => ({ ...p, product: { ...p.product, ...patch } });
const nd = (patch: Partial<MatchNeed>): Change => (p) => ({ ...p, need: { ...p.need, ...patch } });
const frm = (patch: Partial<MatchFirm>): Change => (p) => ({ ...p, firm: { ...p.firm, ...patch } });
const ln = (patch: Partial<MatchLoan>): Change => (p) => ({ ...p, renewalLoan: { ...p.renewalLoan!, ...patch } });
const agencyOf = (patch: Partial<MatchAgency>): Change => (p) => ({
  ...p,
  market: { ...p.market, agencies: p.market.agencies.map((a) => ({ ...a, ...patch })) },
});
const agreementOf = (patch: Partial<MatchAgreement>): Change => (p) => ({
  ...p,
  market: { ...p.market, agreements: p.market.agreements.map((a) => ({ ...a, ...patch })) },
});
const certOf = (patch: Parameters<typeof cert>[0]): Change => frm({ certifications: [cert(patch)] });
const both = (...changes: Change[]): Change => (p) => changes.reduce((acc, c) => c(acc), p);
/** Another baseline: `baseline` with one fact changed. */
const derive = (baseline: Baseline, change: Change): Baseline => () => change(baseline());

const run = (baseline: Baseline, change: Change) => evaluatePair(change(baseline()));
const codesOf = (e: ReturnType<typeof evaluatePair>) => e.reasons.map((r) => r.code);

const DAY_BEFORE = addDays(NEEDED_BY, -1);
const DAY_AFTER = addDays(NEEDED_BY, 1);

describe("baselines", () => {
  it.each<[string, Baseline]>([
    ["general", plain],
    ["guaranteed", guaranteed],
    ["无还本续贷 renewal", renewal],
    ["接力贷 renewal", relay],
  ])("the %s baseline is eligible with no reasons", (_name, baseline) => {
    const e = evaluatePair(baseline());
    expect(e.reasons).toEqual([]);
    expect(e.eligible).toBe(true);
    expect(e.matchDate).toBe(NEEDED_BY);
    expect(e.cost).not.toBeNull();
  });

  it("the guaranteed baseline uses agency-1's agreement at the agreed fee", () => {
    expect(evaluatePair(guaranteed()).guarantee).toEqual({ agencyId: "agency-1", agreementId: "agreement-1", feeBp: 80, waiverApprovalDays: null });
  });
});

describe("one row per IneligibilityCode: one fact changed, exactly that reason", () => {
  const rows: Array<[string, Code, Baseline, Change]> = [
    ["the product is archived", Code.PRODUCT_INACTIVE, plain, prod({ status: LoanProductStatus.ARCHIVED })],
    ["the product is offered only from the day after", Code.OUTSIDE_VALIDITY, plain, prod({ validFrom: DAY_AFTER })],
    ["the product requires 单项冠军", Code.TIER_TOO_LOW, plain, prod({ minTier: T.SINGLE_CHAMPION })],
    ["the product serves 浙江 only", Code.REGION_NOT_SERVED, plain, prod({ servedRegionCodes: ["330000"] })],
    ["the product serves industry C40 only", Code.INDUSTRY_NOT_SERVED, plain, prod({ industryPrefixes: ["C40"] })],
    ["the need asks 50万, below the 100万 minimum", Code.AMOUNT_BELOW_MIN, plain, nd({ amountFen: wan(50) })],
    ["the need asks 1200万, above the 1000万 maximum", Code.AMOUNT_ABOVE_MAX, plain, nd({ amountFen: wan(1200) })],
    ["the need asks 3 months, below 6", Code.TERM_BELOW_MIN, plain, nd({ termMonths: 3 })],
    ["the need asks 60 months, above 36", Code.TERM_ABOVE_MAX, plain, nd({ termMonths: 60 })],
    ["the need is for fixed assets", Code.PURPOSE_NOT_ALLOWED, plain, nd({ purpose: P.FIXED_ASSETS })],
    ["the product takes only a mortgage; the firm offers credit only", Code.COLLATERAL_NOT_ACCEPTED, plain, prod({ acceptedCollateral: [C.REAL_ESTATE] })],
    ["the need refuses a guarantee", Code.GUARANTEE_NOT_ACCEPTED, guaranteed, nd({ acceptsGuarantee: false })],
    ["no agreement with the bank", Code.NO_GUARANTEE_AVAILABLE, guaranteed, (p) => ({ ...p, market: { ...p.market, agreements: [] } })],
    ["the reserved line is used up", Code.QUOTA_EXHAUSTED, plain, prod({ usedQuotaFen: wan(10_000) })],
    ["a renewal product for a new-money need", Code.RENEWAL_NEED_REQUIRED, plain, prod({ category: Cat.RELAY_LOAN })],
    ["the loan to renew is with bank-2", Code.RENEWAL_LOAN_OTHER_BANK, renewal, ln({ institutionId: "bank-2" })],
    ["the loan to renew is overdue", Code.RENEWAL_LOAN_NOT_PERFORMING, renewal, ln({ status: LoanStatus.OVERDUE })],
    ["the loan matures a year later", Code.RENEWAL_OUTSIDE_WINDOW, renewal, ln({ maturesOn: "2027-04-01" })],
    ["a large firm asks 无还本续贷", Code.RENEWAL_FIRM_NOT_ELIGIBLE, renewal, frm({ size: FirmSize.LARGE })],
    ["no 1-year LPR is known", Code.NO_PRICE, plain, (p) => ({ ...p, market: { ...p.market, lprRates: [] } })],
    ["the need accepts at most 3.00%", Code.RATE_ABOVE_MAX, plain, nd({ maxAnnualRateBp: 300 })],
  ];

  it("covers every IneligibilityCode, so a new code without a row fails here", () => {
    const covered = new Set(rows.map(([, code]) => code));
    expect([...covered].sort()).toEqual(Object.values(Code).sort());
  });

  it.each(rows)("%s → %s", (_name, code, baseline, change) => {
    const e = run(baseline, change);
    expect(e.eligible).toBe(false);
    expect(codesOf(e)).toEqual([code]);
    expect(e.reasons[0]!.message.in("en").length).toBeGreaterThan(10);
  });
});

describe("several failures are all reported, in rule order", () => {
  it("an archived product, too much money and the wrong purpose", () => {
    const e = run(plain, both(prod({ status: LoanProductStatus.ARCHIVED }), nd({ amountFen: wan(1200), purpose: P.FIXED_ASSETS })));
    expect(codesOf(e)).toEqual([Code.PRODUCT_INACTIVE, Code.AMOUNT_ABOVE_MAX, Code.PURPOSE_NOT_ALLOWED]);
    expect(e.eligible).toBe(false);
  });

  it("a renewal at another bank, overdue and outside the window, for a large firm", () => {
    const e = run(renewal, both(ln({ institutionId: "bank-2", status: LoanStatus.OVERDUE, maturesOn: "2027-04-01" }), frm({ size: FirmSize.LARGE })));
    expect(codesOf(e)).toEqual([
      Code.RENEWAL_LOAN_OTHER_BANK,
      Code.RENEWAL_LOAN_NOT_PERFORMING,
      Code.RENEWAL_OUTSIDE_WINDOW,
      Code.RENEWAL_FIRM_NOT_ELIGIBLE,
    ]);
  });

  it("a refused guarantee that is not available either", () => {
    const e = run(guaranteed, both(nd({ acceptsGuarantee: false }), agencyOf({ regionCode: "330000" })));
    expect(codesOf(e)).toEqual([Code.GUARANTEE_NOT_ACCEPTED, Code.NO_GUARANTEE_AVAILABLE]);
  });
});

describe("messages a CFO can act on", () => {
  it.each<[string, Baseline, Change, RegExp]>([
    ["amount in 万元", plain, nd({ amountFen: wan(1200) }), /at most 1000万元.*asks 1200万元/],
    ["amount in 元 with fen", plain, nd({ amountFen: wan(100) - 1n }), /asks 999999\.99元/],
    ["the certification held", plain, prod({ minTier: T.SINGLE_CHAMPION }), /NATIONAL LITTLE_GIANT/],
    ["no certification", plain, frm({ certifications: [] }), /no certification in force/],
    ["the rate", plain, nd({ maxAnnualRateBp: 300 }), /350 bp.*at most 300 bp/],
  ])("%s", (_name, baseline, change, pattern) => {
    expect(run(baseline, change).reasons[0]!.message.in("en")).toMatch(pattern);
  });
});

describe("reasons.nameTheRecord: a reason names the certificate, quota, agency or loan behind it (details too)", () => {
  const reasonOf = (baseline: Baseline, change: Change, code: Code) => run(baseline, change).reasons.find((r) => r.code === code)!;
  const lapsedGiant = { id: "cert-lg", certificateNo: "工信部2020-0007", tier: T.LITTLE_GIANT, level: L.NATIONAL, issuedOn: "2020-07-01" };

  it("a lapsed certificate that would meet the minimum: its number, tier, level and expiry", () => {
    const r = reasonOf(plain, frm({ certifications: [cert({ ...lapsedGiant, expiresOn: "2023-06-30" })] }), Code.TIER_TOO_LOW);
    expect(r.message.in("en")).toBe(
      "The product requires at least SPECIALIZED_SME; on 2026-04-01 the firm holds no certification in force. Its certificate 工信部2020-0007 (NATIONAL LITTLE_GIANT) expired on 2023-06-30.",
    );
    expect(r.details).toEqual({
      certification: { id: "cert-lg", certificateNo: "工信部2020-0007", tier: T.LITTLE_GIANT, level: L.NATIONAL, issuedOn: "2020-07-01", expiresOn: "2023-06-30", revokedOn: null, statusOn: S.EXPIRED },
    });
  });

  it("a revoked certificate: the day it was revoked", () => {
    const r = reasonOf(plain, frm({ certifications: [cert({ ...lapsedGiant, status: S.REVOKED, revokedOn: "2026-02-15" })] }), Code.TIER_TOO_LOW);
    expect(r.message.in("en")).toContain("Its certificate 工信部2020-0007 (NATIONAL LITTLE_GIANT) was revoked on 2026-02-15.");
    expect(r.details?.certification).toMatchObject({ certificateNo: "工信部2020-0007", statusOn: S.REVOKED, revokedOn: "2026-02-15" });
  });

  it("a certificate not yet in force on the match date: the day it starts", () => {
    const r = reasonOf(plain, frm({ certifications: [cert({ ...lapsedGiant, issuedOn: DAY_AFTER })] }), Code.TIER_TOO_LOW);
    expect(r.message.in("en")).toContain(`is in force only from ${DAY_AFTER}.`);
    expect(r.details?.certification).toMatchObject({ statusOn: null, issuedOn: DAY_AFTER });
  });

  it("a lower certificate in force and a qualifying one lapsed: both named, the lapsed one in details", () => {
    const low = cert({ id: "cert-low", certificateNo: "晋工信2024-0100", tier: T.SPECIALIZED_SME, level: L.PROVINCIAL, issuedOn: "2024-01-01", expiresOn: "2028-12-31" });
    const r = reasonOf(derive(plain, prod({ minTier: T.LITTLE_GIANT })), frm({ certifications: [low, cert({ ...lapsedGiant, expiresOn: "2023-06-30" })] }), Code.TIER_TOO_LOW);
    expect(r.message.in("en")).toBe(
      "The product requires at least LITTLE_GIANT; on 2026-04-01 the firm holds PROVINCIAL SPECIALIZED_SME (certificate 晋工信2024-0100, valid to 2028-12-31). Its certificate 工信部2020-0007 (NATIONAL LITTLE_GIANT) expired on 2023-06-30.",
    );
    expect(r.details?.certification?.id).toBe("cert-lg");
  });

  it("only a lower certificate in force: that certificate", () => {
    const r = reasonOf(plain, prod({ minTier: T.SINGLE_CHAMPION }), Code.TIER_TOO_LOW);
    expect(r.message.in("en")).toContain("holds NATIONAL LITTLE_GIANT (certificate 工信部2025-0001, valid to 2027-12-31).");
    expect(r.details?.certification).toMatchObject({ id: "cert-1", statusOn: S.ACTIVE });
  });

  it("a firm never certified: no record to name", () => {
    const r = reasonOf(plain, frm({ certifications: [] }), Code.TIER_TOO_LOW);
    expect(r.message.in("en")).toBe("The product requires at least SPECIALIZED_SME; on 2026-04-01 the firm holds no certification in force.");
    expect(r.details).toBeUndefined();
  });

  it("quota: the line left and the amount asked", () => {
    const r = reasonOf(plain, prod({ reservedQuotaFen: wan(1000), usedQuotaFen: wan(700) }), Code.QUOTA_EXHAUSTED);
    expect(r.details).toEqual({ quota: { remaining: "3000000.00", requested: "8000000.00" } });
  });

  it("guarantee: the agency that came closest and each limit the amount exceeds", () => {
    const r = reasonOf(guaranteed, both(agencyOf({ capacityFen: wan(600) }), agreementOf({ creditLineFen: wan(500) })), Code.NO_GUARANTEE_AVAILABLE);
    expect(r.message.in("en")).toContain("The closest, 山西省融资担保, has 600万元 of capacity left and has 500万元 left on its 总对总 line with the product's bank.");
    expect(r.details).toEqual({
      guarantee: {
        agencyId: "agency-1",
        agencyName: "山西省融资担保",
        agreementId: "agreement-1",
        requested: "8000000.00",
        maxAmountPerFirm: "10000000.00",
        capacityRemaining: "6000000.00",
        agreementLineRemaining: "5000000.00",
      },
    });
  });

  it("guarantee: no agency serving the firm at all names none", () => {
    const r = reasonOf(guaranteed, agencyOf({ regionCode: "330000" }), Code.NO_GUARANTEE_AVAILABLE);
    expect(r.details).toBeUndefined();
  });

  it("renewal: the loan, its status, maturity and the window's first day, on every loan rule", () => {
    const e = run(renewal, both(ln({ status: LoanStatus.OVERDUE, institutionId: "bank-2" })));
    const loanReasons = e.reasons.filter((r) => r.code === Code.RENEWAL_LOAN_NOT_PERFORMING || r.code === Code.RENEWAL_LOAN_OTHER_BANK);
    expect(loanReasons).toHaveLength(2);
    const renewalLoan = renewal().renewalLoan!;
    for (const r of loanReasons) {
      expect(r.message.in("en")).toContain(`maturing ${renewalLoan.maturesOn}`);
      expect(r.details).toEqual({
        loan: { id: "loan-1", status: LoanStatus.OVERDUE, maturesOn: renewalLoan.maturesOn, windowOpensOn: addDays(renewalLoan.maturesOn, -renewal().product.renewalWindowDays!) },
      });
    }
  });
});

describe("boundaries: just inside passes, just outside fails", () => {
  const rows: Array<[string, Baseline, Change, Code | null]> = [
    // Amount (bounds inclusive); 0.01元 = 1 fen.
    ["amount == min (100万)", plain, nd({ amountFen: wan(100) }), null],
    ["amount == min − 0.01元", plain, nd({ amountFen: wan(100) - 1n }), Code.AMOUNT_BELOW_MIN],
    ["amount == max (1000万)", plain, nd({ amountFen: wan(1000) }), null],
    ["amount == max + 0.01元", plain, nd({ amountFen: wan(1000) + 1n }), Code.AMOUNT_ABOVE_MAX],
    // Term.
    ["term == min (6)", plain, nd({ termMonths: 6 }), null],
    ["term == min − 1", plain, nd({ termMonths: 5 }), Code.TERM_BELOW_MIN],
    ["term == max (36)", plain, nd({ termMonths: 36 }), null],
    ["term == max + 1", plain, nd({ termMonths: 37 }), Code.TERM_ABOVE_MAX],
    // Certification on the match date (expiresOn inclusive).
    ["certificate expires on the match date", plain, certOf({ expiresOn: NEEDED_BY }), null],
    ["certificate expired the day before the match date", plain, certOf({ expiresOn: DAY_BEFORE }), Code.TIER_TOO_LOW],
    ["certificate revoked the day after the match date still counts", plain, certOf({ status: S.REVOKED, revokedOn: DAY_AFTER }), null],
    ["certificate revoked on the match date", plain, certOf({ status: S.REVOKED, revokedOn: NEEDED_BY }), Code.TIER_TOO_LOW],
    ["certificate revoked before the match date", plain, certOf({ status: S.REVOKED, revokedOn: "2025-06-01" }), Code.TIER_TOO_LOW],
    ["certificate revoked with no date", plain, certOf({ status: S.REVOKED, revokedOn: null }), Code.TIER_TOO_LOW],
    ["certificate recorded as EXPIRED", plain, certOf({ status: S.EXPIRED }), Code.TIER_TOO_LOW],
    ["certificate issued on the match date", plain, certOf({ issuedOn: NEEDED_BY }), null],
    ["certificate issued the day after the match date", plain, certOf({ issuedOn: DAY_AFTER }), Code.TIER_TOO_LOW],
    ["no certification at all", plain, frm({ certifications: [] }), Code.TIER_TOO_LOW],
    ["an expired 小巨人 and an active 专精特新 meet 专精特新", plain, frm({ certifications: [cert({ expiresOn: DAY_BEFORE }), cert({ id: "cert-2", tier: T.SPECIALIZED_SME, level: L.PROVINCIAL })] }), null],
    ["tier equal to the minimum", plain, prod({ minTier: T.LITTLE_GIANT }), null],
    ["tier one step below the minimum", plain, certOf({ tier: T.INNOVATIVE_SME }), Code.TIER_TOO_LOW],
    ["level equal to the minimum (国家级)", plain, prod({ minLevel: L.NATIONAL }), null],
    ["level below the minimum (省级 for 国家级)", derive(plain, prod({ minLevel: L.NATIONAL })), certOf({ level: L.PROVINCIAL }), Code.TIER_TOO_LOW],
    ["no minimum tier: an uncertified firm qualifies", derive(plain, prod({ minTier: null })), frm({ certifications: [] }), null],
    // Product validity window (inclusive).
    ["validFrom == match date", plain, prod({ validFrom: NEEDED_BY }), null],
    ["validFrom == match date + 1", plain, prod({ validFrom: DAY_AFTER }), Code.OUTSIDE_VALIDITY],
    ["validTo == match date", plain, prod({ validTo: NEEDED_BY }), null],
    ["validTo == match date − 1", plain, prod({ validTo: DAY_BEFORE }), Code.OUTSIDE_VALIDITY],
    // Reserved quota.
    ["quota remaining == amount", plain, prod({ usedQuotaFen: wan(10_000) - wan(800) }), null],
    ["quota remaining == amount − 0.01元", plain, prod({ usedQuotaFen: wan(10_000) - wan(800) + 1n }), Code.QUOTA_EXHAUSTED],
    ["quota over-committed (negative remaining)", plain, prod({ usedQuotaFen: wan(20_000) }), Code.QUOTA_EXHAUSTED],
    // Region prefixes (DOMAIN.md: "330000" serves "33xxxx", "410100" serves "4101xx").
    ["province 330000 serves 330106", plain, both(prod({ servedRegionCodes: ["330000"] }), frm({ regionCode: "330106" })), null],
    ["prefecture 410100 serves 410102", plain, both(prod({ servedRegionCodes: ["410100"] }), frm({ regionCode: "410102" })), null],
    ["prefecture 410100 does not serve 410200", plain, both(prod({ servedRegionCodes: ["410100"] }), frm({ regionCode: "410200" })), Code.REGION_NOT_SERVED],
    ["county 140502 serves only itself", plain, prod({ servedRegionCodes: ["140502"] }), null],
    ["county 140525 does not serve 140502", plain, prod({ servedRegionCodes: ["140525"] }), Code.REGION_NOT_SERVED],
    ["any of several served regions", plain, prod({ servedRegionCodes: ["330000", "140500"] }), null],
    // Industry prefixes.
    ["no industry prefix serves every industry", plain, prod({ industryPrefixes: [] }), null],
    ["'C39' serves 'C3911'", plain, prod({ industryPrefixes: ["C39"] }), null],
    ["'C39' does not serve 'C40'", plain, both(prod({ industryPrefixes: ["C39"] }), frm({ industryCode: "C40" })), Code.INDUSTRY_NOT_SERVED],
    // Collateral.
    ["NONE accepted serves a credit-only need", plain, prod({ acceptedCollateral: [C.NONE, C.REAL_ESTATE] }), null],
    ["one overlapping collateral is enough", plain, both(prod({ acceptedCollateral: [C.REAL_ESTATE, C.EQUIPMENT] }), nd({ collateralOffered: [C.INTELLECTUAL_PROPERTY, C.EQUIPMENT] })), null],
    ["no overlapping collateral", plain, both(prod({ acceptedCollateral: [C.REAL_ESTATE, C.EQUIPMENT] }), nd({ collateralOffered: [C.INTELLECTUAL_PROPERTY] })), Code.COLLATERAL_NOT_ACCEPTED],
    // Renewal window [maturesOn − window, maturesOn] around the match date (window 30 days).
    ["match date == maturesOn − 30 (window opens)", renewal, ln({ maturesOn: addDays(NEEDED_BY, 30) }), null],
    ["match date == maturesOn − 31 (a day early)", renewal, ln({ maturesOn: addDays(NEEDED_BY, 31) }), Code.RENEWAL_OUTSIDE_WINDOW],
    ["match date == maturesOn", renewal, ln({ maturesOn: NEEDED_BY }), null],
    ["match date == maturesOn + 1 (already matured)", renewal, ln({ maturesOn: DAY_BEFORE }), Code.RENEWAL_OUTSIDE_WINDOW],
    ["no window set: only on the maturity day", derive(renewal, prod({ renewalWindowDays: null })), ln({ maturesOn: DAY_AFTER }), Code.RENEWAL_OUTSIDE_WINDOW],
    // Renewal needs.
    ["a renewal need naming no loan", renewal, nd({ renewalOfLoanId: null }), Code.RENEWAL_NEED_REQUIRED],
    ["a renewal need whose loan is not found", renewal, (p) => ({ ...p, renewalLoan: null }), Code.RENEWAL_NEED_REQUIRED],
    ["a renewal need naming another firm's loan", renewal, ln({ firmId: "firm-2" }), Code.RENEWAL_NEED_REQUIRED],
    ["a repaid loan cannot be renewed", renewal, ln({ status: LoanStatus.REPAID }), Code.RENEWAL_LOAN_NOT_PERFORMING],
    // Guarantee market.
    ["agency capacity left == amount", guaranteed, agencyOf({ usedCapacityFen: wan(50_000) - wan(800) }), null],
    ["agency capacity left == amount − 0.01元", guaranteed, agencyOf({ usedCapacityFen: wan(50_000) - wan(800) + 1n }), Code.NO_GUARANTEE_AVAILABLE],
    ["agency per-firm max == amount", guaranteed, agencyOf({ maxAmountPerFirmFen: wan(800) }), null],
    ["agency per-firm max == amount − 0.01元", guaranteed, agencyOf({ maxAmountPerFirmFen: wan(800) - 1n }), Code.NO_GUARANTEE_AVAILABLE],
    ["agreement line left == amount", guaranteed, agreementOf({ creditLineFen: wan(2000), usedLineFen: wan(1200) }), null],
    ["agreement line left == amount − 0.01元", guaranteed, agreementOf({ creditLineFen: wan(2000), usedLineFen: wan(1200) + 1n }), Code.NO_GUARANTEE_AVAILABLE],
    ["agreement validFrom == match date", guaranteed, agreementOf({ validFrom: NEEDED_BY }), null],
    ["agreement validFrom == match date + 1", guaranteed, agreementOf({ validFrom: DAY_AFTER }), Code.NO_GUARANTEE_AVAILABLE],
    ["agreement validTo == match date", guaranteed, agreementOf({ validTo: NEEDED_BY }), null],
    ["agreement validTo == match date − 1", guaranteed, agreementOf({ validTo: DAY_BEFORE }), Code.NO_GUARANTEE_AVAILABLE],
    ["agreement with another bank", guaranteed, agreementOf({ institutionId: "bank-2" }), Code.NO_GUARANTEE_AVAILABLE],
    ["agreement naming an unknown agency", guaranteed, agreementOf({ agencyId: "agency-9" }), Code.NO_GUARANTEE_AVAILABLE],
    ["agency serves the firm's tier (小巨人)", guaranteed, agencyOf({ tiersServed: [T.LITTLE_GIANT, T.SPECIALIZED_SME] }), null],
    ["agency serves 专精特新 only, the firm is 小巨人", guaranteed, agencyOf({ tiersServed: [T.SPECIALIZED_SME] }), Code.NO_GUARANTEE_AVAILABLE],
    ["agency serving listed tiers, uncertified firm", guaranteed, both(agencyOf({ tiersServed: [T.INNOVATIVE_SME] }), frm({ certifications: [] })), Code.NO_GUARANTEE_AVAILABLE],
    ["agency serving every tier, uncertified firm", guaranteed, frm({ certifications: [] }), null],
    ["agency in 晋城 (140500) serves 140502", guaranteed, agencyOf({ regionCode: "140500" }), null],
    ["agency in 浙江 does not serve 140502", guaranteed, agencyOf({ regionCode: "330000" }), Code.NO_GUARANTEE_AVAILABLE],
    ["the need refuses a guarantee", guaranteed, nd({ acceptsGuarantee: false }), Code.GUARANTEE_NOT_ACCEPTED],
    ["no guarantee required: refusing one is fine", plain, nd({ acceptsGuarantee: false }), null],
  ];

  it.each(rows)("%s", (_name, baseline, change, code) => {
    const e = run(baseline, change);
    expect(codesOf(e)).toEqual(code === null ? [] : [code]);
    expect(e.eligible).toBe(code === null);
  });
});

describe("无还本续贷 firm size (金规〔2024〕13号); 接力贷 has no size rule", () => {
  // A need dated 2027-09-20, inside the 30-day window of loans maturing on 2027-09-30 or 2027-10-01.
  const late: Change = nd({ neededBy: "2027-09-20" });
  const rows: Array<[string, FirmSize, string, Code | null, Baseline]> = [
    ["无还本续贷", FirmSize.MICRO, "2027-10-01", null, renewal],
    ["无还本续贷", FirmSize.SMALL, "2027-10-01", null, renewal],
    ["无还本续贷", FirmSize.MEDIUM, MEDIUM_FIRM_RENEWAL_MATURITY_LIMIT, null, renewal],
    ["无还本续贷", FirmSize.MEDIUM, "2027-10-01", Code.RENEWAL_FIRM_NOT_ELIGIBLE, renewal],
    ["无还本续贷", FirmSize.LARGE, "2027-09-30", Code.RENEWAL_FIRM_NOT_ELIGIBLE, renewal],
    ["接力贷", FirmSize.MEDIUM, "2027-10-01", null, relay],
    ["接力贷", FirmSize.LARGE, "2027-10-01", null, relay],
  ];
  it.each(rows)("%s for a %s firm, loan maturing %s → %s", (_name, size, maturesOn, code, baseline) => {
    const e = run(baseline, both(late, frm({ size }), ln({ maturesOn })));
    expect(e.matchDate).toBe("2027-09-20");
    expect(codesOf(e)).toEqual(code === null ? [] : [code]);
  });

  it("the limit is 2027-09-30", () => {
    expect(MEDIUM_FIRM_RENEWAL_MATURITY_LIMIT).toBe("2027-09-30");
  });
});

describe("the match date", () => {
  it.each([
    ["neededBy in the future is used", "2026-04-01", "2026-04-01", 31],
    ["neededBy today is used", TODAY, TODAY, 0],
    ["a past neededBy uses today", "2026-02-01", TODAY, 0],
  ])("%s", (_name, neededBy, expected, daysAvailable) => {
    expect(matchDate({ neededBy }, TODAY)).toBe(expected);
    const e = evaluatePair(pair({ need: need({ neededBy }) }));
    expect(e.matchDate).toBe(expected);
    expect(e.daysAvailable).toBe(daysAvailable);
  });

  it("rules are checked on today when neededBy has passed: a certificate that expired in between does not count", () => {
    const p = plain();
    const e = evaluatePair({
      ...p,
      need: { ...p.need, neededBy: "2026-02-01" },
      firm: { ...p.firm, certifications: [cert({ expiresOn: "2026-02-15" })] },
    });
    expect(codesOf(e)).toEqual([Code.TIER_TOO_LOW]);
  });
});

describe("collateralFits", () => {
  it.each<[C[], C[], boolean]>([
    [[C.NONE], [], true],
    [[C.NONE], [C.REAL_ESTATE], true],
    [[C.REAL_ESTATE], [], false],
    [[C.REAL_ESTATE, C.RECEIVABLES], [C.RECEIVABLES], true],
    [[C.INTELLECTUAL_PROPERTY], [C.EQUITY, C.REAL_ESTATE], false],
  ])("accepted %j, offered %j → %s", (accepted, offered, ok) => {
    expect(collateralFits(accepted, offered)).toBe(ok);
  });
});

describe("facts reported with the evaluation", () => {
  it("effective certification, approval days and quota remaining", () => {
    const lower = cert({ id: "cert-2", tier: T.SPECIALIZED_SME, level: L.PROVINCIAL });
    const e = evaluatePair(pair({ firm: { ...pair().firm, certifications: [lower, cert()] }, product: product({ approvalDays: 7, usedQuotaFen: wan(300) }) }));
    expect(e.effectiveCertification?.id).toBe("cert-1");
    expect(e.estimatedApprovalDays).toBe(7);
    expect(e.quotaRemainingFen).toBe(wan(9_700));
    expect(e.guarantee).toBeNull();
  });

  it("a guarantee is looked for only when the product requires one", () => {
    const p = guaranteed();
    const e = evaluatePair({ ...p, product: { ...p.product, requiresGuarantee: false } });
    expect(e.guarantee).toBeNull();
    expect(e.cost!.guaranteeFeeBp).toBe(0);
  });

  it("an ineligible renewal of a loan with the same bank keeps its cost", () => {
    const e = run(renewal, ln({ status: LoanStatus.OVERDUE }));
    expect(e.cost?.totalBp).toBe(350);
  });
});
