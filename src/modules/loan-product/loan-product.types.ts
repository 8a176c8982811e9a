import { connectionType } from "../../graphql/pagination";
import { LoanProduct } from "./loan-product.entity";

export const LoanProductConnection = connectionType(LoanProduct, "LoanProduct", "loan product");
