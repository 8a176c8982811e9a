import { addMonths, type LocalDate } from "./dates";
import { CollateralType, FinancingNeedStatus, FinancingPurpose, LoanStatus, type LoanProductCategory } from "./enums";
import { isRenewalCategory } from "./loan-product-rules";
import { ConflictError, ValidationError, Violations } from "./errors";
import { evaluatePair, renewalLoanReasons, renewalWindowOpens } from "./matching/evaluate";
import { IneligibilityCode, type IneligibilityReason, type MatchFirm, type MatchLoan, type MatchProduct } from "./matching/model";
import { formatMoney, parsePositiveMoney, type Fen } from "./money";
import type { LprPoint } from "./pricing";
import type { CertificationFacts } from "./tier";
import { requireBp, requireInt } from "./validate";
import { msg, type Message } from "../i18n";

/**
 * 放款 / 还款 / 续贷 rules, pure (docs/workflow.md, "Loans and renewals"): when a loan may be disbursed, what a repayment
 * does to the balance, whether a loan may be renewed with a product on a date (the matching
 * engine's own rules, src/domain/matching/evaluate.ts, composed here, never restated), maturity,
 * and how quota moves net out. No database, GraphQL or clock: `today` is passed in.
 */

/** Longest term a loan may run, in months (as a need and an approval). */
export const MAX_LOAN_TERM_MONTHS = 360;
/** Highest rate a renewal may carry, bp (24%: the judicial protection ceiling, as for approvals). */
export const MAX_LOAN_RATE_BP = 2400;

/** The loan statuses a repayment may be recorded on: the loan still runs. */
export const REPAYABLE_STATUSES: readonly LoanStatus[] = [LoanStatus.PERFORMING, LoanStatus.OVERDUE];

/** 到期日: the disbursement day plus the term, clamped to the month's end (01-31 + 1 month = 02-28/29). */
export function maturityDate(disbursedOn: LocalDate, termMonths: number): LocalDate {
  return addMonths(disbursedOn, termMonths);
}

/**
 * A disbursement is recorded once the money has gone out: `disbursedOn` is not after today, and
 * not before the day the bank approved (BAD_USER_INPUT naming `field`).
 */
export function checkDisbursementDate(disbursedOn: LocalDate, approvedOn: LocalDate, today: LocalDate, field = "input.disbursedOn"): void {
  const v = new Violations();
  if (disbursedOn > today) {
    v.add(field, "date.future", msg("disbursement.future", { today, got: disbursedOn }));
  }
  if (disbursedOn < approvedOn) {
    v.add(field, "disbursement.beforeApproval", msg("disbursement.beforeApproval", { approvedOn, got: disbursedOn }));
  }
  v.throwIfAny();
}

/**
 * The collateral a disbursed loan carries: none for a product that lends on pure credit (accepts
 * NONE), else the kinds the firm offered that the product accepts, in the product's order.
 */
export function loanCollateral(accepted: readonly CollateralType[], offered: readonly CollateralType[]): CollateralType[] {
  if (accepted.includes(CollateralType.NONE)) return [];
  return accepted.filter((c) => offered.includes(c));
}

/** The facts of a loan a repayment is checked against. */
export interface RepayableLoan {
  status: LoanStatus;
  outstandingFen: Fen;
  disbursedOn: LocalDate;
}

/** A repayment that passed every rule. */
export interface Repayment {
  amountFen: Fen;
  amount: string;
  paidOn: LocalDate;
  /** The balance after it. */
  outstandingFen: Fen;
  outstanding: string;
  /** The balance reached 0: the loan becomes REPAID, closed on `paidOn`. */
  repaid: boolean;
}

/**
 * 还款: only on a running loan (CONFLICT naming its status otherwise); the amount is > 0 and at
 * most the balance (equal repays the loan in full), paid on a day not after today and not before
 * the loan was disbursed (BAD_USER_INPUT, every broken rule at once).
 */
