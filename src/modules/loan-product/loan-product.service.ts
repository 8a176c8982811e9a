import type { DataSource, EntityManager } from "typeorm";
import type { Config } from "../../config/config";
import { parseRegionCode, regionAncestors } from "../../domain/codes";
import { LoanProductStatus } from "../../domain/enums";
import { isUuid } from "../../domain/ids";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors";
import { isRenewalCategory, validateLoanProductTerms, type LoanProductTermsInput } from "../../domain/loan-product-rules";
import { formatMoney, parseMoney } from "../../domain/money";
import { TIER_ORDER, tierRank } from "../../domain/tier";
import { isUniqueViolation } from "../../db/pg-errors";
import type { Viewer } from "../../domain/access";
import { authorize, requireOwnOrg } from "../auth/access";
import { applyScope, productScope } from "../auth/scopes";
import { auditSnapshot, recordAudit, type AuditActor } from "../audit/audit.service";
import { paginate, type ConnectionShape, type PageArgs } from "../../graphql/pagination";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LoanProduct } from "./loan-product.entity";
import { LoanProductTierDiscount } from "./loan-product-tier-discount.entity";
import type { ArchiveLoanProductInput, CreateLoanProductInput, LoanProductFilter, UpdateLoanProductInput } from "./loan-product.inputs";
import { msg } from "../../i18n";

/**
 * Loan products (贷款产品): publishing, changing under optimistic locking, archiving and look-ups.
 * The terms rules live in src/domain/loan-product-rules.ts and apply to creation and to the merged
 * result of every update alike. Every method takes the caller: reads are scoped to the products it
 * may see (productScope: a firm shops active products serving its region, a bank sees its own, a
 * guarantor its partner banks', a bureau or regulator its region's); only a bank writes, and only
 * its own products.
 */
export class LoanProductService {
  constructor(
    readonly ds: DataSource,
    readonly config: Config,
    /** Lists read here: DATABASE_READ_URL's connection when set (docs/deployment.md, "Read replicas"), else ds. */
    readonly reader: DataSource = ds,
  ) {}

  /** Products the caller may see; a product outside its scope reads exactly like a missing one. */
  private visible(viewer: Viewer, source: DataSource = this.ds) {
    return applyScope(source.getRepository(LoanProduct).createQueryBuilder("p"), productScope(viewer, "p"));
  }

  async getById(viewer: Viewer, id: string): Promise<LoanProduct> {
    const product = isUuid(id) ? await this.visible(viewer).andWhere("p.id = :id", { id }).getOne() : null;
    if (!product) throw new NotFoundError("LoanProduct", id);
    return product;
  }

  list(viewer: Viewer, filter: LoanProductFilter | undefined, page: PageArgs): Promise<ConnectionShape<LoanProduct>> {
    const qb = this.visible(viewer, this.reader);
    if (filter?.institutionId != null) {
      // An id that is not a UUID names no institution: an empty list, like an unknown one.
      if (!isUuid(filter.institutionId)) qb.andWhere("FALSE");
      else qb.andWhere("p.institution_id = :institutionId", { institutionId: filter.institutionId });
    }
    if (filter?.category != null) qb.andWhere("p.category = :category", { category: filter.category });
    if (filter?.status != null) qb.andWhere("p.status = :status", { status: filter.status });
    if (filter?.servesRegionCode != null) {
      const region = parseRegionCode(filter.servesRegionCode, "filter.servesRegionCode");
      qb.andWhere("p.served_region_codes && CAST(:regionCodes AS char(6)[])", { regionCodes: regionAncestors(region) });
    }
    if (filter?.minTierAtMost != null) {
      qb.andWhere("(p.min_tier IS NULL OR p.min_tier = ANY(:openTiers))", { openTiers: TIER_ORDER.slice(0, tierRank(filter.minTierAtMost) + 1) });
    }
    if (filter?.purpose != null) qb.andWhere(":purpose = ANY(p.purposes)", { purpose: filter.purpose });
    return paginate(qb, page, this.config.maxPageSize);
  }

