import type { DataSource } from "typeorm";
import { AnomalyRule, ruleRank, type AnomalyCursor } from "../../domain/anomaly-rules";
import { RENEWAL_CATEGORIES } from "../../domain/enums";
import { LARGE_GUARANTEE_FEE_CAP_BP, SMALL_GUARANTEE_FEE_CAP_BP, SMALL_GUARANTEE_LIMIT_FEN } from "../../domain/guarantee-rules";
import { formatMoney } from "../../domain/money";
import type { LendingFilter, ReportScope } from "../../domain/reporting";
import { chinaDaySql, coveredPrefixSql, inForceSql, SqlParams } from "./report-sql";

/**
 * The anomaly scan (docs/reporting.md, "Anomalies"): one statement, each rule a set-based SELECT
 * over the scoped loans or applications, mirroring the pure predicates of
 * src/domain/anomaly-rules.ts (named at each rule), then one keyset-paged ORDER BY (rule, day, id).
 * No per-loan query: a page costs one statement (and one more for totalCount).
 */

/** One anomaly as the scan returns it. */
export interface AnomalyRow {
  rank: number;
  /** The day the rule is about: the loan's disbursement day, or the application's approval day. */
  day: string;
  /** The loan or application the anomaly is about (unique within a rule). */
  key: string;
  loan_id: string | null;
  application_id: string | null;
  product_id: string;
  reasons: string[];
  facts: Record<string, unknown>;
  records: Array<{ type: string; id: string }>;
}

const TERM_OPERATIONS = `('createLoanProduct', 'updateLoanProduct', 'archiveLoanProduct')`;

/** The current row's terms, in the shape of a LoanProduct audit snapshot (camelCase, money as text). */
function currentTermsSql(p: string): string {
  return `jsonb_build_object(
    'category', ${p}.category, 'minTier', ${p}.min_tier, 'minLevel', ${p}.min_level,
    'servedRegionCodes', to_jsonb(${p}.served_region_codes), 'industryPrefixes', to_jsonb(${p}.industry_prefixes),
    'minAmount', ${p}.min_amount::text, 'maxAmount', ${p}.max_amount::text,
    'minTermMonths', ${p}.min_term_months, 'maxTermMonths', ${p}.max_term_months, 'purposes', to_jsonb(${p}.purposes),
    'pricingType', ${p}.pricing_type, 'fixedRateBp', ${p}.fixed_rate_bp, 'lprTenor', ${p}.lpr_tenor, 'spreadBp', ${p}.spread_bp,
    'requiresGuarantee', ${p}.requires_guarantee, 'validFrom', ${p}.valid_from, 'validTo', ${p}.valid_to)`;
}

const TERM_EVENT = `e.record_type = 'LoanProduct' AND e.operation IN ${TERM_OPERATIONS}`;

/**
 * `terms`: every version of every product's terms, each with the instants it was in force
 * [from_at, until_at), read from the audit trail: the snapshot after each createLoanProduct /
 * updateLoanProduct / archiveLoanProduct event, in force until the next one; before the first such
 * event, the snapshot before it (for a creation, the created terms); a product with no such event
 * (seeded or imported) by its current row, at every instant. The typed columns are extracted once
 * per version; a loan or application joins the version of its instant (`termsJoin`). The term
 * events are read through the partial index ix_audit_event_product_terms.
 */
