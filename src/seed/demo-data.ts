/**
 * The demo data of srdi-match: one small, consistent world per policy document in
 * /work/shared/seeds (000 晋城 140500, 001 南昌东湖 360102, 002 浙江 330000, 003 云南 530000,
 * 004 郑州 410100). Plain typed objects, no database code: src/seed/demo-seed.ts loads them.
 *
 * Dates are relative to the load date (`RelativeDate`, resolved by the loader) so the demo never
 * goes stale: certificates stay in force, loans mature in a few weeks, needs are wanted soon. The
 * only absolute dates are historical facts: LPR fixings and firms' founding dates.
 *
 * Money is integer fen (`wan(800)` = 800万元); the loader formats it for NUMERIC(18,2). Rates are
 * basis points. Cross-references use the `key` of the referenced record.
 *
 * Names of firms are invented; banks, guarantee agencies and authorities carry real names for
 * realism, but every figure here (products, rates, quotas, agreements) is demo data.
 */
import type { LocalDate } from "../domain/dates";
import { makeCreditCode } from "../domain/credit-code";
import {
  CertificationLevel,
  CertificationTier,
  CollateralType,
  CreditRating,
  FinancingNeedStatus,
  FinancingPurpose,
  FirmSize,
  IncentiveKind,
  InstitutionType,
  LoanProductCategory,
  LprTenor,
  NeedVisibility,
} from "../domain/enums";
import { wan, type Fen } from "../domain/money";

const { INNOVATIVE_SME, SPECIALIZED_SME, LITTLE_GIANT, SINGLE_CHAMPION } = CertificationTier;
const { MUNICIPAL, PROVINCIAL, NATIONAL } = CertificationLevel;
const { WORKING_CAPITAL, R_AND_D, TECH_UPGRADE, COMMERCIALIZATION, FIXED_ASSETS, RENEWAL, SUPPLY_CHAIN } = FinancingPurpose;
const { NONE, REAL_ESTATE, EQUIPMENT, MOVABLE_ASSETS, INTELLECTUAL_PROPERTY, RECEIVABLES, EQUITY } = CollateralType;

/** A date relative to the load date: `months` then `days` added to today (negative = past). */
export interface RelativeDate {
  months?: number;
  days?: number;
}

/** The seed documents, by file name. */
export const SEED_000 = "000_2273aa5dce18e103.txt";
export const SEED_001 = "001_5fa0acf20b54ac10.txt";
export const SEED_002 = "002_a62e9da4c6b51fa5.txt";
export const SEED_003 = "003_4f19a8abbe21caa5.txt";
export const SEED_004 = "004_506f9b4cf7d5de34.txt";

export interface DemoRegion {
  code: string;
  name: string;
  sourceDocument: string;
}

/** The five regions, one per policy document. */
export const DEMO_REGIONS: readonly DemoRegion[] = [
  { code: "140500", name: "山西省晋城市", sourceDocument: SEED_000 },
  { code: "360102", name: "江西省南昌市东湖区", sourceDocument: SEED_001 },
  { code: "330000", name: "浙江省", sourceDocument: SEED_002 },
  { code: "530000", name: "云南省", sourceDocument: SEED_003 },
  { code: "410100", name: "河南省郑州市", sourceDocument: SEED_004 },
];

// ---------------------------------------------------------------------------------------------
// Financial institutions (金融机构)
// ---------------------------------------------------------------------------------------------

export interface DemoInstitution {
  key: string;
  name: string;
  shortName: string;
  type: InstitutionType;
  regionCode: string;
}

/** Banks per region plus a policy bank (seed 003) and a leasing company (seed 004). The first one is the loader's "already loaded" marker. */
export const DEMO_INSTITUTIONS: readonly DemoInstitution[] = [
  // 000 晋城
  { key: "jcb", name: "晋城银行股份有限公司", shortName: "晋城银行", type: InstitutionType.CITY_COMMERCIAL_BANK, regionCode: "140500" },
  { key: "ccb-jc", name: "中国建设银行晋城分行", shortName: "建行晋城分行", type: InstitutionType.LARGE_STATE_BANK, regionCode: "140500" },
  { key: "icbc-jc", name: "中国工商银行晋城分行", shortName: "工行晋城分行", type: InstitutionType.LARGE_STATE_BANK, regionCode: "140500" },
  // 001 南昌东湖
  { key: "jxb-dh", name: "江西银行南昌东湖支行", shortName: "江西银行东湖支行", type: InstitutionType.CITY_COMMERCIAL_BANK, regionCode: "360102" },
  { key: "boc-dh", name: "中国银行南昌市东湖支行", shortName: "中行东湖支行", type: InstitutionType.LARGE_STATE_BANK, regionCode: "360102" },
  { key: "ncrcb-dh", name: "南昌农村商业银行东湖支行", shortName: "南昌农商银行东湖支行", type: InstitutionType.RURAL_COMMERCIAL_BANK, regionCode: "360102" },
  // 002 浙江
  { key: "zjtl", name: "浙江泰隆商业银行股份有限公司", shortName: "泰隆银行", type: InstitutionType.CITY_COMMERCIAL_BANK, regionCode: "331000" },
  { key: "hzb", name: "杭州银行股份有限公司", shortName: "杭州银行", type: InstitutionType.CITY_COMMERCIAL_BANK, regionCode: "330100" },
  { key: "abc-zj", name: "中国农业银行浙江省分行", shortName: "农行浙江省分行", type: InstitutionType.LARGE_STATE_BANK, regionCode: "330000" },
  { key: "czb", name: "浙商银行股份有限公司", shortName: "浙商银行", type: InstitutionType.JOINT_STOCK_BANK, regionCode: "330000" },
  // 003 云南
  { key: "fdb", name: "富滇银行股份有限公司", shortName: "富滇银行", type: InstitutionType.CITY_COMMERCIAL_BANK, regionCode: "530100" },
  { key: "ccb-yn", name: "中国建设银行云南省分行", shortName: "建行云南省分行", type: InstitutionType.LARGE_STATE_BANK, regionCode: "530000" },
  { key: "cdb-yn", name: "国家开发银行云南省分行", shortName: "国开行云南分行", type: InstitutionType.POLICY_BANK, regionCode: "530000" },
  // 004 郑州
  { key: "zzb", name: "郑州银行股份有限公司", shortName: "郑州银行", type: InstitutionType.CITY_COMMERCIAL_BANK, regionCode: "410100" },
  { key: "zyb-zz", name: "中原银行郑州分行", shortName: "中原银行郑州分行", type: InstitutionType.CITY_COMMERCIAL_BANK, regionCode: "410100" },
  { key: "icbc-zz", name: "中国工商银行郑州分行", shortName: "工行郑州分行", type: InstitutionType.LARGE_STATE_BANK, regionCode: "410100" },
  { key: "zzfl", name: "郑银金融租赁有限公司", shortName: "郑银金租", type: InstitutionType.FINANCIAL_LEASING, regionCode: "410100" },
];

// ---------------------------------------------------------------------------------------------
// Firms (企业)
// ---------------------------------------------------------------------------------------------

export interface DemoFirm {
  key: string;
  /** 统一社会信用代码, built with makeCreditCode("91", regionCode, stem): positions 3-8 = regionCode. */
  creditCode: string;
  name: string;
  regionCode: string;
  industryCode: string;
  size: FirmSize;
  /** Historical fact, absolute. */
  foundedOn: LocalDate;
  annualRevenue: Fen;
  rdExpense: Fen;
  inventionPatents: number;
  employees: number;
  creditRating: CreditRating | null;
  /** 结对银行 (seed 003): institution key. */
  pairedBank?: string;
}

function firm(stem: string, f: Omit<DemoFirm, "creditCode">): DemoFirm {
  return { ...f, creditCode: makeCreditCode("91", f.regionCode, stem) };
}

