import { randomInt } from "node:crypto";
import { Role } from "../../src/domain/access";
import { makeCreditCode } from "../../src/domain/credit-code";
import { ApplicationStatus, GuaranteeDecision } from "../../src/domain/enums";
import { Application } from "../../src/modules/application/application.entity";
import type { TokenClaims } from "../../src/modules/auth/token.service";
import type { ApiClient, TestApp } from "./test-app";

/**
 * The world of the access-control tests (docs/access.md, test/integration/access-matrix.test.ts):
 * three tenants in two regions, each with a bank, a firm, a guarantee agency and what belongs to
 * them, and one viewer per role sitting in tenant A.
 *
 * - HOME region 140500 (晋城): tenant A (firm in 140502) and tenant B (firm in 140581);
 * - OTHER region 530000 (云南): tenant C (firm in 530102).
 *
 * Everything is arranged through the API as the role that may create it (ADMIN where it may),
 * and with direct inserts where no API exists yet (applications).
 */
export type TenantKey = "A" | "B" | "C";

export interface Tenant {
  key: TenantKey;
  /** The tenant's region: where its bank and agency sit and what its product serves. */
  regionCode: string;
  /** The region its firm is registered in (inside `regionCode`). */
  firmRegionCode: string;
  bankId: string;
  bankName: string;
  firmId: string;
  firmName: string;
  firmCreditCode: string;
  agencyId: string;
  agencyName: string;
  agencyFeeRateBp: number;
  certificationId: string;
  productId: string;
  agreementId: string;
  /** A need of the firm visible only to the tenant's own bank (SELECTED_BANKS). */
  needId: string;
  /** need × product, asking the tenant's agency for a guarantee (SUBMITTED, REQUESTED). */
  applicationId: string;
  policyId: string;
  policyName: string;
}

export interface AccessWorld {
  A: Tenant;
  B: Tenant;
  C: Tenant;
  /** An LPR row recorded by the fixture, to find in `lprRates`. */
  lpr: { id: string; tenor: string; effectiveOn: string };
  /** The viewer of each role (all of them in tenant A or its region). */
  claims: Record<Role, Omit<TokenClaims, "sub">>;
  clients: Record<Role, ApiClient>;
}

const TENANTS: ReadonlyArray<{ key: TenantKey; regionCode: string; firmRegionCode: string; label: string }> = [
  { key: "A", regionCode: "140500", firmRegionCode: "140502", label: "甲" },
  { key: "B", regionCode: "140500", firmRegionCode: "140581", label: "乙" },
  { key: "C", regionCode: "530000", firmRegionCode: "530102", label: "丙" },
];

const CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
let seq = 0;

/** A short unique suffix for names and codes within one test run. */
export function unique(): string {
  seq++;
  return `${process.pid % 10000}-${seq}-${randomInt(1_000_000)}`;
}

