/**
 * Synthetic, reproducible dataset for the matching benchmark (`npm run bench:match`).
 *
 * Two sizes with the same shape, only the counts scale:
 *   S:  100 banks,  2,000 products,  20,000 firms,  40,000 open needs
 *   L: 1000 banks, 20,000 products, 200,000 firms, 400,000 open needs
 * Regions (31 provinces × 10 prefectures × 5 counties), guarantee agencies, incentive policies
 * and LPR rates are tied to the map and the calendar, so they are the same at both sizes.
 *
 * Every row comes from a seeded PRNG (one stream per table, seed fixed per size), ids included,
 * so a size always yields the same rows and the runner's random picks are reproducible. Dates are
 * anchored at ANCHOR_DATE, not at the clock.
 *
 * Each size lives in its own database (srdi_bench_s / srdi_bench_l) on the server: dropped,
 * created, migrated with the project's migrations, bulk-loaded with `INSERT … SELECT … FROM
 * unnest(…)` in chunks of 5,000 rows, then ANALYZEd. A `bench_meta` row marks a finished dataset;
 * a later run reuses it (after applying any new migrations) unless asked to regenerate.
 *
 * Run alone: `npx ts-node bench/match/dataset.ts [--size S|L|both] [--regenerate]`.
 */
import { Client } from "pg";
import { withDatabase } from "../../src/db/database";
import { makeCreditCode } from "../../src/domain/credit-code";
import { addDays, addMonths } from "../../src/domain/dates";
import { countRows, creditCodeBody, readMeta, runMigrations, timer, withClient } from "../support/dataset-db";
import { BulkInserter, pgArray } from "../support/pg-bulk";
import { Prng } from "../support/prng";

/** Bump when the generated rows change: datasets of another version are regenerated. */
export const GENERATOR_VERSION = 5;
/** "Today" of the dataset: validity windows, certificate expiries and needed-by dates are set around it. */
export const ANCHOR_DATE = "2026-11-24";

export type SizeName = "S" | "L";

export interface SizeSpec {
  name: SizeName;
  database: string;
  seed: number;
  institutions: number;
  products: number;
  firms: number;
  /** Open financing needs (each firm has 1–3). */
  needs: number;
}

export const SIZES: Record<SizeName, SizeSpec> = {
  S: { name: "S", database: "srdi_bench_s", seed: 0x5eed0001, institutions: 100, products: 2_000, firms: 20_000, needs: 40_000 },
  L: { name: "L", database: "srdi_bench_l", seed: 0x5eed0002, institutions: 1_000, products: 20_000, firms: 200_000, needs: 400_000 },
};

/** The tables the generator fills, in insertion order (also the row counts reported). */
export const TABLES = [
  "financial_institution",
  "firm",
  "certification",
  "lpr_rate",
  "loan_product",
  "loan_product_tier_discount",
  "guarantee_agency",
  "guarantee_agreement",
  "incentive_policy",
  "loan",
  "financing_need",
  "financing_need_visible_institution",
] as const;

export type RowCounts = Record<string, number>;

export interface Dataset {
  size: SizeSpec;
  /** Connection URL of the size's database. */
  url: string;
  counts: RowCounts;
  /** Whether this run generated it (false: an existing dataset was reused). */
  generated: boolean;
  /** Milliseconds the generation took (this run's, or the recorded one when reused). */
  generationMs: number;
  generatedAt: string;
}

export interface EnsureOptions {
  regenerate?: boolean;
  log?: (message: string) => void;
}

// ---------------------------------------------------------------------------------------------
// The map: 31 provinces (real GB/T 2260 prefixes), 10 prefectures each, 5 counties each.

interface Province {
  prefix: string;
  name: string;
  /** Relative share of the firms (skewed towards the coastal manufacturing provinces). */
  weight: number;
}

const PROVINCES: readonly Province[] = [
  { prefix: "11", name: "北京市", weight: 6 },
  { prefix: "12", name: "天津市", weight: 2 },
  { prefix: "13", name: "河北省", weight: 3 },
  { prefix: "14", name: "山西省", weight: 2 },
  { prefix: "15", name: "内蒙古自治区", weight: 1 },
  { prefix: "21", name: "辽宁省", weight: 2 },
  { prefix: "22", name: "吉林省", weight: 1 },
  { prefix: "23", name: "黑龙江省", weight: 1 },
  { prefix: "31", name: "上海市", weight: 6 },
  { prefix: "32", name: "江苏省", weight: 10 },
  { prefix: "33", name: "浙江省", weight: 10 },
  { prefix: "34", name: "安徽省", weight: 5 },
  { prefix: "35", name: "福建省", weight: 4 },
  { prefix: "36", name: "江西省", weight: 3 },
  { prefix: "37", name: "山东省", weight: 8 },
  { prefix: "41", name: "河南省", weight: 4 },
  { prefix: "42", name: "湖北省", weight: 5 },
  { prefix: "43", name: "湖南省", weight: 4 },
  { prefix: "44", name: "广东省", weight: 10 },
  { prefix: "45", name: "广西壮族自治区", weight: 1.5 },
  { prefix: "46", name: "海南省", weight: 0.5 },
  { prefix: "50", name: "重庆市", weight: 3 },
  { prefix: "51", name: "四川省", weight: 4 },
  { prefix: "52", name: "贵州省", weight: 1 },
  { prefix: "53", name: "云南省", weight: 1 },
  { prefix: "54", name: "西藏自治区", weight: 0.2 },
  { prefix: "61", name: "陕西省", weight: 3 },
  { prefix: "62", name: "甘肃省", weight: 0.7 },
  { prefix: "63", name: "青海省", weight: 0.3 },
  { prefix: "64", name: "宁夏回族自治区", weight: 0.5 },
  { prefix: "65", name: "新疆维吾尔自治区", weight: 0.8 },
];
const PROVINCE_WEIGHTS = PROVINCES.map((p) => p.weight);
const PREFECTURES_PER_PROVINCE = 10;
const COUNTIES_PER_PREFECTURE = 5;
/** Capitals are bigger: prefecture 01 gets 4 shares, 02 two, the others one. */
const PREFECTURE_WEIGHTS = Array.from({ length: PREFECTURES_PER_PROVINCE }, (_, k) => (k === 0 ? 4 : k === 1 ? 2 : 1));
const PREFECTURE_NUMBERS = Array.from({ length: PREFECTURES_PER_PROVINCE }, (_, k) => k + 1);