export const DEMO_FIRMS: readonly DemoFirm[] = [
  // 000 晋城 (1405xx)
  firm("MA0GRK7X", {
    key: "jc-xinrui", name: "晋城鑫锐精密机械有限公司", regionCode: "140502", industryCode: "C3484", size: FirmSize.MEDIUM,
    foundedOn: "2009-04-16", annualRevenue: wan(28600), rdExpense: wan(1520), inventionPatents: 18, employees: 420, creditRating: CreditRating.AA,
  }),
  firm("MA0H2Q8L", {
    key: "jc-jinlan", name: "高平市晋蓝新材料科技有限公司", regionCode: "140581", industryCode: "C3091", size: FirmSize.SMALL,
    foundedOn: "2013-08-02", annualRevenue: wan(9800), rdExpense: wan(560), inventionPatents: 9, employees: 186, creditRating: CreditRating.A,
  }),
  firm("MA0JD4N6", {
    key: "jc-guangyan", name: "晋城光研电子科技有限公司", regionCode: "140525", industryCode: "C3976", size: FirmSize.SMALL,
    foundedOn: "2016-11-21", annualRevenue: wan(4300), rdExpense: wan(390), inventionPatents: 6, employees: 95, creditRating: CreditRating.BBB,
  }),
  firm("MA0K8F3T", {
    key: "jc-zhilian", name: "晋城智联软件有限公司", regionCode: "140502", industryCode: "I6513", size: FirmSize.MICRO,
    foundedOn: "2018-03-09", annualRevenue: wan(420), rdExpense: wan(96), inventionPatents: 1, employees: 8, creditRating: CreditRating.BB,
  }),
  // 001 南昌东湖 (360102)
  firm("MA35R7UL", {
    key: "dh-ruikang", name: "南昌东湖瑞康医疗器械有限公司", regionCode: "360102", industryCode: "C3581", size: FirmSize.SMALL,
    foundedOn: "2014-06-12", annualRevenue: wan(6200), rdExpense: wan(480), inventionPatents: 7, employees: 140, creditRating: CreditRating.A,
  }),
  firm("MA38G1K0", {
    key: "dh-ganjiang", name: "南昌赣江数智科技有限公司", regionCode: "360102", industryCode: "I6511", size: FirmSize.SMALL,
    foundedOn: "2019-09-27", annualRevenue: wan(1800), rdExpense: wan(310), inventionPatents: 3, employees: 64, creditRating: CreditRating.BBB,
  }),
  firm("70561234", {
    key: "dh-hongdu", name: "南昌洪都精密铸造有限公司", regionCode: "360102", industryCode: "C3391", size: FirmSize.MEDIUM,
    foundedOn: "2001-10-18", annualRevenue: wan(35200), rdExpense: wan(1460), inventionPatents: 22, employees: 610, creditRating: CreditRating.AA,
  }),
  firm("MA39W2E6", {
    key: "dh-lvyuan", name: "南昌东湖绿源环保设备有限公司", regionCode: "360102", industryCode: "C3591", size: FirmSize.MICRO,
    foundedOn: "2017-05-05", annualRevenue: wan(260), rdExpense: wan(12), inventionPatents: 1, employees: 18, creditRating: CreditRating.B,
  }),
  // 002 浙江 (33xxxx)
  firm("7170826H", {
    key: "zj-hairun", name: "宁波北仑海润精密模具有限公司", regionCode: "330206", industryCode: "C3525", size: FirmSize.MEDIUM,
    foundedOn: "2004-02-26", annualRevenue: wan(31800), rdExpense: wan(1390), inventionPatents: 26, employees: 530, creditRating: CreditRating.AA,
  }),
  firm("MA2H1C8Y", {
    key: "zj-xince", name: "杭州云栖芯测科技有限公司", regionCode: "330106", industryCode: "C3973", size: FirmSize.SMALL,
    foundedOn: "2017-07-14", annualRevenue: wan(7600), rdExpense: wan(1280), inventionPatents: 15, employees: 150, creditRating: CreditRating.A,
  }),
  firm("14805192", {
    key: "zj-donghai", name: "台州椒江东海泵业股份有限公司", regionCode: "331002", industryCode: "C3441", size: FirmSize.LARGE,
    foundedOn: "1996-09-03", annualRevenue: wan(126000), rdExpense: wan(5040), inventionPatents: 64, employees: 1850, creditRating: CreditRating.AAA,
  }),
  firm("MA2JB6P3", {
    key: "zj-weina", name: "嘉兴南湖微纳新材料有限公司", regionCode: "330402", industryCode: "C2662", size: FirmSize.SMALL,
    foundedOn: "2020-01-08", annualRevenue: wan(2100), rdExpense: wan(260), inventionPatents: 4, employees: 46, creditRating: CreditRating.BBB,
  }),
  firm("MA2K5D7R", {
    key: "zj-nanxun", name: "湖州南浔精工电机有限公司", regionCode: "330503", industryCode: "C3812", size: FirmSize.SMALL,
    foundedOn: "2011-12-19", annualRevenue: wan(8900), rdExpense: wan(430), inventionPatents: 8, employees: 210, creditRating: CreditRating.A,
  }),
  // 003 云南 (53xxxx): every certified firm has a 结对银行.
  firm("MA6K3TQ5", {
    key: "yn-dianzhong", name: "昆明滇中高原生物制药有限公司", regionCode: "530111", industryCode: "C2740", size: FirmSize.SMALL,
    foundedOn: "2012-03-30", annualRevenue: wan(8400), rdExpense: wan(620), inventionPatents: 11, employees: 230, creditRating: CreditRating.A,
    pairedBank: "fdb",
  }),
  firm("70984512", {
    key: "yn-yunxing", name: "玉溪云星光电材料有限公司", regionCode: "530402", industryCode: "C3985", size: FirmSize.MEDIUM,
    foundedOn: "2006-07-11", annualRevenue: wan(23500), rdExpense: wan(1180), inventionPatents: 19, employees: 480, creditRating: CreditRating.AA,
    pairedBank: "ccb-yn",
  }),
  firm("MA6PX4D8", {
    key: "yn-yunzhi", name: "昆明五华云智信息技术有限公司", regionCode: "530102", industryCode: "I6513", size: FirmSize.SMALL,
    foundedOn: "2018-10-22", annualRevenue: wan(1300), rdExpense: wan(240), inventionPatents: 2, employees: 42, creditRating: CreditRating.BBB,
    pairedBank: "fdb",
  }),
  firm("MA6Q7R2C", {
    key: "yn-diandong", name: "曲靖滇东新能源装备有限公司", regionCode: "530302", industryCode: "C3825", size: FirmSize.SMALL,
    foundedOn: "2015-04-17", annualRevenue: wan(5600), rdExpense: wan(300), inventionPatents: 5, employees: 168, creditRating: CreditRating.A,
    pairedBank: "ccb-yn",
  }),
  // 004 郑州 (4101xx)
  firm("17002157", {
    key: "zz-zhongyue", name: "郑州中岳超硬材料有限公司", regionCode: "410102", industryCode: "C3099", size: FirmSize.MEDIUM,
    foundedOn: "2003-05-20", annualRevenue: wan(41500), rdExpense: wan(2100), inventionPatents: 31, employees: 760, creditRating: CreditRating.AA,
  }),
  firm("MA44K9L2", {
    key: "zz-zhigan", name: "郑州金水智感传感技术有限公司", regionCode: "410105", industryCode: "C3983", size: FirmSize.SMALL,
    foundedOn: "2015-08-08", annualRevenue: wan(5200), rdExpense: wan(610), inventionPatents: 10, employees: 120, creditRating: CreditRating.A,
  }),
  firm("MA47N3G8", {
    key: "zz-yunsuan", name: "郑州惠济云算软件科技有限公司", regionCode: "410108", industryCode: "I6511", size: FirmSize.SMALL,
    foundedOn: "2019-02-13", annualRevenue: wan(980), rdExpense: wan(210), inventionPatents: 2, employees: 36, creditRating: CreditRating.BBB,
  }),
  firm("MA45C6W1", {
    key: "zz-yuxin", name: "新郑市豫新汽车零部件有限公司", regionCode: "410184", industryCode: "C3670", size: FirmSize.SMALL,
    foundedOn: "2010-06-01", annualRevenue: wan(3700), rdExpense: wan(85), inventionPatents: 0, employees: 150, creditRating: CreditRating.BBB,
  }),
];

// ---------------------------------------------------------------------------------------------
// Certifications (梯度培育认定)
// ---------------------------------------------------------------------------------------------

export interface DemoCertification {
  firm: string;
  tier: CertificationTier;
  level: CertificationLevel;
  authority: string;
  /** Unique per authority. */
  certificateNo: string;
  batch: string;
  issued: RelativeDate;
  /** Validity in months (3 years unless said otherwise); expiresOn = issuedOn + validity − 1 day. */
  validityMonths?: number;
  /** Revoked ("有进有出"): when and why. Status is otherwise derived from the dates (ACTIVE/EXPIRED). */
  revoked?: { on: RelativeDate; reason: string };
}

const MIIT = "工业和信息化部";
const SX = "山西省工业和信息化厅";
const JC = "晋城市工业和信息化局";
const JX = "江西省工业和信息化厅";
const ZJ = "浙江省经济和信息化厅";
const YN = "云南省工业和信息化厅";
const QJ = "曲靖市工业和信息化局";
const HN = "河南省工业和信息化厅";

