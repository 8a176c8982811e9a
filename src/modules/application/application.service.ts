import type { RecordType } from "../../i18n/catalogue";
import { In, type DataSource, type EntityManager, type Repository } from "typeorm";
import type { Config } from "../../config/config";
import type { Viewer } from "../../domain/access";
import { ACTIVE_STATUSES, ApplicationAction, transition, type ApplicationState, type QuotaEffect } from "../../domain/application-workflow";
import {
  agencyIneligibility,
  checkApproval,
  checkGuaranteeDecision,
  checkRejection,
  requireNeedOpenForApplications,
} from "../../domain/application-rules";
import type { LocalDate } from "../../domain/dates";
import { ApplicationStatus, FinancingNeedStatus, GuaranteeDecision, PricingType } from "../../domain/enums";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../domain/errors";
import { parseIdempotencyKey } from "../../domain/idempotency";
import { isUuid } from "../../domain/ids";
import { approvalRenewalReasons, loanRenewedByApplication, renewalConflict } from "../../domain/loan-rules";
import { evaluatePair, IneligibilityCode, type MatchMarket } from "../../domain/matching";
import { normalizeMoney, parseMoney, type Fen } from "../../domain/money";
import { publishedRateOn } from "../../domain/pricing";
import { holdingChanges } from "../../domain/quota";
import { isUniqueViolation } from "../../db/pg-errors";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { recordAudit, type AuditActor } from "../audit/audit.service";
import { authorize, requireOwnOrg } from "../auth/access";
import { applicationScope, applyScope, productScope } from "../auth/scopes";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { GuaranteeAgreement } from "../guarantee/guarantee-agreement.entity";
import { applyQuota, quotaAuditRecords } from "../quota/quota-ledger";
import { withIdempotency } from "../idempotency/idempotency.service";
import { Firm } from "../firm/firm.entity";
import { Loan } from "../loan/loan.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { LprRate } from "../lpr/lpr-rate.entity";
import { MatchingRepository, productFacts } from "../matching/matching.repository";
import { FinancingNeed } from "../need/financing-need.entity";
import { Application } from "./application.entity";
import type {
  ApplicationFilter,
  ApplyForProductInput,
  ApproveApplicationInput,
  DecideGuaranteeInput,
  RejectApplicationInput,
  StartReviewInput,
  WithdrawApplicationInput,
} from "./application.inputs";
import { msg } from "../../i18n";

/** Statuses the unique index uq_application_live covers: one such application per (need, product). */
const LIVE_STATUSES: readonly ApplicationStatus[] = [...ACTIVE_STATUSES, ApplicationStatus.DISBURSED];

/**
 * 融资申请: the application workflow (docs/workflow.md). Every mutation runs in one transaction,
 * is decided by the pure state machine (src/domain/application-workflow.ts) and the pure rules
 * (src/domain/application-rules.ts), and ends with its audit events (recordAudit takes the audit
 * chain's lock, so it is always the last write).
 *
 * Who acts: the need's FIRM applies and withdraws; the product's BANK starts the review, approves
 * and rejects; the GUARANTOR named on the application decides the guarantee. Anyone else gets
 * FORBIDDEN and nothing is written. Reads are scoped by applicationScope.
 *
 * Locks, always taken in this order so that no two transactions wait for each other in a cycle:
 * financing_need (applyForProduct only) → application → financing_need → loan (the loan a renewal
 * application renews, FOR SHARE, approveApplication only) → loan_product → guarantee_agency →
 * guarantee_agreement → audit chain. Quota moves with a single guarded UPDATE
 * each (`… WHERE reserved_quota - used_quota >= amount`), so concurrent approvals of one product
 * serialise on its row and never commit more than the reserve; the table CHECKs back that up.
 */
