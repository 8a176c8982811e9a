import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { addDays, addMonths, toChinaDate } from "../../src/domain/dates";
import {
  applicationUnderReview,
  apply,
  approveInput,
  buildDockingWorld,
  createProduct,
  OPS,
  outcome,
  submitNeed,
  type DockingWorld,
  type Party,
} from "../support/application-fixtures";
import { createInstitution, recordCertification, registerFirm } from "../support/fixtures";
import { startTestApp, type GraphQLResponse, type TestApp } from "../support/test-app";

const LOAN_FIELDS = `id applicationId principal outstanding annualRateBp guaranteeFeeBp collateral disbursedOn maturesOn closedOn status
  tierAtDisbursement levelAtDisbursement renewsLoanId
  firm { id } institution { id } product { id } guaranteeAgency { id } certification { id tier level }
  renewsLoan { id status } renewedBy { id status }`;
const DISBURSE = `mutation($input: DisburseLoanInput!) { disburseLoan(input: $input) { ${LOAN_FIELDS} } }`;
const REPAY = `mutation($input: RecordRepaymentInput!) { recordRepayment(input: $input) { ${LOAN_FIELDS} } }`;
const RENEW = `mutation($input: RenewLoanInput!) { renewLoan(input: $input) { ${LOAN_FIELDS} } }`;
const LOAN = `query($id: ID!) { loan(id: $id) { ${LOAN_FIELDS} } }`;
const APPLICATION = `query($id: ID!) { application(id: $id) { id status closedAt } }`;
const NEED = `query($id: ID!) { financingNeed(id: $id) { id status } }`;