export const DEMO_CERTIFICATIONS: readonly DemoCertification[] = [
  // 晋城: 鑫锐 省级专精特新 then 国家级小巨人; 晋蓝 市级专精特新 then 省级小巨人; 智联 expired only.
  { firm: "jc-xinrui", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: SX, certificateNo: "SXZJTX-B4-0147", batch: "第四批", issued: { months: -30 } },
  { firm: "jc-xinrui", tier: LITTLE_GIANT, level: NATIONAL, authority: MIIT, certificateNo: "MIIT-XJR-B5-1405-031", batch: "第五批", issued: { months: -14 } },
  { firm: "jc-jinlan", tier: SPECIALIZED_SME, level: MUNICIPAL, authority: JC, certificateNo: "JCZJTX-B2-018", batch: "第二批", issued: { months: -32 } },
  { firm: "jc-jinlan", tier: LITTLE_GIANT, level: PROVINCIAL, authority: SX, certificateNo: "SXXJR-B3-0062", batch: "第三批", issued: { months: -20 } },
  { firm: "jc-guangyan", tier: SPECIALIZED_SME, level: MUNICIPAL, authority: JC, certificateNo: "JCZJTX-B3-044", batch: "第三批", issued: { months: -10 } },
  { firm: "jc-zhilian", tier: INNOVATIVE_SME, level: PROVINCIAL, authority: SX, certificateNo: "SXCXX-B1-0583", batch: "第一批", issued: { months: -40 } },
  // 南昌东湖: 绿源 revoked after the yearly review.
  { firm: "dh-ruikang", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: JX, certificateNo: "JXZJTX-B6-0211", batch: "第六批", issued: { months: -16 } },
  { firm: "dh-ganjiang", tier: INNOVATIVE_SME, level: PROVINCIAL, authority: JX, certificateNo: "JXCXX-B2-1036", batch: "第二批", issued: { months: -8 } },
  { firm: "dh-hongdu", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: JX, certificateNo: "JXZJTX-B4-0077", batch: "第四批", issued: { months: -34 } },
  { firm: "dh-hongdu", tier: LITTLE_GIANT, level: NATIONAL, authority: MIIT, certificateNo: "MIIT-XJR-B4-3601-012", batch: "第四批", issued: { months: -26 } },
  {
    firm: "dh-lvyuan", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: JX, certificateNo: "JXZJTX-B5-0390", batch: "第五批", issued: { months: -20 },
    revoked: { on: { months: -2 }, reason: "复核未通过：研发费用占营业收入比重低于认定标准" },
  },
  // 浙江: 东海泵业 is the (LARGE) 制造业单项冠军.
  { firm: "zj-hairun", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: ZJ, certificateNo: "ZJZJTX-B5-0932", batch: "第五批", issued: { months: -28 } },
  { firm: "zj-hairun", tier: LITTLE_GIANT, level: NATIONAL, authority: MIIT, certificateNo: "MIIT-XJR-B5-3302-045", batch: "第五批", issued: { months: -15 } },
  { firm: "zj-xince", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: ZJ, certificateNo: "ZJZJTX-B6-1204", batch: "第六批", issued: { months: -9 } },
  { firm: "zj-donghai", tier: SINGLE_CHAMPION, level: NATIONAL, authority: MIIT, certificateNo: "MIIT-DXGJ-B8-0102", batch: "第八批", issued: { months: -18 } },
  { firm: "zj-weina", tier: INNOVATIVE_SME, level: PROVINCIAL, authority: ZJ, certificateNo: "ZJCXX-B3-2871", batch: "第三批", issued: { months: -6 } },
  { firm: "zj-nanxun", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: ZJ, certificateNo: "ZJZJTX-B6-1388", batch: "第六批", issued: { months: -9 } },
  // 云南
  { firm: "yn-dianzhong", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: YN, certificateNo: "YNZJTX-B5-0126", batch: "第五批", issued: { months: -12 } },
  { firm: "yn-yunxing", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: YN, certificateNo: "YNZJTX-B3-0058", batch: "第三批", issued: { months: -35 } },
  { firm: "yn-yunxing", tier: LITTLE_GIANT, level: NATIONAL, authority: MIIT, certificateNo: "MIIT-XJR-B6-5304-008", batch: "第六批", issued: { months: -4 } },
  { firm: "yn-yunzhi", tier: INNOVATIVE_SME, level: PROVINCIAL, authority: YN, certificateNo: "YNCXX-B2-0419", batch: "第二批", issued: { months: -10 } },
  { firm: "yn-diandong", tier: SPECIALIZED_SME, level: MUNICIPAL, authority: QJ, certificateNo: "QJZJTX-B1-009", batch: "第一批", issued: { months: -7 } },
  // 郑州: 豫新 holds no certification.
  { firm: "zz-zhongyue", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: HN, certificateNo: "HNZJTX-B3-0318", batch: "第三批", issued: { months: -33 } },
  { firm: "zz-zhongyue", tier: LITTLE_GIANT, level: NATIONAL, authority: MIIT, certificateNo: "MIIT-XJR-B4-4101-027", batch: "第四批", issued: { months: -27 } },
  { firm: "zz-zhigan", tier: SPECIALIZED_SME, level: PROVINCIAL, authority: HN, certificateNo: "HNZJTX-B6-1027", batch: "第六批", issued: { months: -5 } },
  { firm: "zz-yunsuan", tier: INNOVATIVE_SME, level: PROVINCIAL, authority: HN, certificateNo: "HNCXX-B3-2256", batch: "第三批", issued: { months: -11 } },
];

// ---------------------------------------------------------------------------------------------
// LPR (贷款市场报价利率): historical fixings, absolute dates.
// ---------------------------------------------------------------------------------------------

export interface DemoLprRate {
  tenor: LprTenor;
  effectiveOn: LocalDate;
  rateBp: number;
}

export const DEMO_LPR_RATES: readonly DemoLprRate[] = [
  { tenor: LprTenor.ONE_YEAR, effectiveOn: "2024-07-22", rateBp: 335 },
  { tenor: LprTenor.FIVE_YEAR, effectiveOn: "2024-07-22", rateBp: 385 },
  { tenor: LprTenor.ONE_YEAR, effectiveOn: "2024-10-21", rateBp: 310 },
  { tenor: LprTenor.FIVE_YEAR, effectiveOn: "2024-10-21", rateBp: 360 },
  { tenor: LprTenor.ONE_YEAR, effectiveOn: "2025-05-20", rateBp: 300 },
  { tenor: LprTenor.FIVE_YEAR, effectiveOn: "2025-05-20", rateBp: 350 },
  { tenor: LprTenor.ONE_YEAR, effectiveOn: "2026-01-20", rateBp: 300 },
  { tenor: LprTenor.FIVE_YEAR, effectiveOn: "2026-01-20", rateBp: 350 },
];

// ---------------------------------------------------------------------------------------------
// Loan products (贷款产品)
// ---------------------------------------------------------------------------------------------

export type DemoPricing = { type: "FIXED"; rateBp: number } | { type: "LPR_SPREAD"; tenor: LprTenor; spreadBp: number };

export interface DemoLoanProduct {
  key: string;
  institution: string;
  /** Unique within the institution. */
  code: string;
  name: string;
  category: LoanProductCategory;
  description: string;
  sourceDocument: string;
  minTier: CertificationTier | null;
  minLevel: CertificationLevel | null;
  servedRegionCodes: string[];
  industryPrefixes: string[];
  minAmount: Fen;
  maxAmount: Fen;
  minTermMonths: number;
  maxTermMonths: number;
  purposes: FinancingPurpose[];
  acceptedCollateral: CollateralType[];
  pricing: DemoPricing;
  requiresGuarantee: boolean;
  approvalDays: number;
  greenChannel: boolean;
  reservedQuota: Fen;
  /** Quota already committed (includes the approved amounts of the demo loans on the product). */
  usedQuota: Fen;
  validFrom: RelativeDate;
  /** Null: open-ended. */
  validTo: RelativeDate | null;
  renewalWindowDays: number | null;
  /** 优惠利率: basis points off the rate per tier. */
  tierDiscounts: Partial<Record<CertificationTier, number>>;
}

const lpr1y = (spreadBp: number): DemoPricing => ({ type: "LPR_SPREAD", tenor: LprTenor.ONE_YEAR, spreadBp });
const lpr5y = (spreadBp: number): DemoPricing => ({ type: "LPR_SPREAD", tenor: LprTenor.FIVE_YEAR, spreadBp });
const fixed = (rateBp: number): DemoPricing => ({ type: "FIXED", rateBp });

