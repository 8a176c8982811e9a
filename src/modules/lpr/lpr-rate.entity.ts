import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index } from "typeorm";
import { LprTenor } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { LocalDateScalar } from "../../graphql/scalars";

@ObjectType({ implements: Node, description: "A published Loan Prime Rate (贷款市场报价利率 LPR) and the date it took effect." })
@Entity({ name: "lpr_rate" })
@Index("uq_lpr_rate_tenor_date", ["tenor", "effectiveOn"], { unique: true })
@Check("chk_lpr_rate_bp", "rate_bp > 0 AND rate_bp < 2000")
export class LprRate extends BaseRecord {
  @Field(() => LprTenor, { description: "Tenor (期限品种): 1-year or 5-year and above." })
  @Column({ type: "enum", enum: LprTenor, enumName: "lpr_tenor" })
  tenor!: LprTenor;

  @Field(() => LocalDateScalar, { description: "Date the rate took effect (生效日期); it applies until the next one." })
  @Column({ type: "date" })
  effectiveOn!: string;

  @Field(() => Int, { description: "Annual rate in basis points (利率, 基点; 300 = 3.00%)." })
  @Column({ type: "int" })
  rateBp!: number;
}
