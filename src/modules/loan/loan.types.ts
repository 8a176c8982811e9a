import { connectionType } from "../../graphql/pagination";
import { Loan } from "./loan.entity";

/** A page of loans (贷款列表), `LoanConnection` in the schema. */
export const LoanConnection = connectionType(Loan, "Loan", "loan");
