import { Field, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from "typeorm";
import { CertificationLevel, CertificationStatus, CertificationTier } from "../../domain/enums";
import { BaseRecord } from "../../common/base-record";
import { Node } from "../../graphql/node-interface";
import { LocalDateScalar } from "../../graphql/scalars";
import { Firm } from "../firm/firm.entity";

@ObjectType({ implements: Node, description: "A tier certification granted to a firm (梯度培育认定)." })
@Entity({ name: "certification" })
@Index("uq_certification_number", ["authority", "certificateNo"], { unique: true })
@Index("ix_certification_firm", ["firmId", "expiresOn"])
@Check("chk_certification_dates", "expires_on > issued_on")
@Check(
  "chk_certification_revocation",
  "(status = 'REVOKED') = (revoked_on IS NOT NULL) AND (revoked_on IS NULL OR revoked_on >= issued_on)",
)
export class Certification extends BaseRecord {
  /** The certified firm; exposed through the `firm` field resolver. */
  @Column({ type: "uuid" })
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "firm_id", foreignKeyConstraintName: "fk_certification_firm" })
  firm?: Relation<Firm>;

  @Field(() => CertificationTier, { description: "Tier certified (梯度层级)." })
  @Column({ type: "enum", enum: CertificationTier, enumName: "certification_tier" })
  tier!: CertificationTier;

  @Field(() => CertificationLevel, { description: "Level of the certifying government (认定层级)." })
  @Column({ type: "enum", enum: CertificationLevel, enumName: "certification_level" })
  level!: CertificationLevel;

  @Field({ description: "Issuing authority (认定机关), e.g. 工业和信息化部 or 晋城市工业和信息化局." })
  @Column({ type: "varchar", length: 120 })
  authority!: string;

  @Field({ description: "Certificate number (证书编号), unique per authority." })
  @Column({ type: "varchar", length: 60 })
  certificateNo!: string;

  @Field(() => String, { nullable: true, description: "Batch of the published list (认定批次), e.g. 第五批." })
  @Column({ type: "varchar", length: 60, nullable: true })
  batch!: string | null;

  @Field(() => LocalDateScalar, { description: "Date of issue (认定日期)." })
  @Column({ type: "date" })
  issuedOn!: string;

  @Field(() => LocalDateScalar, { description: "Last day of validity, inclusive (有效期至); usually three years after issue." })
  @Column({ type: "date" })
  expiresOn!: string;

  /** Recorded status; the `status` field resolver reports EXPIRED once `expiresOn` has passed. */
  @Column({ type: "enum", enum: CertificationStatus, enumName: "certification_status", default: CertificationStatus.ACTIVE })
  status!: CertificationStatus;

  @Field(() => LocalDateScalar, { nullable: true, description: "Date the certification was revoked (撤销日期), if it was." })
  @Column({ type: "date", nullable: true })
  revokedOn!: string | null;

  @Field(() => String, { nullable: true, description: "Why it was revoked (撤销原因), e.g. failed the yearly review (复核未通过)." })
  @Column({ type: "text", nullable: true })
  revocationReason!: string | null;
}
