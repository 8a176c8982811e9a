import { creditCodeRegion, makeCreditCode, parseCreditCode } from "../../src/domain/credit-code";
import { CertificationLevel, CertificationTier, LoanProductCategory } from "../../src/domain/enums";
import { parseMoney, wan } from "../../src/domain/money";
import { DEMO_FIRMS, DEMO_GUARANTEE_AGENCIES, DEMO_INSTITUTIONS, SEED_000, SEED_001, SEED_003, SEED_004 } from "../../src/seed/demo-data";
import { seedDemoData } from "../../src/seed/demo-seed";
import { Role } from "../../src/domain/access";
import { startTestApp, type TestApp } from "../support/test-app";

/** The load date of this file: every relative date of the demo resolves against it. */
const TODAY = "2026-11-20";

const FIRMS = `query($on: LocalDate) {
  firms(first: 50) { totalCount edges { node { creditCode name regionCode effectiveTier(on: $on) { tier level } } } }
}`;

const FIRM_BY_CODE = `query($c: String!, $on: LocalDate) {
  firmByCreditCode(creditCode: $c) {
    name regionCode
    pairedBank { name }
    effectiveTier(on: $on) { tier level }
    certifications { tier level authority certificateNo issuedOn expiresOn revokedOn revocationReason }
  }
}`;

interface FirmNode {
  creditCode: string;
  name: string;
  regionCode: string;
  effectiveTier: { tier: string; level: string } | null;
}

