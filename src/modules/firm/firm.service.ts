import type { DataSource, EntityManager } from "typeorm";
import type { Config } from "../../config/config";
import { parseCreditCode } from "../../domain/credit-code";
import { parseIndustryCode, parseRegionCode, regionPrefix } from "../../domain/codes";
import type { LocalDate } from "../../domain/dates";
import { parseLocalDate } from "../../domain/dates";
import { CertificationStatus } from "../../domain/enums";
import { ConflictError, NotFoundError, ValidationError, Violations } from "../../domain/errors";
import { formatMoney, parseNonNegativeMoney } from "../../domain/money";
import { LEVEL_ORDER, TIER_ORDER, levelRank, tierRank } from "../../domain/tier";
import { requireInt, requireText } from "../../domain/validate";
import { isUniqueViolation } from "../../db/pg-errors";
import { Role, type Viewer } from "../../domain/access";
import { ForbiddenError } from "../../domain/errors";
import { authorize, requireOwnOrg, requireRegion } from "../auth/access";
import { applyScope, firmScope } from "../auth/scopes";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { auditSnapshot, recordAudit, type AuditActor } from "../audit/audit.service";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { Firm } from "./firm.entity";
import type { FirmFilter, RegisterFirmInput, UpdateFirmInput } from "./firm.inputs";
import { msg } from "../../i18n";

/**
 * Firms: registration, profile changes and look-ups. Every method takes the caller: reads are
 * scoped to what it may see (firmScope), writes are authorised per role and organisation.
 */
