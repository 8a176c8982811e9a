import type { DataSource } from "typeorm";
import { regionAncestors, regionPrefix } from "../../domain/codes";
import type { LocalDate } from "../../domain/dates";
import { CollateralType, IncentiveKind, type CertificationLevel, type CertificationTier } from "../../domain/enums";
import type { MatchAgency, MatchAgreement, MatchFirm, MatchLoan, MatchMarket, MatchNeed, MatchPolicy, MatchProduct } from "../../domain/matching";
import { formatMoney, parseMoney, type Fen } from "../../domain/money";
import type { LprPoint } from "../../domain/pricing";
import { LEVEL_ORDER, TIER_ORDER, type CertificationFacts } from "../../domain/tier";
import { LoanProduct } from "../loan-product/loan-product.entity";

/**
 * Loads the matching engine's facts with a fixed number of SQL statements per request, and
 * narrows candidates in SQL first (docs/matching.md, "Prefilter"). Every prefilter condition is a
 * necessary condition of eligibility: it may let through a candidate the engine then rejects, but
 * never drops one the engine would accept. Rows become plain domain facts here; the rules live in
 * src/domain/matching.
 */

/** A need with its firm (and the firm's certifications) and, for renewals, the loan it names: one row of the need prefilter. */
export interface NeedFacts {
  need: MatchNeed;
  firm: MatchFirm;
  renewalLoan: MatchLoan | null;
}

/**
 * A need row carries its firm's facts and certifications (the matching read model, migration
 * MatchingNeedFacts), so candidates come from one table; only a renewal's loan is joined.
 */
const NEED_COLUMNS = `
  n.id, n.firm_id, n.amount::text AS amount, n.term_months, n.purpose, n.collateral_offered::text[] AS collateral_offered,
  n.accepts_guarantee, n.max_annual_rate_bp, n.needed_by, n.renewal_of_loan_id,
  n.region_code, n.firm_industry_code AS industry_code, n.firm_size AS size, n.firm_paired_bank_id AS paired_bank_id,
  l.id AS loan_id, l.firm_id AS loan_firm_id, l.institution_id AS loan_institution_id, l.status AS loan_status,
  l.matures_on AS loan_matures_on, n.firm_certifications AS certifications`;

// The renewal loan is looked up by primary key per candidate (a LATERAL subquery that OFFSET 0 keeps
// from being flattened: PostgreSQL memoizes the NULL key of the non-renewals). As a plain join the
// planner hashed the whole loan table on every request, a cost that grew with the platform's loans
// (5 ms of 45 for 3,373 candidates at bench size L).
const NEED_FROM = `
  FROM financing_need n
  LEFT JOIN LATERAL (
    SELECT l.id, l.firm_id, l.institution_id, l.status, l.matures_on FROM loan l WHERE l.id = n.renewal_of_loan_id OFFSET 0
  ) l ON true`;

export class MatchingRepository {
  /** A DataSource, or a transaction's EntityManager so that the reads run inside it (applyForProduct). */
  constructor(private readonly ds: Pick<DataSource, "query" | "getRepository">) {}

  /** One need with its firm, the firm's certifications and the renewal loan (the caller has checked the need is visible). */
  async needFacts(needId: string): Promise<NeedFacts | null> {
    const rows = await this.ds.query(`SELECT ${NEED_COLUMNS} ${NEED_FROM} WHERE n.id = $1`, [needId]);
    return rows.length ? toNeedFacts(rows[0]) : null;
  }

