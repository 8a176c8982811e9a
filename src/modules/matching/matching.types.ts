import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { CertificationLevel, CertificationStatus, CertificationTier, LoanStatus } from "../../domain/enums";
import { ComponentName, IneligibilityCode, type IneligibilityReason, type ScoredMatch } from "../../domain/matching";
import { formatMoney } from "../../domain/money";
import type { Message } from "../../i18n";
import { PageInfo } from "../../graphql/pagination";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";
import type { LoanProduct } from "../loan-product/loan-product.entity";
import { LoanProduct as LoanProductType } from "../loan-product/loan-product.entity";
import { FinancingNeed } from "../need/financing-need.entity";

@ObjectType("MatchCost", { description: "Effective annual cost of a match and its parts, basis points (综合年化成本, 345 = 3.45%)." })
export class MatchCost {
  @Field(() => Int, { description: "rateBp − tierDiscountBp − subsidyBp + guaranteeFeeBp (综合成本)." })
  totalBp!: number;

  @Field(() => Int, { description: "Published rate on the match date: fixed, or the LPR in force plus the spread (挂牌利率)." })
  rateBp!: number;

  @Field(() => Int, { description: "Discount for the firm's effective tier (梯度优惠利率)." })
  tierDiscountBp!: number;

  @Field(() => Int, { description: "Interest subsidies the firm qualifies for, averaged over the term (贴息)." })
  subsidyBp!: number;

  @Field(() => Int, { description: "Fee of the cheapest eligible guarantee, net of guarantee-fee subsidies; 0 without a guarantee (担保费率)." })
  guaranteeFeeBp!: number;
}

@ObjectType("MatchScoreComponent", { description: "One explained part of a match score (评分维度)." })
export class MatchScoreComponent {
  @Field(() => ComponentName, { description: "Which component (维度)." })
  name!: ComponentName;

  @Field(() => Int, { description: "Its weight in this request (权重); the score divides by the sum of the weights." })
  weight!: number;

  @Field(() => Float, { description: "Its value, from 0 to 1 (得分)." })
  value!: number;

  @Field({ description: "Why it has this value, in a sentence (说明)." })
  explanation!: string;
}

@ObjectType("MatchReasonCertification", { description: "The certificate behind a TIER_TOO_LOW reason (相关认定证书), with its status on the match date." })
export class MatchReasonCertification {
  @Field(() => ID, { description: "The certification's id (认定记录ID)." })
  id!: string;

  @Field({ description: "Certificate number (证书编号)." })
  certificateNo!: string;

  @Field(() => CertificationTier, { description: "Tier certified (梯度层级)." })
  tier!: CertificationTier;

  @Field(() => CertificationLevel, { description: "Level of the certifying government (认定层级)." })
  level!: CertificationLevel;

  @Field(() => LocalDateScalar, { description: "Date of issue (认定日期)." })
  issuedOn!: string;

  @Field(() => LocalDateScalar, { description: "Last day of validity, inclusive (有效期至)." })
  expiresOn!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Date it was revoked (撤销日期), if it was." })
  revokedOn!: string | null;

  @Field(() => CertificationStatus, { nullable: true, description: "Its status on the match date (匹配日状态): ACTIVE but too low, EXPIRED or REVOKED; null when it is not yet issued that day." })
  statusOn!: CertificationStatus | null;
}

@ObjectType("MatchReasonQuota", { description: "The product's reserved line behind a QUOTA_EXHAUSTED reason (预留额度)." })
export class MatchReasonQuota {
  @Field(() => DecimalScalar, { description: "Reserved quota left on the product, yuan (剩余预留额度)." })
  remaining!: string;

  @Field(() => DecimalScalar, { description: "The amount the need asks, yuan (需求金额)." })
  requested!: string;
}

@ObjectType("MatchReasonGuarantee", {
  description: "The guarantee agency that came closest, behind a NO_GUARANTEE_AVAILABLE reason (最接近的担保机构): it serves the firm and has an agreement with the bank in force, but the amount exceeds one of its limits.",
})
export class MatchReasonGuarantee {
  @Field(() => ID, { description: "The agency's id (担保机构ID)." })
  agencyId!: string;

  @Field({ description: "The agency's name (担保机构名称)." })
  agencyName!: string;

  @Field(() => ID, { description: "Its 总对总 agreement with the product's bank (合作协议ID)." })
  agreementId!: string;

  @Field(() => DecimalScalar, { description: "The amount the need asks, yuan (需求金额)." })
  requested!: string;

  @Field(() => DecimalScalar, { description: "Largest amount the agency guarantees per firm, yuan (单户担保上限)." })
  maxAmountPerFirm!: string;

