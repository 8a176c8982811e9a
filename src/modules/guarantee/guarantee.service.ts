import type { DataSource, EntityManager } from "typeorm";
import type { Config } from "../../config/config";
import { Role, type Viewer } from "../../domain/access";
import { parseRegionCode, regionAncestors } from "../../domain/codes";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors";
import { checkAgreedFee, parseAgencyTerms, parseAgreementTerms } from "../../domain/guarantee-rules";
import { isUuid } from "../../domain/ids";
import { isUniqueViolation } from "../../db/pg-errors";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { authorize, requireOwnOrg, requireRegion } from "../auth/access";
import { agreementScope, applyScope } from "../auth/scopes";
import { recordAudit, type AuditActor } from "../audit/audit.service";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { GuaranteeAgency } from "./guarantee-agency.entity";
import { GuaranteeAgreement } from "./guarantee-agreement.entity";
import type {
  CreateGuaranteeAgencyInput,
  CreateGuaranteeAgreementInput,
  GuaranteeAgencyFilter,
  GuaranteeAgreementFilter,
} from "./guarantee.inputs";
import { msg } from "../../i18n";

/**
 * The unique constraint TypeORM generated for `guarantee_agency.name` (`@Column({ unique: true })`
 * in the entity). The entity should name it explicitly (uq_guarantee_agency_name) like the other
 * unique keys; until then the generated name is matched here.
 */
const AGENCY_NAME_UNIQUE = "uq_guarantee_agency_name";
const AGREEMENT_UNIQUE = "uq_guarantee_agreement";
/**
 * Government financing-guarantee agencies (政府性融资担保机构) and their 总对总 agreements with banks.
 * Policy rules (国办发〔2019〕6号 fee caps, 财金〔2024〕60号 per-firm cap, the bank's 20% minimum
 * risk share) live in src/domain/guarantee-rules.ts.
 *
 * Every method takes the caller (docs/access.md): agencies are a public directory and only a
 * BUREAU (inside its region) or the ADMIN publishes one; agreements are read through
 * agreementScope (a FIRM sees none, a BANK or GUARANTOR its own, a BUREAU or REGULATOR its
 * region's) and only the agency itself (a GUARANTOR) records one.
 */
