import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { agreementVisible } from "../../domain/access";
import { regionName } from "../../domain/code-tables";
import { REGION_NAME_DESCRIPTION } from "../../graphql/code-names";
import { NotFoundError } from "../../domain/errors";
import { agencyRiskShareBp, capacityRemainingFen } from "../../domain/guarantee-rules";
import { formatMoney } from "../../domain/money";
import type { Context } from "../../graphql/context";
import { PageArgs, type ConnectionShape } from "../../graphql/pagination";
import { requireActor, requireViewer } from "../auth/access";
import { DecimalScalar } from "../../graphql/scalars";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { GuaranteeAgency } from "./guarantee-agency.entity";
import { GuaranteeAgreement } from "./guarantee-agreement.entity";
import { CreateGuaranteeAgencyInput, CreateGuaranteeAgreementInput, GuaranteeAgencyFilter, GuaranteeAgreementFilter } from "./guarantee.inputs";
import { GuaranteeAgencyConnection, GuaranteeAgreementConnection } from "./guarantee.types";

/** Fields of GuaranteeAgreement (registered in RESOLVERS, src/graphql/schema.ts). */
@Resolver(() => GuaranteeAgreement)
export class GuaranteeAgreementFieldResolver {
  @FieldResolver(() => FinancialInstitution, { description: "The bank that signed the agreement (合作银行)." })
  async institution(@Root() agreement: GuaranteeAgreement, @Ctx() ctx: Context): Promise<FinancialInstitution> {
    const institution = await ctx.loaders.institutionById.load(agreement.institutionId);
    if (!institution) throw new NotFoundError("FinancialInstitution", agreement.institutionId);
    return institution;
  }

  @FieldResolver(() => GuaranteeAgency, { description: "The guarantee agency that signed the agreement (担保机构)." })
  async agency(@Root() agreement: GuaranteeAgreement, @Ctx() ctx: Context): Promise<GuaranteeAgency> {
    const agency = await ctx.loaders.agencyById.load(agreement.agencyId);
    if (!agency) throw new NotFoundError("GuaranteeAgency", agreement.agencyId);
    return agency;
  }

  @FieldResolver(() => Int, {
    description: "Share of each loss the guarantee system bears, basis points (担保分险比例) = 10000 − bankRiskShareBp; at most 8000 (80%).",
  })
  agencyRiskShareBp(@Root() agreement: GuaranteeAgreement): number {
    return agencyRiskShareBp(agreement.bankRiskShareBp);
  }
}

@Resolver(() => GuaranteeAgency)
export class GuaranteeResolver {
  @FieldResolver(() => String, { nullable: true, description: REGION_NAME_DESCRIPTION })
  regionName(@Root() record: GuaranteeAgency): string | null {
    return regionName(record.regionCode);
  }

  @Query(() => GuaranteeAgency, { description: "One guarantee agency by id (担保机构详情); NOT_FOUND when there is none." })
  guaranteeAgency(@Arg("id", () => ID, { description: "The agency's id." }) id: string, @Ctx() ctx: Context): Promise<GuaranteeAgency> {
    return ctx.services.guarantees.getAgency(requireViewer(ctx.viewer), id);
  }

  @Query(() => GuaranteeAgencyConnection, { description: "Guarantee agencies matching a filter, in publication order (担保机构列表)." })
  guaranteeAgencies(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => GuaranteeAgencyFilter, { nullable: true, description: "Conditions the agencies must meet (筛选条件)." })
    filter: GuaranteeAgencyFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<GuaranteeAgency>> {
    return ctx.services.guarantees.listAgencies(requireViewer(ctx.viewer), filter, page);
  }

  @Query(() => GuaranteeAgreement, { description: "One 总对总 agreement by id (合作协议详情); NOT_FOUND when there is none or the caller may not see it (a bank or agency sees its own, a bureau or regulator its region's, a firm none)." })
  guaranteeAgreement(@Arg("id", () => ID, { description: "The agreement's id." }) id: string, @Ctx() ctx: Context): Promise<GuaranteeAgreement> {
    return ctx.services.guarantees.getAgreement(requireViewer(ctx.viewer), id);
  }

  @Query(() => GuaranteeAgreementConnection, { description: "总对总 agreements the caller may see matching a filter, in recording order (合作协议列表); empty for a firm." })
  guaranteeAgreements(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => GuaranteeAgreementFilter, { nullable: true, description: "Conditions the agreements must meet (筛选条件)." })
    filter: GuaranteeAgreementFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<GuaranteeAgreement>> {
    return ctx.services.guarantees.listAgreements(requireViewer(ctx.viewer), filter, page);
  }

  @Mutation(() => GuaranteeAgency, {
    description:
      "Publishes a guarantee agency and its terms (担保机构入驻), by a bureau inside its region or the platform admin (FORBIDDEN otherwise); BAD_USER_INPUT for a fee or per-firm cap outside policy, CONFLICT when the name is taken.",
  })
  createGuaranteeAgency(
    @Arg("input", () => CreateGuaranteeAgencyInput, { description: "The agency and its terms." }) input: CreateGuaranteeAgencyInput,
    @Ctx() ctx: Context,
  ): Promise<GuaranteeAgency> {
    return ctx.services.guarantees.createAgency(requireActor(ctx), input);
  }

  @Mutation(() => GuaranteeAgreement, {
    description:
      "Records a 总对总 agreement between a bank and an agency (签订银担合作协议), by the agency itself (FORBIDDEN for any other caller); NOT_FOUND for an unknown bank or agency, CONFLICT when the pair already has an agreement starting that day.",
  })
  createGuaranteeAgreement(
    @Arg("input", () => CreateGuaranteeAgreementInput, { description: "The agreement's parties and terms." }) input: CreateGuaranteeAgreementInput,
    @Ctx() ctx: Context,
  ): Promise<GuaranteeAgreement> {
    return ctx.services.guarantees.createAgreement(requireActor(ctx), input);
  }

  @FieldResolver(() => DecimalScalar, { description: "Capacity not yet committed, yuan (剩余担保额度) = capacity − usedCapacity." })
  capacityRemaining(@Root() agency: GuaranteeAgency): string {
    return formatMoney(capacityRemainingFen(agency.capacity, agency.usedCapacity));
  }

  @FieldResolver(() => [GuaranteeAgreement], {
    description:
      "总对总 agreements the agency has signed that the caller may see, oldest start first (合作协议); filtered like guaranteeAgreements (a firm sees none).",
  })
  async agreements(@Root() agency: GuaranteeAgency, @Ctx() ctx: Context): Promise<GuaranteeAgreement[]> {
    const viewer = requireViewer(ctx.viewer);
    const agreements = await ctx.loaders.agreementsByAgencyId.load(agency.id);
    return agreements.filter((agreement) => agreementVisible(viewer, agreement, agency.regionCode));
  }
}