  @Field(() => DecimalScalar, { description: "Guarantee capacity the agency has left, yuan (剩余担保能力)." })
  capacityRemaining!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "What is left of the agreement's own line, yuan (协议剩余额度); null when it sets none." })
  agreementLineRemaining!: string | null;
}

@ObjectType("MatchReasonLoan", { description: "The loan to renew behind a renewal reason (待续贷贷款)." })
export class MatchReasonLoan {
  @Field(() => ID, { description: "The loan's id (贷款ID)." })
  id!: string;

  @Field(() => LoanStatus, { description: "Its status (贷款状态)." })
  status!: LoanStatus;

  @Field(() => LocalDateScalar, { description: "Its maturity date (到期日)." })
  maturesOn!: string;

  @Field(() => LocalDateScalar, { description: "First day of the product's renewal window before that maturity (续贷窗口起始日)." })
  windowOpensOn!: string;
}

@ObjectType("MatchReasonDetails", { description: "The records behind a failed rule (原因明细); only the part of the rule's record is set." })
export class MatchReasonDetails {
  @Field(() => MatchReasonCertification, { nullable: true, description: "TIER_TOO_LOW: the certificate that lapsed, was revoked, is not yet in force, or is too low." })
  certification!: MatchReasonCertification | null;

  @Field(() => MatchReasonQuota, { nullable: true, description: "QUOTA_EXHAUSTED: the line left and the amount asked." })
  quota!: MatchReasonQuota | null;

  @Field(() => MatchReasonGuarantee, { nullable: true, description: "NO_GUARANTEE_AVAILABLE: the agency that came closest; null when none serves the firm with an agreement in force." })
  guarantee!: MatchReasonGuarantee | null;

  @Field(() => MatchReasonLoan, { nullable: true, description: "RENEWAL_LOAN_OTHER_BANK, RENEWAL_LOAN_NOT_PERFORMING, RENEWAL_OUTSIDE_WINDOW, RENEWAL_FIRM_NOT_ELIGIBLE: the loan to renew." })
  loan!: MatchReasonLoan | null;
}

@ObjectType("MatchIneligibilityReason", { description: "One rule a product fails for a need (不符合原因)." })
export class MatchIneligibilityReason {
  @Field(() => IneligibilityCode, { description: "The rule's stable code (规则代码)." })
  code!: IneligibilityCode;

  /** Rendered in the request's language by MatchIneligibilityReasonResolver. */
  @Field(() => String, { description: "What fails and by how much, for a person (说明); names the certificate, line, agency or loan at fault." })
  message!: Message;

  @Field(() => MatchReasonDetails, { nullable: true, description: "The records behind the failure (原因明细); null when no record is the cause (e.g. an amount outside the product's range)." })
  details!: MatchReasonDetails | null;
}

@InputType("MatchWeightsInput", {
  description: "Custom weights of the score's components (自定义权重): whole numbers 0–1000; omitted ones keep their default, at least one must be positive.",
})
export class MatchWeightsInput {
  @Field(() => Int, { nullable: true, description: "Weight of COST (综合成本), default 30." })
  cost?: number | null;

  @Field(() => Int, { nullable: true, description: "Weight of SPEED (审批时效), default 15." })
  speed?: number | null;

  @Field(() => Int, { nullable: true, description: "Weight of FIT (匹配度), default 20." })
  fit?: number | null;

  @Field(() => Int, { nullable: true, description: "Weight of TIER (梯度匹配), default 15." })
  tier?: number | null;

  @Field(() => Int, { nullable: true, description: "Weight of COLLATERAL (担保负担), default 10." })
  collateral?: number | null;

  @Field(() => Int, { nullable: true, description: "Weight of RELATIONSHIP (结对银行), default 10." })
  relationship?: number | null;
}

/** The weights input as the engine names components. */
export function weightsFromInput(input: MatchWeightsInput | null | undefined): Partial<Record<ComponentName, number | null>> | null {
  if (!input) return null;
  return {
    [ComponentName.COST]: input.cost,
    [ComponentName.SPEED]: input.speed,
    [ComponentName.FIT]: input.fit,
    [ComponentName.TIER]: input.tier,
    [ComponentName.COLLATERAL]: input.collateral,
    [ComponentName.RELATIONSHIP]: input.relationship,
  };
}

/** What both directions show of a scored pair. */
@ObjectType({ description: "What both matching directions show of a scored pair." })
abstract class ScoredPair {
  @Field(() => Float, { description: "Score from 0 to 100, two decimals (匹配得分); 0 when ineligible." })
  score!: number;

  @Field(() => [MatchScoreComponent], { description: "The weighted components the score sums (评分明细)." })
  components!: MatchScoreComponent[];

