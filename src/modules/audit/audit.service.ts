import type { DataSource, EntityManager } from "typeorm";
import type { Config } from "../../config/config";
import { Role, type Viewer } from "../../domain/access";
import { parseRegionCode } from "../../domain/codes";
import { Violations, ValidationError } from "../../domain/errors";
import { isUuid } from "../../domain/ids";
import { pageSize, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { ForbiddenError } from "../../domain/errors";
import { applyScope, auditEventScope } from "../auth/scopes";
import { AuditEvent } from "./audit-event.entity";
import { msg } from "../../i18n";

/** Who is writing: the verified caller and the request's id (both go into every audit event). */
export interface AuditActor {
  viewer: Viewer;
  requestId: string;
}

/** What one mutation did to one record. `before` is null for a creation, `after` null for a deletion. */
export interface AuditRecord {
  /** The GraphQL mutation's name, e.g. "approveApplication". */
  operation: string;
  /** The entity's name, e.g. "Application". */
  recordType: string;
  recordId: string;
  /** A plain JSON snapshot (see `auditSnapshot`): money as decimal strings, related records as ids. */
  before: unknown | null;
  after: unknown | null;
  /**
   * Optional: the region (6-digit code) the event concerns, which `auditEvents` scopes regulators
   * and bureaus by. Omitted, it is derived (see `resolveRegion`).
   */
  regionCode?: string | null;
}

/**
 * Appends one event to the audit trail inside the caller's transaction `em`, so the event exists
 * exactly when the change it describes does (a rolled-back mutation leaves no event). The chain
 * fields (id, occurred_at, prev_hash, hash) are set by the database (migration AuditTrail), which
 * also refuses UPDATE and DELETE on the table.
 *
 * The insert takes the audit chain's lock (one row, FOR UPDATE) until the transaction ends: call it
 * as the last write of a transaction, after the checks that may still fail, so that concurrent
 * mutations wait for each other as briefly as possible.
 *
 * The event's region is, in order: `record.regionCode`; the `regionCode` of the after/before
 * snapshot; the region of the snapshot's `firmId`, `needId`, `agencyId` or `institutionId`
 * (firm, need, guarantee agency, bank); the actor organisation's region; the actor's jurisdiction
 * (BUREAU, REGULATOR); else null (only ADMIN then sees the event).
 */
export async function recordAudit(em: EntityManager, actor: AuditActor, record: AuditRecord): Promise<void> {
  const regionCode = await resolveRegion(em, actor.viewer, record);
  await em
    .createQueryBuilder()
    .insert()
    .into(AuditEvent)
    .values({
      actorId: actor.viewer.subject,
      actorRole: actor.viewer.role,
      orgId: actor.viewer.orgId,
      actorRegionCode: actor.viewer.regionCode,
      regionCode,
      operation: record.operation,
      recordType: record.recordType,
      recordId: record.recordId,
      before: () => "CAST(:auditBefore AS jsonb)",
      after: () => "CAST(:auditAfter AS jsonb)",
      requestId: actor.requestId,
    })
    .setParameters({ auditBefore: jsonParam(record.before), auditAfter: jsonParam(record.after) })
    .execute();
}

/** JSON text for a jsonb parameter (null stays SQL NULL). */
function jsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(auditSnapshot(value));
}

const REGION = /^[1-8]\d{5}$/;

function snapshotField(snapshot: unknown, key: string): string | null {
  if (snapshot === null || typeof snapshot !== "object" || Array.isArray(snapshot)) return null;
  const value = (snapshot as Record<string, unknown>)[key];
  return typeof value === "string" ? value : null;
}

/** The region an event concerns (rule in recordAudit's comment); one query at most. */
async function resolveRegion(em: EntityManager, viewer: Viewer, record: AuditRecord): Promise<string | null> {
  if (record.regionCode != null) return record.regionCode;
  const snapshots = [record.after, record.before];
  for (const s of snapshots) {
    const region = snapshotField(s, "regionCode");
    if (region !== null && REGION.test(region)) return region;
  }
  const pick = (key: string): string | null => {
    for (const s of snapshots) {
      const id = snapshotField(s, key);
      if (id !== null && isUuid(id)) return id;
    }
    return null;
  };
  const firmId = pick("firmId");
  const needId = pick("needId");
  const agencyId = pick("agencyId");
  const institutionId = pick("institutionId");
  const orgId = viewer.orgId !== null && isUuid(viewer.orgId) ? viewer.orgId : null;
  if (firmId || needId || agencyId || institutionId || orgId) {
    const rows: Array<{ region: string | null }> = await em.query(
      `SELECT COALESCE(
         (SELECT region_code FROM firm WHERE id = $1::uuid),
         (SELECT region_code FROM financing_need WHERE id = $2::uuid),
         (SELECT region_code FROM guarantee_agency WHERE id = $3::uuid),
         (SELECT region_code FROM financial_institution WHERE id = $4::uuid),
         (SELECT region_code FROM firm WHERE id = $5::uuid),
         (SELECT region_code FROM financial_institution WHERE id = $5::uuid),
         (SELECT region_code FROM guarantee_agency WHERE id = $5::uuid)
       ) AS region`,
      [firmId, needId, agencyId, institutionId, orgId],
    );
    const region = rows[0]?.region ?? null;
    if (region !== null) return region;
  }
  return viewer.regionCode;
}

