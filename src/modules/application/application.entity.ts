import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn, type Relation } from "typeorm";
import { ApplicationStatus, CertificationLevel, CertificationTier, GuaranteeDecision, LoanProductCategory, RejectionReasonCode } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { DecimalScalar } from "../../graphql/scalars";
import { GuaranteeAgreement } from "../guarantee/guarantee-agreement.entity";
import { FinancingNeed } from "../need/financing-need.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { DockingEvent } from "../docking-event/docking-event.entity";

/**
 * 融资申请: need × product (× guarantee agency). The workflow (state machine, quota, locking) is
 * ApplicationService (docs/workflow.md); this is the storage model and its invariants. The need,
 * product, firm and agency are exposed through field resolvers (application.resolver.ts).
 */
@ObjectType({ implements: Node, description: "A firm's application for a loan product on one of its needs (融资申请), with the bank's and the guarantee agency's decisions." })
@Entity({ name: "application" })
/** Sync (updatedSince, orderBy UPDATED_AT): keyset pages on (updated_at, id); migration SyncIndexes. */
@Index("ix_application_updated_at_id", ["updatedAt", "id"])
@Index("ix_application_product_status", ["productId", "status"])
// The lending report's rejections: rejected_on INCLUDE (the facts) WHERE status = 'REJECTED' (migration RejectionReportFacts).
@Index("ix_application_rejection_report", { synchronize: false })
@Index("uq_application_live", ["needId", "productId"], {
  unique: true,
  where: "status IN ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'DISBURSED')",
})
@Check(
  "chk_application_approval",
  "status NOT IN ('APPROVED', 'DISBURSED') OR (approved_amount > 0 AND approved_rate_bp >= 0 AND approved_term_months > 0)",
)
@Check("chk_application_rejection", "(status = 'REJECTED') = (rejection_reason_code IS NOT NULL)")
@Check("chk_application_guarantee", "(guarantee_agency_id IS NULL) = (guarantee_decision IS NULL)")
@Check("chk_application_fee", "guarantee_fee_bp IS NULL OR guarantee_fee_bp >= 0")
@Check("chk_application_agreement", "guarantee_agreement_id IS NULL OR guarantee_agency_id IS NOT NULL")
@Check("chk_application_guarantee_fee", "COALESCE(guarantee_decision = 'ACCEPTED', false) = (guarantee_fee_bp IS NOT NULL)")
@Check(
  "chk_application_approved_guarantee",
  "status NOT IN ('APPROVED', 'DISBURSED') OR guarantee_decision IS NULL OR guarantee_decision = 'ACCEPTED'",
)
export class Application extends BaseRecord {
  @Index("ix_application_need")
  @Column({ type: "uuid" })
  needId!: string;

