import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { regionScope, Role, type Viewer } from "../../domain/access";

/**
 * SQL scoping of reads: each function adds to a query the condition under which the caller may
 * see a row. Services use them for lists and for reads by id alike (a row outside the scope is
 * NOT_FOUND, so ids cannot be probed). Parameters are prefixed `scope_` to avoid collisions.
 */
export type Scope = { sql: string; params: Record<string, unknown> };

const NOTHING: Scope = { sql: "FALSE", params: {} };
const EVERYTHING: Scope = { sql: "TRUE", params: {} };

/** SQL for the region prefix a stored 6-digit code covers (330000 → 33, 410100 → 4101; mirrors regionPrefix, src/domain/codes.ts). */
export function coveredPrefixSql(column: string): string {
  return `(CASE WHEN ${column} LIKE '%0000' THEN substr(${column}, 1, 2) WHEN ${column} LIKE '%00' THEN substr(${column}, 1, 4) ELSE ${column} END)`;
}

/** A code's coverage and a region prefix (by default the viewer's jurisdiction) overlap: either contains the other. */
export function regionOverlapSql(column: string, prefix = ":scope_prefix"): string {
  return `(${column} LIKE ${prefix} || '%' OR ${prefix} LIKE ${coveredPrefixSql(column)} || '%')`;
}

function regional(viewer: Viewer, sql: (prefixParam: string) => string): Scope {
  const prefix = regionScope(viewer);
  return prefix === null ? NOTHING : { sql: sql(":scope_prefix"), params: { scope_prefix: prefix } };
}

/** Needs a bank may see: open to all banks, naming it, or applied for at one of its products. */
function needVisibleToBankSql(need: string): string {
  return `(${need}.visibility = 'ALL_BANKS'
    OR EXISTS (SELECT 1 FROM financing_need_visible_institution vi WHERE vi.need_id = ${need}.id AND vi.institution_id = :scope_org)
    OR EXISTS (SELECT 1 FROM application ap JOIN loan_product lp ON lp.id = ap.product_id
               WHERE ap.need_id = ${need}.id AND lp.institution_id = :scope_org))`;
}

export function firmScope(viewer: Viewer, f: string): Scope {
  const org = { scope_org: viewer.orgId };
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERYTHING;
    case Role.FIRM:
      return viewer.orgId ? { sql: `${f}.id = :scope_org`, params: org } : NOTHING;
    case Role.BANK:
      return {
        sql: `(${f}.paired_bank_id = :scope_org
          OR EXISTS (SELECT 1 FROM financing_need sn WHERE sn.firm_id = ${f}.id AND ${needVisibleToBankSql("sn")}))`,
        params: org,
      };
    case Role.GUARANTOR:
      return {
        sql: `EXISTS (SELECT 1 FROM application ap JOIN financing_need sn ON sn.id = ap.need_id
                      WHERE sn.firm_id = ${f}.id AND ap.guarantee_agency_id = :scope_org)`,
        params: org,
      };
    case Role.BUREAU:
    case Role.REGULATOR:
      return regional(viewer, (p) => `${f}.region_code LIKE ${p} || '%'`);
  }
}

export function needScope(viewer: Viewer, n: string): Scope {
  const org = { scope_org: viewer.orgId };
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERYTHING;
    case Role.FIRM:
      return viewer.orgId ? { sql: `${n}.firm_id = :scope_org`, params: org } : NOTHING;
    case Role.BANK:
      return { sql: needVisibleToBankSql(n), params: org };
    case Role.GUARANTOR:
      return {
        sql: `EXISTS (SELECT 1 FROM application ap WHERE ap.need_id = ${n}.id AND ap.guarantee_agency_id = :scope_org)`,
        params: org,
      };
    case Role.BUREAU:
    case Role.REGULATOR:
      return regional(viewer, (p) => `EXISTS (SELECT 1 FROM firm sf WHERE sf.id = ${n}.firm_id AND sf.region_code LIKE ${p} || '%')`);
  }
}

export function certificationScope(viewer: Viewer, c: string): Scope {
  const firm = firmScope(viewer, "cf");
  if (firm === EVERYTHING || firm === NOTHING) return firm;
  return { sql: `EXISTS (SELECT 1 FROM firm cf WHERE cf.id = ${c}.firm_id AND ${firm.sql})`, params: firm.params };
}

export function productScope(viewer: Viewer, p: string): Scope {
  const org = { scope_org: viewer.orgId };
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERYTHING;
    case Role.FIRM:
      // A firm shops: active products that serve its region.
      return viewer.orgId
        ? {
            sql: `${p}.status = 'ACTIVE' AND EXISTS (SELECT 1 FROM firm pf WHERE pf.id = :scope_org AND ${p}.served_region_codes &&
                   ARRAY[pf.region_code, substr(pf.region_code, 1, 4) || '00', substr(pf.region_code, 1, 2) || '0000']::char(6)[])`,
            params: org,
          }
        : NOTHING;
    case Role.BANK:
      return { sql: `${p}.institution_id = :scope_org`, params: org };
    case Role.GUARANTOR:
      return {
        sql: `EXISTS (SELECT 1 FROM guarantee_agreement pg WHERE pg.agency_id = :scope_org AND pg.institution_id = ${p}.institution_id)`,
        params: org,
      };
    case Role.BUREAU:
    case Role.REGULATOR:
      return regional(
        viewer,
        () => `(EXISTS (SELECT 1 FROM financial_institution pi WHERE pi.id = ${p}.institution_id AND ${regionOverlapSql("pi.region_code")})
          OR EXISTS (SELECT 1 FROM unnest(${p}.served_region_codes) AS sc(code) WHERE ${regionOverlapSql("sc.code")}))`,
      );
  }
}

