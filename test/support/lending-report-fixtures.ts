import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { agencyInput, productInput } from "./access-fixtures";
import { createInstitution, recordCertification, registerFirm } from "./fixtures";
import type { TestApp } from "./test-app";

/**
 * The known world of the lending-report tests (test/integration/lending-report.test.ts and
 * lending-csv.test.ts), and an independent calculation of every figure of docs/reporting.md
 * ("Lending report") in plain TS over the arranged rows.
 *
 * Two banks (B1 甲, B2 乙 — B2's name needs CSV quoting), six firms in two provinces (Shanxi 14…,
 * Zhejiang 33…) with certifications of every kind (two at once, one expiring mid-period, one
 * revoked, none), five products of five categories, thirteen loans (first and repeat loans, two on
 * one day, renewals without an application, credit and collateralised, guaranteed with fees,
 * partly and fully repaid) and ten rejected applications (different reasons, days on China-time
 * boundaries) plus applications that must not count (SUBMITTED, WITHDRAWN). After the loans are
 * written, firm F5 moves from 330108 to 330110: its loans keep the region they were disbursed in,
 * its rejection the region it was rejected in.
 *
 * Loans and applications are inserted directly (the workflow API would need a docking per row);
 * the books are made consistent afterwards (products' used quota and the agency's used capacity
 * equal the live loans' balances).
 */

export const TIERS = ["INNOVATIVE_SME", "SPECIALIZED_SME", "LITTLE_GIANT", "SINGLE_CHAMPION"] as const;
export const LEVELS = ["MUNICIPAL", "PROVINCIAL", "NATIONAL"] as const;
export const CATEGORIES = [
  "SRDI_LOAN", "RENEWAL_WITHOUT_REPAYMENT", "FACTORY_LOAN", "TECH_UPGRADE_LOAN", "CREDIT_LOAN", "IP_PLEDGE_LOAN",
  "RECEIVABLES_FINANCING", "REVOLVING_LOAN", "RELAY_LOAN", "FINANCIAL_LEASING", "PARK_LOAN", "RISK_SHARING_LOAN",
] as const;
export const REASONS = ["CREDIT_RISK", "REPAYMENT_CAPACITY", "INSUFFICIENT_COLLATERAL", "GUARANTEE_DECLINED", "INCOMPLETE_DOCUMENTS", "NOT_ELIGIBLE", "QUOTA_EXHAUSTED", "OTHER"] as const;
export type Tier = (typeof TIERS)[number];
export type Level = (typeof LEVELS)[number];
export type Dim = "TIER" | "LEVEL" | "REGION" | "BANK" | "CATEGORY" | "MONTH";

interface Cert {
  tier: Tier;
  level: Level;
  issuedOn: string;
  expiresOn: string;
  revokedOn: string | null;
}

export interface ArrangedLoan {
  id: string;
  firmId: string;
  bankId: string;
  productId: string;
  category: string;
  tier: Tier | null;
  level: Level | null;
  /** The firm's region when the loan was written. */
  region: string;
  principalFen: bigint;
  outstandingFen: bigint;
  rateBp: number;
  feeBp: number | null;
  /** A government guarantee agency guarantees it (guarantee_agency_id set). */
  guaranteed: boolean;
  collateral: string[];
  disbursedOn: string;
  /** When the loan row was recorded (created_at, as the database set it). */
  createdAt: Date;
  renewsId: string | null;
  /** The application's instants (ISO, UTC), for loans disbursed from an application. */
  submittedAt: string | null;
  approvedAt: string | null;
}

export interface ArrangedRejection {
  firmId: string;
  bankId: string;
  category: string;
  /** The firm's region when the application was rejected. */
  region: string;
  reason: string;
  closedAt: string;
}

export interface ReportWorld {
  banks: { B1: { id: string; name: string }; B2: { id: string; name: string } };
  agencyId: string;
  firms: Record<string, { id: string; region: string; certs: Cert[] }>;
  products: Record<string, { id: string; bankId: string; category: string }>;
  loans: ArrangedLoan[];
  rejections: ArrangedRejection[];
}

/** The filter as the GraphQL input takes it. */
export interface Filter {
  from?: string;
  to?: string;
  regionCode?: string;
  tiers?: string[];
  levels?: string[];
  bankIds?: string[];
  categories?: string[];
}