const pad2 = (n: number) => String(n).padStart(2, "0");
const provinceCode = (p: Province) => `${p.prefix}0000`;
const prefectureCode = (p: Province, k: number) => `${p.prefix}${pad2(k)}00`;

function randomPrefecture(rng: Prng): number {
  return rng.weighted(PREFECTURE_NUMBERS, PREFECTURE_WEIGHTS);
}

function randomCounty(rng: Prng): { province: Province; code: string } {
  const province = rng.weighted(PROVINCES, PROVINCE_WEIGHTS);
  const k = randomPrefecture(rng);
  const j = rng.int(1, COUNTIES_PER_PREFECTURE);
  return { province, code: `${province.prefix}${pad2(k)}${pad2(j)}` };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (database enum labels).

const TIERS = ["INNOVATIVE_SME", "SPECIALIZED_SME", "LITTLE_GIANT", "SINGLE_CHAMPION"] as const;
type Tier = (typeof TIERS)[number];
const NON_RENEWAL_PURPOSES = ["WORKING_CAPITAL", "R_AND_D", "TECH_UPGRADE", "COMMERCIALIZATION", "FIXED_ASSETS", "SUPPLY_CHAIN"] as const;
const PLEDGES = ["REAL_ESTATE", "EQUIPMENT", "MOVABLE_ASSETS", "INTELLECTUAL_PROPERTY", "RECEIVABLES", "EQUITY"] as const;

interface CategoryShape {
  label: string;
  renewal: boolean;
  /** The purpose the category is designed for (always among the product's purposes). */
  purpose: string;
  /** Collateral the category is built around (always accepted), if any. */
  collateral: string | null;
}

const CATEGORIES: Record<string, CategoryShape> = {
  SRDI_LOAN: { label: "专精特新贷", renewal: false, purpose: "WORKING_CAPITAL", collateral: null },
  RENEWAL_WITHOUT_REPAYMENT: { label: "无还本续贷", renewal: true, purpose: "RENEWAL", collateral: null },
  FACTORY_LOAN: { label: "厂房贷", renewal: false, purpose: "FIXED_ASSETS", collateral: "REAL_ESTATE" },
  TECH_UPGRADE_LOAN: { label: "技改贷", renewal: false, purpose: "TECH_UPGRADE", collateral: "EQUIPMENT" },
  CREDIT_LOAN: { label: "信用贷", renewal: false, purpose: "WORKING_CAPITAL", collateral: "NONE" },
  IP_PLEDGE_LOAN: { label: "知识产权质押贷", renewal: false, purpose: "R_AND_D", collateral: "INTELLECTUAL_PROPERTY" },
  RECEIVABLES_FINANCING: { label: "应收账款融资", renewal: false, purpose: "SUPPLY_CHAIN", collateral: "RECEIVABLES" },
  REVOLVING_LOAN: { label: "循环贷", renewal: false, purpose: "WORKING_CAPITAL", collateral: null },
  RELAY_LOAN: { label: "接力贷", renewal: true, purpose: "RENEWAL", collateral: null },
  FINANCIAL_LEASING: { label: "融资租赁", renewal: false, purpose: "TECH_UPGRADE", collateral: "EQUIPMENT" },
  PARK_LOAN: { label: "园区贷", renewal: false, purpose: "FIXED_ASSETS", collateral: null },
  RISK_SHARING_LOAN: { label: "风险分担贷", renewal: false, purpose: "COMMERCIALIZATION", collateral: null },
};
const CATEGORY_NAMES = Object.keys(CATEGORIES);

const INSTITUTION_TYPES: ReadonlyArray<{ type: string; label: string; short: string; weight: number; national: boolean }> = [
  { type: "POLICY_BANK", label: "政策性银行", short: "政策行", weight: 1, national: true },
  { type: "LARGE_STATE_BANK", label: "国有商业银行", short: "国有行", weight: 3, national: true },
  { type: "JOINT_STOCK_BANK", label: "股份制商业银行", short: "股份行", weight: 6, national: true },
  { type: "CITY_COMMERCIAL_BANK", label: "城市商业银行", short: "城商行", weight: 40, national: false },
  { type: "RURAL_COMMERCIAL_BANK", label: "农村商业银行", short: "农商行", weight: 45, national: false },
  { type: "FINANCIAL_LEASING", label: "金融租赁公司", short: "金租", weight: 3, national: false },
  { type: "OTHER", label: "金融机构", short: "其他", weight: 2, national: false },
];

const INDUSTRY_DIVISIONS_C = [13, 14, 17, 19, 22, 26, 27, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 43];

// ---------------------------------------------------------------------------------------------
// Small helpers.

const yuan = (n: number) => `${n}.00`;
/** Whole 万 (10,000 yuan) between min and max 万, log-uniform (small amounts are more common). */
function randomWan(rng: Prng, minWan: number, maxWan: number): number {
  const v = Math.exp(Math.log(minWan) + rng.next() * (Math.log(maxWan) - Math.log(minWan)));
  return Math.max(minWan, Math.min(maxWan, Math.round(v)));
}
function randomDate(rng: Prng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}
/** An instant (millisecond precision, as the columns keep) between two dates, China business hours-ish. */
function randomInstant(rng: Prng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng.next() * (b - a))).toISOString();
}
// ---------------------------------------------------------------------------------------------
// The dataset's record (connections, migrations and counts: bench/support/dataset-db.ts).