export const DEMO_LOAN_PRODUCTS: readonly DemoLoanProduct[] = [
  // ---- 000 晋城
  {
    key: "jcb-srdi", institution: "jcb", code: "JCB-ZJTX-01", name: "晋城银行专精特新贷（专属品牌产品）", category: LoanProductCategory.SRDI_LOAN,
    description: "为晋城市专精特新和小巨人企业量身定做的专属融资产品，预留1亿元授信额度，开通贷款专项审批通道；接受股权质押。",
    sourceDocument: SEED_000, minTier: SPECIALIZED_SME, minLevel: null, servedRegionCodes: ["140500"], industryPrefixes: [],
    minAmount: wan(50), maxAmount: wan(3000), minTermMonths: 6, maxTermMonths: 36,
    purposes: [WORKING_CAPITAL, R_AND_D, TECH_UPGRADE, COMMERCIALIZATION],
    acceptedCollateral: [NONE, REAL_ESTATE, EQUIPMENT, INTELLECTUAL_PROPERTY, EQUITY],
    pricing: lpr1y(45), requiresGuarantee: false, approvalDays: 5, greenChannel: true,
    reservedQuota: wan(10000), usedQuota: wan(2300), validFrom: { months: -14 }, validTo: { months: 26 }, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 20, [SINGLE_CHAMPION]: 30 },
  },
  {
    key: "jcb-renewal", institution: "jcb", code: "JCB-WHBXD-02", name: "晋城银行无还本续贷", category: LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT,
    description: "到期前申请、简化重新授信审查，流动资金贷款到期无需先还本即可续贷；限专精特新及以上企业、正常履约的本行贷款。",
    sourceDocument: SEED_000, minTier: SPECIALIZED_SME, minLevel: null, servedRegionCodes: ["140500"], industryPrefixes: [],
    minAmount: wan(10), maxAmount: wan(2000), minTermMonths: 6, maxTermMonths: 36,
    purposes: [RENEWAL], acceptedCollateral: [NONE, REAL_ESTATE, EQUIPMENT],
    pricing: lpr1y(40), requiresGuarantee: false, approvalDays: 3, greenChannel: true,
    reservedQuota: wan(5000), usedQuota: wan(800), validFrom: { months: -10 }, validTo: { months: 26 }, renewalWindowDays: 60,
    tierDiscounts: { [LITTLE_GIANT]: 15, [SINGLE_CHAMPION]: 20 },
  },
  {
    key: "ccb-jc-credit", institution: "ccb-jc", code: "CCB-JC-SXD-01", name: "建行善新贷（晋城）", category: LoanProductCategory.CREDIT_LOAN,
    description: "基于纳税、结算和信用评级数据的线上信用贷款，无需抵押。",
    sourceDocument: SEED_000, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["140000"], industryPrefixes: [],
    minAmount: wan(10), maxAmount: wan(500), minTermMonths: 3, maxTermMonths: 12,
    purposes: [WORKING_CAPITAL, R_AND_D], acceptedCollateral: [NONE],
    pricing: fixed(365), requiresGuarantee: false, approvalDays: 2, greenChannel: false,
    reservedQuota: wan(8000), usedQuota: wan(1650), validFrom: { months: -18 }, validTo: null, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 15, [LITTLE_GIANT]: 25 },
  },
  // ---- 001 南昌东湖
  {
    key: "jxb-receivables", institution: "jxb-dh", code: "JXB-DH-YSZK-01", name: "江西银行专精特新应收账款融资", category: LoanProductCategory.RECEIVABLES_FINANCING,
    description: "依托应收账款融资服务平台，为重点产业链关键配套或纳入政府采购的专精特新企业提供供应链金融，绿色通道审批。",
    sourceDocument: SEED_001, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["360102"], industryPrefixes: [],
    minAmount: wan(20), maxAmount: wan(1000), minTermMonths: 3, maxTermMonths: 12,
    purposes: [SUPPLY_CHAIN, WORKING_CAPITAL], acceptedCollateral: [RECEIVABLES],
    pricing: lpr1y(35), requiresGuarantee: false, approvalDays: 3, greenChannel: true,
    reservedQuota: wan(3000), usedQuota: wan(420), validFrom: { months: -8 }, validTo: { months: 16 }, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 20 },
  },
  {
    key: "boc-guaranteed", institution: "boc-dh", code: "BOC-DH-DBD-01", name: "中行东湖专精特新担保贷", category: LoanProductCategory.SRDI_LOAN,
    description: "与南昌市东湖区融资担保合作的政府性担保贷款，担保费率优惠，无需抵押。",
    sourceDocument: SEED_001, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["360102"], industryPrefixes: [],
    minAmount: wan(30), maxAmount: wan(500), minTermMonths: 6, maxTermMonths: 24,
    purposes: [WORKING_CAPITAL, R_AND_D, COMMERCIALIZATION], acceptedCollateral: [NONE],
    pricing: fixed(330), requiresGuarantee: true, approvalDays: 7, greenChannel: false,
    reservedQuota: wan(2000), usedQuota: wan(350), validFrom: { months: -6 }, validTo: { months: 18 }, renewalWindowDays: null,
    tierDiscounts: { [LITTLE_GIANT]: 20 },
  },
  {
    key: "ncrcb-credit", institution: "ncrcb-dh", code: "NCRCB-DH-XYD-01", name: "南昌农商银行专精特新信用贷", category: LoanProductCategory.CREDIT_LOAN,
    description: "依据名单推送的专精特新企业名单和地方征信平台数据发放的纯信用贷款。",
    sourceDocument: SEED_001, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["360100"], industryPrefixes: [],
    minAmount: wan(10), maxAmount: wan(300), minTermMonths: 6, maxTermMonths: 12,
    purposes: [WORKING_CAPITAL], acceptedCollateral: [NONE],
    pricing: lpr1y(95), requiresGuarantee: false, approvalDays: 4, greenChannel: true,
    reservedQuota: wan(1500), usedQuota: wan(0), validFrom: { months: -4 }, validTo: { months: 20 }, renewalWindowDays: null,
    tierDiscounts: {},
  },
  // ---- 002 浙江
  {
    key: "zjtl-credit", institution: "zjtl", code: "ZJTL-XYD-01", name: "泰隆专精特新信用贷", category: LoanProductCategory.CREDIT_LOAN,
    description: "以“信用”换“信贷”：按企业资产轻重特点评审的纯信用贷款，无需抵押。",
    sourceDocument: SEED_002, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["330000"], industryPrefixes: [],
    minAmount: wan(10), maxAmount: wan(500), minTermMonths: 6, maxTermMonths: 36,
    purposes: [WORKING_CAPITAL, R_AND_D], acceptedCollateral: [NONE],
    pricing: fixed(420), requiresGuarantee: false, approvalDays: 3, greenChannel: true,
    reservedQuota: wan(20000), usedQuota: wan(4100), validFrom: { months: -12 }, validTo: null, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 20, [LITTLE_GIANT]: 40, [SINGLE_CHAMPION]: 40 },
  },
  {
    key: "zjtl-revolving", institution: "zjtl", code: "ZJTL-SJSH-02", name: "泰隆随借随还循环贷", category: LoanProductCategory.REVOLVING_LOAN,
    description: "一次授信、循环使用、随借随还，按实际用款天数计息。",
    sourceDocument: SEED_002, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["330000"], industryPrefixes: [],
    minAmount: wan(20), maxAmount: wan(1000), minTermMonths: 12, maxTermMonths: 36,
    purposes: [WORKING_CAPITAL, SUPPLY_CHAIN], acceptedCollateral: [NONE, REAL_ESTATE],
    pricing: lpr1y(80), requiresGuarantee: false, approvalDays: 5, greenChannel: false,
    reservedQuota: wan(15000), usedQuota: wan(2600), validFrom: { months: -12 }, validTo: null, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 20 },
  },
  {
    key: "hzb-ip", institution: "hzb", code: "HZB-ZSCQ-01", name: "杭州银行知识产权质押贷", category: LoanProductCategory.IP_PLEDGE_LOAN,
    description: "以发明专利、商标等知识产权质押融资，适合轻资产科技型专精特新企业。",
    sourceDocument: SEED_002, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["330000"], industryPrefixes: [],
    minAmount: wan(50), maxAmount: wan(2000), minTermMonths: 12, maxTermMonths: 36,
    purposes: [R_AND_D, COMMERCIALIZATION, WORKING_CAPITAL], acceptedCollateral: [INTELLECTUAL_PROPERTY],
    pricing: lpr1y(30), requiresGuarantee: false, approvalDays: 10, greenChannel: false,
    reservedQuota: wan(30000), usedQuota: wan(5200), validFrom: { months: -9 }, validTo: { months: 27 }, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 25 },
  },
  {
    key: "abc-zj-guaranteed", institution: "abc-zj", code: "ABC-ZJ-ZDZ-01", name: "农行浙江“总对总”专精特新担保贷", category: LoanProductCategory.SRDI_LOAN,
    description: "与浙江省融资担保“总对总”批量合作，见担即贷、不再重复尽调，重点支持省级创新型中小企业批量增信。",
    sourceDocument: SEED_002, minTier: INNOVATIVE_SME, minLevel: PROVINCIAL, servedRegionCodes: ["330000"], industryPrefixes: [],
    minAmount: wan(50), maxAmount: wan(1000), minTermMonths: 12, maxTermMonths: 36,
    purposes: [WORKING_CAPITAL, R_AND_D, TECH_UPGRADE, COMMERCIALIZATION], acceptedCollateral: [NONE],
    pricing: lpr1y(20), requiresGuarantee: true, approvalDays: 4, greenChannel: true,
    reservedQuota: wan(50000), usedQuota: wan(9800), validFrom: { months: -12 }, validTo: { months: 24 }, renewalWindowDays: null,
    tierDiscounts: { [LITTLE_GIANT]: 10 },
  },
  {
    key: "abc-zj-renewal", institution: "abc-zj", code: "ABC-ZJ-WHBXD-02", name: "农行浙江无还本续贷", category: LoanProductCategory.RENEWAL_WITHOUT_REPAYMENT,
    description: "小微和中型专精特新企业流动资金贷款到期前申请、无需还本续贷（金规〔2024〕13号）。",
    sourceDocument: SEED_002, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["330000"], industryPrefixes: [],
    minAmount: wan(10), maxAmount: wan(3000), minTermMonths: 6, maxTermMonths: 36,
    purposes: [RENEWAL], acceptedCollateral: [NONE, REAL_ESTATE, EQUIPMENT],
    pricing: lpr1y(35), requiresGuarantee: false, approvalDays: 3, greenChannel: true,
    reservedQuota: wan(20000), usedQuota: wan(3300), validFrom: { months: -12 }, validTo: null, renewalWindowDays: 90,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 15 },
  },
  {
    key: "czb-park", institution: "czb", code: "CZB-YQD-01", name: "浙商银行专精特新园区贷", category: LoanProductCategory.PARK_LOAN,
    description: "面向入驻省级特色产业园区的专精特新企业，园区平台增信，支持购置厂房和设备及日常经营周转。",
    sourceDocument: SEED_002, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["330000"], industryPrefixes: ["C"],
    minAmount: wan(100), maxAmount: wan(3000), minTermMonths: 12, maxTermMonths: 60,
    purposes: [FIXED_ASSETS, WORKING_CAPITAL, TECH_UPGRADE], acceptedCollateral: [NONE, REAL_ESTATE, EQUIPMENT, EQUITY],
    pricing: lpr5y(10), requiresGuarantee: false, approvalDays: 12, greenChannel: false,
    reservedQuota: wan(40000), usedQuota: wan(6500), validFrom: { months: -5 }, validTo: { months: 31 }, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 20, [SINGLE_CHAMPION]: 30 },
  },
  // ---- 003 云南
  {
    key: "fdb-credit", institution: "fdb", code: "FDB-XYD-01", name: "富滇银行专精特新信用贷", category: LoanProductCategory.CREDIT_LOAN,
    description: "分层级量身定制的专属信用贷款，开通绿色通道；结对企业优先。",
    sourceDocument: SEED_003, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["530000"], industryPrefixes: [],
    minAmount: wan(10), maxAmount: wan(1000), minTermMonths: 6, maxTermMonths: 36,
    purposes: [WORKING_CAPITAL, R_AND_D, COMMERCIALIZATION], acceptedCollateral: [NONE],
    pricing: lpr1y(50), requiresGuarantee: false, approvalDays: 4, greenChannel: true,
    reservedQuota: wan(20000), usedQuota: wan(3700), validFrom: { months: -14 }, validTo: { months: 10 }, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 15, [LITTLE_GIANT]: 25, [SINGLE_CHAMPION]: 30 },
  },
  {
    key: "fdb-movable", institution: "fdb", code: "FDB-DCQL-02", name: "富滇银行动产和权利质押贷", category: LoanProductCategory.SRDI_LOAN,
    description: "支持以存货、设备等动产和应收账款、知识产权等权利作抵质押的专精特新企业融资。",
    sourceDocument: SEED_003, minTier: SPECIALIZED_SME, minLevel: null, servedRegionCodes: ["530000"], industryPrefixes: [],
    minAmount: wan(50), maxAmount: wan(2000), minTermMonths: 6, maxTermMonths: 36,
    purposes: [WORKING_CAPITAL, TECH_UPGRADE, COMMERCIALIZATION, SUPPLY_CHAIN],
    acceptedCollateral: [MOVABLE_ASSETS, EQUIPMENT, RECEIVABLES, INTELLECTUAL_PROPERTY],
    pricing: lpr1y(40), requiresGuarantee: false, approvalDays: 7, greenChannel: true,
    reservedQuota: wan(15000), usedQuota: wan(1200), validFrom: { months: -14 }, validTo: { months: 10 }, renewalWindowDays: null,
    tierDiscounts: { [LITTLE_GIANT]: 20, [SINGLE_CHAMPION]: 25 },
  },
  {
    key: "cdb-techupgrade", institution: "cdb-yn", code: "CDB-YN-JG-01", name: "国开行云南专精特新技术改造专项贷款", category: LoanProductCategory.TECH_UPGRADE_LOAN,
    description: "政策性银行为符合条件的省级及以上专精特新企业技术改造和转型升级提供中长期资金。",
    sourceDocument: SEED_003, minTier: SPECIALIZED_SME, minLevel: PROVINCIAL, servedRegionCodes: ["530000"], industryPrefixes: ["C"],
    minAmount: wan(1000), maxAmount: wan(20000), minTermMonths: 36, maxTermMonths: 120,
    purposes: [TECH_UPGRADE, FIXED_ASSETS], acceptedCollateral: [EQUIPMENT, REAL_ESTATE],
    pricing: lpr5y(-30), requiresGuarantee: false, approvalDays: 30, greenChannel: false,
    reservedQuota: wan(100000), usedQuota: wan(18000), validFrom: { months: -20 }, validTo: { months: 16 }, renewalWindowDays: null,
    tierDiscounts: {},
  },
  // ---- 004 郑州
  {
    key: "zzb-srdi", institution: "zzb", code: "ZZB-ZJTXD-01", name: "郑州银行专精特新贷", category: LoanProductCategory.SRDI_LOAN,
    description: "满足日常资金周转、科技研发、技术改造、成果转化、购置固定资产等各阶段资金需求，执行优惠利率。",
    sourceDocument: SEED_004, minTier: SPECIALIZED_SME, minLevel: null, servedRegionCodes: ["410100"], industryPrefixes: [],
    minAmount: wan(50), maxAmount: wan(3000), minTermMonths: 6, maxTermMonths: 36,
    purposes: [WORKING_CAPITAL, R_AND_D, TECH_UPGRADE, COMMERCIALIZATION, FIXED_ASSETS],
    acceptedCollateral: [NONE, REAL_ESTATE, EQUIPMENT, INTELLECTUAL_PROPERTY],
    pricing: lpr1y(40), requiresGuarantee: false, approvalDays: 5, greenChannel: true,
    reservedQuota: wan(30000), usedQuota: wan(6000), validFrom: { months: -15 }, validTo: { months: 21 }, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 25, [SINGLE_CHAMPION]: 30 },
  },
  {
    key: "zzb-factory", institution: "zzb", code: "ZZB-CFD-02", name: "郑州银行厂房贷", category: LoanProductCategory.FACTORY_LOAN,
    description: "购建厂房、土地等固定资产的中长期项目贷款，以所购厂房抵押。",
    sourceDocument: SEED_004, minTier: SPECIALIZED_SME, minLevel: null, servedRegionCodes: ["410100"], industryPrefixes: ["C"],
    minAmount: wan(500), maxAmount: wan(10000), minTermMonths: 36, maxTermMonths: 120,
    purposes: [FIXED_ASSETS], acceptedCollateral: [REAL_ESTATE],
    pricing: lpr5y(20), requiresGuarantee: false, approvalDays: 20, greenChannel: false,
    reservedQuota: wan(50000), usedQuota: wan(12000), validFrom: { months: -15 }, validTo: { months: 21 }, renewalWindowDays: null,
    tierDiscounts: { [LITTLE_GIANT]: 15, [SINGLE_CHAMPION]: 20 },
  },
  {
    key: "zzb-zhengkedai", institution: "zzb", code: "ZZB-ZKD-03", name: "郑科贷（郑州银行）", category: LoanProductCategory.RISK_SHARING_LOAN,
    description: "省市科技风险补偿资金分担损失的科技型企业贷款，无需政府性担保，可纯信用或知识产权质押。",
    sourceDocument: SEED_004, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["410100"], industryPrefixes: [],
    minAmount: wan(50), maxAmount: wan(1000), minTermMonths: 6, maxTermMonths: 36,
    purposes: [R_AND_D, COMMERCIALIZATION, WORKING_CAPITAL], acceptedCollateral: [NONE, INTELLECTUAL_PROPERTY],
    pricing: fixed(345), requiresGuarantee: false, approvalDays: 10, greenChannel: false,
    reservedQuota: wan(10000), usedQuota: wan(2200), validFrom: { months: -12 }, validTo: { months: 12 }, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 20 },
  },
  {
    key: "zyb-techupgrade", institution: "zyb-zz", code: "ZYB-ZZ-JGD-01", name: "中原银行技改贷", category: LoanProductCategory.TECH_UPGRADE_LOAN,
    description: "技术升级改造项目的中长期贷款，以新购设备或厂房抵押。",
    sourceDocument: SEED_004, minTier: SPECIALIZED_SME, minLevel: null, servedRegionCodes: ["410000"], industryPrefixes: ["C"],
    minAmount: wan(200), maxAmount: wan(5000), minTermMonths: 24, maxTermMonths: 84,
    purposes: [TECH_UPGRADE, FIXED_ASSETS], acceptedCollateral: [EQUIPMENT, REAL_ESTATE],
    pricing: lpr5y(30), requiresGuarantee: false, approvalDays: 15, greenChannel: false,
    reservedQuota: wan(40000), usedQuota: wan(7600), validFrom: { months: -9 }, validTo: { months: 27 }, renewalWindowDays: null,
    tierDiscounts: { [LITTLE_GIANT]: 15, [SINGLE_CHAMPION]: 20 },
  },
  {
    key: "zyb-relay", institution: "zyb-zz", code: "ZYB-ZZ-JLD-02", name: "中原银行接力贷（年审贷）", category: LoanProductCategory.RELAY_LOAN,
    description: "贷款到期仍有资金需求、临时周转困难的专精特新企业，按年审核后接续放款，无需先还本。",
    sourceDocument: SEED_004, minTier: SPECIALIZED_SME, minLevel: null, servedRegionCodes: ["410100"], industryPrefixes: [],
    minAmount: wan(50), maxAmount: wan(2000), minTermMonths: 12, maxTermMonths: 36,
    purposes: [RENEWAL], acceptedCollateral: [NONE, REAL_ESTATE, EQUIPMENT],
    pricing: lpr1y(50), requiresGuarantee: false, approvalDays: 5, greenChannel: true,
    reservedQuota: wan(15000), usedQuota: wan(2500), validFrom: { months: -9 }, validTo: { months: 27 }, renewalWindowDays: 45,
    tierDiscounts: { [LITTLE_GIANT]: 15 },
  },
  {
    key: "icbc-zz-revolving", institution: "icbc-zz", code: "ICBC-ZZ-XHD-01", name: "工行郑州循环贷", category: LoanProductCategory.REVOLVING_LOAN,
    description: "还款期限灵活的循环额度贷款，额度内随借随还。",
    sourceDocument: SEED_004, minTier: INNOVATIVE_SME, minLevel: null, servedRegionCodes: ["410100"], industryPrefixes: [],
    minAmount: wan(20), maxAmount: wan(1500), minTermMonths: 12, maxTermMonths: 36,
    purposes: [WORKING_CAPITAL, SUPPLY_CHAIN], acceptedCollateral: [NONE, REAL_ESTATE],
    pricing: lpr1y(60), requiresGuarantee: false, approvalDays: 5, greenChannel: false,
    reservedQuota: wan(20000), usedQuota: wan(4300), validFrom: { months: -11 }, validTo: null, renewalWindowDays: null,
    tierDiscounts: { [SPECIALIZED_SME]: 10, [LITTLE_GIANT]: 20 },
  },
  {
    key: "icbc-zz-credit", institution: "icbc-zz", code: "ICBC-ZZ-JYKD-02", name: "工行经营快贷（专精特新版）", category: LoanProductCategory.CREDIT_LOAN,
    description: "基于企业结算、纳税、用工、用地、进出口数据的线上信用贷款。",
    sourceDocument: SEED_004, minTier: null, minLevel: null, servedRegionCodes: ["410100"], industryPrefixes: [],
    minAmount: wan(5), maxAmount: wan(300), minTermMonths: 3, maxTermMonths: 12,
    purposes: [WORKING_CAPITAL], acceptedCollateral: [NONE],
    pricing: fixed(380), requiresGuarantee: false, approvalDays: 1, greenChannel: false,
    reservedQuota: wan(10000), usedQuota: wan(2900), validFrom: { months: -11 }, validTo: null, renewalWindowDays: null,
    tierDiscounts: { [INNOVATIVE_SME]: 10, [SPECIALIZED_SME]: 25, [LITTLE_GIANT]: 35 },
  },
  {
    key: "zzfl-leasing", institution: "zzfl", code: "ZYFL-ZL-01", name: "郑银金租专精特新设备融资租赁", category: LoanProductCategory.FINANCIAL_LEASING,
    description: "直租或售后回租方式为设备购置和技术改造提供融资租赁服务。",
    sourceDocument: SEED_004, minTier: SPECIALIZED_SME, minLevel: null, servedRegionCodes: ["410000"], industryPrefixes: ["C"],
    minAmount: wan(100), maxAmount: wan(5000), minTermMonths: 24, maxTermMonths: 60,
    purposes: [TECH_UPGRADE, FIXED_ASSETS], acceptedCollateral: [EQUIPMENT],
    pricing: fixed(450), requiresGuarantee: false, approvalDays: 10, greenChannel: false,
    reservedQuota: wan(20000), usedQuota: wan(3100), validFrom: { months: -7 }, validTo: { months: 17 }, renewalWindowDays: null,
    tierDiscounts: { [LITTLE_GIANT]: 20 },
  },
];

