import {
  CertificationLevel as L,
  CertificationTier as T,
  CollateralType as C,
  FinancingPurpose as P,
  FirmSize,
  IncentiveKind,
  LoanProductCategory as Cat,
  LoanStatus,
  LprTenor,
} from "../../src/domain/enums";
import type { LocalDate } from "../../src/domain/dates";
import {
  IneligibilityCode as Code,
  evaluatePair,
  rankProducts,
  type MatchFirm,
  type MatchLoan,
  type MatchMarket,
  type MatchNeed,
  type MatchProduct,
  type ScoredMatch,
} from "../../src/domain/matching";
import { wan } from "../../src/domain/money";
import { LPR_2026, TODAY, agency, agreement, cert, firm, loan, lprPricing, market, need, policy, product } from "./matching-builders";

/**
 * One scenario per seed document (/work/shared/seeds, see its README), each built from the
 * document's own financing text, quoted above the facts it gives rise to.
 */

/** Evaluates every product for one need and ranks them as the firm portal would. */
function matchesFor(
  theNeed: MatchNeed,
  theFirm: MatchFirm,
  products: MatchProduct[],
  theMarket: MatchMarket,
  today: LocalDate = TODAY,
  loans: MatchLoan[] = [],
): ScoredMatch[] {
  const renewalLoan = loans.find((l) => l.id === theNeed.renewalOfLoanId) ?? null;
  return rankProducts(products.map((p) => evaluatePair({ need: theNeed, firm: theFirm, product: p, market: theMarket, today, renewalLoan })));
}
const ids = (ms: ScoredMatch[]) => ms.map((m) => m.product.id);
const byId = (ms: ScoredMatch[], id: string) => ms.find((m) => m.product.id === id)!;
const codes = (m: ScoredMatch) => m.reasons.map((r) => r.code);

