import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { regionFullName, regionName } from "../../domain/code-tables";
import { NotFoundError } from "../../domain/errors";
import { REGION_FULL_NAME_DESCRIPTION, REGION_NAME_DESCRIPTION } from "../../graphql/code-names";
import { ReportGroupBy } from "../../domain/reporting";
import type { Context } from "../../graphql/context";
import { requireViewer } from "../auth/access";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LendingReport, LendingReportKey } from "./lending-report.types";
import { LendingFilterInput } from "./report.inputs";

@Resolver(() => LendingReport)
export class LendingReportResolver {
  @Query(() => LendingReport, {
    description:
      "Lending to certified firms (放款统计报表): loans disbursed in the filter's days, grouped by tier, level, region, bank, category and/or month, with counts, amounts, balances, weighted effective rate, credit and guaranteed shares (信用贷款/保证贷款), first-time borrowers (首贷), renewals, median days to approval and disbursement, rejections by reason, and totals. A REGULATOR or BUREAU reports on the firms registered in its jurisdiction (a regionCode outside it is FORBIDDEN), a BANK on its own lending (another bank in bankIds is FORBIDDEN), an ADMIN on all; FIRM and GUARANTOR callers get FORBIDDEN. BAD_USER_INPUT names a broken filter field. docs/reporting.md defines every figure; GET /reports/lending.csv exports the same report.",
  })
  lendingReport(
    @Arg("filter", () => LendingFilterInput, { nullable: true, description: "Which loans and rejections to report on (筛选条件); absent: all in the caller's scope." })
    filter: LendingFilterInput | undefined,
    @Arg("groupBy", () => [ReportGroupBy], {
      defaultValue: [],
      description: "Dimensions to group by (分组维度), in the order the groups are sorted; empty: totals only.",
    })
    groupBy: ReportGroupBy[],
    @Ctx() ctx: Context,
  ): Promise<LendingReport> {
    return ctx.services.lendingReports.report(requireViewer(ctx.viewer), filter, groupBy, ctx.today);
  }
}

@Resolver(() => LendingReportKey)
export class LendingReportKeyResolver {
  @FieldResolver(() => String, { nullable: true, description: `REGION: ${REGION_NAME_DESCRIPTION}` })
  regionName(@Root() key: LendingReportKey): string | null {
    return regionName(key.regionCode);
  }

  @FieldResolver(() => String, { nullable: true, description: `REGION: ${REGION_FULL_NAME_DESCRIPTION} The CSV's 地区名称 column.` })
  regionFullName(@Root() key: LendingReportKey): string | null {
    return regionFullName(key.regionCode);
  }

  @FieldResolver(() => FinancialInstitution, { nullable: true, description: "BANK: the lending bank (贷款银行); null unless grouped by BANK." })
  bank(@Root() key: LendingReportKey, @Ctx() ctx: Context): FinancialInstitution | null | Promise<FinancialInstitution> {
    // Not async: without a BANK grouping a report's thousands of keys resolve synchronously (a
    // promise per key would make GraphQL await every group).
    if (key.bankId === null) return null;
    const bankId = key.bankId;
    return ctx.loaders.institutionById.load(bankId).then((bank) => {
      if (!bank) throw new NotFoundError("FinancialInstitution", bankId);
      return bank;
    });
  }
}
