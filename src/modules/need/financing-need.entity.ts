import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, type Relation } from "typeorm";
import { CollateralType, FinancingNeedStatus, FirmSize, FinancingPurpose, NeedVisibility } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";
import { Firm } from "../firm/firm.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { Loan } from "../loan/loan.entity";

@ObjectType({ implements: Node, description: "A firm's request for financing (融资需求), matched against loan products." })
@Entity({ name: "financing_need" })
/** Sync (updatedSince, orderBy UPDATED_AT): keyset pages on (updated_at, id); migration SyncIndexes. */
@Index("ix_financing_need_updated_at_id", ["updatedAt", "id"])
@Index("ix_financing_need_status_needed_by", ["status", "neededBy"])
@Index("ix_financing_need_firm", ["firmId", "createdAt"])
// Open needs by region prefix, purpose and amount for the matching prefilter (migration MatchingPrefilter).
@Index("ix_financing_need_open_region", { synchronize: false })
@Check("chk_financing_need_amount", "amount > 0")
@Check("chk_financing_need_term", "term_months > 0 AND term_months <= 360")
@Check("chk_financing_need_rate", "max_annual_rate_bp IS NULL OR max_annual_rate_bp >= 0")
@Check("chk_financing_need_renewal", "(purpose = 'RENEWAL') = (renewal_of_loan_id IS NOT NULL)")
@Check("chk_financing_need_collateral", "NOT ('NONE' = ANY(collateral_offered))")
export class FinancingNeed extends BaseRecord {
  /** The requesting firm; exposed through the `firm` field resolver. */
  @Column({ type: "uuid" })
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "firm_id", foreignKeyConstraintName: "fk_financing_need_firm" })
  firm?: Relation<Firm>;

  /**
   * The firm's region, copied by the database (trigger of migration MatchingNeedFacts) so the
   * matching prefilter finds open needs by region without visiting firms. Never written by the app.
   */
  @Column({ type: "char", length: 6, insert: false, update: false })
  regionCode!: string;

  // The rest of the matching read model (migration MatchingNeedFacts): copies of the firm's facts
  // that matchingNeeds reads with the need, kept by the same trigger; never loaded or written here.
  @Column({ type: "varchar", length: 5, insert: false, update: false, select: false })
  firmIndustryCode?: string;

  @Column({ type: "enum", enum: FirmSize, enumName: "firm_size", insert: false, update: false, select: false })
  firmSize?: FirmSize;

  @Column({ type: "uuid", nullable: true, insert: false, update: false, select: false })
  firmPairedBankId?: string | null;

  @Column({ type: "jsonb", default: () => "'[]'", insert: false, update: false, select: false })
  firmCertifications?: unknown;

  @Field(() => DecimalScalar, { description: "Amount requested, yuan (融资金额)." })
  @Column({ type: "numeric", precision: 18, scale: 2 })
  amount!: string;

  @Field(() => Int, { description: "Term in months (融资期限, 月)." })
  @Column({ type: "int" })
  termMonths!: number;

  @Field(() => FinancingPurpose, { description: "What the money is for (融资用途)." })
  @Column({ type: "enum", enum: FinancingPurpose, enumName: "financing_purpose" })
  purpose!: FinancingPurpose;

  @Field(() => [CollateralType], {
    description: "Collateral the firm can pledge (可提供的担保物); empty means it can borrow only on credit. Never contains NONE.",
  })
  @Column({ type: "enum", enum: CollateralType, enumName: "collateral_type", array: true, default: () => "'{}'" })
  collateralOffered!: CollateralType[];

  @Field({ description: "Whether the firm accepts a government guarantee and its fee (是否接受政府性融资担保)." })
  @Column({ type: "boolean", default: true })
  acceptsGuarantee!: boolean;

  @Field(() => Int, { nullable: true, description: "Highest all-in annual cost the firm accepts, basis points (可接受最高年化成本)." })
  @Column({ type: "int", nullable: true })
  maxAnnualRateBp!: number | null;

  @Field(() => LocalDateScalar, { description: "Date the firm needs the money by (用款日期)." })
  @Column({ type: "date" })
  neededBy!: string;

  /** For RENEWAL needs: the loan to renew; exposed as the plain `renewalOfLoanId` field (no Loan type in GraphQL yet). */
  @Column({ type: "uuid", nullable: true })
  renewalOfLoanId!: string | null;

  @ManyToOne(() => Loan, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "renewal_of_loan_id", foreignKeyConstraintName: "fk_financing_need_renewal_of_loan" })
  renewalOf?: Relation<Loan>;

  @Field({ description: "Free-text description of the need (需求说明)." })
  @Column({ type: "text", default: "" })
  description!: string;

  @Field(() => FinancingNeedStatus, { description: "Lifecycle status (需求状态)." })
  @Column({ type: "enum", enum: FinancingNeedStatus, enumName: "financing_need_status", default: FinancingNeedStatus.OPEN })
  status!: FinancingNeedStatus;

  @Field(() => NeedVisibility, { description: "Which banks may see the need (可见范围)." })
  @Column({ type: "enum", enum: NeedVisibility, enumName: "need_visibility", default: NeedVisibility.ALL_BANKS })
  visibility!: NeedVisibility;

  /** With SELECTED_BANKS: the banks named by the firm; exposed through the `visibleTo` field resolver. */
  @ManyToMany(() => FinancialInstitution)
  @JoinTable({
    name: "financing_need_visible_institution",
    joinColumn: { name: "need_id", referencedColumnName: "id", foreignKeyConstraintName: "fk_need_visible_need" },
    inverseJoinColumn: {
      name: "institution_id",
      referencedColumnName: "id",
      foreignKeyConstraintName: "fk_need_visible_institution",
    },
  })
  visibleTo?: Relation<FinancialInstitution[]>;

  @Field(() => Date, { nullable: true, description: "When the firm withdrew the need (撤回时间)." })
  @Column({ type: "timestamptz", nullable: true })
  withdrawnAt!: Date | null;
}
