import { Application } from "../modules/application/application.entity";
import { AuditEvent } from "../modules/audit/audit-event.entity";
import { Certification } from "../modules/certification/certification.entity";
import { DockingEvent } from "../modules/docking-event/docking-event.entity";
import { Firm } from "../modules/firm/firm.entity";
import { GuaranteeAgency } from "../modules/guarantee/guarantee-agency.entity";
import { GuaranteeAgreement } from "../modules/guarantee/guarantee-agreement.entity";
import { IncentivePolicy } from "../modules/incentive/incentive-policy.entity";
import { FinancialInstitution } from "../modules/institution/financial-institution.entity";
import { Loan } from "../modules/loan/loan.entity";
import { LoanProduct } from "../modules/loan-product/loan-product.entity";
import { LoanProductTierDiscount } from "../modules/loan-product/loan-product-tier-discount.entity";
import { LprRate } from "../modules/lpr/lpr-rate.entity";
import { FinancingNeed } from "../modules/need/financing-need.entity";
import { IdempotencyKey } from "../modules/idempotency/idempotency-key.entity";

/** Every TypeORM entity, in one list for the data source. */
export const ENTITIES = [
  Application,
  AuditEvent,
  Certification,
  DockingEvent,
  FinancialInstitution,
  FinancingNeed,
  Firm,
  GuaranteeAgency,
  GuaranteeAgreement,
  IdempotencyKey,
  IncentivePolicy,
  Loan,
  LoanProduct,
  LoanProductTierDiscount,
  LprRate,
];
