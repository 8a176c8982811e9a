import { addDays, parseLocalDate, type LocalDate } from "./dates";
import { CollateralType, FinancingNeedStatus, FinancingPurpose, NeedVisibility } from "./enums";
import { Violations } from "./errors";
import { formatMoney, parsePositiveMoney, type Fen } from "./money";
import { requireBp, requireInt, unique } from "./validate";
import { msg, type Message } from "../i18n";

/**
 * 融资需求 rules: what a firm may submit as a financing need, and when it may withdraw one.
 * Pure: no database, no GraphQL, no clock (callers pass `today`).
 */

/** Longest term a need may ask for, in months (30 years, as the table's CHECK allows). */
export const MAX_TERM_MONTHS = 360;
/** Highest all-in annual cost a firm may name, in basis points (24%: the judicial protection ceiling for lending rates). */
export const MAX_NEED_RATE_BP = 2400;
/** Most banks a firm may name for a SELECTED_BANKS need. */
export const MAX_SELECTED_BANKS = 20;
/** Longest free-text description, in characters. */
export const MAX_DESCRIPTION_LENGTH = 2000;

/** A need as a caller sends it, before any rule is checked. */
export interface NeedDraft {
  amount: string;
  termMonths: number;
  purpose: FinancingPurpose;
  collateralOffered?: readonly CollateralType[] | null;
  acceptsGuarantee?: boolean | null;
  maxAnnualRateBp?: number | null;
  neededBy: string;
  renewalOfLoanId?: string | null;
  visibility?: NeedVisibility | null;
  visibleToInstitutionIds?: readonly string[] | null;
  description?: string | null;
}

/** A need that passed every input rule, normalised (money formatted, lists deduplicated, defaults filled in). */
export interface ValidNeed {
  amount: string;
  amountFen: Fen;
  termMonths: number;
  purpose: FinancingPurpose;
  collateralOffered: CollateralType[];
  acceptsGuarantee: boolean;
  maxAnnualRateBp: number | null;
  neededBy: LocalDate;
  renewalOfLoanId: string | null;
  visibility: NeedVisibility;
  visibleToInstitutionIds: string[];
  description: string;
}

const PURPOSES = new Set<string>(Object.values(FinancingPurpose));
const COLLATERAL = new Set<string>(Object.values(CollateralType));
const VISIBILITIES = new Set<string>(Object.values(NeedVisibility));

/**
 * Checks every input rule of a need and reports all broken ones at once (ValidationError naming
 * `<prefix>.<field>`). `today` is the China calendar date of the request.
 */