interface Meta {
  generator_version: number;
  size: string;
  generated_at: Date;
  generation_ms: number;
  counts: RowCounts;
}

/**
 * The dataset of a size on the server at `serverUrl` (a URL of any database there): reused when a
 * finished dataset of this generator version is there, generated otherwise (or when asked).
 */
export async function ensureDataset(serverUrl: string, size: SizeSpec, options: EnsureOptions = {}): Promise<Dataset> {
  const log = options.log ?? ((m: string) => console.log(m));
  const url = withDatabase(serverUrl, size.database);
  const exists = await withClient(serverUrl, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [size.database])).rowCount! > 0);
  if (exists && !options.regenerate) {
    const meta = await readMeta<Meta>(url, ["generator_version", "size", "generated_at", "generation_ms", "counts"]);
    if (meta && meta.generator_version === GENERATOR_VERSION && meta.size === size.name) {
      const applied = await runMigrations(url);
      if (applied.length > 0) {
        log(`[${size.name}] applied ${applied.length} new migration(s) to the existing dataset: ${applied.join(", ")}; analysing`);
        await withClient(url, (c) => c.query("ANALYZE"));
      }
      log(`[${size.name}] reusing dataset in database ${size.database} (generated ${meta.generated_at.toISOString()} in ${(meta.generation_ms / 1000).toFixed(1)} s; --regenerate to rebuild)`);
      return { size, url, counts: meta.counts, generated: false, generationMs: meta.generation_ms, generatedAt: meta.generated_at.toISOString() };
    }
    log(`[${size.name}] database ${size.database} holds no finished dataset of generator v${GENERATOR_VERSION}: regenerating`);
  }
  return generate(serverUrl, size, log);
}