/**
 * Products a need may be explained against (explainMatch): a published (ACTIVE) product is a public
 * catalogue entry, so a FIRM, BUREAU or REGULATOR may ask why it does not fit (REGION_NOT_SERVED
 * and the rest) wherever it is offered; archived products stay within productScope. BANK,
 * GUARANTOR and ADMIN: productScope.
 */
export function catalogueScope(viewer: Viewer, p: string): Scope {
  switch (viewer.role) {
    case Role.FIRM:
    case Role.BUREAU:
    case Role.REGULATOR: {
      const own = productScope(viewer, p);
      return { sql: `(${p}.status = 'ACTIVE' OR ${own.sql})`, params: own.params };
    }
    default:
      return productScope(viewer, p);
  }
}

export function agreementScope(viewer: Viewer, g: string): Scope {
  const org = { scope_org: viewer.orgId };
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERYTHING;
    case Role.FIRM:
      return NOTHING;
    case Role.BANK:
      return { sql: `${g}.institution_id = :scope_org`, params: org };
    case Role.GUARANTOR:
      return { sql: `${g}.agency_id = :scope_org`, params: org };
    case Role.BUREAU:
    case Role.REGULATOR:
      return regional(viewer, () => `EXISTS (SELECT 1 FROM guarantee_agency ga WHERE ga.id = ${g}.agency_id AND ${regionOverlapSql("ga.region_code")})`);
  }
}

/**
 * Applications (融资申请) a caller may see: a FIRM those on its own needs, a BANK those for its
 * products, a GUARANTOR those naming it as guarantor (whatever it decided), a BUREAU or REGULATOR
 * those of firms in its region (the need's copy of its firm's region), an ADMIN all.
 */
export function applicationScope(viewer: Viewer, a: string): Scope {
  const org = { scope_org: viewer.orgId };
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERYTHING;
    case Role.FIRM:
      return viewer.orgId
        ? { sql: `EXISTS (SELECT 1 FROM financing_need an WHERE an.id = ${a}.need_id AND an.firm_id = :scope_org)`, params: org }
        : NOTHING;
    case Role.BANK:
      return { sql: `EXISTS (SELECT 1 FROM loan_product ap WHERE ap.id = ${a}.product_id AND ap.institution_id = :scope_org)`, params: org };
    case Role.GUARANTOR:
      return { sql: `${a}.guarantee_agency_id = :scope_org`, params: org };
    case Role.BUREAU:
    case Role.REGULATOR:
      return regional(viewer, (p) => `EXISTS (SELECT 1 FROM financing_need an WHERE an.id = ${a}.need_id AND an.region_code LIKE ${p} || '%')`);
  }
}

/**
 * Loans (放款) a caller may see: a FIRM its own, a BANK those it lent, a GUARANTOR those it
 * guarantees, a BUREAU or REGULATOR those of firms in its region, an ADMIN all.
 */
export function loanScope(viewer: Viewer, l: string): Scope {
  const org = { scope_org: viewer.orgId };
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERYTHING;
    case Role.FIRM:
      return viewer.orgId ? { sql: `${l}.firm_id = :scope_org`, params: org } : NOTHING;
    case Role.BANK:
      return { sql: `${l}.institution_id = :scope_org`, params: org };
    case Role.GUARANTOR:
      return { sql: `${l}.guarantee_agency_id = :scope_org`, params: org };
    case Role.BUREAU:
    case Role.REGULATOR:
      return regional(viewer, (p) => `EXISTS (SELECT 1 FROM firm lf WHERE lf.id = ${l}.firm_id AND lf.region_code LIKE ${p} || '%')`);
  }
}

/**
 * Audit events (审计事件) a caller may see (docs/access.md, auditEvents): an ADMIN all, a BUREAU or
 * REGULATOR those whose region overlaps its jurisdiction, a FIRM, BANK or GUARANTOR those its own
 * users caused.
 */
export function auditEventScope(viewer: Viewer, e: string): Scope {
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERYTHING;
    case Role.BUREAU:
    case Role.REGULATOR:
      return regional(viewer, (p) => regionOverlapSql(`${e}.region_code`, p));
    case Role.FIRM:
    case Role.BANK:
    case Role.GUARANTOR:
      return viewer.orgId ? { sql: `${e}.org_id = :scope_org`, params: { scope_org: viewer.orgId } } : NOTHING;
  }
}

/** Adds a scope to a query builder. */
export function applyScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: Scope): SelectQueryBuilder<T> {
  return scope === EVERYTHING ? qb : qb.andWhere(scope.sql, scope.params);
}
