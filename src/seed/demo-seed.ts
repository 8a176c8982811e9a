import { Like, type DataSource, type DeepPartial, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from "typeorm";
import { addDays, addMonths, parseLocalDate, toChinaDate, type LocalDate } from "../domain/dates";
import {
  ApplicationStatus,
  CertificationStatus,
  FinancingNeedStatus,
  GuaranteeDecision,
  LoanProductStatus,
  LoanStatus,
  PricingType,
} from "../domain/enums";
import { formatMoney, type Fen } from "../domain/money";
import { publishedRateOn } from "../domain/pricing";
import { effectiveCertification } from "../domain/tier";
import { Application } from "../modules/application/application.entity";
import { Certification } from "../modules/certification/certification.entity";
import { DockingEvent } from "../modules/docking-event/docking-event.entity";
import { Firm } from "../modules/firm/firm.entity";
import { GuaranteeAgency } from "../modules/guarantee/guarantee-agency.entity";
import { GuaranteeAgreement } from "../modules/guarantee/guarantee-agreement.entity";
import { IncentivePolicy } from "../modules/incentive/incentive-policy.entity";
import { FinancialInstitution } from "../modules/institution/financial-institution.entity";
import { Loan } from "../modules/loan/loan.entity";
import { LoanProduct } from "../modules/loan-product/loan-product.entity";
import { LoanProductTierDiscount } from "../modules/loan-product/loan-product-tier-discount.entity";
import { LprRate } from "../modules/lpr/lpr-rate.entity";
import { FinancingNeed } from "../modules/need/financing-need.entity";
import {
  DEMO_CERTIFICATIONS,
  DEMO_DOCKING_EVENTS,
  DEMO_FIRMS,
  DEMO_GUARANTEE_AGENCIES,
  DEMO_GUARANTEE_AGREEMENTS,
  DEMO_INCENTIVE_POLICIES,
  DEMO_INSTITUTIONS,
  DEMO_LOANS,
  DEMO_LOAN_PRODUCTS,
  DEMO_LPR_RATES,
  DEMO_NEEDS,
  DEMO_REGIONS,
  type RelativeDate,
} from "./demo-data";

/** Key of the transaction-scoped advisory lock that serialises concurrent loads ("srdi-demo"). */
const SEED_LOCK_KEY = 0x5eed_de30;

/** Resolves a date relative to `today`: months first, then days. */
export function resolveRelativeDate(rel: RelativeDate, today: LocalDate): LocalDate {
  return addDays(addMonths(today, rel.months ?? 0), rel.days ?? 0);
}

/** An instant on a China calendar date (10:00 Beijing time): application and need timestamps. */
function instantOn(date: LocalDate, hour = 10): Date {
  return new Date(`${date}T${String(hour).padStart(2, "0")}:00:00+08:00`);
}

const money = (fen: Fen): string => formatMoney(fen);

function lookup<T>(map: ReadonlyMap<string, T>, key: string, what: string): T {
  const value = map.get(key);
  if (value === undefined) throw new RangeError(`Demo data refers to unknown ${what} '${key}'.`);
  return value;
}

/** Counts what one load wrote, per kind, for the summary. */
class Tally {
  private readonly counts = new Map<string, number>();

  add(kind: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  get(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }
}

/**
 * Returns the record matching `where` (a natural key), or inserts `values` and counts it under
 * `kind`. A record that is already there is kept as it is.
 */
async function findOrCreate<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  values: DeepPartial<T>,
  tally: Tally,
  kind: string,
): Promise<T> {
  const repo = em.getRepository(entity);
  const existing = await repo.findOneBy(where);
  if (existing) return existing;
  const saved = await repo.save(repo.create(values));
  tally.add(kind);
  return saved;
}

/**
 * Loads the demo data of the five policy documents (src/seed/demo-data.ts) in one transaction.
 * Dates are resolved against `today` (default: today's China date). Idempotent: when the first
 * demo institution is already there the load writes nothing and returns `created: false`; other
 * records are looked up by their natural keys and reused when present.
 */
export async function seedDemoData(
  ds: DataSource,
  today: LocalDate = toChinaDate(new Date()),
): Promise<{ created: boolean; summary: string }> {
  parseLocalDate(today, "today");
  const at = (rel: RelativeDate): LocalDate => resolveRelativeDate(rel, today);

  return ds.transaction(async (em) => {
    // Two processes starting at once: the second waits here, then sees the first one's data.
    await em.query("SELECT pg_advisory_xact_lock($1)", [SEED_LOCK_KEY]);
    const marker = DEMO_INSTITUTIONS[0]!.name;
    if (await em.getRepository(FinancialInstitution).existsBy({ name: marker })) {
      return { created: false, summary: `${marker} is already there; nothing written` };
    }
    const tally = new Tally();

    // Financial institutions.
    const institutions = new Map<string, FinancialInstitution>();
    for (const d of DEMO_INSTITUTIONS) {
      institutions.set(
        d.key,
        await findOrCreate(em, FinancialInstitution, { name: d.name }, { name: d.name, shortName: d.shortName, type: d.type, regionCode: d.regionCode }, tally, "institutions"),
      );
    }

    // Firms.
    const firms = new Map<string, Firm>();
    for (const d of DEMO_FIRMS) {
      firms.set(
        d.key,
        await findOrCreate(
          em,
          Firm,
          { creditCode: d.creditCode },
          {
            creditCode: d.creditCode,
            name: d.name,
            regionCode: d.regionCode,
            industryCode: d.industryCode,
            size: d.size,
            foundedOn: d.foundedOn,
            annualRevenue: money(d.annualRevenue),
            rdExpense: money(d.rdExpense),
            inventionPatents: d.inventionPatents,
            employees: d.employees,
            creditRating: d.creditRating,
            pairedBankId: d.pairedBank ? lookup(institutions, d.pairedBank, "institution").id : null,
          },
          tally,
          "firms",
        ),
      );
    }

    // Certifications: status follows the dates (EXPIRED once past expiry) unless revoked.
    const certsByFirm = new Map<string, Certification[]>();
    for (const d of DEMO_CERTIFICATIONS) {
      const firm = lookup(firms, d.firm, "firm");
      const issuedOn = at(d.issued);
      const expiresOn = addDays(addMonths(issuedOn, d.validityMonths ?? 36), -1);
      const revokedOn = d.revoked ? at(d.revoked.on) : null;
      const status = revokedOn !== null ? CertificationStatus.REVOKED : expiresOn < today ? CertificationStatus.EXPIRED : CertificationStatus.ACTIVE;
      const cert = await findOrCreate(
        em,
        Certification,
        { authority: d.authority, certificateNo: d.certificateNo },
        {
          firmId: firm.id,
          tier: d.tier,
          level: d.level,
          authority: d.authority,
          certificateNo: d.certificateNo,
          batch: d.batch,
          issuedOn,
          expiresOn,
          status,
          revokedOn,
          revocationReason: d.revoked?.reason ?? null,
        },
        tally,
        "certifications",
      );
      certsByFirm.set(firm.id, [...(certsByFirm.get(firm.id) ?? []), cert]);
    }

    // LPR fixings (historical, absolute dates).
    for (const d of DEMO_LPR_RATES) {
      await findOrCreate(em, LprRate, { tenor: d.tenor, effectiveOn: d.effectiveOn }, { ...d }, tally, "LPR rates");
    }

    // Loan products and their tier discounts.
    const products = new Map<string, LoanProduct>();
    const discounts = new Map<string, Map<string, number>>();
    for (const d of DEMO_LOAN_PRODUCTS) {
      const institution = lookup(institutions, d.institution, "institution");
      const product = await findOrCreate(
        em,
        LoanProduct,
        { institutionId: institution.id, code: d.code },
        {
          institutionId: institution.id,
          code: d.code,
          name: d.name,
          category: d.category,
          description: `${d.description}（政策依据：${d.sourceDocument}）`,
          minTier: d.minTier,
          minLevel: d.minLevel,
          servedRegionCodes: d.servedRegionCodes,
          industryPrefixes: d.industryPrefixes,
          minAmount: money(d.minAmount),
          maxAmount: money(d.maxAmount),
          minTermMonths: d.minTermMonths,
          maxTermMonths: d.maxTermMonths,
          purposes: d.purposes,
          acceptedCollateral: d.acceptedCollateral,
          pricingType: d.pricing.type === "FIXED" ? PricingType.FIXED : PricingType.LPR_SPREAD,
          fixedRateBp: d.pricing.type === "FIXED" ? d.pricing.rateBp : null,
          lprTenor: d.pricing.type === "LPR_SPREAD" ? d.pricing.tenor : null,
          spreadBp: d.pricing.type === "LPR_SPREAD" ? d.pricing.spreadBp : null,
          requiresGuarantee: d.requiresGuarantee,
          approvalDays: d.approvalDays,
          greenChannel: d.greenChannel,
          reservedQuota: money(d.reservedQuota),
          usedQuota: money(d.usedQuota),
          validFrom: at(d.validFrom),
          validTo: d.validTo ? at(d.validTo) : null,
          renewalWindowDays: d.renewalWindowDays,
          status: LoanProductStatus.ACTIVE,
        },
        tally,
        "loan products",
      );
      products.set(d.key, product);
      const byTier = new Map<string, number>();
      for (const [tier, discountBp] of Object.entries(d.tierDiscounts)) {
        const row = await findOrCreate(
          em,
          LoanProductTierDiscount,
          { productId: product.id, tier: tier as LoanProductTierDiscount["tier"] },
          { productId: product.id, tier: tier as LoanProductTierDiscount["tier"], discountBp },
          tally,
          "tier discounts",
        );
        byTier.set(row.tier, row.discountBp);
      }
      discounts.set(d.key, byTier);
    }

    // Guarantee agencies and 总对总 agreements.
    const agencies = new Map<string, GuaranteeAgency>();
    for (const d of DEMO_GUARANTEE_AGENCIES) {
      agencies.set(
        d.key,
        await findOrCreate(
          em,
          GuaranteeAgency,
          { name: d.name },
          {
            name: d.name,
            regionCode: d.regionCode,
            tiersServed: d.tiersServed,
            feeRateBp: d.feeRateBp,
            maxAmountPerFirm: money(d.maxAmountPerFirm),
            capacity: money(d.capacity),
            usedCapacity: money(d.usedCapacity),
          },
          tally,
          "guarantee agencies",
        ),
      );
    }
    for (const d of DEMO_GUARANTEE_AGREEMENTS) {
      const institutionId = lookup(institutions, d.institution, "institution").id;
      const agencyId = lookup(agencies, d.agency, "guarantee agency").id;
      await findOrCreate(
        em,
        GuaranteeAgreement,
        { institutionId, agencyId },
        {
          institutionId,
          agencyId,
          bankRiskShareBp: d.bankRiskShareBp,
          agreedFeeRateBp: d.agreedFeeRateBp,
          waivesDueDiligence: d.waivesDueDiligence,
          approvalDays: d.approvalDays ?? null,
          creditLine: d.creditLine === null ? null : money(d.creditLine),
          usedLine: money(d.usedLine),
          validFrom: at(d.validFrom),
          validTo: d.validTo ? at(d.validTo) : null,
        },
        tally,
        "guarantee agreements",
      );
    }

    // Incentive policies.
    for (const d of DEMO_INCENTIVE_POLICIES) {
      await findOrCreate(
        em,
        IncentivePolicy,
        { name: d.name },
        {
          kind: d.kind,
          name: d.name,
          issuer: d.issuer,
          regionCode: d.regionCode,
          sourceDocument: d.sourceDocument,
          description: d.description,
          tiers: d.tiers,
          levels: d.levels,
          categories: d.categories,
          subsidyBp: d.subsidyBp,
          durationMonths: d.durationMonths,
          awardAmount: d.awardAmount === null ? null : money(d.awardAmount),
          riskCompensationShareBp: d.riskCompensationShareBp,
          exclusiveGroup: d.exclusiveGroup,
          firstCertificationOnly: d.firstCertificationOnly,
          validFrom: at(d.validFrom),
          validTo: d.validTo ? at(d.validTo) : null,
        },
        tally,
        "incentive policies",
      );
    }

    // Docking events with the banks and firms that took part.
    const events = new Map<string, DockingEvent>();
    for (const d of DEMO_DOCKING_EVENTS) {
      events.set(
        d.key,
        await findOrCreate(
          em,
          DockingEvent,
          { name: d.name, regionCode: d.regionCode },
          {
            name: d.name,
            organizer: d.organizer,
            regionCode: d.regionCode,
            heldOn: at(d.heldOn),
            description: d.description,
            institutions: d.institutions.map((k) => lookup(institutions, k, "institution")),
            firms: d.firms.map((k) => lookup(firms, k, "firm")),
          },
          tally,
          "docking events",
        ),
      );
    }

    // Disbursed loans: the need that asked for the money, the application, the loan.
    const loans = new Map<string, Loan>();
    for (const d of DEMO_LOANS) {
      const firm = lookup(firms, d.firm, "firm");
      const product = lookup(products, d.product, "loan product");
      const maturesOn = at(d.maturesOn);
      const disbursedOn = addMonths(maturesOn, -d.termMonths);
      const submittedOn = addDays(disbursedOn, -d.submittedDaysBefore);
      const approvedOn = addDays(disbursedOn, -d.approvedDaysBefore);
      const cert = effectiveCertification(certsByFirm.get(firm.id) ?? [], disbursedOn);
      const discountBp = cert ? (discounts.get(d.product)?.get(cert.tier) ?? 0) : 0;
      const publishedBp = publishedRateOn(product, DEMO_LPR_RATES, disbursedOn);
      if (publishedBp === null) throw new RangeError(`The demo data has no LPR in effect on ${disbursedOn}; add an earlier fixing.`);
      const rateBp = publishedBp - discountBp;
      const agency = d.agency ? lookup(agencies, d.agency, "guarantee agency") : null;

      const need = await findOrCreate(
        em,
        FinancingNeed,
        { firmId: firm.id, description: Like(`${d.marker}%`) },
        {
          firmId: firm.id,
          amount: money(d.principal),
          termMonths: d.termMonths,
          purpose: d.needPurpose,
          collateralOffered: d.collateral,
          acceptsGuarantee: agency !== null,
          maxAnnualRateBp: null,
          neededBy: disbursedOn,
          renewalOfLoanId: null,
          description: `${d.marker}${d.needDescription}`,
          status: FinancingNeedStatus.FINANCED,
          createdAt: instantOn(addDays(submittedOn, -1)),
        },
        tally,
        "financing needs",
      );
      const application = await findOrCreate(
        em,
        Application,
        { needId: need.id, productId: product.id },
        {
          needId: need.id,
          productId: product.id,
          guaranteeAgencyId: agency?.id ?? null,
          guaranteeDecision: agency ? GuaranteeDecision.ACCEPTED : null,
          guaranteeFeeBp: agency ? d.guaranteeFeeBp : null,
          dockingEventId: d.dockingEvent ? lookup(events, d.dockingEvent, "docking event").id : null,
          status: ApplicationStatus.DISBURSED,
          approvedAmount: money(d.principal),
          approvedRateBp: rateBp,
          approvedTermMonths: d.termMonths,
          submittedAt: instantOn(submittedOn),
          reviewStartedAt: instantOn(addDays(submittedOn, 1)),
          approvedAt: instantOn(approvedOn, 16),
          closedAt: instantOn(disbursedOn, 15),
          createdAt: instantOn(submittedOn),
        },
        tally,
        "applications",
      );
      const loan = await findOrCreate(
        em,
        Loan,
        { applicationId: application.id },
        {
          applicationId: application.id,
          firmId: firm.id,
          institutionId: product.institutionId,
          productId: product.id,
          guaranteeAgencyId: agency?.id ?? null,
          certificationId: cert?.id ?? null,
          tierAtDisbursement: cert?.tier ?? null,
          levelAtDisbursement: cert?.level ?? null,
          principal: money(d.principal),
          outstanding: money(d.outstanding),
          annualRateBp: rateBp,
          guaranteeFeeBp: agency ? d.guaranteeFeeBp : null,
          collateral: d.collateral,
          disbursedOn,
          maturesOn,
          closedOn: null,
          status: LoanStatus.PERFORMING,
          renewsLoanId: null,
          createdAt: instantOn(disbursedOn, 15),
        },
        tally,
        "loans",
      );
      loans.set(d.marker, loan);
    }

    // Financing needs: open ones in every region, a renewal, a selected-banks one, a withdrawn one.
    for (const d of DEMO_NEEDS) {
      const firm = lookup(firms, d.firm, "firm");
      await findOrCreate(
        em,
        FinancingNeed,
        { firmId: firm.id, description: Like(`${d.marker}%`) },
        {
          firmId: firm.id,
          amount: money(d.amount),
          termMonths: d.termMonths,
          purpose: d.purpose,
          collateralOffered: [...d.collateralOffered],
          acceptsGuarantee: d.acceptsGuarantee,
          maxAnnualRateBp: d.maxAnnualRateBp,
          neededBy: at(d.neededBy),
          renewalOfLoanId: d.renewalOfLoan ? lookup(loans, d.renewalOfLoan, "loan").id : null,
          description: `${d.marker}${d.description}`,
          status: d.status,
          visibility: d.visibility,
          visibleTo: d.visibleTo.map((k) => lookup(institutions, k, "institution")),
          withdrawnAt: d.withdrawnDaysAgo === undefined ? null : instantOn(addDays(today, -d.withdrawnDaysAgo)),
          // A withdrawn need was posted before it was withdrawn.
          ...(d.withdrawnDaysAgo === undefined ? {} : { createdAt: instantOn(addDays(today, -d.withdrawnDaysAgo - 10)) }),
        },
        tally,
        "financing needs",
      );
    }

    const openNeeds = DEMO_NEEDS.filter((n) => n.status === FinancingNeedStatus.OPEN).length;
    const parts = [
      `${DEMO_REGIONS.length} regions`,
      ...[
        "institutions",
        "firms",
        "certifications",
        "LPR rates",
        "loan products",
        "tier discounts",
        "guarantee agencies",
        "guarantee agreements",
        "incentive policies",
        "docking events",
      ].map((kind) => `${tally.get(kind)} ${kind}`),
      `${tally.get("financing needs")} financing needs (${openNeeds} open)`,
      `${tally.get("applications")} applications`,
      `${tally.get("loans")} loans`,
    ];
    return { created: true, summary: parts.join(", ") };
  });
}