describe("loans over GraphQL: disbursement, repayment, renewal", () => {
  let t: TestApp;
  let w: DockingWorld;
  let today: string;
  let product: string; // 专精特新贷 of w.bank, 1–36 months
  let guaranteedProduct: string;
  let renewal60: string; // 无还本续贷, 60-day window
  let renewal10: string; // 无还本续贷, 10-day window
  let otherBank: Party;
  let otherRenewal: string; // 无还本续贷 of otherBank

  const loanCount = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM loan`))[0].n as number;
  const usedQuota = async (productId: string) => (await t.ds.query(`SELECT used_quota::text AS v FROM loan_product WHERE id = $1`, [productId]))[0].v as string;
  const agencyUsed = async (id: string) => (await t.ds.query(`SELECT used_capacity::text AS v FROM guarantee_agency WHERE id = $1`, [id]))[0].v as string;
  const agreementUsed = async (id: string) => (await t.ds.query(`SELECT used_line::text AS v FROM guarantee_agreement WHERE id = $1`, [id]))[0].v as string;
  const auditOf = async (operation: string, recordIds: string[]) =>
    (
      (await t.ds.query(
        `SELECT record_type, record_id::text AS record_id, before IS NULL AS created, actor_role, org_id::text AS org_id
           FROM audit_event WHERE operation = $1 AND record_id::text = ANY($2) ORDER BY id`,
        [operation, recordIds],
      )) as Array<{ record_type: string; record_id: string; created: boolean; actor_role: string; org_id: string }>
    ).map((r) => `${r.record_type}:${r.record_id}:${r.created ? "created" : "changed"}:${r.actor_role}`);
  const codeOf = (res: GraphQLResponse) => outcome(res);

  /** An APPROVED application of the world's firm (or `firm`), through the applications API. */
  async function approved(
    opts: { amount?: string; termMonths?: number; productId?: string; firm?: Party; guaranteed?: boolean } = {},
  ): Promise<{ applicationId: string; needId: string }> {
    const amount = opts.amount ?? "3000000";
    const world = opts.firm ? { ...w, firm: opts.firm } : w;
    const needId = await submitNeed(world, { amount, termMonths: opts.termMonths ?? 12 });
    const productId = opts.productId ?? (opts.guaranteed ? guaranteedProduct : product);
    const applicationId = await applicationUnderReview(world, needId, productId, opts.guaranteed ? { guaranteeAgencyId: w.agency.id } : {});
    if (opts.guaranteed) await w.agency.client.gqlOk(OPS.decide, { input: { id: applicationId, accept: true, feeBp: 60 } });
    await w.bank.client.gqlOk(OPS.approve, { input: approveInput(applicationId, amount, { termMonths: opts.termMonths ?? 12 }) });
    return { applicationId, needId };
  }

  async function disburse(applicationId: string, disbursedOn = today, key = randomUUID()) {
    return (await w.bank.client.gqlOk(DISBURSE, { input: { applicationId, disbursedOn, idempotencyKey: key } })).disburseLoan;
  }

  /** A PERFORMING 1-month loan of 300万 disbursed today: it matures in about 30 days, inside a 60-day renewal window. */
  async function shortLoan(opts: { guaranteed?: boolean; firm?: Party } = {}) {
    const { applicationId } = await approved({ termMonths: 1, ...opts });
    return disburse(applicationId);
  }

  beforeAll(async () => {
    t = await startTestApp();
    today = toChinaDate(new Date());
    w = await buildDockingWorld(t);
    product = (await createProduct(w, { minTermMonths: 1 })).id;
    guaranteedProduct = (await createProduct(w, { minTermMonths: 1, requiresGuarantee: true })).id;
    const renewalInput = { category: "RENEWAL_WITHOUT_REPAYMENT", purposes: ["RENEWAL"], minTermMonths: 1, fixedRateBp: 360 };
    renewal60 = (await createProduct(w, { ...renewalInput, renewalWindowDays: 60 })).id;
    renewal10 = (await createProduct(w, { ...renewalInput, renewalWindowDays: 10 })).id;
    const otherBankId = await createInstitution(t, `续贷测试他行${process.pid}`, "140500");
    otherBank = { id: otherBankId, client: await t.as({ role: Role.BANK, orgId: otherBankId }) };
    otherRenewal = (await createProduct({ ...w, bank: otherBank }, { ...renewalInput, renewalWindowDays: 60 })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("disburseLoan", () => {
    it("creates the loan with the approved terms and the certification held that day; the application is DISBURSED, the need FINANCED, the quota stays committed", async () => {
      const { applicationId, needId } = await approved({ amount: "3000000", termMonths: 12 });
      const quotaBefore = await usedQuota(product);
      const loan = await disburse(applicationId);
      expect(loan).toMatchObject({
        applicationId,
        principal: "3000000.00",
        outstanding: "3000000.00",
        annualRateBp: 380,
        guaranteeFeeBp: null,
        collateral: [],
        disbursedOn: today,
        maturesOn: addMonths(today, 12),
        closedOn: null,
        status: "PERFORMING",
        tierAtDisbursement: "SPECIALIZED_SME",
        levelAtDisbursement: "PROVINCIAL",
        renewsLoanId: null,
        firm: { id: w.firm.id },
        institution: { id: w.bank.id },
        product: { id: product },
        guaranteeAgency: null,
        certification: { tier: "SPECIALIZED_SME", level: "PROVINCIAL" },
        renewsLoan: null,
        renewedBy: null,
      });
      expect((await t.gqlOk(APPLICATION, { id: applicationId })).application).toMatchObject({ status: "DISBURSED", closedAt: expect.any(String) });
      expect((await t.gqlOk(NEED, { id: needId })).financingNeed.status).toBe("FINANCED");
      expect(await usedQuota(product)).toBe(quotaBefore);
      expect(await auditOf("disburseLoan", [loan.id, applicationId, needId])).toEqual([
        `Loan:${loan.id}:created:BANK`,
        `Application:${applicationId}:changed:BANK`,
        `FinancingNeed:${needId}:changed:BANK`,
      ]);
      // The firm and its bank read it back; another bank does not see it.
      expect((await w.firm.client.gqlOk(LOAN, { id: loan.id })).loan.id).toBe(loan.id);
      expect(codeOf(await otherBank.client.gql(LOAN, { id: loan.id }))).toBe("NOT_FOUND");
    });

    it("records the certificate in force on the disbursement day, and null when it had expired by then", async () => {
      const registered = await registerFirm(t, { regionCode: "140502", size: "SMALL" });
      const expiredOn = addDays(today, -3);
      const certId = await recordCertification(t, registered.id, { tier: "LITTLE_GIANT", level: "NATIONAL", issuedOn: "2023-01-01", expiresOn: expiredOn });
      const firm: Party = { id: registered.id, client: await t.as({ role: Role.FIRM, orgId: registered.id }) };

      // Approved ten days ago and disbursed five days ago, while the certificate was in force.
      const early = await approved({ firm });
      await t.ds.query(`UPDATE application SET approved_at = now() - interval '10 days' WHERE id = $1`, [early.applicationId]);
      const inForce = await disburse(early.applicationId, addDays(today, -5));
      expect(inForce).toMatchObject({ certification: { id: certId, tier: "LITTLE_GIANT" }, tierAtDisbursement: "LITTLE_GIANT", levelAtDisbursement: "NATIONAL" });
      const row = (await t.ds.query(`SELECT certification_id FROM loan WHERE id = $1`, [inForce.id]))[0];
      expect(row.certification_id).toBe(certId);

      // Disbursed today, after the certificate expired: none held.
      const late = await approved({ firm });
      const none = await disburse(late.applicationId, today);
      expect(none).toMatchObject({ certification: null, tierAtDisbursement: null, levelAtDisbursement: null });
      expect((await t.ds.query(`SELECT certification_id FROM loan WHERE id = $1`, [none.id]))[0].certification_id).toBeNull();
    });

    it("carries the accepted guarantee: agency, fee and the agreement whose line repayment releases", async () => {
      const { applicationId } = await approved({ guaranteed: true });
      const loan = await disburse(applicationId);
      expect(loan).toMatchObject({ guaranteeAgency: { id: w.agency.id }, guaranteeFeeBp: 60 });
      expect((await t.ds.query(`SELECT guarantee_agreement_id FROM loan WHERE id = $1`, [loan.id]))[0].guarantee_agreement_id).toBe(w.agreementId);
    });

    it("is idempotent: the same key returns the first loan and writes nothing; the same key with other input is a CONFLICT", async () => {
      const { applicationId } = await approved();
      const key = randomUUID();
      const first = await disburse(applicationId, today, key);
      const [loans, events] = [await loanCount(), (await t.ds.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n];
      const again = await disburse(applicationId, today, key);
      expect(again.id).toBe(first.id);
      expect(await loanCount()).toBe(loans);
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n).toBe(events);
      const other = await w.bank.client.gql(DISBURSE, { input: { applicationId, disbursedOn: addDays(today, -1), idempotencyKey: key } });
      expect(codeOf(other)).toBe("CONFLICT");
      expect(await loanCount()).toBe(loans);
    });

    it.each([
      ["REJECTED", async (id: string) => w.bank.client.gqlOk(OPS.reject, { input: { id, reasonCode: "CREDIT_RISK" } })],
      ["WITHDRAWN", async (id: string) => w.firm.client.gqlOk(OPS.withdraw, { input: { id } })],
      ["UNDER_REVIEW", async () => undefined],
    ] as const)("refuses a %s application with CONFLICT naming the status, writing nothing", async (status, act) => {
      const needId = await submitNeed(w);
      const id = await applicationUnderReview(w, needId, product);
      await act(id);
      const before = await loanCount();
      const res = await w.bank.client.gql(DISBURSE, { input: { applicationId: id, disbursedOn: today, idempotencyKey: randomUUID() } });
      expect(codeOf(res)).toBe("CONFLICT");
      expect(res.errors![0]!.message).toContain(`application that is ${status}`);
      expect(res.errors![0]!.extensions?.currentStatus).toBe(status);
      expect(await loanCount()).toBe(before);
      expect((await t.gqlOk(APPLICATION, { id })).application.status).toBe(status);
    });

    it("refuses a disbursement dated in the future or before the approval with BAD_USER_INPUT", async () => {
      const { applicationId } = await approved();
      const before = await loanCount();
      for (const [on, rule] of [
        [addDays(today, 1), "date.future"],
        [addDays(today, -1), "disbursement.beforeApproval"],
      ] as const) {
        const res = await w.bank.client.gql(DISBURSE, { input: { applicationId, disbursedOn: on, idempotencyKey: randomUUID() } });
        expect(codeOf(res)).toBe("BAD_USER_INPUT");
        expect(res.errors![0]!.extensions?.violations).toEqual([expect.objectContaining({ field: "input.disbursedOn", rule })]);
      }
      expect(await loanCount()).toBe(before);
    });

    it("is for the product's bank only: another bank gets FORBIDDEN and nothing is written", async () => {
      const { applicationId } = await approved();
      const before = await loanCount();
      const res = await otherBank.client.gql(DISBURSE, { input: { applicationId, disbursedOn: today, idempotencyKey: randomUUID() } });
      expect(codeOf(res)).toBe("FORBIDDEN");
      expect(await loanCount()).toBe(before);
      expect((await t.gqlOk(APPLICATION, { id: applicationId })).application.status).toBe("APPROVED");
    });
  });

  describe("recordRepayment", () => {
    it("lowers the balance and releases the same amount of quota; at 0 the loan is REPAID; more than the balance is refused", async () => {
      const { applicationId } = await approved({ guaranteed: true });
      const loan = await disburse(applicationId);
      const [p0, a0, g0] = [await usedQuota(guaranteedProduct), await agencyUsed(w.agency.id), await agreementUsed(w.agreementId)];
      const minus = (v: string, by: number) => (Number(v) - by).toFixed(2); // test arithmetic on small whole yuan only

      const part = (await w.bank.client.gqlOk(REPAY, { input: { loanId: loan.id, amount: "1000000", paidOn: today } })).recordRepayment;
      expect(part).toMatchObject({ outstanding: "2000000.00", status: "PERFORMING", closedOn: null });
      expect([await usedQuota(guaranteedProduct), await agencyUsed(w.agency.id), await agreementUsed(w.agreementId)]).toEqual([
        minus(p0, 1_000_000),
        minus(a0, 1_000_000),
        minus(g0, 1_000_000),
      ]);

      const tooMuch = await w.bank.client.gql(REPAY, { input: { loanId: loan.id, amount: "2000000.01", paidOn: today } });
      expect(codeOf(tooMuch)).toBe("BAD_USER_INPUT");
      expect(tooMuch.errors![0]!.extensions?.violations).toEqual([expect.objectContaining({ field: "input.amount", rule: "repayment.aboveBalance" })]);
      expect(tooMuch.errors![0]!.message).toContain("2000000.00");

      const rest = (await w.bank.client.gqlOk(REPAY, { input: { loanId: loan.id, amount: "2000000.00", paidOn: today } })).recordRepayment;
      expect(rest).toMatchObject({ outstanding: "0.00", status: "REPAID", closedOn: today });
      expect([await usedQuota(guaranteedProduct), await agencyUsed(w.agency.id), await agreementUsed(w.agreementId)]).toEqual([
        minus(p0, 3_000_000),
        minus(a0, 3_000_000),
        minus(g0, 3_000_000),
      ]);

      const after = await w.bank.client.gql(REPAY, { input: { loanId: loan.id, amount: "1", paidOn: today } });
      expect(codeOf(after)).toBe("CONFLICT");
      expect(after.errors![0]!.message).toContain("REPAID");

      expect(await auditOf("recordRepayment", [loan.id, guaranteedProduct, w.agency.id, w.agreementId])).toEqual([
        `Loan:${loan.id}:changed:BANK`,
        `LoanProduct:${guaranteedProduct}:changed:BANK`,
        `GuaranteeAgency:${w.agency.id}:changed:BANK`,
        `GuaranteeAgreement:${w.agreementId}:changed:BANK`,
        `Loan:${loan.id}:changed:BANK`,
        `LoanProduct:${guaranteedProduct}:changed:BANK`,
        `GuaranteeAgency:${w.agency.id}:changed:BANK`,
        `GuaranteeAgreement:${w.agreementId}:changed:BANK`,
      ]);
    });

    it("is for the lending bank only (FORBIDDEN), and refuses a payment dated in the future", async () => {
      const loan = await shortLoan();
      const forbidden = await otherBank.client.gql(REPAY, { input: { loanId: loan.id, amount: "1", paidOn: today } });
      expect(codeOf(forbidden)).toBe("FORBIDDEN");
      const future = await w.bank.client.gql(REPAY, { input: { loanId: loan.id, amount: "1", paidOn: addDays(today, 1) } });
      expect(future.errors![0]!.extensions?.violations).toEqual([expect.objectContaining({ field: "input.paidOn", rule: "date.future" })]);
      expect((await t.gqlOk(LOAN, { id: loan.id })).loan.outstanding).toBe("3000000.00");
    });
  });

  describe("renewLoan", () => {
    const renewInput = (loanId: string, productId: string, overrides: Record<string, unknown> = {}) => ({
      loanId,
      productId,
      amount: "3000000.00",
      annualRateBp: 350,
      termMonths: 12,
      renewedOn: today,
      ...overrides,
    });

    it("creates a loan linked to the old one that takes its balance over; the old loan is RENEWED; quota moves from the old product to the renewal product", async () => {
      const old = await shortLoan();
      const [oldProduct0, renewal0] = [await usedQuota(product), await usedQuota(renewal60)];
      const key = randomUUID();
      const renewed = (await w.bank.client.gqlOk(RENEW, { input: renewInput(old.id, renewal60, { idempotencyKey: key }) })).renewLoan;
      // A retry with the key answers the same renewal and writes nothing more.
      const loans = await loanCount();
      expect((await w.bank.client.gqlOk(RENEW, { input: renewInput(old.id, renewal60, { idempotencyKey: key }) })).renewLoan.id).toBe(renewed.id);
      expect(await loanCount()).toBe(loans);
      expect(codeOf(await w.bank.client.gql(RENEW, { input: renewInput(old.id, renewal60, { idempotencyKey: key, termMonths: 24 }) }))).toBe("CONFLICT");
      expect(renewed).toMatchObject({
        applicationId: null,
        principal: "3000000.00",
        outstanding: "3000000.00",
        annualRateBp: 350,
        disbursedOn: today,
        maturesOn: addMonths(today, 12),
        status: "PERFORMING",
        renewsLoanId: old.id,
        renewsLoan: { id: old.id, status: "RENEWED" },
        product: { id: renewal60 },
        firm: { id: w.firm.id },
        tierAtDisbursement: "SPECIALIZED_SME",
      });
      const oldNow = (await t.gqlOk(LOAN, { id: old.id })).loan;
      expect(oldNow).toMatchObject({ status: "RENEWED", outstanding: "0.00", closedOn: today, renewedBy: { id: renewed.id, status: "PERFORMING" } });
      expect([await usedQuota(product), await usedQuota(renewal60)]).toEqual([
        (Number(oldProduct0) - 3_000_000).toFixed(2),
        (Number(renewal0) + 3_000_000).toFixed(2),
      ]);
      expect(await auditOf("renewLoan", [renewed.id, old.id, product, renewal60])).toEqual([
        `Loan:${renewed.id}:created:BANK`,
        `Loan:${old.id}:changed:BANK`,
        `LoanProduct:${[product, renewal60].sort()[0]}:changed:BANK`,
        `LoanProduct:${[product, renewal60].sort()[1]}:changed:BANK`,
      ]);

      // A loan is renewed once: the RENEWED loan is no longer performing.
      const twice = await w.bank.client.gql(RENEW, { input: renewInput(old.id, renewal60) });
      expect(codeOf(twice)).toBe("CONFLICT");
      expect(twice.errors![0]!.extensions?.reasons).toEqual([expect.objectContaining({ code: "RENEWAL_LOAN_NOT_PERFORMING" })]);
    });

    it("finances the firm's open RENEWAL need naming the loan, and leaves its other needs alone", async () => {
      const old = await shortLoan();
      const renewalNeed = await submitNeed(w, { amount: "3000000", termMonths: 12, purpose: "RENEWAL", renewalOfLoanId: old.id });
      const otherNeed = await submitNeed(w, { amount: "3000000", termMonths: 12 });
      const renewed = (await w.bank.client.gqlOk(RENEW, { input: renewInput(old.id, renewal60) })).renewLoan;
      const statusOf = async (id: string) => (await t.ds.query(`SELECT status FROM financing_need WHERE id = $1`, [id]))[0].status;
      expect([await statusOf(renewalNeed), await statusOf(otherNeed)]).toEqual(["FINANCED", "OPEN"]);
      expect(await auditOf("renewLoan", [renewed.id, old.id, renewalNeed, otherNeed])).toEqual([
        `Loan:${renewed.id}:created:BANK`,
        `Loan:${old.id}:changed:BANK`,
        `FinancingNeed:${renewalNeed}:changed:BANK`,
      ]);
    });

    it("keeps a guaranteed loan's guarantee: agency, fee, agreement, and their committed amounts", async () => {
      const old = await shortLoan({ guaranteed: true });
      const [a0, g0] = [await agencyUsed(w.agency.id), await agreementUsed(w.agreementId)];
      const renewed = (await w.bank.client.gqlOk(RENEW, { input: renewInput(old.id, renewal60) })).renewLoan;
      expect(renewed).toMatchObject({ guaranteeAgency: { id: w.agency.id }, guaranteeFeeBp: 60 });
      expect((await t.ds.query(`SELECT guarantee_agreement_id FROM loan WHERE id = $1`, [renewed.id]))[0].guarantee_agreement_id).toBe(w.agreementId);
      expect([await agencyUsed(w.agency.id), await agreementUsed(w.agreementId)]).toEqual([a0, g0]);
    });

    it("refuses a renewal outside the product's window with CONFLICT naming the rule, writing nothing", async () => {
      const old = await shortLoan();
      const [loans, q0] = [await loanCount(), await usedQuota(renewal10)];
      const res = await w.bank.client.gql(RENEW, { input: renewInput(old.id, renewal10) });
      expect(codeOf(res)).toBe("CONFLICT");
      expect(res.errors![0]!.extensions?.reasons).toEqual([expect.objectContaining({ code: "RENEWAL_OUTSIDE_WINDOW" })]);
      expect(res.errors![0]!.message).toContain(`matures on ${old.maturesOn}`);
      expect(await loanCount()).toBe(loans);
      expect(await usedQuota(renewal10)).toBe(q0);
      expect((await t.gqlOk(LOAN, { id: old.id })).loan.status).toBe("PERFORMING");
    });

    it.each([
      [
        "OVERDUE",
        async (id: string): Promise<void> => {
          await t.ds.query(`UPDATE loan SET status = 'OVERDUE' WHERE id = $1`, [id]);
        },
      ],
      [
        "REPAID",
        async (id: string): Promise<void> => {
          await w.bank.client.gqlOk(REPAY, { input: { loanId: id, amount: "3000000", paidOn: today } });
        },
      ],
    ] as const)("refuses to renew a non-performing (%s) loan with CONFLICT", async (status, makeIt) => {
      const old = await shortLoan();
      await makeIt(old.id);
      const before = await loanCount();
      const res = await w.bank.client.gql(RENEW, { input: renewInput(old.id, renewal60) });
      expect(codeOf(res)).toBe("CONFLICT");
      expect(res.errors![0]!.message).toContain(`The loan to renew (maturing ${old.maturesOn}) is ${status}`);
      // The reason names the loan (reasons.nameTheRecord).
      expect(res.errors![0]!.extensions?.reasons).toEqual([
        expect.objectContaining({ code: "RENEWAL_LOAN_NOT_PERFORMING", details: { loan: expect.objectContaining({ id: old.id, status, maturesOn: old.maturesOn }) } }),
      ]);
      expect(await loanCount()).toBe(before);
    });

    it("refuses another bank: it may neither renew the loan with its own product nor use another bank's product (FORBIDDEN)", async () => {
      const old = await shortLoan();
      const before = await loanCount();
      const byOther = await otherBank.client.gql(RENEW, { input: renewInput(old.id, otherRenewal) });
      expect(codeOf(byOther)).toBe("FORBIDDEN");
      const withOthersProduct = await w.bank.client.gql(RENEW, { input: renewInput(old.id, otherRenewal) });
      expect(codeOf(withOthersProduct)).toBe("FORBIDDEN");
      expect(await loanCount()).toBe(before);
    });

    it("refuses an amount other than the balance, a rate above the published one, and a product that is not a renewal product (BAD_USER_INPUT)", async () => {
      const old = await shortLoan();
      const less = await w.bank.client.gql(RENEW, { input: renewInput(old.id, renewal60, { amount: "2000000", annualRateBp: 361 }) });
      expect(codeOf(less)).toBe("BAD_USER_INPUT");
      expect(less.errors![0]!.extensions?.violations).toEqual([
        expect.objectContaining({ field: "input.amount", rule: "renewal.amountNotBalance" }),
        expect.objectContaining({ field: "input.annualRateBp", rule: "renewal.abovePublishedRate" }),
      ]);
      const notRenewal = await w.bank.client.gql(RENEW, { input: renewInput(old.id, product) });
      expect(notRenewal.errors![0]!.extensions?.violations).toEqual([expect.objectContaining({ field: "input.productId", rule: "renewal.notRenewalProduct" })]);
      expect((await t.gqlOk(LOAN, { id: old.id })).loan.status).toBe("PERFORMING");
    });

    it("never over-commits the renewal product: CONFLICT naming the quota left and asked", async () => {
      const small = (
        await createProduct(w, { category: "RELAY_LOAN", purposes: ["RENEWAL"], minTermMonths: 1, renewalWindowDays: 60, reservedQuota: "2000000" })
      ).id;
      const old = await shortLoan();
      const q0 = await usedQuota(product);
      const res = await w.bank.client.gql(RENEW, { input: renewInput(old.id, small, { annualRateBp: 380 }) });
      expect(codeOf(res)).toBe("CONFLICT");
      expect(res.errors![0]!.message).toBe("The product's reserved quota (预留授信额度) has 200万元 left; this asks 300万元. Ask for a smaller amount, or reject the request.");
      expect(res.errors![0]!.extensions).toMatchObject({ quotaRemaining: "2000000.00", requested: "3000000.00" });
      expect([await usedQuota(small), await usedQuota(product)]).toEqual(["0.00", q0]);
      expect((await t.gqlOk(LOAN, { id: old.id })).loan.status).toBe("PERFORMING");
    });

    it("follows 金规〔2024〕13号: a large firm cannot use 无还本续贷, but can use 接力贷", async () => {
      const registered = await registerFirm(t, { regionCode: "140502", size: "LARGE" });
      const firm: Party = { id: registered.id, client: await t.as({ role: Role.FIRM, orgId: registered.id }) };
      const relay = (await createProduct(w, { category: "RELAY_LOAN", purposes: ["RENEWAL"], minTermMonths: 1, renewalWindowDays: 60 })).id;
      const old = await shortLoan({ firm });
      const refused = await w.bank.client.gql(RENEW, { input: renewInput(old.id, renewal60) });
      expect(refused.errors![0]!.extensions?.reasons).toEqual([expect.objectContaining({ code: "RENEWAL_FIRM_NOT_ELIGIBLE" })]);
      const renewed = (await w.bank.client.gqlOk(RENEW, { input: renewInput(old.id, relay) })).renewLoan;
      expect(renewed.renewsLoanId).toBe(old.id);
    });
  });

  describe("reading loans", () => {
    it("lists loans by role scope with filters", async () => {
      const loan = await shortLoan();
      const LIST = `query($filter: LoanFilter) { loans(first: 100, filter: $filter) { totalCount edges { node { id } } } }`;
      const ids = async (client: { gqlOk: TestApp["gqlOk"] }, filter: Record<string, unknown>) =>
        ((await client.gqlOk(LIST, { filter })).loans.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
      expect(await ids(w.firm.client, { status: "PERFORMING" })).toContain(loan.id);
      expect(await ids(w.bank.client, { productId: product, disbursedFrom: today, disbursedTo: today })).toContain(loan.id);
      expect(await ids(otherBank.client, {})).toEqual([]);
      const regulator = await t.as({ role: Role.REGULATOR, regionCode: "140000" });
      expect(await ids(regulator, { regionCode: "140502" })).toContain(loan.id);
      const outside = await t.as({ role: Role.REGULATOR, regionCode: "330000" });
      expect(await ids(outside, {})).toEqual([]);
      const bad = await t.gql(LIST, { filter: { disbursedFrom: today, disbursedTo: addDays(today, -1) } });
      expect(bad.errors![0]!.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.disbursedTo", rule: "date.order" })]);
    });

    it("sends the same number of SQL statements for 2 and for 6 loans with every nested field", async () => {
      // A certified firm whose first two loans already use every relation: a guaranteed loan and its renewal.
      const registered = await registerFirm(t, { regionCode: "140502", size: "SMALL" });
      await recordCertification(t, registered.id, { tier: "SPECIALIZED_SME", level: "MUNICIPAL", issuedOn: "2024-01-01", expiresOn: "2030-12-31" });
      const firm: Party = { id: registered.id, client: await t.as({ role: Role.FIRM, orgId: registered.id }) };
      const first = await shortLoan({ firm, guaranteed: true });
      await w.bank.client.gqlOk(RENEW, {
        input: { loanId: first.id, productId: renewal60, amount: "3000000", annualRateBp: 350, termMonths: 12, renewedOn: today },
      });
      for (let i = 0; i < 4; i++) await shortLoan({ firm });
      const query = `query($first: Int, $filter: LoanFilter) { loans(first: $first, filter: $filter) { edges { node { ${LOAN_FIELDS} } } } }`;
      const statementsFor = async (first: number) => {
        t.statements.reset();
        const data = await t.gqlOk(query, { first, filter: { firmId: firm.id } });
        return { count: t.statements.count, nodes: data.loans.edges.length };
      };
      const two = await statementsFor(2);
      const six = await statementsFor(6);
      expect([two.nodes, six.nodes]).toEqual([2, 6]);
      expect(six.count).toBe(two.count);
    });
  });

  it("disburses an application that renews a loan: the old loan is closed as RENEWED and its quota released", async () => {
    const old = await shortLoan();
    const needId = await submitNeed(w, { amount: "3000000", termMonths: 12, purpose: "RENEWAL", renewalOfLoanId: old.id });
    const res = await apply(w, needId, renewal60);
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    const applicationId = res.data!.applyForProduct.id as string;
    await w.bank.client.gqlOk(OPS.startReview, { input: { id: applicationId } });
    await w.bank.client.gqlOk(OPS.approve, { input: approveInput(applicationId, "3000000", { annualRateBp: 360 }) });
    const [p0, r0] = [await usedQuota(product), await usedQuota(renewal60)];
    const loan = await disburse(applicationId);
    expect(loan).toMatchObject({ renewsLoanId: old.id, renewsLoan: { id: old.id, status: "RENEWED" }, principal: "3000000.00" });
    expect([await usedQuota(product), await usedQuota(renewal60)]).toEqual([(Number(p0) - 3_000_000).toFixed(2), r0]);
  });
});
