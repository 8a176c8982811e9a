import type { RecordType } from "../../i18n/catalogue";
import { In, type DataSource, type EntityManager } from "typeorm";
import type { Config } from "../../config/config";
import type { Viewer } from "../../domain/access";
import { ApplicationAction, transition } from "../../domain/application-workflow";
import { parseRegionCode, regionPrefix } from "../../domain/codes";
import { requireOrdered, toChinaDate, type LocalDate } from "../../domain/dates";
import { FinancingNeedStatus, LoanStatus } from "../../domain/enums";
import { NotFoundError, Violations } from "../../domain/errors";
import { parseIdempotencyKey } from "../../domain/idempotency";
import { isUuid } from "../../domain/ids";
import {
  checkDisbursementDate,
  checkRenewalAgainstLoan,
  checkRepayment,
  disbursementRenewalReasons,
  evaluateRenewal,
  loanCollateral,
  loanRenewedByApplication,
  maturityDate,
  needStatusOnDisbursement,
  notRenewalProduct,
  parseRenewalDraft,
  renewalConflict,
  type RenewableLoan,
} from "../../domain/loan-rules";
import { isRenewalCategory } from "../../domain/loan-product-rules";
import { releaseOf, type QuotaChange } from "../../domain/quota";
import type { MatchFirm } from "../../domain/matching";
import { parseMoney } from "../../domain/money";
import { effectiveCertification } from "../../domain/tier";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { Application } from "../application/application.entity";
import { recordAudit, type AuditActor } from "../audit/audit.service";
import { authorize, requireOwnOrg } from "../auth/access";
import { applyScope, loanScope } from "../auth/scopes";
import { Certification } from "../certification/certification.entity";
import { Firm } from "../firm/firm.entity";
import { withIdempotency } from "../idempotency/idempotency.service";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { LprRate } from "../lpr/lpr-rate.entity";
import { productFacts } from "../matching/matching.repository";
import { FinancingNeed } from "../need/financing-need.entity";
import { applyQuota, quotaAuditRecords, type QuotaMove } from "../quota/quota-ledger";
import { Loan } from "./loan.entity";
import type { DisburseLoanInput, LoanFilter, RecordRepaymentInput, RenewLoanInput } from "./loan.inputs";

/**
 * 放款 / 还款 / 续贷 (docs/workflow.md, "Loans and renewals"). Reads are scoped with loanScope (a FIRM its own loans, a BANK
 * those it lent, a GUARANTOR those it guarantees, a BUREAU or REGULATOR its region, an ADMIN all).
 * Writes are the lending bank's only: each runs in one transaction that locks the row it changes
 * (SELECT … FOR UPDATE), moves quota with guarded UPDATEs (never over-committed, never below 0)
 * and appends its audit events last. The rules are src/domain/loan-rules.ts.
 */
