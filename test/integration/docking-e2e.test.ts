import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { addDays, addMonths, toChinaDate } from "../../src/domain/dates";
import { DEMO_FIRMS, SEED_000, SEED_001, SEED_002, SEED_003, SEED_004 } from "../../src/seed/demo-data";
import { seedDemoData } from "../../src/seed/demo-seed";
import { OPS } from "../support/application-fixtures";
import { insertLoan } from "../support/loan-fixtures";
import { startTestApp, type ApiClient, type TestApp } from "../support/test-app";

/**
 * End to end, one docking (政银企对接) per seed document, each built from that document's own
 * financing mechanism on the demo data (docs/demo-data.md), through the real GraphQL endpoint with
 * the token of the party of each step: the FIRM submits a need and sees the ranked matches, applies;
 * the GUARANTOR decides the guarantee; the BANK reviews, approves at or below the published rate,
 * disburses and (for 无还本续贷 / 接力贷·年审贷) renews. After each docking the end state is read
 * back: need, application, loan with its certification, quota and guarantee counters, the audit
 * events of every mutation, and at the end the audit chain.
 */

const LOAN_FIELDS = `id applicationId principal outstanding annualRateBp guaranteeFeeBp disbursedOn maturesOn closedOn status
  tierAtDisbursement levelAtDisbursement renewsLoanId
  firm { id } institution { id } product { id } guaranteeAgency { id } certification { id tier level certificateNo }
  renewsLoan { id status } renewedBy { id status }`;
const DISBURSE = `mutation($input: DisburseLoanInput!) { disburseLoan(input: $input) { ${LOAN_FIELDS} } }`;
const RENEW = `mutation($input: RenewLoanInput!) { renewLoan(input: $input) { ${LOAN_FIELDS} } }`;
const LOAN = `query($id: ID!) { loan(id: $id) { ${LOAN_FIELDS} } }`;
const NEED = `query($id: ID!) { financingNeed(id: $id) { id status } }`;
const APPLICATION = `query($id: ID!) { application(id: $id) { id status approvedAmount approvedRateBp closedAt guaranteeDecision guaranteeFeeBp } }`;
const SUBMIT_NEED = `mutation($input: SubmitFinancingNeedInput!) { submitFinancingNeed(input: $input) { id status amount purpose renewalOfLoanId } }`;
const MATCHES = `query($needId: ID!, $all: Boolean!) {
  matchesForNeed(needId: $needId, first: 20, includeIneligible: $all) {
    eligible score matchDate quotaRemaining
    product { id name category greenChannel }
    guaranteeAgency { id name feeRateBp }
    cost { rateBp tierDiscountBp subsidyBp guaranteeFeeBp totalBp }
    reasons { code }
    components { name value }
  }
}`;
const AUDIT = `query($recordId: String!) {
  auditEvents(first: 100, filter: { recordId: $recordId }) { totalCount edges { node { operation recordType actorRole orgId } } }
}`;
const VERIFY = `query { verifyAuditTrail { ok eventsChecked firstBrokenLink { eventId } } }`;

interface Match {
  eligible: boolean;
  score: number;
  matchDate: string;
  quotaRemaining: string;
  product: { id: string; name: string; category: string; greenChannel: boolean };
  guaranteeAgency: { id: string; name: string; feeRateBp: number } | null;
  cost: { rateBp: number; tierDiscountBp: number; subsidyBp: number; guaranteeFeeBp: number; totalBp: number } | null;
  reasons: Array<{ code: string }>;
  components: Array<{ name: string; value: number }>;
}

/** Money in yuan with two decimals, from a number of 万元. */
const wanStr = (wan: number) => (wan * 10_000).toFixed(2);

