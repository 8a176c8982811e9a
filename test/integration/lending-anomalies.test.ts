import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { addDays, addMonths, toChinaDate } from "../../src/domain/dates";
import {
  OPS,
  applicationUnderReview,
  approveInput,
  buildDockingWorld,
  createProduct,
  submitNeed,
  type DockingWorld,
} from "../support/application-fixtures";
import { startTestApp, type ApiClient, type TestApp } from "../support/test-app";

/**
 * lendingAnomalies (docs/reporting.md, "Anomalies"). Every world is arranged through the API as
 * the party of each step (need → apply → guarantee → approve → disburse → renew) and then, where
 * the API would refuse it, broken with one direct SQL statement, as an import, a retroactive
 * correction or a bug would. Each rule's test arranges exactly that anomaly and expects that rule
 * and no other; the expected figures are written out from the inputs, not recomputed by the scan.
 * Each world has its own bank, so its anomalies are read with the filter `bankIds: [its bank]`.
 */

const ANOMALIES = `query($filter: LendingFilterInput, $rules: [AnomalyRule!], $first: Int, $after: String) {
  lendingAnomalies(filter: $filter, rules: $rules, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node {
      id rule reasons day message
      records { type id }
      auditEvents { id operation recordType recordId actorRole }
      loan { id } application { id } product { id }
    } }
  }
}`;
const DISBURSE = `mutation($input: DisburseLoanInput!) { disburseLoan(input: $input) { id principal } }`;
const RENEW = `mutation($input: RenewLoanInput!) { renewLoan(input: $input) { id principal renewsLoanId } }`;
const REPAY = `mutation($input: RecordRepaymentInput!) { recordRepayment(input: $input) { id outstanding status } }`;
const REVOKE = `mutation($input: RevokeCertificationInput!) { revokeCertification(input: $input) { id status } }`;
const UPDATE_PRODUCT = `mutation($input: UpdateLoanProductInput!) { updateLoanProduct(input: $input) { id version fixedRateBp } }`;

interface Anomaly {
  id: string;
  rule: string;
  reasons: string[];
  day: string;
  message: string;
  records: Array<{ type: string; id: string }>;
  auditEvents: Array<{ id: string; operation: string; recordType: string; recordId: string; actorRole: string }>;
  loan: { id: string } | null;
  application: { id: string } | null;
  product: { id: string };
}

interface World extends DockingWorld {
  certificationId: string;
  /** A 专精特新 working-capital product: fixed 380 bp, 50万–1000万, 6–36 months, min tier SPECIALIZED_SME. */
  productId: string;
  /** The same, requiring a government guarantee. */
  guaranteedProductId: string;
}

