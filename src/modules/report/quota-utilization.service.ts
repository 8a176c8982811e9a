import type { DataSource } from "typeorm";
import type { Config } from "../../config/config";
import type { Viewer } from "../../domain/access";
import { CertificationTier, LoanProductStatus, RENEWAL_CATEGORIES, type LoanProductCategory } from "../../domain/enums";
import { Violations } from "../../domain/errors";
import { formatMoney, parseMoney } from "../../domain/money";
import { EXCLUSIVE_LINE_MIN_FEN, EXCLUSIVE_LINE_REGION, EXCLUSIVE_MIN_TIER, exclusiveLineCheck, utilizationBp } from "../../domain/quota-utilization";
import { parseLendingFilter, reportScope, type ReportScope } from "../../domain/reporting";
import { decodeCursor, encodeCursor, pageSize, type PageArgs } from "../../graphql/pagination";
import { coveredPrefixSql, regionOverlapSql, SqlParams } from "./report-sql";
import type {
  BankQuotaUtilization,
  ProductQuotaUtilization,
  QuotaSummary,
  QuotaUtilizationConnection,
  QuotaUtilizationFilterInput,
  QuotaUtilizationTotals,
} from "./quota-utilization.types";

/**
 * 额度使用情况 (quotaUtilization, docs/reporting.md "Quota utilisation"): per product its reserved
 * line, what the quota ledger holds committed, what the records show approved and lent, and seed
 * 000's exclusive-line rule; per bank and in total the same sums. Products are scoped like
 * `loanProducts` for regulators (offered or serving in the region) through reportScope (a BANK its
 * own, an ADMIN all, FIRM and GUARANTOR FORBIDDEN). Sums are SQL aggregates: one statement for
 * a page, one for the per-bank sums and totals (only when asked).
 */
