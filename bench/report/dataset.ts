/**
 * Synthetic, reproducible dataset for the lending-report benchmark (`npm run bench:report`,
 * issue 6 part 6: "a regulator's report over 1,000,000 loans answers within 2 s").
 *
 * Shape (bench/README.md, "bench:report"): 1,200,000 loans disbursed over 36 months
 * (2023-12-01 … 2026-11-23) to ~100,000 firms of the five demo regions, of which exactly
 * 1,000,000 to firms registered in Zhejiang (33xxxx, eleven cities): the Zhejiang regulator
 * (REGULATOR, region 330000) is the "regulator over 1,000,000 loans" of the target, and the
 * other 200,000 loans (郑州 410100, 云南 530000, 晋城 140500, 南昌东湖 360102) sit in the same
 * tables so that the region scope really has to filter. 52 banks, 2,000 products, 12 guarantee
 * agencies with their 总对总 agreements, one financing need and one DISBURSED application per
 * loan that is not a renewal, 100,000 REJECTED applications with reason codes, ~10% renewals
 * (renewLoan: no application, the predecessor RENEWED), repaid, partly repaid and overdue loans.
 *
 * Everything comes from seeded PRNG streams (bench/support/prng.ts), ids included: the same
 * generator version always yields the same rows. Dates are anchored at ANCHOR_DATE, not the clock.
 *
 * The rows respect every CHECK, foreign key and trigger of the migrations; nothing is disabled:
 * - loans are inserted in disbursement order (a renewal always after its predecessor), each
 *   with its application and need already there, so a BEFORE INSERT trigger on loan that derives
 *   columns (region, category, first loan of the firm, application dates) sees what the API
 *   would have seen;
 * - financing_need rows go through trg_financing_need_copy_firm_facts (firm facts copied);
 * - quota counters (product used_quota, agency used_capacity, agreement used_line) are set from
 *   the loans at the end: the outstanding balance of the live loans, with the reserve, capacity or
 *   line raised above it where needed, so every CHECK holds and no counter disagrees with the loans;
 * - no audit events: the dataset bypasses the API, as a migration of history would.
 *
 * It lives in its own database (srdi_bench_report) on the server, created and migrated with the
 * project's migrations, loaded with COPY (bench/support/pg-bulk.ts; the needs on a second
 * connection, in parallel with the applications and loans) and VACUUM ANALYZEd. The
 * table `bench_meta` records the generator version; the next run reuses the dataset (applying any
 * new migration, then ANALYZE) unless the version changed or `--fresh` is given.
 *
 * Run alone: `DATABASE_URL=… npx ts-node bench/report/dataset.ts [--fresh]`.
 */
import { Client } from "pg";
import { withDatabase } from "../../src/db/database";
import { makeCreditCode } from "../../src/domain/credit-code";
import { addMonths } from "../../src/domain/dates";
import { countRows, creditCodeBody, readMeta, runMigrations, timer, withClient } from "../support/dataset-db";
import { CopyInserter, pgArray } from "../support/pg-bulk";
import { Prng } from "../support/prng";

/** Bump when the generated rows change: datasets of another version are regenerated. */
export const GENERATOR_VERSION = 2;
/** "Today" of the dataset. */
export const ANCHOR_DATE = "2026-11-24";
/** First and last disbursement day: 36 calendar months, Dec 2023 … Nov 2026. */
export const WINDOW_FROM = "2023-12-01";
export const WINDOW_TO = "2026-11-23";
export const DATABASE = "srdi_bench_report";
const SEED = 0x5eed0606;

/** The tables the generator fills (also the row counts reported). */
export const TABLES = [
  "financial_institution",
  "firm",
  "certification",
  "lpr_rate",
  "loan_product",
  "guarantee_agency",
  "guarantee_agreement",
  "financing_need",
  "application",
  "loan",
] as const;

export type RowCounts = Record<string, number>;