// ---------------------------------------------------------------------------------------------
// Government guarantee agencies (政府性融资担保) and 总对总 agreements
// ---------------------------------------------------------------------------------------------

export interface DemoGuaranteeAgency {
  key: string;
  name: string;
  regionCode: string;
  tiersServed: CertificationTier[];
  /** ≤ 100 when maxAmountPerFirm ≤ 500万, ≤ 150 otherwise (国办发〔2019〕6号). */
  feeRateBp: number;
  maxAmountPerFirm: Fen;
  capacity: Fen;
  usedCapacity: Fen;
  sourceDocument: string;
}

const ALL_TIERS = [INNOVATIVE_SME, SPECIALIZED_SME, LITTLE_GIANT, SINGLE_CHAMPION];

export const DEMO_GUARANTEE_AGENCIES: readonly DemoGuaranteeAgency[] = [
  {
    key: "sx-jc", name: "山西省融资再担保集团晋城分公司", regionCode: "140500", tiersServed: ALL_TIERS,
    feeRateBp: 80, maxAmountPerFirm: wan(1000), capacity: wan(50000), usedCapacity: wan(12600), sourceDocument: SEED_000,
  },
  {
    key: "dh", name: "南昌市东湖区融资担保有限公司", regionCode: "360102", tiersServed: ALL_TIERS,
    feeRateBp: 50, maxAmountPerFirm: wan(500), capacity: wan(20000), usedCapacity: wan(4800), sourceDocument: SEED_001,
  },
  {
    key: "zj", name: "浙江省融资担保有限公司", regionCode: "330000", tiersServed: [INNOVATIVE_SME, SPECIALIZED_SME, LITTLE_GIANT],
    feeRateBp: 75, maxAmountPerFirm: wan(3000), capacity: wan(500000), usedCapacity: wan(168000), sourceDocument: SEED_002,
  },
  {
    key: "yn", name: "云南省融资担保有限责任公司", regionCode: "530000", tiersServed: ALL_TIERS,
    feeRateBp: 80, maxAmountPerFirm: wan(1000), capacity: wan(200000), usedCapacity: wan(56000), sourceDocument: SEED_003,
  },
  {
    key: "zz", name: "郑州中小企业融资担保有限公司", regionCode: "410100", tiersServed: [SPECIALIZED_SME, LITTLE_GIANT, SINGLE_CHAMPION],
    feeRateBp: 100, maxAmountPerFirm: wan(2000), capacity: wan(100000), usedCapacity: wan(31000), sourceDocument: SEED_004,
  },
];

