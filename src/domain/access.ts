import { regionPrefix } from "./codes";
import { UnauthenticatedError } from "./errors";
import { msg } from "../i18n";
import { isUuid } from "./ids";

/**
 * Who is calling, and what each kind of caller may touch. Pure: the token is verified elsewhere
 * (src/modules/auth/token.service.ts); services use these rules to scope every read and write.
 * The written matrix is docs/access.md; test/integration/access-matrix.test.ts holds the code to it.
 */
export enum Role {
  /** 企业端: its own firm, needs, applications and loans. */
  FIRM = "FIRM",
  /** 银行端: its own institution, products and the needs visible to it. */
  BANK = "BANK",
  /** 担保机构: its own agency, agreements and the guarantee requests sent to it. */
  GUARANTOR = "GUARANTOR",
  /** 工信/金融局: certifications, incentive policies and guarantee agencies inside its region. */
  BUREAU = "BUREAU",
  /** 监管: read-only, everything inside its region. */
  REGULATOR = "REGULATOR",
  /** 平台运营: institutions, LPR, platform support. */
  ADMIN = "ADMIN",
}

export interface Viewer {
  /** The token's subject (a user or service account id at the identity provider). */
  subject: string;
  role: Role;
  /** FIRM: the firm's id; BANK: the institution's id; GUARANTOR: the agency's id; else null. */
  orgId: string | null;
  /** BUREAU and REGULATOR: the 6-digit region code of their jurisdiction; else null. */
  regionCode: string | null;
  /**
   * FIRM onboarding: the 统一社会信用代码 the identity provider verified (e.g. from the electronic
   * business licence), allowing `registerFirm` for that code before the firm has an id.
   */
  creditCode: string | null;
  /** When the token expires (its `exp` claim); absent for viewers made without a token (tests, scripts). */
  expiresAt?: Date | null;
}

const ORG_ROLES: readonly Role[] = [Role.BANK, Role.GUARANTOR];
const REGION_ROLES: readonly Role[] = [Role.BUREAU, Role.REGULATOR];

/** Turns verified JWT claims into a Viewer, or refuses them with the reason. */
export function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  const { sub, role, orgId, regionCode, creditCode, exp } = claims;
  if (typeof sub !== "string" || sub.length === 0) throw new UnauthenticatedError(msg("auth.noSubject"));
  if (typeof role !== "string" || !(Object.values(Role) as string[]).includes(role)) {
    throw new UnauthenticatedError(msg("auth.unknownRole", { role: String(role), roles: Object.values(Role) }));
  }
  const r = role as Role;
  const org = typeof orgId === "string" && orgId.length > 0 ? orgId : null;
  const region = typeof regionCode === "string" && regionCode.length > 0 ? regionCode : null;
  const code = typeof creditCode === "string" && creditCode.length > 0 ? creditCode.toUpperCase() : null;
  if (org !== null && !isUuid(org)) throw new UnauthenticatedError(msg("auth.orgIdFormat"));
  if (ORG_ROLES.includes(r) && org === null) throw new UnauthenticatedError(msg("auth.orgIdRequired", { role: r }));
  if (r === Role.FIRM && org === null && code === null) {
    throw new UnauthenticatedError(msg("auth.firmOrgRequired"));
  }
  if (REGION_ROLES.includes(r) && (region === null || !/^[1-8]\d{5}$/.test(region))) {
    throw new UnauthenticatedError(msg("auth.regionRequired", { role: r }));
  }
  return {
    subject: sub,
    role: r,
    orgId: ORG_ROLES.includes(r) || r === Role.FIRM ? org : null,
    regionCode: REGION_ROLES.includes(r) ? region : null,
    creditCode: r === Role.FIRM ? code : null,
    expiresAt: typeof exp === "number" && Number.isFinite(exp) ? new Date(exp * 1000) : null,
  };
}