/**
 * A plain JSON copy of a record for `before`/`after`: own enumerable fields only; Dates as ISO
 * strings; bigints as strings; functions, promises and undefined left out; a nested record (an
 * object with a string `id`, e.g. a loaded relation) reduced to `{ id }`. Money columns are
 * already decimal strings (numeric comes back from pg as a string).
 */
export function auditSnapshot(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return typeof value === "function" ? null : value;
  if (value instanceof Promise) return null;
  if (Array.isArray(value)) return value.map((v) => auditSnapshot(v, depth + 1));
  const record = value as Record<string, unknown>;
  if (depth > 0 && typeof record.id === "string") return { id: record.id };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v === undefined || typeof v === "function" || v instanceof Promise) continue;
    out[k] = auditSnapshot(v, depth + 1);
  }
  return out;
}

/** Why a link of the chain is broken. */
export enum AuditBreakReason {
  /** The stored hash is not the hash of the event's content (the event or its hash was changed). */
  HASH_MISMATCH = "HASH_MISMATCH",
  /** The event does not point at the hash of the event before it (an event was removed, inserted or reordered). */
  PREV_HASH_MISMATCH = "PREV_HASH_MISMATCH",
  /** The chain head (last id and hash) does not match the last event (events were removed from the end). */
  HEAD_MISMATCH = "HEAD_MISMATCH",
}

export interface AuditBreak {
  eventId: string;
  reason: AuditBreakReason;
  expectedHash: string | null;
  storedHash: string | null;
}

export interface AuditVerificationResult {
  ok: boolean;
  eventsChecked: number;
  lastEventId: string | null;
  firstBrokenLink: AuditBreak | null;
}