async function generate(serverUrl: string, size: SizeSpec, log: (m: string) => void): Promise<Dataset> {
  const total = timer();
  const url = withDatabase(serverUrl, size.database);
  log(`[${size.name}] creating database ${size.database}`);
  await withClient(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${size.database}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${size.database}"`);
  });
  let t = timer();
  const applied = await runMigrations(url);
  log(`[${size.name}] migrated (${applied.length} migration(s)) in ${t()} ms`);

  await withClient(url, async (client) => {
    await client.query("SET synchronous_commit = off");
    await fill(client, size, log);
    t = timer();
    await client.query("ANALYZE");
    log(`[${size.name}] ANALYZE in ${t()} ms`);
  });
  const counts: RowCounts = await countRows(url, TABLES);
  const generationMs = total();
  const generatedAt = new Date();
  await withClient(url, async (c) => {
    await c.query(
      `CREATE TABLE bench_meta (generator_version int NOT NULL, size text NOT NULL, seed bigint NOT NULL,
         anchor_date date NOT NULL, generated_at timestamptz NOT NULL, generation_ms int NOT NULL, counts jsonb NOT NULL)`,
    );
    await c.query("INSERT INTO bench_meta VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      GENERATOR_VERSION,
      size.name,
      size.seed,
      ANCHOR_DATE,
      generatedAt,
      generationMs,
      JSON.stringify(counts),
    ]);
  });
  log(`[${size.name}] dataset generated in ${(generationMs / 1000).toFixed(1)} s`);
  return { size, url, counts, generated: true, generationMs, generatedAt: generatedAt.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// The rows.

interface Bank {
  id: string;
  province: Province;
  national: boolean;
  productIdx: number[];
}

interface ProductInfo {
  id: string;
  bank: number;
  renewal: boolean;
  servedCode: string;
  usable: boolean;
}

async function fill(client: Client, size: SizeSpec, log: (m: string) => void): Promise<void> {
  const rngFor = (label: string) => Prng.derive(size.seed, label);
  const step = async (label: string, fn: () => Promise<number>) => {
    const t = timer();
    const rows = await fn();
    log(`[${size.name}]   ${label.padEnd(36)} ${String(rows).padStart(8)} rows  ${String(t()).padStart(6)} ms`);
  };
  const today = ANCHOR_DATE;

  // Banks ---------------------------------------------------------------------------------------
  const banks: Bank[] = [];
  const banksByProvince = new Map<string, number[]>();
  const nationalBanks: number[] = [];
  await step("financial_institution", async () => {
    const rng = rngFor("institution");
    const ins = new BulkInserter(client, "financial_institution", [
      { name: "id", cast: "uuid" },
      { name: "created_at", cast: "timestamptz" },
      { name: "updated_at", cast: "timestamptz" },
      { name: "name", cast: "text" },
      { name: "short_name", cast: "text" },
      { name: "type", cast: "institution_type" },
      { name: "region_code", cast: "text" },
    ]);
    for (let i = 0; i < size.institutions; i++) {
      const id = rng.uuid();
      const kind = rng.weighted(INSTITUTION_TYPES, INSTITUTION_TYPES.map((k) => k.weight));
      const province = rng.weighted(PROVINCES, PROVINCE_WEIGHTS);
      const region = kind.national ? provinceCode(province) : prefectureCode(province, randomPrefecture(rng));
      const n = String(i + 1).padStart(4, "0");
      const created = randomInstant(rng, "2024-01-01", "2024-12-31");
      await ins.add([id, created, created, `基准${province.name}${kind.label}${n}`, `基准${kind.short}${n}`, kind.type, region]);
      const idx = banks.length;
      banks.push({ id, province, national: kind.national, productIdx: [] });
      if (kind.national) nationalBanks.push(idx);
      else {
        const list = banksByProvince.get(province.prefix) ?? [];
        list.push(idx);
        banksByProvince.set(province.prefix, list);
      }
    }
    await ins.flush();
    return ins.inserted;
  });
  /** Banks present in a province: its local ones and the national ones. */
  const banksServing = (p: Province): number[] => [...(banksByProvince.get(p.prefix) ?? []), ...nationalBanks];
  const pickBanks = (rng: Prng, p: Province, k: number): number[] => {
    const local = rng.sample(banksServing(p), k);
    if (local.length >= k) return local;
    const chosen = new Set(local);
    while (chosen.size < Math.min(k, banks.length)) chosen.add(rng.int(0, banks.length - 1));
    return [...chosen];
  };

  // Firms and certifications ---------------------------------------------------------------------
  const firmIds: string[] = new Array(size.firms);
  const firmProvince: Province[] = new Array(size.firms);
  const firmCounty: string[] = new Array(size.firms);
  await step("firm", async () => {
    const rng = rngFor("firm");
    const ins = new BulkInserter(client, "firm", [
      { name: "id", cast: "uuid" },
      { name: "created_at", cast: "timestamptz" },
      { name: "updated_at", cast: "timestamptz" },
      { name: "credit_code", cast: "text" },
      { name: "name", cast: "text" },
      { name: "region_code", cast: "text" },
      { name: "industry_code", cast: "text" },
      { name: "size", cast: "firm_size" },
      { name: "founded_on", cast: "date" },
      { name: "annual_revenue", cast: "numeric" },
      { name: "rd_expense", cast: "numeric" },
      { name: "invention_patents", cast: "int" },
      { name: "employees", cast: "int" },
      { name: "credit_rating", cast: "credit_rating" },
      { name: "paired_bank_id", cast: "uuid" },
    ]);
    const salt = size.seed % 1_000_003;
    for (let i = 0; i < size.firms; i++) {
      const id = rng.uuid();
      const { province, code } = randomCounty(rng);
      const section = rng.weighted(["C", "I", "M"], [70, 15, 15]);
      const industry =
        section === "C"
          ? `C${rng.pick(INDUSTRY_DIVISIONS_C)}${rng.int(1, 9)}${rng.int(1, 9)}`
          : section === "I"
            ? `I${rng.pick([63, 64, 65])}${rng.int(1, 3)}${rng.int(0, 9)}`
            : `M${rng.pick([73, 74, 75])}${rng.int(1, 4)}${rng.int(0, 9)}`;
      const firmSize = rng.weighted(["MICRO", "SMALL", "MEDIUM"], [30, 50, 20]);
      const revenueWan = firmSize === "MICRO" ? rng.int(100, 2_000) : firmSize === "SMALL" ? rng.int(2_000, 20_000) : rng.int(20_000, 80_000);
      const employees = firmSize === "MICRO" ? rng.int(5, 20) : firmSize === "SMALL" ? rng.int(20, 300) : rng.int(300, 1_000);
      const paired = rng.chance(0.1) ? banks[rng.pick(banksServing(province).length ? banksServing(province) : [0])]!.id : null;
      const created = randomInstant(rng, "2024-01-01", "2026-06-30");
      await ins.add([
        id,
        created,
        created,
        makeCreditCode("91", code, creditCodeBody(i, salt)),
        `基准${province.name}第${i + 1}号科技有限公司`,
        code,
        industry,
        firmSize,
        randomDate(rng, "1995-01-01", "2022-12-31"),
        yuan(revenueWan * 10_000),
        yuan(Math.round(revenueWan * (0.03 + rng.next() * 0.1)) * 10_000),
        rng.int(0, 40),
        employees,
        rng.chance(0.7) ? rng.weighted(["AAA", "AA", "A", "BBB", "BB"], [10, 30, 35, 20, 5]) : null,
        paired,
      ]);
      firmIds[i] = id;
      firmProvince[i] = province;
      firmCounty[i] = code;
    }
    await ins.flush();
    return ins.inserted;
  });

  await step("certification", async () => {
    const rng = rngFor("certification");
    const ins = new BulkInserter(client, "certification", [
      { name: "id", cast: "uuid" },
      { name: "created_at", cast: "timestamptz" },
      { name: "updated_at", cast: "timestamptz" },
      { name: "firm_id", cast: "uuid" },
      { name: "tier", cast: "certification_tier" },
      { name: "level", cast: "certification_level" },
      { name: "authority", cast: "text" },
      { name: "certificate_no", cast: "text" },
      { name: "batch", cast: "text" },
      { name: "issued_on", cast: "date" },
      { name: "expires_on", cast: "date" },
      { name: "status", cast: "certification_status" },
      { name: "revoked_on", cast: "date" },
      { name: "revocation_reason", cast: "text" },
    ]);
    for (let i = 0; i < size.firms; i++) {
      if (!rng.chance(0.85)) continue;
      const tier = rng.weighted(TIERS, [50, 30, 15, 5]);
      const level =
        tier === "LITTLE_GIANT" || tier === "SINGLE_CHAMPION"
          ? "NATIONAL"
          : tier === "SPECIALIZED_SME"
            ? rng.weighted(["PROVINCIAL", "MUNICIPAL"], [80, 20])
            : rng.weighted(["PROVINCIAL", "MUNICIPAL"], [60, 40]);
      const province = firmProvince[i]!;
      const authority = level === "NATIONAL" ? "工业和信息化部" : level === "PROVINCIAL" ? `${province.name}工业和信息化厅` : `${firmCounty[i]!.slice(0, 4)}00市工业和信息化局`;
      const fate = rng.next();
      let issued: string;
      let status = "ACTIVE";
      let revokedOn: string | null = null;
      let reason: string | null = null;
      if (fate < 0.05) {
        // Expired: a three-year certificate that ran out before today.
        issued = randomDate(rng, "2020-01-01", addDays(addMonths(today, -36), -1));
        status = "EXPIRED";
      } else if (fate < 0.07) {
        issued = randomDate(rng, "2023-12-01", "2026-06-30");
        status = "REVOKED";
        revokedOn = randomDate(rng, addDays(issued, 30), addDays(today, -1));
        reason = "复核不合格";
      } else {
        // In force: issued within the last three years (expires after today).
        issued = randomDate(rng, addMonths(today, -35), addDays(today, -7));
      }
      const expires = addDays(addMonths(issued, 36), -1);
      const created = `${issued}T02:00:00.000Z`;
      await ins.add([
        rng.uuid(),
        created,
        created,
        firmIds[i]!,
        tier,
        level,
        authority,
        `BENCH-${size.name}-${String(i + 1).padStart(7, "0")}`,
        `${issued.slice(0, 4)}年第${rng.pick(["一", "二"])}批`,
        issued,
        expires,
        status,
        revokedOn,
        reason,
      ]);
    }
    await ins.flush();
    return ins.inserted;
  });

  // LPR -----------------------------------------------------------------------------------------
  await step("lpr_rate", async () => {
    const rng = rngFor("lpr");
    const ins = new BulkInserter(client, "lpr_rate", [
      { name: "id", cast: "uuid" },
      { name: "tenor", cast: "lpr_tenor" },
      { name: "effective_on", cast: "date" },
      { name: "rate_bp", cast: "int" },
    ]);
    const points: Array<[string, string, number]> = [
      ["ONE_YEAR", "2025-01-20", 310],
      ["ONE_YEAR", "2025-05-20", 300],
      ["ONE_YEAR", "2026-03-20", 300],
      ["ONE_YEAR", "2026-10-20", 300],
      ["FIVE_YEAR", "2025-01-20", 360],
      ["FIVE_YEAR", "2025-05-20", 350],
      ["FIVE_YEAR", "2026-03-20", 350],
      ["FIVE_YEAR", "2026-10-20", 350],
    ];
    for (const [tenor, on, bp] of points) await ins.add([rng.uuid(), tenor, on, bp]);
    await ins.flush();
    return ins.inserted;
  });

  // Loan products and tier discounts ---------------------------------------------------------------
  const products: ProductInfo[] = [];
  await step("loan_product", async () => {
    const rng = rngFor("product");
    const ins = new BulkInserter(client, "loan_product", [
      { name: "id", cast: "uuid" },
      { name: "created_at", cast: "timestamptz" },
      { name: "updated_at", cast: "timestamptz" },
      { name: "institution_id", cast: "uuid" },
      { name: "code", cast: "text" },
      { name: "name", cast: "text" },
      { name: "category", cast: "loan_product_category" },
      { name: "min_tier", cast: "certification_tier" },
      { name: "min_level", cast: "certification_level" },
      { name: "served_region_codes", cast: "bpchar[]" },
      { name: "industry_prefixes", cast: "varchar[]" },
      { name: "min_amount", cast: "numeric" },
      { name: "max_amount", cast: "numeric" },
      { name: "min_term_months", cast: "int" },
      { name: "max_term_months", cast: "int" },
      { name: "purposes", cast: "financing_purpose[]" },
      { name: "accepted_collateral", cast: "collateral_type[]" },
      { name: "pricing_type", cast: "pricing_type" },
      { name: "fixed_rate_bp", cast: "int" },
      { name: "lpr_tenor", cast: "lpr_tenor" },
      { name: "spread_bp", cast: "int" },
      { name: "requires_guarantee", cast: "boolean" },
      { name: "approval_days", cast: "int" },
      { name: "green_channel", cast: "boolean" },
      { name: "reserved_quota", cast: "numeric" },
      { name: "used_quota", cast: "numeric" },
      { name: "valid_from", cast: "date" },
      { name: "valid_to", cast: "date" },
      { name: "renewal_window_days", cast: "int" },
      { name: "status", cast: "loan_product_status" },
      { name: "version", cast: "int" },
    ]);
    for (let i = 0; i < size.products; i++) {
      const id = rng.uuid();
      const bankIdx = rng.int(0, banks.length - 1);
      const bank = banks[bankIdx]!;
      const categoryName = rng.pick(CATEGORY_NAMES);
      const category = CATEGORIES[categoryName]!;
      // National banks run products province by province; local banks at home.
      const province = bank.national ? rng.weighted(PROVINCES, PROVINCE_WEIGHTS) : bank.province;
      const served = rng.chance(0.6) ? provinceCode(province) : prefectureCode(province, randomPrefecture(rng));
      const industries = rng.chance(0.2) ? ["C"] : [];

      let purposes: string[];
      if (category.renewal) purposes = ["RENEWAL"];
      else {
        const others = NON_RENEWAL_PURPOSES.filter((p) => p !== category.purpose);
        purposes = [category.purpose, ...rng.sample(others, rng.int(0, 3))];
      }
      let collateral: string[];
      if (category.collateral === "NONE") collateral = ["NONE"];
      else {
        const set = new Set<string>();
        if (category.collateral) set.add(category.collateral);
        if (rng.chance(0.35)) set.add("NONE");
        for (const c of rng.sample(PLEDGES, rng.int(set.size === 0 ? 1 : 0, 2))) set.add(c);
        collateral = [...set];
      }

      const minWan = rng.pick([10, 10, 30, 50, 100, 200, 500]);
      const maxWan = Math.max(minWan * 2, rng.pick([300, 500, 1_000, 2_000, 3_000, 5_000]));
      const minTerm = category.renewal ? 6 : rng.pick([6, 6, 12]);
      const maxTerm = Math.max(minTerm, rng.pick([12, 24, 36, 36, 60]));
      const fixed = rng.chance(0.5);
      const tenor = rng.chance(0.8) ? "ONE_YEAR" : "FIVE_YEAR";
      const minTier = rng.weighted([null, "INNOVATIVE_SME", "SPECIALIZED_SME", "LITTLE_GIANT"], [40, 25, 25, 10]);
      const reservedWan = rng.int(1_000, 20_000);
      const usedWan = Math.floor(reservedWan * rng.next() * 0.5);
      const window = rng.next();
      let validFrom: string;
      let validTo: string | null;
      if (window < 0.025) {
        // Ended before today.
        validFrom = randomDate(rng, "2024-01-01", "2025-06-30");
        validTo = randomDate(rng, "2025-12-31", addDays(today, -1));
      } else if (window < 0.05) {
        // Starts after today.
        validFrom = randomDate(rng, addDays(today, 7), "2027-03-01");
        validTo = null;
      } else {
        validFrom = randomDate(rng, "2025-01-01", addDays(today, -1));
        validTo = rng.chance(0.5) ? null : randomDate(rng, "2027-06-30", "2028-12-31");
      }
      const archived = rng.chance(0.05);
      const created = randomInstant(rng, addDays(validFrom, -30), validFrom);
      await ins.add([
        id,
        created,
        created,
        bank.id,
        `BP${String(i + 1).padStart(6, "0")}`,
        `基准${category.label}${i + 1}号`,
        categoryName,
        minTier,
        null,
        pgArray([served]),
        pgArray(industries),
        yuan(minWan * 10_000),
        yuan(maxWan * 10_000),
        minTerm,
        maxTerm,
        pgArray(purposes),
        pgArray(collateral),
        fixed ? "FIXED" : "LPR_SPREAD",
        fixed ? rng.int(300, 600) : null,
        fixed ? null : tenor,
        fixed ? null : rng.int(-50, 150),
        rng.chance(0.25),
        rng.int(3, 30),
        rng.chance(0.2),
        yuan(reservedWan * 10_000),
        yuan(usedWan * 10_000),
        validFrom,
        validTo,
        category.renewal ? rng.pick([30, 60, 90]) : null,
        archived ? "ARCHIVED" : "ACTIVE",
        1,
      ]);
      const usable = !archived && validFrom <= today && (validTo === null || validTo >= today);
      bank.productIdx.push(products.length);
      products.push({ id, bank: bankIdx, renewal: category.renewal, servedCode: served, usable });
    }
    await ins.flush();
    return ins.inserted;
  });

  await step("loan_product_tier_discount", async () => {
    const rng = rngFor("tier-discount");
    const ins = new BulkInserter(client, "loan_product_tier_discount", [
      { name: "product_id", cast: "uuid" },
      { name: "tier", cast: "certification_tier" },
      { name: "discount_bp", cast: "int" },
    ]);
    for (const p of products) {
      for (const tier of rng.sample(TIERS, rng.int(0, 3))) await ins.add([p.id, tier, rng.int(1, 5) * 10]);
    }
    await ins.flush();
    return ins.inserted;
  });

  // Guarantee agencies and agreements -----------------------------------------------------------
  const agencies: Array<{ id: string; province: Province; fee: number }> = [];
  await step("guarantee_agency", async () => {
    const rng = rngFor("agency");
    const ins = new BulkInserter(client, "guarantee_agency", [
      { name: "id", cast: "uuid" },
      { name: "created_at", cast: "timestamptz" },
      { name: "updated_at", cast: "timestamptz" },
      { name: "name", cast: "text" },
      { name: "region_code", cast: "text" },
      { name: "tiers_served", cast: "certification_tier[]" },
      { name: "fee_rate_bp", cast: "int" },
      { name: "max_amount_per_firm", cast: "numeric" },
      { name: "capacity", cast: "numeric" },
      { name: "used_capacity", cast: "numeric" },
    ]);
    const tierSets: Tier[][] = [
      [...TIERS],
      [...TIERS],
      ["SPECIALIZED_SME", "LITTLE_GIANT", "SINGLE_CHAMPION"],
      ["LITTLE_GIANT", "SINGLE_CHAMPION"],
      ["INNOVATIVE_SME", "SPECIALIZED_SME"],
    ];
    for (const province of PROVINCES) {
      // One provincial agency and one for every third prefecture (01, 04, 07).
      const regions: Array<[string, string]> = [[provinceCode(province), `${province.name}融资担保集团`]];
      for (const k of [1, 4, 7]) regions.push([prefectureCode(province, k), `${province.name}${prefectureCode(province, k)}融资担保公司`]);
      for (const [region, name] of regions) {
        const id = rng.uuid();
        const fee = rng.int(50, 100);
        const capacityWan = rng.int(500_000, 2_000_000);
        const created = randomInstant(rng, "2024-01-01", "2024-12-31");
        await ins.add([
          id,
          created,
          created,
          `基准${name}`,
          region,
          pgArray(rng.pick(tierSets)),
          fee,
          yuan(rng.pick([1_000, 2_000, 3_000]) * 10_000),
          yuan(capacityWan * 10_000),
          yuan(Math.floor(capacityWan * rng.next() * 0.3) * 10_000),
        ]);
        agencies.push({ id, province, fee });
      }
    }
    await ins.flush();
    return ins.inserted;
  });

  await step("guarantee_agreement", async () => {
    const rng = rngFor("agreement");
    const ins = new BulkInserter(client, "guarantee_agreement", [
      { name: "id", cast: "uuid" },
      { name: "created_at", cast: "timestamptz" },
      { name: "updated_at", cast: "timestamptz" },
      { name: "institution_id", cast: "uuid" },
      { name: "agency_id", cast: "uuid" },
      { name: "bank_risk_share_bp", cast: "int" },
      { name: "agreed_fee_rate_bp", cast: "int" },
      { name: "waives_due_diligence", cast: "boolean" },
      { name: "credit_line", cast: "numeric" },
      { name: "used_line", cast: "numeric" },
      { name: "valid_from", cast: "date" },
      { name: "valid_to", cast: "date" },
    ]);
    // 5–20 partner banks per 100 institutions (5–20 at S, 50–200 at L): the share of the banks
    // present in a province that can use its agencies is then the same at both sizes.
    const perHundred = size.institutions / 100;
    for (const agency of agencies) {
      for (const b of pickBanks(rng, agency.province, Math.round(rng.int(5, 20) * perHundred))) {
        const lineWan = rng.chance(0.5) ? rng.int(50_000, 200_000) : null;
        const created = randomInstant(rng, "2025-01-01", "2025-03-31");
        await ins.add([
          rng.uuid(),
          created,
          created,
          banks[b]!.id,
          agency.id,
          rng.pick([2000, 2000, 3000, 4000]),
          Math.max(0, agency.fee - rng.int(0, 20)),
          rng.chance(0.3),
          lineWan === null ? null : yuan(lineWan * 10_000),
          lineWan === null ? "0.00" : yuan(Math.floor(lineWan * rng.next() * 0.4) * 10_000),
          "2025-01-01",
          rng.chance(0.6) ? null : "2027-12-31",
        ]);
      }
    }
    await ins.flush();
    return ins.inserted;
  });

  // Incentive policies --------------------------------------------------------------------------
  await step("incentive_policy", async () => {
    const rng = rngFor("policy");
    const ins = new BulkInserter(client, "incentive_policy", [
      { name: "id", cast: "uuid" },
      { name: "created_at", cast: "timestamptz" },
      { name: "updated_at", cast: "timestamptz" },
      { name: "kind", cast: "incentive_kind" },
      { name: "name", cast: "text" },
      { name: "issuer", cast: "text" },
      { name: "region_code", cast: "text" },
      { name: "tiers", cast: "certification_tier[]" },
      { name: "levels", cast: "certification_level[]" },
      { name: "categories", cast: "loan_product_category[]" },
      { name: "subsidy_bp", cast: "int" },
      { name: "duration_months", cast: "int" },
      { name: "valid_from", cast: "date" },
      { name: "valid_to", cast: "date" },
    ]);
    const created = "2025-01-02T02:00:00.000Z";
    for (let i = 0; i < PROVINCES.length; i++) {
      const p = PROVINCES[i]!;
      if (i % 5 === 0) {
        await ins.add([
          rng.uuid(), created, created, "INTEREST_SUBSIDY", `基准${p.name}专精特新贷款贴息`, `${p.name}财政厅`, provinceCode(p),
          pgArray(rng.pick([[...TIERS], ["SPECIALIZED_SME", "LITTLE_GIANT", "SINGLE_CHAMPION"]])),
          "{}",
          pgArray(rng.pick([[], ["SRDI_LOAN", "CREDIT_LOAN", "TECH_UPGRADE_LOAN"]])),
          rng.int(5, 15) * 10, 12, "2025-01-01", "2027-12-31",
        ]);
      }
      if (i % 10 === 2) {
        await ins.add([
          rng.uuid(), created, created, "GUARANTEE_FEE_SUBSIDY", `基准${p.name}担保费补贴`, `${p.name}财政厅`, provinceCode(p),
          "{}", "{}", "{}", rng.int(2, 5) * 10, 12, "2025-01-01", null,
        ]);
      }
    }
    await ins.flush();
    return ins.inserted;
  });

  // Needs (and the loans renewal needs point at) --------------------------------------------------
  const needsPerFirm = new Uint8Array(size.firms).fill(1);
  {
    const rng = rngFor("needs-per-firm");
    let extra = size.needs - size.firms;
    while (extra > 0) {
      const f = rng.int(0, size.firms - 1);
      if (needsPerFirm[f]! < 3) {
        needsPerFirm[f]!++;
        extra--;
      }
    }
  }
  const renewalProductsByCode = new Map<string, number[]>();
  products.forEach((p, idx) => {
    if (!p.renewal || !p.usable) return;
    const list = renewalProductsByCode.get(p.servedCode) ?? [];
    list.push(idx);
    renewalProductsByCode.set(p.servedCode, list);
  });

  const loanIns = new BulkInserter(client, "loan", [
    { name: "id", cast: "uuid" },
    { name: "created_at", cast: "timestamptz" },
    { name: "updated_at", cast: "timestamptz" },
    { name: "firm_id", cast: "uuid" },
    { name: "institution_id", cast: "uuid" },
    { name: "product_id", cast: "uuid" },
    { name: "principal", cast: "numeric" },
    { name: "outstanding", cast: "numeric" },
    { name: "annual_rate_bp", cast: "int" },
    { name: "disbursed_on", cast: "date" },
    { name: "matures_on", cast: "date" },
    { name: "status", cast: "loan_status" },
  ]);
  // Chained: a chunk of needs first sends the loans they renew, a chunk of visibility rows the needs.
  const needIns = new BulkInserter(
    client,
    "financing_need",
    [
      { name: "id", cast: "uuid" },
      { name: "created_at", cast: "timestamptz" },
      { name: "updated_at", cast: "timestamptz" },
      { name: "firm_id", cast: "uuid" },
      { name: "amount", cast: "numeric" },
      { name: "term_months", cast: "int" },
      { name: "purpose", cast: "financing_purpose" },
      { name: "collateral_offered", cast: "collateral_type[]" },
      { name: "accepts_guarantee", cast: "boolean" },
      { name: "max_annual_rate_bp", cast: "int" },
      { name: "needed_by", cast: "date" },
      { name: "renewal_of_loan_id", cast: "uuid" },
      { name: "status", cast: "financing_need_status" },
      { name: "visibility", cast: "need_visibility" },
    ],
    5000,
    () => loanIns.flush(),
  );
  const visibleIns = new BulkInserter(
    client,
    "financing_need_visible_institution",
    [
      { name: "need_id", cast: "uuid" },
      { name: "institution_id", cast: "uuid" },
    ],
    5000,
    () => needIns.flush(),
  );
  await step("financing_need (+ loan, visibility)", async () => {
    const rng = rngFor("need");
    const loanRng = rngFor("loan");
    for (let f = 0; f < size.firms; f++) {
      const province = firmProvince[f]!;
      const county = firmCounty[f]!;
      for (let k = 0; k < needsPerFirm[f]!; k++) {
        const id = rng.uuid();
        const amountWan = randomWan(rng, 10, 3_000);
        let term = rng.weighted([6, 12, 18, 24, 36, 48, 60], [10, 40, 10, 15, 15, 5, 5]);
        let purpose: string = rng.weighted(NON_RENEWAL_PURPOSES, [35, 15, 20, 10, 10, 10]);
        let renewalOf: string | null = null;
        if (rng.chance(0.03)) {
          // 续贷: the firm's performing (or overdue) loan at a bank with a renewal product serving it.
          const candidates = [
            ...(renewalProductsByCode.get(`${province.prefix}0000`) ?? []),
            ...(renewalProductsByCode.get(`${county.slice(0, 4)}00`) ?? []),
          ];
          if (candidates.length > 0) {
            const renewalProduct = products[rng.pick(candidates)]!;
            const bank = banks[renewalProduct.bank]!;
            const original = bank.productIdx.map((i) => products[i]!).find((p) => !p.renewal) ?? renewalProduct;
            const matures = addDays(today, loanRng.int(10, 150));
            const disbursed = addMonths(matures, -12);
            renewalOf = loanRng.uuid();
            const created = `${disbursed}T03:00:00.000Z`;
            await loanIns.add([
              renewalOf, created, created, firmIds[f]!, bank.id, original.id,
              yuan(amountWan * 10_000), yuan(amountWan * 10_000), loanRng.int(330, 480),
              disbursed, matures, loanRng.chance(0.9) ? "PERFORMING" : "OVERDUE",
            ]);
            purpose = "RENEWAL";
            term = 12;
          }
        }
        const collateral = rng.chance(0.3) ? [] : rng.sample(PLEDGES, rng.int(1, 3));
        const selected = rng.chance(0.15);
        const created = randomInstant(rng, "2026-05-01", addDays(today, -1));
        await needIns.add([
          id,
          created,
          created,
          firmIds[f]!,
          yuan(amountWan * 10_000),
          term,
          purpose,
          pgArray(collateral),
          rng.chance(0.7),
          rng.chance(0.5) ? null : rng.int(35, 60) * 10,
          randomDate(rng, addDays(today, 1), "2027-03-31"),
          renewalOf,
          "OPEN",
          selected ? "SELECTED_BANKS" : "ALL_BANKS",
        ]);
        if (selected) for (const b of pickBanks(rng, province, rng.int(1, 3))) await visibleIns.add([id, banks[b]!.id]);
      }
    }
    await visibleIns.flush();
    await needIns.flush();
    await loanIns.flush();
    log(`[${size.name}]     of which loan: ${loanIns.inserted}, financing_need_visible_institution: ${visibleIns.inserted}`);
    return needIns.inserted;
  });
}

// ---------------------------------------------------------------------------------------------
// Command line: generate (or check) datasets without running the benchmark.

export function parseSizes(value: string | undefined): SizeSpec[] {
  const v = (value ?? "both").toUpperCase();
  if (v === "BOTH") return [SIZES.S, SIZES.L];
  if (v === "S" || v === "L") return [SIZES[v]];
  throw new Error(`--size must be S, L or both, got '${value}'`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizeArg = args.includes("--size") ? args[args.indexOf("--size") + 1] : undefined;
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("Set DATABASE_URL to the PostgreSQL server (npm run bench:match starts an embedded one when it is unset).");
  for (const size of parseSizes(sizeArg)) {
    const ds = await ensureDataset(serverUrl, size, { regenerate: args.includes("--regenerate") });
    console.log(`[${size.name}] rows: ${JSON.stringify(ds.counts)}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
