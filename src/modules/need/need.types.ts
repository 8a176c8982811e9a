import { connectionType, listArgsType, RecordOrderField } from "../../graphql/pagination";
import { FinancingNeed } from "./financing-need.entity";

/** A page of financing needs (融资需求列表), `FinancingNeedConnection` in the schema. */
export const FinancingNeedConnection = connectionType(FinancingNeed, "FinancingNeed", "financing need");

/** The financing need list's arguments: page, `orderBy` (FinancingNeedOrder) and `updatedSince`. */
export const FinancingNeedListArgs = listArgsType("FinancingNeed", "financing need", RecordOrderField);
