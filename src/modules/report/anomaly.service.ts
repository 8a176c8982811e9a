import type { DataSource } from "typeorm";
import type { Config } from "../../config/config";
import type { Viewer } from "../../domain/access";
import {
  ANOMALY_RULE_ORDER,
  AnomalyRule,
  decodeAnomalyCursor,
  describeAnomaly,
  encodeAnomalyCursor,
  type AnomalyFacts,
  type AnomalyReason,
  type AnomalyRecordType,
  type CertificateFacts,
  type EligibilityTerms,
} from "../../domain/anomaly-rules";
import type { CertificationLevel, CertificationTier, FinancingPurpose, LoanStatus, LprTenor, PricingType } from "../../domain/enums";
import { Violations } from "../../domain/errors";
import { parseMoney } from "../../domain/money";
import { parseLendingFilter, reportScope, type LendingFilterInputShape } from "../../domain/reporting";
import { pageSize, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { AnomalyRepository, type AnomalyRow } from "./anomaly.repository";
import type { LendingAnomaly } from "./anomaly.types";

/**
 * 异常放款 (lendingAnomalies, docs/reporting.md "Anomalies"): who may scan (reportScope: a
 * REGULATOR or BUREAU its region's firms, a BANK its own lending, an ADMIN all), the filter, the
 * keyset paging on (rule, day, id), and the sentence of each anomaly. The scan is one SQL
 * statement (anomaly.repository.ts); the records' audit events and the loan, application and
 * product are loaded per request in batches (report-loaders.ts).
 */
export class AnomalyService {
  private readonly repo: AnomalyRepository;

  constructor(
    readonly ds: DataSource,
    readonly config: Config,
  ) {
    this.repo = new AnomalyRepository(ds);
  }

  async list(
    viewer: Viewer,
    filterInput: LendingFilterInputShape | null | undefined,
    rulesInput: readonly AnomalyRule[] | null | undefined,
    page: PageArgs,
  ): Promise<ConnectionShape<LendingAnomaly>> {
    const v = new Violations();
    const filter = v.take(() => parseLendingFilter(filterInput, "filter"));
    const size = v.take(() => pageSize(page.first, this.config.maxPageSize));
    const cursor = page.after == null ? null : v.take(() => decodeAnomalyCursor(page.after!));
    v.throwIfAny();
    const scope = reportScope(viewer, filter!, "Lending anomaly scans");
    const rules = rulesInput && rulesInput.length > 0 ? ANOMALY_RULE_ORDER.filter((r) => rulesInput.includes(r)) : ANOMALY_RULE_ORDER;

    const rows = await this.repo.page(scope, filter!, rules, cursor ?? null, size! + 1);
    const edges = rows.slice(0, size).map((row) => {
      const node = toAnomaly(row);
      return { node, cursor: encodeAnomalyCursor({ rule: node.rule, day: node.day, id: row.key }) };
    });
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size!,
        hasPreviousPage: cursor != null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      count: () => this.repo.count(scope, filter!, rules),
    };
  }
}

/** The rule of a scan row (its 1-based rank in ANOMALY_RULE_ORDER). */
function ruleOf(row: AnomalyRow): AnomalyRule {
  const rule = ANOMALY_RULE_ORDER[row.rank - 1];
  if (rule === undefined) throw new Error(`Anomaly scan returned an unknown rule rank ${row.rank}.`);
  return rule;
}

function toAnomaly(row: AnomalyRow): LendingAnomaly {
  const rule = ruleOf(row);
  const reasons = row.reasons as AnomalyReason[];
  return {
    id: `${rule}:${row.key}`,
    rule,
    reasons,
    day: row.day,
    message: describeAnomaly(factsOf(rule, reasons, row.facts)),
    records: row.records.map((r) => ({ type: r.type as AnomalyRecordType, id: r.id })),
    loanId: row.loan_id,
    applicationId: row.application_id,
    productId: row.product_id,
  };
}

type Json = Record<string, any>;