  @ManyToOne(() => FinancingNeed, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "need_id", foreignKeyConstraintName: "fk_application_need" })
  need?: Relation<FinancingNeed>;

  @Column({ type: "uuid" })
  productId!: string;

  @ManyToOne(() => LoanProduct, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "product_id", foreignKeyConstraintName: "fk_application_product" })
  product?: Relation<LoanProduct>;

  @Index("ix_application_guarantee_agency")
  @Column({ type: "uuid", nullable: true })
  guaranteeAgencyId!: string | null;

  @ManyToOne(() => GuaranteeAgency, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "guarantee_agency_id", foreignKeyConstraintName: "fk_application_guarantee_agency" })
  guaranteeAgency?: Relation<GuaranteeAgency>;

  /**
   * The 总对总 agreement (agency × the product's bank) the guarantee goes through, chosen when the
   * firm applied: it bounds the fee and its line is consumed on approval. Internal (agreements are
   * not every caller's business).
   */
  @Index("ix_application_guarantee_agreement")
  @Column({ type: "uuid", nullable: true })
  guaranteeAgreementId!: string | null;

  @ManyToOne(() => GuaranteeAgreement, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "guarantee_agreement_id", foreignKeyConstraintName: "fk_application_guarantee_agreement" })
  guaranteeAgreement?: Relation<GuaranteeAgreement>;

  @Column({ type: "uuid", nullable: true })
  dockingEventId!: string | null;

  @ManyToOne(() => DockingEvent, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "docking_event_id", foreignKeyConstraintName: "fk_application_docking_event" })
  dockingEvent?: Relation<DockingEvent>;

  @Field(() => ApplicationStatus, { description: "Where the application stands (申请状态); docs/workflow.md shows the transitions." })
  @Column({ type: "enum", enum: ApplicationStatus, enumName: "application_status", default: ApplicationStatus.SUBMITTED })
  status!: ApplicationStatus;

  @Field(() => DecimalScalar, { nullable: true, description: "Amount the bank approved, yuan (批准金额); null until APPROVED." })
  @Column({ type: "numeric", precision: 18, scale: 2, nullable: true })
  approvedAmount!: string | null;

  @Field(() => Int, { nullable: true, description: "Annual rate the bank approved, basis points (批准利率); null until APPROVED." })
  @Column({ type: "int", nullable: true })
  approvedRateBp!: number | null;

  @Field(() => Int, { nullable: true, description: "Term the bank approved, months (批准期限); null until APPROVED." })
  @Column({ type: "int", nullable: true })
  approvedTermMonths!: number | null;

  @Field(() => GuaranteeDecision, { nullable: true, description: "The guarantee agency's answer (担保受理); null when no guarantee was requested." })
  @Column({ type: "enum", enum: GuaranteeDecision, enumName: "guarantee_decision", nullable: true })
  guaranteeDecision!: GuaranteeDecision | null;

  @Field(() => Int, { nullable: true, description: "Annual guarantee fee the agency accepted at, basis points (担保费率); null unless ACCEPTED." })
  @Column({ type: "int", nullable: true })
  guaranteeFeeBp!: number | null;

  @Field(() => RejectionReasonCode, { nullable: true, description: "Why the bank rejected it (拒绝原因); null unless REJECTED." })
  @Column({ type: "varchar", length: 40, nullable: true })
  rejectionReasonCode!: RejectionReasonCode | null;

  @Field(() => String, { nullable: true, description: "The bank's note on the rejection (拒绝说明)." })
  @Column({ type: "text", nullable: true })
  rejectionNote!: string | null;

  @Field({ description: "When the firm applied (申请时间)." })
  @Column({ type: "timestamptz", default: () => "now()" })
  submittedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the bank started its review (受理时间)." })
  @Column({ type: "timestamptz", nullable: true })
  reviewStartedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the bank approved (审批通过时间)." })
  @Column({ type: "timestamptz", nullable: true })
  approvedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was rejected, withdrawn or disbursed (办结时间)." })
  @Column({ type: "timestamptz", nullable: true })
  closedAt!: Date | null;

  @Field(() => Int, { description: "Incremented on every change (版本号)." })
  @VersionColumn()
  version!: number;

  // The lending report's rejections read model (migration RejectionReportFacts; docs/reporting.md):
  // facts fixed when the application is rejected, by the trigger trg_application_rejection_facts
  // only (whatever a statement sends); null unless REJECTED; never loaded or written here.

  /** The rejection day, China time. */
  @Column({ type: "date", nullable: true, insert: false, update: false, select: false })
  rejectedOn?: string | null;

  /** The firm's registered region that day. */
  @Column({ type: "char", length: 6, nullable: true, insert: false, update: false, select: false })
  rejectedRegionCode?: string | null;

  /** The firm's highest certification in force that day: tier (null: none). */
  @Column({ type: "enum", enum: CertificationTier, enumName: "certification_tier", nullable: true, insert: false, update: false, select: false })
  rejectedTier?: CertificationTier | null;

  /** …and its level. */
  @Column({ type: "enum", enum: CertificationLevel, enumName: "certification_level", nullable: true, insert: false, update: false, select: false })
  rejectedLevel?: CertificationLevel | null;

  /** The product's bank. */
  @Column({ type: "uuid", nullable: true, insert: false, update: false, select: false })
  rejectedInstitutionId?: string | null;

  /** The product's category then. */
  @Column({ type: "enum", enum: LoanProductCategory, enumName: "loan_product_category", nullable: true, insert: false, update: false, select: false })
  rejectedCategory?: LoanProductCategory | null;
}
