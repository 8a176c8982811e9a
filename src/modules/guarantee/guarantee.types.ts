import { connectionType } from "../../graphql/pagination";
import { GuaranteeAgency } from "./guarantee-agency.entity";
import { GuaranteeAgreement } from "./guarantee-agreement.entity";

export const GuaranteeAgencyConnection = connectionType(GuaranteeAgency, "GuaranteeAgency", "guarantee agency");
export const GuaranteeAgreementConnection = connectionType(GuaranteeAgreement, "GuaranteeAgreement", "总对总 guarantee agreement");
