import { ApplicationAction as A, ACTIVE_STATUSES, FINAL_STATUSES, transition, type ApplicationState } from "../../src/domain/application-workflow";
import { ApplicationStatus as S, GuaranteeDecision as G } from "../../src/domain/enums";
import { ConflictError } from "../../src/domain/errors";

/**
 * Every (status, guarantee decision, action) triple: the allowed ones are listed here, by hand,
 * with their outcome; every other triple must be refused with CONFLICT naming the current status.
 * DECIDE_GUARANTEE is tried with accept and with decline.
 */
type Act = A | "DECIDE_ACCEPT" | "DECIDE_DECLINE";
type Guarantee = G | null;
const ALLOWED: Array<[S, Guarantee, Act, S, Guarantee, "CONSUME" | "RELEASE" | "NONE"]> = [];
const allow = (from: S, guarantees: Guarantee[], act: Act, to: S, quota: "CONSUME" | "RELEASE" | "NONE", decided?: G) => {
  for (const g of guarantees) ALLOWED.push([from, g, act, to, decided ?? g, quota]);
};
const ANY: Guarantee[] = [null, G.REQUESTED, G.ACCEPTED, G.DECLINED];

allow(S.SUBMITTED, ANY, A.START_REVIEW, S.UNDER_REVIEW, "NONE");
allow(S.SUBMITTED, [G.REQUESTED], "DECIDE_ACCEPT", S.SUBMITTED, "NONE", G.ACCEPTED);
allow(S.SUBMITTED, [G.REQUESTED], "DECIDE_DECLINE", S.SUBMITTED, "NONE", G.DECLINED);
allow(S.SUBMITTED, ANY, A.REJECT, S.REJECTED, "NONE");
allow(S.SUBMITTED, ANY, A.WITHDRAW, S.WITHDRAWN, "NONE");

allow(S.UNDER_REVIEW, [G.REQUESTED], "DECIDE_ACCEPT", S.UNDER_REVIEW, "NONE", G.ACCEPTED);
allow(S.UNDER_REVIEW, [G.REQUESTED], "DECIDE_DECLINE", S.UNDER_REVIEW, "NONE", G.DECLINED);
allow(S.UNDER_REVIEW, [null, G.ACCEPTED], A.APPROVE, S.APPROVED, "CONSUME");
allow(S.UNDER_REVIEW, ANY, A.REJECT, S.REJECTED, "NONE");
allow(S.UNDER_REVIEW, ANY, A.WITHDRAW, S.WITHDRAWN, "NONE");

// APPROVED is only reached without a guarantee or with an accepted one; the other two pairs cannot
// occur, and the guarantee no longer matters after approval.
allow(S.APPROVED, ANY, A.WITHDRAW, S.WITHDRAWN, "RELEASE");
allow(S.APPROVED, ANY, A.DISBURSE, S.DISBURSED, "NONE");

const ACTS: Act[] = [A.START_REVIEW, "DECIDE_ACCEPT", "DECIDE_DECLINE", A.APPROVE, A.REJECT, A.WITHDRAW, A.DISBURSE];

function run(state: ApplicationState, act: Act) {
  if (act === "DECIDE_ACCEPT") return transition(state, A.DECIDE_GUARANTEE, true);
  if (act === "DECIDE_DECLINE") return transition(state, A.DECIDE_GUARANTEE, false);
  return transition(state, act);
}

const cases = Object.values(S).flatMap((status) => ANY.flatMap((g) => ACTS.map((act) => [status, g, act] as const)));

describe("application state machine", () => {
  it("covers every (status, guarantee, action) triple", () => {
    expect(cases).toHaveLength(6 * 4 * 7);
  });

  it.each(cases)("%s with guarantee %s: %s", (status, guaranteeDecision, act) => {
    const allowed = ALLOWED.find(([s, g, a]) => s === status && g === guaranteeDecision && a === act);
    const state = { status, guaranteeDecision };
    if (allowed) {
      const [, , , to, decided, quota] = allowed;
      expect(run(state, act)).toEqual({ next: { status: to, guaranteeDecision: decided }, quota });
    } else {
      let error: unknown;
      try {
        run(state, act);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).message).toContain(`that is ${status}`);
      expect((error as ConflictError).details).toMatchObject({ currentStatus: status });
    }
  });

  it("explains why in words a person can act on", () => {
    const msg = (state: ApplicationState, act: Act) => {
      try {
        run(state, act);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("expected a conflict");
    };
    expect(msg({ status: S.WITHDRAWN, guaranteeDecision: null }, A.APPROVE)).toBe("Cannot approve an application that is WITHDRAWN: WITHDRAWN is final.");
    expect(msg({ status: S.REJECTED, guaranteeDecision: null }, A.DISBURSE)).toBe("Cannot disburse an application that is REJECTED: REJECTED is final.");
    expect(msg({ status: S.SUBMITTED, guaranteeDecision: null }, A.APPROVE)).toBe(
      "Cannot approve an application that is SUBMITTED: from SUBMITTED the possible actions are START_REVIEW, DECIDE_GUARANTEE, REJECT, WITHDRAW.",
    );
    expect(msg({ status: S.UNDER_REVIEW, guaranteeDecision: G.REQUESTED }, A.APPROVE)).toContain("has not decided on the guarantee yet");
    expect(msg({ status: S.UNDER_REVIEW, guaranteeDecision: G.DECLINED }, A.APPROVE)).toContain("declined the guarantee; reject it instead");
    expect(msg({ status: S.SUBMITTED, guaranteeDecision: null }, "DECIDE_ACCEPT")).toContain("no guarantee was requested");
    expect(msg({ status: S.SUBMITTED, guaranteeDecision: G.ACCEPTED }, "DECIDE_DECLINE")).toContain("already ACCEPTED");
  });

  it("quota is consumed only by approval and released only by withdrawing an approved application", () => {
    const consuming = ALLOWED.filter((r) => r[5] === "CONSUME").map((r) => r[2]);
    const releasing = ALLOWED.filter((r) => r[5] === "RELEASE").map((r) => [r[0], r[2]]);
    expect(new Set(consuming)).toEqual(new Set([A.APPROVE]));
    expect(releasing.every(([from, act]) => from === S.APPROVED && act === A.WITHDRAW)).toBe(true);
  });

  it("final and active statuses partition the statuses", () => {
    expect([...FINAL_STATUSES, ...ACTIVE_STATUSES].sort()).toEqual(Object.values(S).sort());
  });
});