export class ApplicationService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
    /** Lists read here: DATABASE_READ_URL's connection when set (docs/deployment.md, "Read replicas"), else ds. */
    readonly reader: DataSource = ds,
  ) {}

  private visible(viewer: Viewer, source: DataSource = this.ds) {
    return applyScope(source.getRepository(Application).createQueryBuilder("a"), applicationScope(viewer, "a"));
  }

  /** One application the viewer may see; NOT_FOUND alike for an unknown id and one outside its scope. */
  async getById(viewer: Viewer, id: string): Promise<Application> {
    const application = isUuid(id) ? await this.visible(viewer).andWhere("a.id = :id", { id }).getOne() : null;
    if (!application) throw new NotFoundError("Application", id);
    return application;
  }

  /** Applications the viewer may see that match a filter, in submission order. */
  async list(viewer: Viewer, filter: ApplicationFilter | undefined, page: PageArgs): Promise<ConnectionShape<Application>> {
    const qb = this.visible(viewer, this.reader);
    const byId = (value: string | null | undefined, recordType: RecordType, field: string): string | null => {
      if (value == null) return null;
      if (!isUuid(value)) throw new NotFoundError(recordType, value, field);
      return value;
    };
    const needId = byId(filter?.needId, "FinancingNeed", "filter.needId");
    const firmId = byId(filter?.firmId, "Firm", "filter.firmId");
    const productId = byId(filter?.productId, "LoanProduct", "filter.productId");
    const institutionId = byId(filter?.institutionId, "FinancialInstitution", "filter.institutionId");
    const agencyId = byId(filter?.guaranteeAgencyId, "GuaranteeAgency", "filter.guaranteeAgencyId");
    if (filter?.status != null) qb.andWhere("a.status = :status", { status: filter.status });
    if (filter?.guaranteeDecision != null) qb.andWhere("a.guarantee_decision = :decision", { decision: filter.guaranteeDecision });
    if (needId !== null) qb.andWhere("a.need_id = :needId", { needId });
    if (productId !== null) qb.andWhere("a.product_id = :productId", { productId });
    if (agencyId !== null) qb.andWhere("a.guarantee_agency_id = :agencyId", { agencyId });
    if (firmId !== null) qb.andWhere("EXISTS (SELECT 1 FROM financing_need fn WHERE fn.id = a.need_id AND fn.firm_id = :firmId)", { firmId });
    if (institutionId !== null) {
      qb.andWhere("EXISTS (SELECT 1 FROM loan_product fp WHERE fp.id = a.product_id AND fp.institution_id = :institutionId)", { institutionId });
    }
    return paginate(qb, page, this.config.maxPageSize);
  }

  /**
   * 申请 (applyForProduct): the need's own FIRM applies for a product it may see. Locks the need
   * first (so a concurrent withdrawal of the need or a second application waits), then checks: the
   * need is OPEN or MATCHED and not expired; the guarantee agency is named exactly when the product
   * requires a guarantee; no live application for the pair exists; and the matching engine finds
   * the pair eligible with that agency (CONFLICT listing every failed rule otherwise). Writes the
   * application SUBMITTED (guarantee REQUESTED when one is asked for) and its audit event.
   * Idempotent on `idempotencyKey`.
   */
  async apply(actor: AuditActor, input: ApplyForProductInput, today: LocalDate): Promise<Application> {
    const { viewer } = actor;
    authorize(viewer, "applyForProduct");
    const key = parseIdempotencyKey(input.idempotencyKey, "input.idempotencyKey");
    const agencyId = input.guaranteeAgencyId == null || input.guaranteeAgencyId === "" ? null : input.guaranteeAgencyId;
    const request = { needId: input.needId, productId: input.productId, guaranteeAgencyId: agencyId };

    return this.ds.transaction((em) =>
      withIdempotency(
        em,
        actor,
        "applyForProduct",
        key,
        request,
        async () => {
          if (!isUuid(input.needId)) throw new NotFoundError("FinancingNeed", input.needId, "input.needId");
          if (!isUuid(input.productId)) throw new NotFoundError("LoanProduct", input.productId, "input.productId");
          if (agencyId !== null && !isUuid(agencyId)) throw new NotFoundError("GuaranteeAgency", agencyId, "input.guaranteeAgencyId");

          const need = await em.getRepository(FinancingNeed).findOne({ where: { id: input.needId }, lock: { mode: "pessimistic_write" } });
          if (!need) throw new NotFoundError("FinancingNeed", input.needId, "input.needId");
          requireOwnOrg(viewer, need.firmId, "The need");
          requireNeedOpenForApplications(need, today);

          const product = await applyScope(em.getRepository(LoanProduct).createQueryBuilder("p").leftJoinAndSelect("p.tierDiscounts", "td"), productScope(viewer, "p"))
            .andWhere("p.id = :productId", { productId: input.productId })
            .getOne();
          if (!product) throw new NotFoundError("LoanProduct", input.productId, "input.productId");

          const live = await em.getRepository(Application).findOne({ where: { needId: need.id, productId: product.id, status: In([...LIVE_STATUSES]) } });
          if (live) throw liveApplicationConflict(product, live);

          const matching = new MatchingRepository(em);
          const facts = await matching.needFacts(need.id);
          if (!facts) throw new NotFoundError("FinancingNeed", need.id, "input.needId");
          const market = await matching.market({ institutionIds: [product.institutionId] });
          const pair = { ...facts, product: productFacts(product), today };

          if (product.requiresGuarantee && agencyId === null) {
            const cheapest = evaluatePair({ ...pair, market }).guarantee;
            const hint = cheapest ? { agencyId: cheapest.agencyId, feeBp: cheapest.feeBp } : null;
            throw ValidationError.single("input.guaranteeAgencyId", "guarantee.required", msg("application.guaranteeRequired", { productName: product.name, cheapest: hint }));
          }
          if (!product.requiresGuarantee && agencyId !== null) {
            throw ValidationError.single("input.guaranteeAgencyId", "guarantee.notRequired", msg("application.guaranteeNotRequired", { productName: product.name }));
          }
          const agency = agencyId === null ? null : await em.getRepository(GuaranteeAgency).findOneBy({ id: agencyId });
          if (agencyId !== null && !agency) throw new NotFoundError("GuaranteeAgency", agencyId, "input.guaranteeAgencyId");

          // With a named agency the engine may only use that agency's agreements.
          const restricted: MatchMarket = agencyId === null ? market : { ...market, agreements: market.agreements.filter((a) => a.agencyId === agencyId) };
          const evaluation = evaluatePair({ ...pair, market: restricted });
          if (!evaluation.eligible) {
            const reasons = evaluation.reasons.map((r) => {
              if (r.code !== IneligibilityCode.NO_GUARANTEE_AVAILABLE || agency === null) return r;
              const why = agencyIneligibility({
                agency: {
                  id: agency.id,
                  name: agency.name,
                  regionCode: agency.regionCode,
                  tiersServed: agency.tiersServed,
                  feeRateBp: agency.feeRateBp,
                  maxAmountPerFirmFen: parseMoney(agency.maxAmountPerFirm),
                  capacityFen: parseMoney(agency.capacity),
                  usedCapacityFen: parseMoney(agency.usedCapacity),
                },
                agreements: restricted.agreements,
                institutionId: product.institutionId,
                firmRegionCode: facts.firm.regionCode,
                effectiveTier: evaluation.effectiveCertification?.tier ?? null,
                amountFen: facts.need.amountFen,
                on: evaluation.matchDate,
              });
              return { ...r, message: msg("application.agencyCannotGuarantee", { agencyName: agency.name, why: why.length ? why.map((w) => w.message) : [r.message] }) };
            });
            throw new ConflictError(
              msg("application.productDoesNotFit", { productName: product.name, reasons: reasons.map((r) => ({ code: r.code, text: r.message })) }),
              { reasons, productId: product.id, needId: need.id },
            );
          }

          const repo = em.getRepository(Application);
          let id: string;
          try {
            const inserted = await repo.insert({
              needId: need.id,
              productId: product.id,
              guaranteeAgencyId: agencyId,
              guaranteeAgreementId: evaluation.guarantee?.agreementId ?? null,
              guaranteeDecision: agencyId === null ? null : GuaranteeDecision.REQUESTED,
              status: ApplicationStatus.SUBMITTED,
            });
            id = inserted.identifiers[0]!.id as string;
          } catch (e) {
            // The need's row lock makes the check above race-free; this only guards writers that bypass it.
            if (isUniqueViolation(e, "uq_application_live")) {
              throw new ConflictError(
                msg("application.liveExists", { productName: product.name, live: null }),
                { productId: product.id, needId: need.id },
              );
            }
            throw e;
          }
          const created = await repo.findOneByOrFail({ id });
          await recordAudit(em, actor, { operation: "applyForProduct", recordType: "Application", recordId: id, before: null, after: created, regionCode: need.regionCode });
          return { id };
        },
        (id) => em.getRepository(Application).findOneByOrFail({ id }),
      ),
    );
  }

  /** 受理 (startReview): the product's BANK starts reviewing a SUBMITTED application. */
  async startReview(actor: AuditActor, input: StartReviewInput): Promise<Application> {
    authorize(actor.viewer, "startReview");
    return this.ds.transaction(async (em) => {
      const app = await this.lock(em, input.id);
      await this.requireBank(em, actor.viewer, app);
      const t = transition(stateOf(app), ApplicationAction.START_REVIEW);
      const audits = await this.moveQuota(em, t.quota, app, approvedFen(app));
      return this.finish(em, actor, "startReview", app, { status: t.next.status, reviewStartedAt: () => "now()" }, audits);
    });
  }

  /**
   * 审批通过 (approveApplication): the product's BANK approves an UNDER_REVIEW application (with
   * no guarantee, or an accepted one) with terms inside the need, the product and its published
   * rate on `today`; for an application that renews a loan, only when a disbursement could still
   * renew it (the loan's balance, status, bank and maturity: `approvalRenewalReasons`). Consumes
   * the product's quota and, with a guarantee, the agency's capacity and the agreement's line;
   * moves an OPEN need to MATCHED. Idempotent on `idempotencyKey`.
   */
  async approve(actor: AuditActor, input: ApproveApplicationInput, today: LocalDate): Promise<Application> {
    const { viewer } = actor;
    authorize(viewer, "approveApplication");
    const key = parseIdempotencyKey(input.idempotencyKey, "input.idempotencyKey");
    // "3000000" and "3000000.00" are the same request; a malformed amount is kept as sent and reported by checkApproval.
    const amount = safely(() => normalizeMoney(input.amount)) ?? input.amount;
    const request = { id: input.id, amount, annualRateBp: input.annualRateBp, termMonths: input.termMonths };

    return this.ds.transaction((em) =>
      withIdempotency(
        em,
        actor,
        "approveApplication",
        key,
        request,
        async () => {
          const app = await this.lock(em, input.id);
          const product = await this.requireBank(em, viewer, app);
          const t = transition(stateOf(app), ApplicationAction.APPROVE);
          const need = await this.lockNeed(em, app.needId);
          if (need.status !== FinancingNeedStatus.OPEN && need.status !== FinancingNeedStatus.MATCHED) {
            throw new ConflictError(msg("application.approveNeedNotOpen", { status: need.status }), {
              needStatus: need.status,
            });
          }
          const rates = product.pricingType === PricingType.LPR_SPREAD && product.lprTenor !== null ? await em.getRepository(LprRate).findBy({ tenor: product.lprTenor }) : [];
          const published = publishedRateOn(
            { pricingType: product.pricingType, fixedRateBp: product.fixedRateBp, lprTenor: product.lprTenor, spreadBp: product.spreadBp },
            rates,
            today,
          );
          const terms = checkApproval(input, {
            needAmountFen: parseMoney(need.amount),
            productMinAmountFen: parseMoney(product.minAmount),
            productMaxAmountFen: parseMoney(product.maxAmount),
            productMinTermMonths: product.minTermMonths,
            productMaxTermMonths: product.maxTermMonths,
            publishedRateBp: published,
            guaranteeFeeBp: app.guaranteeDecision === GuaranteeDecision.ACCEPTED ? app.guaranteeFeeBp : null,
          });

          const renewedLoanId = loanRenewedByApplication(need, product);
          if (renewedLoanId !== null) await this.requireRenewable(em, renewedLoanId, need, product, terms.amountFen, today);

          const audits = await this.moveQuota(em, t.quota, app, terms.amountFen, need.regionCode);
          if (need.status === FinancingNeedStatus.OPEN) audits.push(await this.setNeedStatus(em, need, FinancingNeedStatus.MATCHED));
          const approved = await this.finish(
            em,
            actor,
            "approveApplication",
            app,
            {
              status: t.next.status,
              approvedAmount: terms.amount,
              approvedRateBp: terms.annualRateBp,
              approvedTermMonths: terms.termMonths,
              approvedAt: () => "now()",
            },
            audits,
            need.regionCode,
          );
          return { id: approved.id };
        },
        (id) => em.getRepository(Application).findOneByOrFail({ id }),
      ),
    );
  }

  /** 拒绝 (rejectApplication): the product's BANK rejects a SUBMITTED or UNDER_REVIEW application, with a reason. */
  async reject(actor: AuditActor, input: RejectApplicationInput): Promise<Application> {
    authorize(actor.viewer, "rejectApplication");
    return this.ds.transaction(async (em) => {
      const app = await this.lock(em, input.id);
      await this.requireBank(em, actor.viewer, app);
      const t = transition(stateOf(app), ApplicationAction.REJECT);
      const note = checkRejection(input.reasonCode, input.note);
      const audits = await this.moveQuota(em, t.quota, app, approvedFen(app));
      return this.finish(
        em,
        actor,
        "rejectApplication",
        app,
        { status: t.next.status, rejectionReasonCode: input.reasonCode, rejectionNote: note, closedAt: () => "now()" },
        audits,
      );
    });
  }

  /**
   * 撤回 (withdrawApplication): the need's FIRM withdraws its application (SUBMITTED, UNDER_REVIEW
   * or APPROVED). Withdrawing an approved one releases its amount to the product's quota, the
   * agency's capacity and the agreement's line, and moves a MATCHED need with no other approval
   * back to OPEN.
   */
  async withdraw(actor: AuditActor, input: WithdrawApplicationInput): Promise<Application> {
    authorize(actor.viewer, "withdrawApplication");
    return this.ds.transaction(async (em) => {
      const app = await this.lock(em, input.id);
      const need = await this.lockNeed(em, app.needId);
      requireOwnOrg(actor.viewer, need.firmId, "The application");
      const t = transition(stateOf(app), ApplicationAction.WITHDRAW);
      const audits = await this.moveQuota(em, t.quota, app, approvedFen(app), need.regionCode);
      if (app.status === ApplicationStatus.APPROVED && need.status === FinancingNeedStatus.MATCHED) {
        const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM application WHERE need_id = $1 AND id <> $2 AND status = 'APPROVED'`, [need.id, app.id]);
        if (n === 0) audits.push(await this.setNeedStatus(em, need, FinancingNeedStatus.OPEN));
      }
      return this.finish(em, actor, "withdrawApplication", app, { status: t.next.status, closedAt: () => "now()" }, audits, need.regionCode);
    });
  }

  /**
   * 担保受理 (decideGuarantee): the GUARANTOR named on the application accepts (with a fee within
   * its published fee, the agreed fee of the 总对总 agreement and the policy cap for the need's
   * amount) or declines, while the application is SUBMITTED or UNDER_REVIEW.
   */
  async decideGuarantee(actor: AuditActor, input: DecideGuaranteeInput): Promise<Application> {
    authorize(actor.viewer, "decideGuarantee");
    return this.ds.transaction(async (em) => {
      const app = await this.lock(em, input.id);
      if (app.guaranteeAgencyId === null) {
        throw new ForbiddenError(msg("application.noAgencyNamed"));
      }
      requireOwnOrg(actor.viewer, app.guaranteeAgencyId, "The guarantee request");
      const t = transition(stateOf(app), ApplicationAction.DECIDE_GUARANTEE, input.accept);
      const [agency, agreement, need] = [
        await em.getRepository(GuaranteeAgency).findOneByOrFail({ id: app.guaranteeAgencyId }),
        app.guaranteeAgreementId === null ? null : await em.getRepository(GuaranteeAgreement).findOneByOrFail({ id: app.guaranteeAgreementId }),
        await em.getRepository(FinancingNeed).findOneByOrFail({ id: app.needId }),
      ];
      const fee = checkGuaranteeDecision(input.accept, input.feeBp, {
        agencyFeeBp: agency.feeRateBp,
        agreedFeeBp: agreement?.agreedFeeRateBp ?? null,
        amountFen: parseMoney(need.amount),
      });
      const audits = await this.moveQuota(em, t.quota, app, approvedFen(app), need.regionCode);
      return this.finish(em, actor, "decideGuarantee", app, { guaranteeDecision: t.next.guaranteeDecision, guaranteeFeeBp: fee }, audits, need.regionCode);
    });
  }

  // -------------------------------------------------------------------------------------------

  /** Locks the application row (SELECT … FOR UPDATE): concurrent transitions of one application run one after the other. */
  private async lock(em: EntityManager, id: string): Promise<Application> {
    const app = isUuid(id) ? await em.getRepository(Application).findOne({ where: { id }, lock: { mode: "pessimistic_write" } }) : null;
    if (!app) throw new NotFoundError("Application", id, "input.id");
    return app;
  }

  private async lockNeed(em: EntityManager, id: string): Promise<FinancingNeed> {
    return em.getRepository(FinancingNeed).findOneOrFail({ where: { id }, lock: { mode: "pessimistic_write" } });
  }

  /**
   * An application that renews a loan is approved only when a disbursement of it could still renew
   * the loan (`approvalRenewalReasons`: same bank, PERFORMING, 金规〔2024〕13号, the amount being
   * approved equal to the balance, not matured before `today`); otherwise the CONFLICT the
   * disbursement would answer (`extensions.reasons`), before anything is written. The loan is read
   * FOR SHARE, after the need and before the quota's guarded UPDATEs (the lock order): a repayment
   * or renewal of it (which lock it FOR UPDATE) waits until this approval commits, so the balance
   * and status judged hold until then. The disbursement locks it FOR UPDATE and judges it again.
   */
  private async requireRenewable(em: EntityManager, loanId: string, need: FinancingNeed, product: LoanProduct, amountFen: Fen, today: LocalDate): Promise<void> {
    const loan = await em.getRepository(Loan).findOneOrFail({ where: { id: loanId }, lock: { mode: "pessimistic_read" } });
    const firm = await em.getRepository(Firm).findOneByOrFail({ id: need.firmId });
    const reasons = approvalRenewalReasons({ loan: { ...loan, outstandingFen: parseMoney(loan.outstanding) }, product, firm, amountFen, approvedOn: today });
    if (reasons.length > 0) throw renewalConflict(loan.id, product.id, today, reasons, loan.status);
  }

  /** The caller must be the bank of the application's product (FORBIDDEN otherwise); returns the product. */
  private async requireBank(em: EntityManager, viewer: Viewer, app: Application): Promise<LoanProduct> {
    const product = await em.getRepository(LoanProduct).findOneByOrFail({ id: app.productId });
    requireOwnOrg(viewer, product.institutionId, "The application's product");
    return product;
  }

  /**
   * Applies a transition's quota effect for `amountFen` through the quota ledger: CONSUME commits
   * it on every counter the application holds (product quota; with a guarantee, the agency's
   * capacity and the agreement's line), RELEASE gives it back. Returns the audit records of what
   * moved (written last by `finish`).
   */
  private async moveQuota(em: EntityManager, effect: QuotaEffect, app: Application, amountFen: Fen, regionCode: string | null = null): Promise<PendingAudit[]> {
    if (effect === "NONE") return [];
    const moves = await applyQuota(em, holdingChanges(app, effect === "CONSUME" ? amountFen : -amountFen));
    return quotaAuditRecords(moves, regionCode);
  }

  /** Moves a need to `status` (MATCHED on the first approval, OPEN again when the last approval is withdrawn). */
  private async setNeedStatus(em: EntityManager, need: FinancingNeed, status: FinancingNeedStatus): Promise<PendingAudit> {
    await em.getRepository(FinancingNeed).update({ id: need.id }, { status });
    return {
      recordType: "FinancingNeed",
      recordId: need.id,
      before: { id: need.id, firmId: need.firmId, status: need.status },
      after: { id: need.id, firmId: need.firmId, status },
      regionCode: need.regionCode,
    };
  }

  /**
   * Writes the application's change (the version column and updated_at move with it) and then,
   * as the transaction's last writes, the audit events: the application's (its region derived from
   * its need) and `extra` ones (quota and need changes). `regionCode` is the need's region, when
   * the caller has it, to save the lookup.
   */
  private async finish(
    em: EntityManager,
    actor: AuditActor,
    operation: string,
    before: Application,
    changes: Parameters<Repository<Application>["update"]>[1],
    extra: PendingAudit[] = [],
    regionCode?: string,
  ): Promise<Application> {
    const repo = em.getRepository(Application);
    await repo.update({ id: before.id }, changes);
    const after = await repo.findOneByOrFail({ id: before.id });
    await recordAudit(em, actor, { operation, recordType: "Application", recordId: before.id, before, after, regionCode: regionCode ?? null });
    for (const a of extra) await recordAudit(em, actor, { operation, ...a });
    return after;
  }
}

/** An audit event to write at the end of the transaction. */
interface PendingAudit {
  recordType: string;
  recordId: string;
  before: unknown;
  after: unknown;
  /** The region the event concerns (the firm's); null lets recordAudit derive it. */
  regionCode: string | null;
}

/** The value of `fn`, or undefined when it throws a ValidationError. */
function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
    throw e;
  }
}

/** The amount an approved application holds against the quotas (0 before approval). */
function approvedFen(app: Application): Fen {
  return app.approvedAmount === null ? 0n : parseMoney(app.approvedAmount);
}

function stateOf(app: Application): ApplicationState {
  return { status: app.status, guaranteeDecision: app.guaranteeDecision };
}

function liveApplicationConflict(product: LoanProduct, live: Application): ConflictError {
  return new ConflictError(
    msg("application.liveExists", { productName: product.name, live: { id: live.id, status: live.status } }),
    { applicationId: live.id, currentStatus: live.status },
  );
}