export interface AuditEventFilter {
  recordType?: string | null;
  recordId?: string | null;
  operation?: string | null;
  actorRole?: Role | null;
  orgId?: string | null;
  regionCode?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Rows read per query while verifying. */
export const VERIFY_BATCH_SIZE = 1000;

const VERIFY_ROLES: readonly Role[] = [Role.REGULATOR, Role.ADMIN];

/**
 * 审计日志: reading the trail (scoped to the caller) and verifying its hash chain. Writing is
 * `recordAudit`, called by every mutation's service inside its transaction.
 */
export class AuditService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
  ) {}

  /**
   * Walks the whole chain in id order, VERIFY_BATCH_SIZE events per query, recomputing each hash
   * in the database with the same function the insert trigger used (audit_event_hash), and checks
   * each prev_hash against the hash before it and the chain head against the last event. Stops at
   * the first broken link. REGULATOR and ADMIN only.
   */
  async verify(viewer: Viewer): Promise<AuditVerificationResult> {
    if (!VERIFY_ROLES.includes(viewer.role)) {
      throw new ForbiddenError(msg("access.roleNotAllowed", { role: viewer.role, operation: "verifyAuditTrail", roles: VERIFY_ROLES }));
    }
    let lastId = "0";
    let previousHash: string | null = null;
    let checked = 0;
    for (;;) {
      const rows: Array<{ id: string; hash: string; prev_hash: string | null; expected: string }> = await this.ds.query(
        `SELECT e.id::text AS id, e.hash, e.prev_hash, audit_event_hash(e) AS expected
           FROM audit_event e WHERE e.id > $1::bigint ORDER BY e.id LIMIT $2`,
        [lastId, VERIFY_BATCH_SIZE],
      );
      for (const row of rows) {
        checked++;
        if (row.prev_hash !== previousHash) {
          return broken(checked, { eventId: row.id, reason: AuditBreakReason.PREV_HASH_MISMATCH, expectedHash: previousHash, storedHash: row.prev_hash });
        }
        if (row.hash !== row.expected) {
          return broken(checked, { eventId: row.id, reason: AuditBreakReason.HASH_MISMATCH, expectedHash: row.expected, storedHash: row.hash });
        }
        previousHash = row.hash;
        lastId = row.id;
      }
      if (rows.length < VERIFY_BATCH_SIZE) break;
    }
    // The head is read after the walk: events appended meanwhile are past it, so compare only when it has not moved on.
    const [head] = (await this.ds.query(`SELECT last_id::text AS last_id, last_hash FROM audit_chain_head WHERE id = 1`)) as Array<{
      last_id: string;
      last_hash: string | null;
    }>;
    if (!head) {
      return broken(checked, { eventId: lastId, reason: AuditBreakReason.HEAD_MISMATCH, expectedHash: previousHash, storedHash: null });
    }
    if (BigInt(head.last_id) < BigInt(lastId) || (head.last_id === lastId && head.last_hash !== previousHash)) {
      return broken(checked, { eventId: lastId, reason: AuditBreakReason.HEAD_MISMATCH, expectedHash: previousHash, storedHash: head.last_hash });
    }
    if (BigInt(head.last_id) > BigInt(lastId)) {
      // Either events were appended after the walk read the end, or the end was cut off.
      const [{ exists }] = (await this.ds.query(`SELECT EXISTS (SELECT 1 FROM audit_event WHERE id = $1::bigint) AS exists`, [head.last_id])) as Array<{
        exists: boolean;
      }>;
      if (!exists) {
        return broken(checked, { eventId: head.last_id, reason: AuditBreakReason.HEAD_MISMATCH, expectedHash: head.last_hash, storedHash: null });
      }
    }
    return { ok: true, eventsChecked: checked, lastEventId: checked === 0 ? null : lastId, firstBrokenLink: null };
  }

  /**
   * Audit events the viewer may read, in chain (id) order, keyset-paged on id. ADMIN: all;
   * REGULATOR and BUREAU: events whose region (see recordAudit) overlaps their jurisdiction
   * (inside it, or a wider region containing it, e.g. a provincial agency's 330000 for a Hangzhou
   * regulator); FIRM, BANK, GUARANTOR: the events their own organisation's users caused.
   */
  async list(viewer: Viewer, filter: AuditEventFilter | undefined, page: PageArgs): Promise<ConnectionShape<AuditEvent>> {
    const v = new Violations();
    const size = v.take(() => pageSize(page.first, this.config.maxPageSize));
    const region = filter?.regionCode == null ? null : v.take(() => parseRegionCode(filter.regionCode!, "filter.regionCode"));
    if (filter?.from && filter.to && filter.from > filter.to) v.add("filter.from", "range.order", msg("range.notAfterField", { otherField: "filter.to" }));
    if (filter?.orgId != null && !isUuid(filter.orgId)) v.add("filter.orgId", "id.format", msg("id.format", {}));
    const after = page.after == null ? null : v.take(() => decodeAuditCursor(page.after!));
    v.throwIfAny();

    const qb = applyScope(this.ds.getRepository(AuditEvent).createQueryBuilder("e"), auditEventScope(viewer, "e"));
    if (filter?.recordType != null) qb.andWhere("e.record_type = :recordType", { recordType: filter.recordType });
    if (filter?.recordId != null) qb.andWhere("e.record_id = :recordId", { recordId: filter.recordId });
    if (filter?.operation != null) qb.andWhere("e.operation = :operation", { operation: filter.operation });
    if (filter?.actorRole != null) qb.andWhere("e.actor_role = :actorRole", { actorRole: filter.actorRole });
    if (filter?.orgId != null) qb.andWhere("e.org_id = :orgId", { orgId: filter.orgId });
    if (region != null) qb.andWhere("e.region_code LIKE :regionPrefix", { regionPrefix: `${regionPrefixOf(region)}%` });
    if (filter?.from != null) qb.andWhere("e.occurred_at >= :from", { from: filter.from });
    if (filter?.to != null) qb.andWhere("e.occurred_at <= :to", { to: filter.to });

    const countQuery = qb.clone();
    if (after !== null) qb.andWhere("e.id > CAST(:afterId AS bigint)", { afterId: after });
    const rows = await qb.orderBy("e.id", "ASC").limit(size! + 1).getMany();
    const edges = rows.slice(0, size).map((node) => ({ node, cursor: encodeAuditCursor(node.id) }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size!,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      count: () => countQuery.getCount(),
    };
  }
}

function regionPrefixOf(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

function broken(checked: number, link: AuditBreak): AuditVerificationResult {
  return { ok: false, eventsChecked: checked, lastEventId: link.eventId, firstBrokenLink: link };
}

function encodeAuditCursor(id: string): string {
  return Buffer.from(JSON.stringify(["audit", id])).toString("base64url");
}

function decodeAuditCursor(cursor: string): string {
  try {
    const [kind, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    if (kind !== "audit" || typeof id !== "string" || !/^\d{1,18}$/.test(id)) throw new Error("shape");
    return id;
  } catch {
    throw ValidationError.single("after", "cursor.format", msg("cursor.format", { query: "auditEvents" }));
  }
}
