import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from "typeorm";
import { CertificationTier } from "../../domain/enums";
import { LoanProduct } from "./loan-product.entity";

@ObjectType({ description: "A rate reduction a product grants to firms holding a tier (梯度优惠利率)." })
@Entity({ name: "loan_product_tier_discount" })
@Check("chk_tier_discount_bp", "discount_bp >= 0 AND discount_bp <= 1000")
export class LoanProductTierDiscount {
  @PrimaryColumn({ type: "uuid" })
  productId!: string;

  @ManyToOne(() => LoanProduct, (p) => p.tierDiscounts, { onDelete: "CASCADE" })
  @JoinColumn({ name: "product_id", foreignKeyConstraintName: "fk_tier_discount_product" })
  product?: Relation<LoanProduct>;

  @Field(() => CertificationTier, { description: "Tier the discount applies to (适用梯度); the firm's effective tier must be this one." })
  @PrimaryColumn({ type: "enum", enum: CertificationTier, enumName: "certification_tier" })
  tier!: CertificationTier;

  @Field(() => Int, { description: "Reduction of the annual rate in basis points (利率优惠, 基点)." })
  @Column({ type: "int" })
  discountBp!: number;
}
