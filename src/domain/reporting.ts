import { parseRegionCode, regionPrefix } from "./codes";
import { parseLocalDate, requireOrdered, type LocalDate } from "./dates";
import { CertificationLevel, CertificationTier, LoanProductCategory } from "./enums";
import { ForbiddenError, ValidationError } from "./errors";
import { isUuid } from "./ids";
import { regionScope, Role, type Viewer } from "./access";
import { unique } from "./validate";
import { msg } from "../i18n";
import type { ReportKind } from "../i18n/catalogue";

/**
 * Regulators' reports (监管报表), the pure part: the filter every report, export and anomaly scan
 * takes, its validation, and which loans a caller may report on. Figures are defined in
 * docs/reporting.md; the SQL lives in src/modules/report/.
 */

/** Dimensions a lending report can be grouped by (分组维度). */
export enum ReportGroupBy {
  TIER = "TIER",
  LEVEL = "LEVEL",
  REGION = "REGION",
  BANK = "BANK",
  CATEGORY = "CATEGORY",
  MONTH = "MONTH",
}

/** A validated report filter. Dates are inclusive China-time calendar days; null = unbounded. */
export interface LendingFilter {
  readonly from: LocalDate | null;
  readonly to: LocalDate | null;
  /** Region-code prefix the loans' firms must be registered under ("33" for 330000); null = any. */
  readonly regionPrefix: string | null;
  readonly tiers: readonly CertificationTier[] | null;
  readonly levels: readonly CertificationLevel[] | null;
  readonly bankIds: readonly string[] | null;
  readonly categories: readonly LoanProductCategory[] | null;
}

export interface LendingFilterInputShape {
  from?: string | null;
  to?: string | null;
  regionCode?: string | null;
  tiers?: readonly CertificationTier[] | null;
  levels?: readonly CertificationLevel[] | null;
  bankIds?: readonly string[] | null;
  categories?: readonly LoanProductCategory[] | null;
}

/** An empty list filters nothing out; it is read as "no restriction", like an absent one. */
function listOrNull<T>(list: readonly T[] | null | undefined): readonly T[] | null {
  return list && list.length > 0 ? unique(list) : null;
}

/** Validates a filter (`BAD_USER_INPUT` naming the field); `field` prefixes the violation paths. */
export function parseLendingFilter(input: LendingFilterInputShape | null | undefined, field = "filter"): LendingFilter {
  const from = input?.from ? parseLocalDate(input.from, `${field}.from`) : null;
  const to = input?.to ? parseLocalDate(input.to, `${field}.to`) : null;
  if (from !== null && to !== null) requireOrdered(from, to, `${field}.from`, `${field}.to`);
  const regionCode = input?.regionCode ? parseRegionCode(input.regionCode, `${field}.regionCode`) : null;
  const bankIds = listOrNull(input?.bankIds);
  bankIds?.forEach((id, i) => {
    if (!isUuid(id)) throw ValidationError.single(`${field}.bankIds[${i}]`, "id.format", msg("id.institution", { value: id }));
  });
  return {
    from,
    to,
    regionPrefix: regionCode === null ? null : regionPrefix(regionCode),
    tiers: listOrNull(input?.tiers),
    levels: listOrNull(input?.levels),
    bankIds: bankIds?.map((id) => id.toLowerCase()) ?? null,
    categories: listOrNull(input?.categories),
  };
}

/**
 * Whose lending a caller may report on (报表范围): a REGULATOR or BUREAU the loans of firms
 * registered inside its jurisdiction, a BANK its own loans, an ADMIN all. FIRM and GUARANTOR
 * callers get FORBIDDEN. The scope is combined with the filter: a region filter must lie inside
 * the jurisdiction (FORBIDDEN otherwise: asking for another region is not an empty answer), and a
 * bank filter of a BANK may name only itself.
 */
export interface ReportScope {
  /** Region prefix the firms must be registered under, the narrower of scope and filter; null = any. */
  readonly regionPrefix: string | null;
  /** The only bank whose loans count (a BANK caller's own); null = any bank the filter allows. */
  readonly institutionId: string | null;
}

export const REPORT_ROLES: readonly Role[] = [Role.REGULATOR, Role.BUREAU, Role.BANK, Role.ADMIN];

export function reportScope(viewer: Viewer, filter: LendingFilter, what: ReportKind = "Lending reports"): ReportScope {
  switch (viewer.role) {
    case Role.ADMIN:
      return { regionPrefix: filter.regionPrefix, institutionId: null };
    case Role.BANK: {
      const own = (viewer.orgId ?? "").toLowerCase();
      const other = filter.bankIds?.find((id) => id !== own);
      if (other !== undefined) {
        throw new ForbiddenError(msg("report.otherBank", { what, other }));
      }
      return { regionPrefix: filter.regionPrefix, institutionId: own };
    }
    case Role.REGULATOR:
    case Role.BUREAU: {
      const scope = regionScope(viewer);
      if (scope === null) throw new ForbiddenError(msg("report.noJurisdiction", { what }));
      if (filter.regionPrefix === null) return { regionPrefix: scope, institutionId: null };
      if (filter.regionPrefix.startsWith(scope)) return { regionPrefix: filter.regionPrefix, institutionId: null };
      throw new ForbiddenError(msg("report.outsideJurisdiction", { prefix: filter.regionPrefix, jurisdiction: viewer.regionCode }));
    }
    case Role.FIRM:
    case Role.GUARANTOR:
      throw new ForbiddenError(msg("report.roleNotAllowed", { what, role: viewer.role }));
  }
}
