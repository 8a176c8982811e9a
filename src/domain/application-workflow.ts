import { ApplicationStatus as S, GuaranteeDecision as G } from "./enums";
import { ConflictError } from "./errors";
import { msg } from "../i18n";
import type { WorkflowRefusal } from "../i18n/catalogue";

/**
 * The 融资申请 state machine (DOMAIN.md: SUBMITTED → UNDER_REVIEW → APPROVED → DISBURSED, or
 * REJECTED / WITHDRAWN). Pure: it decides whether an action is legal in a state, what the next
 * state is and what happens to the product's reserved quota; who may act (firm, bank, agency) is
 * the service's access check. An illegal action is a CONFLICT naming the current state.
 *
 * | action           | from                                 | to            | quota    |
 * |------------------|--------------------------------------|---------------|----------|
 * | START_REVIEW     | SUBMITTED                            | UNDER_REVIEW  | —        |
 * | DECIDE_GUARANTEE | SUBMITTED, UNDER_REVIEW (requested)  | same status   | —        |
 * | APPROVE          | UNDER_REVIEW (no guarantee, or accepted) | APPROVED  | consumed |
 * | REJECT           | SUBMITTED, UNDER_REVIEW              | REJECTED      | —        |
 * | WITHDRAW         | SUBMITTED, UNDER_REVIEW, APPROVED    | WITHDRAWN     | released if it was APPROVED |
 * | DISBURSE         | APPROVED                             | DISBURSED     | stays committed until repaid |
 */

export enum ApplicationAction {
  START_REVIEW = "START_REVIEW",
  DECIDE_GUARANTEE = "DECIDE_GUARANTEE",
  APPROVE = "APPROVE",
  REJECT = "REJECT",
  WITHDRAW = "WITHDRAW",
  DISBURSE = "DISBURSE",
}

/** What an application's workflow depends on. `guaranteeDecision` is null when no guarantee was requested. */
export interface ApplicationState {
  status: S;
  guaranteeDecision: G | null;
}

/** The effect of a transition on the product's reserved quota (and the guarantee's capacity). */
export type QuotaEffect = "CONSUME" | "RELEASE" | "NONE";

export interface Transition {
  next: ApplicationState;
  quota: QuotaEffect;
}

/** Statuses that end an application: nothing may happen to it any more. */
export const FINAL_STATUSES: readonly S[] = [S.DISBURSED, S.REJECTED, S.WITHDRAWN];

/** Statuses in which an application holds on to its need (the firm must withdraw it before the need). */
export const ACTIVE_STATUSES: readonly S[] = [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED];

const ALLOWED_FROM: Readonly<Record<ApplicationAction, readonly S[]>> = {
  [ApplicationAction.START_REVIEW]: [S.SUBMITTED],
  [ApplicationAction.DECIDE_GUARANTEE]: [S.SUBMITTED, S.UNDER_REVIEW],
  [ApplicationAction.APPROVE]: [S.UNDER_REVIEW],
  [ApplicationAction.REJECT]: [S.SUBMITTED, S.UNDER_REVIEW],
  [ApplicationAction.WITHDRAW]: [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED],
  [ApplicationAction.DISBURSE]: [S.APPROVED],
};

/**
 * Applies `action` to `state`, or throws a ConflictError naming the current state and what is
 * possible instead. `accept` is the agency's decision, for DECIDE_GUARANTEE only.
 */
export function transition(state: ApplicationState, action: ApplicationAction, accept?: boolean): Transition {
  const { status, guaranteeDecision } = state;
  const conflict = (why: WorkflowRefusal) =>
    new ConflictError(msg("workflow.refused", { action, status, why }), { currentStatus: status, action, guaranteeDecision });

  if (!ALLOWED_FROM[action].includes(status)) throw conflict(whatIsPossible(status));

  switch (action) {
    case ApplicationAction.START_REVIEW:
      return { next: { status: S.UNDER_REVIEW, guaranteeDecision }, quota: "NONE" };
    case ApplicationAction.DECIDE_GUARANTEE:
      if (guaranteeDecision === null) throw conflict({ kind: "NO_GUARANTEE" });
      if (guaranteeDecision !== G.REQUESTED) throw conflict({ kind: "GUARANTEE_DECIDED", decision: guaranteeDecision });
      if (accept === undefined) throw new Error("transition: DECIDE_GUARANTEE needs the agency's decision");
      return { next: { status, guaranteeDecision: accept ? G.ACCEPTED : G.DECLINED }, quota: "NONE" };
    case ApplicationAction.APPROVE:
      if (guaranteeDecision === G.REQUESTED) throw conflict({ kind: "GUARANTEE_PENDING" });
      if (guaranteeDecision === G.DECLINED) throw conflict({ kind: "GUARANTEE_DECLINED" });
      return { next: { status: S.APPROVED, guaranteeDecision }, quota: "CONSUME" };
    case ApplicationAction.REJECT:
      return { next: { status: S.REJECTED, guaranteeDecision }, quota: "NONE" };
    case ApplicationAction.WITHDRAW:
      return { next: { status: S.WITHDRAWN, guaranteeDecision }, quota: status === S.APPROVED ? "RELEASE" : "NONE" };
    case ApplicationAction.DISBURSE:
      return { next: { status: S.DISBURSED, guaranteeDecision }, quota: "NONE" };
  }
}

/** What can still happen to an application in `status`. */
function whatIsPossible(status: S): WorkflowRefusal {
  if (FINAL_STATUSES.includes(status)) return { kind: "FINAL" };
  return { kind: "POSSIBLE", possible: (Object.keys(ALLOWED_FROM) as ApplicationAction[]).filter((a) => ALLOWED_FROM[a].includes(status)) };
}
