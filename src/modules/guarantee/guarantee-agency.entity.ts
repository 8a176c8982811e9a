import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index } from "typeorm";
import { CertificationTier } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { DecimalScalar } from "../../graphql/scalars";

@ObjectType({ implements: Node, description: "A government financing-guarantee agency (政府性融资担保机构)." })
@Entity({ name: "guarantee_agency" })
@Check("chk_guarantee_agency_region", "region_code ~ '^[1-8][0-9]{5}$'")
@Check("chk_guarantee_agency_fee", "fee_rate_bp >= 0 AND fee_rate_bp <= 150")
@Check("chk_guarantee_agency_amounts", "max_amount_per_firm > 0 AND capacity >= 0 AND used_capacity >= 0 AND used_capacity <= capacity")
@Check("chk_guarantee_agency_tiers", "cardinality(tiers_served) > 0")
export class GuaranteeAgency extends BaseRecord {
  @Field({ description: "Registered name (机构名称), e.g. 浙江省融资担保有限公司." })
  @Index("uq_guarantee_agency_name", { unique: true })
  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Field({ description: 'GB/T 2260 code of the region served (服务区域); "330000" serves all of Zhejiang.' })
  @Column({ type: "char", length: 6 })
  regionCode!: string;

  @Field(() => [CertificationTier], { description: "Certification tiers the agency guarantees (服务梯度)." })
  @Column({ type: "enum", enum: CertificationTier, enumName: "certification_tier", array: true })
  tiersServed!: CertificationTier[];

  @Field(() => Int, {
    description:
      "Published annual guarantee fee in basis points (担保费率). Policy cap (国办发〔2019〕6号): 100 for guarantees up to 500万, 150 above.",
  })
  @Column({ type: "int" })
  feeRateBp!: number;

  @Field(() => DecimalScalar, { description: "Largest guarantee for one firm, yuan (单户担保上限); 3,000万 under 财金〔2024〕60号." })
  @Column({ type: "numeric", precision: 18, scale: 2 })
  maxAmountPerFirm!: string;

  @Field(() => DecimalScalar, { description: "Total guarantee capacity, yuan (担保总额度)." })
  @Column({ type: "numeric", precision: 18, scale: 2 })
  capacity!: string;

  @Field(() => DecimalScalar, { description: "Capacity already committed, yuan (已用担保额度)." })
  @Column({ type: "numeric", precision: 18, scale: 2, default: 0 })
  usedCapacity!: string;
}
