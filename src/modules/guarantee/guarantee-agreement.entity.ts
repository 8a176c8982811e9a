import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from "typeorm";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { GuaranteeAgency } from "./guarantee-agency.entity";

@ObjectType({ implements: Node, description: "A 总对总 batch cooperation agreement between a bank and a guarantee agency (银担总对总合作协议)." })
@Entity({ name: "guarantee_agreement" })
@Index("uq_guarantee_agreement", ["institutionId", "agencyId", "validFrom"], { unique: true })
@Check("chk_guarantee_agreement_share", "bank_risk_share_bp >= 2000 AND bank_risk_share_bp <= 10000")
@Check("chk_guarantee_agreement_fee", "agreed_fee_rate_bp >= 0 AND agreed_fee_rate_bp <= 150")
@Check("chk_guarantee_agreement_dates", "valid_to IS NULL OR valid_to >= valid_from")
@Check("chk_guarantee_agreement_line", "credit_line IS NULL OR (credit_line > 0 AND used_line <= credit_line)")
@Check("chk_guarantee_agreement_used", "used_line >= 0")
@Check("chk_guarantee_agreement_approval_days", "approval_days IS NULL OR (waives_due_diligence AND approval_days >= 1 AND approval_days <= 365)")
export class GuaranteeAgreement extends BaseRecord {
  /** The bank; exposed through the `institution` field resolver. */
  @Column({ type: "uuid" })
  institutionId!: string;

  @ManyToOne(() => FinancialInstitution, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "institution_id", foreignKeyConstraintName: "fk_guarantee_agreement_institution" })
  institution?: Relation<FinancialInstitution>;

  /** The agency; exposed through the `agency` field resolver. */
  @Index("ix_guarantee_agreement_agency")
  @Column({ type: "uuid" })
  agencyId!: string;

  @ManyToOne(() => GuaranteeAgency, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "agency_id", foreignKeyConstraintName: "fk_guarantee_agreement_agency" })
  agency?: Relation<GuaranteeAgency>;

  @Field(() => Int, { description: "Share of each loss the bank bears, basis points (银行分险比例); at least 2000 (20%)." })
  @Column({ type: "int" })
  bankRiskShareBp!: number;

  @Field(() => Int, { description: "Annual guarantee fee agreed for loans under this agreement, basis points (协议担保费率)." })
  @Column({ type: "int" })
  agreedFeeRateBp!: number;

  @Field({ description: "The bank relies on the agency's review and does no due diligence of its own (见担即贷 / 减少重复尽调)." })
  @Column({ type: "boolean", default: false })
  waivesDueDiligence!: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "Days the bank takes to decide a loan guaranteed under this agreement without its own due diligence (见担即贷审批时限); set exactly when waivesDueDiligence. Matching shows it as the approval days of the bank's guaranteed products when this agreement's guarantee is used.",
  })
  @Column({ type: "int", nullable: true })
  approvalDays!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Total guaranteed lending under the agreement, yuan (合作额度); null when uncapped." })
  @Column({ type: "numeric", precision: 18, scale: 2, nullable: true })
  creditLine!: string | null;

  @Field(() => DecimalScalar, { description: "Part of the line already used, yuan (已用合作额度)." })
  @Column({ type: "numeric", precision: 18, scale: 2, default: 0 })
  usedLine!: string;

  @Field(() => LocalDateScalar, { description: "First day of the agreement (生效日期)." })
  @Column({ type: "date" })
  validFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of the agreement (到期日期); null when open-ended." })
  @Column({ type: "date", nullable: true })
  validTo!: string | null;
}
