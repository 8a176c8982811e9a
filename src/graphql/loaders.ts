import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { Certification } from "../modules/certification/certification.entity";
import { Firm } from "../modules/firm/firm.entity";
import { GuaranteeAgency } from "../modules/guarantee/guarantee-agency.entity";
import { GuaranteeAgreement } from "../modules/guarantee/guarantee-agreement.entity";
import { FinancialInstitution } from "../modules/institution/financial-institution.entity";
import { LoanProduct } from "../modules/loan-product/loan-product.entity";
import { LoanProductTierDiscount } from "../modules/loan-product/loan-product-tier-discount.entity";
import { Loan } from "../modules/loan/loan.entity";
import { LprRate } from "../modules/lpr/lpr-rate.entity";
import { FinancingNeed } from "../modules/need/financing-need.entity";
import type { NodeLoaders } from "../modules/node/node.service";
import { byIdLoader, groupLoader } from "./loader-factory";

/**
 * The per-request DataLoaders, named by what they return and their key. A new context gets new
 * loaders, so nothing is cached across requests or users.
 */
export function createLoaders(ds: DataSource) {
  return {
    firmById: byIdLoader(ds, Firm),
    institutionById: byIdLoader(ds, FinancialInstitution),
    productById: byIdLoader(ds, LoanProduct),
    agencyById: byIdLoader(ds, GuaranteeAgency),
    needById: byIdLoader(ds, FinancingNeed),
    loanById: byIdLoader(ds, Loan),
    /** The loan that renewed each loan (at most one: uq_loan_renews_loan). */
    loansByRenewsLoanId: groupLoader(ds, Loan, "renewsLoanId", "r.created_at"),
    certificationsByFirmId: groupLoader(ds, Certification, "firmId", "r.issued_on"),
    agreementsByAgencyId: groupLoader(ds, GuaranteeAgreement, "agencyId", "r.valid_from"),
    tierDiscountsByProductId: groupLoader(ds, LoanProductTierDiscount, "productId", "r.tier"),
    /** Every recorded LPR of each requested tenor, oldest first: pick one with lprInForce (src/domain/pricing.ts). */
    lprRatesByTenor: groupLoader(ds, LprRate, "tenor", "r.effective_on"),
    /** node/nodes: the caller's visible records per Node type, filled by NodeService (src/modules/node/). */
    visibleNodes: new Map() as NodeLoaders,
    visibleInstitutionIdsByNeedId: new DataLoader<string, string[]>(async (needIds) => {
      const rows: Array<{ need_id: string; institution_id: string }> = await ds.query(
        "SELECT need_id, institution_id FROM financing_need_visible_institution WHERE need_id = ANY($1) ORDER BY institution_id",
        [[...needIds]],
      );
      const groups = new Map<string, string[]>(needIds.map((id) => [id, []]));
      for (const row of rows) groups.get(row.need_id)?.push(row.institution_id);
      return needIds.map((id) => groups.get(id) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
