import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Role } from "../../domain/access";
import type { Context } from "../../graphql/context";
import { requireViewer } from "../auth/access";
import { Firm } from "../firm/firm.entity";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { ViewerInfo } from "./viewer.types";

/**
 * `viewer`: who am I. Any valid token may ask; the organisation is the token's own (a FIRM its
 * firm, a BANK its institution, a GUARANTOR its agency), loaded through the per-request loaders,
 * so it needs no scope check: it is always the caller's own record.
 */
@Resolver(() => ViewerInfo)
export class ViewerResolver {
  @Query(() => ViewerInfo, {
    description: "The caller (当前用户): its token's subject, role, organisation, jurisdiction and expiry. Start here to find your own ids.",
  })
  viewer(@Ctx() ctx: Context): ViewerInfo {
    const viewer = requireViewer(ctx.viewer);
    return {
      subject: viewer.subject,
      role: viewer.role,
      orgId: viewer.orgId,
      regionCode: viewer.regionCode,
      onboardingCreditCode: viewer.creditCode,
      tokenExpiresAt: viewer.expiresAt ?? null,
    };
  }

  @FieldResolver(() => Firm, { nullable: true, description: "A FIRM caller's own firm (本企业); null for other roles and for an onboarding token." })
  firm(@Root() me: ViewerInfo, @Ctx() ctx: Context): Promise<Firm | null> {
    return me.role === Role.FIRM && me.orgId ? ctx.loaders.firmById.load(me.orgId) : Promise.resolve(null);
  }

  @FieldResolver(() => FinancialInstitution, { nullable: true, description: "A BANK caller's own institution (本机构); null for other roles." })
  institution(@Root() me: ViewerInfo, @Ctx() ctx: Context): Promise<FinancialInstitution | null> {
    return me.role === Role.BANK && me.orgId ? ctx.loaders.institutionById.load(me.orgId) : Promise.resolve(null);
  }

  @FieldResolver(() => GuaranteeAgency, { nullable: true, description: "A GUARANTOR caller's own agency (本担保机构); null for other roles." })
  guaranteeAgency(@Root() me: ViewerInfo, @Ctx() ctx: Context): Promise<GuaranteeAgency | null> {
    return me.role === Role.GUARANTOR && me.orgId ? ctx.loaders.agencyById.load(me.orgId) : Promise.resolve(null);
  }
}
