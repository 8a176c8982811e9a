import { ConflictError } from "./errors";
import { formatMoney, type Fen } from "./money";
import { msg } from "../i18n";

/**
 * The quota ledger's pure part (docs/workflow.md, "Quota accounting"): which counters an
 * application or a loan holds, how one transaction's changes are netted and ordered, and the
 * CONFLICT of a commit that does not fit. The guarded UPDATEs that apply the changes are in
 * src/modules/quota/quota-ledger.ts.
 */

/** The counters quota lives in: a product's used_quota, an agency's used_capacity, an agreement's used_line. */
export type QuotaAccount = "PRODUCT" | "AGENCY" | "AGREEMENT";

/** One change of a counter: positive commits, negative releases. */
export interface QuotaChange {
  account: QuotaAccount;
  id: string;
  deltaFen: Fen;
}

/** What holds quota: an approved application or a loan (its product and, when guaranteed, the agency and the 总对总 agreement). */
export interface QuotaHolder {
  productId: string;
  guaranteeAgencyId: string | null;
  guaranteeAgreementId: string | null;
}

const ACCOUNT_ORDER: readonly QuotaAccount[] = ["PRODUCT", "AGENCY", "AGREEMENT"];

/**
 * Nets the changes of one transaction per counter (a renewal on the product of the loan it
 * renews releases and commits the same amount: nothing moves), drops zeros, and orders them by
 * account then id, so concurrent transactions lock counters in the same order (no deadlock).
 */
export function netQuotaChanges(changes: readonly QuotaChange[]): QuotaChange[] {
  const net = new Map<string, QuotaChange>();
  for (const c of changes) {
    const key = `${c.account}:${c.id.toLowerCase()}`;
    const prev = net.get(key);
    net.set(key, { account: c.account, id: c.id.toLowerCase(), deltaFen: (prev?.deltaFen ?? 0n) + c.deltaFen });
  }
  return [...net.values()]
    .filter((c) => c.deltaFen !== 0n)
    .sort((a, b) => ACCOUNT_ORDER.indexOf(a.account) - ACCOUNT_ORDER.indexOf(b.account) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The same change of `deltaFen` on every counter a holder holds (positive commits, negative releases). */
export function holdingChanges(holder: QuotaHolder, deltaFen: Fen): QuotaChange[] {
  const out: QuotaChange[] = [{ account: "PRODUCT", id: holder.productId, deltaFen }];
  if (holder.guaranteeAgencyId !== null) out.push({ account: "AGENCY", id: holder.guaranteeAgencyId, deltaFen });
  if (holder.guaranteeAgreementId !== null) out.push({ account: "AGREEMENT", id: holder.guaranteeAgreementId, deltaFen });
  return out;
}

/** The quota changes that release `amountFen` of what a holder holds. */
export function releaseOf(holder: QuotaHolder, amountFen: Fen): QuotaChange[] {
  return holdingChanges(holder, -amountFen);
}

/** The CONFLICT of a commit that does not fit: names the counter, what is left and what was asked, and what to do. */
export function quotaConflict(account: QuotaAccount, leftFen: Fen | null, askedFen: Fen): ConflictError {
  const leftOrNull = leftFen === null ? null : leftFen < 0n ? 0n : leftFen;
  return new ConflictError(msg("quota.exceeded", { account, leftFen: leftOrNull, askedFen }), {
    quotaRemaining: leftFen === null ? null : formatMoney(leftFen < 0n ? 0n : leftFen),
    requested: formatMoney(askedFen),
  });
}