export class QuotaUtilizationService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
  ) {}

  async list(viewer: Viewer, input: QuotaUtilizationFilterInput | null | undefined, page: PageArgs): Promise<QuotaUtilizationConnection> {
    const v = new Violations();
    const filter = v.take(() => parseLendingFilter({ regionCode: input?.regionCode, bankIds: input?.bankIds, categories: input?.categories }, "filter"));
    const size = v.take(() => pageSize(page.first, this.config.maxPageSize));
    const after = page.after == null ? null : (v.take(() => decodeCursor(page.after!)) ?? null);
    v.throwIfAny();
    const scope = reportScope(viewer, filter!, "Quota utilisation reports");
    const products = { scope, bankIds: filter!.bankIds, categories: filter!.categories, status: input?.status ?? null, exclusiveOnly: input?.exclusiveOnly === true };

    const params = new SqlParams();
    const where = productWhere(params, products);
    const cursor = after === null ? "" : `AND (p.created_at, p.id) > (${params.add(after.createdAt, "timestamptz")}, ${params.add(after.id, "uuid")})`;
    const rows: PageRow[] = await this.ds.query(
      `WITH page AS (
         SELECT p.* FROM loan_product p JOIN financial_institution fi ON fi.id = p.institution_id
          WHERE ${where} ${cursor}
          ORDER BY p.created_at, p.id LIMIT ${params.add(size! + 1, "int")})
       SELECT pg.id, pg.created_at, pg.institution_id, pg.status, pg.category, pg.min_tier, pg.served_region_codes::text[] AS served_region_codes,
              pg.reserved_quota::text AS reserved, pg.used_quota::text AS used,
              COALESCE(ap.approved, 0)::text AS approved, COALESCE(lo.n, 0)::int AS loans,
              COALESCE(lo.principal, 0)::text AS disbursed, COALESCE(lo.outstanding, 0)::text AS outstanding
         FROM page pg
         LEFT JOIN LATERAL (SELECT sum(a.approved_amount) AS approved FROM application a WHERE a.product_id = pg.id AND a.status = 'APPROVED') ap ON TRUE
         LEFT JOIN LATERAL (SELECT count(*) AS n, sum(l.principal) AS principal, sum(l.outstanding) AS outstanding FROM loan l WHERE l.product_id = pg.id) lo ON TRUE
        ORDER BY pg.created_at, pg.id`,
      params.values,
    );
    const edges = rows.slice(0, size).map((row) => {
      const node = productNode(row);
      return { node, cursor: encodeCursor({ createdAt: row.created_at, id: row.id }) };
    });
    let summary: Promise<QuotaSummary> | null = null;
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size!,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      summary: () => (summary ??= this.summary(products)),
    } as QuotaUtilizationConnection;
  }

  /** Per-bank sums (by bank name) and totals over every product in the report: one GROUPING SETS statement. */
  private async summary(products: ProductSelection): Promise<QuotaSummary> {
    const params = new SqlParams();
    const where = productWhere(params, products);
    const exclusive = exclusiveSql(params, "p");
    const min = params.add(formatMoney(EXCLUSIVE_LINE_MIN_FEN), "numeric");
    const rows: SummaryRow[] = await this.ds.query(
      `WITH prods AS (
         SELECT p.id, p.institution_id, p.reserved_quota, p.used_quota, ${exclusive} AS exclusive
           FROM loan_product p JOIN financial_institution fi ON fi.id = p.institution_id WHERE ${where}),
       ap AS (SELECT a.product_id, sum(a.approved_amount) AS approved FROM application a
               WHERE a.status = 'APPROVED' AND a.product_id IN (SELECT id FROM prods) GROUP BY a.product_id),
       lo AS (SELECT l.product_id, count(*) AS n, sum(l.principal) AS principal, sum(l.outstanding) AS outstanding FROM loan l
               WHERE l.product_id IN (SELECT id FROM prods) GROUP BY l.product_id),
       g AS (
         SELECT p.institution_id, GROUPING(p.institution_id) AS is_total, count(*)::int AS products,
                COALESCE(sum(p.reserved_quota), 0) AS reserved, COALESCE(sum(p.used_quota), 0) AS used,
                COALESCE(sum(ap.approved), 0) AS approved, COALESCE(sum(lo.n), 0)::int AS loans,
                COALESCE(sum(lo.principal), 0) AS disbursed, COALESCE(sum(lo.outstanding), 0) AS outstanding,
                (count(*) FILTER (WHERE p.exclusive))::int AS exclusive,
                (count(*) FILTER (WHERE p.exclusive AND p.reserved_quota < ${min}))::int AS below
           FROM prods p LEFT JOIN ap ON ap.product_id = p.id LEFT JOIN lo ON lo.product_id = p.id
          GROUP BY GROUPING SETS ((p.institution_id), ()))
       SELECT g.institution_id, g.is_total, g.products, g.reserved::text AS reserved, g.used::text AS used, g.approved::text AS approved,
              g.loans, g.disbursed::text AS disbursed, g.outstanding::text AS outstanding, g.exclusive, g.below
         FROM g LEFT JOIN financial_institution fi ON fi.id = g.institution_id
        ORDER BY g.is_total, fi.name COLLATE "C", g.institution_id`,
      params.values,
    );
    const figures = (r: SummaryRow) => ({
      reservedQuota: r.reserved,
      committed: r.used,
      approvedNotDisbursed: r.approved,
      disbursed: r.disbursed,
      outstanding: r.outstanding,
      loansCount: r.loans,
      utilizationBp: utilizationBp(parseMoney(r.used), parseMoney(r.reserved)),
      productsCount: r.products,
      exclusiveProductsCount: r.exclusive,
      exclusiveProductsBelowLine: r.below,
    });
    const total = rows.find((r) => r.is_total === 1);
    if (!total) throw new Error("Quota summary returned no total row.");
    return {
      banks: rows.filter((r) => r.is_total === 0).map((r): BankQuotaUtilization => ({ ...figures(r), institutionId: r.institution_id! })),
      totals: figures(total) as QuotaUtilizationTotals,
    };
  }
}