  async create(actor: AuditActor, input: CreateLoanProductInput): Promise<LoanProduct> {
    const viewer = actor.viewer;
    authorize(viewer, "createLoanProduct");
    const { tierDiscounts, ...terms } = validateLoanProductTerms(input, "input");

    return this.ds.transaction(async (em) => {
      await requireInstitution(em, input.institutionId);
      requireOwnOrg(viewer, input.institutionId, "The institution");
      const repo = em.getRepository(LoanProduct);
      const existing = await repo.findOneBy({ institutionId: input.institutionId, code: terms.code });
      if (existing) throw duplicateCode(terms.code, existing.id);
      let product: LoanProduct;
      try {
        product = await repo.save(
          repo.create({ ...terms, institutionId: input.institutionId, usedQuota: "0.00", status: LoanProductStatus.ACTIVE }),
        );
      } catch (e) {
        if (isUniqueViolation(e, "uq_loan_product_code")) throw duplicateCode(terms.code);
        throw e;
      }
      await writeTierDiscounts(em, product.id, tierDiscounts);
      const after = await productSnapshot(em, product.id);
      await recordAudit(em, actor, { operation: "createLoanProduct", recordType: "LoanProduct", recordId: product.id, before: null, after });
      return repo.findOneByOrFail({ id: product.id });
    });
  }

  async update(actor: AuditActor, input: UpdateLoanProductInput): Promise<LoanProduct> {
    const viewer = actor.viewer;
    authorize(viewer, "updateLoanProduct");
    const given = Object.entries(input).filter(([key, value]) => key !== "id" && key !== "version" && value !== undefined);
    if (given.length === 0) {
      throw ValidationError.single("input", "update.empty", msg("update.empty", { besides: "id, version" }));
    }

    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(LoanProduct);
      const product = isUuid(input.id) ? await repo.findOne({ where: { id: input.id }, lock: { mode: "pessimistic_write" } }) : null;
      if (!product) throw new NotFoundError("LoanProduct", input.id);
      requireOwnOrg(viewer, product.institutionId, "The product");
      if (product.version !== input.version) {
        throw new ConflictError(
          msg("product.versionChanged", { id: product.id, given: input.version, current: product.version }),
          { field: "input.version", currentVersion: product.version },
        );
      }
      if (product.status === LoanProductStatus.ARCHIVED) {
        throw new ConflictError(msg("product.archivedNoChange", { id: product.id }), {
          currentStatus: product.status,
        });
      }
      const currentDiscounts = await em.getRepository(LoanProductTierDiscount).find({ where: { productId: product.id }, order: { tier: "ASC" } });
      const { tierDiscounts, ...terms } = validateLoanProductTerms(mergeForUpdate(product, currentDiscounts, input), "input");

      if (parseMoney(terms.reservedQuota) < parseMoney(product.usedQuota)) {
        throw new ConflictError(
          msg("product.reservedBelowUsed", { reserved: terms.reservedQuota, used: formatMoney(parseMoney(product.usedQuota)) }),
          { field: "input.reservedQuota", usedQuota: formatMoney(parseMoney(product.usedQuota)) },
        );
      }

      const before = await productSnapshot(em, product.id);
      repo.merge(product, terms);
      // Bump the version explicitly so that every accepted change, tier discounts included, is seen
      // by optimistic locking even when no column of the product row itself changed.
      product.version = input.version + 1;
      const saved = await repo.save(product);
      if (input.tierDiscounts !== undefined) {
        await em.getRepository(LoanProductTierDiscount).delete({ productId: product.id });
        await writeTierDiscounts(em, product.id, tierDiscounts);
      }
      const after = await productSnapshot(em, product.id);
      await recordAudit(em, actor, { operation: "updateLoanProduct", recordType: "LoanProduct", recordId: product.id, before, after });
      return repo.findOneByOrFail({ id: saved.id });
    });
  }

  async archive(actor: AuditActor, input: ArchiveLoanProductInput): Promise<LoanProduct> {
    const viewer = actor.viewer;
    authorize(viewer, "archiveLoanProduct");
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(LoanProduct);
      const product = isUuid(input.id) ? await repo.findOne({ where: { id: input.id }, lock: { mode: "pessimistic_write" } }) : null;
      if (!product) throw new NotFoundError("LoanProduct", input.id);
      requireOwnOrg(viewer, product.institutionId, "The product");
      if (product.status === LoanProductStatus.ARCHIVED) {
        throw new ConflictError(msg("product.alreadyArchived", { id: product.id }), { currentStatus: product.status });
      }
      const before = await productSnapshot(em, product.id);
      product.status = LoanProductStatus.ARCHIVED;
      await repo.save(product);
      const after = await productSnapshot(em, product.id);
      await recordAudit(em, actor, { operation: "archiveLoanProduct", recordType: "LoanProduct", recordId: product.id, before, after });
      return repo.findOneByOrFail({ id: product.id });
    });
  }
}

