import { registerEnumType } from "type-graphql";
import * as E from "../domain/enums";
import * as M from "../domain/matching/model";
import { ReportGroupBy } from "../domain/reporting";

/**
 * Registers the domain enums with GraphQL, with a description for the type and for every value
 * (English with the Chinese term). Imported once by the schema builder.
 */
type ValueDocs<T extends Record<string, string>> = { [K in keyof T]: string };

function register<T extends Record<string, string>>(enumObj: T, name: string, description: string, values: ValueDocs<T>): void {
  registerEnumType(enumObj, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(values).map(([k, d]) => [k, { description: d }])) as never,
  });
}

register(E.CertificationTier, "CertificationTier", "梯度培育 tier of the SME quality ladder, lowest first.", {
  INNOVATIVE_SME: "创新型中小企业, renamed 科技和创新型中小企业 by the 2026 MIIT measures; both names are accepted.",
  SPECIALIZED_SME: "专精特新中小企业 (specialized, refined, distinctive and innovative SME).",
  LITTLE_GIANT: '专精特新"小巨人"企业 (SRDI "little giant").',
  SINGLE_CHAMPION: "制造业单项冠军企业 (manufacturing single champion).",
});

register(E.CertificationLevel, "CertificationLevel", "认定层级: level of government that certified, lowest first.", {
  MUNICIPAL: "市级 (city).",
  PROVINCIAL: "省级 (province).",
  NATIONAL: "国家级 (national, MIIT).",
});

register(E.CertificationStatus, "CertificationStatus", "Status of a certificate (认定状态, 有进有出).", {
  ACTIVE: "In force (有效).",
  EXPIRED: "Past its validity (已过期).",
  REVOKED: "Withdrawn after review (已撤销).",
});

register(E.FirmSize, "FirmSize", "企业规模 under the SME classification rules.", {
  MICRO: "微型企业.",
  SMALL: "小型企业.",
  MEDIUM: "中型企业.",
  LARGE: "大型企业.",
});

register(E.CreditRating, "CreditRating", "信用评级 grade from the local credit platform, best first.", {
  AAA: "AAA 级.",
  AA: "AA 级.",
  A: "A 级.",
  BBB: "BBB 级.",
  BB: "BB 级.",
  B: "B 级.",
  CCC: "CCC 级.",
  CC: "CC 级.",
  C: "C 级.",
});

register(E.InstitutionType, "InstitutionType", "金融机构类型.", {
  POLICY_BANK: "政策性银行.",
  LARGE_STATE_BANK: "国有大型商业银行.",
  JOINT_STOCK_BANK: "股份制商业银行.",
  CITY_COMMERCIAL_BANK: "城市商业银行.",
  RURAL_COMMERCIAL_BANK: "农村商业银行 / 农信社.",
  FINANCIAL_LEASING: "融资租赁公司.",
  OTHER: "其他金融机构.",
});

register(E.LoanProductCategory, "LoanProductCategory", "贷款产品类别 named in the policy documents.", {
  SRDI_LOAN: "专精特新贷: general-purpose loan for certified firms.",
  RENEWAL_WITHOUT_REPAYMENT: "无还本续贷: renewal with no principal repaid in between.",
  FACTORY_LOAN: "厂房贷: plant and land purchase or construction.",
  TECH_UPGRADE_LOAN: "技改贷: technical upgrading and equipment.",
  CREDIT_LOAN: "信用贷: no collateral, priced on tax, payroll and settlement data.",
  IP_PLEDGE_LOAN: "知识产权质押融资.",
  RECEIVABLES_FINANCING: "应收账款融资 / supply-chain finance.",
  REVOLVING_LOAN: "循环贷 / 随借随还.",
  RELAY_LOAN: "接力贷 / 年审贷: renewal for firms whose loan matures while they still need funds.",
  FINANCIAL_LEASING: "融资租赁.",
  PARK_LOAN: "园区贷: loans to firms in an SRDI industrial park.",
  RISK_SHARING_LOAN: "风险分担贷款 backed by a risk compensation fund, e.g. 郑科贷.",
});

