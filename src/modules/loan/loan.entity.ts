import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from "typeorm";
import { CertificationLevel, CertificationTier, CollateralType, LoanStatus } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Application } from "../application/application.entity";
import { Firm } from "../firm/firm.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { Certification } from "../certification/certification.entity";

/**
 * 放款: a disbursed loan. Records the certification the firm held at disbursement, so that
 * regulators can check lending against certification status later. A renewal (无还本续贷/接力贷/年审贷)
 * links to the loan it replaces.
 */
@Entity({ name: "loan" })
@Index("ix_loan_institution_disbursed", ["institutionId", "disbursedOn"])
@Index("ix_loan_product", ["productId"])
@Index("ix_loan_disbursed_on", ["disbursedOn"])
@Check("chk_loan_principal", "principal > 0 AND outstanding >= 0 AND outstanding <= principal")
@Check("chk_loan_rate", "annual_rate_bp >= 0 AND (guarantee_fee_bp IS NULL OR guarantee_fee_bp >= 0)")
@Check("chk_loan_dates", "matures_on > disbursed_on AND (closed_on IS NULL OR closed_on >= disbursed_on)")
@Check("chk_loan_renewal", "renews_loan_id IS NULL OR renews_loan_id <> id")
export class Loan extends BaseRecord {
  @ManyToOne(() => Application, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "application_id", foreignKeyConstraintName: "fk_loan_application" })
  application?: Relation<Application>;

  @Index("uq_loan_application", { unique: true })
  @Column({ type: "uuid", nullable: true })
  applicationId!: string | null;

  @Index("ix_loan_firm")
  @Column({ type: "uuid" })
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "firm_id", foreignKeyConstraintName: "fk_loan_firm" })
  firm?: Relation<Firm>;

  @Column({ type: "uuid" })
  institutionId!: string;

  @ManyToOne(() => FinancialInstitution, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "institution_id", foreignKeyConstraintName: "fk_loan_institution" })
  institution?: Relation<FinancialInstitution>;

  @Column({ type: "uuid" })
  productId!: string;

  @ManyToOne(() => LoanProduct, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "product_id", foreignKeyConstraintName: "fk_loan_product" })
  product?: Relation<LoanProduct>;

  @Column({ type: "uuid", nullable: true })
  guaranteeAgencyId!: string | null;

  @ManyToOne(() => GuaranteeAgency, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "guarantee_agency_id", foreignKeyConstraintName: "fk_loan_guarantee_agency" })
  guaranteeAgency?: Relation<GuaranteeAgency>;

  /** The certification in force at disbursement (null when the firm held none). */
  @Column({ type: "uuid", nullable: true })
  certificationId!: string | null;

  @ManyToOne(() => Certification, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "certification_id", foreignKeyConstraintName: "fk_loan_certification" })
  certification?: Relation<Certification>;

  @Column({ type: "enum", enum: CertificationTier, enumName: "certification_tier", nullable: true })
  tierAtDisbursement!: CertificationTier | null;

  @Column({ type: "enum", enum: CertificationLevel, enumName: "certification_level", nullable: true })
  levelAtDisbursement!: CertificationLevel | null;

  @Column({ type: "numeric", precision: 18, scale: 2 })
  principal!: string;

  @Column({ type: "numeric", precision: 18, scale: 2 })
  outstanding!: string;

  @Column({ type: "int" })
  annualRateBp!: number;

  @Column({ type: "int", nullable: true })
  guaranteeFeeBp!: number | null;

  @Column({ type: "enum", enum: CollateralType, enumName: "collateral_type", array: true, default: () => "'{}'" })
  collateral!: CollateralType[];

  @Column({ type: "date" })
  disbursedOn!: string;

  @Column({ type: "date" })
  maturesOn!: string;

  @Column({ type: "date", nullable: true })
  closedOn!: string | null;

  @Column({ type: "enum", enum: LoanStatus, enumName: "loan_status", default: LoanStatus.PERFORMING })
  status!: LoanStatus;

  /** A loan is renewed at most once. */
  @Index("uq_loan_renews_loan", { unique: true })
  @Column({ type: "uuid", nullable: true })
  renewsLoanId!: string | null;

  @ManyToOne(() => Loan, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "renews_loan_id", foreignKeyConstraintName: "fk_loan_renews_loan" })
  renewsLoan?: Relation<Loan>;
}