/**
 * The product as it would be after the update: omitted fields (undefined) keep their value; null
 * clears an optional field and is ignored for a required one. Giving pricingType replaces the whole
 * pricing; moving to a non-renewal category drops the renewal window unless one is given.
 */
function mergeForUpdate(p: LoanProduct, discounts: readonly LoanProductTierDiscount[], input: UpdateLoanProductInput): LoanProductTermsInput {
  const keep = <T>(given: T | null | undefined, current: T): T => given ?? current;
  const clear = <T>(given: T | null | undefined, current: T | null): T | null => (given === undefined ? current : given);
  const category = keep(input.category, p.category);
  const pricing =
    input.pricingType != null
      ? { pricingType: input.pricingType, fixedRateBp: input.fixedRateBp ?? null, lprTenor: input.lprTenor ?? null, spreadBp: input.spreadBp ?? null }
      : {
          pricingType: p.pricingType,
          fixedRateBp: clear(input.fixedRateBp, p.fixedRateBp),
          lprTenor: clear(input.lprTenor, p.lprTenor),
          spreadBp: clear(input.spreadBp, p.spreadBp),
        };
  const renewalWindowDays =
    input.renewalWindowDays !== undefined
      ? input.renewalWindowDays
      : input.category != null && !isRenewalCategory(category)
        ? null
        : p.renewalWindowDays;
  return {
    code: p.code,
    name: keep(input.name, p.name),
    category,
    description: clear(input.description, p.description),
    minTier: clear(input.minTier, p.minTier),
    minLevel: clear(input.minLevel, p.minLevel),
    servedRegionCodes: keep(input.servedRegionCodes, p.servedRegionCodes),
    industryPrefixes: clear(input.industryPrefixes, p.industryPrefixes),
    minAmount: keep(input.minAmount, p.minAmount),
    maxAmount: keep(input.maxAmount, p.maxAmount),
    minTermMonths: keep(input.minTermMonths, p.minTermMonths),
    maxTermMonths: keep(input.maxTermMonths, p.maxTermMonths),
    purposes: keep(input.purposes, p.purposes),
    acceptedCollateral: keep(input.acceptedCollateral, p.acceptedCollateral),
    ...pricing,
    requiresGuarantee: keep(input.requiresGuarantee, p.requiresGuarantee),
    approvalDays: keep(input.approvalDays, p.approvalDays),
    greenChannel: keep(input.greenChannel, p.greenChannel),
    reservedQuota: keep(input.reservedQuota, p.reservedQuota),
    validFrom: keep(input.validFrom, p.validFrom),
    validTo: clear(input.validTo, p.validTo),
    renewalWindowDays,
    tierDiscounts: input.tierDiscounts === undefined ? discounts : (input.tierDiscounts ?? []),
  };
}

/** The audit snapshot of a product as stored now: its columns and its tier discounts ({ tier, discountBp }, by tier). */
async function productSnapshot(em: EntityManager, id: string): Promise<Record<string, unknown>> {
  const product = await em.getRepository(LoanProduct).findOneByOrFail({ id });
  const discounts = await em.getRepository(LoanProductTierDiscount).find({ where: { productId: id }, order: { tier: "ASC" } });
  return {
    ...(auditSnapshot(product) as Record<string, unknown>),
    tierDiscounts: discounts.map((d) => ({ tier: d.tier, discountBp: d.discountBp })),
  };
}

async function requireInstitution(em: EntityManager, id: string): Promise<void> {
  const exists = isUuid(id) && (await em.getRepository(FinancialInstitution).existsBy({ id }));
  if (!exists) throw new NotFoundError("FinancialInstitution", id, "input.institutionId");
}

async function writeTierDiscounts(em: EntityManager, productId: string, discounts: ReadonlyArray<{ tier: LoanProductTierDiscount["tier"]; discountBp: number }>): Promise<void> {
  if (discounts.length === 0) return;
  await em.getRepository(LoanProductTierDiscount).insert(discounts.map((d) => ({ productId, tier: d.tier, discountBp: d.discountBp })));
}

function duplicateCode(code: string, existingId?: string): ConflictError {
  return new ConflictError(
    msg("product.duplicateCode", { code, existingId: existingId ?? null }),
    { field: "input.code", ...(existingId ? { existingId } : {}) },
  );
}
