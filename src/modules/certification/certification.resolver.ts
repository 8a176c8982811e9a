import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { CertificationStatus } from "../../domain/enums";
import { certificationStatusOn } from "../../domain/tier";
import type { Context } from "../../graphql/context";
import { requireActor, requireViewer } from "../auth/access";
import { NotFoundError } from "../../domain/errors";
import { Firm } from "../firm/firm.entity";
import { Certification } from "./certification.entity";
import { RecordCertificationInput, RevokeCertificationInput } from "./certification.inputs";

@Resolver(() => Certification)
export class CertificationResolver {
  @Query(() => Certification, { description: "One certification by id (认定详情)." })
  certification(@Arg("id", () => ID, { description: "Certification id." }) id: string, @Ctx() ctx: Context): Promise<Certification> {
    return ctx.services.certifications.getById(requireViewer(ctx.viewer), id);
  }

  @Mutation(() => Certification, { description: "Records a certification for a firm (录入认定)." })
  recordCertification(@Arg("input", () => RecordCertificationInput, { description: "The certification to record." }) input: RecordCertificationInput, @Ctx() ctx: Context): Promise<Certification> {
    return ctx.services.certifications.record(requireActor(ctx), input, ctx.today);
  }

  @Mutation(() => Certification, { description: "Revokes a certification (撤销认定); CONFLICT when it is already revoked." })
  revokeCertification(@Arg("input", () => RevokeCertificationInput, { description: "The certification to revoke and why." }) input: RevokeCertificationInput, @Ctx() ctx: Context): Promise<Certification> {
    return ctx.services.certifications.revoke(requireActor(ctx), input);
  }

  @FieldResolver(() => CertificationStatus, {
    description: "Status today (认定状态): REVOKED from the revocation date, EXPIRED after the last valid day, else ACTIVE.",
  })
  status(@Root() cert: Certification, @Ctx() ctx: Context): CertificationStatus {
    return certificationStatusOn(cert, ctx.today) ?? CertificationStatus.ACTIVE;
  }

  @FieldResolver(() => Firm, { description: "The certified firm (企业)." })
  async firm(@Root() cert: Certification, @Ctx() ctx: Context): Promise<Firm> {
    const firm = await ctx.loaders.firmById.load(cert.firmId);
    if (!firm) throw new NotFoundError("Firm", cert.firmId);
    return firm;
  }
}
