import { regionServes } from "./codes";
import { CertificationTier, LoanProductStatus, RENEWAL_CATEGORIES, type LoanProductCategory } from "./enums";
import { describeAmount } from "./matching/evaluate";
import { wan, type Fen } from "./money";
import { tierRank } from "./tier";

/**
 * Quota utilisation (额度使用情况), the pure part (docs/reporting.md, "Quota utilisation"): the
 * utilisation ratio and seed 000's exclusive-line rule. The figures are summed in SQL
 * (src/modules/report/quota-utilization.service.ts), whose per-bank count of exclusive products
 * mirrors `exclusiveLineCheck` and takes its constants from here.
 *
 * Seed 000 (晋城, 《关于促进专精特新中小企业高质量发展的若干措施》 §(六)): "支持辖区内金融机构量身定做专精特新和小巨人
 * 企业品牌专属融资产品，预留规模不低于1亿元的授信额度". The model has no "exclusive" flag; a product is an
 * exclusive product line (专属信贷产品) of that rule when it is made for 专精特新 and 小巨人 firms
 * only and offered in 晋城:
 * - its minimum tier is SPECIALIZED_SME or higher (an 创新型 or uncertified firm cannot borrow it);
 * - it lends new money: not a renewal category (无还本续贷 and 接力贷 carry existing balances over
 *   and are a separate measure of the same paragraph, "开展无还本续贷业务");
 * - it serves 晋城: one of its served regions covers 140500 or lies inside it;
 * - it is ACTIVE (an archived product no longer offers its line).
 * Such a product must reserve at least 1亿元 (reserved_quota ≥ 100000000.00).
 */

/** 1亿元: the smallest reserved line of an exclusive product (seed 000). */
export const EXCLUSIVE_LINE_MIN_FEN: Fen = wan(10_000);
/** 晋城市: the jurisdiction of seed 000's rule. */
export const EXCLUSIVE_LINE_REGION = "140500";
/** The lowest minimum tier that makes a product exclusive to 专精特新 and 小巨人 firms. */
export const EXCLUSIVE_MIN_TIER = CertificationTier.SPECIALIZED_SME;

/** What the exclusive-line rule reads of a product. */
export interface ExclusiveLineProduct {
  status: LoanProductStatus;
  category: LoanProductCategory;
  minTier: CertificationTier | null;
  servedRegionCodes: readonly string[];
  reservedQuotaFen: Fen;
}

export interface ExclusiveLineCheck {
  /** Null when the rule does not apply to the product; else whether the reserve is ≥ 1亿元. */
  meets: boolean | null;
  /** Why the rule applies or not, and the figures. */
  explanation: string;
}

/** Does a served region code overlap 晋城 (cover all of it, or lie inside it)? */
function servesJincheng(code: string): boolean {
  return regionServes(code, EXCLUSIVE_LINE_REGION) || code.startsWith(EXCLUSIVE_LINE_REGION.slice(0, 4));
}

/** Seed 000's exclusive-line rule on one product (see the module comment). */
export function exclusiveLineCheck(p: ExclusiveLineProduct): ExclusiveLineCheck {
  const notApplicable = (why: string): ExclusiveLineCheck => ({
    meets: null,
    explanation: `Not an exclusive product line of seed 000 (晋城专属信贷产品): ${why}.`,
  });
  if (p.minTier === null || tierRank(p.minTier) < tierRank(EXCLUSIVE_MIN_TIER)) {
    return notApplicable(`its minimum tier is ${p.minTier ?? "none"}, below ${EXCLUSIVE_MIN_TIER}, so it is not made for 专精特新 and 小巨人 firms only`);
  }
  if (RENEWAL_CATEGORIES.includes(p.category)) return notApplicable(`it is a renewal product (${p.category}), which lends no new money`);
  if (!p.servedRegionCodes.some(servesJincheng)) return notApplicable(`it does not serve 晋城 (${EXCLUSIVE_LINE_REGION}); it serves ${p.servedRegionCodes.join(", ")}`);
  if (p.status !== LoanProductStatus.ACTIVE) return notApplicable(`it is ${p.status}`);
  const meets = p.reservedQuotaFen >= EXCLUSIVE_LINE_MIN_FEN;
  return {
    meets,
    explanation: `Exclusive product line of seed 000 (晋城专属信贷产品: minimum tier ${p.minTier}, serves 晋城): its reserved line of ${describeAmount(p.reservedQuotaFen)} ${
      meets ? "meets" : "falls short of"
    } the required 1亿元 (预留规模不低于1亿元)${meets ? "" : ` by ${describeAmount(EXCLUSIVE_LINE_MIN_FEN - p.reservedQuotaFen)}`}.`,
  };
}

/** Committed over reserved in basis points, rounded down (10000 = fully used); null for a zero reserve. */
export function utilizationBp(committedFen: Fen, reservedFen: Fen): number | null {
  if (reservedFen <= 0n) return null;
  return Number((committedFen * 10_000n) / reservedFen);
}