  /**
   * Candidate products for a need. Always: the product serves the firm's region (GIN on
   * served_region_codes). Unless `includeIneligible`: also active and valid on the date, the amount
   * and term inside the ranges, the purpose listed, collateral compatible, quota left, guarantee
   * acceptable, industry served, and a minimum tier/level no higher than the best the firm holds.
   */
  async candidateProducts(
    facts: NeedFacts,
    held: { maxTier: CertificationTier | null; maxLevel: CertificationLevel | null },
    on: LocalDate,
    includeIneligible: boolean,
  ): Promise<LoanProduct[]> {
    const { need, firm } = facts;
    const qb = this.ds
      .getRepository(LoanProduct)
      .createQueryBuilder("p")
      .leftJoinAndSelect("p.tierDiscounts", "td")
      .where("p.served_region_codes && CAST(:ancestors AS char(6)[])", { ancestors: regionAncestors(firm.regionCode) });
    if (!includeIneligible) {
      const amount = formatMoney(need.amountFen);
      qb.andWhere("p.status = 'ACTIVE'")
        .andWhere("p.valid_from <= :on AND (p.valid_to IS NULL OR p.valid_to >= :on)", { on })
        .andWhere("p.min_amount <= CAST(:amount AS numeric) AND p.max_amount >= CAST(:amount AS numeric)", { amount })
        .andWhere("p.reserved_quota - p.used_quota >= CAST(:amount AS numeric)")
        .andWhere("p.min_term_months <= :term AND p.max_term_months >= :term", { term: need.termMonths })
        .andWhere("p.purposes @> CAST(:purposes AS financing_purpose[])", { purposes: [need.purpose] })
        .andWhere("p.accepted_collateral && CAST(:collateral AS collateral_type[])", {
          collateral: [CollateralType.NONE, ...need.collateralOffered],
        })
        .andWhere(
          "(cardinality(p.industry_prefixes) = 0 OR EXISTS (SELECT 1 FROM unnest(p.industry_prefixes) ip(prefix) WHERE :industry LIKE ip.prefix || '%'))",
          { industry: firm.industryCode },
        )
        .andWhere("(p.min_tier IS NULL OR p.min_tier = ANY(CAST(:tiers AS certification_tier[])))", { tiers: atOrBelow(TIER_ORDER, held.maxTier) })
        .andWhere("(p.min_level IS NULL OR p.min_level = ANY(CAST(:levels AS certification_level[])))", { levels: atOrBelow(LEVEL_ORDER, held.maxLevel) });
      if (!need.acceptsGuarantee) qb.andWhere("p.requires_guarantee = false");
    }
    return qb.getMany();
  }

