import type { EntityManager } from "typeorm";
import type { Viewer } from "../../domain/access";
import { ConflictError } from "../../domain/errors";
import { hashIdempotentInput } from "../../domain/idempotency";
import type { AuditActor } from "../audit/audit.service";
import { msg } from "../../i18n";

/** Whose keys a caller shares: its organisation's (any user of the same firm, bank or agency), else its own subject's. */
export function idempotencyScope(viewer: Viewer): string {
  return viewer.orgId !== null ? `org:${viewer.orgId.toLowerCase()}` : `sub:${viewer.subject}`;
}

/**
 * Runs a creating mutation at most once per idempotency key (幂等), inside the caller's
 * transaction `em` (READ COMMITTED, the default).
 *
 * - First use of (caller's scope, operation, key): claims the key (a row of idempotency_key with
 *   the hash of the canonical input), runs `run` (which writes the record and its audit event
 *   with `em`), stores the returned id and answers `load(id)`. If `run` throws, the transaction
 *   rolls back and takes the claim with it: the key stays unused.
 * - Retry with the same key and the same input: `run` is not called, nothing is written (no audit
 *   event either); answers `load(first id)` — the record as it is now.
 * - Same key with other input: CONFLICT naming the key and the operation.
 * - Concurrent first uses: the claim is `INSERT … ON CONFLICT DO NOTHING` on the primary key, so
 *   the second waits until the first transaction ends; then it sees the committed claim (and is
 *   answered as a retry) or, if the first rolled back, claims the key itself. Never both write.
 *
 * Usage (e.g. applyForProduct): validate the key's format first with `parseIdempotencyKey`
 * (src/domain/idempotency.ts), then, in the service's transaction,
 *
 *   return this.ds.transaction((em) =>
 *     withIdempotency(em, actor, "applyForProduct", key, inputWithoutKey,
 *       async () => { ...checks and writes with em...; await recordAudit(em, actor, …); return { id: application.id }; },
 *       (id) => em.getRepository(Application).findOneByOrFail({ id })));
 *
 * Pass as `input` everything that defines the request except the key itself (for an update also
 * the record's id). Put the input checks inside `run`, so that a retry of a request that succeeded
 * gets its result even if the same input would no longer pass (e.g. a date now in the past).
 */
export async function withIdempotency<T>(
  em: EntityManager,
  actor: AuditActor,
  operation: string,
  key: string,
  input: unknown,
  run: () => Promise<{ id: string }>,
  load: (id: string) => Promise<T>,
): Promise<T> {
  const scope = idempotencyScope(actor.viewer);
  const requestHash = hashIdempotentInput(input);
  const claimed: unknown[] = await em.query(
    `INSERT INTO idempotency_key (scope, operation, key, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (scope, operation, key) DO NOTHING RETURNING key`,
    [scope, operation, key, requestHash],
  );
  if (claimed.length === 1) {
    const result = await run();
    await em.query(`UPDATE idempotency_key SET record_id = $4 WHERE scope = $1 AND operation = $2 AND key = $3`, [scope, operation, key, result.id]);
    return load(result.id);
  }

  const rows: Array<{ request_hash: string; record_id: string | null; created_at: Date }> = await em.query(
    `SELECT request_hash, record_id, created_at FROM idempotency_key WHERE scope = $1 AND operation = $2 AND key = $3`,
    [scope, operation, key],
  );
  const first = rows[0];
  if (!first || first.record_id === null) {
    // Only possible if the claim was written outside withIdempotency; the claiming transaction sets record_id before it commits.
    throw new ConflictError(msg("idempotency.pending", { key, operation }), {
      field: "input.idempotencyKey",
    });
  }
  if (first.request_hash !== requestHash) {
    throw new ConflictError(
      msg("idempotency.otherInput", { key, operation, at: first.created_at.toISOString() }),
      { field: "input.idempotencyKey", operation },
    );
  }
  return load(first.record_id);
}