/** A fresh, valid 统一社会信用代码 registered in `regionCode` (built with makeCreditCode). */
export function freshCreditCode(regionCode: string): string {
  let body = "MA";
  for (let i = 0; i < 6; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return makeCreditCode("91", regionCode, body);
}

/** A date no earlier run of this file used, for inputs unique by date (LPR, agreements). */
let dayOffset = 0;
export function freshDate(): string {
  dayOffset++;
  const d = new Date(Date.UTC(2001, 0, 1) + dayOffset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

export function firmInput(regionCode: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const creditCode = (overrides.creditCode as string | undefined) ?? freshCreditCode(regionCode);
  return {
    creditCode,
    name: `访问控制测试企业${creditCode.slice(-8)}有限公司`,
    regionCode,
    industryCode: "C3411",
    size: "SMALL",
    foundedOn: "2015-03-01",
    ...overrides,
  };
}

export function certificationInput(firmId: string): Record<string, unknown> {
  return {
    firmId,
    tier: "SPECIALIZED_SME",
    level: "PROVINCIAL",
    authority: "山西省工业和信息化厅",
    certificateNo: `ACL-${unique()}`,
    issuedOn: "2024-01-01",
    expiresOn: "2027-01-01",
  };
}

export function productInput(institutionId: string, servedRegionCode: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    institutionId,
    code: `ACL-${unique()}`,
    name: "访问控制测试专精特新贷",
    category: "SRDI_LOAN",
    servedRegionCodes: [servedRegionCode],
    minAmount: "100000",
    maxAmount: "10000000",
    minTermMonths: 6,
    maxTermMonths: 36,
    purposes: ["WORKING_CAPITAL"],
    acceptedCollateral: ["NONE"],
    pricingType: "FIXED",
    fixedRateBp: 380,
    approvalDays: 7,
    reservedQuota: "100000000",
    validFrom: "2026-01-01",
    ...overrides,
  };
}

export function agencyInput(regionCode: string): Record<string, unknown> {
  return {
    name: `访问控制测试融资担保机构${unique()}`,
    regionCode,
    tiersServed: ["SPECIALIZED_SME", "LITTLE_GIANT"],
    feeRateBp: 80,
    maxAmountPerFirm: "10000000.00",
    capacity: "2000000000.00",
  };
}

export function agreementInput(agencyId: string, institutionId: string): Record<string, unknown> {
  return { institutionId, agencyId, bankRiskShareBp: 3000, agreedFeeRateBp: 60, validFrom: freshDate() };
}

export function policyInput(regionCode: string): Record<string, unknown> {
  return {
    kind: "INTEREST_SUBSIDY",
    name: `访问控制测试贴息政策${unique()}`,
    issuer: "访问控制测试财政局",
    regionCode,
    subsidyBp: 100,
    durationMonths: 12,
    validFrom: "2025-01-01",
  };
}

/** A need of `firmId` that only `bankId` may see. */
export function needInput(firmId: string, bankId: string): Record<string, unknown> {
  return {
    firmId,
    amount: "3000000",
    termMonths: 12,
    purpose: "WORKING_CAPITAL",
    neededBy: "2030-06-30",
    visibility: "SELECTED_BANKS",
    visibleToInstitutionIds: [bankId],
    description: "访问控制测试融资需求",
    idempotencyKey: `acl-need-${unique()}`,
  };
}

const M = {
  institution: `mutation($input: CreateFinancialInstitutionInput!) { createFinancialInstitution(input: $input) { id } }`,
  firm: `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id } }`,
  certification: `mutation($input: RecordCertificationInput!) { recordCertification(input: $input) { id } }`,
  agency: `mutation($input: CreateGuaranteeAgencyInput!) { createGuaranteeAgency(input: $input) { id } }`,
  agreement: `mutation($input: CreateGuaranteeAgreementInput!) { createGuaranteeAgreement(input: $input) { id } }`,
  product: `mutation($input: CreateLoanProductInput!) { createLoanProduct(input: $input) { id version } }`,
  need: `mutation($input: SubmitFinancingNeedInput!) { submitFinancingNeed(input: $input) { id } }`,
  policy: `mutation($input: CreateIncentivePolicyInput!) { createIncentivePolicy(input: $input) { id } }`,
  lpr: `mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id tenor effectiveOn } }`,
};

/** A fresh certification of the firm, recorded by the ADMIN. */
export async function createCertification(t: TestApp, firmId: string): Promise<string> {
  return (await t.gqlOk(M.certification, { input: certificationInput(firmId) })).recordCertification.id;
}

/** A fresh ACTIVE product of the bank, published by the bank itself. */
export async function createProduct(t: TestApp, bankId: string, servedRegionCode: string): Promise<{ id: string; version: number }> {
  const bank = await t.as({ role: Role.BANK, orgId: bankId });
  return (await bank.gqlOk(M.product, { input: productInput(bankId, servedRegionCode) })).createLoanProduct;
}

/** A fresh OPEN need of the firm, submitted by the firm itself, visible only to `bankId`. */
export async function createNeed(t: TestApp, firmId: string, bankId: string): Promise<string> {
  const firm = await t.as({ role: Role.FIRM, orgId: firmId });
  return (await firm.gqlOk(M.need, { input: needInput(firmId, bankId) })).submitFinancingNeed.id;
}

async function buildTenant(t: TestApp, spec: (typeof TENANTS)[number]): Promise<Tenant> {
  const suffix = unique();
  const bankName = `访问控制测试${spec.label}银行${suffix}`;
  const bankId = (
    await t.gqlOk(M.institution, { input: { name: bankName, shortName: `${spec.label}银行${suffix}`.slice(0, 20), type: "CITY_COMMERCIAL_BANK", regionCode: spec.regionCode } })
  ).createFinancialInstitution.id as string;

  const firmName = `访问控制${spec.label}企业${suffix}有限公司`;
  const firm = firmInput(spec.firmRegionCode, { name: firmName, pairedBankId: bankId });
  const firmId = (await t.gqlOk(M.firm, { input: firm })).registerFirm.id as string;
  const certificationId = await createCertification(t, firmId);

  const agencyName = `访问控制${spec.label}担保${suffix}`;
  const agencyId = (await t.gqlOk(M.agency, { input: { ...agencyInput(spec.regionCode), name: agencyName } })).createGuaranteeAgency.id as string;
  const guarantor = await t.as({ role: Role.GUARANTOR, orgId: agencyId });
  const agreementId = (await guarantor.gqlOk(M.agreement, { input: agreementInput(agencyId, bankId) })).createGuaranteeAgreement.id as string;

  const product = await createProduct(t, bankId, spec.regionCode);
  const needId = await createNeed(t, firmId, bankId);

  const application = await t.ds.getRepository(Application).save(
    t.ds.getRepository(Application).create({
      needId,
      productId: product.id,
      guaranteeAgencyId: agencyId,
      status: ApplicationStatus.SUBMITTED,
      guaranteeDecision: GuaranteeDecision.REQUESTED,
    }),
  );

  const bureau = await t.as({ role: Role.BUREAU, regionCode: spec.regionCode });
  const policyName = `访问控制${spec.label}贴息${suffix}`;
  const policyId = (await bureau.gqlOk(M.policy, { input: { ...policyInput(spec.regionCode), name: policyName } })).createIncentivePolicy.id as string;

  return {
    key: spec.key,
    regionCode: spec.regionCode,
    firmRegionCode: spec.firmRegionCode,
    bankId,
    bankName,
    firmId,
    firmName,
    firmCreditCode: firm.creditCode as string,
    agencyId,
    agencyName,
    agencyFeeRateBp: 80,
    certificationId,
    productId: product.id,
    agreementId,
    needId,
    applicationId: application.id,
    policyId,
    policyName,
  };
}

/** Builds the three tenants and one client per role (FIRM, BANK and GUARANTOR of tenant A; BUREAU and REGULATOR of 140500). */
export async function buildAccessWorld(t: TestApp): Promise<AccessWorld> {
  const [A, B, C] = [await buildTenant(t, TENANTS[0]!), await buildTenant(t, TENANTS[1]!), await buildTenant(t, TENANTS[2]!)];
  const lpr = (await t.gqlOk(M.lpr, { input: { tenor: "ONE_YEAR", effectiveOn: freshDate(), rateBp: 310 } })).setLprRate;

  const claims: AccessWorld["claims"] = {
    [Role.FIRM]: { role: Role.FIRM, orgId: A.firmId },
    [Role.BANK]: { role: Role.BANK, orgId: A.bankId },
    [Role.GUARANTOR]: { role: Role.GUARANTOR, orgId: A.agencyId },
    [Role.BUREAU]: { role: Role.BUREAU, regionCode: "140500" },
    [Role.REGULATOR]: { role: Role.REGULATOR, regionCode: "140500" },
    [Role.ADMIN]: { role: Role.ADMIN },
  };
  const clients = {} as Record<Role, ApiClient>;
  for (const role of Object.values(Role)) clients[role] = role === Role.ADMIN ? t : await t.as(claims[role]);
  return { A, B, C, lpr, claims, clients };
}