  /**
   * Candidate open needs for a product: visible to its bank, the firm in a served region and
   * industry, amount within the range and the quota left, term within the range, purpose listed,
   * collateral compatible, guarantee acceptable when required, the product valid on the need's
   * date, and the firm holding a certificate of at least the minimum tier that has not expired
   * by today. Unordered: the engine's order breaks every tie by need id.
   */
  async candidateNeeds(product: MatchProduct, today: LocalDate): Promise<NeedFacts[]> {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const regionOr = [...new Set(product.servedRegionCodes.map(regionPrefix))].map((prefix) => `n.region_code LIKE ${p(`${prefix}%`)}`).join(" OR ");
    const where = [
      `n.status = 'OPEN'`,
      `(${regionOr})`,
      `n.amount BETWEEN ${p(fenToDecimal(product.minAmountFen))}::numeric AND ${p(fenToDecimal(product.maxAmountFen))}::numeric`,
      `n.amount <= ${p(fenToDecimal(product.reservedQuotaFen - product.usedQuotaFen))}::numeric`,
      `n.term_months BETWEEN ${p(product.minTermMonths)} AND ${p(product.maxTermMonths)}`,
      `n.purpose = ANY(${p(product.purposes)}::financing_purpose[])`,
      `(n.visibility = 'ALL_BANKS' OR EXISTS (SELECT 1 FROM financing_need_visible_institution vi WHERE vi.need_id = n.id AND vi.institution_id = ${p(product.institutionId)}))`,
      `GREATEST(n.needed_by, ${p(today)}::date) >= ${p(product.validFrom)}::date`,
    ];
    if (product.validTo !== null) where.push(`GREATEST(n.needed_by, ${p(today)}::date) <= ${p(product.validTo)}::date`);
    if (!product.acceptedCollateral.includes(CollateralType.NONE)) {
      where.push(`n.collateral_offered && ${p(product.acceptedCollateral)}::collateral_type[]`);
    }
    if (product.requiresGuarantee) where.push("n.accepts_guarantee");
    if (product.industryPrefixes.length > 0) {
      where.push(`(${product.industryPrefixes.map((ip) => `n.firm_industry_code LIKE ${p(`${ip}%`)}`).join(" OR ")})`);
    }
    if (product.minTier !== null || product.minLevel !== null) {
      const tiers = product.minTier === null ? TIER_ORDER : TIER_ORDER.slice(TIER_ORDER.indexOf(product.minTier));
      const levels = product.minLevel === null ? LEVEL_ORDER : LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(product.minLevel));
      where.push(`EXISTS (SELECT 1 FROM jsonb_to_recordset(n.firm_certifications) c(tier certification_tier, level certification_level, "expiresOn" date)
        WHERE c."expiresOn" >= ${p(today)}::date AND c.tier = ANY(${p(tiers)}::certification_tier[]) AND c.level = ANY(${p(levels)}::certification_level[]))`);
    }
    const rows = await this.ds.query(`SELECT ${NEED_COLUMNS} ${NEED_FROM} WHERE ${where.join(" AND ")}`, params);
    return rows.map(toNeedFacts);
  }

  /**
   * What every evaluation shares: all LPR rates (a few dozen rows), the subsidy policies in force
   * around the dates, and the agencies with their agreements with the given banks (for one need:
   * only agencies serving the firm's region).
   */
  async market(opts: { institutionIds?: readonly string[]; firmRegionCode?: string }): Promise<MatchMarket> {
    const [lprRows, policyRows, agreementRows] = await Promise.all([
      this.ds.query(`SELECT tenor, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, rate_bp FROM lpr_rate`),
      this.ds.query(
        `SELECT id, kind, region_code, tiers::text[] AS tiers, levels::text[] AS levels, categories::text[] AS categories, subsidy_bp,
                duration_months, exclusive_group, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to
           FROM incentive_policy WHERE kind = ANY($1::incentive_kind[])`,
        [[IncentiveKind.INTEREST_SUBSIDY, IncentiveKind.GUARANTEE_FEE_SUBSIDY]],
      ),
      this.ds.query(
        `SELECT g.id, g.agency_id, g.institution_id, g.agreed_fee_rate_bp, g.credit_line::text AS credit_line, g.used_line::text AS used_line,
                to_char(g.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(g.valid_to, 'YYYY-MM-DD') AS valid_to,
                CASE WHEN g.waives_due_diligence THEN g.approval_days END AS waiver_approval_days, a.name AS agency_name, a.region_code, a.tiers_served::text[] AS tiers_served, a.fee_rate_bp, a.max_amount_per_firm::text AS max_amount_per_firm,
                a.capacity::text AS capacity, a.used_capacity::text AS used_capacity
           FROM guarantee_agreement g JOIN guarantee_agency a ON a.id = g.agency_id
          WHERE ($1::uuid[] IS NULL OR g.institution_id = ANY($1::uuid[]))
            AND ($2::char(6)[] IS NULL OR g.agency_id = ANY(ARRAY(SELECT id FROM guarantee_agency WHERE region_code = ANY($2::char(6)[]))))`,
        // The region's agencies are looked up first (an InitPlan), so that their agreements come
        // through ix_guarantee_agreement_agency: joined on the region instead, the planner hashed
        // every agreement of the platform on each request (3.5 ms of 16,490 at bench size L, 0.2 ms now).
        [opts.institutionIds ?? null, opts.firmRegionCode ? regionAncestors(opts.firmRegionCode) : null],
      ),
    ]);
    const lprRates: LprPoint[] = lprRows.map((r: any) => ({ tenor: r.tenor, effectiveOn: r.effective_on, rateBp: r.rate_bp }));
    const policies: MatchPolicy[] = policyRows.map((r: any) => ({
      id: r.id,
      kind: r.kind,
      regionCode: r.region_code,
      tiers: r.tiers,
      levels: r.levels,
      categories: r.categories,
      subsidyBp: r.subsidy_bp,
      durationMonths: r.duration_months,
      exclusiveGroup: r.exclusive_group,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }));
    const agencies = new Map<string, MatchAgency>();
    const agreements: MatchAgreement[] = [];
    for (const r of agreementRows) {
      if (!agencies.has(r.agency_id)) {
        agencies.set(r.agency_id, {
          id: r.agency_id,
          name: r.agency_name,
          regionCode: r.region_code,
          tiersServed: r.tiers_served,
          feeRateBp: r.fee_rate_bp,
          maxAmountPerFirmFen: parseMoney(r.max_amount_per_firm),
          capacityFen: parseMoney(r.capacity),
          usedCapacityFen: parseMoney(r.used_capacity),
        });
      }
      agreements.push({
        id: r.id,
        agencyId: r.agency_id,
        institutionId: r.institution_id,
        agreedFeeRateBp: r.agreed_fee_rate_bp,
        creditLineFen: r.credit_line === null ? null : parseMoney(r.credit_line),
        usedLineFen: parseMoney(r.used_line),
        validFrom: r.valid_from,
        validTo: r.valid_to,
        waiverApprovalDays: r.waiver_approval_days,
      });
    }
    return { lprRates, policies, agencies: [...agencies.values()], agreements };
  }
}

