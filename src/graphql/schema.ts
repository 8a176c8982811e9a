import "reflect-metadata";
import "./enums";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AuditResolver } from "../modules/audit/audit.resolver";
import { ApplicationResolver } from "../modules/application/application.resolver";
import { CertificationResolver } from "../modules/certification/certification.resolver";
import { FirmResolver } from "../modules/firm/firm.resolver";
import { GuaranteeAgreementFieldResolver, GuaranteeResolver } from "../modules/guarantee/guarantee.resolver";
import { IncentiveResolver } from "../modules/incentive/incentive.resolver";
import { InstitutionResolver } from "../modules/institution/institution.resolver";
import { LoanProductResolver } from "../modules/loan-product/loan-product.resolver";
import { LoanResolver } from "../modules/loan/loan.resolver";
import { LprResolver } from "../modules/lpr/lpr.resolver";
import { MatchIneligibilityReasonResolver, MatchingResolver, NeedMatchEdgeResolver } from "../modules/matching/matching.resolver";
import { NeedLifecycleResolver } from "../modules/need/need-lifecycle.resolver";
import { NeedResolver } from "../modules/need/need.resolver";
import { LendingAnomalyResolver } from "../modules/report/anomaly.resolver";
import { BankQuotaUtilizationResolver, QuotaUtilizationResolver } from "../modules/report/quota-utilization.resolver";
import { LendingReportKeyResolver, LendingReportResolver } from "../modules/report/lending-report.resolver";
import { applyGlobalIds } from "../modules/node/global-ids";
import { NodeResolver } from "../modules/node/node.resolver";
import { ViewerResolver } from "../modules/viewer/viewer.resolver";

export const RESOLVERS = [
  ApplicationResolver,
  AuditResolver,
  CertificationResolver,
  FirmResolver,
  GuaranteeAgreementFieldResolver,
  GuaranteeResolver,
  IncentiveResolver,
  InstitutionResolver,
  LoanProductResolver,
  LoanResolver,
  LprResolver,
  MatchingResolver,
  MatchIneligibilityReasonResolver,
  NeedMatchEdgeResolver,
  NeedLifecycleResolver,
  NeedResolver,
  LendingAnomalyResolver,
  QuotaUtilizationResolver,
  BankQuotaUtilizationResolver,
  LendingReportResolver,
  LendingReportKeyResolver,
  NodeResolver,
  ViewerResolver,
] as const;

let cached: Promise<GraphQLSchema> | null = null;

/**
 * The code-first schema. Input rules are checked by the services with the domain validators
 * (one error format, every broken rule at once), so type-graphql's validation is off and class-validator is not installed.
 */
export function getSchema(): Promise<GraphQLSchema> {
  // Global ids (src/modules/node/global-ids.ts): id arguments decoded, Node ids encoded, in one place.
  cached ??= buildSchema({ resolvers: RESOLVERS, validate: false }).then(applyGlobalIds);
  return cached;
}
