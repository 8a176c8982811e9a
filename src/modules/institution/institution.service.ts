import type { DataSource } from "typeorm";
import type { Config } from "../../config/config";
import { recordAudit, type AuditActor } from "../audit/audit.service";
import { parseRegionCode, regionPrefix } from "../../domain/codes";
import { ConflictError, NotFoundError, Violations } from "../../domain/errors";
import { requireText } from "../../domain/validate";
import { isUniqueViolation } from "../../db/pg-errors";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import type { Viewer } from "../../domain/access";
import { authorize } from "../auth/access";
import { FinancialInstitution } from "./financial-institution.entity";
import type { CreateFinancialInstitutionInput, FinancialInstitutionFilter } from "./institution.inputs";
import { msg } from "../../i18n";

/**
 * Financial institutions (banks, leasing companies) that publish products. The directory is open
 * to every signed-in caller; only the platform ADMIN registers institutions.
 */
export class InstitutionService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
  ) {}

  async getById(_viewer: Viewer, id: string): Promise<FinancialInstitution> {
    const institution = await this.ds.getRepository(FinancialInstitution).findOneBy({ id });
    if (!institution) throw new NotFoundError("FinancialInstitution", id);
    return institution;
  }

  list(_viewer: Viewer, filter: FinancialInstitutionFilter | undefined, page: PageArgs): Promise<ConnectionShape<FinancialInstitution>> {
    const qb = this.ds.getRepository(FinancialInstitution).createQueryBuilder("i");
    if (filter?.regionCode) {
      const region = parseRegionCode(filter.regionCode, "filter.regionCode");
      qb.andWhere("i.region_code LIKE :prefix", { prefix: `${regionPrefix(region)}%` });
    }
    if (filter?.type) qb.andWhere("i.type = :type", { type: filter.type });
    if (filter?.nameContains) {
      qb.andWhere("(i.name ILIKE :name OR i.short_name ILIKE :name)", { name: `%${filter.nameContains.replace(/[\\%_]/g, "\\$&")}%` });
    }
    return paginate(qb, page, this.config.maxPageSize);
  }

  /** 金融机构登记 (ADMIN); writes the institution and its audit event in one transaction. */
  async create(actor: AuditActor, input: CreateFinancialInstitutionInput): Promise<FinancialInstitution> {
    authorize(actor.viewer, "createFinancialInstitution");
    const v = new Violations();
    const name = v.take(() => requireText(input.name, "input.name", 200));
    const shortName = v.take(() => requireText(input.shortName, "input.shortName", 60));
    const regionCode = v.take(() => parseRegionCode(input.regionCode, "input.regionCode"));
    v.throwIfAny();
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(FinancialInstitution);
      let saved: FinancialInstitution;
      try {
        saved = await repo.save(repo.create({ name: name!, shortName: shortName!, type: input.type, regionCode: regionCode! }));
      } catch (e) {
        if (isUniqueViolation(e, "uq_financial_institution_name")) {
          throw new ConflictError(msg("institution.duplicateName", { name: name! }), { field: "input.name" });
        }
        throw e;
      }
      const after = await repo.findOneByOrFail({ id: saved.id });
      await recordAudit(em, actor, { operation: "createFinancialInstitution", recordType: "FinancialInstitution", recordId: after.id, before: null, after });
      return after;
    });
  }
}