export interface ReportDataset {
  url: string;
  counts: RowCounts;
  /** Loans per demo region key (ZJ, ZZ, YN, JC, DH). */
  loansByRegion: Record<string, number>;
  generated: boolean;
  generationMs: number;
  generatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// The map: the five demo regions, real GB/T 2260 codes.

interface Area {
  code: string;
  name: string;
  weight: number;
}

export interface RegionSpec {
  key: "ZJ" | "ZZ" | "YN" | "JC" | "DH";
  name: string;
  /** The jurisdiction a regulator of the whole region holds (its token's regionCode). */
  jurisdiction: string;
  firms: number;
  loans: number;
  areas: readonly Area[];
}

const a = (code: string, name: string, weight: number): Area => ({ code, name, weight });

export const REGIONS: readonly RegionSpec[] = [
  {
    key: "ZJ",
    name: "浙江",
    jurisdiction: "330000",
    firms: 80_000,
    loans: 1_000_000,
    areas: [
      a("330102", "杭州上城", 3), a("330105", "杭州拱墅", 3), a("330106", "杭州西湖", 4), a("330108", "杭州滨江", 6), a("330109", "杭州萧山", 5), a("330110", "杭州余杭", 4),
      a("330203", "宁波海曙", 3), a("330205", "宁波江北", 3), a("330206", "宁波北仑", 4), a("330211", "宁波镇海", 3), a("330212", "宁波鄞州", 5),
      a("330302", "温州鹿城", 3), a("330303", "温州龙湾", 3), a("330381", "瑞安", 3), a("330382", "乐清", 3),
      a("330402", "嘉兴南湖", 3), a("330411", "嘉兴秀洲", 2), a("330481", "海宁", 3),
      a("330502", "湖州吴兴", 2), a("330503", "湖州南浔", 2), a("330521", "德清", 2),
      a("330602", "绍兴越城", 2), a("330603", "绍兴柯桥", 3), a("330604", "绍兴上虞", 2), a("330681", "诸暨", 2),
      a("330702", "金华婺城", 2), a("330782", "义乌", 3), a("330783", "东阳", 2), a("330784", "永康", 2),
      a("330802", "衢州柯城", 1.5), a("330803", "衢州衢江", 1.5),
      a("330902", "舟山定海", 2),
      a("331002", "台州椒江", 2), a("331003", "台州黄岩", 2), a("331004", "台州路桥", 2), a("331081", "温岭", 2), a("331082", "临海", 2),
      a("331102", "丽水莲都", 2),
    ],
  },
  {
    key: "ZZ",
    name: "郑州",
    jurisdiction: "410100",
    firms: 8_000,
    loans: 80_000,
    areas: [a("410102", "郑州中原", 2), a("410103", "郑州二七", 2), a("410105", "郑州金水", 4), a("410122", "中牟", 1), a("410181", "巩义", 1), a("410183", "新密", 1), a("410184", "新郑", 2)],
  },
  {
    key: "YN",
    name: "云南",
    jurisdiction: "530000",
    firms: 6_000,
    loans: 60_000,
    areas: [
      a("530102", "昆明五华", 2), a("530103", "昆明盘龙", 2), a("530111", "昆明官渡", 3), a("530112", "昆明西山", 2), a("530114", "昆明呈贡", 2),
      a("530302", "曲靖麒麟", 2), a("530402", "玉溪红塔", 2), a("532301", "楚雄", 1), a("532501", "个旧", 1), a("532502", "开远", 1),
    ],
  },
  {
    key: "JC",
    name: "晋城",
    jurisdiction: "140500",
    firms: 3_500,
    loans: 35_000,
    areas: [a("140502", "晋城城区", 3), a("140521", "沁水", 1), a("140522", "阳城", 1.5), a("140524", "陵川", 0.5), a("140525", "泽州", 2), a("140581", "高平", 2)],
  },
  { key: "DH", name: "南昌东湖", jurisdiction: "360102", firms: 2_500, loans: 25_000, areas: [a("360102", "南昌东湖", 1)] },
];

export const TOTAL_LOANS = REGIONS.reduce((s, r) => s + r.loans, 0);
const REJECTED_APPLICATIONS = 100_000;

/** The prefix a region code covers (as src/domain/codes.ts regionPrefix). */
function prefixOf(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

// ---------------------------------------------------------------------------------------------
// Banks and guarantee agencies of the five regions (names carry the 基准 prefix: synthetic).

type InstitutionType = "POLICY_BANK" | "LARGE_STATE_BANK" | "JOINT_STOCK_BANK" | "CITY_COMMERCIAL_BANK" | "RURAL_COMMERCIAL_BANK" | "FINANCIAL_LEASING";
const TYPE_WEIGHT: Record<InstitutionType, number> = {
  LARGE_STATE_BANK: 10,
  POLICY_BANK: 2,
  JOINT_STOCK_BANK: 5,
  CITY_COMMERCIAL_BANK: 8,
  RURAL_COMMERCIAL_BANK: 6,
  FINANCIAL_LEASING: 1,
};

const b = (name: string, short: string, type: InstitutionType, region: string) => ({ name, short, type, region });
const BANKS = [
  b("中国工商银行浙江省分行", "工行浙江", "LARGE_STATE_BANK", "330000"),
  b("中国农业银行浙江省分行", "农行浙江", "LARGE_STATE_BANK", "330000"),
  b("中国银行浙江省分行", "中行浙江", "LARGE_STATE_BANK", "330000"),
  b("中国建设银行浙江省分行", "建行浙江", "LARGE_STATE_BANK", "330000"),
  b("交通银行浙江省分行", "交行浙江", "LARGE_STATE_BANK", "330000"),
  b("中国邮政储蓄银行浙江省分行", "邮储浙江", "LARGE_STATE_BANK", "330000"),
  b("国家开发银行浙江省分行", "国开行浙江", "POLICY_BANK", "330000"),
  b("中国进出口银行浙江省分行", "进出口浙江", "POLICY_BANK", "330000"),
  b("浙商银行股份有限公司", "浙商银行", "JOINT_STOCK_BANK", "330000"),
  b("招商银行杭州分行", "招行杭州", "JOINT_STOCK_BANK", "330100"),
  b("兴业银行杭州分行", "兴业杭州", "JOINT_STOCK_BANK", "330100"),
  b("中信银行杭州分行", "中信杭州", "JOINT_STOCK_BANK", "330100"),
  b("上海浦东发展银行杭州分行", "浦发杭州", "JOINT_STOCK_BANK", "330100"),
  b("浙江农商联合银行", "浙江农商联合", "RURAL_COMMERCIAL_BANK", "330000"),
  b("杭州银行股份有限公司", "杭州银行", "CITY_COMMERCIAL_BANK", "330100"),
  b("宁波银行股份有限公司", "宁波银行", "CITY_COMMERCIAL_BANK", "330200"),
  b("温州银行股份有限公司", "温州银行", "CITY_COMMERCIAL_BANK", "330300"),
  b("嘉兴银行股份有限公司", "嘉兴银行", "CITY_COMMERCIAL_BANK", "330400"),
  b("湖州银行股份有限公司", "湖州银行", "CITY_COMMERCIAL_BANK", "330500"),
  b("绍兴银行股份有限公司", "绍兴银行", "CITY_COMMERCIAL_BANK", "330600"),
  b("金华银行股份有限公司", "金华银行", "CITY_COMMERCIAL_BANK", "330700"),
  b("浙江稠州商业银行", "稠州银行", "CITY_COMMERCIAL_BANK", "330700"),
  b("台州银行股份有限公司", "台州银行", "CITY_COMMERCIAL_BANK", "331000"),
  b("浙江泰隆商业银行", "泰隆银行", "CITY_COMMERCIAL_BANK", "331000"),
  b("浙江民泰商业银行", "民泰银行", "CITY_COMMERCIAL_BANK", "331000"),
  b("杭州萧山农村商业银行", "萧山农商", "RURAL_COMMERCIAL_BANK", "330109"),
  b("义乌农村商业银行", "义乌农商", "RURAL_COMMERCIAL_BANK", "330782"),
  b("中国工商银行河南省分行", "工行河南", "LARGE_STATE_BANK", "410000"),
  b("中国建设银行河南省分行", "建行河南", "LARGE_STATE_BANK", "410000"),
  b("国家开发银行河南省分行", "国开行河南", "POLICY_BANK", "410000"),
  b("中原银行股份有限公司", "中原银行", "CITY_COMMERCIAL_BANK", "410100"),
  b("郑州银行股份有限公司", "郑州银行", "CITY_COMMERCIAL_BANK", "410100"),
  b("郑州农村商业银行", "郑州农商", "RURAL_COMMERCIAL_BANK", "410100"),
  b("招商银行郑州分行", "招行郑州", "JOINT_STOCK_BANK", "410100"),
  b("上海浦东发展银行郑州分行", "浦发郑州", "JOINT_STOCK_BANK", "410100"),
  b("郑银金融租赁有限公司", "郑银金租", "FINANCIAL_LEASING", "410100"),
  b("富滇银行股份有限公司", "富滇银行", "CITY_COMMERCIAL_BANK", "530100"),
  b("中国建设银行云南省分行", "建行云南", "LARGE_STATE_BANK", "530000"),
  b("中国农业银行云南省分行", "农行云南", "LARGE_STATE_BANK", "530000"),
  b("国家开发银行云南省分行", "国开行云南", "POLICY_BANK", "530000"),
  b("云南红塔银行股份有限公司", "红塔银行", "CITY_COMMERCIAL_BANK", "530400"),
  b("云南省农村信用社联合社", "云南农信", "RURAL_COMMERCIAL_BANK", "530000"),
  b("曲靖市商业银行", "曲靖商行", "CITY_COMMERCIAL_BANK", "530300"),
  b("晋城银行股份有限公司", "晋城银行", "CITY_COMMERCIAL_BANK", "140500"),
  b("中国建设银行晋城分行", "建行晋城", "LARGE_STATE_BANK", "140500"),
  b("中国工商银行晋城分行", "工行晋城", "LARGE_STATE_BANK", "140500"),
  b("晋城农村商业银行", "晋城农商", "RURAL_COMMERCIAL_BANK", "140500"),
  b("晋商银行晋城分行", "晋商晋城", "CITY_COMMERCIAL_BANK", "140500"),
  b("江西银行南昌东湖支行", "江西银行东湖", "CITY_COMMERCIAL_BANK", "360102"),
  b("中国银行南昌市东湖支行", "中行东湖", "LARGE_STATE_BANK", "360102"),
  b("南昌农村商业银行东湖支行", "南昌农商东湖", "RURAL_COMMERCIAL_BANK", "360102"),
  b("赣州银行南昌分行", "赣州银行南昌", "CITY_COMMERCIAL_BANK", "360100"),
] as const;

const g = (name: string, region: string, fee: number) => ({ name, region, fee });
const AGENCIES = [
  g("浙江省融资担保有限公司", "330000", 75),
  g("杭州市融资担保有限公司", "330100", 80),
  g("宁波市融资担保有限公司", "330200", 80),
  g("温州市融资担保有限公司", "330300", 90),
  g("绍兴市融资担保有限公司", "330600", 90),
  g("台州市融资担保有限公司", "331000", 85),
  g("河南省中豫融资担保有限公司", "410000", 100),
  g("郑州市中小企业融资担保有限公司", "410100", 100),
  g("云南省融资担保有限责任公司", "530000", 80),
  g("晋城市融资担保有限公司", "140500", 100),
  g("江西省融资担保集团有限责任公司", "360000", 70),
  g("南昌市东湖区融资担保有限公司", "360102", 60),
] as const;

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const TIERS = ["INNOVATIVE_SME", "SPECIALIZED_SME", "LITTLE_GIANT", "SINGLE_CHAMPION"] as const;
const LEVELS = ["MUNICIPAL", "PROVINCIAL", "NATIONAL"] as const;
const PLEDGES = ["REAL_ESTATE", "EQUIPMENT", "MOVABLE_ASSETS", "INTELLECTUAL_PROPERTY", "RECEIVABLES", "EQUITY"] as const;
const SIZES = ["MICRO", "SMALL", "MEDIUM"] as const;

interface Category {
  name: string;
  label: string;
  renewal: boolean;
  purpose: string;
  /** Collateral the category is built around (index into PLEDGES), "NONE" for pure credit, null for any. */
  collateral: number | "NONE" | null;
  /** Relative number of products. */
  weight: number;
}
const CATEGORIES: readonly Category[] = [
  { name: "SRDI_LOAN", label: "专精特新贷", renewal: false, purpose: "WORKING_CAPITAL", collateral: null, weight: 15 },
  { name: "CREDIT_LOAN", label: "信用贷", renewal: false, purpose: "WORKING_CAPITAL", collateral: "NONE", weight: 15 },
  { name: "TECH_UPGRADE_LOAN", label: "技改贷", renewal: false, purpose: "TECH_UPGRADE", collateral: 1, weight: 10 },
  { name: "FACTORY_LOAN", label: "厂房贷", renewal: false, purpose: "FIXED_ASSETS", collateral: 0, weight: 8 },
  { name: "IP_PLEDGE_LOAN", label: "知识产权质押贷", renewal: false, purpose: "R_AND_D", collateral: 3, weight: 8 },
  { name: "RECEIVABLES_FINANCING", label: "应收账款融资", renewal: false, purpose: "SUPPLY_CHAIN", collateral: 4, weight: 10 },
  { name: "REVOLVING_LOAN", label: "循环贷", renewal: false, purpose: "WORKING_CAPITAL", collateral: null, weight: 10 },
  { name: "FINANCIAL_LEASING", label: "融资租赁", renewal: false, purpose: "TECH_UPGRADE", collateral: 1, weight: 3 },
  { name: "PARK_LOAN", label: "园区贷", renewal: false, purpose: "FIXED_ASSETS", collateral: null, weight: 5 },
  { name: "RISK_SHARING_LOAN", label: "风险分担贷", renewal: false, purpose: "COMMERCIALIZATION", collateral: null, weight: 6 },
  { name: "RENEWAL_WITHOUT_REPAYMENT", label: "无还本续贷", renewal: true, purpose: "RENEWAL", collateral: null, weight: 3 },
  { name: "RELAY_LOAN", label: "接力贷", renewal: true, purpose: "RENEWAL", collateral: null, weight: 2 },
];
const NON_RENEWAL_PURPOSES = ["WORKING_CAPITAL", "R_AND_D", "TECH_UPGRADE", "COMMERCIALIZATION", "FIXED_ASSETS", "SUPPLY_CHAIN"] as const;
const REJECTION_REASONS = ["CREDIT_RISK", "REPAYMENT_CAPACITY", "INSUFFICIENT_COLLATERAL", "INCOMPLETE_DOCUMENTS", "NOT_ELIGIBLE", "QUOTA_EXHAUSTED", "OTHER"] as const;
const REJECTION_CUMULATIVE = cumulate([27, 22, 16, 13, 11, 5, 6]);
const INDUSTRY_DIVISIONS_C = [13, 14, 17, 19, 22, 26, 27, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 43];

/** 贷款市场报价利率 as published (bp), by tenor and effective day. */
const LPR: Record<"ONE_YEAR" | "FIVE_YEAR", ReadonlyArray<[string, number]>> = {
  ONE_YEAR: [["2023-08-21", 345], ["2024-07-22", 335], ["2024-10-21", 310], ["2025-05-20", 300]],
  FIVE_YEAR: [["2023-06-20", 420], ["2024-02-20", 395], ["2024-07-22", 385], ["2024-10-21", 360], ["2025-05-20", 350]],
};

// ---------------------------------------------------------------------------------------------
// Days as integers (days since 1970-01-01, UTC), with a table of their ISO strings.

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const DAY_BASE = dayOf("2019-01-01");
const DAY_STRINGS: string[] = Array.from({ length: 12 * 366 }, (_, i) => new Date((DAY_BASE + i) * DAY_MS).toISOString().slice(0, 10));
const ds = (day: number) => DAY_STRINGS[day - DAY_BASE] ?? new Date(day * DAY_MS).toISOString().slice(0, 10);
const TODAY = dayOf(ANCHOR_DATE);
const FIRST_DAY = dayOf(WINDOW_FROM);
const LAST_DAY = dayOf(WINDOW_TO);
const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const yuan = (n: number) => `${n}.00`;

// ---------------------------------------------------------------------------------------------
// Small helpers.

/** A deterministic v4-shaped UUID for row `i` of a table (`salt`): distinct `i` give distinct ids. */
function idFor(salt: number, i: number): string {
  const mix = (k: number) => {
    let h = Math.imul(salt ^ Math.imul(i + k * 0x632be5ab, 0x9e3779b1), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    return h >>> 0;
  };
  const w0 = mix(1);
  const w1 = (mix(2) & 0xffff0fff) | 0x4000; // version 4
  const w2 = ((mix(3) & 0x3fffffff) | 0x80000000) >>> 0; // variant 10
  const w3 = (Math.imul(i, 0x2c1b3c6d) + salt) >>> 0; // a bijection of i: ids never collide
  const h = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
  const s = h(w0) + h(w1) + h(w2) + h(w3);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
const SALT: Record<string, number> = {
  bank: 0x1001, firm: 0x1002, cert: 0x1003, lpr: 0x1004, product: 0x1005, agency: 0x1006, agreement: 0x1007,
  need: 0x1008, application: 0x1009, loan: 0x100a, rneed: 0x100b, rapplication: 0x100c,
};

/** Whole 万 between min and max 万, log-uniform (small amounts are more common), in yuan. */
function randomWanYuan(rng: Prng, minWan: number, maxWan: number): number {
  const v = Math.exp(Math.log(minWan) + rng.next() * (Math.log(maxWan) - Math.log(minWan)));
  return Math.max(minWan, Math.min(maxWan, Math.round(v))) * 10_000;
}

/** Index into a cumulative weight table (binary search). */
function pickCumulative(rng: Prng, cumulative: Float64Array | number[]): number {
  const total = cumulative[cumulative.length - 1]!;
  const r = rng.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulate(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (c[i] = s += w));
  return c;
}

function lprOn(tenor: "ONE_YEAR" | "FIVE_YEAR", day: number): number {
  let bp = LPR[tenor][0]![1];
  for (const [on, v] of LPR[tenor]) if (dayOf(on) <= day) bp = v;
  return bp;
}
/** LPR by day, precomputed over the whole day table. */
const LPR_BY_DAY = {
  ONE_YEAR: Int16Array.from(DAY_STRINGS, (_, i) => lprOn("ONE_YEAR", DAY_BASE + i)),
  FIVE_YEAR: Int16Array.from(DAY_STRINGS, (_, i) => lprOn("FIVE_YEAR", DAY_BASE + i)),
};

// ---------------------------------------------------------------------------------------------
// The dataset's record (connections, migrations and counts: bench/support/dataset-db.ts).

interface Meta {
  generator_version: number;
  generated_at: Date;
  generation_ms: number;
  counts: RowCounts;
  loans_by_region: Record<string, number>;
}

/**
 * The report dataset on the server at `serverUrl` (a URL of any database there): reused when a
 * finished dataset of this generator version is there, generated otherwise or with `fresh`.
 */
export async function ensureReportDataset(serverUrl: string, options: { fresh?: boolean; log?: (m: string) => void } = {}): Promise<ReportDataset> {
  const log = options.log ?? ((m: string) => console.log(m));
  const url = withDatabase(serverUrl, DATABASE);
  const exists = await withClient(serverUrl, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE])).rowCount! > 0);
  if (exists && !options.fresh) {
    const meta = await readMeta<Meta>(url, ["generator_version", "generated_at", "generation_ms", "counts", "loans_by_region"]);
    if (meta && meta.generator_version === GENERATOR_VERSION) {
      const t = timer();
      const applied = await runMigrations(url);
      if (applied.length > 0) {
        log(`applied ${applied.length} new migration(s) to the existing dataset in ${t()} ms: ${applied.join(", ")}; analysing`);
        await withClient(url, (c) => c.query("VACUUM ANALYZE"));
      }
      log(`reusing dataset in database ${DATABASE} (generated ${meta.generated_at.toISOString()} in ${(meta.generation_ms / 1000).toFixed(1)} s; --fresh to rebuild)`);
      return { url, counts: meta.counts, loansByRegion: meta.loans_by_region, generated: false, generationMs: meta.generation_ms, generatedAt: meta.generated_at.toISOString() };
    }
    log(`database ${DATABASE} holds no finished dataset of generator v${GENERATOR_VERSION}: regenerating`);
  }
  return generate(serverUrl, log);
}

async function generate(serverUrl: string, log: (m: string) => void): Promise<ReportDataset> {
  const total = timer();
  const url = withDatabase(serverUrl, DATABASE);
  log(`creating database ${DATABASE}`);
  await withClient(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${DATABASE}"`);
  });
  let t = timer();
  const applied = await runMigrations(url);
  log(`migrated (${applied.length} migration(s)) in ${t()} ms`);