export function checkRepayment(
  draft: { amount: string; paidOn: LocalDate },
  loan: RepayableLoan,
  today: LocalDate,
  prefix = "input",
): Repayment {
  if (!REPAYABLE_STATUSES.includes(loan.status)) {
    throw new ConflictError(
      msg("repayment.notRepayable", { status: loan.status, renewed: loan.status === LoanStatus.RENEWED }),
      { currentStatus: loan.status },
    );
  }
  const v = new Violations();
  const amountFen = v.take(() => parsePositiveMoney(draft.amount, `${prefix}.amount`));
  if (amountFen !== undefined && amountFen > loan.outstandingFen) {
    v.add(
      `${prefix}.amount`,
      "repayment.aboveBalance",
      msg("repayment.aboveBalance", { balance: formatMoney(loan.outstandingFen), got: formatMoney(amountFen) }),
    );
  }
  if (draft.paidOn > today) v.add(`${prefix}.paidOn`, "date.future", msg("date.notAfterToday", { today, got: draft.paidOn }));
  if (draft.paidOn < loan.disbursedOn) {
    v.add(`${prefix}.paidOn`, "repayment.beforeDisbursement", msg("loan.beforeDisbursement", { disbursedOn: loan.disbursedOn, got: draft.paidOn }));
  }
  v.throwIfAny();
  const outstandingFen = loan.outstandingFen - amountFen!;
  return {
    amountFen: amountFen!,
    amount: formatMoney(amountFen!),
    paidOn: draft.paidOn,
    outstandingFen,
    outstanding: formatMoney(outstandingFen),
    repaid: outstandingFen === 0n,
  };
}

/** What a bank sends to renew a loan (before parsing). */
export interface RenewalDraft {
  amount: string;
  annualRateBp: number;
  termMonths: number;
  renewedOn: LocalDate;
}

/** Renewal terms whose format passed. */
export interface RenewalTerms {
  amountFen: Fen;
  amount: string;
  annualRateBp: number;
  termMonths: number;
  renewedOn: LocalDate;
  /** renewedOn + termMonths. */
  maturesOn: LocalDate;
}

/** The renewal's own input rules: amount > 0, rate 0–2400 bp, term 1–360 months, renewedOn not after today. */
export function parseRenewalDraft(draft: RenewalDraft, today: LocalDate, prefix = "input"): RenewalTerms {
  const f = (name: string) => `${prefix}.${name}`;
  const v = new Violations();
  const amountFen = v.take(() => parsePositiveMoney(draft.amount, f("amount")));
  const annualRateBp = v.take(() => requireBp(draft.annualRateBp, f("annualRateBp"), MAX_LOAN_RATE_BP));
  const termMonths = v.take(() => requireInt(draft.termMonths, f("termMonths"), 1, MAX_LOAN_TERM_MONTHS));
  if (draft.renewedOn > today) {
    v.add(f("renewedOn"), "date.future", msg("renewal.future", { today, got: draft.renewedOn }));
  }
  v.throwIfAny();
  return {
    amountFen: amountFen!,
    amount: formatMoney(amountFen!),
    annualRateBp: annualRateBp!,
    termMonths: termMonths!,
    renewedOn: draft.renewedOn,
    maturesOn: maturityDate(draft.renewedOn, termMonths!),
  };
}

/** The loan to renew, as the renewal rules see it. */
export interface RenewableLoan extends MatchLoan {
  outstandingFen: Fen;
  disbursedOn: LocalDate;
  collateral: readonly CollateralType[];
  /** The loan carries a government guarantee, which a renewal carries over (担保续保). */
  guaranteed: boolean;
}

/** Whether a renewal fits, with the facts the service needs to write it. */
export interface RenewalEvaluation {
  /** Every broken rule (the matching engine's codes and sentences); empty when the renewal may go ahead. */
  reasons: IneligibilityReason[];
  /** The product's published rate on the renewal day (挂牌利率); null when it has none (NO_PRICE). */
  publishedRateBp: number | null;
  /** The firm's effective certification on the renewal day, recorded on the new loan. */
  certification: CertificationFacts | null;
}

/**
 * Codes of the engine that do not decide a renewal recorded by the bank:
 * - QUOTA_EXHAUSTED: the guarded quota UPDATE decides, crediting the old loan's release when the
 *   renewal stays on the same product;
 * - GUARANTEE_NOT_ACCEPTED, RATE_ABOVE_MAX: about a need's wishes; a renewal has no need;
 * - NO_GUARANTEE_AVAILABLE: replaced below (the old loan's guarantee is carried over, or there is
 *   none to carry).
 */
const NOT_RENEWAL_RULES: ReadonlySet<IneligibilityCode> = new Set([
  IneligibilityCode.QUOTA_EXHAUSTED,
  IneligibilityCode.GUARANTEE_NOT_ACCEPTED,
  IneligibilityCode.RATE_ABOVE_MAX,
  IneligibilityCode.NO_GUARANTEE_AVAILABLE,
]);