describe("000 晋城 (Jincheng): exclusive product, reserved line, 专项审批通道, 无还本续贷", () => {
  // 000_2273aa5dce18e103.txt (六): "支持辖区内金融机构量身定做专精特新和小巨人企业品牌专属融资产品,
  // 预留规模不低于1亿元的授信额度;……开通贷款专项审批通道,简化重新授信审查手续,细化落实续贷政策,开展无还本续贷业务"
  const jinchengExclusive = product({
    id: "jc-exclusive-srdi",
    institutionId: "bank-jc-city",
    category: Cat.SRDI_LOAN,
    minTier: T.LITTLE_GIANT,
    servedRegionCodes: ["140500"],
    purposes: [P.WORKING_CAPITAL, P.R_AND_D, P.TECH_UPGRADE, P.FIXED_ASSETS],
    pricing: lprPricing(50),
    greenChannel: true, // 开通贷款专项审批通道
    reservedQuotaFen: wan(10_000), // 预留规模不低于1亿元的授信额度
  });
  // A provincial general credit loan at the same price.
  const generalCredit = product({
    id: "sx-general-credit",
    institutionId: "bank-sx",
    category: Cat.CREDIT_LOAN,
    servedRegionCodes: ["140000"],
    purposes: [P.WORKING_CAPITAL],
    pricing: lprPricing(50),
  });
  // 国家级小巨人 in 晋城市城区 (140502) asking 800万 of working capital.
  const littleGiant = firm({ id: "jc-firm", regionCode: "140502", certifications: [cert({ tier: T.LITTLE_GIANT, level: L.NATIONAL })] });
  const workingCapital = need({ firmId: "jc-firm", amountFen: wan(800), termMonths: 12, purpose: P.WORKING_CAPITAL });

  it("a 国家级小巨人 asking 800万 for working capital sees the exclusive product ahead of a general credit loan at the same price", () => {
    const ranked = matchesFor(workingCapital, littleGiant, [generalCredit, jinchengExclusive], market());
    expect(ids(ranked)).toEqual(["jc-exclusive-srdi", "sx-general-credit"]);
    expect(ranked.every((m) => m.eligible)).toBe(true);
    expect(ranked[0]!.cost!.totalBp).toBe(ranked[1]!.cost!.totalBp);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it("a 市级专精特新 firm is not eligible for the 小巨人 product but keeps the general loan", () => {
    const municipal = { ...littleGiant, certifications: [cert({ tier: T.SPECIALIZED_SME, level: L.MUNICIPAL })] };
    const ranked = matchesFor(workingCapital, municipal, [generalCredit, jinchengExclusive], market());
    expect(ids(ranked)).toEqual(["sx-general-credit", "jc-exclusive-srdi"]);
    expect(codes(byId(ranked, "jc-exclusive-srdi"))).toEqual([Code.TIER_TOO_LOW]);
  });

  it("the 1亿 reserved line is consumed: with 9,300万 committed an 800万 need no longer fits", () => {
    const nearlyUsed = { ...jinchengExclusive, usedQuotaFen: wan(9_300) };
    const m = byId(matchesFor(workingCapital, littleGiant, [nearlyUsed], market()), "jc-exclusive-srdi");
    expect(codes(m)).toEqual([Code.QUOTA_EXHAUSTED]);
    expect(m.quotaRemainingFen).toBe(wan(700));
  });

  it("开展无还本续贷业务: a small firm's performing loan is renewed in the window", () => {
    const renewal = product({
      id: "jc-renewal",
      institutionId: "bank-jc-city",
      category: Cat.RENEWAL_WITHOUT_REPAYMENT,
      servedRegionCodes: ["140500"],
      purposes: [P.RENEWAL],
      renewalWindowDays: 30,
    });
    const old = loan({ id: "jc-loan", firmId: "jc-firm", institutionId: "bank-jc-city", maturesOn: "2026-04-15" });
    const renew = need({ firmId: "jc-firm", purpose: P.RENEWAL, renewalOfLoanId: "jc-loan", amountFen: wan(500) });
    const ranked = matchesFor(renew, littleGiant, [renewal, jinchengExclusive], market(), TODAY, [old]);
    expect(ids(ranked)).toEqual(["jc-renewal", "jc-exclusive-srdi"]);
    expect(codes(byId(ranked, "jc-exclusive-srdi"))).toEqual([Code.PURPOSE_NOT_ALLOWED]);
  });
});

describe("001 南昌东湖 (Donghu): 应收账款融资 with 利率优惠 and 绿色通道 for supply-chain firms", () => {
  // 001_5fa0acf20b54ac10.txt 9.优化金融信贷服务: "引导金融机构提高政府授信额度,提供利率优惠和绿色通道,
  // 搭建应收账款融资服务平台,推动更多为重点产业链企业提供关键配套或纳入政府采购的“专精特新”中小企业享受供应链金融服务。"
  const receivables = product({
    id: "dh-receivables",
    institutionId: "bank-nc",
    category: Cat.RECEIVABLES_FINANCING,
    servedRegionCodes: ["360102"], // the district's own 应收账款融资服务平台
    minTier: T.SPECIALIZED_SME,
    purposes: [P.SUPPLY_CHAIN, P.WORKING_CAPITAL],
    acceptedCollateral: [C.RECEIVABLES],
    pricing: lprPricing(20),
    tierDiscounts: [{ tier: T.SPECIALIZED_SME, discountBp: 10 }], // 利率优惠
    greenChannel: true, // 绿色通道
    minAmountFen: wan(50),
    maxAmountFen: wan(1000),
  });
  // A general product from the 《南昌市中小企业普惠金融产品手册》.
  const handbookLoan = product({
    id: "nc-handbook-srdi",
    institutionId: "bank-jx",
    category: Cat.SRDI_LOAN,
    servedRegionCodes: ["360100"],
    purposes: [P.WORKING_CAPITAL, P.SUPPLY_CHAIN, P.R_AND_D],
    pricing: lprPricing(80),
  });
  const factoryLoan = product({
    id: "nc-factory",
    institutionId: "bank-jx",
    category: Cat.FACTORY_LOAN,
    servedRegionCodes: ["360100"],
    purposes: [P.FIXED_ASSETS],
    acceptedCollateral: [C.REAL_ESTATE],
    pricing: lprPricing(40, LprTenor.FIVE_YEAR),
  });
  // A 专精特新 supplier to a key chain, registered in 东湖区 (360102), pledging receivables.
  const supplier = firm({ id: "dh-firm", regionCode: "360102", certifications: [cert({ tier: T.SPECIALIZED_SME, level: L.PROVINCIAL })] });
  const supplyChain = need({ firmId: "dh-firm", amountFen: wan(300), termMonths: 6, purpose: P.SUPPLY_CHAIN, collateralOffered: [C.RECEIVABLES] });

  it("应收账款融资 ranks first for a SUPPLY_CHAIN need of a 东湖 firm", () => {
    const ranked = matchesFor(supplyChain, supplier, [factoryLoan, handbookLoan, receivables], market());
    expect(ids(ranked)).toEqual(["dh-receivables", "nc-handbook-srdi", "nc-factory"]);
    expect(byId(ranked, "dh-receivables").cost).toEqual({ totalBp: 310, rateBp: 320, tierDiscountBp: 10, subsidyBp: 0, guaranteeFeeBp: 0 });
    expect(codes(byId(ranked, "nc-factory"))).toEqual([Code.PURPOSE_NOT_ALLOWED, Code.COLLATERAL_NOT_ACCEPTED]);
  });

  it("the district platform does not reach a firm in another district of 南昌 (青山湖区 360111)", () => {
    const elsewhere = { ...supplier, regionCode: "360111" };
    const ranked = matchesFor(supplyChain, elsewhere, [handbookLoan, receivables], market());
    expect(ids(ranked)).toEqual(["nc-handbook-srdi", "dh-receivables"]);
    expect(codes(byId(ranked, "dh-receivables"))).toEqual([Code.REGION_NOT_SERVED]);
  });

  // "推进政府性融资担保体系建设,优化降低企业担保费率": a guarantee-fee subsidy nets the fee.
  it("优化降低企业担保费率: a district guarantee-fee subsidy lowers a guaranteed product's cost", () => {
    const guaranteed = { ...handbookLoan, id: "nc-guaranteed", requiresGuarantee: true };
    const ncMarket = market({
      agencies: [agency({ id: "nc-guarantee", regionCode: "360100" })],
      agreements: [agreement({ id: "nc-agreement", agencyId: "nc-guarantee", institutionId: "bank-jx", agreedFeeRateBp: 100 })],
    });
    const feeSubsidy = policy({ id: "dh-fee", kind: IncentiveKind.GUARANTEE_FEE_SUBSIDY, regionCode: "360102", subsidyBp: 50, durationMonths: 12 });
    const without = byId(matchesFor(supplyChain, supplier, [guaranteed], ncMarket), "nc-guaranteed").cost!;
    const withSubsidy = byId(matchesFor(supplyChain, supplier, [guaranteed], { ...ncMarket, policies: [feeSubsidy] }), "nc-guaranteed").cost!;
    expect(without.guaranteeFeeBp).toBe(100);
    expect(withSubsidy.guaranteeFeeBp).toBe(50);
    expect(withSubsidy.totalBp).toBe(without.totalBp - 50);
  });
});

describe("002 浙江 (Zhejiang): 总对总 batch guarantees with lower fees", () => {
  // 002_a62e9da4c6b51fa5.txt 16.完善融資擔保增信機制: "支持政府性融資擔保機構與銀行業金融機構開展“總對總”批量業務合作,
  // 減少重複盡調,重點為省級創新型中小企業批量化融資增信,按照相關規定降低擔保費率。"
  const provincialAgency = agency({
    id: "zj-guarantee-group", // 省擔保集團
    regionCode: "330000",
    tiersServed: [T.INNOVATIVE_SME, T.SPECIALIZED_SME, T.LITTLE_GIANT],
    feeRateBp: 100,
  });
  const cityAgency = agency({ id: "hz-guarantee", regionCode: "330100", feeRateBp: 100 });
  const zongDuiZong = agreement({ id: "zj-zdz-bank-a", agencyId: "zj-guarantee-group", institutionId: "bank-zj-a", agreedFeeRateBp: 50 });
  const ordinary = agreement({ id: "hz-bank-b", agencyId: "hz-guarantee", institutionId: "bank-zj-b", agreedFeeRateBp: 100 });
  const zjMarket = market({ agencies: [cityAgency, provincialAgency], agreements: [ordinary, zongDuiZong] });
  // Two guaranteed 信用贷 at the same published price; the 总对总 bank skips its own due diligence (減少重複盡調).
  const productA = product({ id: "zj-a-credit", institutionId: "bank-zj-a", servedRegionCodes: ["330000"], requiresGuarantee: true, pricing: lprPricing(60), approvalDays: 5 });
  const productB = product({ id: "zj-b-credit", institutionId: "bank-zj-b", servedRegionCodes: ["330000"], requiresGuarantee: true, pricing: lprPricing(60), approvalDays: 10 });
  // 省級創新型中小企業 in 杭州西湖区 (330106), 400万 for a year.
  const innovative = firm({ id: "zj-firm", regionCode: "330106", certifications: [cert({ tier: T.INNOVATIVE_SME, level: L.PROVINCIAL })] });
  const loanNeed = need({ firmId: "zj-firm", amountFen: wan(400), termMonths: 12 });

  it("the 总对总 guarantee makes bank A's product cheaper and ranks it first", () => {
    const ranked = matchesFor(loanNeed, innovative, [productB, productA], zjMarket);
    expect(ids(ranked)).toEqual(["zj-a-credit", "zj-b-credit"]);
    expect(byId(ranked, "zj-a-credit").guarantee).toMatchObject({ agencyId: "zj-guarantee-group", agreementId: "zj-zdz-bank-a", feeBp: 50 });
    expect(byId(ranked, "zj-a-credit").cost!.totalBp).toBe(410);
    expect(byId(ranked, "zj-b-credit").cost!.totalBp).toBe(460);
  });

  it("a bank with both agreements uses the cheaper 总对总 one", () => {
    const both = { ...zjMarket, agreements: [...zjMarket.agreements, agreement({ id: "hz-bank-a", agencyId: "hz-guarantee", institutionId: "bank-zj-a", agreedFeeRateBp: 100 })] };
    expect(byId(matchesFor(loanNeed, innovative, [productA], both), "zj-a-credit").guarantee?.agencyId).toBe("zj-guarantee-group");
  });

  it("the 总对总 agreement does not reach a firm outside 浙江, nor one the agency's tiers leave out", () => {
    const outside = { ...innovative, regionCode: "310104" };
    expect(codes(byId(matchesFor(loanNeed, outside, [{ ...productA, servedRegionCodes: ["330000", "310000"] }], zjMarket), "zj-a-credit"))).toEqual([
      Code.NO_GUARANTEE_AVAILABLE,
    ]);
    const champion = { ...innovative, certifications: [cert({ tier: T.SINGLE_CHAMPION })] };
    expect(codes(byId(matchesFor(loanNeed, champion, [productA], zjMarket), "zj-a-credit"))).toEqual([Code.NO_GUARANTEE_AVAILABLE]);
  });

  // 14.促進重點產業鏈融資: "拓展信用貸、無還本續貸、隨借隨還貸款和中長期貸款" and 7.: "及時享受知識產權質押融資"
  it("知识产权质押融资: an IP pledge loan serves an R&D need of a firm that only has patents to pledge", () => {
    const ipLoan = product({
      id: "zj-ip-pledge",
      institutionId: "bank-zj-a",
      category: Cat.IP_PLEDGE_LOAN,
      servedRegionCodes: ["330000"],
      purposes: [P.R_AND_D, P.COMMERCIALIZATION],
      acceptedCollateral: [C.INTELLECTUAL_PROPERTY],
      pricing: lprPricing(40),
    });
    const mortgage = product({ id: "zj-mortgage", institutionId: "bank-zj-b", servedRegionCodes: ["330000"], acceptedCollateral: [C.REAL_ESTATE], pricing: lprPricing(20) });
    const rd = need({ firmId: "zj-firm", amountFen: wan(300), purpose: P.R_AND_D, collateralOffered: [C.INTELLECTUAL_PROPERTY] });
    const ranked = matchesFor(rd, innovative, [mortgage, ipLoan], zjMarket);
    expect(ids(ranked)).toEqual(["zj-ip-pledge", "zj-mortgage"]);
    expect(codes(byId(ranked, "zj-mortgage"))).toEqual([Code.COLLATERAL_NOT_ACCEPTED]);
  });
});

describe("003 云南 (Yunnan): provincial 贴息 and the 结对银行", () => {
  // 003_4f19a8abbe21caa5.txt: "省級財政對省內各銀行業金融機構向符合條件的企業發放的貸款給予貼息資金補助。"
  // and: "到2025年,為全省專精特新企業確定結對銀行"; the plan runs 2023–2025.
  const YN_TODAY = "2025-05-01";
  const ynNeededBy = "2025-06-01";
  const lpr2025 = [{ tenor: LprTenor.ONE_YEAR, effectiveOn: "2024-10-21", rateBp: 310 }, ...LPR_2026];
  const ynSubsidy = policy({ id: "yn-interest-subsidy", regionCode: "530000", subsidyBp: 50, durationMonths: 12, validFrom: "2023-01-01", validTo: "2025-12-31" });
  const ynMarket = market({ lprRates: lpr2025, policies: [ynSubsidy] });
  // "推動銀行業金融機構加大對專精特新企業的信用貸款投放力度": two credit loans at one price.
  const pairedBankLoan = product({ id: "yn-paired-credit", institutionId: "bank-yn-paired", servedRegionCodes: ["530000"], pricing: lprPricing(60) });
  const otherBankLoan = product({ id: "yn-other-credit", institutionId: "bank-yn-other", servedRegionCodes: ["530000"], pricing: lprPricing(60) });
  // A 省級專精特新 firm in 昆明五華區 (530102) whose 结对银行 is bank-yn-paired.
  const ynFirm = firm({ id: "yn-firm", regionCode: "530102", pairedBankId: "bank-yn-paired", certifications: [cert({ tier: T.SPECIALIZED_SME, level: L.PROVINCIAL, issuedOn: "2024-01-01" })] });
  const ynNeed = need({ firmId: "yn-firm", amountFen: wan(500), termMonths: 12, neededBy: ynNeededBy });

  it("贴息 lowers the cost of an eligible firm's loan", () => {
    const withSubsidy = byId(matchesFor(ynNeed, ynFirm, [otherBankLoan], ynMarket, YN_TODAY), "yn-other-credit").cost!;
    const without = byId(matchesFor(ynNeed, ynFirm, [otherBankLoan], { ...ynMarket, policies: [] }, YN_TODAY), "yn-other-credit").cost!;
    expect(without).toEqual({ totalBp: 360, rateBp: 360, tierDiscountBp: 0, subsidyBp: 0, guaranteeFeeBp: 0 });
    expect(withSubsidy).toEqual({ totalBp: 310, rateBp: 360, tierDiscountBp: 0, subsidyBp: 50, guaranteeFeeBp: 0 });
  });

  it("the 结对银行's product ranks higher at the same price", () => {
    const ranked = matchesFor(ynNeed, ynFirm, [otherBankLoan, pairedBankLoan], ynMarket, YN_TODAY);
    expect(ids(ranked)).toEqual(["yn-paired-credit", "yn-other-credit"]);
    expect(ranked[0]!.cost!.totalBp).toBe(ranked[1]!.cost!.totalBp);
    expect(ranked[0]!.components.find((c) => c.name === "RELATIONSHIP")!.value).toBe(1);
  });

  it("no 贴息 outside 云南, nor after the plan period ends", () => {
    const outsider = { ...ynFirm, regionCode: "140502" };
    const elsewhere = { ...otherBankLoan, servedRegionCodes: ["530000", "140500"] };
    expect(byId(matchesFor(ynNeed, outsider, [elsewhere], ynMarket, YN_TODAY), "yn-other-credit").cost!.subsidyBp).toBe(0);
    const in2026 = { ...ynNeed, neededBy: "2026-01-05" };
    expect(byId(matchesFor(in2026, ynFirm, [otherBankLoan], ynMarket, YN_TODAY), "yn-other-credit").cost!.subsidyBp).toBe(0);
  });

  // "支持專精特新企業開展動產和權利擔保品抵質押融資業務"
  it("a movable-asset pledge is an accepted, lighter burden than a mortgage", () => {
    const movable = product({ id: "yn-movable", institutionId: "bank-yn-other", servedRegionCodes: ["530000"], acceptedCollateral: [C.MOVABLE_ASSETS], pricing: lprPricing(60) });
    const mortgage = product({ id: "yn-mortgage", institutionId: "bank-yn-other", servedRegionCodes: ["530000"], acceptedCollateral: [C.REAL_ESTATE], pricing: lprPricing(60) });
    const pledging = { ...ynNeed, collateralOffered: [C.MOVABLE_ASSETS, C.REAL_ESTATE] };
    expect(ids(matchesFor(pledging, ynFirm, [mortgage, movable], ynMarket, YN_TODAY))).toEqual(["yn-movable", "yn-mortgage"]);
  });
});

describe("004 郑州 (Zhengzhou): 接力贷/年审贷 renewals, 郑科贷 risk-sharing loans, 专精特新贷", () => {
  // 004_506f9b4cf7d5de34.txt 10.开展专业化信贷服务: "针对企业贷款到期后仍有融资需求,又临时存在资金困难的“专精特新”企业,
  // 积极开发“接力贷”“年审贷”等续贷产品或还款期限灵活的“循环贷”产品。"
  const relay = product({
    id: "zz-relay",
    institutionId: "bank-zz-1",
    category: Cat.RELAY_LOAN,
    servedRegionCodes: ["410100"],
    purposes: [P.RENEWAL],
    renewalWindowDays: 60,
  });
  const noRepayment = { ...relay, id: "zz-no-repayment", category: Cat.RENEWAL_WITHOUT_REPAYMENT };
  // "鼓励各银行业金融机构推出“专精特新贷”,满足企业日常资金周转、科技研发、技术改造、成果转化、购置固定资产等经营活动"
  const srdiLoan = product({
    id: "zz-srdi",
    institutionId: "bank-zz-1",
    category: Cat.SRDI_LOAN,
    servedRegionCodes: ["410100"],
    minTier: T.SPECIALIZED_SME,
    purposes: [P.WORKING_CAPITAL, P.R_AND_D, P.TECH_UPGRADE, P.COMMERCIALIZATION, P.FIXED_ASSETS],
    pricing: lprPricing(50),
  });
  // 11.降低企业融资成本: "充分利用省市科技风险补偿资金,……参与发放“郑科贷”等风险分担与补偿类贷款。"
  const zhengKeDai = product({
    id: "zz-zhengkedai",
    institutionId: "bank-zz-2",
    category: Cat.RISK_SHARING_LOAN,
    servedRegionCodes: ["410100"],
    purposes: [P.R_AND_D, P.COMMERCIALIZATION],
    pricing: lprPricing(30),
  });
  // A medium-sized 省级专精特新 firm in 中原区 (410102) — "由市工信局确定企业名单".
  const zzFirm = firm({ id: "zz-firm", regionCode: "410102", size: FirmSize.MEDIUM, certifications: [cert({ tier: T.SPECIALIZED_SME, level: L.PROVINCIAL })] });
  const performing = loan({ id: "zz-loan", firmId: "zz-firm", institutionId: "bank-zz-1", maturesOn: "2026-05-15" });
  const renewalNeed = need({ firmId: "zz-firm", purpose: P.RENEWAL, renewalOfLoanId: "zz-loan", amountFen: wan(500) });

  it("接力贷 renews a performing loan inside the window; new-money products do not fit a renewal need", () => {
    const ranked = matchesFor(renewalNeed, zzFirm, [srdiLoan, relay], market(), TODAY, [performing]);
    expect(ids(ranked)).toEqual(["zz-relay", "zz-srdi"]);
    expect(byId(ranked, "zz-relay").eligible).toBe(true);
    expect(codes(byId(ranked, "zz-srdi"))).toEqual([Code.PURPOSE_NOT_ALLOWED]);
  });

  it.each<[string, Partial<MatchLoan>, Code[]]>([
    ["window opens 60 days before maturity (2026-05-31 → opens 2026-04-01)", { maturesOn: "2026-05-31" }, []],
    ["one day earlier than the window", { maturesOn: "2026-06-01" }, [Code.RENEWAL_OUTSIDE_WINDOW]],
    ["an overdue loan is not renewed (临时存在资金困难 is not default)", { status: LoanStatus.OVERDUE }, [Code.RENEWAL_LOAN_NOT_PERFORMING]],
    ["a loan with another bank", { institutionId: "bank-zz-2" }, [Code.RENEWAL_LOAN_OTHER_BANK]],
  ])("接力贷: %s", (_name, patch, expected) => {
    expect(codes(matchesFor(renewalNeed, zzFirm, [relay], market(), TODAY, [{ ...performing, ...patch }])[0]!)).toEqual(expected);
  });

  it("a medium firm whose loan matures after 2027-09-30 can use 接力贷 but not 无还本续贷 (金规〔2024〕13号)", () => {
    const late = { ...performing, maturesOn: "2027-11-30" };
    const lateNeed = { ...renewalNeed, neededBy: "2027-11-01" };
    const ranked = matchesFor(lateNeed, zzFirm, [noRepayment, relay], market(), TODAY, [late]);
    expect(ids(ranked)).toEqual(["zz-relay", "zz-no-repayment"]);
    expect(codes(byId(ranked, "zz-no-repayment"))).toEqual([Code.RENEWAL_FIRM_NOT_ELIGIBLE]);
  });

  it("郑科贷 ranks first for an R&D need; the 专精特新贷 also serves it", () => {
    const rd = need({ firmId: "zz-firm", purpose: P.R_AND_D, amountFen: wan(300), termMonths: 24 });
    const ranked = matchesFor(rd, zzFirm, [srdiLoan, relay, zhengKeDai], market(), TODAY, [performing]);
    expect(ids(ranked)).toEqual(["zz-zhengkedai", "zz-srdi", "zz-relay"]);
    expect(ranked.slice(0, 2).every((m) => m.eligible)).toBe(true);
    expect(codes(byId(ranked, "zz-relay"))).toEqual([Code.PURPOSE_NOT_ALLOWED, Code.RENEWAL_NEED_REQUIRED]);
  });

  // "基于企业固定资产购建或技术升级改造需求等,研发提供“厂房贷”“技改贷”等中长期项目融资"
  it("厂房贷 on the 5-year LPR serves a 5-year plant need the 36-month 专精特新贷 cannot", () => {
    const factory = product({
      id: "zz-factory",
      institutionId: "bank-zz-2",
      category: Cat.FACTORY_LOAN,
      servedRegionCodes: ["410100"],
      purposes: [P.FIXED_ASSETS],
      acceptedCollateral: [C.REAL_ESTATE],
      maxAmountFen: wan(5000),
      maxTermMonths: 120,
      pricing: lprPricing(20, LprTenor.FIVE_YEAR),
    });
    const plant = need({ firmId: "zz-firm", purpose: P.FIXED_ASSETS, amountFen: wan(2000), termMonths: 60, collateralOffered: [C.REAL_ESTATE] });
    const ranked = matchesFor(plant, zzFirm, [srdiLoan, factory], market());
    expect(ids(ranked)).toEqual(["zz-factory", "zz-srdi"]);
    expect(byId(ranked, "zz-factory").cost!.rateBp).toBe(370);
    expect(codes(byId(ranked, "zz-srdi"))).toEqual([Code.AMOUNT_ABOVE_MAX, Code.TERM_ABOVE_MAX]);
  });
});
