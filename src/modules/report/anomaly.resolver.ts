import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { AnomalyRule } from "../../domain/anomaly-rules";
import { NotFoundError } from "../../domain/errors";
import type { Context } from "../../graphql/context";
import { PageArgs, type ConnectionShape } from "../../graphql/pagination";
import { Application } from "../application/application.entity";
import { AuditEventNode } from "../audit/audit.types";
import type { AuditEvent } from "../audit/audit-event.entity";
import { requireViewer } from "../auth/access";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { Loan } from "../loan/loan.entity";
import { LendingAnomaly, LendingAnomalyConnection } from "./anomaly.types";
import { LendingFilterInput } from "./report.inputs";
import { auditKey, reportLoaders } from "./report-loaders";

@Resolver(() => LendingAnomaly)
export class LendingAnomalyResolver {
  @Query(() => LendingAnomalyConnection, {
    description:
      "Lending anomalies (异常放款监测) among the loans and approved applications the caller may report on, ordered by rule, day and id: a REGULATOR or BUREAU those of firms in its region, a BANK its own lending, an ADMIN all; FORBIDDEN for FIRM and GUARANTOR callers. docs/reporting.md defines each rule.",
  })
  lendingAnomalies(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => LendingFilterInput, { nullable: true, description: "Which loans and applications to scan (筛选条件); absent: all in scope." })
    filter: LendingFilterInput | undefined,
    @Arg("rules", () => [AnomalyRule], { nullable: true, description: "Only these rules (仅查规则); absent or empty: all six." })
    rules: AnomalyRule[] | undefined,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<LendingAnomaly>> {
    return ctx.services.anomalies.list(requireViewer(ctx.viewer), filter, rules, page);
  }

  /** The sentence in the request's language (Accept-Language), like the match reasons'. */
  @FieldResolver(() => String)
  message(@Root() anomaly: LendingAnomaly, @Ctx() ctx: Context): string {
    return anomaly.message.in(ctx.locale);
  }

  // The loan, application and product are inside the caller's report scope (the scan is scoped);
  // the audit events follow the caller's `auditEvents` scope (docs/access.md).
  @FieldResolver(() => Loan, { nullable: true, description: "The loan the anomaly is about or involves (涉及贷款); null for an approval not yet disbursed." })
  loan(@Root() anomaly: LendingAnomaly, @Ctx() ctx: Context): Promise<Loan | null> | null {
    return anomaly.loanId === null ? null : ctx.loaders.loanById.load(anomaly.loanId);
  }

  @FieldResolver(() => Application, { nullable: true, description: "The application involved (涉及融资申请); null for a loan without one (a renewal recorded with renewLoan, an imported loan)." })
  application(@Root() anomaly: LendingAnomaly, @Ctx() ctx: Context): Promise<Application | null> | null {
    return anomaly.applicationId === null
      ? null
      : reportLoaders(ctx, requireViewer(ctx.viewer), ctx.services.anomalies.ds).applicationById.load(anomaly.applicationId);
  }

  @FieldResolver(() => LoanProduct, { description: "The product of the loan or application (贷款产品)." })
  async product(@Root() anomaly: LendingAnomaly, @Ctx() ctx: Context): Promise<LoanProduct> {
    const product = await ctx.loaders.productById.load(anomaly.productId);
    if (!product) throw new NotFoundError("LoanProduct", anomaly.productId);
    return product;
  }

  @FieldResolver(() => [AuditEventNode], {
    description:
      "The audit events (审计事件) that created or changed the records involved, in chain order, as the caller may read the trail (`auditEvents`): for products, agencies and agreements only the events of their terms, not every quota move. Records written outside the API (imports, the demo data) have none.",
  })
  async auditEvents(@Root() anomaly: LendingAnomaly, @Ctx() ctx: Context): Promise<AuditEvent[]> {
    const loader = reportLoaders(ctx, requireViewer(ctx.viewer), ctx.services.anomalies.ds).auditEventsByRecord;
    const lists = await loader.loadMany([...new Set(anomaly.records.map(auditKey))]);
    const byId = new Map<string, AuditEvent>();
    for (const list of lists) {
      if (list instanceof Error) throw list;
      for (const e of list) byId.set(e.id, e);
    }
    return [...byId.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }
}