/**
 * May `loan` be renewed with `product` on `terms.renewedOn` (renewLoan)? The matching engine
 * decides, on the request a renewal need naming the loan would make (purpose RENEWAL, the amount
 * and term asked, the loan's collateral, money needed on the renewal day): the product is a
 * renewal product, active and valid that day, serves the firm's region, industry and tier, the
 * amount and term fit its ranges, the loan is with the product's bank and PERFORMING, the day
 * lies inside the renewal window before maturity, and 无还本续贷 follows 金规〔2024〕13号 on firm
 * size. A product that requires a guarantee needs a guaranteed loan (its guarantee is carried over).
 */
export function evaluateRenewal(input: {
  loan: RenewableLoan;
  product: MatchProduct;
  firm: MatchFirm;
  terms: Pick<RenewalTerms, "amountFen" | "termMonths" | "renewedOn">;
  lprRates: readonly LprPoint[];
}): RenewalEvaluation {
  const { loan, product, firm, terms } = input;
  if (!isRenewalCategory(product.category)) throw notRenewalProduct(product.category);
  const evaluation = evaluatePair({
    need: {
      id: `renewal-of-${loan.id}`,
      firmId: firm.id,
      amountFen: terms.amountFen,
      termMonths: terms.termMonths,
      purpose: FinancingPurpose.RENEWAL,
      collateralOffered: loan.collateral,
      acceptsGuarantee: true,
      maxAnnualRateBp: null,
      neededBy: terms.renewedOn,
      renewalOfLoanId: loan.id,
    },
    firm,
    product,
    market: { lprRates: input.lprRates, policies: [], agencies: [], agreements: [] },
    today: terms.renewedOn,
    renewalLoan: loan,
  });
  const reasons = evaluation.reasons.filter((r) => !NOT_RENEWAL_RULES.has(r.code));
  if (product.requiresGuarantee && !loan.guaranteed) {
    reasons.push({
      code: IneligibilityCode.NO_GUARANTEE_AVAILABLE,
      message: msg("renewal.guaranteeNotCarried"),
    });
  }
  return {
    reasons,
    publishedRateBp: evaluation.cost?.rateBp ?? null,
    certification: evaluation.effectiveCertification,
  };
}

/** CONFLICT listing every broken renewal rule (codes in `extensions.reasons`). */
export function renewalConflict(loanId: string, productId: string, on: LocalDate, reasons: ReadonlyArray<{ code: string; message: Message }>, status: LoanStatus): ConflictError {
  return new ConflictError(msg("renewal.refused", { loanId, productId, on, reasons: reasons.map((r) => r.message) }), {
    reasons,
    currentStatus: status,
  });
}

/**
 * The renewal's terms against the loan and the product's price (BAD_USER_INPUT, every broken rule):
 * - the amount equals the loan's outstanding balance: 无还本续贷 carries the whole balance over with
 *   no principal repaid in between (to renew less, record the repayment first; more is new money,
 *   for an application);
 * - the rate is at most the product's published rate on the renewal day;
 * - the renewal day is not before the loan's disbursement.
 */
export function checkRenewalAgainstLoan(
  terms: RenewalTerms,
  loan: Pick<RenewableLoan, "outstandingFen" | "disbursedOn">,
  publishedRateBp: number | null,
  prefix = "input",
): void {
  const v = new Violations();
  if (terms.amountFen !== loan.outstandingFen) {
    v.add(
      `${prefix}.amount`,
      "renewal.amountNotBalance",
      msg("renewal.amountNotBalance", { balance: formatMoney(loan.outstandingFen), got: terms.amount, less: terms.amountFen < loan.outstandingFen }),
    );
  }
  if (publishedRateBp !== null && terms.annualRateBp > publishedRateBp) {
    v.add(
      `${prefix}.annualRateBp`,
      "renewal.abovePublishedRate",
      msg("rate.abovePublished", { publishedBp: publishedRateBp, on: terms.renewedOn, got: terms.annualRateBp }),
    );
  }
  if (terms.renewedOn < loan.disbursedOn) {
    v.add(`${prefix}.renewedOn`, "renewal.beforeDisbursement", msg("loan.beforeDisbursement", { disbursedOn: loan.disbursedOn, got: terms.renewedOn }));
  }
  v.throwIfAny();
}

/**
 * The loan an application renews: the one its need names (`renewalOfLoanId`) when the product is a
 * renewal product (无还本续贷 / 接力贷); null for any other application. Approval and disbursement
 * both ask, and judge that loan with `approvalRenewalReasons` / `disbursementRenewalReasons`.
 */
export function loanRenewedByApplication(need: { renewalOfLoanId: string | null }, product: { category: LoanProductCategory }): string | null {
  return need.renewalOfLoanId !== null && isRenewalCategory(product.category) ? need.renewalOfLoanId : null;
}

