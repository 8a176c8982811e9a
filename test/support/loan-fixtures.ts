import { Role } from "../../src/domain/access";
import { addDays, toChinaDate } from "../../src/domain/dates";
import { ApplicationStatus } from "../../src/domain/enums";
import { Application } from "../../src/modules/application/application.entity";
import type { TestApp } from "./test-app";

/**
 * Direct inserts for the loan tests (docs/workflow.md, "Loans and renewals") where arranging through the API would need a
 * whole docking per record: an APPROVED application (with the quota an approval commits) and a
 * running loan (with the quota it holds). The books stay consistent: whatever is inserted as
 * committed is added to the product's used quota (and the agency's used capacity).
 */

/** An APPROVED application of `needId` × `productId`, its amount committed on the product like approveApplication does. */
export async function insertApprovedApplication(
  t: TestApp,
  input: { needId: string; productId: string; amount: string; rateBp?: number; termMonths?: number; approvedAt?: Date },
): Promise<string> {
  const repo = t.ds.getRepository(Application);
  const app = await repo.save(
    repo.create({
      needId: input.needId,
      productId: input.productId,
      guaranteeAgencyId: null,
      guaranteeDecision: null,
      status: ApplicationStatus.APPROVED,
      approvedAmount: input.amount,
      approvedRateBp: input.rateBp ?? 350,
      approvedTermMonths: input.termMonths ?? 12,
      approvedAt: input.approvedAt ?? new Date(),
      reviewStartedAt: input.approvedAt ?? new Date(),
    }),
  );
  await t.ds.query(`UPDATE loan_product SET used_quota = used_quota + $1::numeric WHERE id = $2`, [input.amount, input.productId]);
  return app.id;
}

/** A PERFORMING loan, its outstanding committed on the product (and the agency's capacity when guaranteed). */
export async function insertLoan(
  t: TestApp,
  input: {
    firmId: string;
    institutionId: string;
    productId: string;
    principal: string;
    outstanding?: string;
    disbursedOn: string;
    maturesOn: string;
    guaranteeAgencyId?: string | null;
    guaranteeAgreementId?: string | null;
    status?: string;
  },
): Promise<string> {
  const outstanding = input.outstanding ?? input.principal;
  const [{ id }] = await t.ds.query(
    `INSERT INTO loan (firm_id, institution_id, product_id, guarantee_agency_id, guarantee_agreement_id, guarantee_fee_bp,
                       principal, outstanding, annual_rate_bp, disbursed_on, matures_on, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 350, $9, $10, $11) RETURNING id`,
    [
      input.firmId,
      input.institutionId,
      input.productId,
      input.guaranteeAgencyId ?? null,
      input.guaranteeAgreementId ?? null,
      input.guaranteeAgencyId ? 60 : null,
      input.principal,
      outstanding,
      input.disbursedOn,
      input.maturesOn,
      input.status ?? "PERFORMING",
    ],
  );
  await t.ds.query(`UPDATE loan_product SET used_quota = used_quota + $1::numeric WHERE id = $2`, [outstanding, input.productId]);
  if (input.guaranteeAgencyId) {
    await t.ds.query(`UPDATE guarantee_agency SET used_capacity = used_capacity + $1::numeric WHERE id = $2`, [outstanding, input.guaranteeAgencyId]);
  }
  if (input.guaranteeAgreementId) {
    await t.ds.query(`UPDATE guarantee_agreement SET used_line = used_line + $1::numeric WHERE id = $2`, [outstanding, input.guaranteeAgreementId]);
  }
  return id as string;
}


/** What the access matrix needs of a tenant (test/support/access-fixtures.ts's Tenant). */
interface LoanTenant {
  key: string;
  regionCode: string;
  firmId: string;
  bankId: string;
  productId: string;
  agencyId: string;
  agreementId: string;
}

const tenantLoans = new Map<string, Promise<string>>();
const renewalProducts = new Map<string, Promise<string>>();

/** A loan of the tenant's firm at its bank, guaranteed by its agency (created once per tenant and test app). */
export function tenantLoan(t: TestApp, x: LoanTenant): Promise<string> {
  const cacheKey = `${t.url}:${x.key}`;
  let loan = tenantLoans.get(cacheKey);
  if (!loan) {
    loan = freshTenantLoan(t, x);
    tenantLoans.set(cacheKey, loan);
  }
  return loan;
}

/** A fresh PERFORMING 100万 loan of the tenant, guaranteed by its agency, maturing in 10 days (inside a 30-day renewal window). */
export function freshTenantLoan(t: TestApp, x: LoanTenant): Promise<string> {
  const today = toChinaDate(new Date());
  return insertLoan(t, {
    firmId: x.firmId,
    institutionId: x.bankId,
    productId: x.productId,
    principal: "1000000.00",
    disbursedOn: addDays(today, -355),
    maturesOn: addDays(today, 10),
    guaranteeAgencyId: x.agencyId,
    guaranteeAgreementId: x.agreementId,
  });
}

/** A 无还本续贷 product of the tenant's bank (30-day window), published by the bank (once per tenant and test app). */
export function tenantRenewalProduct(t: TestApp, x: LoanTenant): Promise<string> {
  const cacheKey = `${t.url}:${x.key}`;
  let product = renewalProducts.get(cacheKey);
  if (!product) {
    product = (async () => {
      const bank = await t.as({ role: Role.BANK, orgId: x.bankId });
      const data = await bank.gqlOk(`mutation($input: CreateLoanProductInput!) { createLoanProduct(input: $input) { id } }`, {
        input: {
          institutionId: x.bankId,
          code: `RNW-${x.key}-${Date.now() % 1_000_000}`,
          name: "访问控制测试无还本续贷",
          category: "RENEWAL_WITHOUT_REPAYMENT",
          servedRegionCodes: [x.regionCode],
          minAmount: "100000",
          maxAmount: "10000000",
          minTermMonths: 6,
          maxTermMonths: 36,
          purposes: ["RENEWAL"],
          acceptedCollateral: ["NONE"],
          pricingType: "FIXED",
          fixedRateBp: 380,
          approvalDays: 3,
          reservedQuota: "1000000000",
          validFrom: "2026-01-01",
          renewalWindowDays: 30,
        },
      });
      return data.createLoanProduct.id as string;
    })();
    renewalProducts.set(cacheKey, product);
  }
  return product;
}
