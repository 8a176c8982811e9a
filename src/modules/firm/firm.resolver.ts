import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { industryNearestName, regionFullName, regionName } from "../../domain/code-tables";
import { firmCodeWarnings } from "../../domain/credit-code";
import { effectiveCertification } from "../../domain/tier";
import { INDUSTRY_NAME_DESCRIPTION, REGION_FULL_NAME_DESCRIPTION, REGION_NAME_DESCRIPTION } from "../../graphql/code-names";
import { pairedBankVisible } from "../../domain/access";
import type { Context } from "../../graphql/context";
import { requireActor, requireViewer } from "../auth/access";
import type { ConnectionShape, ListArgs } from "../../graphql/pagination";
import { LocalDateScalar } from "../../graphql/scalars";
import { Certification } from "../certification/certification.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { Firm } from "./firm.entity";
import { FirmFilter, RegisterFirmInput, UpdateFirmInput } from "./firm.inputs";
import { EffectiveTier, FirmConnection, FirmListArgs, FirmWarning } from "./firm.types";

@Resolver(() => Firm)
export class FirmResolver {
  @Query(() => Firm, { description: "One firm by id (企业详情); NOT_FOUND when there is none." })
  firm(@Arg("id", () => ID, { description: "Firm id." }) id: string, @Ctx() ctx: Context): Promise<Firm> {
    return ctx.services.firms.getById(requireViewer(ctx.viewer), id);
  }

  @Query(() => Firm, { description: "One firm by its 统一社会信用代码; BAD_USER_INPUT for a malformed code, NOT_FOUND when unregistered." })
  firmByCreditCode(@Arg("creditCode", { description: "统一社会信用代码, 18 characters." }) creditCode: string, @Ctx() ctx: Context): Promise<Firm> {
    return ctx.services.firms.getByCreditCode(requireViewer(ctx.viewer), creditCode);
  }

  @Query(() => FirmConnection, { description: "Firms matching a filter, in registration order (企业列表)." })
  firms(
    @Args(() => FirmListArgs) page: ListArgs,
    @Arg("filter", () => FirmFilter, { nullable: true, description: "Filters; all given ones must hold." }) filter: FirmFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<Firm>> {
    return ctx.services.firms.list(requireViewer(ctx.viewer), filter, page, ctx.today);
  }

  @Mutation(() => Firm, { description: "Registers a firm (企业注册); CONFLICT when its credit code is already registered." })
  registerFirm(@Arg("input", () => RegisterFirmInput, { description: "The firm to register." }) input: RegisterFirmInput, @Ctx() ctx: Context): Promise<Firm> {
    return ctx.services.firms.register(requireActor(ctx), input, ctx.today);
  }

  @Mutation(() => Firm, { description: "Changes a firm's profile (企业信息变更)." })
  updateFirm(@Arg("input", () => UpdateFirmInput, { description: "The changes." }) input: UpdateFirmInput, @Ctx() ctx: Context): Promise<Firm> {
    return ctx.services.firms.update(requireActor(ctx), input);
  }

  @FieldResolver(() => String, { nullable: true, description: REGION_NAME_DESCRIPTION })
  regionName(@Root() firm: Firm): string | null {
    return regionName(firm.regionCode);
  }

  @FieldResolver(() => String, { nullable: true, description: REGION_FULL_NAME_DESCRIPTION })
  regionFullName(@Root() firm: Firm): string | null {
    return regionFullName(firm.regionCode);
  }

  @FieldResolver(() => String, { nullable: true, description: INDUSTRY_NAME_DESCRIPTION })
  industryName(@Root() firm: Firm): string | null {
    return industryNearestName(firm.industryCode);
  }

  @FieldResolver(() => [FirmWarning], {
    description:
      "Warnings about the record (企业信息提示), empty when none: CREDIT_CODE_REGION_MISMATCH when the credit code's region (positions 3-8) is not the registered region. Accepted, not refused: a code keeps the region it was issued in.",
  })
  warnings(@Root() firm: Firm, @Ctx() ctx: Context): FirmWarning[] {
    return firmCodeWarnings(firm).map((w) => ({ code: w.code, message: w.message.in(ctx.locale) }));
  }

  @FieldResolver(() => [Certification], { description: "All the firm's certifications, oldest first (认定记录)." })
  certifications(@Root() firm: Firm, @Ctx() ctx: Context): Promise<Certification[]> {
    return ctx.loaders.certificationsByFirmId.load(firm.id);
  }

  @FieldResolver(() => EffectiveTier, {
    nullable: true,
    description: "The firm's effective tier on a date (有效梯度), default today; null when no certification is in force.",
  })
  async effectiveTier(
    @Root() firm: Firm,
    @Arg("on", () => LocalDateScalar, { nullable: true, description: "Date to evaluate (评估日期); default today." }) on: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<EffectiveTier | null> {
    const certs = await ctx.loaders.certificationsByFirmId.load(firm.id);
    const cert = effectiveCertification(certs, on ?? ctx.today);
    return cert ? { tier: cert.tier, level: cert.level, certification: cert } : null;
  }

  @FieldResolver(() => FinancialInstitution, {
    nullable: true,
    description: "The firm's paired bank (结对银行, seed 003), if any. A bank sees it only when it is that bank.",
  })
  pairedBank(@Root() firm: Firm, @Ctx() ctx: Context): Promise<FinancialInstitution | null> {
    if (!firm.pairedBankId || !pairedBankVisible(requireViewer(ctx.viewer), firm.pairedBankId)) return Promise.resolve(null);
    return ctx.loaders.institutionById.load(firm.pairedBankId);
  }
}