function termsCte(): string {
  return `terms AS MATERIALIZED (
    SELECT v.product_id, v.from_at, v.until_at, v.t,
           v.t->>'pricingType' AS pricing_type, v.t->>'lprTenor' AS lpr_tenor, (v.t->>'spreadBp')::int AS spread_bp, (v.t->>'fixedRateBp')::int AS fixed_rate_bp,
           (v.t->>'minAmount')::numeric AS min_amount, (v.t->>'maxAmount')::numeric AS max_amount,
           (v.t->>'minTermMonths')::int AS min_term, (v.t->>'maxTermMonths')::int AS max_term,
           CAST(v.t->>'minTier' AS certification_tier) AS min_tier, CAST(v.t->>'minLevel' AS certification_level) AS min_level,
           ARRAY(SELECT ${coveredPrefixSql("sc.code")} FROM jsonb_array_elements_text(v.t->'servedRegionCodes') AS sc(code)) AS served_prefixes,
           ARRAY(SELECT jsonb_array_elements_text(v.t->'industryPrefixes')) AS industry_prefixes,
           ARRAY(SELECT jsonb_array_elements_text(v.t->'purposes')) AS purposes,
           (v.t->>'validFrom')::date AS valid_from, (v.t->>'validTo')::date AS valid_to,
           COALESCE((v.t->>'requiresGuarantee')::boolean, false) AS requires_guarantee
      FROM (
        SELECT e.record_id::uuid AS product_id, e.after AS t, e.occurred_at AS from_at,
               lead(e.occurred_at) OVER (PARTITION BY e.record_id ORDER BY e.id) AS until_at
          FROM audit_event e WHERE ${TERM_EVENT}
        UNION ALL
        (SELECT DISTINCT ON (e.record_id) e.record_id::uuid, COALESCE(e.before, e.after), '-infinity'::timestamptz, e.occurred_at
           FROM audit_event e WHERE ${TERM_EVENT} ORDER BY e.record_id, e.id)
        UNION ALL
        SELECT p.id, ${currentTermsSql("p")}, '-infinity'::timestamptz, NULL
          FROM loan_product p WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE ${TERM_EVENT} AND e.record_id = p.id::text)
      ) v)`;
}

/** Joins `tm`, the version of a product's terms in force at `instant`. */
function termsJoin(productId: string, instant: string): string {
  return `JOIN terms tm ON tm.product_id = ${productId} AND tm.from_at <= ${instant} AND (tm.until_at IS NULL OR ${instant} < tm.until_at)`;
}

/** `lpr`: each LPR fixing with the days it was in force [effective_on, until_on) (lprInForce). */
const LPR_CTE = `lpr AS MATERIALIZED (
    SELECT r.tenor::text AS tenor, r.rate_bp, r.effective_on, lead(r.effective_on) OVER (PARTITION BY r.tenor ORDER BY r.effective_on) AS until_on
      FROM lpr_rate r)`;

function ref(type: string, id: string): string {
  return `jsonb_build_object('type', '${type}', 'id', ${id})`;
}

function certificateJson(c: string): string {
  return `jsonb_build_object('certificateNo', ${c}.certificate_no, 'tier', ${c}.tier, 'level', ${c}.level,
    'issuedOn', ${c}.issued_on, 'expiresOn', ${c}.expires_on, 'revokedOn', ${c}.revoked_on)`;
}

/** The firm's certificates issued on or before `d`, as record references (oldest first). */
function certificateRefsSql(firm: string, d: string): string {
  return `COALESCE((SELECT jsonb_agg(${ref("CERTIFICATION", "c.id")} ORDER BY c.issued_on, c.id) FROM certification c
    WHERE c.firm_id = ${firm} AND c.issued_on <= ${d}), '[]'::jsonb)`;
}

export class AnomalyRepository {
  constructor(private readonly ds: DataSource) {}

  /** One page of anomalies after `cursor`, `limit` rows at most, of the given rules. */
  async page(scope: ReportScope, filter: LendingFilter, rules: readonly AnomalyRule[], cursor: AnomalyCursor | null, limit: number): Promise<AnomalyRow[]> {
    const params = new SqlParams();
    const body = this.scan(params, scope, filter, rules.filter((r) => cursor === null || ruleRank(r) >= ruleRank(cursor.rule)));
    if (body === null) return [];
    const after =
      cursor === null
        ? ""
        : `WHERE (x.rank, x.day, x.key) > (${params.add(ruleRank(cursor.rule), "int")}, ${params.add(cursor.day, "date")}, ${params.add(cursor.id, "uuid")})`;
    return this.ds.query(`${body} SELECT x.* FROM anomalies x ${after} ORDER BY x.rank, x.day, x.key LIMIT ${params.add(limit, "int")}`, params.values);
  }

