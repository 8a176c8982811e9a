import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { toChinaDate } from "../../src/domain/dates";
import { seedDemoData } from "../../src/seed/demo-seed";
import { OPS, applicationUnderReview, approveInput, buildDockingWorld, createProduct, submitNeed, type DockingWorld } from "../support/application-fixtures";
import { createInstitution } from "../support/fixtures";
import { startTestApp, type ApiClient, type TestApp } from "../support/test-app";

/**
 * quotaUtilization (docs/reporting.md, "Quota utilisation"). A bank in 晋城 publishes four products
 * and lends through the API (loans, a repayment, a renewal onto another product, an approval
 * awaiting disbursement); a bank in 云南 publishes one. Every figure is written out from those
 * steps; the exclusive-line rule is checked true, false and not applicable, and on the demo data.
 */

const FIGURES = `reservedQuota committed approvedNotDisbursed disbursed outstanding loansCount utilizationBp`;
const QUERY = `query($filter: QuotaUtilizationFilterInput, $first: Int, $after: String) {
  quotaUtilization(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { product { id name } bank { id } ${FIGURES} meetsExclusiveLineRule exclusiveLineRule } }
    byBank { bank { id } productsCount exclusiveProductsCount exclusiveProductsBelowLine ${FIGURES} }
    totals { productsCount exclusiveProductsCount exclusiveProductsBelowLine ${FIGURES} }
  }
}`;
/** A light selection, for pages of up to 100 products within the query-cost limit. */
const LIGHT = `query($filter: QuotaUtilizationFilterInput, $first: Int) {
  quotaUtilization(filter: $filter, first: $first) { edges { node { product { id } reservedQuota committed utilizationBp meetsExclusiveLineRule } } }
}`;
const DISBURSE = `mutation($input: DisburseLoanInput!) { disburseLoan(input: $input) { id } }`;
const RENEW = `mutation($input: RenewLoanInput!) { renewLoan(input: $input) { id } }`;
const REPAY = `mutation($input: RecordRepaymentInput!) { recordRepayment(input: $input) { id } }`;