/** Row counts of every table of the schema (except the migrations ledger). */
async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables: Array<{ table_name: string }> = await t.ds.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name",
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM "${table_name}"`);
    counts[table_name] = n;
  }
  return counts;
}

const codeOf = (key: string): string => DEMO_FIRMS.find((f) => f.key === key)!.creditCode;

describe("demo data (seeds 000-004)", () => {
  let t: TestApp;
  let first: { created: boolean; summary: string };

  beforeAll(async () => {
    t = await startTestApp();
    first = await seedDemoData(t.ds, TODAY);
  });
  afterAll(async () => {
    await t.close();
  });

  it("loads everything once and reports what it wrote, per kind", async () => {
    expect(first.created).toBe(true);
    expect(first.summary).toBe(
      "5 regions, 17 institutions, 21 firms, 26 certifications, 8 LPR rates, 23 loan products, 44 tier discounts, 5 guarantee agencies, " +
        "9 guarantee agreements, 11 incentive policies, 6 docking events, 18 financing needs (15 open), 2 applications, 2 loans",
    );
    expect(await tableCounts(t)).toMatchObject({
      financial_institution: 17, firm: 21, certification: 26, lpr_rate: 8, loan_product: 23, loan_product_tier_discount: 44,
      guarantee_agency: 5, guarantee_agreement: 9, incentive_policy: 11, docking_event: 6, financing_need: 18, application: 2, loan: 2,
      financing_need_visible_institution: 2, audit_event: 0,
    });
  });

  it("registers at least four firms per region with valid credit codes whose positions 3-8 are the firm's region", async () => {
    const data = await t.gqlOk<{ firms: { totalCount: number; edges: Array<{ node: FirmNode }> } }>(FIRMS, { on: TODAY });
    expect(data.firms.totalCount).toBe(21);
    const nodes = data.firms.edges.map((e) => e.node);
    expect(nodes).toHaveLength(21);
    for (const n of nodes) {
      expect(parseCreditCode(n.creditCode)).toBe(n.creditCode);
      expect(creditCodeRegion(n.creditCode)).toBe(n.regionCode);
    }
    for (const prefix of ["1405", "360102", "33", "53", "4101"]) {
      expect(nodes.filter((n) => n.regionCode.startsWith(prefix)).length).toBeGreaterThanOrEqual(4);
    }
    const tierOf = (key: string) => nodes.find((n) => n.creditCode === codeOf(key))!.effectiveTier;
    expect(tierOf("jc-xinrui")).toEqual({ tier: "LITTLE_GIANT", level: "NATIONAL" });
    expect(tierOf("jc-jinlan")).toEqual({ tier: "LITTLE_GIANT", level: "PROVINCIAL" });
    expect(tierOf("jc-guangyan")).toEqual({ tier: "SPECIALIZED_SME", level: "MUNICIPAL" });
    expect(tierOf("zj-donghai")).toEqual({ tier: "SINGLE_CHAMPION", level: "NATIONAL" });
    expect(tierOf("zj-weina")).toEqual({ tier: "INNOVATIVE_SME", level: "PROVINCIAL" });
    // Expired only, revoked only, never certified: no tier in force.
    expect(tierOf("jc-zhilian")).toBeNull();
    expect(tierOf("dh-lvyuan")).toBeNull();
    expect(tierOf("zz-yuxin")).toBeNull();
  });

  it("has every tier and every level among certifications in force, and certificate numbers unique per authority", async () => {
    const active: Array<{ tier: string; level: string }> = await t.ds.query(
      "SELECT DISTINCT tier::text AS tier, level::text AS level FROM certification WHERE status = 'ACTIVE' AND issued_on <= $1 AND expires_on >= $1",
      [TODAY],
    );
    expect(new Set(active.map((r) => r.tier))).toEqual(new Set(Object.values(CertificationTier)));
    expect(new Set(active.map((r) => r.level))).toEqual(new Set(Object.values(CertificationLevel)));
    const [{ n, distinct }] = await t.ds.query("SELECT count(*)::int AS n, count(DISTINCT (authority, certificate_no))::int AS distinct FROM certification");
    expect(distinct).toBe(n);
  });

  it("has an expired-only firm, a revoked firm, a firm with several certifications and a firm with none", async () => {
    const expiredOnly: Array<{ credit_code: string }> = await t.ds.query(
      `SELECT f.credit_code FROM firm f WHERE EXISTS (SELECT 1 FROM certification c WHERE c.firm_id = f.id)
         AND NOT EXISTS (SELECT 1 FROM certification c WHERE c.firm_id = f.id AND (c.status <> 'EXPIRED' OR c.expires_on >= $1))`,
      [TODAY],
    );
    expect(expiredOnly.map((r) => r.credit_code)).toEqual([codeOf("jc-zhilian")]);

    const revoked = await t.gqlOk(FIRM_BY_CODE, { c: codeOf("dh-lvyuan"), on: TODAY });
    expect(revoked.firmByCreditCode.effectiveTier).toBeNull();
    expect(revoked.firmByCreditCode.certifications).toEqual([
      expect.objectContaining({ tier: "SPECIALIZED_SME", level: "PROVINCIAL", revokedOn: "2026-09-20", revocationReason: expect.stringMatching(/^复核未通过/) }),
    ]);

    const several = await t.gqlOk(FIRM_BY_CODE, { c: codeOf("jc-xinrui"), on: TODAY });
    expect(several.firmByCreditCode.certifications.map((c: { tier: string; level: string; issuedOn: string; expiresOn: string }) => [c.tier, c.level, c.issuedOn, c.expiresOn])).toEqual([
      ["SPECIALIZED_SME", "PROVINCIAL", "2024-05-20", "2027-05-19"],
      ["LITTLE_GIANT", "NATIONAL", "2025-09-20", "2028-09-19"],
    ]);

    const [{ n }] = await t.ds.query("SELECT count(*)::int AS n FROM firm f WHERE NOT EXISTS (SELECT 1 FROM certification c WHERE c.firm_id = f.id)");
    expect(n).toBe(1);
  });

  it("pairs every certified Yunnan firm with a bank (seed 003)", async () => {
    const rows: Array<{ credit_code: string; paired: string | null }> = await t.ds.query(
      `SELECT f.credit_code, i.name AS paired FROM firm f LEFT JOIN financial_institution i ON i.id = f.paired_bank_id
        WHERE f.region_code LIKE '53%' AND EXISTS (SELECT 1 FROM certification c WHERE c.firm_id = f.id AND c.status = 'ACTIVE')`,
    );
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.paired !== null)).toBe(true);
    const one = await t.gqlOk(FIRM_BY_CODE, { c: codeOf("yn-yunxing"), on: TODAY });
    expect(one.firmByCreditCode.pairedBank).toEqual({ name: "中国建设银行云南省分行" });
  });

  it("has LPR fixings for both tenors, the 2026 values 300/350 and an earlier pair", async () => {
    const rows: Array<{ tenor: string; effective_on: string; rate_bp: number }> = await t.ds.query(
      "SELECT tenor::text AS tenor, effective_on, rate_bp FROM lpr_rate ORDER BY effective_on, tenor",
    );
    expect(rows.filter((r) => r.effective_on.startsWith("2026")).map((r) => [r.tenor, r.rate_bp])).toEqual([
      ["FIVE_YEAR", 350],
      ["ONE_YEAR", 300],
    ]);
    expect(rows.some((r) => r.effective_on < "2025-06-01" && r.tenor === "ONE_YEAR" && r.rate_bp === 310)).toBe(true);
    expect(rows.some((r) => r.effective_on < "2025-06-01" && r.tenor === "FIVE_YEAR" && r.rate_bp === 360)).toBe(true);
  });

  it("offers every product category, Jincheng's exclusive line of at least 1亿元 and guaranteed products in Zhejiang and Donghu", async () => {
    const categories: Array<{ category: string }> = await t.ds.query("SELECT DISTINCT category::text AS category FROM loan_product");
    expect(new Set(categories.map((r) => r.category))).toEqual(new Set(Object.values(LoanProductCategory)));

    const [exclusive] = await t.ds.query(
      `SELECT p.reserved_quota, p.green_channel, p.min_tier::text AS min_tier, p.served_region_codes, p.valid_from, p.valid_to FROM loan_product p
         JOIN financial_institution i ON i.id = p.institution_id WHERE i.short_name = '晋城银行' AND p.category = 'SRDI_LOAN'`,
    );
    expect(parseMoney(exclusive.reserved_quota)).toBeGreaterThanOrEqual(wan(10000));
    expect(exclusive).toMatchObject({ reserved_quota: "100000000.00", green_channel: true, min_tier: "SPECIALIZED_SME", served_region_codes: ["140500"] });
    expect(exclusive.valid_from <= TODAY && exclusive.valid_to >= TODAY).toBe(true);

    const guaranteed: Array<{ region: string }> = await t.ds.query(
      "SELECT DISTINCT unnest(served_region_codes) AS region FROM loan_product WHERE requires_guarantee",
    );
    expect(guaranteed.map((r) => r.region).sort()).toEqual(["330000", "360102"]);

    const renewal: Array<{ renewal_window_days: number }> = await t.ds.query(
      "SELECT renewal_window_days FROM loan_product WHERE category IN ('RENEWAL_WITHOUT_REPAYMENT', 'RELAY_LOAN')",
    );
    expect(renewal.length).toBeGreaterThanOrEqual(3);
    for (const r of renewal) expect(r.renewal_window_days).toBeGreaterThan(0);
    const credit: Array<{ accepted_collateral: string }> = await t.ds.query("SELECT accepted_collateral::text[] AS accepted_collateral FROM loan_product WHERE category = 'CREDIT_LOAN'");
    for (const r of credit) expect(r.accepted_collateral).toEqual(["NONE"]);
    const [{ lpr, fixed }] = await t.ds.query(
      "SELECT count(*) FILTER (WHERE pricing_type = 'LPR_SPREAD')::int AS lpr, count(*) FILTER (WHERE pricing_type = 'FIXED')::int AS fixed FROM loan_product",
    );
    expect(lpr).toBeGreaterThan(0);
    expect(fixed).toBeGreaterThan(0);
  });

  it("has guarantee agencies within the policy fee caps and 总对总 agreements with the bank bearing at least 20%", async () => {
    const agencies: Array<{ name: string; fee_rate_bp: number; max_amount_per_firm: string }> = await t.ds.query(
      "SELECT name, fee_rate_bp, max_amount_per_firm FROM guarantee_agency",
    );
    expect(agencies).toHaveLength(DEMO_GUARANTEE_AGENCIES.length);
    for (const a of agencies) {
      expect(a.fee_rate_bp).toBeLessThanOrEqual(parseMoney(a.max_amount_per_firm) <= wan(500) ? 100 : 150);
    }
    const donghu = agencies.find((a) => a.name === "南昌市东湖区融资担保有限公司")!;
    expect(donghu.fee_rate_bp).toBe(Math.min(...agencies.map((a) => a.fee_rate_bp)));

    const agreements: Array<{ bank: string; share: number; waives: boolean; region: string }> = await t.ds.query(
      `SELECT i.short_name AS bank, g.bank_risk_share_bp AS share, g.waives_due_diligence AS waives, a.region_code AS region
         FROM guarantee_agreement g JOIN financial_institution i ON i.id = g.institution_id JOIN guarantee_agency a ON a.id = g.agency_id`,
    );
    expect(agreements.length).toBeGreaterThanOrEqual(1);
    for (const g of agreements) expect(g.share).toBeGreaterThanOrEqual(2000);
    expect(agreements.filter((g) => g.region === "330000").every((g) => g.waives)).toBe(true);
    expect(agreements.some((g) => g.region === "360102")).toBe(true);
    const [{ above }] = await t.ds.query(
      "SELECT count(*)::int AS above FROM guarantee_agreement g JOIN guarantee_agency a ON a.id = g.agency_id WHERE g.agreed_fee_rate_bp > a.fee_rate_bp",
    );
    expect(above).toBe(0);
  });

  it("has Yunnan's interest subsidy, Jincheng's and Zhengzhou's awards, 郑科贷 compensation and Donghu's fee subsidy", async () => {
    const rows: Array<{ kind: string; region_code: string; award_amount: string | null; subsidy_bp: number | null; duration_months: number | null; exclusive_group: string | null; source_document: string; tiers: string }> =
      await t.ds.query(
        "SELECT kind::text AS kind, region_code, award_amount, subsidy_bp, duration_months, exclusive_group, source_document, tiers::text AS tiers FROM incentive_policy",
      );
    const yunnan = rows.filter((r) => r.kind === "INTEREST_SUBSIDY" && r.region_code === "530000");
    expect(yunnan).toEqual([expect.objectContaining({ subsidy_bp: 50, duration_months: 12, source_document: SEED_003, tiers: "{SPECIALIZED_SME,LITTLE_GIANT,SINGLE_CHAMPION}" })]);

    const jincheng = rows.filter((r) => r.region_code === "140500");
    expect(jincheng.filter((r) => r.kind === "CERTIFICATION_AWARD").map((r) => r.award_amount).sort()).toEqual(["100000.00", "200000.00", "50000.00"]);
    expect(jincheng.filter((r) => r.kind === "LISTING_AWARD").map((r) => r.award_amount)).toEqual(["100000.00"]);
    expect(jincheng.every((r) => r.source_document === SEED_000)).toBe(true);

    const zhengzhou = rows.filter((r) => r.region_code === "410100" && r.kind === "CERTIFICATION_AWARD");
    expect(zhengzhou.map((r) => r.award_amount).sort()).toEqual(["1000000.00", "2000000.00", "500000.00", "5000000.00"]);
    expect(new Set(zhengzhou.map((r) => r.exclusive_group)).size).toBe(1);
    expect(zhengzhou[0]!.exclusive_group).not.toBeNull();
    expect(rows.filter((r) => r.kind === "RISK_COMPENSATION" && r.region_code === "410100" && r.source_document === SEED_004)).toHaveLength(1);
    expect(rows.filter((r) => r.kind === "GUARANTEE_FEE_SUBSIDY" && r.region_code === "360102" && r.source_document === SEED_001)).toHaveLength(1);
  });

  it("has a disbursed loan maturing in a few weeks, recorded with the certification held, and an open renewal need for it", async () => {
    const loans: Array<Record<string, any>> = await t.ds.query(
      `SELECT l.id, l.principal, l.outstanding, l.annual_rate_bp, l.disbursed_on, l.matures_on, l.tier_at_disbursement::text AS tier,
              l.level_at_disbursement::text AS level, c.tier::text AS cert_tier, c.firm_id = l.firm_id AS own_cert, f.credit_code,
              a.status::text AS app_status, a.approved_amount, a.approved_rate_bp, a.docking_event_id IS NOT NULL AS from_event, p.institution_id = l.institution_id AS same_bank
         FROM loan l JOIN application a ON a.id = l.application_id JOIN certification c ON c.id = l.certification_id
         JOIN firm f ON f.id = l.firm_id JOIN loan_product p ON p.id = l.product_id
        WHERE l.matures_on BETWEEN $1 AND ($1::date + 42)`,
      [TODAY],
    );
    expect(loans).toHaveLength(1);
    const loan = loans[0]!;
    // 12 months from 2025-12-10 at LPR 1Y 300 (2025-05-20 fixing) + 45 − 20 (小巨人 discount).
    expect(loan).toMatchObject({
      credit_code: codeOf("jc-jinlan"), principal: "5000000.00", outstanding: "5000000.00", annual_rate_bp: 325,
      disbursed_on: "2025-12-10", matures_on: "2026-12-10", tier: "LITTLE_GIANT", level: "PROVINCIAL", cert_tier: "LITTLE_GIANT", own_cert: true,
      app_status: "DISBURSED", approved_amount: "5000000.00", approved_rate_bp: 325, from_event: true, same_bank: true,
    });
    const renewals: Array<{ status: string; purpose: string; amount: string; needed_by: string }> = await t.ds.query(
      "SELECT status::text AS status, purpose::text AS purpose, amount, needed_by FROM financing_need WHERE renewal_of_loan_id = $1",
      [loan.id],
    );
    expect(renewals).toEqual([{ status: "OPEN", purpose: "RENEWAL", amount: "5000000.00", needed_by: "2026-12-10" }]);
  });

  it("is clean for regulators: lendingAnomalies finds nothing in the demo lending", async () => {
    const res = await t.as({ role: Role.ADMIN }).then((c) => c.gql(`query { lendingAnomalies(first: 10) { totalCount edges { node { rule message } } } }`));
    expect(res.errors).toBeUndefined();
    expect((res.data as any).lendingAnomalies).toEqual({ totalCount: 0, edges: [] });
  });

  it("has at least eight open needs across the five regions, one visible to selected banks only, and a withdrawn one", async () => {
    const open: Array<{ region_code: string; amount: string; needed_by: string }> = await t.ds.query(
      "SELECT f.region_code, n.amount, n.needed_by FROM financing_need n JOIN firm f ON f.id = n.firm_id WHERE n.status = 'OPEN'",
    );
    expect(open.length).toBeGreaterThanOrEqual(8);
    for (const prefix of ["1405", "360102", "33", "53", "4101"]) {
      expect(open.some((n) => n.region_code.startsWith(prefix))).toBe(true);
    }
    for (const n of open) expect(n.needed_by > TODAY && n.needed_by <= "2027-01-31").toBe(true);
    const xinrui: Array<{ amount: string; purpose: string }> = await t.ds.query(
      "SELECT n.amount, n.purpose::text AS purpose FROM financing_need n JOIN firm f ON f.id = n.firm_id WHERE f.credit_code = $1 AND n.status = 'OPEN'",
      [codeOf("jc-xinrui")],
    );
    expect(xinrui).toEqual([{ amount: "8000000.00", purpose: "WORKING_CAPITAL" }]);

    const selected: Array<{ banks: string[] }> = await t.ds.query(
      `SELECT array_agg(i.short_name ORDER BY i.short_name) AS banks FROM financing_need n
         JOIN financing_need_visible_institution v ON v.need_id = n.id JOIN financial_institution i ON i.id = v.institution_id
        WHERE n.visibility = 'SELECTED_BANKS' GROUP BY n.id`,
    );
    expect(selected).toEqual([{ banks: ["杭州银行", "泰隆银行"] }]);
    const [{ withdrawn }] = await t.ds.query("SELECT count(*)::int AS withdrawn FROM financing_need WHERE status = 'WITHDRAWN' AND withdrawn_at IS NOT NULL");
    expect(withdrawn).toBe(1);
  });

  it("has a docking event in every region with banks and firms", async () => {
    const rows: Array<{ region_code: string; banks: number; firms: number }> = await t.ds.query(
      `SELECT e.region_code,
              (SELECT count(*)::int FROM docking_event_institution x WHERE x.event_id = e.id) AS banks,
              (SELECT count(*)::int FROM docking_event_firm x WHERE x.event_id = e.id) AS firms
         FROM docking_event e`,
    );
    for (const region of ["140500", "360102", "330000", "530000", "410100"]) {
      expect(rows.some((r) => r.region_code === region && r.banks > 0 && r.firms > 0)).toBe(true);
    }
  });

  it("loads nothing the second time: created is false and no table changes", async () => {
    const before = await tableCounts(t);
    expect(before.firm).toBe(21);
    const again = await seedDemoData(t.ds, TODAY);
    expect(again.created).toBe(false);
    // Another day (the default: today's date) is also recognised as already loaded.
    expect((await seedDemoData(t.ds)).created).toBe(false);
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe("demo data over records that are already there", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("reuses a firm registered before the load (natural key: credit code) instead of failing", async () => {
    const xinrui = DEMO_FIRMS.find((f) => f.key === "jc-xinrui")!;
    expect(xinrui.creditCode).toBe(makeCreditCode("91", "140502", "MA0GRK7X"));
    const { registerFirm } = await t.gqlOk(
      `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id } }`,
      { input: { creditCode: xinrui.creditCode, name: "晋城鑫锐精密机械有限公司（先行注册）", regionCode: "140502", industryCode: "C3484", size: "MEDIUM", foundedOn: "2009-04-16" } },
    );
    const result = await seedDemoData(t.ds, TODAY);
    expect(result.created).toBe(true);
    expect(result.summary).toContain(", 20 firms,");
    const [{ n }] = await t.ds.query("SELECT count(*)::int AS n FROM firm");
    expect(n).toBe(21);
    const certs: Array<{ firm_id: string }> = await t.ds.query("SELECT firm_id FROM certification WHERE certificate_no IN ('SXZJTX-B4-0147', 'MIIT-XJR-B5-1405-031')");
    expect(certs.map((c) => c.firm_id)).toEqual([registerFirm.id, registerFirm.id]);
    const [{ marker }] = await t.ds.query("SELECT count(*)::int AS marker FROM financial_institution WHERE name = $1", [DEMO_INSTITUTIONS[0]!.name]);
    expect(marker).toBe(1);
  });
});

describe("demo data loaded by two processes at once", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("loads it once: the second load waits for the first and writes nothing", async () => {
    const results = await Promise.all([seedDemoData(t.ds, TODAY), seedDemoData(t.ds, TODAY)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    const [{ firms, products }] = await t.ds.query("SELECT (SELECT count(*)::int FROM firm) AS firms, (SELECT count(*)::int FROM loan_product) AS products");
    expect({ firms, products }).toEqual({ firms: 21, products: 23 });
  });
});
