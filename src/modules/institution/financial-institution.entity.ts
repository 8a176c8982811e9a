import { Field, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index } from "typeorm";
import { InstitutionType } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";

@ObjectType({ implements: Node, description: "A bank or other lender that publishes loan products (金融机构)." })
@Entity({ name: "financial_institution" })
@Check("chk_financial_institution_region", "region_code ~ '^[1-8][0-9]{5}$'")
export class FinancialInstitution extends BaseRecord {
  @Field({ description: "Registered name (机构名称), e.g. 晋城银行股份有限公司." })
  @Index("uq_financial_institution_name", { unique: true })
  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Field({ description: "Short display name (简称)." })
  @Column({ type: "varchar", length: 60 })
  shortName!: string;

  @Field(() => InstitutionType, { description: "Kind of institution (机构类型)." })
  @Column({ type: "enum", enum: InstitutionType, enumName: "institution_type" })
  type!: InstitutionType;

  @Field({ description: "GB/T 2260 code of the region of the branch that lends (所在行政区划代码)." })
  @Column({ type: "char", length: 6 })
  regionCode!: string;
}