describe("lendingAnomalies", () => {
  let t: TestApp;
  let today: string;

  async function world(productOverrides: Record<string, unknown> = {}): Promise<World> {
    const w = await buildDockingWorld(t);
    const [{ id: certificationId }] = await t.ds.query(`SELECT id FROM certification WHERE firm_id = $1`, [w.firm.id]);
    const productId = (await createProduct(w, { minTier: "SPECIALIZED_SME", ...productOverrides })).id;
    const guaranteedProductId = (await createProduct(w, { minTier: "SPECIALIZED_SME", requiresGuarantee: true })).id;
    return { ...w, certificationId, productId, guaranteedProductId };
  }

  /** need → apply (→ guarantee) → review → approve → disburse today, through the API. */
  async function dock(
    w: World,
    opts: { productId?: string; amount?: string; termMonths?: number; rateBp?: number; feeBp?: number } = {},
  ): Promise<{ needId: string; applicationId: string; loanId: string }> {
    const amount = opts.amount ?? "3000000";
    const termMonths = opts.termMonths ?? 12;
    const needId = await submitNeed(w, { amount, termMonths });
    const productId = opts.productId ?? (opts.feeBp !== undefined ? w.guaranteedProductId : w.productId);
    const applicationId = await applicationUnderReview(w, needId, productId, opts.feeBp !== undefined ? { guaranteeAgencyId: w.agency.id } : {});
    if (opts.feeBp !== undefined) await w.agency.client.gqlOk(OPS.decide, { input: { id: applicationId, accept: true, feeBp: opts.feeBp } });
    await w.bank.client.gqlOk(OPS.approve, { input: approveInput(applicationId, amount, { termMonths, annualRateBp: opts.rateBp ?? 380 }) });
    const loan = (await w.bank.client.gqlOk(DISBURSE, { input: { applicationId, disbursedOn: today, idempotencyKey: randomUUID() } })).disburseLoan;
    return { needId, applicationId, loanId: loan.id };
  }

  /** Every anomaly the client reads for the world's bank (all pages). */
  async function anomaliesOf(client: ApiClient, w: { bank: { id: string } }, filter: Record<string, unknown> = {}): Promise<Anomaly[]> {
    const out: Anomaly[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await client.gqlOk(ANOMALIES, { filter: { bankIds: [w.bank.id], ...filter }, first: 10, after });
      out.push(...data.lendingAnomalies.edges.map((e: { node: Anomaly }) => e.node));
      if (!data.lendingAnomalies.pageInfo.hasNextPage) return out;
      after = data.lendingAnomalies.pageInfo.endCursor;
    }
  }

  /** "operation/recordType" of an anomaly's audit events, in chain order. */
  const events = (a: Anomaly) => a.auditEvents.map((e) => `${e.operation}/${e.recordType}`);

  beforeAll(async () => {
    t = await startTestApp();
    today = toChinaDate(new Date());
    // LPR 1Y in force since 2026-01-20 (the LPR-priced product below); an older fixing before it.
    for (const [effectiveOn, rateBp] of [["2025-05-20", 310], ["2026-01-20", 300]] as const) {
      await t.gqlOk(`mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id } }`, { input: { tenor: "ONE_YEAR", effectiveOn, rateBp } });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it("finds nothing in a realistic, clean docking: guaranteed and unguaranteed loans, a repayment, a renewal, an approval awaiting disbursement, and a product repriced afterwards", async () => {
    const w = await world();
    const lprProduct = (await createProduct(w, { minTier: "SPECIALIZED_SME", pricingType: "LPR_SPREAD", fixedRateBp: null, lprTenor: "ONE_YEAR", spreadBp: 45 })).id;
    const renewalProduct = (
      await createProduct(w, { category: "RENEWAL_WITHOUT_REPAYMENT", purposes: ["RENEWAL"], fixedRateBp: 360, renewalWindowDays: 200, minTier: "SPECIALIZED_SME" })
    ).id;
    // A guaranteed loan at the agreed fee, a plain one at the published rate, one at LPR 300 + 45.
    const guaranteed = await dock(w, { amount: "3000000", feeBp: 60 });
    const plain = await dock(w, { amount: "2000000", termMonths: 6 });
    const priced = await dock(w, { productId: lprProduct, amount: "1000000", rateBp: 345 });
    // Part of the guaranteed loan is repaid; the 6-month loan is renewed inside the 200-day window.
    await w.bank.client.gqlOk(REPAY, { input: { loanId: guaranteed.loanId, amount: "500000", paidOn: today } });
    const renewal = (
      await w.bank.client.gqlOk(RENEW, {
        input: { loanId: plain.loanId, productId: renewalProduct, amount: "2000000.00", annualRateBp: 350, termMonths: 12, renewedOn: today, idempotencyKey: randomUUID() },
      })
    ).renewLoan;
    expect(renewal.renewsLoanId).toBe(plain.loanId);
    // An approval not yet disbursed.
    const pendingNeed = await submitNeed(w, { amount: "1500000", termMonths: 12 });
    const pending = await applicationUnderReview(w, pendingNeed, w.productId);
    await w.bank.client.gqlOk(OPS.approve, { input: approveInput(pending, "1500000") });
    // The bank cuts its fixed rate afterwards: loans approved at the old price stay within it.
    const current = (await t.gqlOk(`query($id: ID!) { loanProduct(id: $id) { version } }`, { id: w.productId })).loanProduct;
    await w.bank.client.gqlOk(UPDATE_PRODUCT, { input: { id: w.productId, version: current.version, fixedRateBp: 300 } });

    expect(priced.loanId).toBeDefined();
    expect(await anomaliesOf(t, w)).toEqual([]);
    expect(await anomaliesOf(w.bank.client, w)).toEqual([]);
    const data = await t.gqlOk(ANOMALIES, { filter: { bankIds: [w.bank.id] }, first: 10 });
    expect(data.lendingAnomalies).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  describe("one rule each", () => {
    it("CERTIFICATION_NOT_IN_FORCE: the certification recorded on the loan is revoked with effect from the disbursement day (a retroactive revocation through the API)", async () => {
      // A product without a minimum tier, so that the approval's eligibility stays intact.
      const w = await world({ minTier: null });
      const { loanId, applicationId } = await dock(w);
      await t.gqlOk(REVOKE, { input: { id: w.certificationId, revokedOn: today, reason: "复核未通过" } });

      const [a, ...rest] = await anomaliesOf(t, w);
      expect(rest).toEqual([]);
      expect(a).toMatchObject({
        id: `CERTIFICATION_NOT_IN_FORCE:${loanId}`,
        rule: "CERTIFICATION_NOT_IN_FORCE",
        reasons: ["RECORDED_CERTIFICATION_REVOKED"],
        day: today,
        records: [
          { type: "LOAN", id: loanId },
          { type: "CERTIFICATION", id: w.certificationId },
        ],
        loan: { id: loanId },
        application: { id: applicationId },
        product: { id: w.productId },
      });
      expect(a!.message).toMatch(new RegExp(`^Loan disbursed on ${today} records certificate CERT-\\S+ \\(PROVINCIAL SPECIALIZED_SME, valid 2024-01-01 to 2030-12-31\\) as in force \\(放款时认定\\), but it was revoked \\(撤销\\) on ${today}`));
      expect(events(a!)).toEqual(["recordCertification/Certification", "disburseLoan/Loan", "revokeCertification/Certification"]);
    });

    it("CERTIFICATION_NOT_IN_FORCE: a loan recording no certification under a product requiring one, while the firm's had expired (an import)", async () => {
      const w = await world();
      const { loanId } = await dock(w);
      // Approved ten days ago, when the certificate was in force; it expired yesterday; the loan was
      // imported today without the certification.
      await t.ds.query(`UPDATE application SET approved_at = now() - interval '10 days' WHERE id = (SELECT application_id FROM loan WHERE id = $1)`, [loanId]);
      await t.ds.query(`UPDATE certification SET expires_on = $2 WHERE id = $1`, [w.certificationId, addDays(today, -1)]);
      await t.ds.query(`UPDATE loan SET certification_id = NULL, tier_at_disbursement = NULL, level_at_disbursement = NULL WHERE id = $1`, [loanId]);

      const [a, ...rest] = await anomaliesOf(t, w);
      expect(rest).toEqual([]);
      expect(a).toMatchObject({
        rule: "CERTIFICATION_NOT_IN_FORCE",
        reasons: ["NO_CERTIFICATION_IN_FORCE"],
        day: today,
        records: [
          { type: "LOAN", id: loanId },
          { type: "PRODUCT", id: w.productId },
          { type: "CERTIFICATION", id: w.certificationId },
        ],
      });
      expect(a!.message).toMatch(
        new RegExp(`^Loan disbursed on ${today} under a product requiring SPECIALIZED_SME while the firm held no certification in force .*had expired \\(已过期\\) after ${addDays(today, -1)}\\.$`),
      );
      expect(events(a!)).toEqual(["recordCertification/Certification", "createLoanProduct/LoanProduct", "disburseLoan/Loan"]);
    });

    it("RATE_ABOVE_PUBLISHED: a fixed-rate loan and an LPR-priced loan carry rates above the product's published price of the approval day", async () => {
      const w = await world();
      const lprProduct = (await createProduct(w, { minTier: "SPECIALIZED_SME", pricingType: "LPR_SPREAD", fixedRateBp: null, lprTenor: "ONE_YEAR", spreadBp: 45 })).id;
      const fixed = await dock(w, { rateBp: 380 });
      const lpr = await dock(w, { productId: lprProduct, rateBp: 345 });
      await t.ds.query(`UPDATE loan SET annual_rate_bp = 450 WHERE id = $1`, [fixed.loanId]);
      await t.ds.query(`UPDATE loan SET annual_rate_bp = 400 WHERE id = $1`, [lpr.loanId]);

      const found = await anomaliesOf(t, w);
      expect(found.map((a) => [a.rule, a.loan?.id])).toEqual(
        // Same rule and day: ordered by loan id.
        [fixed.loanId, lpr.loanId].sort().map((id) => ["RATE_ABOVE_PUBLISHED", id]),
      );
      const byLoan = (id: string) => found.find((a) => a.loan?.id === id)!;
      expect(byLoan(fixed.loanId)).toMatchObject({
        reasons: ["ABOVE_PUBLISHED_RATE"],
        message: `Rate 450 bp exceeds the product's published 380 bp (挂牌利率, fixed) on ${today}, the approval day, by 70 bp.`,
        records: [
          { type: "LOAN", id: fixed.loanId },
          { type: "PRODUCT", id: w.productId },
        ],
      });
      expect(byLoan(lpr.loanId).message).toBe(
        `Rate 400 bp exceeds the product's published 345 bp (挂牌利率, LPR 1Y 300 in force since 2026-01-20 + 45) on ${today}, the approval day, by 55 bp.`,
      );
      // The product's creation, not its quota moves; the loan's disbursement.
      expect(events(byLoan(fixed.loanId))).toEqual(["createLoanProduct/LoanProduct", "disburseLoan/Loan"]);
    });

    it("GUARANTEE_FEE_ABOVE_CAP: fees above the agreement only, and above the agency, the agreement and the 100 bp policy cap", async () => {
      const w = await world();
      const low = await dock(w, { amount: "3000000", feeBp: 60 });
      const high = await dock(w, { amount: "3000000", feeBp: 60 });
      await t.ds.query(`UPDATE loan SET guarantee_fee_bp = 70 WHERE id = $1`, [low.loanId]);
      await t.ds.query(`UPDATE loan SET guarantee_fee_bp = 120 WHERE id = $1`, [high.loanId]);

      const found = await anomaliesOf(t, w);
      expect(found.map((a) => a.rule)).toEqual(["GUARANTEE_FEE_ABOVE_CAP", "GUARANTEE_FEE_ABOVE_CAP"]);
      const byLoan = (id: string) => found.find((a) => a.loan?.id === id)!;
      expect(byLoan(low.loanId)).toMatchObject({
        reasons: ["FEE_ABOVE_AGREEMENT"],
        message: "Guarantee fee 70 bp (担保费率) exceeds the 总对总 agreement's agreed 60 bp.",
      });
      expect(byLoan(high.loanId)).toMatchObject({
        reasons: ["FEE_ABOVE_AGENCY", "FEE_ABOVE_AGREEMENT", "FEE_ABOVE_POLICY_CAP"],
        message:
          "Guarantee fee 120 bp (担保费率) exceeds the agency's published 80 bp, the 总对总 agreement's agreed 60 bp and the policy cap of 100 bp for a guarantee of 300万元 (国办发〔2019〕6号: 1% up to 500万元, 1.5% above).",
        records: [
          { type: "LOAN", id: high.loanId },
          { type: "GUARANTEE_AGENCY", id: w.agency.id },
          { type: "GUARANTEE_AGREEMENT", id: w.agreementId },
        ],
      });
      expect(events(byLoan(high.loanId))).toEqual(["createGuaranteeAgency/GuaranteeAgency", "createGuaranteeAgreement/GuaranteeAgreement", "disburseLoan/Loan"]);
    });

    it("QUOTA_EXCEEDED: a loan imported past the quota ledger takes the product's commitments above its reserved line", async () => {
      const w = await world({ reservedQuota: "10000000" });
      await dock(w, { amount: "8000000" });
      const [{ id: imported }] = await t.ds.query(
        `INSERT INTO loan (firm_id, institution_id, product_id, principal, outstanding, annual_rate_bp, disbursed_on, matures_on, status)
         VALUES ($1, $2, $3, 5000000, 5000000, 380, $4, $5, 'PERFORMING') RETURNING id`,
        [w.firm.id, w.bank.id, w.productId, today, addMonths(today, 12)],
      );

      const [a, ...rest] = await anomaliesOf(t, w);
      expect(rest).toEqual([]);
      // 800万 (through the ledger) + 500万 (imported) = 1300万 > 1000万; the ledger shows 800万.
      expect(a).toMatchObject({
        id: `QUOTA_EXCEEDED:${imported}`,
        rule: "QUOTA_EXCEEDED",
        reasons: ["COMMITMENTS_ABOVE_RESERVE"],
        day: today,
        message:
          "With this loan's balance of 500万元 the product's commitments reach 1300万元, above its reserved line (预留授信额度) of 1000万元 by 300万元; all its commitments now total 1300万元, its quota ledger (已用额度) reads 800万元.",
        records: [
          { type: "PRODUCT", id: w.productId },
          { type: "LOAN", id: imported },
        ],
        loan: { id: imported },
        application: null,
      });
      // The imported loan has no audit trail: only the product's creation is shown.
      expect(events(a!)).toEqual(["createLoanProduct/LoanProduct"]);
    });

    it("QUOTA_EXCEEDED: an approval not yet disbursed after the reserve was cut below the commitments outside the ledger", async () => {
      const w = await world({ reservedQuota: "10000000" });
      const first = await dock(w, { amount: "6000000" });
      const needId = await submitNeed(w, { amount: "3000000" });
      const pending = await applicationUnderReview(w, needId, w.productId);
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(pending, "3000000") });
      // A direct correction sets the reserve to 800万 (and the ledger to match it, as the CHECK wants).
      await t.ds.query(`UPDATE loan_product SET reserved_quota = 8000000, used_quota = 8000000 WHERE id = $1`, [w.productId]);

      const [a, ...rest] = await anomaliesOf(t, w);
      expect(rest).toEqual([]);
      expect(a).toMatchObject({
        rule: "QUOTA_EXCEEDED",
        records: [
          { type: "PRODUCT", id: w.productId },
          { type: "APPLICATION", id: pending },
        ],
        loan: null,
        application: { id: pending },
        message:
          "With this approval of 300万元, not yet disbursed the product's commitments reach 900万元, above its reserved line (预留授信额度) of 800万元 by 100万元; all its commitments now total 900万元, its quota ledger (已用额度) reads 800万元.",
      });
      expect(first.loanId).toBeDefined();
      expect(events(a!)).toEqual(["createLoanProduct/LoanProduct", "applyForProduct/Application", "startReview/Application", "approveApplication/Application"]);
    });

    it("RENEWAL_WITHOUT_PERFORMING_PREDECESSOR: a renewal whose predecessor turns out OVERDUE, and an imported renewal naming none", async () => {
      const w = await world();
      const renewalProduct = (
        await createProduct(w, { category: "RENEWAL_WITHOUT_REPAYMENT", purposes: ["RENEWAL"], fixedRateBp: 360, renewalWindowDays: 200 })
      ).id;
      const old = await dock(w, { amount: "2000000", termMonths: 6 });
      const renewal = (
        await w.bank.client.gqlOk(RENEW, {
          input: { loanId: old.loanId, productId: renewalProduct, amount: "2000000.00", annualRateBp: 350, termMonths: 12, renewedOn: today, idempotencyKey: randomUUID() },
        })
      ).renewLoan;
      await t.ds.query(`UPDATE loan SET status = 'OVERDUE', closed_on = NULL WHERE id = $1`, [old.loanId]);
      const [{ id: orphan }] = await t.ds.query(
        `INSERT INTO loan (firm_id, institution_id, product_id, principal, outstanding, annual_rate_bp, disbursed_on, matures_on, status)
         VALUES ($1, $2, $3, 1000000, 1000000, 350, $4, $5, 'PERFORMING') RETURNING id`,
        [w.firm.id, w.bank.id, renewalProduct, today, addMonths(today, 12)],
      );

      const found = await anomaliesOf(t, w);
      expect(found.map((a) => [a.rule, a.loan?.id])).toEqual([renewal.id, orphan].sort().map((id) => ["RENEWAL_WITHOUT_PERFORMING_PREDECESSOR", id]));
      const byLoan = (id: string) => found.find((a) => a.loan?.id === id)!;
      expect(byLoan(renewal.id)).toMatchObject({
        reasons: ["PREDECESSOR_OVERDUE"],
        message: `Renewal (续贷) disbursed on ${today} renews loan ${old.loanId}, which is OVERDUE (逾期): the predecessor was not performing at the renewal.`,
        records: [
          { type: "LOAN", id: renewal.id },
          { type: "LOAN", id: old.loanId },
        ],
        application: null,
      });
      expect(events(byLoan(renewal.id))).toEqual(["disburseLoan/Loan", "renewLoan/Loan", "renewLoan/Loan"]);
      expect(byLoan(orphan)).toMatchObject({
        reasons: ["NO_PREDECESSOR"],
        message: `Renewal (续贷) disbursed on ${today} names no loan it renews: a renewal must take over a performing loan.`,
        records: [{ type: "LOAN", id: orphan }],
        auditEvents: [],
      });
    });

    it("APPROVAL_OUTSIDE_ELIGIBILITY: approved after the firm's certification was revoked (the API does not re-check the tier at approval)", async () => {
      const w = await world();
      // Applied while certified; revoked today; then approved: the API lets it through.
      const needId = await submitNeed(w, { amount: "2000000" });
      const applicationId = await applicationUnderReview(w, needId, w.productId);
      await t.gqlOk(REVOKE, { input: { id: w.certificationId, revokedOn: today, reason: "复核未通过" } });
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(applicationId, "2000000") });

      const [a, ...rest] = await anomaliesOf(t, w);
      expect(rest).toEqual([]);
      expect(a).toMatchObject({
        id: `APPROVAL_OUTSIDE_ELIGIBILITY:${applicationId}`,
        rule: "APPROVAL_OUTSIDE_ELIGIBILITY",
        reasons: ["TIER_TOO_LOW"],
        day: today,
        message: `Approved on ${today} outside the product's eligibility (准入条件): the product requires SPECIALIZED_SME, the firm held no certification in force.`,
        records: [
          { type: "APPLICATION", id: applicationId },
          { type: "PRODUCT", id: w.productId },
          { type: "FIRM", id: w.firm.id },
          { type: "CERTIFICATION", id: w.certificationId },
        ],
        loan: null,
        application: { id: applicationId },
      });
      expect(events(a!)).toEqual([
        "registerFirm/Firm",
        "recordCertification/Certification",
        "createLoanProduct/LoanProduct",
        "applyForProduct/Application",
        "startReview/Application",
        "revokeCertification/Certification",
        "approveApplication/Application",
      ]);
    });

    it("APPROVAL_OUTSIDE_ELIGIBILITY alone: only the approved amount falls outside the product's range", async () => {
      const w = await world();
      const { applicationId, loanId } = await dock(w, { amount: "3000000" });
      await t.ds.query(`UPDATE application SET approved_amount = 12000000 WHERE id = $1`, [applicationId]);
      const [a, ...rest] = await anomaliesOf(t, w);
      expect(rest).toEqual([]);
      expect(a).toMatchObject({
        rule: "APPROVAL_OUTSIDE_ELIGIBILITY",
        reasons: ["AMOUNT_OUT_OF_RANGE"],
        message: `Approved on ${today} outside the product's eligibility (准入条件): amount 1200万元 outside 50万元–1000万元.`,
        records: [
          { type: "APPLICATION", id: applicationId },
          { type: "PRODUCT", id: w.productId },
          { type: "FIRM", id: w.firm.id },
          { type: "LOAN", id: loanId },
        ],
        loan: { id: loanId },
        application: { id: applicationId },
      });
    });
  });

  describe("scope, filter, order and paging", () => {
    // One world with eight anomalies: six rates above the published price on three disbursement
    // days, one guarantee fee above every bound, one approval above the product's maximum amount.
    let w: World;
    let rateLoans: Array<{ id: string; day: string }>;
    let feeLoan: string;
    let approval: string;
    let expectedOrder: string[];

    beforeAll(async () => {
      w = await world();
      rateLoans = [];
      for (let i = 0; i < 6; i++) {
        const { loanId } = await dock(w, { amount: "1000000" });
        const day = addDays(today, -(i % 3));
        await t.ds.query(`UPDATE loan SET annual_rate_bp = 400, disbursed_on = $2 WHERE id = $1`, [loanId, day]);
        rateLoans.push({ id: loanId, day });
      }
      feeLoan = (await dock(w, { amount: "1000000", feeBp: 60 })).loanId;
      await t.ds.query(`UPDATE loan SET guarantee_fee_bp = 120 WHERE id = $1`, [feeLoan]);
      const needId = await submitNeed(w, { amount: "2000000" });
      approval = await applicationUnderReview(w, needId, w.productId);
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(approval, "2000000") });
      await t.ds.query(`UPDATE application SET approved_amount = 20000000 WHERE id = $1`, [approval]);
      // Rule, then day, then id.
      const rates = [...rateLoans].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id < b.id ? -1 : 1));
      expectedOrder = [...rates.map((l) => `RATE_ABOVE_PUBLISHED:${l.id}`), `GUARANTEE_FEE_ABOVE_CAP:${feeLoan}`, `APPROVAL_OUTSIDE_ELIGIBILITY:${approval}`];
    });

    it("orders by rule, day and id, and pages with a keyset cursor whatever the page size", async () => {
      expect((await anomaliesOf(t, w)).map((a) => a.id)).toEqual(expectedOrder);
      const LIST = `query($filter: LendingFilterInput, $first: Int, $after: String) {
        lendingAnomalies(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id day } } } }`;
      const seen: string[] = [];
      const pages: Array<{ size: number; total: number; previous: boolean }> = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await t.gqlOk(LIST, { filter: { bankIds: [w.bank.id] }, first: 3, after })).lendingAnomalies;
        seen.push(...page.edges.map((e: any) => e.node.id));
        pages.push({ size: page.edges.length, total: page.totalCount, previous: page.pageInfo.hasPreviousPage });
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expectedOrder);
      expect(pages).toEqual([
        { size: 3, total: 8, previous: false },
        { size: 3, total: 8, previous: true },
        { size: 2, total: 8, previous: true },
      ]);
      const bad = await t.gql(LIST, { first: 3, after: "not-a-cursor" });
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "after", rule: "cursor.format" }] });
      const tooBig = await t.gql(LIST, { first: 101 });
      expect(tooBig.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "first" }] });
    });

    it("filters by disbursement (or approval) day, tier, category and rule", async () => {
      const ids = async (filter: Record<string, unknown>, rules?: string[]) => {
        const data = await t.gqlOk(`query($filter: LendingFilterInput, $rules: [AnomalyRule!]) { lendingAnomalies(filter: $filter, rules: $rules, first: 50) { totalCount edges { node { id } } } }`, {
          filter: { bankIds: [w.bank.id], ...filter },
          rules,
        });
        expect(data.lendingAnomalies.totalCount).toBe(data.lendingAnomalies.edges.length);
        return data.lendingAnomalies.edges.map((e: any) => e.node.id as string);
      };
      const yesterday = addDays(today, -1);
      expect(await ids({ from: yesterday, to: yesterday })).toEqual(expectedOrder.filter((id) => rateLoans.some((l) => l.day === yesterday && id.endsWith(l.id))));
      expect(await ids({ from: today })).toEqual(expectedOrder.filter((id) => !rateLoans.some((l) => l.day < today && id.endsWith(l.id))));
      expect(await ids({ tiers: ["SPECIALIZED_SME"], levels: ["PROVINCIAL"] })).toEqual(expectedOrder);
      expect(await ids({ tiers: ["LITTLE_GIANT"] })).toEqual([]);
      expect(await ids({ categories: ["CREDIT_LOAN"] })).toEqual([]);
      expect(await ids({ categories: ["SRDI_LOAN"] })).toEqual(expectedOrder);
      expect(await ids({}, ["GUARANTEE_FEE_ABOVE_CAP", "APPROVAL_OUTSIDE_ELIGIBILITY"])).toEqual(expectedOrder.slice(6));
      expect(await ids({ regionCode: "140502" })).toEqual(expectedOrder);
      expect(await ids({ regionCode: "140581" })).toEqual([]);
    });

    it("scopes like a report: a regulator its region's firms, a bank its own lending, an admin all; FIRM and GUARANTOR are refused", async () => {
      const ids = async (client: ApiClient, filter: Record<string, unknown> = {}) => {
        const res = await client.gql(`query($filter: LendingFilterInput) { lendingAnomalies(filter: $filter, first: 50) { totalCount edges { node { id } } } }`, { filter });
        if (res.errors?.length) return String(res.errors[0]!.extensions?.code);
        return (res.data as any).lendingAnomalies.edges.map((e: any) => e.node.id as string).filter((id: string) => expectedOrder.includes(id));
      };
      const shanxi = await t.as({ role: Role.REGULATOR, regionCode: "140000" });
      const jincheng = await t.as({ role: Role.BUREAU, regionCode: "140500" });
      const yunnan = await t.as({ role: Role.REGULATOR, regionCode: "530000" });
      const otherBank = await buildDockingWorld(t);
      expect(await ids(shanxi, { bankIds: [w.bank.id] })).toEqual(expectedOrder);
      expect(await ids(jincheng, { bankIds: [w.bank.id] })).toEqual(expectedOrder);
      expect(await ids(yunnan)).toEqual([]);
      expect(await ids(yunnan, { regionCode: "140500" })).toBe("FORBIDDEN");
      expect(await ids(w.bank.client)).toEqual(expectedOrder);
      expect(await ids(otherBank.bank.client)).toEqual([]);
      expect(await ids(otherBank.bank.client, { bankIds: [w.bank.id] })).toBe("FORBIDDEN");
      expect(await ids(w.firm.client)).toBe("FORBIDDEN");
      expect(await ids(w.agency.client)).toBe("FORBIDDEN");
      expect(await ids(t.anonymous)).toBe("UNAUTHENTICATED");
    });

    it("shows a bank only the audit events its own users caused, a regulator those of its region", async () => {
      const find = async (client: ApiClient, id: string) => (await anomaliesOf(client, w)).find((a) => a.id === id)!;
      const approvalId = `APPROVAL_OUTSIDE_ELIGIBILITY:${approval}`;
      // Records: the application, the product, the firm (no certificate: the tier is not what failed).
      expect(events(await find(t, approvalId))).toEqual([
        "registerFirm/Firm",
        "createLoanProduct/LoanProduct",
        "applyForProduct/Application",
        "startReview/Application",
        "approveApplication/Application",
      ]);
      expect(events(await find(await t.as({ role: Role.REGULATOR, regionCode: "140000" }), approvalId))).toEqual(events(await find(t, approvalId)));
      // The bank's own steps only: not the firm's registration and application, not the bureau's certification.
      const asBank = await find(w.bank.client, approvalId);
      expect(events(asBank)).toEqual(["createLoanProduct/LoanProduct", "startReview/Application", "approveApplication/Application"]);
      expect(asBank.auditEvents.every((e) => e.actorRole === "BANK")).toBe(true);
    });

    it("costs the same number of SQL statements for a page of 2 and of 6 anomalies with their records, audit events, loans, applications and products", async () => {
      const statementsFor = async (first: number) => {
        t.statements.reset();
        const data = await t.gqlOk(ANOMALIES, { filter: { bankIds: [w.bank.id] }, first });
        return { count: t.statements.count, nodes: data.lendingAnomalies.edges.length };
      };
      const two = await statementsFor(2);
      const six = await statementsFor(6);
      expect([two.nodes, six.nodes]).toEqual([2, 6]);
      expect(six.count).toBe(two.count);
    });
  });
});