describe("end-to-end dockings, one per seed document (000–004), on the demo data", () => {
  let t: TestApp;
  let today: string;
  let regulator: ApiClient;

  const firmId = async (key: string): Promise<string> => {
    const code = DEMO_FIRMS.find((f) => f.key === key)!.creditCode;
    return (await t.ds.query(`SELECT id FROM firm WHERE credit_code = $1`, [code]))[0].id as string;
  };
  const institutionId = async (shortName: string): Promise<string> =>
    (await t.ds.query(`SELECT id FROM financial_institution WHERE short_name = $1`, [shortName]))[0].id as string;
  const productId = async (code: string): Promise<string> => (await t.ds.query(`SELECT id FROM loan_product WHERE code = $1`, [code]))[0].id as string;
  const agencyId = async (name: string): Promise<string> => (await t.ds.query(`SELECT id FROM guarantee_agency WHERE name = $1`, [name]))[0].id as string;
  const agreementId = async (bank: string, agency: string): Promise<string> =>
    (await t.ds.query(`SELECT id FROM guarantee_agreement WHERE institution_id = $1 AND agency_id = $2`, [bank, agency]))[0].id as string;
  const needByMarker = async (marker: string): Promise<string> =>
    (await t.ds.query(`SELECT id FROM financing_need WHERE description LIKE $1`, [`${marker}%`]))[0].id as string;
  const loanByMarker = async (marker: string): Promise<string> =>
    (
      await t.ds.query(
        `SELECT l.id FROM loan l JOIN application a ON a.id = l.application_id JOIN financing_need n ON n.id = a.need_id WHERE n.description LIKE $1`,
        [`${marker}%`],
      )
    )[0].id as string;
  const usedQuota = async (id: string) => (await t.ds.query(`SELECT used_quota::text AS v FROM loan_product WHERE id = $1`, [id]))[0].v as string;
  const agencyUsed = async (id: string) => (await t.ds.query(`SELECT used_capacity::text AS v FROM guarantee_agency WHERE id = $1`, [id]))[0].v as string;
  const agreementUsed = async (id: string) => (await t.ds.query(`SELECT used_line::text AS v FROM guarantee_agreement WHERE id = $1`, [id]))[0].v as string;
  const plus = (v: string, wan: number) => (Number(v) + wan * 10_000).toFixed(2);

  const firmClient = (id: string) => t.as({ role: Role.FIRM, orgId: id });
  const bankClient = (id: string) => t.as({ role: Role.BANK, orgId: id });
  const guarantorClient = (id: string) => t.as({ role: Role.GUARANTOR, orgId: id });

  /**
   * The audit events of one record, "operation/recordType/actorRole" in chain order, as the regulator
   * of the docking's province reads them (region attribution included), and the same as the ADMIN's.
   */
  let auditReader: ApiClient;
  async function auditOf(recordId: string): Promise<string[]> {
    const data = await auditReader.gqlOk(AUDIT, { recordId });
    expect((await t.gqlOk(AUDIT, { recordId })).auditEvents).toEqual(data.auditEvents);
    const nodes = data.auditEvents.edges.map((e: { node: { operation: string; recordType: string; actorRole: string } }) => e.node);
    expect(data.auditEvents.totalCount).toBe(nodes.length);
    return nodes.map((n: { operation: string; recordType: string; actorRole: string }) => `${n.operation}/${n.recordType}/${n.actorRole}`);
  }

  /** The firm submits a need with an idempotency key; a retry with the key answers the same need. */
  async function submitNeed(firm: ApiClient, input: Record<string, unknown>): Promise<string> {
    const idempotencyKey = randomUUID();
    const first = (await firm.gqlOk(SUBMIT_NEED, { input: { ...input, idempotencyKey } })).submitFinancingNeed;
    expect(first.status).toBe("OPEN");
    const retry = (await firm.gqlOk(SUBMIT_NEED, { input: { ...input, idempotencyKey } })).submitFinancingNeed;
    expect(retry.id).toBe(first.id);
    return first.id as string;
  }

  async function matches(firm: ApiClient, needId: string, all = false): Promise<Match[]> {
    return (await firm.gqlOk(MATCHES, { needId, all })).matchesForNeed as Match[];
  }

  interface Docking {
    firm: ApiClient;
    bank: ApiClient;
    needId: string;
    productId: string;
    amount: string;
    rateBp: number;
    termMonths: number;
    guarantee?: { agencyId: string; client: ApiClient; feeBp: number };
  }

  /** apply (FIRM) → decideGuarantee (GUARANTOR) → startReview + approve (BANK) → disburse (BANK); each step's result asserted. */
  async function dock(d: Docking): Promise<{ applicationId: string; loan: any }> {
    const applied = (
      await d.firm.gqlOk(OPS.apply, {
        input: { needId: d.needId, productId: d.productId, idempotencyKey: randomUUID(), ...(d.guarantee ? { guaranteeAgencyId: d.guarantee.agencyId } : {}) },
      })
    ).applyForProduct;
    expect(applied).toMatchObject({
      status: "SUBMITTED",
      need: { id: d.needId },
      product: { id: d.productId },
      guaranteeAgency: d.guarantee ? { id: d.guarantee.agencyId } : null,
      guaranteeDecision: d.guarantee ? "REQUESTED" : null,
    });
    const applicationId = applied.id as string;
    if (d.guarantee) {
      const decided = (await d.guarantee.client.gqlOk(OPS.decide, { input: { id: applicationId, accept: true, feeBp: d.guarantee.feeBp } })).decideGuarantee;
      expect(decided).toMatchObject({ status: "SUBMITTED", guaranteeDecision: "ACCEPTED", guaranteeFeeBp: d.guarantee.feeBp });
    }
    expect((await d.bank.gqlOk(OPS.startReview, { input: { id: applicationId } })).startReview.status).toBe("UNDER_REVIEW");
    const approved = (
      await d.bank.gqlOk(OPS.approve, {
        input: { id: applicationId, amount: d.amount, annualRateBp: d.rateBp, termMonths: d.termMonths, idempotencyKey: randomUUID() },
      })
    ).approveApplication;
    expect(approved).toMatchObject({
      status: "APPROVED",
      approvedAmount: d.amount,
      approvedRateBp: d.rateBp,
      approvedTermMonths: d.termMonths,
      need: { id: d.needId, status: "MATCHED" },
    });
    const loan = (await d.bank.gqlOk(DISBURSE, { input: { applicationId, disbursedOn: today, idempotencyKey: randomUUID() } })).disburseLoan;
    return { applicationId, loan };
  }

  /** Need FINANCED, application DISBURSED, loan PERFORMING with the certification in force today. */
  async function expectFinanced(needId: string, applicationId: string, loanId: string): Promise<void> {
    expect((await t.gqlOk(NEED, { id: needId })).financingNeed.status).toBe("FINANCED");
    const app = (await t.gqlOk(APPLICATION, { id: applicationId })).application;
    expect(app.status).toBe("DISBURSED");
    expect(app.closedAt).not.toBeNull();
    expect((await t.gqlOk(LOAN, { id: loanId })).loan.status).toBe("PERFORMING");
  }

  beforeAll(async () => {
    t = await startTestApp();
    today = toChinaDate(new Date());
    const seeded = await seedDemoData(t.ds, today);
    expect(seeded.created).toBe(true);
    regulator = await t.as({ role: Role.REGULATOR, regionCode: "140500" });
  });
  const readAuditAs = (regionCode: string) => async () => {
    auditReader = await t.as({ role: Role.REGULATOR, regionCode });
  };
  afterAll(async () => {
    await t?.close();
  });

  describe(`${SEED_000} 晋城: exclusive 专精特新贷 with a reserved 1亿 line and green channel; 无还本续贷`, () => {
    beforeAll(readAuditAs("140000"));
    it(`${SEED_000}: a 国家级小巨人 asking 800万 for working capital sees 晋城银行专精特新贷 ahead of general credit loans and is financed through it`, async () => {
      const xinrui = await firmId("jc-xinrui");
      const firm = await firmClient(xinrui);
      const jcb = await institutionId("晋城银行");
      const bank = await bankClient(jcb);
      const srdi = await productId("JCB-ZJTX-01");
      const ccbCredit = await productId("CCB-JC-SXD-01");
      // A general 信用贷 of 工行晋城分行 large enough for 800万, published through the API as that bank
      // (the demo's general credit loan, 建行善新贷, stops at 500万).
      const icbc = await institutionId("工行晋城分行");
      const icbcCredit = (
        await (await bankClient(icbc)).gqlOk(OPS.product, {
          input: {
            institutionId: icbc, code: "ICBC-JC-XYD-E2E", name: "工行晋城经营信用贷", category: "CREDIT_LOAN", servedRegionCodes: ["140500"],
            minAmount: "100000", maxAmount: "10000000", minTermMonths: 6, maxTermMonths: 12, purposes: ["WORKING_CAPITAL"], acceptedCollateral: ["NONE"],
            pricingType: "FIXED", fixedRateBp: 345, approvalDays: 7, reservedQuota: "50000000", validFrom: addDays(today, -30),
          },
        })
      ).createLoanProduct.id as string;

      const needId = await submitNeed(firm, {
        firmId: xinrui, amount: "8000000", termMonths: 12, purpose: "WORKING_CAPITAL", neededBy: addDays(today, 14),
        collateralOffered: ["REAL_ESTATE", "EQUIPMENT"], acceptsGuarantee: false, maxAnnualRateBp: 400, description: "〔E2E-000〕新增订单备料",
      });

      const list = await matches(firm, needId, true);
      const ids = list.map((m) => m.product.id);
      const exclusive = list[0]!;
      // LPR 1Y 300 + 45 = 345 bp, less the 小巨人 discount of 20 bp; green channel; 1亿 reserved, 2300万 used.
      expect(exclusive).toMatchObject({
        eligible: true,
        product: { id: srdi, category: "SRDI_LOAN", greenChannel: true },
        guaranteeAgency: null,
        cost: { rateBp: 345, tierDiscountBp: 20, subsidyBp: 0, guaranteeFeeBp: 0, totalBp: 325 },
        quotaRemaining: wanStr(10000 - 2300),
        reasons: [],
      });
      const general = list.find((m) => m.product.id === icbcCredit)!;
      expect(general).toMatchObject({ eligible: true, cost: { rateBp: 345, tierDiscountBp: 0, subsidyBp: 0, guaranteeFeeBp: 0, totalBp: 345 } });
      expect(ids.indexOf(srdi)).toBeLessThan(ids.indexOf(icbcCredit));
      expect(exclusive.score).toBeGreaterThan(general.score);
      // 建行善新贷 (up to 500万) is listed after the eligible ones, with the reason.
      const ccb = list.find((m) => m.product.id === ccbCredit)!;
      expect(ccb).toMatchObject({ eligible: false, score: 0, reasons: [{ code: "AMOUNT_ABOVE_MAX" }] });
      expect(ids.indexOf(ccbCredit)).toBeGreaterThan(ids.indexOf(icbcCredit));

      const quota0 = await usedQuota(srdi);
      // Approved at the rate the firm was shown: 325 bp, below the published 345.
      const { applicationId, loan } = await dock({ firm, bank, needId, productId: srdi, amount: "8000000.00", rateBp: 325, termMonths: 12 });
      expect(loan).toMatchObject({
        applicationId,
        principal: "8000000.00",
        outstanding: "8000000.00",
        annualRateBp: 325,
        disbursedOn: today,
        maturesOn: addMonths(today, 12),
        status: "PERFORMING",
        firm: { id: xinrui },
        institution: { id: jcb },
        product: { id: srdi },
        guaranteeAgency: null,
        tierAtDisbursement: "LITTLE_GIANT",
        levelAtDisbursement: "NATIONAL",
        certification: { tier: "LITTLE_GIANT", level: "NATIONAL", certificateNo: "MIIT-XJR-B5-1405-031" },
      });
      await expectFinanced(needId, applicationId, loan.id);
      expect(await usedQuota(srdi)).toBe(plus(quota0, 800));

      expect(await auditOf(needId)).toEqual(["submitFinancingNeed/FinancingNeed/FIRM", "approveApplication/FinancingNeed/BANK", "disburseLoan/FinancingNeed/BANK"]);
      expect(await auditOf(applicationId)).toEqual([
        "applyForProduct/Application/FIRM",
        "startReview/Application/BANK",
        "approveApplication/Application/BANK",
        "disburseLoan/Application/BANK",
      ]);
      expect(await auditOf(loan.id)).toEqual(["disburseLoan/Loan/BANK"]);
      expect(await auditOf(srdi)).toEqual(["approveApplication/LoanProduct/BANK"]);
    });

    it(`${SEED_000}: 无还本续贷 — 晋蓝's demo loan maturing in 20 days is renewed by 晋城银行 inside the 60-day window, without repaying principal`, async () => {
      const jinlan = await firmId("jc-jinlan");
      const firm = await firmClient(jinlan);
      const jcb = await institutionId("晋城银行");
      const bank = await bankClient(jcb);
      const srdi = await productId("JCB-ZJTX-01");
      const renewal = await productId("JCB-WHBXD-02");
      const oldLoanId = await loanByMarker("〔演示L01〕");
      const renewalNeed = await needByMarker("〔演示N02〕");
      const old = (await t.gqlOk(LOAN, { id: oldLoanId })).loan;
      expect(old).toMatchObject({ status: "PERFORMING", outstanding: "5000000.00", maturesOn: addDays(today, 20), product: { id: srdi } });

      // The firm's renewal need (demo) lists 晋城银行无还本续贷: LPR 300 + 40, less 15 for a 小巨人.
      const list = await matches(firm, renewalNeed);
      expect(list.map((m) => m.product.id)).toEqual([renewal]);
      expect(list[0]).toMatchObject({ eligible: true, product: { category: "RENEWAL_WITHOUT_REPAYMENT" }, cost: { rateBp: 340, tierDiscountBp: 15, subsidyBp: 0, guaranteeFeeBp: 0, totalBp: 325 } });

      const [srdi0, renewal0] = [await usedQuota(srdi), await usedQuota(renewal)];
      const renewed = (
        await bank.gqlOk(RENEW, {
          input: { loanId: oldLoanId, productId: renewal, amount: "5000000.00", annualRateBp: 325, termMonths: 12, renewedOn: today, idempotencyKey: randomUUID() },
        })
      ).renewLoan;
      expect(renewed).toMatchObject({
        applicationId: null,
        principal: "5000000.00",
        outstanding: "5000000.00",
        annualRateBp: 325,
        disbursedOn: today,
        maturesOn: addMonths(today, 12),
        status: "PERFORMING",
        renewsLoanId: oldLoanId,
        renewsLoan: { id: oldLoanId, status: "RENEWED" },
        product: { id: renewal },
        firm: { id: jinlan },
        tierAtDisbursement: "LITTLE_GIANT",
        levelAtDisbursement: "PROVINCIAL",
        certification: { certificateNo: "SXXJR-B3-0062" },
      });
      expect((await firm.gqlOk(LOAN, { id: oldLoanId })).loan).toMatchObject({
        status: "RENEWED",
        outstanding: "0.00",
        closedOn: today,
        renewedBy: { id: renewed.id, status: "PERFORMING" },
      });
      // The balance moved from the 专精特新贷's quota to the renewal product's.
      expect([await usedQuota(srdi), await usedQuota(renewal)]).toEqual([plus(srdi0, -500), plus(renewal0, 500)]);
      expect(await auditOf(renewed.id)).toEqual(["renewLoan/Loan/BANK"]);
      expect(await auditOf(oldLoanId)).toEqual(["renewLoan/Loan/BANK"]);
      expect((await auditOf(srdi)).slice(-1)).toEqual(["renewLoan/LoanProduct/BANK"]);
      expect(await auditOf(renewal)).toEqual(["renewLoan/LoanProduct/BANK"]);
    });
  });

  describe(`${SEED_001} 南昌东湖: 应收账款 financing through the district's 政府性融资担保 with the guarantee-fee subsidy`, () => {
    beforeAll(readAuditAs("360000"));
    it(`${SEED_001}: a 专精特新 supplier finances government-procurement receivables, guaranteed by 东湖担保, the subsidy cancelling the fee`, async () => {
      const ruikang = await firmId("dh-ruikang");
      const firm = await firmClient(ruikang);
      const jxb = await institutionId("江西银行东湖支行");
      const bank = await bankClient(jxb);
      const plainReceivables = await productId("JXB-DH-YSZK-01");
      const dh = await agencyId("南昌市东湖区融资担保有限公司");
      const dhAgreement = await agreementId(jxb, dh);
      // 江西银行's customised receivables product with the district guarantee (001: 银行和担保机构定制产品).
      const guaranteed = (
        await bank.gqlOk(OPS.product, {
          input: {
            institutionId: jxb, code: "JXB-DH-YSZK-DB-E2E", name: "江西银行应收账款融资（东湖担保）", category: "RECEIVABLES_FINANCING",
            servedRegionCodes: ["360102"], minTier: "INNOVATIVE_SME", minAmount: "200000", maxAmount: "5000000", minTermMonths: 3, maxTermMonths: 12,
            purposes: ["SUPPLY_CHAIN", "WORKING_CAPITAL"], acceptedCollateral: ["RECEIVABLES"], pricingType: "LPR_SPREAD", lprTenor: "ONE_YEAR", spreadBp: 35,
            requiresGuarantee: true, greenChannel: true, approvalDays: 3, reservedQuota: "20000000", validFrom: addDays(today, -30),
            tierDiscounts: [{ tier: "SPECIALIZED_SME", discountBp: 10 }],
          },
        })
      ).createLoanProduct.id as string;

      const needId = await submitNeed(firm, {
        firmId: ruikang, amount: "3000000", termMonths: 6, purpose: "SUPPLY_CHAIN", neededBy: addDays(today, 10),
        collateralOffered: ["RECEIVABLES"], acceptsGuarantee: true, maxAnnualRateBp: 380, description: "〔E2E-001〕省属医院政府采购应收账款",
      });
      const list = await matches(firm, needId);
      const g = list.find((m) => m.product.id === guaranteed)!;
      // 335 − 10 (专精特新) + (50 bp agreed with 江西银行 − 50 bp 东湖 subsidy, 12 months over a 6-month loan) = 325.
      expect(g).toMatchObject({
        eligible: true,
        guaranteeAgency: { id: dh, feeRateBp: 50 },
        cost: { rateBp: 335, tierDiscountBp: 10, subsidyBp: 0, guaranteeFeeBp: 0, totalBp: 325 },
      });
      // The same bank's receivables product without a guarantee costs the same: the subsidy removes the guarantee's price.
      expect(list.find((m) => m.product.id === plainReceivables)).toMatchObject({ eligible: true, cost: { totalBp: 325, guaranteeFeeBp: 0 } });
      expect(list.every((m) => m.product.category === "RECEIVABLES_FINANCING")).toBe(true);

      const [quota0, agency0, line0] = [await usedQuota(guaranteed), await agencyUsed(dh), await agreementUsed(dhAgreement)];
      const guarantor = await guarantorClient(dh);
      // The product requires the guarantee: applying without naming the agency is refused, writing nothing.
      const unguaranteed = await firm.gql(OPS.apply, { input: { needId, productId: guaranteed, idempotencyKey: randomUUID() } });
      expect(unguaranteed.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [expect.objectContaining({ rule: "guarantee.required" })] });
      const { applicationId, loan } = await dock({
        firm, bank, needId, productId: guaranteed, amount: "3000000.00", rateBp: 325, termMonths: 6,
        guarantee: { agencyId: dh, client: guarantor, feeBp: 50 },
      });
      expect(loan).toMatchObject({
        principal: "3000000.00",
        annualRateBp: 325,
        maturesOn: addMonths(today, 6),
        guaranteeAgency: { id: dh },
        guaranteeFeeBp: 50,
        status: "PERFORMING",
        certification: { tier: "SPECIALIZED_SME", level: "PROVINCIAL", certificateNo: "JXZJTX-B6-0211" },
      });
      expect((await t.ds.query(`SELECT guarantee_agreement_id FROM loan WHERE id = $1`, [loan.id]))[0].guarantee_agreement_id).toBe(dhAgreement);
      // The guarantor reads the loan it guarantees.
      expect((await guarantor.gqlOk(LOAN, { id: loan.id })).loan).toMatchObject({ id: loan.id, guaranteeAgency: { id: dh } });
      await expectFinanced(needId, applicationId, loan.id);
      expect([await usedQuota(guaranteed), await agencyUsed(dh), await agreementUsed(dhAgreement)]).toEqual([plus(quota0, 300), plus(agency0, 300), plus(line0, 300)]);

      expect(await auditOf(applicationId)).toEqual([
        "applyForProduct/Application/FIRM",
        "decideGuarantee/Application/GUARANTOR",
        "startReview/Application/BANK",
        "approveApplication/Application/BANK",
        "disburseLoan/Application/BANK",
      ]);
      expect(await auditOf(needId)).toEqual(["submitFinancingNeed/FinancingNeed/FIRM", "approveApplication/FinancingNeed/BANK", "disburseLoan/FinancingNeed/BANK"]);
      expect(await auditOf(loan.id)).toEqual(["disburseLoan/Loan/BANK"]);
      expect(await auditOf(guaranteed)).toEqual(["createLoanProduct/LoanProduct/BANK", "approveApplication/LoanProduct/BANK"]);
      expect(await auditOf(dh)).toEqual(["approveApplication/GuaranteeAgency/BANK"]);
      expect(await auditOf(dhAgreement)).toEqual(["approveApplication/GuaranteeAgreement/BANK"]);
    });
  });

  describe(`${SEED_002} 浙江: 政府性担保 in "总对总" batch cooperation with lower guarantee fees`, () => {
    beforeAll(readAuditAs("330000"));
    it(`${SEED_002}: a 省级创新型 firm borrows from 农行's 总对总 担保贷; the agreed 50 bp fee (not the agency's 75) makes it cheaper than credit loans`, async () => {
      const weina = await firmId("zj-weina");
      const firm = await firmClient(weina);
      const abc = await institutionId("农行浙江省分行");
      const bank = await bankClient(abc);
      const zdz = await productId("ABC-ZJ-ZDZ-01");
      const tlCredit = await productId("ZJTL-XYD-01");
      const tlRevolving = await productId("ZJTL-SJSH-02");
      const zj = await agencyId("浙江省融资担保有限公司");
      const zjAgreement = await agreementId(abc, zj);

      const needId = await submitNeed(firm, {
        firmId: weina, amount: "3000000", termMonths: 12, purpose: "WORKING_CAPITAL", neededBy: addDays(today, 15),
        collateralOffered: [], acceptsGuarantee: true, maxAnnualRateBp: 480, description: "〔E2E-002〕纳米涂层材料订单周转",
      });
      const list = await matches(firm, needId);
      const batch = list.find((m) => m.product.id === zdz)!;
      // LPR 300 + 20 = 320 bp, plus the 总对总 agreed fee of 50 bp: 370 (395 at the agency's published 75 bp).
      expect(batch).toMatchObject({
        eligible: true,
        guaranteeAgency: { id: zj, feeRateBp: 75 },
        cost: { rateBp: 320, tierDiscountBp: 0, subsidyBp: 0, guaranteeFeeBp: 50, totalBp: 370 },
      });
      expect(list.find((m) => m.product.id === tlCredit)!.cost!.totalBp).toBe(420);
      expect(list.find((m) => m.product.id === tlRevolving)!.cost!.totalBp).toBe(380);
      const ids = list.map((m) => m.product.id);
      expect(ids.indexOf(zdz)).toBeLessThan(ids.indexOf(tlCredit));

      const guarantor = await guarantorClient(zj);
      const [quota0, agency0, line0] = [await usedQuota(zdz), await agencyUsed(zj), await agreementUsed(zjAgreement)];
      const applied = (await firm.gqlOk(OPS.apply, { input: { needId, productId: zdz, guaranteeAgencyId: zj, idempotencyKey: randomUUID() } })).applyForProduct;
      // 51 bp is above the agreement's 50 although below the agency's published 75.
      const tooDear = await guarantor.gql(OPS.decide, { input: { id: applied.id, accept: true, feeBp: 51 } });
      expect(tooDear.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [expect.objectContaining({ field: "input.feeBp", rule: "guarantee.feeAboveAgreement" })] });
      expect((await t.ds.query(`SELECT guarantee_agreement_id FROM application WHERE id = $1`, [applied.id]))[0].guarantee_agreement_id).toBe(zjAgreement);
      // Continue this application: the guarantor accepts at the agreed fee, the bank approves at the published 320.
      expect((await guarantor.gqlOk(OPS.decide, { input: { id: applied.id, accept: true, feeBp: 50 } })).decideGuarantee.guaranteeDecision).toBe("ACCEPTED");
      await bank.gqlOk(OPS.startReview, { input: { id: applied.id } });
      const above = await bank.gql(OPS.approve, { input: { id: applied.id, amount: "3000000", annualRateBp: 321, termMonths: 12, idempotencyKey: randomUUID() } });
      expect(above.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input.annualRateBp", rule: "approval.abovePublishedRate" })]);
      await bank.gqlOk(OPS.approve, { input: { id: applied.id, amount: "3000000", annualRateBp: 320, termMonths: 12, idempotencyKey: randomUUID() } });
      const loan = (await bank.gqlOk(DISBURSE, { input: { applicationId: applied.id, disbursedOn: today, idempotencyKey: randomUUID() } })).disburseLoan;
      expect(loan).toMatchObject({
        principal: "3000000.00",
        annualRateBp: 320,
        guaranteeAgency: { id: zj },
        guaranteeFeeBp: 50,
        tierAtDisbursement: "INNOVATIVE_SME",
        levelAtDisbursement: "PROVINCIAL",
        certification: { certificateNo: "ZJCXX-B3-2871" },
      });
      await expectFinanced(needId, applied.id, loan.id);
      expect((await t.ds.query(`SELECT guarantee_agreement_id FROM loan WHERE id = $1`, [loan.id]))[0].guarantee_agreement_id).toBe(zjAgreement);
      expect((await guarantor.gqlOk(LOAN, { id: loan.id })).loan.status).toBe("PERFORMING");
      expect([await usedQuota(zdz), await agencyUsed(zj), await agreementUsed(zjAgreement)]).toEqual([plus(quota0, 300), plus(agency0, 300), plus(line0, 300)]);

      // The refused fee and rate wrote nothing.
      expect(await auditOf(applied.id)).toEqual([
        "applyForProduct/Application/FIRM",
        "decideGuarantee/Application/GUARANTOR",
        "startReview/Application/BANK",
        "approveApplication/Application/BANK",
        "disburseLoan/Application/BANK",
      ]);
      expect(await auditOf(needId)).toEqual(["submitFinancingNeed/FinancingNeed/FIRM", "approveApplication/FinancingNeed/BANK", "disburseLoan/FinancingNeed/BANK"]);
      expect(await auditOf(loan.id)).toEqual(["disburseLoan/Loan/BANK"]);
      expect(await auditOf(zdz)).toEqual(["approveApplication/LoanProduct/BANK"]);
      expect(await auditOf(zj)).toEqual(["approveApplication/GuaranteeAgency/BANK"]);
      expect(await auditOf(zjAgreement)).toEqual(["approveApplication/GuaranteeAgreement/BANK"]);
    });
  });

  describe(`${SEED_003} 云南: provincial 贴息 and the 结对银行`, () => {
    beforeAll(readAuditAs("530000"));
    it(`${SEED_003}: a 专精特新 firm borrows from its 结对银行 富滇银行; the 50 bp 贴息 lowers its cost`, async () => {
      const dianzhong = await firmId("yn-dianzhong");
      const firm = await firmClient(dianzhong);
      const fdb = await institutionId("富滇银行");
      const bank = await bankClient(fdb);
      const credit = await productId("FDB-XYD-01");
      expect((await firm.gqlOk(`query($id: ID!) { firm(id: $id) { pairedBank { id } } }`, { id: dianzhong })).firm.pairedBank).toEqual({ id: fdb });

      const needId = await submitNeed(firm, {
        firmId: dianzhong, amount: "2000000", termMonths: 12, purpose: "WORKING_CAPITAL", neededBy: addDays(today, 12),
        collateralOffered: [], acceptsGuarantee: false, maxAnnualRateBp: 300, description: "〔E2E-003〕中药材收购周转",
      });
      const list = await matches(firm, needId);
      // Only the 贴息 brings it under the firm's 300 bp ceiling: LPR 300 + 50 − 15 (专精特新) − 50 (贴息, 12 of 12 months) = 285.
      expect(list.map((m) => m.product.id)).toEqual([credit]);
      expect(list[0]).toMatchObject({ eligible: true, cost: { rateBp: 350, tierDiscountBp: 15, subsidyBp: 50, guaranteeFeeBp: 0, totalBp: 285 } });
      expect(list[0]!.components.find((c) => c.name === "RELATIONSHIP")!.value).toBe(1);

      const quota0 = await usedQuota(credit);
      // The bank charges 335 (published 350 less the tier discount); the province pays the 50 bp 贴息.
      const { applicationId, loan } = await dock({ firm, bank, needId, productId: credit, amount: "2000000.00", rateBp: 335, termMonths: 12 });
      expect(loan).toMatchObject({
        principal: "2000000.00",
        annualRateBp: 335,
        institution: { id: fdb },
        guaranteeAgency: null,
        certification: { tier: "SPECIALIZED_SME", level: "PROVINCIAL", certificateNo: "YNZJTX-B5-0126" },
      });
      await expectFinanced(needId, applicationId, loan.id);
      expect(await usedQuota(credit)).toBe(plus(quota0, 200));
      expect(await auditOf(applicationId)).toEqual([
        "applyForProduct/Application/FIRM",
        "startReview/Application/BANK",
        "approveApplication/Application/BANK",
        "disburseLoan/Application/BANK",
      ]);
      expect(await auditOf(needId)).toEqual(["submitFinancingNeed/FinancingNeed/FIRM", "approveApplication/FinancingNeed/BANK", "disburseLoan/FinancingNeed/BANK"]);
      expect(await auditOf(loan.id)).toEqual(["disburseLoan/Loan/BANK"]);
      expect(await auditOf(credit)).toEqual(["approveApplication/LoanProduct/BANK"]);
    });
  });

  describe(`${SEED_004} 郑州: 专精特新贷 with preferential rates, and the 接力贷/年审贷 renewal`, () => {
    beforeAll(readAuditAs("410000"));
    it(`${SEED_004}: a 省级专精特新 firm's working-capital need is financed by 郑州银行专精特新贷, the cheapest match`, async () => {
      const zhigan = await firmId("zz-zhigan");
      const firm = await firmClient(zhigan);
      const zzb = await institutionId("郑州银行");
      const bank = await bankClient(zzb);
      const srdi = await productId("ZZB-ZJTXD-01");
      const needId = await submitNeed(firm, {
        firmId: zhigan, amount: "5000000", termMonths: 12, purpose: "WORKING_CAPITAL", neededBy: addDays(today, 20),
        collateralOffered: ["EQUIPMENT"], acceptsGuarantee: false, maxAnnualRateBp: 400, description: "〔E2E-004〕传感器订单周转",
      });
      const list = await matches(firm, needId);
      // LPR 300 + 40 = 340, less the 专精特新 优惠利率 of 10.
      expect(list[0]).toMatchObject({ eligible: true, product: { id: srdi, category: "SRDI_LOAN" }, cost: { rateBp: 340, tierDiscountBp: 10, subsidyBp: 0, guaranteeFeeBp: 0, totalBp: 330 } });
      for (const m of list.slice(1)) expect(m.cost!.totalBp).toBeGreaterThan(330);

      const quota0 = await usedQuota(srdi);
      const { applicationId, loan } = await dock({ firm, bank, needId, productId: srdi, amount: "5000000.00", rateBp: 330, termMonths: 12 });
      expect(loan).toMatchObject({
        principal: "5000000.00",
        annualRateBp: 330,
        maturesOn: addMonths(today, 12),
        certification: { tier: "SPECIALIZED_SME", level: "PROVINCIAL", certificateNo: "HNZJTX-B6-1027" },
      });
      await expectFinanced(needId, applicationId, loan.id);
      expect(await usedQuota(srdi)).toBe(plus(quota0, 500));
      expect(await auditOf(applicationId)).toEqual([
        "applyForProduct/Application/FIRM",
        "startReview/Application/BANK",
        "approveApplication/Application/BANK",
        "disburseLoan/Application/BANK",
      ]);
      expect(await auditOf(needId)).toEqual(["submitFinancingNeed/FinancingNeed/FIRM", "approveApplication/FinancingNeed/BANK", "disburseLoan/FinancingNeed/BANK"]);
      expect(await auditOf(loan.id)).toEqual(["disburseLoan/Loan/BANK"]);
      expect(await auditOf(srdi)).toEqual(["approveApplication/LoanProduct/BANK"]);
    });

    it(`${SEED_004}: 年审贷 — the firm's 中原银行 loan maturing in 30 days, with funds still needed, is renewed with 中原银行接力贷（年审贷） inside its 45-day window`, async () => {
      const zhigan = await firmId("zz-zhigan");
      const firm = await firmClient(zhigan);
      const zyb = await institutionId("中原银行郑州分行");
      const bank = await bankClient(zyb);
      const relay = await productId("ZYB-ZZ-JLD-02");
      // Last year's 年审贷 of 400万, maturing in 30 days (the calendar needs a loan from 11 months ago: inserted, quota committed).
      const oldLoanId = await insertLoan(t, {
        firmId: zhigan, institutionId: zyb, productId: relay, principal: "4000000.00", disbursedOn: addDays(today, -335), maturesOn: addDays(today, 30),
      });
      const quota0 = await usedQuota(relay);

      // The firm names the loan in a RENEWAL need; its matches list the 接力贷 (LPR 300 + 50; no discount below 小巨人).
      const needId = await submitNeed(firm, {
        firmId: zhigan, amount: "4000000", termMonths: 12, purpose: "RENEWAL", neededBy: addDays(today, 30), renewalOfLoanId: oldLoanId,
        acceptsGuarantee: false, description: "〔E2E-004R〕贷款到期仍有资金需求",
      });
      const list = await matches(firm, needId);
      expect(list.map((m) => m.product.id)).toEqual([relay]);
      expect(list[0]).toMatchObject({ eligible: true, product: { category: "RELAY_LOAN" }, cost: { rateBp: 350, tierDiscountBp: 0, subsidyBp: 0, guaranteeFeeBp: 0, totalBp: 350 } });

      const renewed = (
        await bank.gqlOk(RENEW, {
          input: { loanId: oldLoanId, productId: relay, amount: "4000000.00", annualRateBp: 350, termMonths: 12, renewedOn: today, idempotencyKey: randomUUID() },
        })
      ).renewLoan;
      expect(renewed).toMatchObject({
        principal: "4000000.00",
        outstanding: "4000000.00",
        annualRateBp: 350,
        disbursedOn: today,
        maturesOn: addMonths(today, 12),
        status: "PERFORMING",
        renewsLoanId: oldLoanId,
        renewsLoan: { id: oldLoanId, status: "RENEWED" },
        institution: { id: zyb },
        product: { id: relay },
        certification: { tier: "SPECIALIZED_SME", level: "PROVINCIAL", certificateNo: "HNZJTX-B6-1027" },
      });
      expect((await firm.gqlOk(LOAN, { id: oldLoanId })).loan).toMatchObject({ status: "RENEWED", outstanding: "0.00", closedOn: today, renewedBy: { id: renewed.id } });
      // Renewed on the same product: the release and the commitment net to nothing.
      expect(await usedQuota(relay)).toBe(quota0);
      expect(await auditOf(renewed.id)).toEqual(["renewLoan/Loan/BANK"]);
      expect(await auditOf(oldLoanId)).toEqual(["renewLoan/Loan/BANK"]);
      // The renewal finances the need that asked for it.
      expect((await t.ds.query(`SELECT status FROM financing_need WHERE id = $1`, [needId]))[0].status).toBe("FINANCED");
      expect(await auditOf(needId)).toEqual(["submitFinancingNeed/FinancingNeed/FIRM", "renewLoan/FinancingNeed/BANK"]);
    });
  });

  describe("after the five dockings", () => {
    it("keeps the audit trail intact (verifyAuditTrail as REGULATOR)", async () => {
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM audit_event`);
      const v = (await regulator.gqlOk(VERIFY)).verifyAuditTrail;
      expect(v).toEqual({ ok: true, eventsChecked: n, firstBrokenLink: null });
      expect(n).toBeGreaterThan(40);
    });
  });
});