describe("quotaUtilization", () => {
  let t: TestApp;
  let today: string;
  let w: DockingWorld;
  /** 晋城 bank's products: exclusive 1亿 (meets), exclusive 5000万 (short), general credit, renewal. */
  let p: { exclusive: string; short: string; credit: string; renewal: string };
  let yunnan: { bankId: string; client: ApiClient; product: string };

  async function dock(productId: string, amount: string, termMonths = 12): Promise<string> {
    const needId = await submitNeed(w, { amount, termMonths });
    const applicationId = await applicationUnderReview(w, needId, productId);
    await w.bank.client.gqlOk(OPS.approve, { input: approveInput(applicationId, amount, { termMonths }) });
    return (await w.bank.client.gqlOk(DISBURSE, { input: { applicationId, disbursedOn: today, idempotencyKey: randomUUID() } })).disburseLoan.id;
  }

  const nodes = (data: any) => data.quotaUtilization.edges.map((e: any) => e.node);
  const byProduct = (data: any) => Object.fromEntries(nodes(data).map((n: any) => [n.product.id, n]));

  beforeAll(async () => {
    t = await startTestApp();
    today = toChinaDate(new Date());
    w = await buildDockingWorld(t);
    const base = { minTier: "SPECIALIZED_SME", minTermMonths: 6 };
    p = {
      exclusive: (await createProduct(w, { ...base, name: "额度测试专属产品", reservedQuota: "100000000" })).id,
      short: (await createProduct(w, { ...base, minTier: "LITTLE_GIANT", servedRegionCodes: ["140581"], reservedQuota: "50000000" })).id,
      credit: (await createProduct(w, { category: "CREDIT_LOAN", reservedQuota: "20000000" })).id,
      renewal: (
        await createProduct(w, { ...base, category: "RENEWAL_WITHOUT_REPAYMENT", purposes: ["RENEWAL"], fixedRateBp: 360, renewalWindowDays: 200, reservedQuota: "30000000" })
      ).id,
    };
    // On the exclusive product: 300万 for 12 months (100万 repaid), 200万 for 6 months renewed onto
    // the renewal product, 150万 approved and not yet disbursed. On the credit product: 100万.
    const first = await dock(p.exclusive, "3000000");
    await w.bank.client.gqlOk(REPAY, { input: { loanId: first, amount: "1000000", paidOn: today } });
    const second = await dock(p.exclusive, "2000000", 6);
    await w.bank.client.gqlOk(RENEW, {
      input: { loanId: second, productId: p.renewal, amount: "2000000.00", annualRateBp: 350, termMonths: 12, renewedOn: today, idempotencyKey: randomUUID() },
    });
    const needId = await submitNeed(w, { amount: "1500000" });
    const pending = await applicationUnderReview(w, needId, p.exclusive);
    await w.bank.client.gqlOk(OPS.approve, { input: approveInput(pending, "1500000") });
    await dock(p.credit, "1000000");

    const bankId = await createInstitution(t, `额度测试云南银行${process.pid}`, "530000");
    const client = await t.as({ role: Role.BANK, orgId: bankId });
    const product = (
      await createProduct({ ...w, bank: { id: bankId, client } }, { minTier: "SPECIALIZED_SME", servedRegionCodes: ["530000"], reservedQuota: "30000000" })
    ).id;
    yunnan = { bankId, client, product };
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reports each product's reserve, committed quota, approvals, lending and balance, and the utilisation in bp", async () => {
    const data = await t.gqlOk(QUERY, { filter: { bankIds: [w.bank.id] }, first: 10 });
    const rows = byProduct(data);
    expect(nodes(data).map((n: any) => n.product.id)).toEqual([p.exclusive, p.short, p.credit, p.renewal]); // in publication order
    // Committed: 300 − 100 (repaid) + 0 (renewed away) + 150 (approved) = 350万 of 1亿 → 350 bp.
    expect(rows[p.exclusive]).toMatchObject({
      bank: { id: w.bank.id },
      reservedQuota: "100000000.00",
      committed: "3500000.00",
      approvedNotDisbursed: "1500000.00",
      disbursed: "5000000.00",
      outstanding: "2000000.00",
      loansCount: 2,
      utilizationBp: 350,
    });
    // The renewal carried 200万 over: 200万 of 3000万 → 666.67 bp, rounded down.
    expect(rows[p.renewal]).toMatchObject({
      reservedQuota: "30000000.00",
      committed: "2000000.00",
      approvedNotDisbursed: "0.00",
      disbursed: "2000000.00",
      outstanding: "2000000.00",
      loansCount: 1,
      utilizationBp: 666,
    });
    expect(rows[p.credit]).toMatchObject({ committed: "1000000.00", disbursed: "1000000.00", outstanding: "1000000.00", loansCount: 1, utilizationBp: 500 });
    expect(rows[p.short]).toMatchObject({ committed: "0.00", approvedNotDisbursed: "0.00", disbursed: "0.00", outstanding: "0.00", loansCount: 0, utilizationBp: 0 });
    // The ledger agrees with the records on these API-made products: committed = approved + outstanding.
    for (const n of nodes(data)) expect(Number(n.committed)).toBeCloseTo(Number(n.approvedNotDisbursed) + Number(n.outstanding), 2);
  });

  it("checks seed 000's exclusive-line rule: true at 1亿, false below, null where it does not apply", async () => {
    const rows = byProduct(await t.gqlOk(QUERY, { filter: { bankIds: [w.bank.id, yunnan.bankId] }, first: 10 }));
    expect(rows[p.exclusive].meetsExclusiveLineRule).toBe(true);
    expect(rows[p.exclusive].exclusiveLineRule).toBe(
      "Exclusive product line of seed 000 (晋城专属信贷产品: minimum tier SPECIALIZED_SME, serves 晋城): its reserved line of 10000万元 meets the required 1亿元 (预留规模不低于1亿元).",
    );
    expect(rows[p.short].meetsExclusiveLineRule).toBe(false);
    expect(rows[p.short].exclusiveLineRule).toContain("falls short of the required 1亿元 (预留规模不低于1亿元) by 5000万元");
    expect(rows[p.credit].meetsExclusiveLineRule).toBeNull();
    expect(rows[p.credit].exclusiveLineRule).toContain("its minimum tier is none, below SPECIALIZED_SME");
    expect(rows[p.renewal].meetsExclusiveLineRule).toBeNull();
    expect(rows[p.renewal].exclusiveLineRule).toContain("it is a renewal product (RENEWAL_WITHOUT_REPAYMENT)");
    expect(rows[yunnan.product].meetsExclusiveLineRule).toBeNull();
    expect(rows[yunnan.product].exclusiveLineRule).toContain("it does not serve 晋城 (140500); it serves 530000");

    const only = await t.gqlOk(QUERY, { filter: { bankIds: [w.bank.id, yunnan.bankId], exclusiveOnly: true }, first: 10 });
    expect(nodes(only).map((n: any) => n.product.id)).toEqual([p.exclusive, p.short]);
  });

  it("sums per bank (by name) and in total over every product of the report, not only the page", async () => {
    const data = await t.gqlOk(QUERY, { filter: { bankIds: [w.bank.id, yunnan.bankId] }, first: 1 });
    expect(nodes(data)).toHaveLength(1);
    expect(data.quotaUtilization.totalCount).toBe(5);
    const jincheng = {
      bank: { id: w.bank.id },
      productsCount: 4,
      exclusiveProductsCount: 2,
      exclusiveProductsBelowLine: 1,
      reservedQuota: "200000000.00", // 1亿 + 5000万 + 2000万 + 3000万
      committed: "6500000.00", // 350万 + 0 + 100万 + 200万
      approvedNotDisbursed: "1500000.00",
      disbursed: "8000000.00", // 500万 + 100万 + 200万
      outstanding: "5000000.00", // 200万 + 100万 + 200万
      loansCount: 4,
      utilizationBp: 325, // 650万 / 2亿
    };
    const yn = {
      bank: { id: yunnan.bankId },
      productsCount: 1,
      exclusiveProductsCount: 0,
      exclusiveProductsBelowLine: 0,
      reservedQuota: "30000000.00",
      committed: "0.00",
      approvedNotDisbursed: "0.00",
      disbursed: "0.00",
      outstanding: "0.00",
      loansCount: 0,
      utilizationBp: 0,
    };
    // Bank names: "额度测试云南银行…" sorts before "申请流程测试银行…" by code point.
    const names = [`额度测试云南银行${process.pid}`, "申请流程测试银行"];
    const expectedBanks = names[0]! < names[1]! ? [yn, jincheng] : [jincheng, yn];
    expect(data.quotaUtilization.byBank).toEqual(expectedBanks);
    expect(data.quotaUtilization.totals).toEqual({
      productsCount: 5,
      exclusiveProductsCount: 2,
      exclusiveProductsBelowLine: 1,
      reservedQuota: "230000000.00",
      committed: "6500000.00",
      approvedNotDisbursed: "1500000.00",
      disbursed: "8000000.00",
      outstanding: "5000000.00",
      loansCount: 4,
      utilizationBp: 282, // 650万 / 2.3亿 = 282.6
    });
  });

  it("pages in publication order with a keyset cursor", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await t.gqlOk(QUERY, { filter: { bankIds: [w.bank.id, yunnan.bankId] }, first: 2, after });
      seen.push(...nodes(data).map((n: any) => n.product.id));
      if (!data.quotaUtilization.pageInfo.hasNextPage) break;
      after = data.quotaUtilization.pageInfo.endCursor;
    }
    expect(seen).toEqual([p.exclusive, p.short, p.credit, p.renewal, yunnan.product]);
  });

  it("scopes like loanProducts for regulators (offered or serving in the region), a bank its own, an admin all; FIRM and GUARANTOR are refused", async () => {
    const ids = async (client: ApiClient, filter: Record<string, unknown> = {}) => {
      const res = await client.gql(LIGHT, { filter, first: 100 });
      if (res.errors?.length) return String(res.errors[0]!.extensions?.code);
      const mine = new Set([...Object.values(p), yunnan.product]);
      return nodes(res.data).map((n: any) => n.product.id as string).filter((id: string) => mine.has(id));
    };
    const shanxi = await t.as({ role: Role.REGULATOR, regionCode: "140000" });
    const gaoping = await t.as({ role: Role.BUREAU, regionCode: "140581" });
    const yn = await t.as({ role: Role.REGULATOR, regionCode: "530000" });
    expect(await ids(t)).toEqual([p.exclusive, p.short, p.credit, p.renewal, yunnan.product]);
    expect(await ids(shanxi)).toEqual([p.exclusive, p.short, p.credit, p.renewal]);
    // 高平市 (140581): the bank sits in 晋城 (140500, which contains it), so all its products concern it.
    expect(await ids(gaoping)).toEqual([p.exclusive, p.short, p.credit, p.renewal]);
    expect(await ids(yn)).toEqual([yunnan.product]);
    expect(await ids(yn, { regionCode: "140500" })).toBe("FORBIDDEN");
    expect(await ids(shanxi, { regionCode: "140581" })).toEqual([p.exclusive, p.short, p.credit, p.renewal]);
    expect(await ids(w.bank.client)).toEqual([p.exclusive, p.short, p.credit, p.renewal]);
    expect(await ids(yunnan.client)).toEqual([yunnan.product]);
    expect(await ids(yunnan.client, { bankIds: [w.bank.id] })).toBe("FORBIDDEN");
    expect(await ids(w.firm.client)).toBe("FORBIDDEN");
    expect(await ids(w.agency.client)).toBe("FORBIDDEN");
    expect(await ids(t.anonymous)).toBe("UNAUTHENTICATED");
    const bad = await t.gql(QUERY, { filter: { regionCode: "14050" } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "filter.regionCode" }] });
  });

  it("costs the same number of SQL statements for a page of 2 and of 4 products with their product, bank and per-bank sums", async () => {
    const statementsFor = async (first: number) => {
      t.statements.reset();
      const data = await t.gqlOk(QUERY, { filter: { bankIds: [w.bank.id, yunnan.bankId] }, first });
      return { count: t.statements.count, nodes: nodes(data).length };
    };
    const two = await statementsFor(2);
    const four = await statementsFor(4);
    expect([two.nodes, four.nodes]).toEqual([2, 4]);
    expect(four.count).toBe(two.count);
  });

  it("an archived product leaves the rule; the status filter picks it", async () => {
    const archived = (await createProduct(w, { minTier: "SPECIALIZED_SME", reservedQuota: "1000000" })).id;
    await w.bank.client.gqlOk(`mutation($input: ArchiveLoanProductInput!) { archiveLoanProduct(input: $input) { id } }`, { input: { id: archived } });
    const data = await t.gqlOk(QUERY, { filter: { bankIds: [w.bank.id], status: "ARCHIVED" }, first: 10 });
    expect(nodes(data).map((n: any) => [n.product.id, n.meetsExclusiveLineRule])).toEqual([[archived, null]]);
    expect(nodes(data)[0].exclusiveLineRule).toContain("it is ARCHIVED");
  });

  it("on the demo data: 晋城银行's exclusive 专精特新贷 reserves exactly 1亿 and meets the rule; its 无还本续贷 and 建行善新贷 are not exclusive lines", async () => {
    expect((await seedDemoData(t.ds, today)).created).toBe(true);
    const codes: Array<{ id: string; code: string }> = await t.ds.query(`SELECT id, code FROM loan_product WHERE code IN ('JCB-ZJTX-01', 'JCB-WHBXD-02', 'CCB-JC-SXD-01')`);
    const id = (code: string) => codes.find((c) => c.code === code)!.id;
    const jincheng = await t.as({ role: Role.REGULATOR, regionCode: "140500" });
    const data = await jincheng.gqlOk(LIGHT, { filter: { exclusiveOnly: true }, first: 100 });
    const demo = nodes(data).filter((n: any) => codes.some((c) => c.id === n.product.id));
    // The demo's 2300万 used includes earlier business the platform has no records of; its one demo loan is 500万.
    expect(demo).toEqual([
      expect.objectContaining({ product: { id: id("JCB-ZJTX-01") }, reservedQuota: "100000000.00", committed: "23000000.00", meetsExclusiveLineRule: true, utilizationBp: 2300 }),
    ]);
    const all = byProduct(await jincheng.gqlOk(LIGHT, { filter: { categories: ["RENEWAL_WITHOUT_REPAYMENT", "CREDIT_LOAN"] }, first: 100 }));
    expect(all[id("JCB-WHBXD-02")].meetsExclusiveLineRule).toBeNull();
    expect(all[id("CCB-JC-SXD-01")].meetsExclusiveLineRule).toBeNull();
  });
});
