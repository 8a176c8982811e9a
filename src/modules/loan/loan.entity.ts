import { Field, ID, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from "typeorm";
import { CertificationLevel, CertificationTier, CollateralType, LoanProductCategory, LoanStatus } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { Application } from "../application/application.entity";
import { Firm } from "../firm/firm.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { Certification } from "../certification/certification.entity";
import { GuaranteeAgreement } from "../guarantee/guarantee-agreement.entity";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

/**
 * 放款: a disbursed loan. Records the certification the firm held at disbursement, so that
 * regulators can check lending against certification status later. A renewal (无还本续贷/接力贷/年审贷)
 * links to the loan it replaces. The workflow (disbursement, repayment, renewal, quota) is
 * LoanService (docs/workflow.md, "Loans and renewals"); the firm, bank, product, agency, certification and the loans
 * before and after a renewal are field resolvers (loan.resolver.ts).
 */
@ObjectType({
  implements: Node,
  description:
    "A disbursed loan (放款/贷款): amount, rate, dates, bank, product, guarantee and the certification the firm held at disbursement; a renewal (无还本续贷/接力贷/年审贷) links to the loan it replaces.",
})
@Entity({ name: "loan" })
/** Sync (updatedSince, orderBy UPDATED_AT): keyset pages on (updated_at, id); migration SyncIndexes. */
@Index("ix_loan_updated_at_id", ["updatedAt", "id"])
@Index("ix_loan_institution_disbursed", ["institutionId", "disbursedOn"])
@Index("ix_loan_product", ["productId"])
@Index("ix_loan_disbursed_on", ["disbursedOn"])
// The lending report's region filter: (firm_region_code bpchar_pattern_ops, disbursed_on) (migration LendingReportFacts).
@Index("ix_loan_report_region", { synchronize: false })
@Check("chk_loan_principal", "principal > 0 AND outstanding >= 0 AND outstanding <= principal")
@Check("chk_loan_rate", "annual_rate_bp >= 0 AND (guarantee_fee_bp IS NULL OR guarantee_fee_bp >= 0)")
@Check("chk_loan_dates", "matures_on > disbursed_on AND (closed_on IS NULL OR closed_on >= disbursed_on)")
@Check("chk_loan_renewal", "renews_loan_id IS NULL OR renews_loan_id <> id")
@Check("chk_loan_guarantee_agreement", "guarantee_agreement_id IS NULL OR guarantee_agency_id IS NOT NULL")
@Check("chk_loan_closed", "(status IN ('REPAID', 'RENEWED')) = (closed_on IS NOT NULL) AND (status NOT IN ('REPAID', 'RENEWED') OR outstanding = 0)")
export class Loan extends BaseRecord {
  @ManyToOne(() => Application, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "application_id", foreignKeyConstraintName: "fk_loan_application" })
  application?: Relation<Application>;

  @Field(() => ID, {
    nullable: true,
    description: "The application the loan was disbursed for (融资申请); null for a renewal made with renewLoan.",
  })
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

  /**
   * The 总对总 agreement whose line the guarantee consumes (from the application; carried over by
   * a renewal): repayment releases that line. Null without a guarantee, or for loans recorded
   * before agreements were tracked (then only the agency's capacity is released). Internal.
   */
  @Index("ix_loan_guarantee_agreement")
  @Column({ type: "uuid", nullable: true })
  guaranteeAgreementId!: string | null;

  @ManyToOne(() => GuaranteeAgreement, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "guarantee_agreement_id", foreignKeyConstraintName: "fk_loan_guarantee_agreement" })
  guaranteeAgreement?: Relation<GuaranteeAgreement>;

  /** The certification in force at disbursement (null when the firm held none). */
  @Column({ type: "uuid", nullable: true })
  certificationId!: string | null;

  @ManyToOne(() => Certification, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "certification_id", foreignKeyConstraintName: "fk_loan_certification" })
  certification?: Relation<Certification>;

  @Field(() => CertificationTier, {
    nullable: true,
    description: "Tier of the certification in force at disbursement (放款时认定梯度); null when the firm held none in force.",
  })
  @Column({ type: "enum", enum: CertificationTier, enumName: "certification_tier", nullable: true })
  tierAtDisbursement!: CertificationTier | null;

  @Field(() => CertificationLevel, {
    nullable: true,
    description: "Level of the certification in force at disbursement (放款时认定层级); null when the firm held none in force.",
  })
  @Column({ type: "enum", enum: CertificationLevel, enumName: "certification_level", nullable: true })
  levelAtDisbursement!: CertificationLevel | null;

  @Field(() => DecimalScalar, { description: "Amount lent, yuan (贷款本金), a decimal string." })
  @Column({ type: "numeric", precision: 18, scale: 2 })
  principal!: string;

  @Field(() => DecimalScalar, {
    description: "Principal still owed, yuan (贷款余额): reduced by repayments, 0 once REPAID or RENEWED (a renewal carries it to the new loan).",
  })
  @Column({ type: "numeric", precision: 18, scale: 2 })
  outstanding!: string;

  @Field(() => Int, { description: "Annual interest rate, basis points (执行年利率), as approved." })
  @Column({ type: "int" })
  annualRateBp!: number;

  @Field(() => Int, { nullable: true, description: "Annual guarantee fee, basis points (担保费率); null without a guarantee." })
  @Column({ type: "int", nullable: true })
  guaranteeFeeBp!: number | null;

  @Field(() => [CollateralType], { description: "Collateral pledged for the loan (担保物); empty for a pure credit loan (信用)." })
  @Column({ type: "enum", enum: CollateralType, enumName: "collateral_type", array: true, default: () => "'{}'" })
  collateral!: CollateralType[];

  @Field(() => LocalDateScalar, { description: "Day the money was paid out (放款日); for a renewal, the day it took over the old loan." })
  @Column({ type: "date" })
  disbursedOn!: string;

  @Field(() => LocalDateScalar, { description: "Day the principal is due (到期日): disbursement day plus the term in months." })
  @Column({ type: "date" })
  maturesOn!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Day the loan was repaid in full or renewed (结清日); null while it runs." })
  @Column({ type: "date", nullable: true })
  closedOn!: string | null;

  @Field(() => LoanStatus, { description: "Where the loan stands (贷款状态)." })
  @Column({ type: "enum", enum: LoanStatus, enumName: "loan_status", default: LoanStatus.PERFORMING })
  status!: LoanStatus;

  /** A loan is renewed at most once. */
  @Field(() => ID, { nullable: true, description: "For a renewal: id of the loan it replaces (续贷原贷款); null otherwise." })
  @Index("uq_loan_renews_loan", { unique: true })
  @Column({ type: "uuid", nullable: true })
  renewsLoanId!: string | null;

  @ManyToOne(() => Loan, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "renews_loan_id", foreignKeyConstraintName: "fk_loan_renews_loan" })
  renewsLoan?: Relation<Loan>;

  // The lending report's read model (migration LendingReportFacts; docs/reporting.md): facts fixed
  // when the loan row is written, by the BEFORE INSERT trigger trg_loan_report_facts only (whatever
  // an INSERT sends), kept by trg_loan_report_facts_guard; never loaded or written here.

  /** The borrowing firm's registered region when the loan was written (disbursement or renewal). */
  @Column({ type: "char", length: 6, insert: false, update: false, select: false })
  firmRegionCode?: string;

  /** The product's category then. */
  @Column({ type: "enum", enum: LoanProductCategory, enumName: "loan_product_category", insert: false, update: false, select: false })
  productCategory?: LoanProductCategory;

  /** 首贷: no loan of the firm was disbursed before it (same day: recorded first, by created_at, then smaller id); never a renewal. */
  @Column({ type: "boolean", default: false, insert: false, update: false, select: false })
  isFirstLoan?: boolean;

  /** China-time day the application was submitted; null without an application (renewLoan). */
  @Column({ type: "date", nullable: true, insert: false, update: false, select: false })
  applicationSubmittedOn?: string | null;

  /** China-time day the application was approved; null without an application. */
  @Column({ type: "date", nullable: true, insert: false, update: false, select: false })
  applicationApprovedOn?: string | null;

  /** First day of the disbursement month (the report's MONTH). */
  @Column({ type: "date", insert: false, update: false, select: false })
  reportMonth?: string;

  /** principal × (annual_rate_bp + guarantee_fee_bp or 0): the loan's term of the weighted average rate. */
  @Column({ type: "numeric", precision: 24, scale: 2, insert: false, update: false, select: false })
  rateWeight?: string;
}