/** The facts an application that renews a loan is judged on, at approval and at disbursement alike. */
export interface ApplicationRenewal {
  loan: Pick<RenewableLoan, "id" | "institutionId" | "status" | "maturesOn" | "outstandingFen">;
  product: Pick<MatchProduct, "institutionId" | "category" | "renewalWindowDays">;
  firm: Pick<MatchFirm, "size">;
  /** The approved amount (at approval: the amount being approved). */
  amountFen: Fen;
}

/** The step of the workflow a renewal is judged at: it decides the advice given, never the rule. */
type RenewalStep = "APPROVAL" | "DISBURSEMENT";

/**
 * The rules of an application that renews a loan, judged on `on`: the loan's own renewal rules of
 * the matching engine (same bank, PERFORMING, `on` inside the window, 金规〔2024〕13号 on firm size)
 * and the approved amount equal to the loan's outstanding balance (RENEWAL_AMOUNT_NOT_BALANCE; moot
 * for a loan that is not performing). Stated once, for approval and disbursement.
 */
function applicationRenewalReasons(input: ApplicationRenewal, on: LocalDate, step: RenewalStep): Array<{ code: string; message: Message }> {
  const reasons: Array<{ code: string; message: Message }> = renewalLoanReasons(input.product, input.firm, input.loan, on);
  if (input.loan.status === LoanStatus.PERFORMING && input.amountFen !== input.loan.outstandingFen) {
    reasons.push({
      code: RENEWAL_AMOUNT_NOT_BALANCE,
      message: msg("renewal.amountDiffers", { approvedFen: input.amountFen, balanceFen: input.loan.outstandingFen, step }),
    });
  }
  return reasons;
}

/**
 * Approving an application that renews a loan (approveApplication): the rules of
 * `applicationRenewalReasons`, judged on the earliest day a disbursement of this approval could
 * renew the loan — the approval day, or the day the product's window opens when that is later
 * (the bank disburses after approving, and may wait for the window). So an approval before the
 * window opens is not refused, but one of a loan that matured before the approval day is
 * (RENEWAL_OUTSIDE_WINDOW: no later disbursement can renew it). Empty when the approval may go
 * ahead; the disbursement judges again on its own day.
 */
export function approvalRenewalReasons(input: ApplicationRenewal & { approvedOn: LocalDate }): Array<{ code: string; message: Message }> {
  const opens = renewalWindowOpens(input.product, input.loan);
  const earliest = input.approvedOn > opens ? input.approvedOn : opens;
  return applicationRenewalReasons(input, earliest, "APPROVAL").map((r) =>
    r.code === IneligibilityCode.RENEWAL_OUTSIDE_WINDOW
      ? { ...r, message: msg("sentences", { parts: [r.message, msg("renewal.maturedBeforeApproval", { approvedOn: input.approvedOn })] }) }
      : r,
  );
}

/**
 * Disbursing an approved application on a renewal product for a RENEWAL need (the firm applied to
 * renew its loan): the rules of `applicationRenewalReasons` on the disbursement day. Empty when
 * the disbursement may renew it.
 */
export function disbursementRenewalReasons(input: ApplicationRenewal & { disbursedOn: LocalDate }): Array<{ code: string; message: Message }> {
  return applicationRenewalReasons(input, input.disbursedOn, "DISBURSEMENT");
}

/** The code of a renewal whose amount is not the balance it carries over. */
export const RENEWAL_AMOUNT_NOT_BALANCE = "RENEWAL_AMOUNT_NOT_BALANCE";

/** ValidationError for a product that is not a renewal product (renewLoan's input.productId). */
export function notRenewalProduct(category: LoanProductCategory, field = "input.productId"): ValidationError {
  return ValidationError.single(
    field,
    "renewal.notRenewalProduct",
    msg("renewal.notRenewalProduct", { category }),
  );
}

/**
 * The need an application was made on becomes FINANCED when its loan is disbursed (from OPEN,
 * MATCHED or, if the expiry job marked it meanwhile, EXPIRED). A WITHDRAWN need cannot be
 * financed: CONFLICT naming its status.
 */
export function needStatusOnDisbursement(status: FinancingNeedStatus): FinancingNeedStatus {
  if (status === FinancingNeedStatus.WITHDRAWN) {
    throw new ConflictError(
      msg("disbursement.needWithdrawn"),
      { currentStatus: status },
    );
  }
  return FinancingNeedStatus.FINANCED;
}
