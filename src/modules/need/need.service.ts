import { In, type DataSource, type EntityManager } from "typeorm";
import type { Config } from "../../config/config";
import { parseRegionCode, regionPrefix } from "../../domain/codes";
import { requireOrdered, type LocalDate } from "../../domain/dates";
import { FinancingNeedStatus, NeedVisibility } from "../../domain/enums";
import { ConflictError, NotFoundError, Violations } from "../../domain/errors";
import { parseIdempotencyKey } from "../../domain/idempotency";
import { formatMoney, parseMoney } from "../../domain/money";
import { canWithdraw, canWithdrawWithApplications, validateNeed } from "../../domain/need-rules";
import { ACTIVE_STATUSES } from "../../domain/application-workflow";
import { requireMoneyRange } from "../../domain/validate";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { Firm } from "../firm/firm.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { Loan } from "../loan/loan.entity";
import { FinancingNeed } from "./financing-need.entity";
import type { FinancingNeedFilter, SubmitFinancingNeedInput, WithdrawFinancingNeedInput } from "./need.inputs";
import { isUuid } from "../../domain/ids";
import type { Viewer } from "../../domain/access";
import { authorize, requireOwnOrg } from "../auth/access";
import { applyScope, needScope } from "../auth/scopes";
import { auditSnapshot, recordAudit, type AuditActor } from "../audit/audit.service";
import { withIdempotency } from "../idempotency/idempotency.service";

/**
 * 融资需求: firms submit and withdraw their financing needs; others read the needs they may see.
 * Every method takes the caller: reads are scoped with needScope (a FIRM its own needs, a BANK
 * those open to all banks, naming it or applied for at its products, a GUARANTOR those whose
 * application asks its guarantee, a BUREAU or REGULATOR its region, an ADMIN all), and only the
 * firm itself submits or withdraws its needs.
 */
