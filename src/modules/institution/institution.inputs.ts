import { Field, InputType } from "type-graphql";
import { InstitutionType } from "../../domain/enums";

@InputType({ description: "A financial institution to register on the platform (金融机构入驻)." })
export class CreateFinancialInstitutionInput {
  @Field({ description: "Registered name (机构名称), unique." })
  name!: string;

  @Field({ description: "Short display name (简称)." })
  shortName!: string;

  @Field(() => InstitutionType, { description: "Kind of institution (机构类型)." })
  type!: InstitutionType;

  @Field({ description: "GB/T 2260 region code of the lending branch (所在地区)." })
  regionCode!: string;
}

@InputType({ description: "Filters for the institution list; all given filters must hold." })
export class FinancialInstitutionFilter {
  @Field({ nullable: true, description: 'Region code; "330000" matches every institution located in Zhejiang.' })
  regionCode?: string;

  @Field(() => InstitutionType, { nullable: true, description: "Only institutions of this kind." })
  type?: InstitutionType;

  @Field({ nullable: true, description: "Part of the name, case-insensitive." })
  nameContains?: string;
}
