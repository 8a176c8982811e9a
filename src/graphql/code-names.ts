import { Field, ObjectType } from "type-graphql";

/**
 * The GraphQL side of the code tables (src/domain/code-tables.ts): field descriptions shared by
 * every type that shows a region or industry name, and the {code, name} pair of a region list.
 * Names come from the shipped tables in memory; resolving them costs no query.
 */
export const REGION_NAME_DESCRIPTION =
  "Name of the region (地区名称) in the shipped GB/T 2260 table, e.g. 高平市 for 140581; null for a code the table does not have (one retired by a later edition).";

export const REGION_FULL_NAME_DESCRIPTION =
  "Name of the region with its province and prefecture (地区全称), e.g. 山西省晋城市高平市 for 140581; null for a code the GB/T 2260 table does not have.";

export const INDUSTRY_NAME_DESCRIPTION =
  "Name of the industry (行业名称) in GB/T 4754-2017 at the most specific level the shipped table holds: it has sections (门类) and divisions (大类), so a group or class code is named by its division (C3911 → 计算机、通信和其他电子设备制造业).";

@ObjectType({ description: "A GB/T 2260 region code with its name (地区代码与名称)." })
export class RegionCodeName {
  @Field({ description: "6-digit GB/T 2260 region code (行政区划代码)." })
  code!: string;

  @Field(() => String, { nullable: true, description: REGION_NAME_DESCRIPTION })
  name!: string | null;
}