/** The region-code prefix a BUREAU or REGULATOR sees ("33" for 330000); null for other roles. */
export function regionScope(viewer: Viewer): string | null {
  return viewer.regionCode === null ? null : regionPrefix(viewer.regionCode);
}

/** Is a record registered in `regionCode` inside the viewer's jurisdiction? */
export function inRegionScope(viewer: Viewer, regionCode: string): boolean {
  const scope = regionScope(viewer);
  return scope !== null && regionCode.startsWith(scope);
}

/**
 * Do a record's region (whose coverage may be wider, e.g. a provincial agency's 330000) and the
 * viewer's jurisdiction overlap? A Zhejiang agency concerns a Hangzhou regulator and vice versa.
 */
export function regionOverlapsScope(viewer: Viewer, regionCode: string): boolean {
  const scope = regionScope(viewer);
  if (scope === null) return false;
  return regionCode.startsWith(scope) || scope.startsWith(regionPrefix(regionCode));
}

/** May the viewer see a 总对总 agreement between `institutionId` and an agency in `agencyRegion`? */
export function agreementVisible(viewer: Viewer, agreement: { institutionId: string; agencyId: string }, agencyRegion: string): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.FIRM:
      return false;
    case Role.BANK:
      return viewer.orgId === agreement.institutionId;
    case Role.GUARANTOR:
      return viewer.orgId === agreement.agencyId;
    case Role.BUREAU:
    case Role.REGULATOR:
      return regionOverlapsScope(viewer, agencyRegion);
  }
}

/**
 * A firm's 结对银行 is a relationship between the firm and one bank: other banks (competitors) do
 * not see it; everyone else who may see the firm does.
 */
export function pairedBankVisible(viewer: Viewer, pairedBankId: string): boolean {
  return viewer.role !== Role.BANK || viewer.orgId === pairedBankId;
}

/**
 * The banks named by a SELECTED_BANKS need (`visibleTo`) that the viewer may see: a BANK sees only
 * itself in the list (which competitors the firm also asked is not its business); every other
 * caller who may see the need sees the whole list. Pure; the order of `institutionIds` is kept.
 */
export function visibleToShownTo(viewer: Viewer, institutionIds: readonly string[]): string[] {
  if (viewer.role !== Role.BANK) return [...institutionIds];
  const own = viewer.orgId?.toLowerCase();
  return institutionIds.filter((id) => id.toLowerCase() === own);
}

/**
 * Which roles may run each mutation at all. Services call `authorize` first (FORBIDDEN otherwise)
 * and then check the record-level scope (own organisation, own region).
 */
export const MUTATION_ROLES = {
  registerFirm: [Role.FIRM, Role.BUREAU, Role.ADMIN],
  updateFirm: [Role.FIRM, Role.BUREAU, Role.ADMIN],
  recordCertification: [Role.BUREAU, Role.ADMIN],
  revokeCertification: [Role.BUREAU, Role.ADMIN],
  createFinancialInstitution: [Role.ADMIN],
  createLoanProduct: [Role.BANK],
  updateLoanProduct: [Role.BANK],
  archiveLoanProduct: [Role.BANK],
  createGuaranteeAgency: [Role.BUREAU, Role.ADMIN],
  createGuaranteeAgreement: [Role.GUARANTOR],
  createIncentivePolicy: [Role.BUREAU],
  setLprRate: [Role.ADMIN],
  submitFinancingNeed: [Role.FIRM],
  withdrawFinancingNeed: [Role.FIRM],
  expireFinancingNeeds: [Role.ADMIN],
  applyForProduct: [Role.FIRM],
  startReview: [Role.BANK],
  approveApplication: [Role.BANK],
  rejectApplication: [Role.BANK],
  withdrawApplication: [Role.FIRM],
  decideGuarantee: [Role.GUARANTOR],
  disburseLoan: [Role.BANK],
  recordRepayment: [Role.BANK],
  renewLoan: [Role.BANK],
} as const satisfies Record<string, readonly Role[]>;

export type MutationName = keyof typeof MUTATION_ROLES;