export interface DemoGuaranteeAgreement {
  institution: string;
  agency: string;
  /** ≥ 2000 (the bank bears at least 20%). */
  bankRiskShareBp: number;
  agreedFeeRateBp: number;
  waivesDueDiligence: boolean;
  /** With the waiver: days to decide a guaranteed loan (见担即贷). */
  approvalDays?: number;
  creditLine: Fen | null;
  usedLine: Fen;
  validFrom: RelativeDate;
  validTo: RelativeDate | null;
  sourceDocument: string;
}

export const DEMO_GUARANTEE_AGREEMENTS: readonly DemoGuaranteeAgreement[] = [
  // 002 浙江: "总对总" batch cooperation, no duplicate due diligence.
  { institution: "abc-zj", agency: "zj", bankRiskShareBp: 2000, agreedFeeRateBp: 50, waivesDueDiligence: true, approvalDays: 3, creditLine: wan(200000), usedLine: wan(9800), validFrom: { months: -12 }, validTo: { months: 24 }, sourceDocument: SEED_002 },
  { institution: "zjtl", agency: "zj", bankRiskShareBp: 2000, agreedFeeRateBp: 60, waivesDueDiligence: true, approvalDays: 3, creditLine: wan(100000), usedLine: wan(21000), validFrom: { months: -18 }, validTo: { months: 18 }, sourceDocument: SEED_002 },
  { institution: "hzb", agency: "zj", bankRiskShareBp: 2000, agreedFeeRateBp: 50, waivesDueDiligence: true, approvalDays: 3, creditLine: wan(80000), usedLine: wan(12500), validFrom: { months: -9 }, validTo: { months: 27 }, sourceDocument: SEED_002 },
  // 001 东湖: lower guarantee fees.
  { institution: "boc-dh", agency: "dh", bankRiskShareBp: 2000, agreedFeeRateBp: 40, waivesDueDiligence: false, creditLine: wan(5000), usedLine: wan(350), validFrom: { months: -6 }, validTo: { months: 18 }, sourceDocument: SEED_001 },
  { institution: "jxb-dh", agency: "dh", bankRiskShareBp: 2500, agreedFeeRateBp: 50, waivesDueDiligence: false, creditLine: wan(3000), usedLine: wan(0), validFrom: { months: -8 }, validTo: { months: 16 }, sourceDocument: SEED_001 },
  // Others.
  { institution: "jcb", agency: "sx-jc", bankRiskShareBp: 2000, agreedFeeRateBp: 80, waivesDueDiligence: false, creditLine: wan(20000), usedLine: wan(3600), validFrom: { months: -10 }, validTo: { months: 26 }, sourceDocument: SEED_000 },
  { institution: "fdb", agency: "yn", bankRiskShareBp: 2000, agreedFeeRateBp: 70, waivesDueDiligence: true, approvalDays: 3, creditLine: wan(50000), usedLine: wan(8800), validFrom: { months: -14 }, validTo: { months: 10 }, sourceDocument: SEED_003 },
  { institution: "ccb-yn", agency: "yn", bankRiskShareBp: 2000, agreedFeeRateBp: 70, waivesDueDiligence: false, creditLine: null, usedLine: wan(5400), validFrom: { months: -14 }, validTo: null, sourceDocument: SEED_003 },
  { institution: "zzb", agency: "zz", bankRiskShareBp: 2500, agreedFeeRateBp: 90, waivesDueDiligence: false, creditLine: wan(30000), usedLine: wan(7000), validFrom: { months: -15 }, validTo: { months: 21 }, sourceDocument: SEED_004 },
];

// ---------------------------------------------------------------------------------------------
// Incentive policies (激励政策)
// ---------------------------------------------------------------------------------------------

export interface DemoIncentivePolicy {
  /** Natural key. */
  name: string;
  kind: IncentiveKind;
  issuer: string;
  regionCode: string;
  sourceDocument: string;
  description: string;
  tiers: CertificationTier[];
  levels: CertificationLevel[];
  categories: LoanProductCategory[];
  subsidyBp: number | null;
  durationMonths: number | null;
  awardAmount: Fen | null;
  riskCompensationShareBp: number | null;
  exclusiveGroup: string | null;
  firstCertificationOnly: boolean;
  validFrom: RelativeDate;
  validTo: RelativeDate | null;
}

const NO_SUBSIDY = { subsidyBp: null, durationMonths: null, riskCompensationShareBp: null } as const;
const ZZ_AWARD_GROUP = "郑州市专精特新一次性奖励（从高、不重复）";

