import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from "typeorm";
import { CreditRating, FirmSize } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";
import { FinancialInstitution } from "../institution/financial-institution.entity";

@ObjectType({ implements: Node, description: "A firm registered on the platform (企业), identified by its 统一社会信用代码." })
@Entity({ name: "firm" })
/** Sync (updatedSince, orderBy UPDATED_AT): keyset pages on (updated_at, id); migration SyncIndexes. */
@Index("ix_firm_updated_at_id", ["updatedAt", "id"])
// Region-prefix index (bpchar_pattern_ops) of the matching prefilter, created by migration MatchingPrefilter.
@Index("ix_firm_region_prefix", { synchronize: false })
@Check("chk_firm_region", "region_code ~ '^[1-8][0-9]{5}$'")
@Check("chk_firm_industry", "industry_code ~ '^[A-T]([0-9]{2}([0-9]{1,2})?)?$'")
@Check("chk_firm_credit_code", "credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'")
@Check("chk_firm_counts", "invention_patents >= 0 AND employees >= 0")
@Check("chk_firm_money", "(annual_revenue IS NULL OR annual_revenue >= 0) AND (rd_expense IS NULL OR rd_expense >= 0)")
export class Firm extends BaseRecord {
  @Field({ description: "统一社会信用代码 (unified social credit code, GB 32100-2015), 18 characters." })
  @Index("uq_firm_credit_code", { unique: true })
  @Column({ type: "char", length: 18 })
  creditCode!: string;

  @Field({ description: "Registered name (企业名称)." })
  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Field({ description: "GB/T 2260 code of the registering region (注册地行政区划代码)." })
  @Index("ix_firm_region_code")
  @Column({ type: "char", length: 6 })
  regionCode!: string;

  @Field({ description: "GB/T 4754-2017 industry code (国民经济行业分类), e.g. C3911." })
  @Column({ type: "varchar", length: 5 })
  industryCode!: string;

  @Field(() => FirmSize, { description: "Enterprise size class (企业规模)." })
  @Column({ type: "enum", enum: FirmSize, enumName: "firm_size" })
  size!: FirmSize;

  @Field(() => LocalDateScalar, { description: "Date of establishment (成立日期)." })
  @Column({ type: "date" })
  foundedOn!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Last fiscal year's revenue in yuan (上年度营业收入)." })
  @Column({ type: "numeric", precision: 18, scale: 2, nullable: true })
  annualRevenue!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Last fiscal year's R&D expense in yuan (研发费用)." })
  @Column({ type: "numeric", precision: 18, scale: 2, nullable: true })
  rdExpense!: string | null;

  @Field(() => Int, { description: "Granted invention patents (发明专利数)." })
  @Column({ type: "int", default: 0 })
  inventionPatents!: number;

  @Field(() => Int, { description: "Employees at the last count (从业人员数)." })
  @Column({ type: "int", default: 0 })
  employees!: number;

  @Field(() => CreditRating, { nullable: true, description: "Credit rating from the local credit platform (信用评级)." })
  @Column({ type: "enum", enum: CreditRating, enumName: "credit_rating", nullable: true })
  creditRating!: CreditRating | null;

  /** 结对银行 (seed 003): exposed through the `pairedBank` field resolver. */
  @Index("ix_firm_paired_bank_id")
  @Column({ type: "uuid", nullable: true })
  pairedBankId!: string | null;

  @ManyToOne(() => FinancialInstitution, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "paired_bank_id", foreignKeyConstraintName: "fk_firm_paired_bank" })
  pairedBank?: Relation<FinancialInstitution>;
}