register(E.FinancingPurpose, "FinancingPurpose", "融资用途.", {
  WORKING_CAPITAL: "日常资金周转 (working capital).",
  R_AND_D: "科技研发 (research and development).",
  TECH_UPGRADE: "技术改造 (technical upgrading).",
  COMMERCIALIZATION: "成果转化 (commercialising results).",
  FIXED_ASSETS: "购置固定资产: plant, land, equipment.",
  RENEWAL: "续贷: renewing an existing loan.",
  SUPPLY_CHAIN: "供应链融资 (supply-chain finance).",
});

register(E.CollateralType, "CollateralType", "担保方式: collateral offered or accepted.", {
  NONE: "信用: no collateral.",
  REAL_ESTATE: "不动产抵押.",
  EQUIPMENT: "设备抵押.",
  MOVABLE_ASSETS: "动产抵质押 (inventory, goods).",
  INTELLECTUAL_PROPERTY: "知识产权质押.",
  RECEIVABLES: "应收账款质押.",
  EQUITY: "股权质押.",
});

register(E.PricingType, "PricingType", "定价方式.", {
  FIXED: "固定利率.",
  LPR_SPREAD: "LPR 加点: the LPR in force plus a spread.",
});

register(E.LprTenor, "LprTenor", "LPR 期限品种.", {
  ONE_YEAR: "1年期 LPR.",
  FIVE_YEAR: "5年期以上 LPR.",
});

register(E.LoanProductStatus, "LoanProductStatus", "产品状态.", {
  ACTIVE: "在售: can be matched and applied for.",
  ARCHIVED: "已下架: kept for history, never matched.",
});

register(E.IncentiveKind, "IncentiveKind", "激励政策类型.", {
  INTEREST_SUBSIDY: "贴息: lowers the firm's interest cost by basis points for some months.",
  GUARANTEE_FEE_SUBSIDY: "担保费补贴: lowers the guarantee fee.",
  RISK_COMPENSATION: "风险补偿: a fund covers part of a defaulted loan's loss (e.g. 郑科贷).",
  CERTIFICATION_AWARD: "认定奖励: a one-off award on certification.",
  LISTING_AWARD: "上市奖励: a one-off award on listing.",
});

register(E.FinancingNeedStatus, "FinancingNeedStatus", "融资需求状态.", {
  OPEN: "待对接: open to matching.",
  MATCHED: "已对接: an application was approved.",
  FINANCED: "已放款: a loan was disbursed.",
  WITHDRAWN: "已撤回 by the firm.",
  EXPIRED: "已过期: past its needed-by date and grace period.",
});

register(E.NeedVisibility, "NeedVisibility", "融资需求可见范围.", {
  ALL_BANKS: "所有银行 may see the need.",
  SELECTED_BANKS: "仅指定银行: only the banks the firm named.",
});

register(E.ApplicationStatus, "ApplicationStatus", "融资申请状态; docs/workflow.md shows the transitions.", {
  SUBMITTED: "已提交: the firm applied; the bank has not started its review.",
  UNDER_REVIEW: "审批中: the bank is reviewing.",
  APPROVED: "已审批: the bank approved; the amount is committed against the product's reserved quota.",
  DISBURSED: "已放款: the loan was disbursed.",
  REJECTED: "已拒绝 by the bank, with a reason.",
  WITHDRAWN: "已撤回 by the firm; an approved amount was released.",
});

register(E.GuaranteeDecision, "GuaranteeDecision", "担保受理: the guarantee agency's answer on an application.", {
  REQUESTED: "待受理: the agency has not decided yet.",
  ACCEPTED: "已同意担保, at the fee recorded on the application.",
  DECLINED: "不予担保: the bank can only reject the application.",
});

register(E.LoanStatus, "LoanStatus", "贷款状态: where a disbursed loan stands; docs/workflow.md (Loans and renewals) shows the transitions.", {
  PERFORMING: "正常: running, interest paid; only a performing loan can be renewed.",
  OVERDUE: "逾期: payments are late; it can be repaid, not renewed.",
  REPAID: "已结清: the principal was repaid in full.",
  RENEWED: "已续贷: replaced by a renewal loan that carried its balance over (无还本续贷/接力贷).",
});