export const DEMO_INCENTIVE_POLICIES: readonly DemoIncentivePolicy[] = [
  // 000 晋城: first-certification awards and the listing award.
  {
    name: "晋城市首次认定市级专精特新中小企业奖励", kind: IncentiveKind.CERTIFICATION_AWARD, issuer: "晋城市人民政府", regionCode: "140500", sourceDocument: SEED_000,
    description: "对首次认定的市级专精特新中小企业，一次性给予5万元奖励，用于企业创新投入。",
    tiers: [SPECIALIZED_SME], levels: [MUNICIPAL], categories: [], ...NO_SUBSIDY, awardAmount: wan(5), exclusiveGroup: null, firstCertificationOnly: true,
    validFrom: { months: -24 }, validTo: null,
  },
  {
    name: "晋城市首次认定省级专精特新“小巨人”企业奖励", kind: IncentiveKind.CERTIFICATION_AWARD, issuer: "晋城市人民政府", regionCode: "140500", sourceDocument: SEED_000,
    description: "对首次认定的省级专精特新“小巨人”企业，一次性给予10万元奖励。",
    tiers: [LITTLE_GIANT], levels: [PROVINCIAL], categories: [], ...NO_SUBSIDY, awardAmount: wan(10), exclusiveGroup: null, firstCertificationOnly: true,
    validFrom: { months: -24 }, validTo: null,
  },
  {
    name: "晋城市首次认定国家级专精特新“小巨人”企业奖励", kind: IncentiveKind.CERTIFICATION_AWARD, issuer: "晋城市人民政府", regionCode: "140500", sourceDocument: SEED_000,
    description: "对首次认定的国家级专精特新“小巨人”企业，一次性给予20万元奖励。",
    tiers: [LITTLE_GIANT], levels: [NATIONAL], categories: [], ...NO_SUBSIDY, awardAmount: wan(20), exclusiveGroup: null, firstCertificationOnly: true,
    validFrom: { months: -24 }, validTo: null,
  },
  {
    name: "晋城市专精特新企业挂牌上市追加奖励", kind: IncentiveKind.LISTING_AWARD, issuer: "晋城市人民政府", regionCode: "140500", sourceDocument: SEED_000,
    description: "登陆主板、创业板、新三板及区域性股权交易市场的，按挂牌上市政策支持后再追加10万元。",
    tiers: [SPECIALIZED_SME, LITTLE_GIANT, SINGLE_CHAMPION], levels: [], categories: [], ...NO_SUBSIDY, awardAmount: wan(10), exclusiveGroup: null, firstCertificationOnly: false,
    validFrom: { months: -24 }, validTo: null,
  },
  // 001 东湖: guarantee-fee subsidy.
  {
    name: "东湖区专精特新中小企业融资担保费补贴", kind: IncentiveKind.GUARANTEE_FEE_SUBSIDY, issuer: "南昌市东湖区人民政府", regionCode: "360102", sourceDocument: SEED_001,
    description: "区内专精特新中小企业通过政府性融资担保获得贷款的，按年化0.5%补贴担保费，期限12个月。",
    tiers: [INNOVATIVE_SME, SPECIALIZED_SME, LITTLE_GIANT], levels: [], categories: [],
    subsidyBp: 50, durationMonths: 12, awardAmount: null, riskCompensationShareBp: null, exclusiveGroup: null, firstCertificationOnly: false,
    validFrom: { months: -6 }, validTo: { months: 18 },
  },
  // 003 云南: provincial interest subsidy.
  {
    name: "云南省专精特新企业贷款贴息", kind: IncentiveKind.INTEREST_SUBSIDY, issuer: "云南省工业和信息化厅、云南省财政厅", regionCode: "530000", sourceDocument: SEED_003,
    description: "省级财政对省内银行业金融机构向专精特新及以上企业发放的贷款，按年化0.5%给予贴息，期限12个月。",
    tiers: [SPECIALIZED_SME, LITTLE_GIANT, SINGLE_CHAMPION], levels: [], categories: [],
    subsidyBp: 50, durationMonths: 12, awardAmount: null, riskCompensationShareBp: null, exclusiveGroup: null, firstCertificationOnly: false,
    validFrom: { months: -12 }, validTo: { months: 24 },
  },
  // 004 郑州: awards "从高、不重复" in one group, and 郑科贷 risk compensation.
  {
    name: "郑州市新认定国家级专精特新“小巨人”企业奖励", kind: IncentiveKind.CERTIFICATION_AWARD, issuer: "郑州市人民政府", regionCode: "410100", sourceDocument: SEED_004,
    description: "对新认定为专精特新“小巨人”企业的，一次性奖励200万元；同一企业从高、不重复。",
    tiers: [LITTLE_GIANT], levels: [NATIONAL], categories: [], ...NO_SUBSIDY, awardAmount: wan(200), exclusiveGroup: ZZ_AWARD_GROUP, firstCertificationOnly: true,
    validFrom: { months: -30 }, validTo: null,
  },
  {
    name: "郑州市新认定省级专精特新中小企业奖励", kind: IncentiveKind.CERTIFICATION_AWARD, issuer: "郑州市人民政府", regionCode: "410100", sourceDocument: SEED_004,
    description: "对新认定为省级“专精特新”企业的，一次性奖励50万元；同一企业从高、不重复。",
    tiers: [SPECIALIZED_SME], levels: [PROVINCIAL], categories: [], ...NO_SUBSIDY, awardAmount: wan(50), exclusiveGroup: ZZ_AWARD_GROUP, firstCertificationOnly: true,
    validFrom: { months: -30 }, validTo: null,
  },
  {
    name: "郑州市制造业单项冠军示范企业奖励", kind: IncentiveKind.CERTIFICATION_AWARD, issuer: "郑州市人民政府", regionCode: "410100", sourceDocument: SEED_004,
    description: "对认定为制造业单项冠军（示范）企业的，一次性奖励500万元；同一企业从高、不重复。",
    tiers: [SINGLE_CHAMPION], levels: [NATIONAL], categories: [], ...NO_SUBSIDY, awardAmount: wan(500), exclusiveGroup: ZZ_AWARD_GROUP, firstCertificationOnly: true,
    validFrom: { months: -30 }, validTo: null,
  },
  {
    name: "郑州市制造业单项冠军产品奖励", kind: IncentiveKind.CERTIFICATION_AWARD, issuer: "郑州市人民政府", regionCode: "410100", sourceDocument: SEED_004,
    description: "对认定为制造业单项冠军产品的，一次性奖励100万元；同一企业从高、不重复。",
    tiers: [SINGLE_CHAMPION], levels: [NATIONAL], categories: [], ...NO_SUBSIDY, awardAmount: wan(100), exclusiveGroup: ZZ_AWARD_GROUP, firstCertificationOnly: true,
    validFrom: { months: -30 }, validTo: null,
  },
  {
    name: "郑科贷科技风险补偿", kind: IncentiveKind.RISK_COMPENSATION, issuer: "郑州市科学技术局、郑州市财政局", regionCode: "410100", sourceDocument: SEED_004,
    description: "省市科技风险补偿资金对合作银行发放的“郑科贷”等风险分担类贷款的本金损失按比例给予补偿。",
    tiers: [], levels: [], categories: [LoanProductCategory.RISK_SHARING_LOAN],
    subsidyBp: null, durationMonths: null, awardAmount: null, riskCompensationShareBp: 5000, exclusiveGroup: null, firstCertificationOnly: false,
    validFrom: { months: -12 }, validTo: { months: 24 },
  },
];

// ---------------------------------------------------------------------------------------------
// Disbursed loans (放款) with the need and application that led to them
// ---------------------------------------------------------------------------------------------

export interface DemoLoan {
  /** Stable marker: the original need's description starts with it. */
  marker: string;
  firm: string;
  product: string;
  agency: string | null;
  /** Guarantee fee charged, when an agency guaranteed the loan. */
  guaranteeFeeBp: number | null;
  dockingEvent: string | null;
  principal: Fen;
  outstanding: Fen;
  termMonths: number;
  /** Maturity relative to today; disbursement is termMonths earlier. */
  maturesOn: RelativeDate;
  collateral: CollateralType[];
  needPurpose: FinancingPurpose;
  needDescription: string;
  /** Days before disbursement the application was submitted and approved. */
  submittedDaysBefore: number;
  approvedDaysBefore: number;
}

export const DEMO_LOANS: readonly DemoLoan[] = [
  {
    // 晋蓝 (省级小巨人) borrowed from 晋城银行's exclusive product; the loan matures in a few weeks → renewal need below.
    marker: "〔演示L01〕", firm: "jc-jinlan", product: "jcb-srdi", agency: null, guaranteeFeeBp: null, dockingEvent: "jc-2025",
    principal: wan(500), outstanding: wan(500), termMonths: 12, maturesOn: { days: 20 }, collateral: [EQUIPMENT],
    needPurpose: WORKING_CAPITAL, needDescription: "采购石墨原料及支付电费，需流动资金500万元。", submittedDaysBefore: 16, approvedDaysBefore: 6,
  },
  {
    // 中岳超硬 (国家级小巨人) borrowed with a guarantee from 郑州中小企业融资担保.
    marker: "〔演示L02〕", firm: "zz-zhongyue", product: "zzb-srdi", agency: "zz", guaranteeFeeBp: 90, dockingEvent: null,
    principal: wan(1000), outstanding: wan(1000), termMonths: 12, maturesOn: { months: 8 }, collateral: [],
    needPurpose: R_AND_D, needDescription: "金刚石微粉新产线研发投入，需资金1000万元。", submittedDaysBefore: 12, approvedDaysBefore: 3,
  },
];

// ---------------------------------------------------------------------------------------------
// Financing needs (融资需求)
// ---------------------------------------------------------------------------------------------

export interface DemoNeed {
  /** Stable marker at the start of the description (natural key). */
  marker: string;
  firm: string;
  amount: Fen;
  termMonths: number;
  purpose: FinancingPurpose;
  collateralOffered: readonly CollateralType[];
  acceptsGuarantee: boolean;
  maxAnnualRateBp: number | null;
  neededBy: RelativeDate;
  description: string;
  status: FinancingNeedStatus;
  visibility: NeedVisibility;
  /** Institution keys, with SELECTED_BANKS. */
  visibleTo: readonly string[];
  /** For RENEWAL needs: the marker of the DemoLoan to renew (neededBy should be its maturity). */
  renewalOfLoan: string | null;
  /** For WITHDRAWN needs. */
  withdrawnDaysAgo?: number;
}

const open = { status: FinancingNeedStatus.OPEN, visibility: NeedVisibility.ALL_BANKS, visibleTo: [], renewalOfLoan: null } as const;