  let loansByRegion: Record<string, number> = {};
  await withClient(url, (client) =>
    withClient(url, async (needClient) => {
      await client.query("SET synchronous_commit = off");
      await needClient.query("SET synchronous_commit = off");
      loansByRegion = await fill(client, needClient, log);
      t = timer();
      await client.query("VACUUM ANALYZE");
      log(`  VACUUM ANALYZE in ${t()} ms`);
    }),
  );
  const counts: RowCounts = await countRows(url, TABLES);
  const generationMs = total();
  const generatedAt = new Date();
  await withClient(url, async (c) => {
    await c.query(
      `CREATE TABLE bench_meta (generator_version int NOT NULL, seed bigint NOT NULL, anchor_date date NOT NULL,
         generated_at timestamptz NOT NULL, generation_ms int NOT NULL, counts jsonb NOT NULL, loans_by_region jsonb NOT NULL)`,
    );
    await c.query("INSERT INTO bench_meta VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      GENERATOR_VERSION,
      SEED,
      ANCHOR_DATE,
      generatedAt,
      generationMs,
      JSON.stringify(counts),
      JSON.stringify(loansByRegion),
    ]);
  });
  log(`dataset generated in ${(generationMs / 1000).toFixed(1)} s`);
  return { url, counts, loansByRegion, generated: true, generationMs, generatedAt: generatedAt.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// The rows.

interface Bank {
  id: string;
  region: string;
  prefix: string;
  weight: number;
  short: string;
  /** Non-renewal products usable by a firm of tier rank r (index r + 1; r = -1: uncertified), popular ones repeated. */
  productsByRank: number[][];
  /** Renewal products by category: [无还本续贷, 接力贷]. */
  renewalProducts: [number[], number[]];
}

interface Product {
  id: string;
  bank: number;
  category: Category;
  minTierRank: number;
  minAmount: number;
  maxAmount: number;
  minTerm: number;
  maxTerm: number;
  /** Bit mask over PLEDGES, plus NONE_BIT when uncollateralised loans are accepted. */
  accepted: number;
  fixedRate: number | null;
  lprTenor: "ONE_YEAR" | "FIVE_YEAR" | null;
  spread: number;
  requiresGuarantee: boolean;
  approvalDays: number;
  window: number | null;
  purposes: string[];
}
const NONE_BIT = 1 << 6;

interface Agency {
  id: string;
  region: string;
  prefix: string;
  fee: number;
  /** Agreement (index) with each bank, -1 when none. */
  agreementByBank: Int32Array;
}

/** Loans in generation order (columnar: 1.2 million of them). */
class Loans {
  readonly n: number;
  firm: Int32Array;
  bank: Int16Array;
  product: Int16Array;
  day: Int32Array;
  matures: Int32Array;
  term: Int16Array;
  principal: Float64Array;
  outstanding: Float64Array;
  rate: Int16Array;
  agency: Int8Array;
  agreement: Int32Array;
  fee: Int16Array;
  collateral: Uint8Array;
  status: Uint8Array;
  closed: Int32Array;
  renews: Int32Array;
  cert: Int32Array;
  constructor(n: number) {
    this.n = n;
    this.firm = new Int32Array(n);
    this.bank = new Int16Array(n);
    this.product = new Int16Array(n);
    this.day = new Int32Array(n);
    this.matures = new Int32Array(n);
    this.term = new Int16Array(n);
    this.principal = new Float64Array(n);
    this.outstanding = new Float64Array(n);
    this.rate = new Int16Array(n);
    this.agency = new Int8Array(n);
    this.agreement = new Int32Array(n);
    this.fee = new Int16Array(n);
    this.collateral = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.closed = new Int32Array(n);
    this.renews = new Int32Array(n);
    this.cert = new Int32Array(n);
  }
}
const STATUS = ["PERFORMING", "OVERDUE", "REPAID", "RENEWED"] as const;
const PERFORMING = 0;
const OVERDUE = 1;
const REPAID = 2;
const RENEWED = 3;

/**
 * Fills the tables. `needClient` is a second connection that loads the financing needs while
 * `client` loads the applications and loans of the chunk before (an application's chunk is sent
 * once the chunk of its needs is committed): the two server processes use both cores.
 */
async function fill(client: Client, needClient: Client, log: (m: string) => void): Promise<Record<string, number>> {
  const rngFor = (label: string) => Prng.derive(SEED, label);
  const step = (label: string, rows: number, ms: number) => log(`  ${label.padEnd(40)} ${String(rows).padStart(9)} rows  ${String(ms).padStart(7)} ms`);
  const simple = async (table: string, columns: string[], rows: Array<Array<string | number | boolean | null>>) => {
    const t = timer();
    const ins = new CopyInserter(client, table, columns);
    for (const r of rows) await ins.add(r);
    await ins.flush();
    step(table, ins.inserted, t());
  };

  // Banks -----------------------------------------------------------------------------------------
  const banks: Bank[] = BANKS.map((x, i) => ({
    id: idFor(SALT.bank!, i),
    region: x.region,
    prefix: prefixOf(x.region),
    weight: TYPE_WEIGHT[x.type],
    short: x.short,
    productsByRank: [[], [], [], [], []],
    renewalProducts: [[], []],
  }));
  await simple(
    "financial_institution",
    ["id", "created_at", "updated_at", "name", "short_name", "type", "region_code"],
    BANKS.map((x, i) => [banks[i]!.id, "2023-01-05T02:00:00.000Z", "2023-01-05T02:00:00.000Z", `基准${x.name}`, `基准${x.short}`, x.type, x.region]),
  );

  // Areas: the banks and agencies serving each county -------------------------------------------
  interface AreaInfo {
    region: RegionSpec;
    area: Area;
    banks: number[];
    bankCumulative: Float64Array;
    agencies: number[];
  }
  const areaInfos: AreaInfo[] = [];
  for (const region of REGIONS) {
    for (const area of region.areas) {
      const serving = banks.map((bk, i) => (area.code.startsWith(bk.prefix) ? i : -1)).filter((i) => i >= 0);
      const agencies = AGENCIES.map((ag, i) => (area.code.startsWith(prefixOf(ag.region)) ? i : -1)).filter((i) => i >= 0);
      if (serving.length === 0 || agencies.length === 0) throw new Error(`no bank or agency serves ${area.code}`);
      areaInfos.push({ region, area, banks: serving, bankCumulative: cumulate(serving.map((i) => banks[i]!.weight)), agencies });
    }
  }

  // Firms -----------------------------------------------------------------------------------------
  const firmCount = REGIONS.reduce((s, r) => s + r.firms, 0);
  const firmArea = new Int16Array(firmCount);
  const firmSize = new Uint8Array(firmCount);
  const firmWeight = new Float64Array(firmCount);
  const firmFavourites = new Int16Array(firmCount * 3);
  const regionFirstFirm: number[] = [];
  {
    const t = timer();
    const rng = rngFor("firm");
    const ins = new CopyInserter(client, "firm", [
      "id", "created_at", "updated_at", "credit_code", "name", "region_code", "industry_code", "size", "founded_on",
      "annual_revenue", "rd_expense", "invention_patents", "employees", "credit_rating", "paired_bank_id",
    ]);
    let f = 0;
    for (const region of REGIONS) {
      regionFirstFirm.push(f);
      const infos = areaInfos.map((x, i) => (x.region === region ? i : -1)).filter((i) => i >= 0);
      const areaCumulative = cumulate(infos.map((i) => areaInfos[i]!.area.weight));
      for (let k = 0; k < region.firms; k++, f++) {
        const ai = infos[pickCumulative(rng, areaCumulative)]!;
        const info = areaInfos[ai]!;
        const size = rng.weighted([0, 1, 2], [30, 50, 20]);
        const section = rng.weighted(["C", "I", "M"], [75, 15, 10]);
        const industry =
          section === "C"
            ? `C${rng.pick(INDUSTRY_DIVISIONS_C)}${rng.int(1, 9)}${rng.int(1, 9)}`
            : section === "I"
              ? `I${rng.pick([63, 64, 65])}${rng.int(1, 3)}${rng.int(0, 9)}`
              : `M${rng.pick([73, 74, 75])}${rng.int(1, 4)}${rng.int(0, 9)}`;
        const revenueWan = size === 0 ? rng.int(100, 2_000) : size === 1 ? rng.int(2_000, 20_000) : rng.int(20_000, 80_000);
        const employees = size === 0 ? rng.int(5, 20) : size === 1 ? rng.int(20, 300) : rng.int(300, 1_000);
        for (let j = 0; j < 3; j++) firmFavourites[f * 3 + j] = info.banks[pickCumulative(rng, info.bankCumulative)]!;
        // 云南 pairs every certified firm with a bank (结对银行); elsewhere one firm in ten has one.
        const paired = rng.chance(region.key === "YN" ? 0.9 : 0.1) ? banks[firmFavourites[f * 3]!]!.id : null;
        // Borrowing activity: 12% never borrow; the others by size, with a long tail.
        const activity = Math.exp((rng.next() + rng.next() + rng.next() - 1.5) * 1.4);
        firmArea[f] = ai;
        firmSize[f] = size;
        firmWeight[f] = rng.chance(0.12) ? 0 : [1, 2, 4][size]! * activity;
        const created = iso(dayOf("2023-03-01") * DAY_MS + rng.int(0, 270) * DAY_MS + rng.int(1, 9) * HOUR_MS);
        await ins.add([
          idFor(SALT.firm!, f),
          created,
          created,
          makeCreditCode("91", info.area.code, creditCodeBody(f, 104_729_999_989)),
          `基准${info.area.name}第${k + 1}号${section === "I" ? "信息技术" : "科技"}有限公司`,
          info.area.code,
          industry,
          SIZES[size]!,
          ds(dayOf("1995-01-01") + rng.int(0, 10_000)),
          yuan(revenueWan * 10_000),
          yuan(Math.round(revenueWan * (0.03 + rng.next() * 0.1)) * 10_000),
          rng.int(0, 40),
          employees,
          rng.chance(0.75) ? rng.weighted(["AAA", "AA", "A", "BBB", "BB"], [10, 30, 35, 20, 5]) : null,
          paired,
        ]);
      }
    }
    await ins.flush();
    step("firm", ins.inserted, t());
  }

  // Certifications: 88% of firms; expiries, re-certifications, upgrades and revocations ----------
  const certFirst = new Int32Array(firmCount + 1);
  const certTier: number[] = [];
  const certLevel: number[] = [];
  const certIssued: number[] = [];
  const certExpires: number[] = [];
  const certRevoked: number[] = [];
  {
    const t = timer();
    const rng = rngFor("certification");
    const ins = new CopyInserter(client, "certification", [
      "id", "created_at", "updated_at", "firm_id", "tier", "level", "authority", "certificate_no", "batch",
      "issued_on", "expires_on", "status", "revoked_on", "revocation_reason",
    ]);
    const levelFor = (tier: number) =>
      tier >= 2 ? 2 : tier === 1 ? rng.weighted([1, 0], [80, 20]) : rng.weighted([1, 0], [60, 40]);
    const add = async (f: number, tier: number, level: number, issued: number) => {
      const expires = dayOf(addMonths(ds(issued), 36)) - 1;
      let revoked = 0x7fffffff;
      if (rng.chance(0.02)) {
        const from = issued + 180;
        const to = Math.min(expires, TODAY - 1);
        if (from <= to) revoked = rng.int(from, to);
      }
      const j = certTier.length;
      certTier.push(tier);
      certLevel.push(level);
      certIssued.push(issued);
      certExpires.push(expires);
      certRevoked.push(revoked);
      const region = areaInfos[firmArea[f]!]!;
      const authority =
        level === 2 ? "工业和信息化部" : level === 1 ? `${region.region.name}省级工业和信息化主管部门` : `${region.area.name}市级工业和信息化局`;
      const status = revoked !== 0x7fffffff ? "REVOKED" : expires < TODAY ? "EXPIRED" : "ACTIVE";
      const created = `${ds(issued)}T02:00:00.000Z`;
      await ins.add([
        idFor(SALT.cert!, j), created, created, idFor(SALT.firm!, f), TIERS[tier]!, LEVELS[level]!, authority,
        `BR-${String(j + 1).padStart(7, "0")}`, `${ds(issued).slice(0, 4)}年第${rng.pick(["一", "二"])}批`,
        ds(issued), ds(expires), status, revoked === 0x7fffffff ? null : ds(revoked), revoked === 0x7fffffff ? null : "复核不合格",
      ]);
    };
    const firstIssue = dayOf("2021-01-01");
    const lastIssue = dayOf("2025-12-31");
    for (let f = 0; f < firmCount; f++) {
      certFirst[f] = certTier.length;
      if (!rng.chance(0.88)) continue;
      const tier = rng.weighted([0, 1, 2, 3], [50, 30, 15, 5]);
      const issued = rng.int(firstIssue, lastIssue);
      await add(f, tier, levelFor(tier), issued);
      const expires = certExpires[certExpires.length - 1]!;
      if (expires < TODAY - 45 && rng.chance(0.85)) {
        // Re-certified after a gap of up to six weeks: loans in the gap carry no tier.
        const again = expires + rng.int(1, 45);
        const t2 = Math.min(3, tier + (rng.chance(0.2) ? 1 : 0));
        await add(f, t2, levelFor(t2), again);
      } else if (tier < 3 && rng.chance(0.12)) {
        // Upgraded while the first certificate runs: the higher tier takes over.
        const up = issued + rng.int(365, 900);
        if (up < TODAY - 30) {
          const t2 = tier + 1;
          await add(f, t2, levelFor(t2), up);
        }
      }
    }
    certFirst[firmCount] = certTier.length;
    // Firms never certified borrow less on a platform for certified firms.
    for (let f = 0; f < firmCount; f++) if (certFirst[f] === certFirst[f + 1]) firmWeight[f]! *= 0.5;
    await ins.flush();
    step("certification", ins.inserted, t());
  }
  /** The certification in force on a day (effective tier: highest tier, then level, then later expiry), or -1. */
  const certOn = (f: number, day: number): number => {
    let best = -1;
    for (let j = certFirst[f]!; j < certFirst[f + 1]!; j++) {
      if (certIssued[j]! > day || certExpires[j]! < day || certRevoked[j]! <= day) continue;
      if (
        best < 0 ||
        certTier[j]! > certTier[best]! ||
        (certTier[j] === certTier[best] && (certLevel[j]! > certLevel[best]! || (certLevel[j] === certLevel[best] && certExpires[j]! > certExpires[best]!)))
      ) {
        best = j;
      }
    }
    return best;
  };

  // LPR -----------------------------------------------------------------------------------------
  await simple(
    "lpr_rate",
    ["id", "tenor", "effective_on", "rate_bp"],
    (["ONE_YEAR", "FIVE_YEAR"] as const).flatMap((tenor, k) => LPR[tenor].map(([on, bp], i) => [idFor(SALT.lpr!, k * 100 + i), tenor, on, bp])),
  );

  // Products ------------------------------------------------------------------------------------
  const products: Product[] = [];
  {
    const t = timer();
    const rng = rngFor("product");
    const ins = new CopyInserter(client, "loan_product", [
      "id", "created_at", "updated_at", "institution_id", "code", "name", "category", "min_tier", "served_region_codes",
      "min_amount", "max_amount", "min_term_months", "max_term_months", "purposes", "accepted_collateral", "pricing_type",
      "fixed_rate_bp", "lpr_tenor", "spread_bp", "requires_guarantee", "approval_days", "green_channel", "reserved_quota",
      "used_quota", "valid_from", "valid_to", "renewal_window_days", "status", "version",
    ]);
    const nonRenewal = CATEGORIES.filter((c) => !c.renewal);
    const nonRenewalCumulative = cumulate(nonRenewal.map((c) => c.weight));
    const bankCumulative = cumulate(banks.map((bk) => bk.weight));
    // Every bank: one 无还本续贷, one 接力贷 and one plain 循环贷 (no minimum tier, no guarantee) so
    // that every firm it serves can borrow and renew there; the rest of the 2,000 by bank weight.
    const plan: Array<{ bank: number; category: Category; plain: boolean }> = [];
    banks.forEach((_, i) => {
      plan.push({ bank: i, category: CATEGORIES.find((c) => c.name === "RENEWAL_WITHOUT_REPAYMENT")!, plain: true });
      plan.push({ bank: i, category: CATEGORIES.find((c) => c.name === "RELAY_LOAN")!, plain: true });
      plan.push({ bank: i, category: CATEGORIES.find((c) => c.name === "REVOLVING_LOAN")!, plain: true });
    });
    while (plan.length < 2_000) {
      const bank = pickCumulative(rng, bankCumulative);
      const category = rng.chance(0.05) ? rng.pick(CATEGORIES.filter((c) => c.renewal)) : nonRenewal[pickCumulative(rng, nonRenewalCumulative)]!;
      plan.push({ bank, category, plain: false });
    }
    plan.sort((x, y) => x.bank - y.bank);
    const perBank = new Map<number, number>();
    for (const { bank, category, plain } of plan) {
      const idx = products.length;
      const bk = banks[bank]!;
      const n = (perBank.get(bank) ?? 0) + 1;
      perBank.set(bank, n);
      const renewal = category.renewal;
      const minTierRank = plain || renewal ? -1 : category.name === "SRDI_LOAN" ? rng.weighted([1, 0, -1], [50, 30, 20]) : rng.chance(0.15) ? 0 : -1;
      let accepted = 0;
      if (category.collateral === "NONE") accepted = NONE_BIT;
      else {
        if (typeof category.collateral === "number") accepted |= 1 << category.collateral;
        if (renewal || plain || rng.chance(0.4)) accepted |= NONE_BIT;
        for (const p of rng.sample([0, 1, 2, 3, 4, 5], rng.int(accepted === 0 ? 1 : 0, 2))) accepted |= 1 << p;
      }
      const fixed = rng.chance(0.5);
      const tenor = rng.chance(0.85) ? "ONE_YEAR" : "FIVE_YEAR";
      const green = rng.chance(0.2);
      const purposes = renewal ? ["RENEWAL"] : [category.purpose, ...rng.sample(NON_RENEWAL_PURPOSES.filter((p) => p !== category.purpose), rng.int(0, 3))];
      const product: Product = {
        id: idFor(SALT.product!, idx),
        bank,
        category,
        minTierRank,
        minAmount: renewal ? 10_000 : rng.pick([100_000, 300_000, 500_000, 1_000_000]),
        maxAmount: renewal ? 50_000_000 : rng.pick([10_000_000, 20_000_000, 30_000_000, 50_000_000]),
        minTerm: renewal ? 6 : rng.pick([3, 6]),
        maxTerm: renewal ? 36 : rng.pick([12, 24, 36, 36, 60]),
        accepted,
        fixedRate: fixed ? rng.int(33, 52) * 10 : null,
        lprTenor: fixed ? null : tenor,
        spread: fixed ? 0 : rng.int(-2, 15) * 10,
        requiresGuarantee: !renewal && !plain && rng.chance(0.22),
        approvalDays: green ? rng.int(2, 7) : rng.int(5, 20),
        window: renewal ? rng.pick([30, 60, 90]) : null,
        purposes,
      };
      products.push(product);
      if (renewal) bk.renewalProducts[category.name === "RELAY_LOAN" ? 1 : 0].push(idx);
      else {
        const popularity = rng.int(1, 4);
        for (let r = -1; r <= 3; r++) {
          if (product.minTierRank > r) continue;
          if (product.requiresGuarantee && r < 0) continue; // agencies guarantee certified firms only
          for (let k = 0; k < popularity; k++) bk.productsByRank[r + 1]!.push(idx);
        }
      }
      const collateral = [...(accepted & NONE_BIT ? ["NONE"] : []), ...PLEDGES.filter((_, p) => accepted & (1 << p))];
      const created = "2023-05-15T02:00:00.000Z";
      await ins.add([
        product.id, created, created, bk.id, `RB${String(idx + 1).padStart(5, "0")}`, `${bk.short}${category.label}${n}号`,
        category.name, minTierRank < 0 ? null : TIERS[minTierRank]!, pgArray([bk.region]),
        yuan(product.minAmount), yuan(product.maxAmount), product.minTerm, product.maxTerm, pgArray(purposes), pgArray(collateral),
        fixed ? "FIXED" : "LPR_SPREAD", product.fixedRate, product.lprTenor, fixed ? null : product.spread,
        product.requiresGuarantee, product.approvalDays, green,
        // Reserve and use are set from the loans at the end (see "Quota counters").
        yuan(rng.int(5, 50) * 10_000_000), "0.00", "2023-06-01", null, product.window, "ACTIVE", 1,
      ]);
    }
    await ins.flush();
    step("loan_product", ins.inserted, t());
  }
  const publishedRate = (p: Product, day: number) =>
    p.fixedRate !== null ? p.fixedRate : LPR_BY_DAY[p.lprTenor!][day - DAY_BASE]! + p.spread;

  // Guarantee agencies and 总对总 agreements (every agency with every bank of its province) --------
  const agencies: Agency[] = [];
  let agreementCount = 0;
  const agreementFee: number[] = [];
  {
    const rng = rngFor("agency");
    AGENCIES.forEach((x, i) => {
      const byBank = new Int32Array(banks.length).fill(-1);
      banks.forEach((bk, j) => {
        if (bk.region.slice(0, 2) === x.region.slice(0, 2)) {
          byBank[j] = agreementCount++;
          agreementFee.push(Math.max(30, x.fee - rng.int(0, 4) * 5));
        }
      });
      agencies.push({ id: idFor(SALT.agency!, i), region: x.region, prefix: prefixOf(x.region), fee: x.fee, agreementByBank: byBank });
    });
    await simple(
      "guarantee_agency",
      ["id", "created_at", "updated_at", "name", "region_code", "tiers_served", "fee_rate_bp", "max_amount_per_firm", "capacity", "used_capacity"],
      AGENCIES.map((x, i) => [agencies[i]!.id, "2023-02-01T02:00:00.000Z", "2023-02-01T02:00:00.000Z", `基准${x.name}`, x.region, pgArray([...TIERS]), x.fee, yuan(100_000_000), yuan(1_000_000_000), "0.00"]),
    );
    const rows: Array<Array<string | number | boolean | null>> = [];
    agencies.forEach((ag) =>
      ag.agreementByBank.forEach((k, j) => {
        if (k < 0) return;
        rows[k] = [
          idFor(SALT.agreement!, k), "2023-03-01T02:00:00.000Z", "2023-03-01T02:00:00.000Z", banks[j]!.id, ag.id,
          rng.pick([2000, 2000, 3000]), agreementFee[k]!, rng.chance(0.3), rng.chance(0.5) ? null : yuan(100_000_000), "0.00", "2023-03-01", null,
        ];
      }),
    );
    await simple(
      "guarantee_agreement",
      ["id", "created_at", "updated_at", "institution_id", "agency_id", "bank_risk_share_bp", "agreed_fee_rate_bp", "waives_due_diligence", "credit_line", "used_line", "valid_from", "valid_to"],
      rows,
    );
  }

  // Loans (in memory first) ------------------------------------------------------------------------
  const t0 = timer();
  const L = new Loans(TOTAL_LOANS);
  const loansByRegion: Record<string, number> = {};
  {
    const rng = rngFor("loan");
    // Disbursement days: workdays of the 36 months, lending growing by 60% over the window.
    const workdays: number[] = [];
    const workdayWeights: number[] = [];
    for (let d = FIRST_DAY; d <= LAST_DAY; d++) {
      const wd = new Date(d * DAY_MS).getUTCDay();
      if (wd === 0 || wd === 6) continue;
      workdays.push(d);
      workdayWeights.push(1 + (0.6 * (d - FIRST_DAY)) / (LAST_DAY - FIRST_DAY));
    }
    const dayCumulative = cumulate(workdayWeights);
    const termChoices = [3, 6, 12, 24, 36];
    const termCumulative = cumulate([8, 17, 50, 15, 10]);

    let n = 0;
    const setCert = (i: number, f: number, day: number) => {
      L.cert[i] = certOn(f, day);
    };
    const amountFor = (f: number) =>
      firmSize[f] === 0 ? randomWanYuan(rng, 10, 300) : firmSize[f] === 1 ? randomWanYuan(rng, 30, 1_000) : randomWanYuan(rng, 100, 3_000);
    const collateralFor = (p: Product): number => {
      const pledges = p.accepted & ~NONE_BIT;
      if (pledges === 0) return 0;
      if (p.accepted & NONE_BIT && rng.chance(0.5)) return 0;
      const bits = [0, 1, 2, 3, 4, 5].filter((k) => pledges & (1 << k));
      let m = 0;
      for (const k of rng.sample(bits, rng.int(1, Math.min(2, bits.length)))) m |= 1 << k;
      return m;
    };
    /** The final state of a loan that is not renewed: repaid, overdue, performing or partly repaid. */
    const settle = (i: number) => {
      const d = L.day[i]!;
      const m = L.matures[i]!;
      const p = L.principal[i]!;
      if (m < TODAY) {
        if (m >= TODAY - 120 && rng.chance(0.04)) {
          L.status[i] = OVERDUE;
          L.outstanding[i] = Math.max(100, Math.round((p * (0.3 + 0.7 * rng.next())) / 100) * 100);
        } else {
          L.status[i] = REPAID;
          L.outstanding[i] = 0;
          L.closed[i] = rng.chance(0.8) ? Math.max(d + 1, m - rng.int(0, 10)) : rng.int(Math.min(d + 30, m), m);
        }
      } else if (rng.chance(0.08) && d + 1 <= TODAY - 1) {
        L.status[i] = REPAID;
        L.outstanding[i] = 0;
        L.closed[i] = rng.int(d + 1, TODAY - 1);
      } else {
        L.status[i] = PERFORMING;
        const elapsed = (TODAY - d) / Math.max(1, m - d);
        L.outstanding[i] = rng.chance(0.55) ? p : Math.max(100, Math.min(p, Math.round((p * (1 - elapsed * (0.3 + 0.7 * rng.next()))) / 100) * 100));
      }
    };

    for (let ri = 0; ri < REGIONS.length; ri++) {
      const region = REGIONS[ri]!;
      const first = regionFirstFirm[ri]!;
      const weights = new Float64Array(region.firms);
      let s = 0;
      for (let k = 0; k < region.firms; k++) weights[k] = s += firmWeight[first + k]!;
      const target = n + region.loans;
      while (n < target) {
        // An original loan, through an application.
        const f = first + pickCumulative(rng, weights);
        const day = workdays[pickCumulative(rng, dayCumulative)]!;
        const info = areaInfos[firmArea[f]!]!;
        const fav = rng.next();
        const bank = fav < 0.85 ? firmFavourites[f * 3 + (fav < 0.45 ? 0 : fav < 0.7 ? 1 : 2)]! : info.banks[pickCumulative(rng, info.bankCumulative)]!;
        const i = n++;
        setCert(i, f, day);
        const rank = L.cert[i]! < 0 ? -1 : certTier[L.cert[i]!]!;
        const list = banks[bank]!.productsByRank[rank + 1]!;
        const pi = rng.pick(list);
        const p = products[pi]!;
        const term = Math.max(p.minTerm, Math.min(p.maxTerm, termChoices[pickCumulative(rng, termCumulative)]!));
        const principal = Math.max(p.minAmount, Math.min(p.maxAmount, amountFor(f)));
        L.firm[i] = f;
        L.bank[i] = bank;
        L.product[i] = pi;
        L.day[i] = day;
        L.term[i] = term;
        L.matures[i] = dayOf(addMonths(ds(day), term));
        L.principal[i] = principal;
        L.rate[i] = Math.max(180, publishedRate(p, day) - rng.int(0, 12) * 5);
        L.collateral[i] = collateralFor(p);
        L.renews[i] = -1;
        L.agency[i] = -1;
        L.agreement[i] = -1;
        L.fee[i] = -1;
        if (p.requiresGuarantee) {
          const cands = info.agencies;
          const city = cands.filter((x) => !agencies[x]!.region.endsWith("0000"));
          const ag = city.length > 0 && rng.chance(0.6) ? rng.pick(city) : rng.pick(cands);
          const k = agencies[ag]!.agreementByBank[bank]!;
          const cap = principal <= 5_000_000 ? 100 : 150;
          L.agency[i] = ag;
          L.agreement[i] = k;
          L.fee[i] = Math.max(20, Math.min(agencies[ag]!.fee, agreementFee[k]!, cap) - rng.int(0, 3) * 5);
        }
        // Renewals (续贷): the chain goes on while the loan matured and the bank renews it.
        let cur = i;
        while (n < target && L.matures[cur]! - 1 < TODAY && rng.chance(0.175)) {
          const useRelay = firmSize[f] === 2 ? rng.chance(0.5) : rng.chance(0.25);
          const rlist = banks[bank]!.renewalProducts[useRelay ? 1 : 0]!;
          const rpi = rng.pick(rlist);
          const rp = products[rpi]!;
          const m = L.matures[cur]!;
          const lo = Math.max(m - rp.window!, L.day[cur]! + 1);
          const hi = Math.min(m, TODAY - 1);
          if (lo > hi) break;
          const renewedOn = rng.int(lo, hi);
          const balance = rng.chance(0.7) ? L.principal[cur]! : Math.max(10_000, Math.round((L.principal[cur]! * (0.5 + 0.45 * rng.next())) / 100) * 100);
          const j = n++;
          L.status[cur] = RENEWED;
          L.outstanding[cur] = 0;
          L.closed[cur] = renewedOn;
          L.firm[j] = f;
          L.bank[j] = bank;
          L.product[j] = rpi;
          L.day[j] = renewedOn;
          L.term[j] = 12;
          L.matures[j] = dayOf(addMonths(ds(renewedOn), 12));
          L.principal[j] = balance;
          L.rate[j] = Math.max(180, publishedRate(rp, renewedOn) - rng.int(0, 8) * 5);
          L.collateral[j] = L.collateral[cur]!;
          L.agency[j] = L.agency[cur]!;
          L.agreement[j] = L.agreement[cur]!;
          L.fee[j] = L.fee[cur]!;
          L.renews[j] = cur;
          setCert(j, f, renewedOn);
          cur = j;
        }
        // The last loan of the chain was not renewed: its final state (the RENEWED ones are set).
        settle(cur);
      }
      loansByRegion[region.key] = region.loans;
    }
    if (n !== TOTAL_LOANS) throw new Error(`generated ${n} loans, expected ${TOTAL_LOANS}`);
  }
  let renewals = 0;
  for (let i = 0; i < L.n; i++) if (L.renews[i]! >= 0) renewals++;
  log(`  loans planned in memory: ${L.n} (${renewals} renewals, ${((100 * renewals) / L.n).toFixed(1)}%) in ${t0()} ms`);

  // Disbursement order (counting sort by day, stable: a renewal is always after its predecessor).
  const order = new Int32Array(L.n);
  {
    const span = LAST_DAY - FIRST_DAY + 2;
    const counts = new Int32Array(span + 1);
    for (let i = 0; i < L.n; i++) counts[L.day[i]! - FIRST_DAY + 1]!++;
    for (let k = 1; k <= span; k++) counts[k]! += counts[k - 1]!;
    for (let i = 0; i < L.n; i++) order[counts[L.day[i]! - FIRST_DAY]!++] = i;
  }

  // Needs, applications and loans, in disbursement order ----------------------------------------------
  const needIns = new CopyInserter(needClient, "financing_need", [
    "id", "created_at", "updated_at", "firm_id", "amount", "term_months", "purpose", "collateral_offered", "accepts_guarantee",
    "max_annual_rate_bp", "needed_by", "renewal_of_loan_id", "status", "visibility",
  ]);
  const appIns = new CopyInserter(
    client,
    "application",
    [
      "id", "created_at", "updated_at", "need_id", "product_id", "guarantee_agency_id", "guarantee_agreement_id", "status",
      "approved_amount", "approved_rate_bp", "approved_term_months", "guarantee_decision", "guarantee_fee_bp",
      "rejection_reason_code", "rejection_note", "submitted_at", "review_started_at", "approved_at", "closed_at", "version",
    ],
    20_000,
    () => needIns.flush(), // another connection: the needs must be committed first
  );
  const loanIns = new CopyInserter(
    client,
    "loan",
    [
      "id", "created_at", "updated_at", "application_id", "firm_id", "institution_id", "product_id", "guarantee_agency_id",
      "guarantee_agreement_id", "certification_id", "tier_at_disbursement", "level_at_disbursement", "principal", "outstanding",
      "annual_rate_bp", "guarantee_fee_bp", "collateral", "disbursed_on", "matures_on", "closed_on", "status", "renews_loan_id",
    ],
    20_000,
    () => appIns.send(),
  );
  const collateralArray = (mask: number) => pgArray(PLEDGES.filter((_, k) => mask & (1 << k)));
  {
    const t = timer();
    const rng = rngFor("application");
    for (let k = 0; k < L.n; k++) {
      const i = order[k]!;
      const f = L.firm[i]!;
      const p = products[L.product[i]!]!;
      const day = L.day[i]!;
      const firmId = idFor(SALT.firm!, f);
      const guaranteed = L.agency[i]! >= 0;
      let applicationId: string | null = null;
      let createdMs = day * DAY_MS + 7 * HOUR_MS + rng.int(0, 59) * 60_000;
      if (L.renews[i]! < 0) {
        // 融资需求 → 融资申请 → 审批 → 放款: approval takes about the product's approval days.
        const approvalDays = Math.max(1, Math.min(60, Math.round(p.approvalDays * (0.5 + 1.3 * rng.next()))));
        const lag = rng.weighted([0, 1, 2, 3, 5, 7, 10, 15], [18, 24, 18, 14, 10, 8, 5, 3]);
        const approvedDay = day - lag;
        const submittedDay = approvedDay - approvalDays;
        const submittedMs = submittedDay * DAY_MS + HOUR_MS + rng.int(0, 8 * 60) * 60_000;
        const approvedMs = approvedDay * DAY_MS + HOUR_MS + rng.int(0, 5 * 60) * 60_000;
        const reviewMs = submittedMs + Math.floor((approvedMs - submittedMs) * 0.5 * rng.next());
        const needMs = submittedMs - rng.int(0, 10 * 24 * 60) * 60_000;
        const needId = idFor(SALT.need!, i);
        applicationId = idFor(SALT.application!, i);
        const amount = Math.ceil((L.principal[i]! * (1 + 0.5 * rng.next() * (rng.chance(0.5) ? 1 : 0))) / 10_000) * 10_000;
        await needIns.add([
          needId, iso(needMs), iso(createdMs), firmId, yuan(amount), L.term[i]!, rng.pick(p.purposes), collateralArray(L.collateral[i]!),
          guaranteed || rng.chance(0.6), rng.chance(0.5) ? null : Math.ceil((L.rate[i]! + rng.int(0, 100)) / 10) * 10,
          ds(day + rng.int(0, 30)), null, "FINANCED", "ALL_BANKS",
        ]);
        await appIns.add([
          applicationId, iso(submittedMs), iso(createdMs), needId, p.id, guaranteed ? agencies[L.agency[i]!]!.id : null,
          guaranteed ? idFor(SALT.agreement!, L.agreement[i]!) : null, "DISBURSED", yuan(L.principal[i]!), L.rate[i]!, L.term[i]!,
          guaranteed ? "ACCEPTED" : null, guaranteed ? L.fee[i]! : null, null, null, iso(submittedMs), iso(reviewMs), iso(approvedMs),
          iso(createdMs), guaranteed ? 5 : 4,
        ]);
      } else {
        createdMs = day * DAY_MS + 2 * HOUR_MS + rng.int(0, 5 * 60) * 60_000;
      }
      const cert = L.cert[i]!;
      const closed = L.status[i] === REPAID || L.status[i] === RENEWED ? L.closed[i]! : -1;
      await loanIns.add([
        idFor(SALT.loan!, i), iso(createdMs), closed >= 0 ? `${ds(closed)}T08:00:00.000Z` : iso(createdMs), applicationId, firmId,
        banks[L.bank[i]!]!.id, p.id, guaranteed ? agencies[L.agency[i]!]!.id : null, guaranteed ? idFor(SALT.agreement!, L.agreement[i]!) : null,
        cert >= 0 ? idFor(SALT.cert!, cert) : null, cert >= 0 ? TIERS[certTier[cert]!]! : null, cert >= 0 ? LEVELS[certLevel[cert]!]! : null,
        yuan(L.principal[i]!), yuan(L.outstanding[i]!), L.rate[i]!, guaranteed ? L.fee[i]! : null, collateralArray(L.collateral[i]!),
        ds(day), ds(L.matures[i]!), closed >= 0 ? ds(closed) : null, STATUS[L.status[i]!]!, L.renews[i]! >= 0 ? idFor(SALT.loan!, L.renews[i]!) : null,
      ]);
    }
    await loanIns.flush();
    await appIns.flush();
    await needIns.flush();
    const ms = t();
    log(`  disbursed applications and loans, in disbursement order, in ${ms} ms:`);
    step("  financing_need (FINANCED)", needIns.inserted, Math.round(needIns.elapsedMs));
    step("  application (DISBURSED)", appIns.inserted, Math.round(appIns.elapsedMs));
    step("  loan", loanIns.inserted, Math.round(loanIns.elapsedMs));
  }

  // Rejected applications (with their needs) -----------------------------------------------------------
  {
    const t = timer();
    const rng = rngFor("rejected");
    const needsBefore = needIns.inserted;
    const appsBefore = appIns.inserted;
    const needMs0 = needIns.elapsedMs;
    const appMs0 = appIns.elapsedMs;
    let k = 0;
    for (let ri = 0; ri < REGIONS.length; ri++) {
      const region = REGIONS[ri]!;
      const first = regionFirstFirm[ri]!;
      const count = Math.round((REJECTED_APPLICATIONS * region.loans) / TOTAL_LOANS);
      for (let c = 0; c < count; c++, k++) {
        const f = first + rng.int(0, region.firms - 1);
        const info = areaInfos[firmArea[f]!]!;
        const submittedDay = rng.int(FIRST_DAY - 20, LAST_DAY - 1);
        const cert = certOn(f, submittedDay);
        const rank = cert < 0 ? -1 : certTier[cert]!;
        const bank = info.banks[pickCumulative(rng, info.bankCumulative)]!;
        const p = products[rng.pick(banks[bank]!.productsByRank[rank + 1]!)]!;
        const submittedMs = submittedDay * DAY_MS + HOUR_MS + rng.int(0, 8 * 60) * 60_000;
        const rejectedDay = Math.min(TODAY - 1, submittedDay + rng.int(1, 20));
        const rejectedMs = Math.max(submittedMs + HOUR_MS, rejectedDay * DAY_MS + HOUR_MS + rng.int(0, 8 * 60) * 60_000);
        const reviewMs = submittedMs + Math.floor((rejectedMs - submittedMs) * 0.5 * rng.next());
        let reason: string = REJECTION_REASONS[pickCumulative(rng, REJECTION_CUMULATIVE)]!;
        let agency: number | null = null;
        let decision: string | null = null;
        let fee: number | null = null;
        if (p.requiresGuarantee) {
          agency = rng.pick(info.agencies);
          if (rng.chance(0.3)) {
            reason = "GUARANTEE_DECLINED";
            decision = "DECLINED";
          } else if (rng.chance(0.5)) {
            decision = "ACCEPTED";
            fee = Math.min(agencies[agency]!.fee, agreementFee[agencies[agency]!.agreementByBank[bank]!]!, 100);
          } else decision = "REQUESTED";
        }
        const amount = firmSize[f] === 0 ? randomWanYuan(rng, 10, 300) : firmSize[f] === 1 ? randomWanYuan(rng, 30, 1_000) : randomWanYuan(rng, 100, 3_000);
        const neededBy = submittedDay + rng.int(20, 120);
        const needId = idFor(SALT.rneed!, k);
        const needMs = submittedMs - rng.int(0, 10 * 24 * 60) * 60_000;
        await needIns.add([
          needId, iso(needMs), iso(rejectedMs), idFor(SALT.firm!, f), yuan(Math.max(p.minAmount, Math.min(p.maxAmount, amount))),
          Math.max(p.minTerm, Math.min(p.maxTerm, 12)), rng.pick(p.purposes), "{}", agency !== null || rng.chance(0.6), null, ds(neededBy), null,
          neededBy + 30 < TODAY ? "EXPIRED" : "OPEN", "ALL_BANKS",
        ]);
        await appIns.add([
          idFor(SALT.rapplication!, k), iso(submittedMs), iso(rejectedMs), needId, p.id, agency === null ? null : agencies[agency]!.id,
          agency === null ? null : idFor(SALT.agreement!, agencies[agency]!.agreementByBank[bank]!), "REJECTED", null, null, null, decision, fee,
          reason, reason === "OTHER" ? "其他：企业经营情况发生变化，暂缓授信" : null, iso(submittedMs), iso(reviewMs), null, iso(rejectedMs), 3,
        ]);
      }
    }
    await appIns.flush();
    await needIns.flush();
    log(`  rejected applications in ${t()} ms:`);
    step("  financing_need (EXPIRED/OPEN)", needIns.inserted - needsBefore, Math.round(needIns.elapsedMs - needMs0));
    step("  application (REJECTED)", appIns.inserted - appsBefore, Math.round(appIns.elapsedMs - appMs0));
  }

  // Quota counters: what the live loans still hold (approval consumed, repayment released, a
  // renewal moved it to the renewal product); reserves, capacities and lines raised above it.
  {
    const t = timer();
    await client.query(`
      UPDATE loan_product p SET used_quota = u.s, reserved_quota = GREATEST(p.reserved_quota, ceil(u.s * 1.25 / 1000000) * 1000000)
        FROM (SELECT product_id, sum(outstanding) AS s FROM loan WHERE status IN ('PERFORMING', 'OVERDUE') GROUP BY product_id) u
       WHERE p.id = u.product_id`);
    await client.query(`
      UPDATE guarantee_agency a SET used_capacity = u.s, capacity = GREATEST(a.capacity, ceil(u.s * 1.5 / 1000000) * 1000000)
        FROM (SELECT guarantee_agency_id, sum(outstanding) AS s FROM loan WHERE status IN ('PERFORMING', 'OVERDUE') AND guarantee_agency_id IS NOT NULL GROUP BY 1) u
       WHERE a.id = u.guarantee_agency_id`);
    await client.query(`
      UPDATE guarantee_agreement g SET used_line = u.s,
             credit_line = CASE WHEN g.credit_line IS NULL THEN NULL ELSE GREATEST(g.credit_line, ceil(u.s * 1.3 / 1000000) * 1000000) END
        FROM (SELECT guarantee_agreement_id, sum(outstanding) AS s FROM loan WHERE status IN ('PERFORMING', 'OVERDUE') AND guarantee_agreement_id IS NOT NULL GROUP BY 1) u
       WHERE g.id = u.guarantee_agreement_id`);
    step("quota counters (product, agency, agreement)", products.length + agencies.length + agreementCount, t());
  }
  return loansByRegion;
}

// ---------------------------------------------------------------------------------------------
// Command line: generate (or check) the dataset without running the benchmark.

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("Set DATABASE_URL to the PostgreSQL server (npm run bench:report starts an embedded one when it is unset).");
  const d = await ensureReportDataset(serverUrl, { fresh: process.argv.includes("--fresh") });
  console.log(`rows: ${JSON.stringify(d.counts)}`);
  console.log(`loans by region: ${JSON.stringify(d.loansByRegion)}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
