import type { AuditActor } from "../audit/audit.service";
import { inRegionScope, MUTATION_ROLES, Role, type MutationName, type Viewer } from "../../domain/access";
import { ForbiddenError, UnauthenticatedError } from "../../domain/errors";

/**
 * Record-level checks the services run on every write. Reads are scoped in SQL (scopes.ts), so a
 * record outside the caller's scope reads as NOT_FOUND; a write outside it is FORBIDDEN.
 */

/** What a request without a token is told (HTTP 401, src/graphql/authentication.ts). */
export const MISSING_TOKEN_MESSAGE = "Sign in: send 'Authorization: Bearer <token>' with the request.";

/** The request's caller, or UNAUTHENTICATED when no valid token came with it. */
export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new UnauthenticatedError(MISSING_TOKEN_MESSAGE);
  return viewer;
}

/** The caller and request id a mutation writes into its audit events; UNAUTHENTICATED without a token. */
export function requireActor(ctx: { viewer: Viewer | null; requestId: string }): AuditActor {
  return { viewer: requireViewer(ctx.viewer), requestId: ctx.requestId };
}

/** May this role run this mutation at all? */
export function authorize(viewer: Viewer, mutation: MutationName): void {
  const roles: readonly Role[] = MUTATION_ROLES[mutation];
  if (!roles.includes(viewer.role)) {
    throw new ForbiddenError(`${viewer.role} callers may not run ${mutation}; it is for ${roles.join(", ")}.`, { mutation });
  }
}

/** The caller must belong to the organisation `orgId` (its firm, bank or agency). */
export function requireOwnOrg(viewer: Viewer, orgId: string, what: string): void {
  if (viewer.orgId === null || viewer.orgId.toLowerCase() !== orgId.toLowerCase()) {
    throw new ForbiddenError(`${what} belongs to another organisation; a ${viewer.role} may only act for its own.`);
  }
}

/** A BUREAU may act only inside its region. */
export function requireRegion(viewer: Viewer, regionCode: string, what: string): void {
  if (!inRegionScope(viewer, regionCode)) {
    throw new ForbiddenError(`${what} (region ${regionCode}) is outside your jurisdiction (${viewer.regionCode}).`);
  }
}
