import type { DataSource } from "typeorm";
import type { Config } from "./config/config";
import { ApplicationService } from "./modules/application/application.service";
import { AuditService } from "./modules/audit/audit.service";
import { CertificationService } from "./modules/certification/certification.service";
import { FirmService } from "./modules/firm/firm.service";
import { GuaranteeService } from "./modules/guarantee/guarantee.service";
import { IncentiveService } from "./modules/incentive/incentive.service";
import { InstitutionService } from "./modules/institution/institution.service";
import { LoanProductService } from "./modules/loan-product/loan-product.service";
import { LoanService } from "./modules/loan/loan.service";
import { LprService } from "./modules/lpr/lpr.service";
import { MatchingService } from "./modules/matching/matching.service";
import { NeedLifecycleService } from "./modules/need/need-lifecycle.service";
import { NeedService } from "./modules/need/need.service";
import { NodeService } from "./modules/node/node.service";
import { AnomalyService } from "./modules/report/anomaly.service";
import { QuotaUtilizationService } from "./modules/report/quota-utilization.service";
import { LendingReportService } from "./modules/report/lending-report.service";

/**
 * The business services, created once per process; stateless apart from the data sources.
 * `reader` (DATABASE_READ_URL's connection, e.g. a read replica; the primary when unset) serves the
 * reports and the main lists, and nothing else: writes, reads inside a write's transaction, look-ups
 * by id and a mutation's returned object stay on `ds`, the primary (docs/deployment.md, "Read replicas").
 */
export function createServices(ds: DataSource, config: Config, reader: DataSource = ds) {
  return {
    firms: new FirmService(ds, config, reader),
    certifications: new CertificationService(ds),
    institutions: new InstitutionService(ds, config),
    loanProducts: new LoanProductService(ds, config, reader),
    lpr: new LprService(ds, config),
    guarantees: new GuaranteeService(ds, config),
    incentives: new IncentiveService(ds, config),
    needs: new NeedService(ds, config, reader),
    matching: new MatchingService(ds, config),
    audit: new AuditService(ds, config),
    applications: new ApplicationService(ds, config, reader),
    needLifecycle: new NeedLifecycleService(ds),
    loans: new LoanService(ds, config, reader),
    anomalies: new AnomalyService(reader, config),
    quotaUtilization: new QuotaUtilizationService(reader, config),
    lendingReports: new LendingReportService(reader),
    nodes: new NodeService(ds),
  };
}

export type Services = ReturnType<typeof createServices>;
