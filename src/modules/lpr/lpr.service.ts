import type { DataSource } from "typeorm";
import type { Config } from "../../config/config";
import { auditSnapshot, recordAudit, type AuditActor } from "../audit/audit.service";
import { parseLocalDate, requireOrdered } from "../../domain/dates";
import { Violations } from "../../domain/errors";
import { requireBp } from "../../domain/validate";
import type { Viewer } from "../../domain/access";
import { authorize } from "../auth/access";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { LprRate } from "./lpr-rate.entity";
import type { LprRateFilter, SetLprRateInput } from "./lpr.inputs";

/** Lowest and highest LPR accepted, basis points (the table's CHECK is 0 < rate < 2000). */
export const MIN_LPR_BP = 1;
export const MAX_LPR_BP = 1999;

/**
 * The published Loan Prime Rates (贷款市场报价利率) that LPR-priced products follow. Public market
 * data: every signed-in caller reads them; only the platform ADMIN records them.
 */
export class LprService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
  ) {}

  /**
   * Records the LPR of a tenor from a date. Upsert on (tenor, effectiveOn): recording the same date
   * again is a correction and replaces the value, keeping the record's id and creation time.
   */
  async set(actor: AuditActor, input: SetLprRateInput): Promise<LprRate> {
    authorize(actor.viewer, "setLprRate");
    const v = new Violations();
    const effectiveOn = v.take(() => parseLocalDate(input.effectiveOn, "input.effectiveOn"));
    const rateBp = v.take(() => requireBp(input.rateBp, "input.rateBp", MAX_LPR_BP, MIN_LPR_BP));
    v.throwIfAny();

    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(LprRate);
      // Lock the row being corrected (if any) so that `before` is the value this upsert replaces.
      const existing = await repo.findOne({ where: { tenor: input.tenor, effectiveOn: effectiveOn! }, lock: { mode: "pessimistic_write" } });
      const before = existing === null ? null : auditSnapshot(existing);
      await repo.upsert({ tenor: input.tenor, effectiveOn: effectiveOn!, rateBp: rateBp! }, { conflictPaths: ["tenor", "effectiveOn"] });
      const after = await repo.findOneByOrFail({ tenor: input.tenor, effectiveOn: effectiveOn! });
      await recordAudit(em, actor, { operation: "setLprRate", recordType: "LprRate", recordId: after.id, before, after });
      return after;
    });
  }

  list(_viewer: Viewer, filter: LprRateFilter | undefined, page: PageArgs): Promise<ConnectionShape<LprRate>> {
    const v = new Violations();
    const from = filter?.from == null ? null : v.take(() => parseLocalDate(filter.from!, "filter.from"));
    const to = filter?.to == null ? null : v.take(() => parseLocalDate(filter.to!, "filter.to"));
    if (from && to) v.check(() => requireOrdered(from, to, "filter.from", "filter.to"));
    v.throwIfAny();

    const qb = this.ds.getRepository(LprRate).createQueryBuilder("l");
    if (filter?.tenor != null) qb.andWhere("l.tenor = :tenor", { tenor: filter.tenor });
    if (from) qb.andWhere("l.effective_on >= :from", { from });
    if (to) qb.andWhere("l.effective_on <= :to", { to });
    return paginate(qb, page, this.config.maxPageSize);
  }
}
