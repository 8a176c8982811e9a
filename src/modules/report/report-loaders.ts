import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { Viewer } from "../../domain/access";
import { AUDIT_RECORD_TYPES, type AnomalyRecordRef } from "../../domain/anomaly-rules";
import type { Context } from "../../graphql/context";
import { byIdLoader } from "../../graphql/loader-factory";
import { Application } from "../application/application.entity";
import { AuditEvent } from "../audit/audit-event.entity";
import { applyScope, auditEventScope } from "../auth/scopes";

/**
 * Per-request loaders of the report module, next to the shared ones of src/graphql/loaders.ts:
 * applications by id, and audit events by record as the caller may read them. Kept per context
 * (a WeakMap on the request's loaders object), so nothing is cached across requests or users.
 */
export interface ReportLoaders {
  applicationById: DataLoader<string, Application | null>;
  /** Key: `<audit record_type>:<record id>`; the events an anomaly shows (isShownAuditEvent), in chain order. */
  auditEventsByRecord: DataLoader<string, AuditEvent[]>;
}

const perRequest = new WeakMap<object, ReportLoaders>();

export function reportLoaders(ctx: Context, viewer: Viewer, ds: DataSource): ReportLoaders {
  let loaders = perRequest.get(ctx.loaders);
  if (!loaders) {
    loaders = { applicationById: byIdLoader(ds, Application), auditEventsByRecord: auditEventsLoader(ds, viewer) };
    perRequest.set(ctx.loaders, loaders);
  }
  return loaders;
}

/** The loader key of a record an anomaly names. */
export function auditKey(record: AnomalyRecordRef): string {
  return `${AUDIT_RECORD_TYPES[record.type]}:${record.id}`;
}

/**
 * One query per batch: the events of every requested (record_type, record_id), through the index
 * ix_audit_event_record, scoped like `auditEvents` (docs/access.md: an ADMIN all, a REGULATOR or
 * BUREAU the events whose region overlaps its jurisdiction, a BANK those its own users caused),
 * leaving out the counter moves of products, agencies and agreements (mirrors isShownAuditEvent,
 * src/domain/anomaly-rules.ts).
 */
function auditEventsLoader(ds: DataSource, viewer: Viewer): DataLoader<string, AuditEvent[]> {
  return new DataLoader<string, AuditEvent[]>(async (keys) => {
    const pairs = keys.map((k) => {
      const at = k.indexOf(":");
      return [k.slice(0, at), k.slice(at + 1)] as const;
    });
    const qb = applyScope(ds.getRepository(AuditEvent).createQueryBuilder("e"), auditEventScope(viewer, "e"))
      .andWhere(`(e.record_type, e.record_id) IN (SELECT k.t, k.i FROM unnest(CAST(:types AS text[]), CAST(:ids AS text[])) AS k(t, i))`, {
        types: pairs.map(([t]) => t),
        ids: pairs.map(([, i]) => i),
      })
      .andWhere(`(e.record_type NOT IN ('LoanProduct', 'GuaranteeAgency', 'GuaranteeAgreement') OR e.operation ~ '^(create|update|archive)[A-Z]')`);
    const rows = await qb.orderBy("e.id", "ASC").getMany();
    const groups = new Map<string, AuditEvent[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(`${row.recordType}:${row.recordId}`)?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}
