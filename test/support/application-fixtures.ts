import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { addDays, toChinaDate } from "../../src/domain/dates";
import { createInstitution, recordCertification, registerFirm } from "./fixtures";
import type { ApiClient, GraphQLResponse, TestApp } from "./test-app";

/**
 * Builders for the application workflow's integration tests (docs/workflow.md): a bank, a certified
 * firm, a guarantee agency with a 总对总 agreement, all in 晋城 (140500), arranged through the API
 * as the role that may create each; then products, needs and applications on demand.
 */
export const APPLICATION_FIELDS = `id status need { id status } product { id } guaranteeAgency { id } guaranteeDecision guaranteeFeeBp
  approvedAmount approvedRateBp approvedTermMonths rejectionReasonCode rejectionNote submittedAt reviewStartedAt approvedAt closedAt version`;

export const OPS = {
  apply: `mutation($input: ApplyForProductInput!) { applyForProduct(input: $input) { ${APPLICATION_FIELDS} } }`,
  startReview: `mutation($input: StartReviewInput!) { startReview(input: $input) { ${APPLICATION_FIELDS} } }`,
  approve: `mutation($input: ApproveApplicationInput!) { approveApplication(input: $input) { ${APPLICATION_FIELDS} } }`,
  reject: `mutation($input: RejectApplicationInput!) { rejectApplication(input: $input) { ${APPLICATION_FIELDS} } }`,
  withdraw: `mutation($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { ${APPLICATION_FIELDS} } }`,
  decide: `mutation($input: DecideGuaranteeInput!) { decideGuarantee(input: $input) { ${APPLICATION_FIELDS} } }`,
  need: `mutation($input: SubmitFinancingNeedInput!) { submitFinancingNeed(input: $input) { id status } }`,
  withdrawNeed: `mutation($input: WithdrawFinancingNeedInput!) { withdrawFinancingNeed(input: $input) { id status } }`,
  product: `mutation($input: CreateLoanProductInput!) { createLoanProduct(input: $input) { id version } }`,
  agency: `mutation($input: CreateGuaranteeAgencyInput!) { createGuaranteeAgency(input: $input) { id } }`,
  agreement: `mutation($input: CreateGuaranteeAgreementInput!) { createGuaranteeAgreement(input: $input) { id } }`,
};

export interface Party {
  id: string;
  client: ApiClient;
}

export interface DockingWorld {
  today: string;
  bank: Party;
  firm: Party;
  agency: Party;
  agreementId: string;
}

let seq = 0;
const next = () => `${process.pid % 10000}-${++seq}`;

/** The first error's code and the error, or "ok". */
export function outcome(res: GraphQLResponse): string {
  return res.errors?.length ? String(res.errors[0]!.extensions?.code) : "ok";
}

/** A bank, a firm certified 省级专精特新 until 2030, an agency serving 140500 with an agreement with the bank. */
export async function buildDockingWorld(t: TestApp, opts: { agencyCapacity?: string; agreementLine?: string | null } = {}): Promise<DockingWorld> {
  const today = toChinaDate(new Date());
  const bankId = await createInstitution(t, `申请流程测试银行${next()}`, "140500");
  const firm = await registerFirm(t, { regionCode: "140502", size: "SMALL" });
  await recordCertification(t, firm.id, { tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2024-01-01", expiresOn: "2030-12-31" });
  const agencyId = (
    await t.gqlOk(OPS.agency, {
      input: {
        name: `申请流程测试融资担保${next()}`,
        regionCode: "140500",
        tiersServed: ["SPECIALIZED_SME", "LITTLE_GIANT"],
        feeRateBp: 80,
        maxAmountPerFirm: "20000000",
        capacity: opts.agencyCapacity ?? "500000000",
      },
    })
  ).createGuaranteeAgency.id as string;
  const agency = { id: agencyId, client: await t.as({ role: Role.GUARANTOR, orgId: agencyId }) };
  const agreementId = (
    await agency.client.gqlOk(OPS.agreement, {
      input: {
        institutionId: bankId,
        agencyId,
        bankRiskShareBp: 3000,
        agreedFeeRateBp: 60,
        validFrom: "2025-01-01",
        ...(opts.agreementLine === undefined ? { creditLine: "300000000" } : opts.agreementLine === null ? {} : { creditLine: opts.agreementLine }),
      },
    })
  ).createGuaranteeAgreement.id as string;
  return {
    today,
    bank: { id: bankId, client: await t.as({ role: Role.BANK, orgId: bankId }) },
    firm: { id: firm.id, client: await t.as({ role: Role.FIRM, orgId: firm.id }) },
    agency,
    agreementId,
  };
}

/** A product of the world's bank serving 140500: fixed 380 bp, 50万–1000万, 6–36 months, working capital, credit. */
export async function createProduct(w: DockingWorld, overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  return (
    await w.bank.client.gqlOk(OPS.product, {
      input: {
        institutionId: w.bank.id,
        code: `APP-${next()}`,
        name: `申请流程测试专精特新贷${next()}`,
        category: "SRDI_LOAN",
        servedRegionCodes: ["140500"],
        minAmount: "500000",
        maxAmount: "10000000",
        minTermMonths: 6,
        maxTermMonths: 36,
        purposes: ["WORKING_CAPITAL"],
        acceptedCollateral: ["NONE"],
        pricingType: "FIXED",
        fixedRateBp: 380,
        approvalDays: 7,
        reservedQuota: "100000000",
        validFrom: "2025-01-01",
        ...overrides,
      },
    })
  ).createLoanProduct;
}

/** An OPEN need of the world's firm, open to all banks, needed in 30 days. */
export async function submitNeed(w: DockingWorld, overrides: Record<string, unknown> = {}): Promise<string> {
  return (
    await w.firm.client.gqlOk(OPS.need, {
      input: { firmId: w.firm.id, amount: "3000000", termMonths: 12, purpose: "WORKING_CAPITAL", neededBy: addDays(w.today, 30), idempotencyKey: randomUUID(), ...overrides },
    })
  ).submitFinancingNeed.id as string;
}

/** Applies as the firm; returns the raw response. */
export function apply(w: DockingWorld, needId: string, productId: string, extra: Record<string, unknown> = {}): Promise<GraphQLResponse<any>> {
  return w.firm.client.gql(OPS.apply, { input: { needId, productId, idempotencyKey: randomUUID(), ...extra } });
}

/** Applies and starts the review: an UNDER_REVIEW application's id. */
export async function applicationUnderReview(w: DockingWorld, needId: string, productId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await apply(w, needId, productId, extra);
  if (res.errors?.length) throw new Error(`applyForProduct failed: ${JSON.stringify(res.errors)}`);
  const id = res.data!.applyForProduct.id as string;
  await w.bank.client.gqlOk(OPS.startReview, { input: { id } });
  return id;
}

export function approveInput(id: string, amount: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, amount, annualRateBp: 380, termMonths: 12, idempotencyKey: randomUUID(), ...overrides };
}