const yuanToFen = (yuan: string) => BigInt(Math.round(Number(yuan) * 100));
export const fenToYuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;

/** China calendar day of an ISO instant (UTC + 8 h). */
export function chinaDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

export async function buildReportWorld(t: TestApp): Promise<ReportWorld> {
  const B1 = { name: "报表测试甲银行股份有限公司", id: "" };
  const B2 = { name: '=乙银行,"测试"分行', id: "" };
  B1.id = await createInstitution(t, B1.name, "140500");
  B2.id = await createInstitution(t, B2.name, "330000");
  const agencyId = (
    await t.gqlOk(`mutation($input: CreateGuaranteeAgencyInput!) { createGuaranteeAgency(input: $input) { id } }`, { input: agencyInput("140000") })
  ).createGuaranteeAgency.id as string;

  const firms: ReportWorld["firms"] = {};
  const firm = async (key: string, region: string, certs: Cert[]) => {
    const { id } = await registerFirm(t, { regionCode: region });
    for (const c of certs) {
      const certId = await recordCertification(t, id, { tier: c.tier, level: c.level, issuedOn: c.issuedOn, expiresOn: c.expiresOn });
      if (c.revokedOn) {
        await t.gqlOk(`mutation($input: RevokeCertificationInput!) { revokeCertification(input: $input) { id } }`, {
          input: { id: certId, revokedOn: c.revokedOn, reason: "复核未通过" },
        });
      }
    }
    firms[key] = { id, region, certs };
  };
  await firm("F1", "140502", [{ tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2024-01-01", expiresOn: "2027-12-31", revokedOn: null }]);
  await firm("F2", "140581", [
    { tier: "INNOVATIVE_SME", level: "MUNICIPAL", issuedOn: "2023-06-01", expiresOn: "2026-05-31", revokedOn: null },
    { tier: "LITTLE_GIANT", level: "NATIONAL", issuedOn: "2024-07-01", expiresOn: "2027-06-30", revokedOn: null },
  ]);
  await firm("F3", "140502", []);
  await firm("F4", "330106", [{ tier: "INNOVATIVE_SME", level: "MUNICIPAL", issuedOn: "2023-04-01", expiresOn: "2026-03-31", revokedOn: null }]);
  await firm("F5", "330108", [{ tier: "SINGLE_CHAMPION", level: "NATIONAL", issuedOn: "2024-01-01", expiresOn: "2027-12-31", revokedOn: null }]);
  await firm("F6", "330110", [{ tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2025-01-01", expiresOn: "2027-12-31", revokedOn: "2026-01-01" }]);

  const products: ReportWorld["products"] = {};
  const product = async (key: string, bankId: string, category: string, extra: Record<string, unknown> = {}) => {
    const bank = await t.as({ role: Role.BANK, orgId: bankId });
    const input = productInput(bankId, "140000", { category, validFrom: "2025-01-01", servedRegionCodes: ["140000", "330000"], ...extra });
    const { id } = (await bank.gqlOk(`mutation($input: CreateLoanProductInput!) { createLoanProduct(input: $input) { id } }`, { input })).createLoanProduct;
    products[key] = { id, bankId, category };
  };
  await product("P1", B1.id, "SRDI_LOAN");
  await product("P2", B1.id, "CREDIT_LOAN");
  await product("P3", B2.id, "FACTORY_LOAN", { acceptedCollateral: ["REAL_ESTATE", "EQUIPMENT"] });
  await product("P4", B1.id, "RENEWAL_WITHOUT_REPAYMENT", { purposes: ["RENEWAL"], renewalWindowDays: 30 });
  await product("P5", B2.id, "RELAY_LOAN", { purposes: ["RENEWAL"], renewalWindowDays: 30 });

  const loans: ArrangedLoan[] = [];
  const rejections: ArrangedRejection[] = [];

  /** A need of the firm and an application on it for the product, with the given state. */
  const application = async (
    firmKey: string,
    productKey: string,
    a: { status: string; submittedAt: string; approvedAt?: string | null; closedAt?: string | null; reason?: string; amount?: string },
  ): Promise<string> => {
    const [{ id: needId }] = await t.ds.query(
      `INSERT INTO financing_need (firm_id, amount, term_months, purpose, needed_by, status) VALUES ($1, $2, 12, 'WORKING_CAPITAL', '2026-12-31', $3) RETURNING id`,
      [firms[firmKey]!.id, a.amount ?? "1000000", a.status === "DISBURSED" ? "FINANCED" : "OPEN"],
    );
    const approved = a.status === "DISBURSED";
    const [{ id }] = await t.ds.query(
      `INSERT INTO application (need_id, product_id, status, approved_amount, approved_rate_bp, approved_term_months, rejection_reason_code, rejection_note,
                                submitted_at, review_started_at, approved_at, closed_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, 1) RETURNING id`,
      [
        needId,
        products[productKey]!.id,
        a.status,
        approved ? (a.amount ?? "1000000") : null,
        approved ? 380 : null,
        approved ? 12 : null,
        a.reason ?? null,
        a.reason === "OTHER" ? "其他原因" : null,
        a.submittedAt,
        a.approvedAt ?? null,
        a.closedAt ?? null,
      ],
    );
    return id as string;
  };

  const loan = async (
    firmKey: string,
    productKey: string,
    l: {
      on: string;
      principal: string;
      outstanding?: string;
      rateBp: number;
      feeBp?: number;
      collateral?: string[];
      tier?: [Tier, Level] | null;
      renews?: ArrangedLoan;
      submittedAt?: string;
      approvedAt?: string;
      status?: string;
      closedOn?: string;
      id?: string;
    },
  ): Promise<ArrangedLoan> => {
    const f = firms[firmKey]!;
    const p = products[productKey]!;
    const applicationId = l.submittedAt
      ? await application(firmKey, productKey, { status: "DISBURSED", submittedAt: l.submittedAt, approvedAt: l.approvedAt ?? null, closedAt: `${l.on}T02:00:00Z`, amount: l.principal })
      : null;
    const id = l.id ?? randomUUID();
    const outstanding = l.outstanding ?? l.principal;
    const status = l.status ?? (outstanding === "0.00" ? "REPAID" : "PERFORMING");
    const [{ created_at: createdAt }] = await t.ds.query(
      `INSERT INTO loan (id, application_id, firm_id, institution_id, product_id, guarantee_agency_id, guarantee_fee_bp, tier_at_disbursement, level_at_disbursement,
                         principal, outstanding, annual_rate_bp, collateral, disbursed_on, matures_on, closed_on, status, renews_loan_id,
                         firm_region_code, product_category, is_first_loan, application_submitted_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::collateral_type[], $14, $14::date + 365, $15, $16, $17,
               '999999', 'PARK_LOAN', true, '2000-01-01')
       RETURNING created_at`,
      [
        id, applicationId, f.id, p.bankId, p.id, l.feeBp === undefined ? null : agencyId, l.feeBp ?? null, l.tier?.[0] ?? null, l.tier?.[1] ?? null,
        l.principal, outstanding, l.rateBp, `{${(l.collateral ?? []).join(",")}}`, l.on, l.closedOn ?? null, status, l.renews?.id ?? null,
      ],
    );
    const arranged: ArrangedLoan = {
      id,
      firmId: f.id,
      bankId: p.bankId,
      productId: p.id,
      category: p.category,
      tier: l.tier?.[0] ?? null,
      level: l.tier?.[1] ?? null,
      region: f.region,
      principalFen: yuanToFen(l.principal),
      outstandingFen: yuanToFen(outstanding),
      rateBp: l.rateBp,
      feeBp: l.feeBp ?? null,
      guaranteed: l.feeBp !== undefined,
      collateral: l.collateral ?? [],
      disbursedOn: l.on,
      createdAt: createdAt as Date,
      renewsId: l.renews?.id ?? null,
      submittedAt: l.submittedAt ?? null,
      approvedAt: l.approvedAt ?? null,
    };
    loans.push(arranged);
    return arranged;
  };

  /** A renewal: the old loan's balance moves to the new one, the old loan is RENEWED that day. */
  const renew = async (old: ArrangedLoan, productKey: string, on: string, rateBp: number, tier: [Tier, Level] | null) => {
    await t.ds.query(`UPDATE loan SET status = 'RENEWED', outstanding = 0, closed_on = $2 WHERE id = $1`, [old.id, on]);
    const amount = fenToYuan(old.outstandingFen);
    old.outstandingFen = 0n;
    return loan(firmKeyOf(old.firmId), productKey, { on, principal: amount, rateBp, feeBp: old.feeBp ?? undefined, collateral: old.collateral, tier, renews: old });
  };
  const firmKeyOf = (firmId: string) => Object.keys(firms).find((k) => firms[k]!.id === firmId)!;

  const SP: [Tier, Level] = ["SPECIALIZED_SME", "PROVINCIAL"];
  const LG: [Tier, Level] = ["LITTLE_GIANT", "NATIONAL"];
  const IM: [Tier, Level] = ["INNOVATIVE_SME", "MUNICIPAL"];
  const SC: [Tier, Level] = ["SINGLE_CHAMPION", "NATIONAL"];

  // F1 (140502, 省级专精特新): a first loan later renewed, a guaranteed loan without collateral (保证贷款, not 信用贷款) partly repaid.
  const l1 = await loan("F1", "P1", { on: "2025-11-05", principal: "2000000.00", rateBp: 380, collateral: ["REAL_ESTATE"], tier: SP, submittedAt: "2025-10-20T01:00:00Z", approvedAt: "2025-10-30T06:00:00Z" });
  await loan("F1", "P2", { on: "2026-01-15", principal: "1000000.00", outstanding: "600000.00", rateBp: 420, feeBp: 80, tier: SP, submittedAt: "2026-01-01T03:00:00Z", approvedAt: "2026-01-10T03:00:00Z" });
  await renew(l1, "P4", "2026-02-10", 360, SP);
  // F2 (140581, 国家级小巨人 and 市级创新型 at once): a guaranteed collateralised loan submitted late
  // on 30 Nov UTC (1 Dec in China), a credit loan repaid in full.
  await loan("F2", "P3", { on: "2025-12-20", principal: "5000000.00", rateBp: 400, feeBp: 100, collateral: ["REAL_ESTATE", "EQUIPMENT"], tier: LG, submittedAt: "2025-11-30T20:00:00Z", approvedAt: "2025-12-15T03:00:00Z" });
  await loan("F2", "P1", { on: "2026-01-15", principal: "3000000.00", outstanding: "0.00", closedOn: "2026-03-01", rateBp: 350, tier: LG, submittedAt: "2026-01-05T02:00:00Z", approvedAt: "2026-01-06T02:00:00Z" });
  // F3 (140502, uncertified): two loans on the same day; the one recorded first is the first loan,
  // though its id sorts after the other's.
  await loan("F3", "P2", { on: "2026-01-31", principal: "500000.00", rateBp: 450, submittedAt: "2026-01-20T02:00:00Z", approvedAt: "2026-01-28T02:00:00Z", id: "ffffffff-ffff-4fff-bfff-ffffffff0f31" });
  await loan("F3", "P3", { on: "2026-01-31", principal: "800000.00", rateBp: 390, feeBp: 60, collateral: ["EQUIPMENT"], submittedAt: "2026-01-25T02:00:00Z", approvedAt: "2026-01-30T02:00:00Z", id: "00000000-0000-4000-8000-00000000f032" });
  // F4 (330106, 市级创新型 until 2026-03-31): a loan under the certificate, renewed after it expired; a loan after.
  const l8 = await loan("F4", "P3", { on: "2026-02-28", principal: "1200000.00", rateBp: 410, tier: IM, submittedAt: "2026-02-01T02:00:00Z", approvedAt: "2026-02-20T02:00:00Z" });
  await loan("F4", "P1", { on: "2026-04-10", principal: "1500000.00", outstanding: "1000000.00", rateBp: 430, feeBp: 50, collateral: ["REAL_ESTATE"], submittedAt: "2026-04-01T02:00:00Z", approvedAt: "2026-04-03T02:00:00Z" });
  await renew(l8, "P5", "2026-04-20", 400, null);
  // F5 (330108, 国家级单项冠军): approved just after midnight China time on the disbursement day; a guaranteed loan without collateral.
  await loan("F5", "P3", { on: "2025-12-31", principal: "10000000.00", rateBp: 370, collateral: ["REAL_ESTATE"], tier: SC, submittedAt: "2025-12-01T15:59:00Z", approvedAt: "2025-12-30T16:30:00Z" });
  await loan("F5", "P1", { on: "2026-03-15", principal: "2000000.00", rateBp: 365, feeBp: 100, tier: SC, submittedAt: "2026-03-01T02:00:00Z", approvedAt: "2026-03-10T02:00:00Z" });
  // A loan whose application has no approval recorded: in the disbursement median, not in the approval median.
  await loan("F5", "P2", { on: "2026-03-20", principal: "700000.00", rateBp: 455, tier: SC, submittedAt: "2026-03-18T02:00:00Z" });

  const reject = async (firmKey: string, productKey: string, reason: string, closedAt: string) => {
    await application(firmKey, productKey, { status: "REJECTED", submittedAt: "2025-09-01T02:00:00Z", closedAt, reason });
    rejections.push({ firmId: firms[firmKey]!.id, bankId: products[productKey]!.bankId, category: products[productKey]!.category, region: firms[firmKey]!.region, reason, closedAt });
  };
  await reject("F1", "P1", "CREDIT_RISK", "2026-01-20T02:00:00Z");
  await reject("F3", "P2", "INCOMPLETE_DOCUMENTS", "2026-01-31T16:30:00Z"); // 1 Feb in China
  await reject("F4", "P3", "INSUFFICIENT_COLLATERAL", "2026-03-31T15:00:00Z"); // 31 Mar 23:00 in China: certificate still in force
  await reject("F4", "P3", "INSUFFICIENT_COLLATERAL", "2026-04-01T01:00:00Z"); // expired by then
  await reject("F2", "P1", "GUARANTEE_DECLINED", "2025-12-10T02:00:00Z");
  await reject("F5", "P3", "CREDIT_RISK", "2026-02-15T02:00:00Z");
  await reject("F2", "P3", "OTHER", "2026-05-05T02:00:00Z");
  await reject("F6", "P2", "REPAYMENT_CAPACITY", "2026-01-05T02:00:00Z"); // certificate revoked on 1 Jan
  await reject("F6", "P2", "NOT_ELIGIBLE", "2025-12-20T02:00:00Z"); // before the revocation
  await reject("F3", "P4", "QUOTA_EXHAUSTED", "2026-02-10T02:00:00Z");
  // Applications that are not rejections.
  await application("F1", "P2", { status: "SUBMITTED", submittedAt: "2026-02-01T02:00:00Z" });
  await application("F3", "P1", { status: "WITHDRAWN", submittedAt: "2026-02-01T02:00:00Z", closedAt: "2026-02-03T02:00:00Z" });

  // F5 moves: its loans keep the region they were disbursed in, its rejection the region it was rejected in.
  await t.ds.query(`UPDATE firm SET region_code = '330110' WHERE id = $1`, [firms.F5!.id]);
  firms.F5!.region = "330110";

  // The books: what the live loans owe is what their products and the agency hold.
  await t.ds.query(`
    UPDATE loan_product p SET used_quota = coalesce((SELECT sum(outstanding) FROM loan l WHERE l.product_id = p.id AND l.status IN ('PERFORMING', 'OVERDUE')), 0)
     WHERE p.id = ANY($1)`, [Object.values(products).map((p) => p.id)]);
  await t.ds.query(
    `UPDATE guarantee_agency a SET used_capacity = coalesce((SELECT sum(outstanding) FROM loan l WHERE l.guarantee_agency_id = a.id AND l.status IN ('PERFORMING', 'OVERDUE')), 0) WHERE a.id = $1`,
    [agencyId],
  );
  return { banks: { B1, B2 }, agencyId, firms, products, loans, rejections };
}

// ---------------------------------------------------------------------------------------------
// The figures, computed independently.

export interface Figures {
  loansCount: number;
  amountDisbursed: string;
  balanceOutstanding: string;
  weightedAverageRateBp: number | null;
  creditLoanShareBp: number | null;
  guaranteedLoanShareBp: number | null;
  firstTimeBorrowersCount: number;
  firstTimeAmount: string;
  renewalsCount: number;
  renewalsAmount: string;
  medianDaysToApproval: number | null;
  medianDaysToDisbursement: number | null;
  rejections: Array<{ reasonCode: string; count: number }>;
}

export interface Key {
  tier: string | null;
  level: string | null;
  regionCode: string | null;
  bankId: string | null;
  category: string | null;
  month: string | null;
}

export const FIGURES_FIELDS = `loansCount amountDisbursed balanceOutstanding weightedAverageRateBp creditLoanShareBp guaranteedLoanShareBp firstTimeBorrowersCount firstTimeAmount
  renewalsCount renewalsAmount medianDaysToApproval medianDaysToDisbursement rejections { reasonCode count }`;
export const REPORT_FIELDS = `groupBy asOf groups { key { tier level regionCode bankId category month } figures { ${FIGURES_FIELDS} } } totals { ${FIGURES_FIELDS} }`;

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** percentile_cont(0.5): the mean of the two middle values (the middle one when the count is odd). */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) / 2;
  return (s[Math.floor(pos)]! + s[Math.ceil(pos)]!) / 2;
}

/** Round half up of a / b for positive integers. */
const divHalfUp = (a: bigint, b: bigint) => Number((2n * a + b) / (2n * b));

/** Does loan `o` come before `l` in the first-loan order: disbursement day, then the instant it was recorded, then id. */
function before(o: ArrangedLoan, l: ArrangedLoan): boolean {
  if (o.disbursedOn !== l.disbursedOn) return o.disbursedOn < l.disbursedOn;
  if (o.createdAt.getTime() !== l.createdAt.getTime()) return o.createdAt.getTime() < l.createdAt.getTime();
  return o.id < l.id;
}

/** Is the loan its firm's first: not a renewal, and no other non-renewal loan of the firm before it (same day: recorded first, then smaller id). */
function isFirstLoan(world: ReportWorld, l: ArrangedLoan): boolean {
  if (l.renewsId !== null) return false;
  return !world.loans.some((o) => o.firmId === l.firmId && o.id !== l.id && o.renewsId === null && before(o, l));
}

/** The highest (tier, level) among the firm's certificates in force on the day. */
function certificationOn(world: ReportWorld, firmId: string, day: string): [Tier, Level] | null {
  const firm = Object.values(world.firms).find((f) => f.id === firmId)!;
  let best: [Tier, Level] | null = null;
  for (const c of firm.certs) {
    const inForce = c.issuedOn <= day && day <= c.expiresOn && (c.revokedOn === null || day < c.revokedOn);
    if (!inForce) continue;
    const rank = TIERS.indexOf(c.tier) * 10 + LEVELS.indexOf(c.level);
    if (best === null || rank > TIERS.indexOf(best[0]) * 10 + LEVELS.indexOf(best[1])) best = [c.tier, c.level];
  }
  return best;
}

interface Fact {
  kind: "loan" | "rejection";
  key: Key;
  loan?: ArrangedLoan;
  reason?: string;
}

function matches(filter: Filter, k: Key): boolean {
  if (filter.regionCode) {
    const code = filter.regionCode;
    const prefix = code.endsWith("0000") ? code.slice(0, 2) : code.endsWith("00") ? code.slice(0, 4) : code;
    if (!k.regionCode!.startsWith(prefix)) return false;
  }
  if (filter.tiers && filter.tiers.length > 0 && (k.tier === null || !filter.tiers.includes(k.tier))) return false;
  if (filter.levels && filter.levels.length > 0 && (k.level === null || !filter.levels.includes(k.level))) return false;
  if (filter.bankIds && filter.bankIds.length > 0 && !filter.bankIds.includes(k.bankId!)) return false;
  if (filter.categories && filter.categories.length > 0 && !filter.categories.includes(k.category!)) return false;
  return true;
}

function facts(world: ReportWorld, filter: Filter): Fact[] {
  const inDays = (day: string) => (!filter.from || day >= filter.from) && (!filter.to || day <= filter.to);
  const out: Fact[] = [];
  for (const l of world.loans) {
    const key: Key = { tier: l.tier, level: l.level, regionCode: l.region, bankId: l.bankId, category: l.category, month: l.disbursedOn.slice(0, 7) };
    if (inDays(l.disbursedOn) && matches(filter, key)) out.push({ kind: "loan", key, loan: l });
  }
  for (const r of world.rejections) {
    const day = chinaDay(r.closedAt);
    const cert = certificationOn(world, r.firmId, day);
    const key: Key = { tier: cert?.[0] ?? null, level: cert?.[1] ?? null, regionCode: r.region, bankId: r.bankId, category: r.category, month: day.slice(0, 7) };
    if (inDays(day) && matches(filter, key)) out.push({ kind: "rejection", key, reason: r.reason });
  }
  return out;
}

function figuresOf(world: ReportWorld, group: Fact[]): Figures {
  const loans = group.filter((f) => f.kind === "loan").map((f) => f.loan!);
  const sum = (ls: ArrangedLoan[], v: (l: ArrangedLoan) => bigint) => ls.reduce((s, l) => s + v(l), 0n);
  const amount = sum(loans, (l) => l.principalFen);
  const first = loans.filter((l) => isFirstLoan(world, l));
  const renewals = loans.filter((l) => l.renewsId !== null);
  // 信用贷款: neither collateral nor a guarantee; 保证贷款: a guarantee, with collateral or without.
  const credit = sum(loans.filter((l) => l.collateral.length === 0 && !l.guaranteed), (l) => l.principalFen);
  const guaranteed = sum(loans.filter((l) => l.guaranteed), (l) => l.principalFen);
  const weighted = sum(loans, (l) => l.principalFen * BigInt(l.rateBp + (l.feeBp ?? 0)));
  const withApplication = loans.filter((l) => l.submittedAt !== null);
  const counts = new Map<string, number>();
  for (const f of group) if (f.kind === "rejection") counts.set(f.reason!, (counts.get(f.reason!) ?? 0) + 1);
  return {
    loansCount: loans.length,
    amountDisbursed: fenToYuan(amount),
    balanceOutstanding: fenToYuan(sum(loans, (l) => l.outstandingFen)),
    weightedAverageRateBp: loans.length === 0 ? null : divHalfUp(weighted, amount),
    creditLoanShareBp: loans.length === 0 ? null : divHalfUp(10_000n * credit, amount),
    guaranteedLoanShareBp: loans.length === 0 ? null : divHalfUp(10_000n * guaranteed, amount),
    firstTimeBorrowersCount: first.length,
    firstTimeAmount: fenToYuan(sum(first, (l) => l.principalFen)),
    renewalsCount: renewals.length,
    renewalsAmount: fenToYuan(sum(renewals, (l) => l.principalFen)),
    medianDaysToApproval: median(withApplication.filter((l) => l.approvedAt !== null).map((l) => days(chinaDay(l.submittedAt!), chinaDay(l.approvedAt!)))),
    medianDaysToDisbursement: median(withApplication.map((l) => days(chinaDay(l.submittedAt!), l.disbursedOn))),
    rejections: REASONS.filter((r) => counts.has(r)).map((reasonCode) => ({ reasonCode, count: counts.get(reasonCode)! })),
  };
}

const FIELD: Record<Dim, keyof Key> = { TIER: "tier", LEVEL: "level", REGION: "regionCode", BANK: "bankId", CATEGORY: "category", MONTH: "month" };

function compareBy(dim: Dim, a: Key, b: Key): number {
  const x = a[FIELD[dim]];
  const y = b[FIELD[dim]];
  if (x === y) return 0;
  if (x === null) return 1; // no certification last
  if (y === null) return -1;
  const order = dim === "TIER" ? (TIERS as readonly string[]) : dim === "LEVEL" ? (LEVELS as readonly string[]) : dim === "CATEGORY" ? (CATEGORIES as readonly string[]) : null;
  if (order) return order.indexOf(x) - order.indexOf(y);
  return x < y ? -1 : 1;
}

/** The report as lendingReport should answer it (without asOf and groupBy). */
export function expectedReport(world: ReportWorld, filter: Filter, groupBy: Dim[]): { groups: Array<{ key: Key; figures: Figures }>; totals: Figures } {
  const all = facts(world, filter);
  const groups = new Map<string, { key: Key; facts: Fact[] }>();
  if (groupBy.length > 0) {
    for (const f of all) {
      const key: Key = { tier: null, level: null, regionCode: null, bankId: null, category: null, month: null };
      for (const d of groupBy) (key as unknown as Record<string, string | null>)[FIELD[d]] = f.key[FIELD[d]];
      const id = JSON.stringify(key);
      if (!groups.has(id)) groups.set(id, { key, facts: [] });
      groups.get(id)!.facts.push(f);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => {
    for (const d of groupBy) {
      const c = compareBy(d, a.key, b.key);
      if (c !== 0) return c;
    }
    return 0;
  });
  return { groups: sorted.map((g) => ({ key: g.key, figures: figuresOf(world, g.facts) })), totals: figuresOf(world, all) };
}