interface ProductSelection {
  scope: ReportScope;
  bankIds: readonly string[] | null;
  categories: readonly LoanProductCategory[] | null;
  status: LoanProductStatus | null;
  exclusiveOnly: boolean;
}

interface PageRow {
  id: string;
  created_at: Date;
  institution_id: string;
  status: LoanProductStatus;
  category: LoanProductCategory;
  min_tier: CertificationTier | null;
  served_region_codes: string[];
  reserved: string;
  used: string;
  approved: string;
  loans: number;
  disbursed: string;
  outstanding: string;
}

interface SummaryRow {
  institution_id: string | null;
  is_total: number;
  products: number;
  reserved: string;
  used: string;
  approved: string;
  loans: number;
  disbursed: string;
  outstanding: string;
  exclusive: number;
  below: number;
}

function productNode(row: PageRow): ProductQuotaUtilization {
  const reservedFen = parseMoney(row.reserved);
  const check = exclusiveLineCheck({
    status: row.status,
    category: row.category,
    minTier: row.min_tier,
    servedRegionCodes: row.served_region_codes,
    reservedQuotaFen: reservedFen,
  });
  return {
    productId: row.id,
    institutionId: row.institution_id,
    reservedQuota: row.reserved,
    committed: row.used,
    approvedNotDisbursed: row.approved,
    disbursed: row.disbursed,
    outstanding: row.outstanding,
    loansCount: row.loans,
    utilizationBp: utilizationBp(parseMoney(row.used), reservedFen),
    meetsExclusiveLineRule: check.meets,
    exclusiveLineRule: check.explanation,
  };
}

/**
 * Is product `p` an exclusive product line of seed 000's rule? Mirrors exclusiveLineCheck
 * (src/domain/quota-utilization.ts): ACTIVE, minimum tier at least SPECIALIZED_SME, not a
 * renewal category, and a served region overlapping 晋城 (covering 140500, or inside it).
 */
function exclusiveSql(params: SqlParams, p: string): string {
  const region = params.add(EXCLUSIVE_LINE_REGION, "text");
  return `(${p}.status = 'ACTIVE' AND ${p}.min_tier >= ${params.add(EXCLUSIVE_MIN_TIER, "certification_tier")}
    AND NOT (${p}.category::text = ANY(${params.add(RENEWAL_CATEGORIES, "text[]")}))
    AND EXISTS (SELECT 1 FROM unnest(${p}.served_region_codes) AS sc(code)
                 WHERE ${region} LIKE ${coveredPrefixSql("sc.code")} || '%' OR sc.code LIKE substr(${region}, 1, 4) || '%'))`;
}

/**
 * The products a report covers (aliases p = loan_product, fi = its bank): the report scope
 * (region: the bank's region or a served region overlapping the prefix, as productScope; a BANK
 * its own) and the filter.
 */
function productWhere(params: SqlParams, s: ProductSelection): string {
  const out = ["TRUE"];
  if (s.scope.regionPrefix !== null) {
    const prefix = params.add(s.scope.regionPrefix, "text");
    out.push(`(${regionOverlapSql("fi.region_code", prefix)}
      OR EXISTS (SELECT 1 FROM unnest(p.served_region_codes) AS sr(code) WHERE ${regionOverlapSql("sr.code", prefix)}))`);
  }
  if (s.scope.institutionId !== null) out.push(`p.institution_id = ${params.add(s.scope.institutionId, "uuid")}`);
  if (s.bankIds !== null) out.push(`p.institution_id = ANY(${params.add(s.bankIds, "uuid[]")})`);
  if (s.categories !== null) out.push(`p.category::text = ANY(${params.add(s.categories, "text[]")})`);
  if (s.status !== null) out.push(`p.status::text = ${params.add(s.status)}`);
  if (s.exclusiveOnly) out.push(exclusiveSql(params, "p"));
  return out.join(" AND ");
}