const money = (value: unknown): bigint => parseMoney(String(value));

function certificate(c: Json | null): CertificateFacts | null {
  if (c === null || c === undefined) return null;
  return {
    certificateNo: c.certificateNo,
    tier: c.tier as CertificationTier,
    level: c.level as CertificationLevel,
    issuedOn: c.issuedOn,
    expiresOn: c.expiresOn,
    revokedOn: c.revokedOn ?? null,
  };
}

/** Product terms as the scan returns them (an audit snapshot or the current row, camelCase). */
function eligibilityTerms(t: Json): EligibilityTerms {
  return {
    minAmountFen: money(t.minAmount),
    maxAmountFen: money(t.maxAmount),
    minTermMonths: Number(t.minTermMonths),
    maxTermMonths: Number(t.maxTermMonths),
    minTier: (t.minTier ?? null) as CertificationTier | null,
    minLevel: (t.minLevel ?? null) as CertificationLevel | null,
    servedRegionCodes: (t.servedRegionCodes ?? []) as string[],
    industryPrefixes: (t.industryPrefixes ?? []) as string[],
    purposes: (t.purposes ?? []) as FinancingPurpose[],
    validFrom: t.validFrom,
    validTo: t.validTo ?? null,
    requiresGuarantee: Boolean(t.requiresGuarantee),
  };
}

/** The typed facts of a scan row, for its sentence. */
function factsOf(rule: AnomalyRule, reasons: AnomalyReason[], f: Json): AnomalyFacts {
  switch (rule) {
    case AnomalyRule.CERTIFICATION_NOT_IN_FORCE:
      return {
        rule,
        reasons,
        disbursedOn: f.disbursedOn,
        recorded: certificate(f.recorded),
        minTier: f.minTier ?? null,
        minLevel: f.minLevel ?? null,
        lastCertificate: certificate(f.lastCertificate),
      };
    case AnomalyRule.RATE_ABOVE_PUBLISHED:
      return {
        rule,
        reasons,
        rateBp: f.rateBp,
        publishedBp: f.publishedBp,
        pricingDay: f.pricingDay,
        pricedAt: f.pricedAt,
        pricingType: f.pricingType as PricingType,
        lprTenor: (f.lprTenor ?? null) as LprTenor | null,
        lprBp: f.lprBp ?? null,
        lprEffectiveOn: f.lprEffectiveOn ?? null,
        spreadBp: f.spreadBp ?? null,
      };
    case AnomalyRule.GUARANTEE_FEE_ABOVE_CAP:
      return {
        rule,
        reasons,
        feeBp: f.feeBp,
        principalFen: money(f.principal),
        agencyFeeBp: f.agencyFeeBp,
        agreedFeeBp: f.agreedFeeBp ?? null,
        capBp: f.capBp,
      };
    case AnomalyRule.QUOTA_EXCEEDED:
      return {
        rule,
        reasons,
        kind: f.kind,
        amountFen: money(f.amount),
        runningFen: money(f.running),
        reservedFen: money(f.reserved),
        committedFen: money(f.committed),
        ledgerUsedFen: money(f.ledgerUsed),
      };
    case AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR: {
      const p = f.predecessor as Json | null;
      return {
        rule,
        reasons,
        renewedOn: f.renewedOn,
        predecessor:
          p === null
            ? null
            : { id: p.id, firmId: p.firmId, institutionId: p.institutionId, maturesOn: p.maturesOn, status: p.status as LoanStatus, closedOn: p.closedOn ?? null },
      };
    }
    case AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY: {
      const a = f.approval as Json;
      return {
        rule,
        reasons,
        approval: {
          approvedOn: a.approvedOn,
          amountFen: money(a.amount),
          termMonths: a.termMonths,
          purpose: a.purpose as FinancingPurpose,
          guaranteed: Boolean(a.guaranteed),
          regionCode: a.regionCode,
          industryCode: a.industryCode,
        },
        terms: eligibilityTerms(f.terms as Json),
        held: f.held ?? null,
      };
    }
  }
}
