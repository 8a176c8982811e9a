import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { PageArgs, type ConnectionShape } from "../../graphql/pagination";
import { requireViewer } from "../auth/access";
import type { AuditEvent } from "./audit-event.entity";
import { AuditEventConnection, AuditEventFilterInput, AuditEventNode, AuditVerification } from "./audit.types";

@Resolver(() => AuditEventNode)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      "The audit trail (审计日志) in chain order: an ADMIN reads all of it, a REGULATOR or BUREAU the events concerning its region, a FIRM, BANK or GUARANTOR the events its own organisation caused.",
  })
  auditEvents(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => AuditEventFilterInput, { nullable: true, description: "Conditions every returned event meets (筛选条件)." })
    filter: AuditEventFilterInput | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<AuditEvent>> {
    return ctx.services.audit.list(requireViewer(ctx.viewer), filter, page);
  }

  @Query(() => AuditVerification, {
    description:
      "Walks the whole audit chain and recomputes every hash (审计链校验); reports the first broken link. REGULATOR and ADMIN only (FORBIDDEN otherwise).",
  })
  verifyAuditTrail(@Ctx() ctx: Context): Promise<AuditVerification> {
    return ctx.services.audit.verify(requireViewer(ctx.viewer));
  }
}
