import type { EntityManager } from "typeorm";
import { formatMoney, parseMoney } from "../../domain/money";
import { netQuotaChanges, quotaConflict, type QuotaAccount, type QuotaChange } from "../../domain/quota";

/**
 * The quota ledger (docs/workflow.md, "Quota accounting"): the one place that moves a product's
 * used_quota, an agency's used_capacity and an agreement's used_line. Applications (approve,
 * reject, withdraw) and loans (disburse, repay, renew) both go through it.
 */

/** Where each counter lives, and how it is named in audit events. */
const ACCOUNTS: Readonly<Record<QuotaAccount, { table: string; used: string; limit: string; recordType: string; field: string }>> = {
  PRODUCT: { table: "loan_product", used: "used_quota", limit: "reserved_quota", recordType: "LoanProduct", field: "usedQuota" },
  AGENCY: { table: "guarantee_agency", used: "used_capacity", limit: "capacity", recordType: "GuaranteeAgency", field: "usedCapacity" },
  AGREEMENT: { table: "guarantee_agreement", used: "used_line", limit: "credit_line", recordType: "GuaranteeAgreement", field: "usedLine" },
};

/** One counter as a transaction moved it. */
export interface QuotaMove {
  account: QuotaAccount;
  id: string;
  before: string;
  after: string;
}

/**
 * Applies quota changes inside the caller's transaction (netted and ordered by netQuotaChanges,
 * so every transaction locks counters in the same order) with guarded UPDATEs: a commit only where
 * the limit covers it (`limit − used ≥ amount`, a null limit being unlimited; 0 rows → CONFLICT
 * naming what is left and what was asked), a release only where that much is committed (otherwise
 * the books disagree: an internal error, never a negative counter). The tables' CHECKs back both.
 */
export async function applyQuota(em: EntityManager, changes: readonly QuotaChange[]): Promise<QuotaMove[]> {
  const moves: QuotaMove[] = [];
  for (const change of netQuotaChanges(changes)) {
    const a = ACCOUNTS[change.account];
    const amount = formatMoney(change.deltaFen < 0n ? -change.deltaFen : change.deltaFen);
    const update =
      change.deltaFen > 0n
        ? `UPDATE ${a.table} SET ${a.used} = ${a.used} + $1::numeric, updated_at = now()
             WHERE id = $2 AND (${a.limit} IS NULL OR ${a.limit} - ${a.used} >= $1::numeric) RETURNING ${a.used} AS used`
        : `UPDATE ${a.table} SET ${a.used} = ${a.used} - $1::numeric, updated_at = now() WHERE id = $2 AND ${a.used} >= $1::numeric RETURNING ${a.used} AS used`;
    // A CTE makes the driver answer the returned rows alone (a bare UPDATE answers [rows, count]).
    const rows: Array<{ used: string }> = await em.query(`WITH moved AS (${update}) SELECT used::text AS used FROM moved`, [amount, change.id]);
    if (rows.length === 0) {
      if (change.deltaFen < 0n) throw new Error(`Quota ledger inconsistent: ${a.table} ${change.id} has less than ${amount} committed to release.`);
      const [left] = (await em.query(`SELECT (${a.limit} - ${a.used})::text AS left FROM ${a.table} WHERE id = $1`, [change.id])) as Array<{ left: string | null }>;
      throw quotaConflict(change.account, left?.left == null ? null : parseMoney(left.left), change.deltaFen);
    }
    const afterFen = parseMoney(rows[0]!.used);
    moves.push({ account: change.account, id: change.id, before: formatMoney(afterFen - change.deltaFen), after: formatMoney(afterFen) });
  }
  return moves;
}

/** The audit records of what moved: one per counter, before and after (region: the firm's, or null to let recordAudit derive it). */
export function quotaAuditRecords(
  moves: readonly QuotaMove[],
  regionCode: string | null = null,
): Array<{ recordType: string; recordId: string; before: unknown; after: unknown; regionCode: string | null }> {
  return moves.map((m) => {
    const a = ACCOUNTS[m.account];
    return { recordType: a.recordType, recordId: m.id, before: { id: m.id, [a.field]: m.before }, after: { id: m.id, [a.field]: m.after }, regionCode };
  });
}
