import { Field, ID, InputType } from "type-graphql";
import { CertificationLevel, CertificationTier } from "../../domain/enums";
import { LocalDateScalar } from "../../graphql/scalars";

@InputType({ description: "A certification to record for a firm (录入认定), e.g. from a published list." })
export class RecordCertificationInput {
  @Field(() => ID, { description: "The certified firm." })
  firmId!: string;

  @Field(() => CertificationTier, { description: "Tier certified (梯度)." })
  tier!: CertificationTier;

  @Field(() => CertificationLevel, { description: "Level of the certifying government (认定层级)." })
  level!: CertificationLevel;

  @Field({ description: "Issuing authority (认定机关)." })
  authority!: string;

  @Field({ description: "Certificate number (证书编号), unique per authority." })
  certificateNo!: string;

  @Field(() => String, { nullable: true, description: "Batch of the list (认定批次)." })
  batch?: string | null;

  @Field(() => LocalDateScalar, { description: "Date of issue (认定日期), not in the future." })
  issuedOn!: string;

  @Field(() => LocalDateScalar, { description: "Last day of validity, inclusive (有效期至); after issuedOn." })
  expiresOn!: string;
}

@InputType({ description: "Revokes a certification (撤销认定), e.g. after a failed yearly review (有进有出)." })
export class RevokeCertificationInput {
  @Field(() => ID, { description: "The certification to revoke." })
  id!: string;

  @Field(() => LocalDateScalar, { description: "Date the revocation takes effect (撤销日期); on or after the issue date." })
  revokedOn!: string;

  @Field({ description: "Why (撤销原因)." })
  reason!: string;
}
