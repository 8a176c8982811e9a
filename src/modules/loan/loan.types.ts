import { connectionType, listArgsType, RecordOrderField } from "../../graphql/pagination";
import { Loan } from "./loan.entity";

/** A page of loans (贷款列表), `LoanConnection` in the schema. */
export const LoanConnection = connectionType(Loan, "Loan", "loan");

/** The loan list's arguments: page, `orderBy` (LoanOrder) and `updatedSince`. */
export const LoanListArgs = listArgsType("Loan", "loan", RecordOrderField);