register(E.RejectionReasonCode, "RejectionReasonCode", "拒绝原因: why a bank rejected an application (regulators count rejections by reason).", {
  CREDIT_RISK: "信用风险: the firm's credit standing.",
  REPAYMENT_CAPACITY: "还款能力不足: cash flow does not support the loan.",
  INSUFFICIENT_COLLATERAL: "担保物不足: the collateral offered does not cover the loan.",
  GUARANTEE_DECLINED: "担保机构不予担保.",
  INCOMPLETE_DOCUMENTS: "材料不全: the firm did not provide what the review needs.",
  NOT_ELIGIBLE: "不符合产品准入条件 found during the review.",
  QUOTA_EXHAUSTED: "额度不足: the product's reserved quota cannot cover the loan.",
  OTHER: "其他: explained in the note (required).",
});

register(M.IneligibilityCode, "IneligibilityCode", "Why a product does not fit a need (不符合条件的原因); docs/matching.md lists each rule.", {
  PRODUCT_INACTIVE: "产品已下架: the bank archived the product.",
  OUTSIDE_VALIDITY: "不在产品有效期内 on the need's date.",
  TIER_TOO_LOW: "认定梯度或层级不足: no certification in force on the need's date meets the product's minimum.",
  REGION_NOT_SERVED: "地区不符: the product does not serve the firm's region.",
  INDUSTRY_NOT_SERVED: "行业不符: the product does not serve the firm's industry.",
  AMOUNT_BELOW_MIN: "金额低于产品下限.",
  AMOUNT_ABOVE_MAX: "金额高于产品上限.",
  TERM_BELOW_MIN: "期限短于产品下限.",
  TERM_ABOVE_MAX: "期限长于产品上限.",
  PURPOSE_NOT_ALLOWED: "用途不符: the product does not fund this purpose.",
  COLLATERAL_NOT_ACCEPTED: "担保方式不符: the product takes no collateral the firm offers and is not pure credit.",
  GUARANTEE_NOT_ACCEPTED: "需担保: the product requires a government guarantee the need does not accept.",
  NO_GUARANTEE_AVAILABLE: "无可用担保: no agency serving the firm has an agreement with the bank and capacity for the amount.",
  QUOTA_EXHAUSTED: "额度不足: the product's reserved line has less left than the amount.",
  RENEWAL_NEED_REQUIRED: "续贷产品仅用于续贷需求: the need must be a RENEWAL naming the firm's loan.",
  RENEWAL_LOAN_OTHER_BANK: "原贷款不在本行: only the lending bank renews its loan.",
  RENEWAL_LOAN_NOT_PERFORMING: "原贷款非正常: only a performing loan can be renewed.",
  RENEWAL_OUTSIDE_WINDOW: "不在续贷窗口期: the need's date is not within the product's window before maturity.",
  RENEWAL_FIRM_NOT_ELIGIBLE: "企业规模不符 无还本续贷 rules (金规〔2024〕13号).",
  NO_PRICE: "无定价: no LPR of the product's tenor had taken effect on the need's date.",
  RATE_ABOVE_MAX: "成本超过可接受最高利率: the effective cost exceeds the need's maximum rate.",
});

register(M.ComponentName, "MatchComponent", "A named part of a match score (评分维度); docs/matching.md gives the formulas and default weights.", {
  COST: "综合成本: effective cost relative to the other eligible candidates (cheapest 1).",
  SPEED: "审批时效: approval days against the days until the money is needed; green channel bonus.",
  FIT: "匹配度: category designed for the purpose, amount and term well inside the ranges.",
  TIER: "梯度匹配: products reserved for higher tiers, and the firm's own tier.",
  COLLATERAL: "担保负担: pure credit beats a rights pledge beats a mortgage.",
  RELATIONSHIP: "结对银行: the product's bank is the firm's paired bank.",
});

register(ReportGroupBy, "ReportGroupBy", "分组维度: how a lending report splits its loans (docs/reporting.md).", {
  TIER: "放款时认定梯度: tier of the certification in force at disbursement (uncertified loans in their own group).",
  LEVEL: "放款时认定层级: level of that certification (市级/省级/国家级).",
  REGION: "地区: the borrowing firm's registered region code.",
  BANK: "贷款银行: the lending financial institution.",
  CATEGORY: "产品类别: category of the loan product.",
  MONTH: "放款月份: calendar month of the disbursement day, China time (YYYY-MM).",
});

register(E.FirmWarningCode, "FirmWarningCode", "企业信息提示: what an accepted firm record has that a person should check.", {
  CREDIT_CODE_REGION_MISMATCH:
    "信用代码地区不一致: the region in the credit code (positions 3-8, the issuing authority's region) is not the firm's registered region.",
});
