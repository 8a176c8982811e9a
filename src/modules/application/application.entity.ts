import { Check, Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn, type Relation } from "typeorm";
import { ApplicationStatus, GuaranteeDecision } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { FinancingNeed } from "../need/financing-need.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { DockingEvent } from "../docking-event/docking-event.entity";

/**
 * 融资申请: need × product (× guarantee agency). The workflow (state machine, quota, idempotency)
 * is built by the application issue; this is the storage model and its invariants.
 */
@Entity({ name: "application" })
@Index("ix_application_product_status", ["productId", "status"])
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

  @Column({ type: "uuid", nullable: true })
  dockingEventId!: string | null;

  @ManyToOne(() => DockingEvent, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "docking_event_id", foreignKeyConstraintName: "fk_application_docking_event" })
  dockingEvent?: Relation<DockingEvent>;

  @Column({ type: "enum", enum: ApplicationStatus, enumName: "application_status", default: ApplicationStatus.SUBMITTED })
  status!: ApplicationStatus;

  @Column({ type: "numeric", precision: 18, scale: 2, nullable: true })
  approvedAmount!: string | null;

  @Column({ type: "int", nullable: true })
  approvedRateBp!: number | null;

  @Column({ type: "int", nullable: true })
  approvedTermMonths!: number | null;

  @Column({ type: "enum", enum: GuaranteeDecision, enumName: "guarantee_decision", nullable: true })
  guaranteeDecision!: GuaranteeDecision | null;

  @Column({ type: "int", nullable: true })
  guaranteeFeeBp!: number | null;

  @Column({ type: "varchar", length: 40, nullable: true })
  rejectionReasonCode!: string | null;

  @Column({ type: "text", nullable: true })
  rejectionNote!: string | null;

  @Column({ type: "timestamptz", default: () => "now()" })
  submittedAt!: Date;

  @Column({ type: "timestamptz", nullable: true })
  reviewStartedAt!: Date | null;

  @Column({ type: "timestamptz", nullable: true })
  approvedAt!: Date | null;

  @Column({ type: "timestamptz", nullable: true })
  closedAt!: Date | null;

  @VersionColumn()
  version!: number;
}