export class LoanService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
    /** Lists read here: DATABASE_READ_URL's connection when set (docs/deployment.md, "Read replicas"), else ds. */
    readonly reader: DataSource = ds,
  ) {}

  private visible(viewer: Viewer, source: DataSource = this.ds) {
    return applyScope(source.getRepository(Loan).createQueryBuilder("l"), loanScope(viewer, "l"));
  }

  /** One loan the viewer may see; NOT_FOUND alike for an unknown id and one outside its scope. */
  async getById(viewer: Viewer, id: string): Promise<Loan> {
    const loan = isUuid(id) ? await this.visible(viewer).andWhere("l.id = :id", { id }).getOne() : null;
    if (!loan) throw new NotFoundError("Loan", id);
    return loan;
  }

  /** Loans the viewer may see that match a filter, in the order they were recorded. */
  async list(viewer: Viewer, filter: LoanFilter | undefined, page: PageArgs): Promise<ConnectionShape<Loan>> {
    const v = new Violations();
    const region = filter?.regionCode == null ? undefined : v.take(() => parseRegionCode(filter.regionCode!, "filter.regionCode"));
    if (filter?.disbursedFrom && filter.disbursedTo) {
      v.check(() => requireOrdered(filter.disbursedFrom!, filter.disbursedTo!, "filter.disbursedFrom", "filter.disbursedTo"));
    }
    if (filter?.maturesFrom && filter.maturesTo) {
      v.check(() => requireOrdered(filter.maturesFrom!, filter.maturesTo!, "filter.maturesFrom", "filter.maturesTo"));
    }
    v.throwIfAny();

    const qb = this.visible(viewer, this.reader);
    const ids: Array<[keyof LoanFilter, string, RecordType]> = [
      ["firmId", "l.firm_id", "Firm"],
      ["institutionId", "l.institution_id", "FinancialInstitution"],
      ["productId", "l.product_id", "LoanProduct"],
      ["guaranteeAgencyId", "l.guarantee_agency_id", "GuaranteeAgency"],
    ];
    for (const [key, column, recordType] of ids) {
      const value = filter?.[key];
      if (value == null) continue;
      // A malformed id matches nothing: NOT_FOUND like an unknown one, naming the filter field.
      if (!isUuid(value)) throw new NotFoundError(recordType, value, `filter.${key}`);
      qb.andWhere(`${column} = :${key}`, { [key]: value });
    }
    if (filter?.status != null) qb.andWhere("l.status = :status", { status: filter.status });
    if (region !== undefined) {
      qb.andWhere("EXISTS (SELECT 1 FROM firm f WHERE f.id = l.firm_id AND f.region_code LIKE :regionPrefix)", {
        regionPrefix: `${regionPrefix(region)}%`,
      });
    }
    if (filter?.disbursedFrom != null) qb.andWhere("l.disbursed_on >= :disbursedFrom", { disbursedFrom: filter.disbursedFrom });
    if (filter?.disbursedTo != null) qb.andWhere("l.disbursed_on <= :disbursedTo", { disbursedTo: filter.disbursedTo });
    if (filter?.maturesFrom != null) qb.andWhere("l.matures_on >= :maturesFrom", { maturesFrom: filter.maturesFrom });
    if (filter?.maturesTo != null) qb.andWhere("l.matures_on <= :maturesTo", { maturesTo: filter.maturesTo });
    return paginate(qb, page, this.config.maxPageSize);
  }

  /**
   * 放款: the product's bank records that it paid out an APPROVED application. In one transaction,
   * idempotent on the key: locks the application, applies the state machine's DISBURSE (CONFLICT
   * naming the current status), checks the day, writes the loan with the approved terms, the
   * guarantee and the certification the firm held that day, moves the application to DISBURSED
   * and the need to FINANCED. The approved quota stays committed (released by repayments). When
   * the application renews a loan (a renewal product for a RENEWAL need), the old loan is closed
   * as RENEWED and its quota released.
   */
  async disburse(actor: AuditActor, input: DisburseLoanInput, today: LocalDate): Promise<Loan> {
    const viewer = actor.viewer;
    authorize(viewer, "disburseLoan");
    const key = parseIdempotencyKey(input.idempotencyKey, "input.idempotencyKey");
    if (!isUuid(input.applicationId)) throw new NotFoundError("Application", input.applicationId, "input.applicationId");
    return this.ds.transaction((em) =>
      withIdempotency(
        em,
        actor,
        "disburseLoan",
        key,
        { applicationId: input.applicationId.toLowerCase(), disbursedOn: input.disbursedOn },
        () => this.disburseIn(em, actor, input, today),
        (id) => em.getRepository(Loan).findOneByOrFail({ id }),
      ),
    );
  }

  private async disburseIn(em: EntityManager, actor: AuditActor, input: DisburseLoanInput, today: LocalDate): Promise<{ id: string }> {
    const viewer = actor.viewer;
    const apps = em.getRepository(Application);
    const application = await apps.findOne({ where: { id: input.applicationId }, lock: { mode: "pessimistic_write" } });
    if (!application) throw new NotFoundError("Application", input.applicationId, "input.applicationId");
    const product = await em.getRepository(LoanProduct).findOneByOrFail({ id: application.productId });
    requireOwnOrg(viewer, product.institutionId, "The application's loan product");
    transition({ status: application.status, guaranteeDecision: application.guaranteeDecision }, ApplicationAction.DISBURSE);

    const approvedOn = toChinaDate(application.approvedAt ?? application.submittedAt);
    checkDisbursementDate(input.disbursedOn, approvedOn, today);

    const needs = em.getRepository(FinancingNeed);
    const need = await needs.findOneOrFail({ where: { id: application.needId }, lock: { mode: "pessimistic_write" } });
    const nextNeedStatus = needStatusOnDisbursement(need.status);
    const firm = await em.getRepository(Firm).findOneByOrFail({ id: need.firmId });
    const certifications = await em.getRepository(Certification).findBy({ firmId: firm.id });
    const certification = effectiveCertification(certifications, input.disbursedOn);
    const amount = application.approvedAmount!;
    const termMonths = application.approvedTermMonths!;
    const guaranteed = application.guaranteeAgencyId !== null;

    // A renewal product for a RENEWAL need: the disbursement takes the named loan's balance over.
    const loans = em.getRepository(Loan);
    let renewed: { before: Loan; loan: Loan } | null = null;
    const quota: QuotaChange[] = [];
    const renewedLoanId = loanRenewedByApplication(need, product);
    if (renewedLoanId !== null) {
      const old = await loans.findOneOrFail({ where: { id: renewedLoanId }, lock: { mode: "pessimistic_write" } });
      const reasons = disbursementRenewalReasons({
        loan: { ...old, outstandingFen: parseMoney(old.outstanding) },
        product,
        firm,
        amountFen: parseMoney(amount),
        disbursedOn: input.disbursedOn,
      });
      if (reasons.length > 0) throw renewalConflict(old.id, product.id, input.disbursedOn, reasons, old.status);
      renewed = { before: { ...old }, loan: old };
      quota.push(...releaseOf(old, parseMoney(old.outstanding)));
    }

    const saved = await loans.save(
      loans.create({
        applicationId: application.id,
        firmId: firm.id,
        institutionId: product.institutionId,
        productId: product.id,
        guaranteeAgencyId: guaranteed ? application.guaranteeAgencyId : null,
        guaranteeAgreementId: guaranteed ? application.guaranteeAgreementId : null,
        guaranteeFeeBp: guaranteed ? application.guaranteeFeeBp : null,
        certificationId: certification?.id ?? null,
        tierAtDisbursement: certification?.tier ?? null,
        levelAtDisbursement: certification?.level ?? null,
        principal: amount,
        outstanding: amount,
        annualRateBp: application.approvedRateBp!,
        collateral: loanCollateral(product.acceptedCollateral, need.collateralOffered),
        disbursedOn: input.disbursedOn,
        maturesOn: maturityDate(input.disbursedOn, termMonths),
        closedOn: null,
        status: LoanStatus.PERFORMING,
        renewsLoanId: renewed?.loan.id ?? null,
      }),
    );
    if (renewed) {
      await loans.update({ id: renewed.loan.id }, { status: LoanStatus.RENEWED, outstanding: "0.00", closedOn: input.disbursedOn });
    }
    const quotaMoves = await applyQuota(em, quota);

    const appBefore = { ...application };
    await apps.update({ id: application.id }, { status: transition(appBefore, ApplicationAction.DISBURSE).next.status, closedAt: () => "now()" });
    const needBefore = { ...need };
    await needs.update({ id: need.id }, { status: nextNeedStatus });

    const loan = await loans.findOneByOrFail({ id: saved.id });
    await recordAudit(em, actor, { operation: "disburseLoan", recordType: "Loan", recordId: loan.id, before: null, after: loan });
    await recordAudit(em, actor, {
      operation: "disburseLoan",
      recordType: "Application",
      recordId: application.id,
      before: appBefore,
      after: await apps.findOneByOrFail({ id: application.id }),
    });
    await recordAudit(em, actor, {
      operation: "disburseLoan",
      recordType: "FinancingNeed",
      recordId: need.id,
      before: needBefore,
      after: await needs.findOneByOrFail({ id: need.id }),
    });
    if (renewed) {
      await recordAudit(em, actor, {
        operation: "disburseLoan",
        recordType: "Loan",
        recordId: renewed.loan.id,
        before: renewed.before,
        after: await loans.findOneByOrFail({ id: renewed.loan.id }),
      });
    }
    await auditQuota(em, actor, "disburseLoan", quotaMoves);
    return { id: loan.id };
  }

  /**
   * 还款: the lending bank records a principal repayment. Locks the loan; the amount is > 0 and at
   * most the balance; the balance drops by it and, at 0, the loan is REPAID (closed that day). The
   * same amount goes back to the product's reserved quota and, for a guaranteed loan, to the
   * agency's capacity and the agreement's line.
   */
  async recordRepayment(actor: AuditActor, input: RecordRepaymentInput, today: LocalDate): Promise<Loan> {
    const viewer = actor.viewer;
    authorize(viewer, "recordRepayment");
    if (!isUuid(input.loanId)) throw new NotFoundError("Loan", input.loanId, "input.loanId");
    return this.ds.transaction(async (em) => {
      const loans = em.getRepository(Loan);
      const loan = await loans.findOne({ where: { id: input.loanId }, lock: { mode: "pessimistic_write" } });
      if (!loan) throw new NotFoundError("Loan", input.loanId, "input.loanId");
      requireOwnOrg(viewer, loan.institutionId, "The loan");
      const repayment = checkRepayment(input, { status: loan.status, outstandingFen: parseMoney(loan.outstanding), disbursedOn: loan.disbursedOn }, today);

      const before = { ...loan };
      await loans.update(
        { id: loan.id },
        {
          outstanding: repayment.outstanding,
          ...(repayment.repaid ? { status: LoanStatus.REPAID, closedOn: repayment.paidOn } : {}),
        },
      );
      const quotaMoves = await applyQuota(em, releaseOf(loan, repayment.amountFen));
      const after = await loans.findOneByOrFail({ id: loan.id });
      await recordAudit(em, actor, {
        operation: "recordRepayment",
        recordType: "Loan",
        recordId: loan.id,
        before,
        after: { ...after, repayment: { amount: repayment.amount, paidOn: repayment.paidOn } },
      });
      await auditQuota(em, actor, "recordRepayment", quotaMoves);
      return after;
    });
  }

  /**
   * 续贷 (无还本续贷 / 接力贷 / 年审贷): the lending bank renews its PERFORMING loan with one of its
   * renewal products, inside the product's window before maturity, when the firm qualifies
   * (金规〔2024〕13号): a new loan takes the whole balance over (no principal repaid in between),
   * keeps the guarantee and collateral, and records the certification held on the renewal day;
   * the old loan becomes RENEWED. The renewal's amount is committed on the renewal product and the
   * old loan's released, with guarded UPDATEs in the same transaction. Idempotent when a key is sent.
   */
  async renew(actor: AuditActor, input: RenewLoanInput, today: LocalDate): Promise<Loan> {
    const viewer = actor.viewer;
    authorize(viewer, "renewLoan");
    const key = input.idempotencyKey == null ? null : parseIdempotencyKey(input.idempotencyKey, "input.idempotencyKey");
    if (!isUuid(input.loanId)) throw new NotFoundError("Loan", input.loanId, "input.loanId");
    if (!isUuid(input.productId)) throw new NotFoundError("LoanProduct", input.productId, "input.productId");
    return this.ds.transaction(async (em) => {
      const load = (id: string) => em.getRepository(Loan).findOneByOrFail({ id });
      const run = () => this.renewIn(em, actor, input, today);
      if (key === null) return load((await run()).id);
      const { idempotencyKey: _key, ...request } = input;
      return withIdempotency(em, actor, "renewLoan", key, { ...request, loanId: input.loanId.toLowerCase(), productId: input.productId.toLowerCase() }, run, load);
    });
  }

  private async renewIn(em: EntityManager, actor: AuditActor, input: RenewLoanInput, today: LocalDate): Promise<{ id: string }> {
    const viewer = actor.viewer;
    const loans = em.getRepository(Loan);
    // The firm's live RENEWAL needs naming the loan are financed by the renewal; locked first, as
    // financing_need comes before loan in the lock order (docs/workflow.md).
    const needs = em.getRepository(FinancingNeed);
    const renewalNeeds = await needs.find({
      where: { renewalOfLoanId: input.loanId, status: In([FinancingNeedStatus.OPEN, FinancingNeedStatus.MATCHED]) },
      order: { id: "ASC" },
      lock: { mode: "pessimistic_write" },
    });
    const old = await loans.findOne({ where: { id: input.loanId }, lock: { mode: "pessimistic_write" } });
    if (!old) throw new NotFoundError("Loan", input.loanId, "input.loanId");
    requireOwnOrg(viewer, old.institutionId, "The loan to renew");
    const product = await em.getRepository(LoanProduct).findOneBy({ id: input.productId });
    if (!product) throw new NotFoundError("LoanProduct", input.productId, "input.productId");
    requireOwnOrg(viewer, product.institutionId, "The renewal product");
    if (!isRenewalCategory(product.category)) throw notRenewalProduct(product.category);

    const terms = parseRenewalDraft(input, today);
    const firm = await em.getRepository(Firm).findOneByOrFail({ id: old.firmId });
    const certifications = await em.getRepository(Certification).findBy({ firmId: firm.id });
    const lprRates = (await em.getRepository(LprRate).find()).map((r) => ({ tenor: r.tenor, effectiveOn: r.effectiveOn, rateBp: r.rateBp }));
    const renewable: RenewableLoan = {
      id: old.id,
      firmId: old.firmId,
      institutionId: old.institutionId,
      status: old.status,
      maturesOn: old.maturesOn,
      outstandingFen: parseMoney(old.outstanding),
      disbursedOn: old.disbursedOn,
      collateral: old.collateral,
      guaranteed: old.guaranteeAgencyId !== null,
    };
    const facts: MatchFirm = {
      id: firm.id,
      regionCode: firm.regionCode,
      industryCode: firm.industryCode,
      size: firm.size,
      pairedBankId: firm.pairedBankId,
      certifications,
    };
    const evaluation = evaluateRenewal({ loan: renewable, product: productFacts(product), firm: facts, terms, lprRates });
    if (evaluation.reasons.length > 0) throw renewalConflict(old.id, product.id, terms.renewedOn, evaluation.reasons, old.status);
    checkRenewalAgainstLoan(terms, renewable, evaluation.publishedRateBp);

    // The balance moves from the old loan's product to the renewal product; the guarantee is
    // carried over, so the agency's capacity and the agreement's line stay committed as they are.
    const quotaMoves = await applyQuota(em, [
      { account: "PRODUCT", id: old.productId, deltaFen: -renewable.outstandingFen },
      { account: "PRODUCT", id: product.id, deltaFen: terms.amountFen },
    ]);

    const before = { ...old };
    await loans.update({ id: old.id }, { status: LoanStatus.RENEWED, outstanding: "0.00", closedOn: terms.renewedOn });
    const certification = evaluation.certification;
    const saved = await loans.save(
      loans.create({
        applicationId: null,
        firmId: old.firmId,
        institutionId: product.institutionId,
        productId: product.id,
        guaranteeAgencyId: old.guaranteeAgencyId,
        guaranteeAgreementId: old.guaranteeAgreementId,
        guaranteeFeeBp: old.guaranteeFeeBp,
        certificationId: certification?.id ?? null,
        tierAtDisbursement: certification?.tier ?? null,
        levelAtDisbursement: certification?.level ?? null,
        principal: terms.amount,
        outstanding: terms.amount,
        annualRateBp: terms.annualRateBp,
        collateral: old.collateral,
        disbursedOn: terms.renewedOn,
        maturesOn: terms.maturesOn,
        closedOn: null,
        status: LoanStatus.PERFORMING,
        renewsLoanId: old.id,
      }),
    );
    const loan = await loans.findOneByOrFail({ id: saved.id });
    await recordAudit(em, actor, { operation: "renewLoan", recordType: "Loan", recordId: loan.id, before: null, after: loan });
    await recordAudit(em, actor, { operation: "renewLoan", recordType: "Loan", recordId: old.id, before, after: await loans.findOneByOrFail({ id: old.id }) });
    for (const need of renewalNeeds) {
      await needs.update({ id: need.id }, { status: needStatusOnDisbursement(need.status) });
      await recordAudit(em, actor, { operation: "renewLoan", recordType: "FinancingNeed", recordId: need.id, before: need, after: await needs.findOneByOrFail({ id: need.id }) });
    }
    await auditQuota(em, actor, "renewLoan", quotaMoves);
    return { id: loan.id };
  }
}

/** One audit event per quota counter a mutation moved (who committed or released what, and when). */
async function auditQuota(em: EntityManager, actor: AuditActor, operation: string, moves: readonly QuotaMove[]): Promise<void> {
  for (const record of quotaAuditRecords(moves)) await recordAudit(em, actor, { operation, ...record });
}