export const DEMO_NEEDS: readonly DemoNeed[] = [
  // 000 晋城
  {
    ...open, marker: "〔演示N01〕", firm: "jc-xinrui", amount: wan(800), termMonths: 12, purpose: WORKING_CAPITAL,
    collateralOffered: [REAL_ESTATE, EQUIPMENT], acceptsGuarantee: true, maxAnnualRateBp: 400, neededBy: { days: 21 },
    description: "国家级小巨人企业，新增汽车零部件订单备料，需流动资金800万元。",
  },
  {
    ...open, marker: "〔演示N02〕", firm: "jc-jinlan", amount: wan(500), termMonths: 12, purpose: RENEWAL,
    collateralOffered: [EQUIPMENT], acceptsGuarantee: false, maxAnnualRateBp: 380, neededBy: { days: 20 }, renewalOfLoan: "〔演示L01〕",
    description: "晋城银行500万元流动资金贷款即将到期，申请无还本续贷。",
  },
  {
    ...open, marker: "〔演示N03〕", firm: "jc-guangyan", amount: wan(200), termMonths: 24, purpose: R_AND_D,
    collateralOffered: [INTELLECTUAL_PROPERTY], acceptsGuarantee: true, maxAnnualRateBp: 420, neededBy: { days: 30 },
    description: "激光器芯片封装工艺研发，可质押发明专利。",
  },
  // 001 南昌东湖
  {
    ...open, marker: "〔演示N04〕", firm: "dh-ruikang", amount: wan(300), termMonths: 6, purpose: SUPPLY_CHAIN,
    collateralOffered: [RECEIVABLES], acceptsGuarantee: true, maxAnnualRateBp: 380, neededBy: { days: 14 },
    description: "对省属医院的政府采购应收账款融资，账期6个月。",
  },
  {
    ...open, marker: "〔演示N05〕", firm: "dh-ganjiang", amount: wan(150), termMonths: 12, purpose: WORKING_CAPITAL,
    collateralOffered: [], acceptsGuarantee: true, maxAnnualRateBp: 450, neededBy: { days: 28 },
    description: "软件项目交付期人员工资周转，无抵押物，接受政府性融资担保。",
  },
  // 002 浙江
  {
    ...open, marker: "〔演示N06〕", firm: "zj-xince", amount: wan(600), termMonths: 24, purpose: R_AND_D,
    collateralOffered: [INTELLECTUAL_PROPERTY], acceptsGuarantee: true, maxAnnualRateBp: 400, neededBy: { days: 35 },
    visibility: NeedVisibility.SELECTED_BANKS, visibleTo: ["hzb", "zjtl"],
    description: "晶圆级测试设备研发，以15项发明专利质押；仅向杭州银行和泰隆银行公开。",
  },
  {
    ...open, marker: "〔演示N07〕", firm: "zj-weina", amount: wan(200), termMonths: 12, purpose: WORKING_CAPITAL,
    collateralOffered: [], acceptsGuarantee: true, maxAnnualRateBp: 480, neededBy: { days: 10 },
    description: "省级创新型中小企业，纳米涂层材料订单增长，需信用贷款周转。",
  },
  {
    ...open, marker: "〔演示N08〕", firm: "zj-hairun", amount: wan(1500), termMonths: 36, purpose: COMMERCIALIZATION,
    collateralOffered: [REAL_ESTATE, EQUIPMENT, INTELLECTUAL_PROPERTY], acceptsGuarantee: false, maxAnnualRateBp: null, neededBy: { days: 45 },
    description: "新能源汽车一体化压铸模具成果产业化。",
  },
  // 003 云南
  {
    ...open, marker: "〔演示N09〕", firm: "yn-yunxing", amount: wan(3000), termMonths: 60, purpose: TECH_UPGRADE,
    collateralOffered: [EQUIPMENT, REAL_ESTATE], acceptsGuarantee: false, maxAnnualRateBp: 360, neededBy: { days: 60 },
    description: "光电材料生产线智能化技术改造，申请政策性银行中长期贷款。",
  },
  {
    ...open, marker: "〔演示N10〕", firm: "yn-yunzhi", amount: wan(100), termMonths: 12, purpose: WORKING_CAPITAL,
    collateralOffered: [], acceptsGuarantee: true, maxAnnualRateBp: 420, neededBy: { days: 14 },
    description: "政务云项目垫资，申请结对银行信用贷款。",
  },
  {
    ...open, marker: "〔演示N11〕", firm: "yn-diandong", amount: wan(400), termMonths: 12, purpose: WORKING_CAPITAL,
    collateralOffered: [MOVABLE_ASSETS, RECEIVABLES], acceptsGuarantee: true, maxAnnualRateBp: 400, neededBy: { days: 25 },
    description: "光伏支架订单备货，以存货和应收账款质押。",
  },
  // 004 郑州
  {
    ...open, marker: "〔演示N12〕", firm: "zz-zhongyue", amount: wan(2000), termMonths: 120, purpose: FIXED_ASSETS,
    collateralOffered: [REAL_ESTATE], acceptsGuarantee: false, maxAnnualRateBp: 400, neededBy: { days: 50 },
    description: "购置新厂房扩产，以厂房抵押申请厂房贷。",
  },
  {
    ...open, marker: "〔演示N13〕", firm: "zz-zhigan", amount: wan(800), termMonths: 60, purpose: TECH_UPGRADE,
    collateralOffered: [EQUIPMENT], acceptsGuarantee: true, maxAnnualRateBp: 420, neededBy: { days: 40 },
    description: "MEMS传感器产线技术改造，可抵押新购设备，也可考虑融资租赁。",
  },
  {
    ...open, marker: "〔演示N14〕", firm: "zz-yunsuan", amount: wan(300), termMonths: 24, purpose: R_AND_D,
    collateralOffered: [INTELLECTUAL_PROPERTY], acceptsGuarantee: true, maxAnnualRateBp: 400, neededBy: { days: 20 },
    description: "工业互联网平台研发，申请郑科贷。",
  },
  {
    ...open, marker: "〔演示N15〕", firm: "zz-yuxin", amount: wan(100), termMonths: 12, purpose: WORKING_CAPITAL,
    collateralOffered: [], acceptsGuarantee: true, maxAnnualRateBp: 500, neededBy: { days: 18 },
    description: "尚未获得梯度认定的汽车零部件企业，需短期流动资金。",
  },
  // A withdrawn need.
  {
    ...open, marker: "〔演示N16〕", firm: "yn-dianzhong", amount: wan(200), termMonths: 12, purpose: WORKING_CAPITAL,
    collateralOffered: [], acceptsGuarantee: true, maxAnnualRateBp: 420, neededBy: { days: 5 },
    status: FinancingNeedStatus.WITHDRAWN, withdrawnDaysAgo: 3,
    description: "中药材收购资金，已通过股东借款解决，需求撤回。",
  },
];

// ---------------------------------------------------------------------------------------------
// Docking events (对接活动)
// ---------------------------------------------------------------------------------------------

export interface DemoDockingEvent {
  key: string;
  /** Natural key with regionCode. */
  name: string;
  organizer: string;
  regionCode: string;
  heldOn: RelativeDate;
  description: string;
  institutions: string[];
  firms: string[];
}

export const DEMO_DOCKING_EVENTS: readonly DemoDockingEvent[] = [
  {
    key: "jc-2025", name: "晋城市专精特新和小巨人企业融资对接会（上年度）", organizer: "晋城市工业和信息化局、晋城市金融办", regionCode: "140500",
    heldOn: { months: -12, days: 2 }, description: "市工信局推送专精特新企业名单，晋城银行发布专属产品，现场受理融资申请。",
    institutions: ["jcb", "ccb-jc", "icbc-jc"], firms: ["jc-xinrui", "jc-jinlan", "jc-guangyan"],
  },
  {
    key: "jc-now", name: "晋城市专精特新和小巨人企业融资对接会", organizer: "晋城市工业和信息化局、晋城市金融办", regionCode: "140500",
    heldOn: { days: 14 }, description: "年度融资对接活动：专项审批通道、无还本续贷政策宣讲。",
    institutions: ["jcb", "ccb-jc", "icbc-jc"], firms: ["jc-xinrui", "jc-jinlan", "jc-guangyan", "jc-zhilian"],
  },
  {
    key: "dh", name: "东湖区“政银企”专精特新融资对接活动", organizer: "东湖区中小企业服务局、东湖区金融服务中心", regionCode: "360102",
    heldOn: { days: -20 }, description: "政银企三方平台定期对接，推送专精特新企业名单，推介普惠金融产品手册。",
    institutions: ["jxb-dh", "boc-dh", "ncrcb-dh"], firms: ["dh-ruikang", "dh-ganjiang", "dh-hongdu"],
  },
  {
    key: "zj", name: "“十链百场万企”专精特新融资对接（杭州站）", organizer: "浙江省经济和信息化厅、浙江省地方金融监督管理局", regionCode: "330000",
    heldOn: { days: 10 }, description: "一链一策一批融资促进行动，总对总担保和知识产权质押专场。",
    institutions: ["zjtl", "hzb", "abc-zj", "czb"], firms: ["zj-hairun", "zj-xince", "zj-weina", "zj-nanxun"],
  },
  {
    key: "yn", name: "云南省“政银企保”专精特新融资对接会", organizer: "云南省工业和信息化厅", regionCode: "530000",
    heldOn: { days: -35 }, description: "共享专精特新企业名单和融资需求清单，为每户认定企业确定结对银行。",
    institutions: ["fdb", "ccb-yn", "cdb-yn"], firms: ["yn-dianzhong", "yn-yunxing", "yn-yunzhi", "yn-diandong"],
  },
  {
    key: "zz", name: "郑州市专精特新企业金融服务对接会", organizer: "郑州市金融工作局（名单由郑州市工业和信息化局确定）", regionCode: "410100",
    heldOn: { days: 7 }, description: "市工信局确定企业名单，市金融局组织银行、金租和担保机构对接。",
    institutions: ["zzb", "zyb-zz", "icbc-zz", "zzfl"], firms: ["zz-zhongyue", "zz-zhigan", "zz-yunsuan", "zz-yuxin"],
  },
];