export class FirmService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    /** Lists read here: DATABASE_READ_URL's connection when set (docs/deployment.md, "Read replicas"), else ds. */
    readonly reader: DataSource = ds,
  ) {}

  private visible(viewer: Viewer, source: DataSource = this.ds) {
    return applyScope(source.getRepository(Firm).createQueryBuilder("f"), firmScope(viewer, "f"));
  }

  async getById(viewer: Viewer, id: string): Promise<Firm> {
    const firm = await this.visible(viewer).andWhere("f.id = :id", { id }).getOne();
    if (!firm) throw new NotFoundError("Firm", id);
    return firm;
  }

  async getByCreditCode(viewer: Viewer, raw: string): Promise<Firm> {
    const creditCode = parseCreditCode(raw);
    const firm = await this.visible(viewer).andWhere("f.credit_code = :creditCode", { creditCode }).getOne();
    if (!firm) throw new NotFoundError("Firm with credit code", creditCode);
    return firm;
  }

  async list(viewer: Viewer, filter: FirmFilter | undefined, page: PageArgs, today: LocalDate): Promise<ConnectionShape<Firm>> {
    const qb = this.visible(viewer, this.reader);
    if (filter?.regionCode) {
      const region = parseRegionCode(filter.regionCode, "filter.regionCode");
      qb.andWhere("f.region_code LIKE :regionPrefix", { regionPrefix: `${regionPrefix(region)}%` });
    }
    if (filter?.industryPrefix) {
      qb.andWhere("f.industry_code LIKE :industryPrefix", {
        industryPrefix: `${parseIndustryCode(filter.industryPrefix, "filter.industryPrefix")}%`,
      });
    }
    if (filter?.nameContains) {
      qb.andWhere("f.name ILIKE :name", { name: `%${filter.nameContains.replace(/[\\%_]/g, "\\$&")}%` });
    }
    if (filter?.minTier || filter?.minLevel) {
      const tiers = TIER_ORDER.slice(filter.minTier ? tierRank(filter.minTier) : 0);
      const levels = LEVEL_ORDER.slice(filter.minLevel ? levelRank(filter.minLevel) : 0);
      qb.andWhere(
        `EXISTS (SELECT 1 FROM certification c WHERE c.firm_id = f.id AND c.status = :active
           AND c.issued_on <= :today AND c.expires_on >= :today AND c.tier = ANY(:tiers) AND c.level = ANY(:levels))`,
        { active: CertificationStatus.ACTIVE, today, tiers, levels },
      );
    }
    return paginate(qb, page, this.config.maxPageSize);
  }

  /** 企业注册; writes the firm and its audit event in one transaction. */
  async register(actor: AuditActor, input: RegisterFirmInput, today: LocalDate): Promise<Firm> {
    const viewer = actor.viewer;
    authorize(viewer, "registerFirm");
    const v = new Violations();
    const creditCode = v.take(() => parseCreditCode(input.creditCode, "input.creditCode"));
    const name = v.take(() => requireText(input.name, "input.name", 200));
    const regionCode = v.take(() => parseRegionCode(input.regionCode, "input.regionCode"));
    const industryCode = v.take(() => parseIndustryCode(input.industryCode, "input.industryCode"));
    const foundedOn = v.take(() => parseLocalDate(input.foundedOn, "input.foundedOn"));
    if (foundedOn && foundedOn > today) v.add("input.foundedOn", "date.notFuture", msg("date.notFuture", { today }));
    const annualRevenue = input.annualRevenue == null ? null : v.take(() => formatMoney(parseNonNegativeMoney(input.annualRevenue!, "input.annualRevenue")));
    const rdExpense = input.rdExpense == null ? null : v.take(() => formatMoney(parseNonNegativeMoney(input.rdExpense!, "input.rdExpense")));
    const inventionPatents = v.take(() => requireInt(input.inventionPatents ?? 0, "input.inventionPatents", 0, 1_000_000));
    const employees = v.take(() => requireInt(input.employees ?? 0, "input.employees", 0, 10_000_000));
    v.throwIfAny();
    if (viewer.role === Role.FIRM) {
      // Onboarding: the identity provider vouched for one credit code; a registered firm's token cannot register others.
      if (viewer.orgId !== null || viewer.creditCode !== creditCode) {
        throw new ForbiddenError(msg("firm.registerOnlyItself"));
      }
    }
    if (viewer.role === Role.BUREAU) requireRegion(viewer, regionCode!, "The firm");

    return this.ds.transaction(async (em) => {
      if (input.pairedBankId) await requireInstitution(em, input.pairedBankId, "input.pairedBankId");
      const existing = await em.getRepository(Firm).findOneBy({ creditCode: creditCode! });
      if (existing) throw duplicateCreditCode(creditCode!, existing.id);
      const firm = em.getRepository(Firm).create({
        creditCode: creditCode!,
        name: name!,
        regionCode: regionCode!,
        industryCode: industryCode!,
        size: input.size,
        foundedOn: foundedOn!,
        annualRevenue,
        rdExpense,
        inventionPatents: inventionPatents!,
        employees: employees!,
        creditRating: input.creditRating ?? null,
        pairedBankId: input.pairedBankId ?? null,
      });
      let saved: Firm;
      try {
        saved = await em.getRepository(Firm).save(firm);
      } catch (e) {
        if (isUniqueViolation(e, "uq_firm_credit_code")) throw duplicateCreditCode(creditCode!);
        throw e;
      }
      const after = await em.getRepository(Firm).findOneByOrFail({ id: saved.id });
      await recordAudit(em, actor, { operation: "registerFirm", recordType: "Firm", recordId: after.id, before: null, after });
      return after;
    });
  }

  /** 企业信息变更; writes the change and its audit event (before/after) in one transaction. */
  async update(actor: AuditActor, input: UpdateFirmInput): Promise<Firm> {
    const viewer = actor.viewer;
    authorize(viewer, "updateFirm");
    const v = new Violations();
    const changes: Partial<Firm> = {};
    if (input.name != null) changes.name = v.take(() => requireText(input.name!, "input.name", 200));
    if (input.regionCode != null) changes.regionCode = v.take(() => parseRegionCode(input.regionCode!, "input.regionCode"));
    if (input.industryCode != null) changes.industryCode = v.take(() => parseIndustryCode(input.industryCode!, "input.industryCode"));
    if (input.size != null) changes.size = input.size;
    if (input.annualRevenue != null) {
      changes.annualRevenue = v.take(() => formatMoney(parseNonNegativeMoney(input.annualRevenue!, "input.annualRevenue")));
    }
    if (input.rdExpense != null) changes.rdExpense = v.take(() => formatMoney(parseNonNegativeMoney(input.rdExpense!, "input.rdExpense")));
    if (input.inventionPatents != null) {
      changes.inventionPatents = v.take(() => requireInt(input.inventionPatents!, "input.inventionPatents", 0, 1_000_000));
    }
    if (input.employees != null) changes.employees = v.take(() => requireInt(input.employees!, "input.employees", 0, 10_000_000));
    if (input.creditRating != null) changes.creditRating = input.creditRating;
    if (input.pairedBankId != null) changes.pairedBankId = input.pairedBankId;
    v.throwIfAny();
    if (Object.keys(changes).length === 0) {
      throw ValidationError.single("input", "update.empty", msg("update.empty", { besides: "id" }));
    }

    return this.ds.transaction(async (em) => {
      const firm = await em.getRepository(Firm).findOne({ where: { id: input.id }, lock: { mode: "pessimistic_write" } });
      if (!firm) throw new NotFoundError("Firm", input.id);
      if (viewer.role === Role.FIRM) requireOwnOrg(viewer, firm.id, "The firm");
      if (viewer.role === Role.BUREAU) {
        requireRegion(viewer, firm.regionCode, "The firm");
        if (changes.regionCode) requireRegion(viewer, changes.regionCode, "The new region");
      }
      if (changes.pairedBankId) await requireInstitution(em, changes.pairedBankId, "input.pairedBankId");
      const before = auditSnapshot(firm);
      em.getRepository(Firm).merge(firm, changes);
      await em.getRepository(Firm).save(firm);
      const after = await em.getRepository(Firm).findOneByOrFail({ id: firm.id });
      await recordAudit(em, actor, { operation: "updateFirm", recordType: "Firm", recordId: after.id, before, after });
      return after;
    });
  }
}

async function requireInstitution(em: EntityManager, id: string, field: string): Promise<void> {
  const exists = await em.getRepository(FinancialInstitution).existsBy({ id });
  if (!exists) throw new NotFoundError("FinancialInstitution", id).withField(field);
}

function duplicateCreditCode(creditCode: string, existingId?: string): ConflictError {
  return new ConflictError(
    msg("firm.duplicateCreditCode", { creditCode, existingId: existingId ?? null }),
    { field: "input.creditCode", ...(existingId ? { existingId } : {}) },
  );
}