export class NeedService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
    /** Lists read here: DATABASE_READ_URL's connection when set (docs/deployment.md, "Read replicas"), else ds. */
    readonly reader: DataSource = ds,
  ) {}

  private visible(viewer: Viewer, source: DataSource = this.ds) {
    return applyScope(source.getRepository(FinancingNeed).createQueryBuilder("n"), needScope(viewer, "n"));
  }

  /** One need the viewer may see; NOT_FOUND alike for an unknown id and one outside its scope. */
  async getById(viewer: Viewer, id: string): Promise<FinancingNeed> {
    const need = isUuid(id) ? await this.visible(viewer).andWhere("n.id = :id", { id }).getOne() : null;
    if (!need) throw new NotFoundError("FinancingNeed", id);
    return need;
  }

  /**
   * Needs the viewer may see that match a filter, in submission order. `visibleToInstitutionId`
   * narrows further to what one bank may see: it never returns a SELECTED_BANKS need that does not
   * name that bank.
   */
  async list(viewer: Viewer, filter: FinancingNeedFilter | undefined, page: PageArgs): Promise<ConnectionShape<FinancingNeed>> {
    const v = new Violations();
    const region = filter?.regionCode == null ? undefined : v.take(() => parseRegionCode(filter.regionCode!, "filter.regionCode"));
    const minFen = filter?.minAmount == null ? undefined : v.take(() => parseMoney(filter.minAmount!, "filter.minAmount"));
    const maxFen = filter?.maxAmount == null ? undefined : v.take(() => parseMoney(filter.maxAmount!, "filter.maxAmount"));
    if (minFen !== undefined && maxFen !== undefined) v.check(() => requireMoneyRange(minFen, maxFen, "filter.minAmount", "filter.maxAmount"));
    if (filter?.neededByFrom && filter.neededByTo) {
      v.check(() => requireOrdered(filter.neededByFrom!, filter.neededByTo!, "filter.neededByFrom", "filter.neededByTo"));
    }
    v.throwIfAny();

    const qb = this.visible(viewer, this.reader);
    if (filter?.firmId != null) {
      if (!isUuid(filter.firmId)) throw new NotFoundError("Firm", filter.firmId, "filter.firmId");
      qb.andWhere("n.firm_id = :firmId", { firmId: filter.firmId });
    }
    if (filter?.status != null) qb.andWhere("n.status = :status", { status: filter.status });
    if (filter?.purpose != null) qb.andWhere("n.purpose = :purpose", { purpose: filter.purpose });
    if (region !== undefined) {
      qb.andWhere("EXISTS (SELECT 1 FROM firm f WHERE f.id = n.firm_id AND f.region_code LIKE :regionPrefix)", {
        regionPrefix: `${regionPrefix(region)}%`,
      });
    }
    if (filter?.visibleToInstitutionId != null) {
      const institutionId = filter.visibleToInstitutionId;
      const known = isUuid(institutionId) && (await this.ds.getRepository(FinancialInstitution).existsBy({ id: institutionId }));
      if (!known) throw new NotFoundError("FinancialInstitution", institutionId, "filter.visibleToInstitutionId");
      qb.andWhere(
        `(n.visibility = :allBanks OR EXISTS (SELECT 1 FROM financing_need_visible_institution vi
           WHERE vi.need_id = n.id AND vi.institution_id = :institutionId))`,
        { allBanks: NeedVisibility.ALL_BANKS, institutionId },
      );
    }
    if (filter?.neededByFrom != null) qb.andWhere("n.needed_by >= :neededByFrom", { neededByFrom: filter.neededByFrom });
    if (filter?.neededByTo != null) qb.andWhere("n.needed_by <= :neededByTo", { neededByTo: filter.neededByTo });
    if (minFen !== undefined) qb.andWhere("n.amount >= CAST(:minAmount AS numeric)", { minAmount: formatMoney(minFen) });
    if (maxFen !== undefined) qb.andWhere("n.amount <= CAST(:maxAmount AS numeric)", { maxAmount: formatMoney(maxFen) });
    return paginate(qb, page, this.config.maxPageSize);
  }

  /**
   * 提交融资需求: only a FIRM, and only for itself (FORBIDDEN otherwise, before anything is read);
   * idempotent on `input.idempotencyKey` (withIdempotency: a retry with the same key and input
   * returns the first need and writes nothing; other input under the same key is CONFLICT). Then
   * checks every input rule, that the firm, the named banks and the loan to renew exist (the loan
   * must be the firm's own), and writes the need OPEN with its visibility rows and its audit event
   * in one transaction.
   */
  async submit(actor: AuditActor, input: SubmitFinancingNeedInput, today: LocalDate): Promise<FinancingNeed> {
    const viewer = actor.viewer;
    authorize(viewer, "submitFinancingNeed");
    requireOwnOrg(viewer, input.firmId, "The firm");
    const { idempotencyKey: rawKey, ...request } = input;
    const v = new Violations();
    const key = v.take(() => parseIdempotencyKey(rawKey, "input.idempotencyKey"));
    if (key === undefined) v.check(() => validateNeed(input, today, "input")); // report every broken rule at once
    v.throwIfAny();

    return this.ds.transaction((em) =>
      withIdempotency(
        em,
        actor,
        "submitFinancingNeed",
        key!,
        request,
        async () => {
          // Checked inside: a retry of a need that was accepted gets it back even if the input would no longer pass (neededBy now past).
          const need = validateNeed(input, today, "input");
          if (!isUuid(input.firmId) || !(await em.getRepository(Firm).existsBy({ id: input.firmId }))) {
            throw new NotFoundError("Firm", input.firmId, "input.firmId");
          }
          const visibleTo = await requireInstitutions(em, need.visibleToInstitutionIds, "input.visibleToInstitutionIds");
          if (need.renewalOfLoanId !== null) await requireOwnLoan(em, need.renewalOfLoanId, input.firmId, "input.renewalOfLoanId");

          const repo = em.getRepository(FinancingNeed);
          const saved = await repo.save(
            repo.create({
              firmId: input.firmId,
              amount: need.amount,
              termMonths: need.termMonths,
              purpose: need.purpose,
              collateralOffered: need.collateralOffered,
              acceptsGuarantee: need.acceptsGuarantee,
              maxAnnualRateBp: need.maxAnnualRateBp,
              neededBy: need.neededBy,
              renewalOfLoanId: need.renewalOfLoanId,
              description: need.description,
              status: FinancingNeedStatus.OPEN,
              visibility: need.visibility,
              visibleTo,
              withdrawnAt: null,
            }),
          );
          const after = await needSnapshot(em, saved.id);
          await recordAudit(em, actor, { operation: "submitFinancingNeed", recordType: "FinancingNeed", recordId: saved.id, before: null, after });
          return { id: saved.id };
        },
        (id) => em.getRepository(FinancingNeed).findOneByOrFail({ id }),
      ),
    );
  }

  /**
   * 撤回: only a FIRM; locks the need, refuses another firm's need (FORBIDDEN), applies the
   * withdrawal rule, and records when it was withdrawn.
   */
  async withdraw(actor: AuditActor, input: WithdrawFinancingNeedInput): Promise<FinancingNeed> {
    const viewer = actor.viewer;
    authorize(viewer, "withdrawFinancingNeed");
    if (!isUuid(input.id)) throw new NotFoundError("FinancingNeed", input.id, "input.id");
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(FinancingNeed);
      const need = await repo.findOne({ where: { id: input.id }, lock: { mode: "pessimistic_write" } });
      if (!need) throw new NotFoundError("FinancingNeed", input.id, "input.id");
      requireOwnOrg(viewer, need.firmId, "The need");

      const decision = canWithdraw(need.status);
      if (!decision.allowed) throw new ConflictError(decision.reason, { currentStatus: need.status });
      // Lock order need → application: applyForProduct locks the need first too, so no application
      // can appear on it between this read and the update; live ones are only read, never locked.
      const live: Array<{ id: string; status: string }> = await em.query(
        `SELECT id, status FROM application WHERE need_id = $1 AND status = ANY($2::application_status[]) ORDER BY created_at, id`,
        [need.id, [...ACTIVE_STATUSES]],
      );
      const blocked = canWithdrawWithApplications(live);
      if (!blocked.allowed) {
        throw new ConflictError(blocked.reason, { currentStatus: need.status, liveApplicationIds: live.map((a) => a.id) });
      }

      const before = await needSnapshot(em, need.id);
      await repo.update({ id: need.id }, { status: FinancingNeedStatus.WITHDRAWN, withdrawnAt: () => "now()" });
      const after = await needSnapshot(em, need.id);
      await recordAudit(em, actor, { operation: "withdrawFinancingNeed", recordType: "FinancingNeed", recordId: need.id, before, after });
      return repo.findOneByOrFail({ id: need.id });
    });
  }
}

