import type { DataSource } from "typeorm";
import type { Config } from "../../config/config";
import { recordAudit, type AuditActor } from "../audit/audit.service";
import type { Viewer } from "../../domain/access";
import { parseRegionCode, regionAncestors } from "../../domain/codes";
import { NotFoundError } from "../../domain/errors";
import { parseIncentivePolicy } from "../../domain/incentive-rules";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { authorize, requireRegion } from "../auth/access";
import { IncentivePolicy } from "./incentive-policy.entity";
import type { CreateIncentivePolicyInput, IncentivePolicyFilter } from "./incentive.inputs";
import { isUuid } from "../../domain/ids";

/**
 * Government incentive policies (激励政策): 贴息, 担保费补贴, 风险补偿, 认定/上市奖励. The per-kind
 * rules and "从高、不重复" live in src/domain/incentive-rules.ts. Every method takes the caller
 * (docs/access.md): every signed-in caller reads policies; only a BUREAU publishes them, inside
 * its region.
 */
export class IncentiveService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
  ) {}

  async getPolicy(_viewer: Viewer, id: string): Promise<IncentivePolicy> {
    const policy = isUuid(id) ? await this.ds.getRepository(IncentivePolicy).findOneBy({ id }) : null;
    if (!policy) throw new NotFoundError("IncentivePolicy", id);
    return policy;
  }

  /**
   * Policies in publication order. `regionCode` is a firm's region: a policy applies when its own
   * region is that code, its prefecture or its province (regionAncestors). `activeOn` keeps the
   * policies in force on that date.
   */
  listPolicies(_viewer: Viewer, filter: IncentivePolicyFilter | undefined, page: PageArgs): Promise<ConnectionShape<IncentivePolicy>> {
    const qb = this.ds.getRepository(IncentivePolicy).createQueryBuilder("p");
    if (filter?.kind != null) qb.andWhere("p.kind = :kind", { kind: filter.kind });
    if (filter?.regionCode != null) {
      const region = parseRegionCode(filter.regionCode, "filter.regionCode");
      qb.andWhere("p.region_code = ANY(:regions)", { regions: regionAncestors(region) });
    }
    if (filter?.activeOn != null) {
      qb.andWhere("p.valid_from <= :activeOn AND (p.valid_to IS NULL OR p.valid_to >= :activeOn)", { activeOn: filter.activeOn });
    }
    return paginate(qb, page, this.config.maxPageSize);
  }

  /**
   * Publishes a policy: FORBIDDEN for any caller but a BUREAU; BAD_USER_INPUT, naming every broken
   * field, when its shape does not fit its kind; FORBIDDEN for a region outside the bureau's.
   */
  async createPolicy(actor: AuditActor, input: CreateIncentivePolicyInput): Promise<IncentivePolicy> {
    authorize(actor.viewer, "createIncentivePolicy");
    const values = parseIncentivePolicy(input);
    requireRegion(actor.viewer, values.regionCode, "The policy");
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(IncentivePolicy);
      const saved = await repo.save(repo.create(values));
      const after = await repo.findOneByOrFail({ id: saved.id });
      await recordAudit(em, actor, { operation: "createIncentivePolicy", recordType: "IncentivePolicy", recordId: after.id, before: null, after });
      return after;
    });
  }
}
