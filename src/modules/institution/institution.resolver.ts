import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { regionName } from "../../domain/code-tables";
import { REGION_NAME_DESCRIPTION } from "../../graphql/code-names";
import type { Context } from "../../graphql/context";
import { requireActor, requireViewer } from "../auth/access";
import { connectionType, PageArgs, type ConnectionShape } from "../../graphql/pagination";
import { FinancialInstitution } from "./financial-institution.entity";
import { CreateFinancialInstitutionInput, FinancialInstitutionFilter } from "./institution.inputs";

export const FinancialInstitutionConnection = connectionType(FinancialInstitution, "FinancialInstitution", "financial institution");

@Resolver(() => FinancialInstitution)
export class InstitutionResolver {
  @FieldResolver(() => String, { nullable: true, description: REGION_NAME_DESCRIPTION })
  regionName(@Root() record: FinancialInstitution): string | null {
    return regionName(record.regionCode);
  }

  @Query(() => FinancialInstitution, { description: "One financial institution by id (金融机构详情)." })
  financialInstitution(@Arg("id", () => ID, { description: "Institution id." }) id: string, @Ctx() ctx: Context): Promise<FinancialInstitution> {
    return ctx.services.institutions.getById(requireViewer(ctx.viewer), id);
  }

  @Query(() => FinancialInstitutionConnection, { description: "Financial institutions matching a filter (金融机构列表)." })
  financialInstitutions(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => FinancialInstitutionFilter, { nullable: true, description: "Filters; all given ones must hold." }) filter: FinancialInstitutionFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<FinancialInstitution>> {
    return ctx.services.institutions.list(requireViewer(ctx.viewer), filter, page);
  }

  @Mutation(() => FinancialInstitution, { description: "Registers a financial institution on the platform (金融机构入驻)." })
  createFinancialInstitution(
    @Arg("input", () => CreateFinancialInstitutionInput, { description: "The institution to register." }) input: CreateFinancialInstitutionInput,
    @Ctx() ctx: Context,
  ): Promise<FinancialInstitution> {
    return ctx.services.institutions.create(requireActor(ctx), input);
  }
}