export class GuaranteeService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
  ) {}

  private visibleAgreements(viewer: Viewer) {
    return applyScope(this.ds.getRepository(GuaranteeAgreement).createQueryBuilder("g"), agreementScope(viewer, "g"));
  }

  /** Any signed-in caller may read the agency directory. */
  async getAgency(_viewer: Viewer, id: string): Promise<GuaranteeAgency> {
    const agency = isUuid(id) ? await this.ds.getRepository(GuaranteeAgency).findOneBy({ id }) : null;
    if (!agency) throw new NotFoundError("GuaranteeAgency", id);
    return agency;
  }

  /** Agencies in publication order; `servesRegionCode` applies the prefix rule through the firm region's ancestors. */
  listAgencies(_viewer: Viewer, filter: GuaranteeAgencyFilter | undefined, page: PageArgs): Promise<ConnectionShape<GuaranteeAgency>> {
    const qb = this.ds.getRepository(GuaranteeAgency).createQueryBuilder("a");
    if (filter?.servesRegionCode != null) {
      const region = parseRegionCode(filter.servesRegionCode, "filter.servesRegionCode");
      qb.andWhere("a.region_code = ANY(:regions)", { regions: regionAncestors(region) });
    }
    if (filter?.tier != null) qb.andWhere(":tier = ANY(a.tiers_served)", { tier: filter.tier });
    if (filter?.nameContains) {
      qb.andWhere("a.name ILIKE :name", { name: `%${filter.nameContains.replace(/[\\%_]/g, "\\$&")}%` });
    }
    return paginate(qb, page, this.config.maxPageSize);
  }

  /**
   * Publishes an agency: FORBIDDEN for a role other than BUREAU or ADMIN, BAD_USER_INPUT for terms
   * outside policy, FORBIDDEN for a BUREAU publishing outside its region, CONFLICT for a name
   * already taken.
   */
  async createAgency(actor: AuditActor, input: CreateGuaranteeAgencyInput): Promise<GuaranteeAgency> {
    const viewer = actor.viewer;
    authorize(viewer, "createGuaranteeAgency");
    const terms = parseAgencyTerms(input);
    if (viewer.role === Role.BUREAU) requireRegion(viewer, terms.regionCode, "The agency");
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(GuaranteeAgency);
      const existing = await repo.findOneBy({ name: terms.name });
      if (existing) throw duplicateAgencyName(terms.name, existing.id);
      let saved: GuaranteeAgency;
      try {
        saved = await repo.save(repo.create({ ...terms, usedCapacity: "0.00" }));
      } catch (e) {
        if (isUniqueViolation(e, AGENCY_NAME_UNIQUE)) throw duplicateAgencyName(terms.name);
        throw e;
      }
      const after = await repo.findOneByOrFail({ id: saved.id });
      await recordAudit(em, actor, { operation: "createGuaranteeAgency", recordType: "GuaranteeAgency", recordId: after.id, before: null, after });
      return after;
    });
  }

  /** One agreement the caller may see; an agreement outside its scope is NOT_FOUND like a missing one. */
  async getAgreement(viewer: Viewer, id: string): Promise<GuaranteeAgreement> {
    const agreement = isUuid(id) ? await this.visibleAgreements(viewer).andWhere("g.id = :id", { id }).getOne() : null;
    if (!agreement) throw new NotFoundError("GuaranteeAgreement", id);
    return agreement;
  }

  /** The agreements the caller may see (none for a FIRM), matching the filter. */
  listAgreements(viewer: Viewer, filter: GuaranteeAgreementFilter | undefined, page: PageArgs): Promise<ConnectionShape<GuaranteeAgreement>> {
    const qb = this.visibleAgreements(viewer);
    if (filter?.institutionId != null) {
      qb.andWhere("g.institution_id = :institutionId", { institutionId: requireUuidFilter(filter.institutionId, "filter.institutionId") });
    }
    if (filter?.agencyId != null) {
      qb.andWhere("g.agency_id = :agencyId", { agencyId: requireUuidFilter(filter.agencyId, "filter.agencyId") });
    }
    return paginate(qb, page, this.config.maxPageSize);
  }

  /**
   * Records a 总对总 agreement on behalf of the agency. Order of checks: the caller is a GUARANTOR
   * (FORBIDDEN), the terms on their own (BAD_USER_INPUT), the agency exists (NOT_FOUND naming the
   * field) and is the caller's own (FORBIDDEN), the bank exists (NOT_FOUND naming the field), the
   * agreed fee is not above the agency's published fee (BAD_USER_INPUT), no agreement of the same
   * bank and agency starts the same day (CONFLICT). The agency row is read FOR SHARE so its
   * published fee cannot change meanwhile.
   */
  async createAgreement(actor: AuditActor, input: CreateGuaranteeAgreementInput): Promise<GuaranteeAgreement> {
    const viewer = actor.viewer;
    authorize(viewer, "createGuaranteeAgreement");
    const terms = parseAgreementTerms(input);
    return this.ds.transaction(async (em) => {
      const agency = isUuid(input.agencyId)
        ? await em.getRepository(GuaranteeAgency).findOne({ where: { id: input.agencyId }, lock: { mode: "pessimistic_read" } })
        : null;
      if (!agency) throw new NotFoundError("GuaranteeAgency", input.agencyId, "input.agencyId");
      requireOwnOrg(viewer, agency.id, "The agency");
      await requireInstitution(em, input.institutionId, "input.institutionId");
      checkAgreedFee(terms.agreedFeeRateBp, agency.feeRateBp, "input.agreedFeeRateBp");

      const repo = em.getRepository(GuaranteeAgreement);
      const key = { institutionId: input.institutionId, agencyId: agency.id, validFrom: terms.validFrom };
      const existing = await repo.findOneBy(key);
      if (existing) throw duplicateAgreement(terms.validFrom, existing.id);
      let saved: GuaranteeAgreement;
      try {
        saved = await repo.save(
          repo.create({
            ...key,
            bankRiskShareBp: terms.bankRiskShareBp,
            agreedFeeRateBp: terms.agreedFeeRateBp,
            waivesDueDiligence: terms.waivesDueDiligence,
            approvalDays: terms.approvalDays,
            creditLine: terms.creditLine,
            usedLine: "0.00",
            validTo: terms.validTo,
          }),
        );
      } catch (e) {
        if (isUniqueViolation(e, AGREEMENT_UNIQUE)) throw duplicateAgreement(terms.validFrom);
        throw e;
      }
      const after = await repo.findOneByOrFail({ id: saved.id });
      await recordAudit(em, actor, { operation: "createGuaranteeAgreement", recordType: "GuaranteeAgreement", recordId: after.id, before: null, after });
      return after;
    });
  }
}

async function requireInstitution(em: EntityManager, id: string, field: string): Promise<void> {
  const exists = isUuid(id) && (await em.getRepository(FinancialInstitution).existsBy({ id }));
  if (!exists) throw new NotFoundError("FinancialInstitution", id, field);
}

function requireUuidFilter(id: string, field: string): string {
  if (!isUuid(id)) throw ValidationError.single(field, "id.format", msg("id.format", { value: id }));
  return id;
}

function duplicateAgencyName(name: string, existingId?: string): ConflictError {
  return new ConflictError(
    msg("agency.duplicateName", { name, existingId: existingId ?? null }),
    { field: "input.name", ...(existingId ? { existingId } : {}) },
  );
}

function duplicateAgreement(validFrom: string, existingId?: string): ConflictError {
  return new ConflictError(
    msg("agreement.duplicate", { validFrom, existingId: existingId ?? null }),
    { field: "input.validFrom", ...(existingId ? { existingId } : {}) },
  );
}