  /** How many anomalies of the given rules the scope and filter hold. */
  async count(scope: ReportScope, filter: LendingFilter, rules: readonly AnomalyRule[]): Promise<number> {
    const params = new SqlParams();
    const body = this.scan(params, scope, filter, rules);
    if (body === null) return 0;
    const [row] = (await this.ds.query(`${body} SELECT count(*)::int AS n FROM anomalies`, params.values)) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /**
   * The WITH clause defining `anomalies` (rank, day, key, loan_id, application_id, product_id,
   * reasons, facts, records) for the rules asked; null when none is.
   */
  private scan(params: SqlParams, scope: ReportScope, filter: LendingFilter, rules: readonly AnomalyRule[]): string | null {
    if (rules.length === 0) return null;
    const wanted = new Set(rules);

    // --- Scope and filter (docs/reporting.md, "Filter and scope").
    // A loan is placed by the facts stored at its disbursement (firm's region, product category:
    // trg_loan_report_facts), as lendingReport places it; an approval by the firm and product now.
    const common: string[] = [];
    if (scope.institutionId !== null) common.push(`p.institution_id = ${params.add(scope.institutionId, "uuid")}`);
    if (filter.bankIds !== null) common.push(`p.institution_id = ANY(${params.add(filter.bankIds, "uuid[]")})`);
    const region = scope.regionPrefix === null ? null : params.add(scope.regionPrefix, "text");
    const categories = filter.categories === null ? null : params.add(filter.categories, "text[]");
    const tiers = filter.tiers === null ? null : params.add(filter.tiers, "text[]");
    const levels = filter.levels === null ? null : params.add(filter.levels, "text[]");
    const from = filter.from === null ? null : params.add(filter.from, "date");
    const to = filter.to === null ? null : params.add(filter.to, "date");

    // Loans: by their disbursement day and the certification recorded at disbursement.
    const loanWhere = [...common];
    if (region !== null) loanWhere.push(`l.firm_region_code LIKE ${region} || '%'`);
    if (categories !== null) loanWhere.push(`l.product_category::text = ANY(${categories})`);
    if (from !== null) loanWhere.push(`l.disbursed_on >= ${from}`);
    if (to !== null) loanWhere.push(`l.disbursed_on <= ${to}`);
    if (tiers !== null) loanWhere.push(`l.tier_at_disbursement::text = ANY(${tiers})`);
    if (levels !== null) loanWhere.push(`l.level_at_disbursement::text = ANY(${levels})`);

    // Applications: by their approval day and the firm's effective certification that day.
    const approvedOn = chinaDaySql("a.approved_at");
    const effective = (column: string) =>
      `(SELECT c.${column}::text FROM certification c WHERE c.firm_id = f.id AND ${inForceSql("c", approvedOn)}
        ORDER BY c.tier DESC, c.level DESC, c.expires_on DESC, c.id ASC LIMIT 1)`;
    const appWhere = [...common];
    if (region !== null) appWhere.push(`f.region_code LIKE ${region} || '%'`);
    if (categories !== null) appWhere.push(`p.category::text = ANY(${categories})`);
    if (from !== null) appWhere.push(`${approvedOn} >= ${from}`);
    if (to !== null) appWhere.push(`${approvedOn} <= ${to}`);
    if (tiers !== null) appWhere.push(`${effective("tier")} = ANY(${tiers})`);
    if (levels !== null) appWhere.push(`${effective("level")} = ANY(${levels})`);

    const where = (conditions: string[]) => (conditions.length === 0 ? "" : `AND ${conditions.join(" AND ")}`);

    const ctes: string[] = [
      // The loans in scope, with the day and instant their rate was set: the approval for a loan
      // disbursed from an application (approveApplication checks the rate that day), else the
      // loan's own disbursement (renewLoan checks it on the renewal day).
      `sl AS (
        SELECT l.id, l.firm_id, l.institution_id, l.product_id, l.application_id, l.certification_id, l.principal, l.outstanding,
               l.annual_rate_bp, l.guarantee_fee_bp, l.guarantee_agency_id, l.guarantee_agreement_id, l.disbursed_on, l.created_at,
               l.renews_loan_id, l.status, p.category, a.approved_at,
               COALESCE(a.approved_at, l.created_at) AS terms_at,
               CASE WHEN a.approved_at IS NULL THEN l.disbursed_on ELSE ${chinaDaySql("a.approved_at")} END AS pricing_day
          FROM loan l JOIN firm f ON f.id = l.firm_id JOIN loan_product p ON p.id = l.product_id
          LEFT JOIN application a ON a.id = l.application_id
         WHERE TRUE ${where(loanWhere)})`,
      // The approved applications in scope (APPROVED or DISBURSED, with an approval instant).
      `sa AS (
        SELECT a.id, a.product_id, n.firm_id, a.status, a.approved_amount, a.approved_term_months, a.approved_at,
               ${approvedOn} AS approved_on, a.guarantee_decision, n.purpose, f.region_code, f.industry_code, dl.id AS loan_id
          FROM application a JOIN financing_need n ON n.id = a.need_id JOIN firm f ON f.id = n.firm_id JOIN loan_product p ON p.id = a.product_id
          LEFT JOIN loan dl ON dl.application_id = a.id
         WHERE a.status IN ('APPROVED', 'DISBURSED') AND a.approved_at IS NOT NULL ${where(appWhere)})`,
    ];
    if (wanted.has(AnomalyRule.CERTIFICATION_NOT_IN_FORCE) || wanted.has(AnomalyRule.RATE_ABOVE_PUBLISHED) || wanted.has(AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY)) {
      ctes.push(termsCte());
    }
    if (wanted.has(AnomalyRule.RATE_ABOVE_PUBLISHED)) ctes.push(LPR_CTE);
    const branches: string[] = [];
    const select = (rule: AnomalyRule) => `SELECT ${ruleRank(rule)} AS rank`;

    if (wanted.has(AnomalyRule.CERTIFICATION_NOT_IN_FORCE)) {
      // Mirrors certificationReasons. (a) the recorded certification was not in force that day.
      branches.push(`${select(AnomalyRule.CERTIFICATION_NOT_IN_FORCE)}, l.disbursed_on AS day, l.id AS key, l.id AS loan_id, l.application_id, l.product_id,
          ARRAY[CASE WHEN rc.status = 'REVOKED' AND (rc.revoked_on IS NULL OR rc.revoked_on <= l.disbursed_on) THEN 'RECORDED_CERTIFICATION_REVOKED'
                     WHEN l.disbursed_on < rc.issued_on THEN 'RECORDED_CERTIFICATION_NOT_YET_ISSUED'
                     ELSE 'RECORDED_CERTIFICATION_EXPIRED' END] AS reasons,
          jsonb_build_object('disbursedOn', l.disbursed_on, 'recorded', ${certificateJson("rc")}, 'minTier', NULL, 'minLevel', NULL, 'lastCertificate', NULL) AS facts,
          jsonb_build_array(${ref("LOAN", "l.id")}, ${ref("CERTIFICATION", "rc.id")}) AS records
        FROM sl l JOIN certification rc ON rc.id = l.certification_id
        WHERE NOT ${inForceSql("rc", "l.disbursed_on")}`);
      // (b) none recorded, the product (its terms when the loan's rate was set) requires one, and none was in force.
      branches.push(`${select(AnomalyRule.CERTIFICATION_NOT_IN_FORCE)}, l.disbursed_on, l.id, l.id, l.application_id, l.product_id,
          ARRAY['NO_CERTIFICATION_IN_FORCE'],
          jsonb_build_object('disbursedOn', l.disbursed_on, 'recorded', NULL, 'minTier', tm.min_tier, 'minLevel', tm.min_level,
            'lastCertificate', (SELECT ${certificateJson("c")} FROM certification c WHERE c.firm_id = l.firm_id AND c.issued_on <= l.disbursed_on
                                ORDER BY c.issued_on DESC, c.id DESC LIMIT 1)),
          jsonb_build_array(${ref("LOAN", "l.id")}, ${ref("PRODUCT", "l.product_id")}) || ${certificateRefsSql("l.firm_id", "l.disbursed_on")}
        FROM sl l ${termsJoin("l.product_id", "l.terms_at")}
        WHERE l.certification_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM certification c WHERE c.firm_id = l.firm_id AND ${inForceSql("c", "l.disbursed_on")})
          AND (tm.min_tier IS NOT NULL OR tm.min_level IS NOT NULL)`);
    }

    if (wanted.has(AnomalyRule.RATE_ABOVE_PUBLISHED)) {
      // Mirrors rateAbovePublished / publishedRateOn: fixed, or the LPR of the tenor in force on the pricing day + spread, never below 0.
      branches.push(`${select(AnomalyRule.RATE_ABOVE_PUBLISHED)}, l.disbursed_on, l.id, l.id, l.application_id, l.product_id,
          ARRAY['ABOVE_PUBLISHED_RATE'],
          jsonb_build_object('rateBp', l.annual_rate_bp, 'publishedBp', pr.published, 'pricingDay', l.pricing_day,
            'pricedAt', CASE WHEN l.approved_at IS NULL THEN 'DISBURSEMENT' ELSE 'APPROVAL' END,
            'pricingType', tm.pricing_type, 'lprTenor', CASE WHEN tm.pricing_type = 'LPR_SPREAD' THEN tm.lpr_tenor END,
            'lprBp', lpr.rate_bp, 'lprEffectiveOn', lpr.effective_on, 'spreadBp', CASE WHEN tm.pricing_type = 'LPR_SPREAD' THEN tm.spread_bp END),
          jsonb_build_array(${ref("LOAN", "l.id")}, ${ref("PRODUCT", "l.product_id")})
        FROM sl l ${termsJoin("l.product_id", "l.terms_at")}
        LEFT JOIN lpr ON tm.pricing_type = 'LPR_SPREAD' AND lpr.tenor = tm.lpr_tenor
                     AND lpr.effective_on <= l.pricing_day AND (lpr.until_on IS NULL OR l.pricing_day < lpr.until_on)
        CROSS JOIN LATERAL (SELECT CASE WHEN tm.pricing_type = 'FIXED' THEN tm.fixed_rate_bp
                                        WHEN lpr.rate_bp IS NULL THEN NULL
                                        ELSE GREATEST(0, lpr.rate_bp + tm.spread_bp) END AS published) pr
        WHERE pr.published IS NOT NULL AND l.annual_rate_bp > pr.published`);
    }

    if (wanted.has(AnomalyRule.GUARANTEE_FEE_ABOVE_CAP)) {
      // Mirrors guaranteeFeeBounds; the caps are guaranteeFeeCapBp's constants (国办发〔2019〕6号).
      const small = params.add(formatMoney(SMALL_GUARANTEE_LIMIT_FEN), "numeric");
      const capSmall = params.add(SMALL_GUARANTEE_FEE_CAP_BP, "int");
      const capLarge = params.add(LARGE_GUARANTEE_FEE_CAP_BP, "int");
      branches.push(`${select(AnomalyRule.GUARANTEE_FEE_ABOVE_CAP)}, l.disbursed_on, l.id, l.id, l.application_id, l.product_id,
          fb.reasons,
          jsonb_build_object('feeBp', l.guarantee_fee_bp, 'principal', l.principal::text, 'agencyFeeBp', ga.fee_rate_bp,
            'agreedFeeBp', gr.agreed_fee_rate_bp, 'capBp', cap.bp),
          jsonb_build_array(${ref("LOAN", "l.id")}, ${ref("GUARANTEE_AGENCY", "ga.id")})
            || CASE WHEN gr.id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(${ref("GUARANTEE_AGREEMENT", "gr.id")}) END
        FROM sl l JOIN guarantee_agency ga ON ga.id = l.guarantee_agency_id
        LEFT JOIN guarantee_agreement gr ON gr.id = l.guarantee_agreement_id
        CROSS JOIN LATERAL (SELECT CASE WHEN l.principal <= ${small} THEN ${capSmall} ELSE ${capLarge} END AS bp) cap
        CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
            CASE WHEN l.guarantee_fee_bp > ga.fee_rate_bp THEN 'FEE_ABOVE_AGENCY' END,
            CASE WHEN gr.id IS NOT NULL AND l.guarantee_fee_bp > gr.agreed_fee_rate_bp THEN 'FEE_ABOVE_AGREEMENT' END,
            CASE WHEN l.guarantee_fee_bp > cap.bp THEN 'FEE_ABOVE_POLICY_CAP' END], NULL) AS reasons) fb
        WHERE l.guarantee_fee_bp IS NOT NULL AND cardinality(fb.reasons) > 0`);
    }

    if (wanted.has(AnomalyRule.QUOTA_EXCEEDED)) {
      // Mirrors quotaOverruns: each product's commitments now (running loans' balances, APPROVED
      // applications' amounts) in the order they committed the line (the approval instant; a loan
      // without an application: its recording instant), then id; over the reserve from the first
      // whose running sum exceeds it. Only products whose total exceeds the reserve are windowed.
      const productWhere: string[] = [];
      if (scope.institutionId !== null) productWhere.push(`p.institution_id = ${params.add(scope.institutionId, "uuid")}`);
      if (filter.bankIds !== null) productWhere.push(`p.institution_id = ANY(${params.add(filter.bankIds, "uuid[]")})`);
      if (filter.categories !== null) productWhere.push(`p.category::text = ANY(${params.add(filter.categories, "text[]")})`);
      ctes.push(`commitment AS (
          SELECT l.product_id, 'LOAN' AS kind, l.id, l.outstanding AS amount, COALESCE(a.approved_at, l.created_at) AS committed_at
            FROM loan l LEFT JOIN application a ON a.id = l.application_id
           WHERE l.status IN ('PERFORMING', 'OVERDUE') AND l.outstanding > 0
          UNION ALL
          SELECT a.product_id, 'APPLICATION', a.id, a.approved_amount, a.approved_at FROM application a WHERE a.status = 'APPROVED'
        )`);
      ctes.push(`overcommitted AS (
          SELECT p.id, p.reserved_quota, p.used_quota, t.total
            FROM (SELECT product_id, sum(amount) AS total FROM commitment GROUP BY product_id) t
            JOIN loan_product p ON p.id = t.product_id
           WHERE t.total > p.reserved_quota ${where(productWhere)}
        )`);
      ctes.push(`running AS (
          SELECT c.*, o.reserved_quota, o.used_quota, o.total,
                 sum(c.amount) OVER (PARTITION BY c.product_id ORDER BY c.committed_at, c.id ROWS UNBOUNDED PRECEDING) AS running
            FROM commitment c JOIN overcommitted o ON o.id = c.product_id
        )`);
      branches.push(`${select(AnomalyRule.QUOTA_EXCEEDED)}, COALESCE(l.disbursed_on, a.approved_on), r.id, l.id, COALESCE(l.application_id, a.id), r.product_id,
          ARRAY['COMMITMENTS_ABOVE_RESERVE'],
          jsonb_build_object('kind', r.kind, 'amount', r.amount::text, 'running', r.running::text, 'reserved', r.reserved_quota::text,
            'committed', r.total::text, 'ledgerUsed', r.used_quota::text),
          jsonb_build_array(${ref("PRODUCT", "r.product_id")}, CASE WHEN r.kind = 'LOAN' THEN ${ref("LOAN", "r.id")} ELSE ${ref("APPLICATION", "r.id")} END)
        FROM running r
        LEFT JOIN sl l ON r.kind = 'LOAN' AND l.id = r.id
        LEFT JOIN sa a ON r.kind = 'APPLICATION' AND a.id = r.id
        WHERE r.running > r.reserved_quota AND (l.id IS NOT NULL OR a.id IS NOT NULL)`);
    }

    if (wanted.has(AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR)) {
      // Mirrors renewalPredecessorReasons, for loans of a renewal category (RENEWAL_CATEGORIES).
      const renewalCategories = params.add(RENEWAL_CATEGORIES, "text[]");
      branches.push(`${select(AnomalyRule.RENEWAL_WITHOUT_PERFORMING_PREDECESSOR)}, l.disbursed_on, l.id, l.id, l.application_id, l.product_id,
          rr.reasons,
          jsonb_build_object('renewedOn', l.disbursed_on, 'predecessor', CASE WHEN pl.id IS NULL THEN NULL ELSE jsonb_build_object(
            'id', pl.id, 'firmId', pl.firm_id, 'institutionId', pl.institution_id, 'maturesOn', pl.matures_on, 'status', pl.status, 'closedOn', pl.closed_on) END),
          jsonb_build_array(${ref("LOAN", "l.id")}) || CASE WHEN pl.id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(${ref("LOAN", "pl.id")}) END
        FROM sl l
        LEFT JOIN loan pl ON pl.id = l.renews_loan_id
        CROSS JOIN LATERAL (SELECT CASE WHEN pl.id IS NULL THEN ARRAY['NO_PREDECESSOR'] ELSE array_remove(ARRAY[
            CASE WHEN pl.firm_id <> l.firm_id THEN 'PREDECESSOR_OTHER_FIRM' END,
            CASE WHEN pl.institution_id <> l.institution_id THEN 'PREDECESSOR_OTHER_BANK' END,
            CASE WHEN pl.matures_on < l.disbursed_on THEN 'PREDECESSOR_MATURED' END,
            CASE WHEN pl.status = 'OVERDUE' THEN 'PREDECESSOR_OVERDUE' END,
            CASE WHEN pl.closed_on < l.disbursed_on THEN 'PREDECESSOR_CLOSED_BEFORE' END,
            CASE WHEN pl.status = 'REPAID' AND pl.closed_on >= l.disbursed_on THEN 'PREDECESSOR_REPAID' END,
            CASE WHEN pl.status = 'PERFORMING' THEN 'PREDECESSOR_STILL_RUNNING' END], NULL) END AS reasons) rr
        WHERE l.category::text = ANY(${renewalCategories}) AND cardinality(rr.reasons) > 0`);
    }

    if (wanted.has(AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY)) {
      // Mirrors approvalEligibilityReasons on the product's terms at the approval instant.
      branches.push(`${select(AnomalyRule.APPROVAL_OUTSIDE_ELIGIBILITY)}, a.approved_on, a.id, a.loan_id, a.id, a.product_id,
          ar.reasons,
          jsonb_build_object(
            'approval', jsonb_build_object('approvedOn', a.approved_on, 'amount', a.approved_amount::text, 'termMonths', a.approved_term_months,
              'purpose', a.purpose, 'guaranteed', a.guarantee_decision IS NOT DISTINCT FROM 'ACCEPTED', 'regionCode', a.region_code, 'industryCode', a.industry_code),
            'terms', tm.t,
            'held', (SELECT jsonb_build_object('tier', c.tier, 'level', c.level) FROM certification c WHERE c.firm_id = a.firm_id AND ${inForceSql("c", "a.approved_on")}
                      ORDER BY c.tier DESC, c.level DESC, c.expires_on DESC, c.id ASC LIMIT 1)),
          jsonb_build_array(${ref("APPLICATION", "a.id")}, ${ref("PRODUCT", "a.product_id")}, ${ref("FIRM", "a.firm_id")})
            || CASE WHEN a.loan_id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(${ref("LOAN", "a.loan_id")}) END
            || CASE WHEN 'TIER_TOO_LOW' = ANY(ar.reasons) THEN ${certificateRefsSql("a.firm_id", "a.approved_on")} ELSE '[]'::jsonb END
        FROM sa a ${termsJoin("a.product_id", "a.approved_at")}
        CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
            CASE WHEN a.approved_amount < tm.min_amount OR a.approved_amount > tm.max_amount THEN 'AMOUNT_OUT_OF_RANGE' END,
            CASE WHEN a.approved_term_months < tm.min_term OR a.approved_term_months > tm.max_term THEN 'TERM_OUT_OF_RANGE' END,
            CASE WHEN (tm.min_tier IS NOT NULL OR tm.min_level IS NOT NULL) AND NOT EXISTS (
                   SELECT 1 FROM certification c WHERE c.firm_id = a.firm_id AND ${inForceSql("c", "a.approved_on")}
                      AND (tm.min_tier IS NULL OR c.tier >= tm.min_tier) AND (tm.min_level IS NULL OR c.level >= tm.min_level))
                 THEN 'TIER_TOO_LOW' END,
            CASE WHEN NOT EXISTS (SELECT 1 FROM unnest(tm.served_prefixes) AS sp(prefix) WHERE a.region_code LIKE sp.prefix || '%') THEN 'REGION_NOT_SERVED' END,
            CASE WHEN cardinality(tm.industry_prefixes) > 0
                  AND NOT EXISTS (SELECT 1 FROM unnest(tm.industry_prefixes) AS ip(prefix) WHERE a.industry_code LIKE ip.prefix || '%')
                 THEN 'INDUSTRY_NOT_SERVED' END,
            CASE WHEN NOT (a.purpose::text = ANY(tm.purposes)) THEN 'PURPOSE_NOT_ALLOWED' END,
            CASE WHEN a.approved_on < tm.valid_from OR (tm.valid_to IS NOT NULL AND a.approved_on > tm.valid_to) THEN 'OUTSIDE_VALIDITY' END,
            CASE WHEN tm.requires_guarantee AND a.guarantee_decision IS DISTINCT FROM 'ACCEPTED' THEN 'GUARANTEE_MISSING' END], NULL) AS reasons) ar
        WHERE cardinality(ar.reasons) > 0`);
    }

    if (branches.length === 0) return null;
    ctes.push(`anomalies (rank, day, key, loan_id, application_id, product_id, reasons, facts, records) AS (\n${branches.join("\nUNION ALL\n")}\n)`);
    return `WITH ${ctes.join(",\n")}`;
  }
}