/** The audit snapshot of a need as stored now: its columns and the ids of the banks it names (SELECTED_BANKS). */
async function needSnapshot(em: EntityManager, id: string): Promise<Record<string, unknown>> {
  const need = await em.getRepository(FinancingNeed).findOneByOrFail({ id });
  const rows: Array<{ institution_id: string }> = await em.query(
    `SELECT institution_id FROM financing_need_visible_institution WHERE need_id = $1 ORDER BY institution_id`,
    [id],
  );
  return { ...(auditSnapshot(need) as Record<string, unknown>), visibleToInstitutionIds: rows.map((r) => r.institution_id) };
}

/** Loads the named institutions; NOT_FOUND naming `field` and every unknown id. */
async function requireInstitutions(em: EntityManager, ids: readonly string[], field: string): Promise<FinancialInstitution[]> {
  if (ids.length === 0) return [];
  const wellFormed = ids.filter((id) => isUuid(id));
  const found = wellFormed.length === 0 ? [] : await em.getRepository(FinancialInstitution).findBy({ id: In(wellFormed) });
  const foundIds = new Set(found.map((i) => i.id.toLowerCase()));
  const missing = ids.filter((id) => !foundIds.has(id.toLowerCase()));
  if (missing.length > 0) throw new NotFoundError("FinancialInstitution", missing.join(", "), field);
  return found;
}

/**
 * The loan a renewal need renews must be the firm's own. Another firm's loan answers NOT_FOUND,
 * like an unknown one, so that loan ids cannot be probed.
 */
async function requireOwnLoan(em: EntityManager, loanId: string, firmId: string, field: string): Promise<void> {
  const own = isUuid(loanId) && (await em.getRepository(Loan).existsBy({ id: loanId, firmId }));
  if (!own) throw new NotFoundError("Loan", loanId, field);
}