  @Field(() => Int, {
    description:
      "Approval days (预计审批天数): the product's, or fewer when the chosen guarantee's 总对总 agreement waives the bank's due diligence (见担即贷) and declares its own.",
  })
  estimatedApprovalDays!: number;

  @Field(() => LocalDateScalar, { description: "Date the rules were checked on: the need's needed-by date, or today once that has passed (匹配日期)." })
  matchDate!: string;

  /** Read by the guaranteeAgency field resolver. */
  guaranteeAgencyId!: string | null;
}

@ObjectType("ProductMatch", { description: "A loan product ranked for a financing need (产品匹配结果), with its score, reasons and cost." })
export class ProductMatch extends ScoredPair {
  @Field(() => LoanProductType, { description: "The product (贷款产品)." })
  product!: LoanProduct;

  @Field({ description: "Whether every eligibility rule holds (是否符合条件)." })
  eligible!: boolean;

  @Field(() => [MatchIneligibilityReason], { description: "Every rule the product fails; empty when eligible (不符合原因)." })
  reasons!: MatchIneligibilityReason[];

  @Field(() => MatchCost, { nullable: true, description: "Effective annual cost and its parts; null only when the product has no price on the match date (NO_PRICE)." })
  cost!: MatchCost | null;

  @Field(() => DecimalScalar, { description: "Reserved quota left on the product, yuan (剩余预留额度)." })
  quotaRemaining!: string;
}

@ObjectType("ProductMatchEdge", { description: "A loan product ranked for a financing need, with its cursor (产品匹配结果)." })
export class ProductMatchEdge {
  @Field({ description: "Opaque cursor of this edge, for `after`." })
  cursor!: string;

  @Field(() => ProductMatch, { description: "The ranked product: the entry matchesForNeed lists (产品匹配结果)." })
  node!: ProductMatch;
}

@ObjectType("ProductMatchConnection", { description: "Loan products ranked for a financing need, best first (为需求推荐产品, Relay connection)." })
export class ProductMatchConnection {
  @Field(() => [ProductMatchEdge], { description: "The products of this page, best first." })
  edges!: ProductMatchEdge[];

  @Field(() => PageInfo, { description: "Paging information." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Number of ranked products across all pages: the eligible ones, and the ineligible ones too with includeIneligible (总数)." })
  totalCount!: number;
}

@ObjectType("NeedMatchEdge", { description: "An open financing need ranked for a product (需求匹配结果), with its cursor." })
export class NeedMatchEdge extends ScoredPair {
  @Field({ description: "Opaque cursor of this edge, for `after`." })
  cursor!: string;

  @Field(() => FinancingNeed, { description: "The need (融资需求)." })
  node!: FinancingNeed;

  @Field(() => MatchCost, { description: "Effective annual cost for this firm and its parts (综合成本)." })
  cost!: MatchCost;
}

@ObjectType("NeedMatchConnection", { description: "Open needs a product is eligible for, best first (可对接需求, Relay connection)." })
export class NeedMatchConnection {
  @Field(() => [NeedMatchEdge], { description: "The needs of this page, best first." })
  edges!: NeedMatchEdge[];

  @Field(() => PageInfo, { description: "Paging information." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Number of eligible open needs the bank may see, across all pages (总数)." })
  totalCount!: number;
}

function scoredPair(m: ScoredMatch): ScoredPair {
  return {
    score: m.score,
    components: m.components.map((c) => ({ ...c })),
    estimatedApprovalDays: m.estimatedApprovalDays,
    matchDate: m.matchDate,
    guaranteeAgencyId: m.guarantee?.agencyId ?? null,
  };
}

export function toProductMatch(m: ScoredMatch, product: LoanProduct): ProductMatch {
  return Object.assign(new ProductMatch(), scoredPair(m), {
    product,
    eligible: m.eligible,
    reasons: m.reasons.map(toReason),
    cost: m.cost ? { ...m.cost } : null,
    quotaRemaining: formatMoney(m.quotaRemainingFen < 0n ? 0n : m.quotaRemainingFen),
  });
}

export function toNeedMatchEdge(m: ScoredMatch, node: FinancingNeed, cursor: string): NeedMatchEdge {
  return Object.assign(new NeedMatchEdge(), scoredPair(m), { cursor, node, cost: { ...m.cost! } });
}

function toReason(r: IneligibilityReason): MatchIneligibilityReason {
  const d = r.details;
  return {
    code: r.code,
    message: r.message,
    details: d ? { certification: d.certification ?? null, quota: d.quota ?? null, guarantee: d.guarantee ?? null, loan: d.loan ?? null } : null,
  };
}
