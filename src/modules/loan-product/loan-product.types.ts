import { connectionType, listArgsType, NamedRecordOrderField } from "../../graphql/pagination";
import { LoanProduct } from "./loan-product.entity";

export const LoanProductConnection = connectionType(LoanProduct, "LoanProduct", "loan product");

/** The loan product list's arguments: page, `orderBy` (LoanProductOrder) and `updatedSince`. */
export const LoanProductListArgs = listArgsType("LoanProduct", "loan product", NamedRecordOrderField);