/** An entity's facts for the engine (money parsed to fen). */
export function productFacts(p: LoanProduct): MatchProduct {
  return {
    id: p.id,
    institutionId: p.institutionId,
    category: p.category,
    status: p.status,
    minTier: p.minTier,
    minLevel: p.minLevel,
    servedRegionCodes: p.servedRegionCodes,
    industryPrefixes: p.industryPrefixes,
    minAmountFen: parseMoney(p.minAmount),
    maxAmountFen: parseMoney(p.maxAmount),
    minTermMonths: p.minTermMonths,
    maxTermMonths: p.maxTermMonths,
    purposes: p.purposes,
    acceptedCollateral: p.acceptedCollateral,
    pricing: { pricingType: p.pricingType, fixedRateBp: p.fixedRateBp, lprTenor: p.lprTenor, spreadBp: p.spreadBp },
    tierDiscounts: (p.tierDiscounts ?? []).map((d) => ({ tier: d.tier, discountBp: d.discountBp })),
    requiresGuarantee: p.requiresGuarantee,
    approvalDays: p.approvalDays,
    greenChannel: p.greenChannel,
    reservedQuotaFen: parseMoney(p.reservedQuota),
    usedQuotaFen: parseMoney(p.usedQuota),
    validFrom: p.validFrom,
    validTo: p.validTo,
    renewalWindowDays: p.renewalWindowDays,
  };
}

function toNeedFacts(r: any): NeedFacts {
  return {
    need: {
      id: r.id,
      firmId: r.firm_id,
      amountFen: parseMoney(r.amount),
      termMonths: r.term_months,
      purpose: r.purpose,
      collateralOffered: r.collateral_offered,
      acceptsGuarantee: r.accepts_guarantee,
      maxAnnualRateBp: r.max_annual_rate_bp,
      neededBy: r.needed_by,
      renewalOfLoanId: r.renewal_of_loan_id,
    },
    firm: {
      id: r.firm_id,
      regionCode: r.region_code,
      industryCode: r.industry_code,
      size: r.size,
      pairedBankId: r.paired_bank_id,
      certifications: r.certifications as CertificationFacts[],
    },
    renewalLoan:
      r.loan_id === null
        ? null
        : { id: r.loan_id, firmId: r.loan_firm_id, institutionId: r.loan_institution_id, status: r.loan_status, maturesOn: r.loan_matures_on },
  };
}

/** Members of an ordered enum at or below `max`; none when `max` is null. */
function atOrBelow<T>(order: readonly T[], max: T | null): T[] {
  return max === null ? [] : order.slice(0, order.indexOf(max) + 1);
}

/** A decimal string for SQL; a negative remainder (over-committed quota) reads as 0. */
function fenToDecimal(fen: Fen): string {
  return formatMoney(fen < 0n ? 0n : fen);
}
