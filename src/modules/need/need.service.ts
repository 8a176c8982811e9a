import { In, type DataSource, type EntityManager } from "typeorm";
import type { Config } from "../../config/config";
import { parseRegionCode, regionPrefix } from "../../domain/codes";
import { requireOrdered, type LocalDate } from "../../domain/dates";
import { FinancingNeedStatus, NeedVisibility } from "../../domain/enums";
import { ConflictError, NotFoundError, Violations } from "../../domain/errors";
import { formatMoney, parseMoney } from "../../domain/money";
import { canWithdraw, validateNeed } from "../../domain/need-rules";
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
  ) {}

  private visible(viewer: Viewer) {
    return applyScope(this.ds.getRepository(FinancingNeed).createQueryBuilder("n"), needScope(viewer, "n"));
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

    const qb = this.visible(viewer);
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
   * then checks every input rule, that the firm, the named banks and the loan to renew exist (the
   * loan must be the firm's own), and writes the need OPEN with its visibility rows in one
   * transaction.
   */
  async submit(viewer: Viewer, input: SubmitFinancingNeedInput, today: LocalDate): Promise<FinancingNeed> {
    authorize(viewer, "submitFinancingNeed");
    requireOwnOrg(viewer, input.firmId, "The firm");
    const need = validateNeed(input, today, "input");

    return this.ds.transaction(async (em) => {
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
      return saved;
    });
  }

  /**
   * 撤回: only a FIRM; locks the need, refuses another firm's need (FORBIDDEN), applies the
   * withdrawal rule, and records when it was withdrawn.
   */
  async withdraw(viewer: Viewer, input: WithdrawFinancingNeedInput): Promise<FinancingNeed> {
    authorize(viewer, "withdrawFinancingNeed");
    if (!isUuid(input.id)) throw new NotFoundError("FinancingNeed", input.id, "input.id");
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(FinancingNeed);
      const need = await repo.findOne({ where: { id: input.id }, lock: { mode: "pessimistic_write" } });
      if (!need) throw new NotFoundError("FinancingNeed", input.id, "input.id");
      requireOwnOrg(viewer, need.firmId, "The need");

      const decision = canWithdraw(need.status);
      if (!decision.allowed) throw new ConflictError(decision.reason, { currentStatus: need.status });
      // Seam for the application workflow (issue 5): refuse while an application on this need is
      // still open. Count the need's live applications here with `em` (the row lock above orders
      // this against a concurrent application submission) and throw ConflictError the same way.

      await repo.update({ id: need.id }, { status: FinancingNeedStatus.WITHDRAWN, withdrawnAt: () => "now()" });
      return repo.findOneByOrFail({ id: need.id });
    });
  }
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
