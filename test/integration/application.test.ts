import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { addDays } from "../../src/domain/dates";
import { scheduleNeedExpiry } from "../../src/modules/need/need-lifecycle.service";
import {
  apply,
  applicationUnderReview,
  approveInput,
  buildDockingWorld,
  createProduct,
  OPS,
  outcome,
  submitNeed,
  type DockingWorld,
} from "../support/application-fixtures";
import { insertLoan } from "../support/loan-fixtures";
import { startTestApp, type ApiClient, type GraphQLResponse, type TestApp } from "../support/test-app";

/**
 * The application workflow over GraphQL (docs/workflow.md): every transition's happy path, each
 * refusal with its code, quota moving with approvals and withdrawals, the need's lifecycle, the
 * audit events written with each change, visibility by role and DataLoader statement counts.
 */
describe("applications over GraphQL", () => {
  let t: TestApp;
  let w: DockingWorld;
  let plain: string; // fixed 380 bp, no guarantee
  let guaranteed: string; // LPR 1Y + 50 bp, requires a guarantee

  const row = async (table: string, id: string) => (await t.ds.query(`SELECT * FROM ${table} WHERE id = $1`, [id]))[0];
  const productQuota = async (id: string) => (await t.ds.query(`SELECT used_quota::text AS u FROM loan_product WHERE id = $1`, [id]))[0].u as string;
  const agencyUsed = async () => (await t.ds.query(`SELECT used_capacity::text AS u FROM guarantee_agency WHERE id = $1`, [w.agency.id]))[0].u as string;
  const agreementUsed = async () => (await t.ds.query(`SELECT used_line::text AS u FROM guarantee_agreement WHERE id = $1`, [w.agreementId]))[0].u as string;
  const needStatus = async (id: string) => (await row("financing_need", id)).status as string;
  const auditOps = async (recordId: string) =>
    (await t.ds.query(`SELECT operation, record_type FROM audit_event WHERE record_id = $1 ORDER BY id`, [recordId])) as Array<{ operation: string; record_type: string }>;
  const error = (res: GraphQLResponse) => res.errors?.[0] as { message: string; extensions: Record<string, any> };

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildDockingWorld(t);
    await t.gqlOk(`mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id } }`, {
      input: { tenor: "ONE_YEAR", effectiveOn: "2025-01-20", rateBp: 300 },
    });
    plain = (await createProduct(w)).id;
    guaranteed = (await createProduct(w, { pricingType: "LPR_SPREAD", fixedRateBp: null, lprTenor: "ONE_YEAR", spreadBp: 50, requiresGuarantee: true })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("without a guarantee: apply → review → approve → withdraw", () => {
    it("moves through every state, consumes and releases the quota, and matches and reopens the need", async () => {
      const needId = await submitNeed(w);
      const applied = await apply(w, needId, plain);
      expect(outcome(applied)).toBe("ok");
      const app = applied.data!.applyForProduct;
      expect(app).toMatchObject({
        status: "SUBMITTED",
        need: { id: needId, status: "OPEN" },
        product: { id: plain },
        guaranteeAgency: null,
        guaranteeDecision: null,
        approvedAmount: null,
        reviewStartedAt: null,
        version: 1,
      });

      const reviewed = (await w.bank.client.gqlOk(OPS.startReview, { input: { id: app.id } })).startReview;
      expect(reviewed).toMatchObject({ status: "UNDER_REVIEW", version: 2 });
      expect(reviewed.reviewStartedAt).not.toBeNull();

      const before = await productQuota(plain);
      const approved = (await w.bank.client.gqlOk(OPS.approve, { input: approveInput(app.id, "2500000", { annualRateBp: 350, termMonths: 24 }) })).approveApplication;
      expect(approved).toMatchObject({
        status: "APPROVED",
        approvedAmount: "2500000.00",
        approvedRateBp: 350,
        approvedTermMonths: 24,
        need: { id: needId, status: "MATCHED" },
        version: 3,
      });
      expect(approved.approvedAt).not.toBeNull();
      expect(Number(await productQuota(plain)) - Number(before)).toBe(2_500_000);

      const withdrawn = (await w.firm.client.gqlOk(OPS.withdraw, { input: { id: app.id } })).withdrawApplication;
      expect(withdrawn).toMatchObject({ status: "WITHDRAWN", need: { status: "OPEN" } });
      expect(withdrawn.closedAt).not.toBeNull();
      expect(await productQuota(plain)).toBe(before);

      // Every change has its audit event, in order, with the quota and need changes of the same mutations.
      expect(await auditOps(app.id)).toEqual([
        { operation: "applyForProduct", record_type: "Application" },
        { operation: "startReview", record_type: "Application" },
        { operation: "approveApplication", record_type: "Application" },
        { operation: "withdrawApplication", record_type: "Application" },
      ]);
      const quotaEvents = await t.ds.query(
        `SELECT operation, before->>'usedQuota' AS b, after->>'usedQuota' AS a, region_code FROM audit_event WHERE record_id = $1 AND record_type = 'LoanProduct' ORDER BY id DESC LIMIT 2`,
        [plain],
      );
      expect(quotaEvents).toEqual([
        { operation: "withdrawApplication", b: (Number(before) + 2_500_000).toFixed(2), a: before, region_code: "140502" },
        { operation: "approveApplication", b: before, a: (Number(before) + 2_500_000).toFixed(2), region_code: "140502" },
      ]);
      expect((await auditOps(needId)).map((e) => e.operation)).toEqual(["submitFinancingNeed", "approveApplication", "withdrawApplication"]);
    });

    it("rejects with a reason and a note", async () => {
      const id = await applicationUnderReview(w, await submitNeed(w), plain);
      const rejected = (await w.bank.client.gqlOk(OPS.reject, { input: { id, reasonCode: "INCOMPLETE_DOCUMENTS", note: " 缺少近三年财务报表 " } })).rejectApplication;
      expect(rejected).toMatchObject({ status: "REJECTED", rejectionReasonCode: "INCOMPLETE_DOCUMENTS", rejectionNote: "缺少近三年财务报表" });
      expect(rejected.closedAt).not.toBeNull();
    });

    it("rejects a SUBMITTED application too, and requires a note with OTHER", async () => {
      const id = (await apply(w, await submitNeed(w), plain)).data!.applyForProduct.id;
      const noNote = await w.bank.client.gql(OPS.reject, { input: { id, reasonCode: "OTHER" } });
      expect(error(noNote).extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "input.note", rule: "text.required" }] });
      expect((await w.bank.client.gqlOk(OPS.reject, { input: { id, reasonCode: "OTHER", note: "企业已获得其他融资" } })).rejectApplication.status).toBe("REJECTED");
    });

    it("keeps the need MATCHED while another approval on it stands", async () => {
      const needId = await submitNeed(w);
      const other = (await createProduct(w)).id;
      const a1 = await applicationUnderReview(w, needId, plain);
      const a2 = await applicationUnderReview(w, needId, other);
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(a1, "1000000") });
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(a2, "1000000") });
      expect(await needStatus(needId)).toBe("MATCHED");
      await w.firm.client.gqlOk(OPS.withdraw, { input: { id: a1 } });
      expect(await needStatus(needId)).toBe("MATCHED");
      await w.firm.client.gqlOk(OPS.withdraw, { input: { id: a2 } });
      expect(await needStatus(needId)).toBe("OPEN");
    });
  });

  describe("with a guarantee", () => {
    it("requests the agency, which accepts within its fees; approval consumes the agency's capacity and the agreement's line; withdrawal releases them", async () => {
      const needId = await submitNeed(w, { amount: "4000000" });
      const applied = await apply(w, needId, guaranteed, { guaranteeAgencyId: w.agency.id });
      expect(outcome(applied)).toBe("ok");
      const id = applied.data!.applyForProduct.id;
      expect(applied.data!.applyForProduct).toMatchObject({ guaranteeAgency: { id: w.agency.id }, guaranteeDecision: "REQUESTED", guaranteeFeeBp: null });
      expect((await row("application", id)).guarantee_agreement_id).toBe(w.agreementId);

      await w.bank.client.gqlOk(OPS.startReview, { input: { id } });
      const early = await w.bank.client.gql(OPS.approve, { input: approveInput(id, "4000000", { annualRateBp: 350 }) });
      expect(error(early).extensions).toMatchObject({ code: "CONFLICT", currentStatus: "UNDER_REVIEW", guaranteeDecision: "REQUESTED" });
      expect(error(early).message).toContain("has not decided on the guarantee yet");

      // 61 bp is above the 60 bp agreed with the bank (the agency publishes 80).
      const tooDear = await w.agency.client.gql(OPS.decide, { input: { id, accept: true, feeBp: 61 } });
      expect(error(tooDear).extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "input.feeBp", rule: "guarantee.feeAboveAgreement" }] });
      const noFee = await w.agency.client.gql(OPS.decide, { input: { id, accept: true } });
      expect(error(noFee).extensions.violations).toEqual([expect.objectContaining({ rule: "guarantee.feeRequired" })]);

      const accepted = (await w.agency.client.gqlOk(OPS.decide, { input: { id, accept: true, feeBp: 60 } })).decideGuarantee;
      expect(accepted).toMatchObject({ status: "UNDER_REVIEW", guaranteeDecision: "ACCEPTED", guaranteeFeeBp: 60 });
      const again = await w.agency.client.gql(OPS.decide, { input: { id, accept: false } });
      expect(error(again).message).toContain("the guarantee was already ACCEPTED");

      // LPR 300 + 50 = 350 bp published: 351 is refused, 350 approved.
      const dear = await w.bank.client.gql(OPS.approve, { input: approveInput(id, "4000000", { annualRateBp: 351 }) });
      expect(error(dear).extensions.violations).toEqual([expect.objectContaining({ field: "input.annualRateBp", rule: "approval.abovePublishedRate" })]);
      const [quota0, agency0, line0] = [await productQuota(guaranteed), await agencyUsed(), await agreementUsed()];
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(id, "4000000", { annualRateBp: 350 }) });
      expect([Number(await productQuota(guaranteed)) - Number(quota0), Number(await agencyUsed()) - Number(agency0), Number(await agreementUsed()) - Number(line0)]).toEqual([
        4_000_000, 4_000_000, 4_000_000,
      ]);
      expect((await auditOps(w.agency.id)).map((e) => `${e.operation}/${e.record_type}`)).toContain("approveApplication/GuaranteeAgency");

      await w.firm.client.gqlOk(OPS.withdraw, { input: { id } });
      expect([await productQuota(guaranteed), await agencyUsed(), await agreementUsed()]).toEqual([quota0, agency0, line0]);
    });

    it("after a decline, approval is refused and the bank rejects", async () => {
      const id = await applicationUnderReview(w, await submitNeed(w), guaranteed, { guaranteeAgencyId: w.agency.id });
      const fee = await w.agency.client.gql(OPS.decide, { input: { id, accept: false, feeBp: 50 } });
      expect(error(fee).extensions.violations).toEqual([expect.objectContaining({ rule: "guarantee.feeWithDecline" })]);
      expect((await w.agency.client.gqlOk(OPS.decide, { input: { id, accept: false } })).decideGuarantee).toMatchObject({
        guaranteeDecision: "DECLINED",
        guaranteeFeeBp: null,
      });
      const approve = await w.bank.client.gql(OPS.approve, { input: approveInput(id, "3000000", { annualRateBp: 350 }) });
      expect(error(approve).message).toContain("declined the guarantee; reject it instead");
      expect((await w.bank.client.gqlOk(OPS.reject, { input: { id, reasonCode: "GUARANTEE_DECLINED" } })).rejectApplication.status).toBe("REJECTED");
    });

    it("lets the agency decide on a SUBMITTED application, before the bank's review", async () => {
      const id = (await apply(w, await submitNeed(w), guaranteed, { guaranteeAgencyId: w.agency.id })).data!.applyForProduct.id;
      expect((await w.agency.client.gqlOk(OPS.decide, { input: { id, accept: true, feeBp: 0 } })).decideGuarantee).toMatchObject({
        status: "SUBMITTED",
        guaranteeDecision: "ACCEPTED",
        guaranteeFeeBp: 0,
      });
    });
  });

  describe("applyForProduct refusals", () => {
    it("refuses another firm's need, and non-firm callers, with FORBIDDEN", async () => {
      const other = await buildDockingWorld(t);
      const needId = await submitNeed(other);
      expect(outcome(await apply(w, needId, plain))).toBe("FORBIDDEN");
      const asBank = await w.bank.client.gql(OPS.apply, { input: { needId, productId: plain, idempotencyKey: randomUUID() } });
      expect(outcome(asBank)).toBe("FORBIDDEN");
      expect(error(asBank).message).toContain("BANK callers may not run applyForProduct; it is for FIRM");
    });

    it("answers NOT_FOUND for unknown or malformed ids", async () => {
      const needId = await submitNeed(w);
      expect(error(await apply(w, randomUUID(), plain)).extensions).toMatchObject({ code: "NOT_FOUND", field: "input.needId" });
      expect(error(await apply(w, needId, randomUUID())).extensions).toMatchObject({ code: "NOT_FOUND", field: "input.productId" });
      expect(error(await apply(w, needId, "not-an-id")).extensions).toMatchObject({ code: "NOT_FOUND", field: "input.productId" });
      expect(error(await apply(w, needId, guaranteed, { guaranteeAgencyId: randomUUID() })).extensions).toMatchObject({
        code: "NOT_FOUND",
        field: "input.guaranteeAgencyId",
      });
    });

    it("requires a guarantee agency exactly when the product requires a guarantee", async () => {
      const needId = await submitNeed(w);
      const missing = await apply(w, needId, guaranteed);
      expect(error(missing).extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "input.guaranteeAgencyId", rule: "guarantee.required" }] });
      expect(error(missing).message).toContain(`the cheapest eligible agency is ${w.agency.id} at 60 bp`);
      const unwanted = await apply(w, needId, plain, { guaranteeAgencyId: w.agency.id });
      expect(error(unwanted).extensions.violations).toEqual([expect.objectContaining({ rule: "guarantee.notRequired" })]);
    });

    it("refuses an ineligible pair with CONFLICT listing every failed rule", async () => {
      const needId = await submitNeed(w, { amount: "20000000", termMonths: 48 });
      const res = await apply(w, needId, plain);
      expect(error(res).extensions.code).toBe("CONFLICT");
      expect(error(res).extensions.reasons.map((r: { code: string }) => r.code)).toEqual(["AMOUNT_ABOVE_MAX", "TERM_ABOVE_MAX"]);
      expect(error(res).message).toContain("AMOUNT_ABOVE_MAX: The product lends at most 1000万元; the need asks 2000万元.");
    });

    it("refuses an agency that cannot guarantee the pair, saying why", async () => {
      const stranger = (
        await t.gqlOk(OPS.agency, {
          input: { name: `无合作协议担保${randomUUID().slice(0, 8)}`, regionCode: "330000", tiersServed: ["LITTLE_GIANT"], feeRateBp: 50, maxAmountPerFirm: "10000000", capacity: "100000000" },
        })
      ).createGuaranteeAgency.id;
      const res = await apply(w, await submitNeed(w), guaranteed, { guaranteeAgencyId: stranger });
      expect(error(res).extensions.code).toBe("CONFLICT");
      const reason = error(res).extensions.reasons.find((r: { code: string }) => r.code === "NO_GUARANTEE_AVAILABLE");
      expect(reason.message).toMatch(/cannot guarantee this loan: the agency serves 330000; the firm is registered in 140502\..*LITTLE_GIANT.*no 总对总 agreement with the product's bank/);
    });

    it("allows one live application per need and product (CONFLICT naming it), and a new one after withdrawal", async () => {
      const needId = await submitNeed(w);
      const first = (await apply(w, needId, plain)).data!.applyForProduct.id;
      const second = await apply(w, needId, plain);
      expect(error(second).extensions).toMatchObject({ code: "CONFLICT", applicationId: first, currentStatus: "SUBMITTED" });
      expect(error(second).message).toContain("withdraw it before applying again");
      await w.firm.client.gqlOk(OPS.withdraw, { input: { id: first } });
      expect(outcome(await apply(w, needId, plain))).toBe("ok");
    });

    it("refuses a withdrawn need and an expired one (even before the expiry job ran)", async () => {
      const withdrawnNeed = await submitNeed(w);
      await w.firm.client.gqlOk(OPS.withdrawNeed, { input: { id: withdrawnNeed } });
      const res = await apply(w, withdrawnNeed, plain);
      expect(error(res).extensions).toMatchObject({ code: "CONFLICT", currentStatus: "WITHDRAWN" });

      const stale = await submitNeed(w);
      await t.ds.query(`UPDATE financing_need SET needed_by = $2 WHERE id = $1`, [stale, addDays(w.today, -31)]);
      const expired = await apply(w, stale, plain);
      expect(error(expired).extensions).toMatchObject({ code: "CONFLICT", currentStatus: "EXPIRED" });
      expect(error(expired).message).toContain("submit a new financing need");
    });

    it("is idempotent: the same key returns the first application and writes nothing; the same key with other input is a CONFLICT", async () => {
      const needId = await submitNeed(w);
      const key = randomUUID();
      const count = async () => Number((await t.ds.query(`SELECT count(*) AS n FROM application WHERE need_id = $1`, [needId]))[0].n);
      const events = async () => Number((await t.ds.query(`SELECT count(*) AS n FROM audit_event WHERE operation = 'applyForProduct'`))[0].n);
      const first = await apply(w, needId, plain, { idempotencyKey: key });
      const eventsAfterFirst = await events();
      const retry = await apply(w, needId, plain, { idempotencyKey: key });
      expect(retry.data!.applyForProduct.id).toBe(first.data!.applyForProduct.id);
      expect([await count(), await events()]).toEqual([1, eventsAfterFirst]);
      const other = await apply(w, needId, (await createProduct(w)).id, { idempotencyKey: key });
      expect(error(other).extensions).toMatchObject({ code: "CONFLICT", field: "input.idempotencyKey" });
      expect(await count()).toBe(1);
    });
  });

  describe("transition refusals", () => {
    it("refuses illegal transitions with CONFLICT naming the current status", async () => {
      const id = (await apply(w, await submitNeed(w), plain)).data!.applyForProduct.id;
      const submitted = await w.bank.client.gql(OPS.approve, { input: approveInput(id, "1000000") });
      expect(error(submitted).extensions).toMatchObject({ code: "CONFLICT", currentStatus: "SUBMITTED", action: "APPROVE" });
      expect(error(submitted).message).toBe(
        "Cannot approve an application that is SUBMITTED: from SUBMITTED the possible actions are START_REVIEW, DECIDE_GUARANTEE, REJECT, WITHDRAW.",
      );
      await w.bank.client.gqlOk(OPS.startReview, { input: { id } });
      expect(error(await w.bank.client.gql(OPS.startReview, { input: { id } })).extensions).toMatchObject({ code: "CONFLICT", currentStatus: "UNDER_REVIEW" });
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(id, "1000000") });
      expect(error(await w.bank.client.gql(OPS.reject, { input: { id, reasonCode: "CREDIT_RISK" } })).extensions).toMatchObject({
        code: "CONFLICT",
        currentStatus: "APPROVED",
      });
      await w.firm.client.gqlOk(OPS.withdraw, { input: { id } });
      const final = await w.bank.client.gql(OPS.approve, { input: approveInput(id, "1000000") });
      expect(error(final).message).toBe("Cannot approve an application that is WITHDRAWN: WITHDRAWN is final.");
      expect(error(await w.firm.client.gql(OPS.withdraw, { input: { id } })).extensions).toMatchObject({ code: "CONFLICT", currentStatus: "WITHDRAWN" });
    });

    it("refuses approval terms outside the need, the product and its price, each named", async () => {
      const id = await applicationUnderReview(w, await submitNeed(w, { amount: "3000000" }), plain);
      const res = await w.bank.client.gql(OPS.approve, { input: approveInput(id, "3000000.01", { annualRateBp: 381, termMonths: 40 }) });
      expect(error(res).extensions.violations.map((v: { field: string; rule: string }) => `${v.field}:${v.rule}`)).toEqual([
        "input.amount:approval.aboveNeed",
        "input.termMonths:approval.outsideProductTerm",
        "input.annualRateBp:approval.abovePublishedRate",
      ]);
      expect((await row("application", id)).status).toBe("UNDER_REVIEW");
    });

    it("refuses an approval above the quota left with CONFLICT naming what is left, and writes nothing", async () => {
      const small = (await createProduct(w, { reservedQuota: "5000000" })).id;
      const a1 = await applicationUnderReview(w, await submitNeed(w), small);
      const a2 = await applicationUnderReview(w, await submitNeed(w), small);
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(a1, "3000000") });
      const events = Number((await t.ds.query(`SELECT count(*) AS n FROM audit_event`))[0].n);
      const res = await w.bank.client.gql(OPS.approve, { input: approveInput(a2, "3000000") });
      expect(error(res).extensions).toMatchObject({ code: "CONFLICT", quotaRemaining: "2000000.00", requested: "3000000.00" });
      expect(error(res).message).toContain("has 200万元 left; this asks 300万元");
      expect((await row("application", a2)).status).toBe("UNDER_REVIEW");
      expect(await productQuota(small)).toBe("3000000.00");
      expect(Number((await t.ds.query(`SELECT count(*) AS n FROM audit_event`))[0].n)).toBe(events);
      // What fits is approved.
      expect((await w.bank.client.gqlOk(OPS.approve, { input: approveInput(a2, "2000000") })).approveApplication.status).toBe("APPROVED");
    });

    it("is idempotent for approvals", async () => {
      const id = await applicationUnderReview(w, await submitNeed(w), plain);
      const input = approveInput(id, "1000000");
      const quota0 = await productQuota(plain);
      const first = (await w.bank.client.gqlOk(OPS.approve, { input })).approveApplication;
      const retry = (await w.bank.client.gqlOk(OPS.approve, { input })).approveApplication;
      expect(retry).toEqual(first);
      expect(Number(await productQuota(plain)) - Number(quota0)).toBe(1_000_000);
      // The same amount written differently is the same request.
      expect((await w.bank.client.gqlOk(OPS.approve, { input: { ...input, amount: "1000000.0" } })).approveApplication).toEqual(first);
      const other = await w.bank.client.gql(OPS.approve, { input: { ...input, amount: "900000" } });
      expect(error(other).extensions).toMatchObject({ code: "CONFLICT", field: "input.idempotencyKey" });
    });

    it("lets only the parties act: another bank, firm or agency gets FORBIDDEN and nothing changes", async () => {
      const other = await buildDockingWorld(t);
      const id = (await apply(w, await submitNeed(w), guaranteed, { guaranteeAgencyId: w.agency.id })).data!.applyForProduct.id;
      const before = await row("application", id);
      expect(outcome(await other.bank.client.gql(OPS.startReview, { input: { id } }))).toBe("FORBIDDEN");
      expect(outcome(await other.bank.client.gql(OPS.reject, { input: { id, reasonCode: "CREDIT_RISK" } }))).toBe("FORBIDDEN");
      expect(outcome(await other.firm.client.gql(OPS.withdraw, { input: { id } }))).toBe("FORBIDDEN");
      expect(outcome(await other.agency.client.gql(OPS.decide, { input: { id, accept: true, feeBp: 10 } }))).toBe("FORBIDDEN");
      expect(outcome(await w.firm.client.gql(OPS.startReview, { input: { id } }))).toBe("FORBIDDEN");
      expect(outcome(await w.agency.client.gql(OPS.withdraw, { input: { id } }))).toBe("FORBIDDEN");
      expect(await row("application", id)).toEqual(before);
      const noGuarantee = (await apply(w, await submitNeed(w), plain)).data!.applyForProduct.id;
      const res = await w.agency.client.gql(OPS.decide, { input: { id: noGuarantee, accept: true, feeBp: 10 } });
      expect(error(res).extensions.code).toBe("FORBIDDEN");
      expect(error(res).message).toContain("asks no agency for a guarantee");
    });

    it("answers NOT_FOUND for an unknown application", async () => {
      expect(error(await w.bank.client.gql(OPS.startReview, { input: { id: randomUUID() } })).extensions).toMatchObject({ code: "NOT_FOUND", field: "input.id" });
      expect(outcome(await w.firm.client.gql(OPS.withdraw, { input: { id: "nope" } }))).toBe("NOT_FOUND");
    });
  });

  describe("renewal applications (无还本续贷): approval judges the loan the disbursement will renew", () => {
    let renewal: string; // 无还本续贷 of w.bank, 60-day window
    const auditCount = async () => Number((await t.ds.query(`SELECT count(*) AS n FROM audit_event`))[0].n);

    beforeAll(async () => {
      renewal = (await createProduct(w, { category: "RENEWAL_WITHOUT_REPAYMENT", purposes: ["RENEWAL"], renewalWindowDays: 60 })).id;
    });

    /** A PERFORMING 100万 loan of the world's firm at its bank, a RENEWAL need of 100万 naming it, and an application under review on the renewal product. */
    async function renewalUnderReview(maturesInDays = 40): Promise<{ loanId: string; needId: string; id: string }> {
      const loanId = await insertLoan(t, {
        firmId: w.firm.id,
        institutionId: w.bank.id,
        productId: plain,
        principal: "1000000.00",
        disbursedOn: addDays(w.today, -300),
        maturesOn: addDays(w.today, maturesInDays),
      });
      const needId = await submitNeed(w, { amount: "1000000", purpose: "RENEWAL", renewalOfLoanId: loanId, neededBy: addDays(w.today, maturesInDays - 10) });
      return { loanId, needId, id: await applicationUnderReview(w, needId, renewal) };
    }

    it("RENEWAL_AMOUNT_NOT_BALANCE: approving 90万 to renew a 100万 balance is a CONFLICT that writes nothing; the exact balance is approved", async () => {
      const { loanId, needId, id } = await renewalUnderReview();
      const [quota0, events0] = [await productQuota(renewal), await auditCount()];

      const res = await w.bank.client.gql(OPS.approve, { input: approveInput(id, "900000") });
      expect(outcome(res)).toBe("CONFLICT");
      expect(error(res).extensions).toMatchObject({ code: "CONFLICT", reasons: [expect.objectContaining({ code: "RENEWAL_AMOUNT_NOT_BALANCE" })] });
      expect(error(res).extensions.reasons).toHaveLength(1);
      expect(error(res).message).toContain(`Loan ${loanId} cannot be renewed with product ${renewal}`);
      expect(error(res).message).toContain("The approved 90万元 differs from the loan's outstanding 100万元");
      expect([await productQuota(renewal), (await row("application", id)).status, await needStatus(needId), await auditCount()]).toEqual([
        quota0,
        "UNDER_REVIEW",
        "OPEN",
        events0,
      ]);

      const approved = (await w.bank.client.gqlOk(OPS.approve, { input: approveInput(id, "1000000") })).approveApplication;
      expect(approved).toMatchObject({ status: "APPROVED", approvedAmount: "1000000.00", need: { status: "MATCHED" } });
      expect(Number(await productQuota(renewal)) - Number(quota0)).toBe(1_000_000);
    });

    it("RENEWAL_OUTSIDE_WINDOW / RENEWAL_LOAN_NOT_PERFORMING: a loan matured before the approval day, or no longer performing, is refused; an approval before the window opens is not", async () => {
      const matured = await renewalUnderReview();
      await t.ds.query(`UPDATE loan SET matures_on = $2 WHERE id = $1`, [matured.loanId, addDays(w.today, -1)]);
      const late = await w.bank.client.gql(OPS.approve, { input: approveInput(matured.id, "1000000") });
      expect(outcome(late)).toBe("CONFLICT");
      expect(error(late).extensions).toMatchObject({ code: "CONFLICT", reasons: [expect.objectContaining({ code: "RENEWAL_OUTSIDE_WINDOW" })] });
      expect(error(late).message).toContain("no disbursement can renew it any more");
      expect((await row("application", matured.id)).status).toBe("UNDER_REVIEW");

      const overdue = await renewalUnderReview();
      await t.ds.query(`UPDATE loan SET status = 'OVERDUE' WHERE id = $1`, [overdue.loanId]);
      const notPerforming = await w.bank.client.gql(OPS.approve, { input: approveInput(overdue.id, "1000000") });
      expect(outcome(notPerforming)).toBe("CONFLICT");
      expect(error(notPerforming).extensions).toMatchObject({ code: "CONFLICT", reasons: [expect.objectContaining({ code: "RENEWAL_LOAN_NOT_PERFORMING" })] });

      // Matures in 80 days: the 60-day window opens in 20; approving today is fine (the disbursement comes later).
      const early = await renewalUnderReview(80);
      expect((await w.bank.client.gqlOk(OPS.approve, { input: approveInput(early.id, "1000000") })).approveApplication.status).toBe("APPROVED");
    });
  });

  describe("need lifecycle", () => {
    it("refuses to withdraw a need with a live application, telling the firm to withdraw the application first", async () => {
      const needId = await submitNeed(w);
      const id = (await apply(w, needId, plain)).data!.applyForProduct.id;
      const res = await w.firm.client.gql(OPS.withdrawNeed, { input: { id: needId } });
      expect(error(res).extensions).toMatchObject({ code: "CONFLICT", liveApplicationIds: [id] });
      expect(error(res).message).toContain("Withdraw it first (withdrawApplication), then the need.");
      await w.firm.client.gqlOk(OPS.withdraw, { input: { id } });
      expect((await w.firm.client.gqlOk(OPS.withdrawNeed, { input: { id: needId } })).withdrawFinancingNeed.status).toBe("WITHDRAWN");
    });

    it("expires needs past needed-by + 30 days without a live application, with an audit event each", async () => {
      const [due, lastDay, busy, matched] = [await submitNeed(w), await submitNeed(w), await submitNeed(w), await submitNeed(w)];
      await applicationUnderReview(w, busy, plain);
      const matchedApp = await applicationUnderReview(w, matched, plain);
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(matchedApp, "1000000") });
      await t.ds.query(`UPDATE financing_need SET needed_by = $2 WHERE id = ANY($1)`, [[due, busy, matched], addDays(w.today, -31)]);
      await t.ds.query(`UPDATE financing_need SET needed_by = $2 WHERE id = $1`, [lastDay, addDays(w.today, -30)]);

      const result = (await t.gqlOk(`mutation { expireFinancingNeeds { today cutoff expiredCount expiredNeedIds } }`)).expireFinancingNeeds;
      // (Other tests of this file left a stale need or two; only this test's four are looked at.)
      expect(result).toMatchObject({ today: w.today, cutoff: addDays(w.today, -30), expiredCount: result.expiredNeedIds.length });
      expect(result.expiredNeedIds.filter((id: string) => [due, lastDay, busy, matched].includes(id))).toEqual([due]);
      expect([await needStatus(due), await needStatus(lastDay), await needStatus(busy), await needStatus(matched)]).toEqual(["EXPIRED", "OPEN", "OPEN", "MATCHED"]);
      const [event] = await t.ds.query(`SELECT actor_role, before->>'status' AS b, after->>'status' AS a, region_code FROM audit_event WHERE record_id = $1 AND operation = 'expireFinancingNeeds'`, [due]);
      expect(event).toEqual({ actor_role: "ADMIN", b: "OPEN", a: "EXPIRED", region_code: "140502" });

      // Once its application is closed, the busy need expires on the next run; a second run finds nothing more.
      const busyApp = (await t.ds.query(`SELECT id FROM application WHERE need_id = $1`, [busy]))[0].id;
      await w.bank.client.gqlOk(OPS.reject, { input: { id: busyApp, reasonCode: "CREDIT_RISK" } });
      expect((await t.gqlOk(`mutation { expireFinancingNeeds { expiredNeedIds } }`)).expireFinancingNeeds.expiredNeedIds).toEqual([busy]);
      expect((await t.gqlOk(`mutation { expireFinancingNeeds { expiredCount } }`)).expireFinancingNeeds.expiredCount).toBe(0);
      expect(outcome(await w.bank.client.gql(`mutation { expireFinancingNeeds { expiredCount } }`))).toBe("FORBIDDEN");
    });
  });

  describe("the scheduled expiry job", () => {
    it("runs at once and on its interval as the system actor, and stops when asked", async () => {
      const stale = await submitNeed(w);
      await t.ds.query(`UPDATE financing_need SET needed_by = $2 WHERE id = $1`, [stale, addDays(w.today, -45)]);
      const messages: string[] = [];
      const stop = scheduleNeedExpiry(t.app.services.needLifecycle, { intervalMs: 20, log: (m) => messages.push(m) });
      try {
        for (let i = 0; i < 100 && (await needStatus(stale)) !== "EXPIRED"; i++) await new Promise((r) => setTimeout(r, 20));
        expect(await needStatus(stale)).toBe("EXPIRED");
        // A need that goes stale later is caught by a later tick.
        const later = await submitNeed(w);
        await t.ds.query(`UPDATE financing_need SET needed_by = $2 WHERE id = $1`, [later, addDays(w.today, -45)]);
        for (let i = 0; i < 100 && (await needStatus(later)) !== "EXPIRED"; i++) await new Promise((r) => setTimeout(r, 20));
        expect(await needStatus(later)).toBe("EXPIRED");
      } finally {
        stop();
      }
      expect(messages.some((m) => /^Need expiry: \d+ need\(s\) needed by a date before .* marked EXPIRED\.$/.test(m))).toBe(true);
      const [event] = await t.ds.query(`SELECT actor_id, actor_role FROM audit_event WHERE record_id = $1 AND operation = 'expireFinancingNeeds'`, [stale]);
      expect(event).toEqual({ actor_id: "system:need-expiry-job", actor_role: "ADMIN" });
    });
  });

  describe("reads", () => {
    let appId: string;
    let other: DockingWorld;
    const READ = `query($id: ID!) { application(id: $id) { id status firm { id } need { id } product { id } guaranteeAgency { id } } }`;
    const LIST = `query($filter: ApplicationFilter) { applications(first: 100, filter: $filter) { totalCount edges { node { id } } } }`;

    beforeAll(async () => {
      other = await buildDockingWorld(t);
      appId = (await apply(w, await submitNeed(w), guaranteed, { guaranteeAgencyId: w.agency.id })).data!.applyForProduct.id;
    });

    it.each<[string, (w: DockingWorld, o: DockingWorld, t: TestApp) => Promise<ApiClient> | ApiClient, string]>([
      ["its firm", (w) => w.firm.client, "ok"],
      ["its bank", (w) => w.bank.client, "ok"],
      ["its guarantor", (w) => w.agency.client, "ok"],
      ["a regulator of 140000", (_w, _o, t) => t.as({ role: Role.REGULATOR, regionCode: "140000" }), "ok"],
      ["a bureau of 140502", (_w, _o, t) => t.as({ role: Role.BUREAU, regionCode: "140502" }), "ok"],
      ["ADMIN", (_w, _o, t) => t, "ok"],
      ["another firm", (_w, o) => o.firm.client, "NOT_FOUND"],
      ["another bank", (_w, o) => o.bank.client, "NOT_FOUND"],
      ["another agency", (_w, o) => o.agency.client, "NOT_FOUND"],
      ["a regulator of 330000", (_w, _o, t) => t.as({ role: Role.REGULATOR, regionCode: "330000" }), "NOT_FOUND"],
      ["a bureau of 140581", (_w, _o, t) => t.as({ role: Role.BUREAU, regionCode: "140581" }), "NOT_FOUND"],
    ])("application(id) as %s: %s, and listed accordingly", async (_name, client, expected) => {
      const c = await client(w, other, t);
      const res = await c.gql(READ, { id: appId });
      expect(outcome(res)).toBe(expected);
      if (expected === "ok") expect(res.data!.application).toEqual({ id: appId, status: "SUBMITTED", firm: { id: w.firm.id }, need: { id: expect.any(String) }, product: { id: guaranteed }, guaranteeAgency: { id: w.agency.id } });
      const listed = (await c.gqlOk(LIST, { filter: { productId: guaranteed } })).applications.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(listed.includes(appId)).toBe(expected === "ok");
    });

    it("filters by status, firm, bank, agency and guarantee decision", async () => {
      const ids = async (filter: Record<string, unknown>) =>
        (await t.gqlOk(LIST, { filter })).applications.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
      expect(await ids({ firmId: w.firm.id, status: "SUBMITTED", guaranteeDecision: "REQUESTED" })).toContain(appId);
      expect(await ids({ institutionId: w.bank.id, guaranteeAgencyId: w.agency.id })).toContain(appId);
      expect(await ids({ firmId: other.firm.id })).toEqual([]);
      expect(await ids({ institutionId: other.bank.id })).toEqual([]);
      expect(await ids({ status: "DISBURSED" })).toEqual([]);
      expect(outcome(await t.gql(LIST, { filter: { needId: "x" } }))).toBe("NOT_FOUND");
    });

    it("pages with cursors", async () => {
      const page = async (after?: string) =>
        (await w.firm.client.gqlOk(`query($after: String) { applications(first: 3, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }`, { after }))
          .applications;
      const all: string[] = [];
      let p = await page();
      for (;;) {
        all.push(...p.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!p.pageInfo.hasNextPage) break;
        p = await page(p.pageInfo.endCursor);
      }
      expect(all.length).toBe(p.totalCount);
      expect(new Set(all).size).toBe(all.length);
    });

    it("runs as many SQL statements for 8 nested applications as for 2 (DataLoaders, no N+1)", async () => {
      const fresh = await buildDockingWorld(t);
      const product = (await createProduct(fresh)).id;
      const NESTED = `query($first: Int, $filter: ApplicationFilter) { applications(first: $first, filter: $filter) {
        totalCount edges { node { id status firm { name effectiveTier { tier } } need { amount firm { name } }
        product { name quotaRemaining institution { shortName } } guaranteeAgency { name } } } } }`;
      for (let i = 0; i < 8; i++) await apply(fresh, await submitNeed(fresh), product);
      const countFor = async (first: number) => {
        t.statements.reset();
        const data = await fresh.firm.client.gqlOk(NESTED, { first, filter: { productId: product } });
        expect(data.applications.edges).toHaveLength(first);
        return t.statements.count;
      };
      const small = await countFor(2);
      const large = await countFor(8);
      expect(large).toBe(small);
      expect(small).toBeLessThanOrEqual(8);
    });
  });

  describe("optimistic locking of products", () => {
    it("approvals do not move a product's version; a stale version still gets CONFLICT and a reserve below the committed amount is refused", async () => {
      const product = await createProduct(w, { reservedQuota: "10000000" });
      const id = await applicationUnderReview(w, await submitNeed(w), product.id);
      await w.bank.client.gqlOk(OPS.approve, { input: approveInput(id, "3000000") });
      const UPDATE = `mutation($input: UpdateLoanProductInput!) { updateLoanProduct(input: $input) { version reservedQuota usedQuota } }`;
      const below = await w.bank.client.gql(UPDATE, { input: { id: product.id, version: product.version, reservedQuota: "2999999.99" } });
      expect(error(below).extensions).toMatchObject({ code: "CONFLICT", field: "input.reservedQuota" });
      const ok = (await w.bank.client.gqlOk(UPDATE, { input: { id: product.id, version: product.version, reservedQuota: "3000000" } })).updateLoanProduct;
      expect(ok).toEqual({ version: product.version + 1, reservedQuota: "3000000.00", usedQuota: "3000000.00" });
      const stale = await w.bank.client.gql(UPDATE, { input: { id: product.id, version: product.version, reservedQuota: "9000000" } });
      expect(error(stale).extensions).toMatchObject({ code: "CONFLICT", field: "input.version", currentVersion: product.version + 1 });
    });
  });
});