export function validateNeed(draft: NeedDraft, today: LocalDate, prefix = "input"): ValidNeed {
  const f = (name: string) => `${prefix}.${name}`;
  const v = new Violations();

  const amountFen = v.take(() => parsePositiveMoney(draft.amount, f("amount")));
  const termMonths = v.take(() => requireInt(draft.termMonths, f("termMonths"), 1, MAX_TERM_MONTHS));

  if (!PURPOSES.has(draft.purpose)) {
    v.add(f("purpose"), "purpose.unknown", msg("purpose.unknown", { raw: String(draft.purpose), allowed: [...PURPOSES] }));
  }

  const collateralOffered = unique(draft.collateralOffered ?? []);
  const unknownCollateral = collateralOffered.filter((c) => !COLLATERAL.has(c));
  if (unknownCollateral.length > 0) {
    v.add(f("collateralOffered"), "collateral.unknown", msg("collateral.unknown", { unknown: unknownCollateral, allowed: [...COLLATERAL] }));
  }
  if (collateralOffered.includes(CollateralType.NONE)) {
    v.add(
      f("collateralOffered"),
      "collateral.none",
      msg("collateral.none"),
    );
  }

  const maxAnnualRateBp =
    draft.maxAnnualRateBp == null ? null : v.take(() => requireBp(draft.maxAnnualRateBp!, f("maxAnnualRateBp"), MAX_NEED_RATE_BP));

  const neededBy = v.take(() => parseLocalDate(draft.neededBy, f("neededBy")));
  if (neededBy !== undefined && neededBy < today) {
    v.add(f("neededBy"), "date.notPast", msg("date.notPast", { today, got: neededBy }));
  }

  const renewalOfLoanId = draft.renewalOfLoanId == null || draft.renewalOfLoanId === "" ? null : draft.renewalOfLoanId;
  if (draft.purpose === FinancingPurpose.RENEWAL && renewalOfLoanId === null) {
    v.add(f("renewalOfLoanId"), "renewal.loanRequired", msg("renewal.loanRequired"));
  }
  if (draft.purpose !== FinancingPurpose.RENEWAL && renewalOfLoanId !== null) {
    v.add(
      f("renewalOfLoanId"),
      "renewal.purposeMismatch",
      msg("renewal.purposeMismatch", { purpose: String(draft.purpose) }),
    );
  }

  const visibility = draft.visibility ?? NeedVisibility.ALL_BANKS;
  const visibleToInstitutionIds = unique(draft.visibleToInstitutionIds ?? []);
  if (!VISIBILITIES.has(visibility)) {
    v.add(f("visibility"), "visibility.unknown", msg("visibility.unknown", { raw: String(visibility) }));
  } else if (visibility === NeedVisibility.SELECTED_BANKS) {
    if (visibleToInstitutionIds.length === 0) {
      v.add(
        f("visibleToInstitutionIds"),
        "visibility.banksRequired",
        msg("visibility.banksRequired"),
      );
    } else if (visibleToInstitutionIds.length > MAX_SELECTED_BANKS) {
      v.add(
        f("visibleToInstitutionIds"),
        "visibility.tooManyBanks",
        msg("visibility.tooManyBanks", { max: MAX_SELECTED_BANKS, got: visibleToInstitutionIds.length }),
      );
    }
  } else if (visibleToInstitutionIds.length > 0) {
    v.add(
      f("visibleToInstitutionIds"),
      "visibility.banksForbidden",
      msg("visibility.banksForbidden"),
    );
  }

  const description = (draft.description ?? "").trim();
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    v.add(f("description"), "text.maxLength", msg("text.maxLength", { max: MAX_DESCRIPTION_LENGTH, length: description.length }));
  }

  v.throwIfAny();
  return {
    amount: formatMoney(amountFen!),
    amountFen: amountFen!,
    termMonths: termMonths!,
    purpose: draft.purpose,
    collateralOffered,
    acceptsGuarantee: draft.acceptsGuarantee ?? true,
    maxAnnualRateBp: maxAnnualRateBp ?? null,
    neededBy: neededBy!,
    renewalOfLoanId,
    visibility,
    visibleToInstitutionIds,
    description,
  };
}

/** Whether a state change is allowed, and if not, a sentence saying why and what to do. */
export type Decision = { allowed: true } | { allowed: false; reason: Message };

const WITHDRAWABLE: ReadonlySet<FinancingNeedStatus> = new Set([FinancingNeedStatus.OPEN, FinancingNeedStatus.MATCHED]);

/**
 * 撤回: only OPEN and MATCHED needs can be withdrawn. This is the status rule only; further
 * conditions (e.g. no application still open on the need) are checked by the caller and combined
 * with this decision.
 */
export function canWithdraw(status: FinancingNeedStatus): Decision {
  if (WITHDRAWABLE.has(status)) return { allowed: true };
  return {
    allowed: false,
    reason: msg("need.notWithdrawable", { status }),
  };
}

/**
 * Grace period after a need's needed-by date, in days (宽限期). A need is still open on
 * neededBy + 30 days and expires the day after: a month is how long a bank's review or a
 * disbursement commonly runs late, and after that the firm's situation (amount, date, purpose) has
 * usually changed, so it should submit a new need rather than be matched on a stale one.
 * docs/workflow.md, "Need lifecycle".
 */
export const NEED_EXPIRY_GRACE_DAYS = 30;

/** The last day a need needed by `neededBy` is still open (neededBy + the grace period). */
export function needExpiresAfter(neededBy: LocalDate): LocalDate {
  return addDays(neededBy, NEED_EXPIRY_GRACE_DAYS);
}

/** Is a need needed by `neededBy` expired on `today` (today is later than neededBy + the grace period)? */
export function isNeedExpired(neededBy: LocalDate, today: LocalDate): boolean {
  return today > needExpiresAfter(neededBy);
}

/** Needs needed by a date before this one are expired on `today` (for SQL: needed_by < cutoff). */
export function needExpiryCutoff(today: LocalDate): LocalDate {
  return addDays(today, -NEED_EXPIRY_GRACE_DAYS);
}

/**
 * A need with a live application (SUBMITTED, UNDER_REVIEW or APPROVED) stays with its docking: the
 * firm withdraws the application(s) first (an approved amount then goes back to the bank's quota),
 * then the need. `live` are the need's live applications.
 */
export function canWithdrawWithApplications(live: ReadonlyArray<{ id: string; status: string }>): Decision {
  if (live.length === 0) return { allowed: true };
  return {
    allowed: false,
    reason: msg("need.liveApplications", { live: live.map((a) => ({ id: a.id, status: a.status })) }),
  };
}
