import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { AnomalyReason, AnomalyRecordType, AnomalyRule, type AnomalyMessage } from "../../domain/anomaly-rules";
import { LocalDateScalar } from "../../graphql/scalars";
import { connectionType } from "../../graphql/pagination";

registerEnumType(AnomalyRule, {
  name: "AnomalyRule",
  description: "A rule of the lending-anomaly scan (异常放款规则), listed in this order; docs/reporting.md defines each precisely.",
  valuesConfig: {
    CERTIFICATION_NOT_IN_FORCE: {
      description:
        "认定失效放款: a loan disbursed while the firm's certification was not in force — the certification it records was revoked, expired or not yet issued on the disbursement day (as stored now), or it records none though its product requires one and the firm held none.",
    },
    RATE_ABOVE_PUBLISHED: {
      description:
        "利率高于挂牌利率: the loan's rate is above the product's published rate (fixed, or LPR in force + spread) on the day the rate was set (the approval day; for a renewal recorded with renewLoan, the renewal day).",
    },
    GUARANTEE_FEE_ABOVE_CAP: {
      description:
        "担保费率超限: the loan's guarantee fee is above the agency's published fee, the 总对总 agreement's agreed fee, or the policy cap (国办发〔2019〕6号: 100 bp up to 500万元, 150 bp above).",
    },
    QUOTA_EXCEEDED: {
      description:
        "超预留额度: the product's commitments (running loans' balances, approvals not yet disbursed), in the order they committed the line, exceed its reserved quota; each commitment past the line is one anomaly.",
    },
    RENEWAL_WITHOUT_PERFORMING_PREDECESSOR: {
      description:
        "续贷无正常原贷款: a loan of a renewal product (无还本续贷, 接力贷/年审贷) that names no loan, or whose named loan was not a performing loan of the same firm and bank, unmatured, closed by the renewal that day.",
    },
    APPROVAL_OUTSIDE_ELIGIBILITY: {
      description:
        "超准入审批: an APPROVED or DISBURSED application outside the product's eligibility on the approval day (amount, term, certification tier, region, industry, purpose, validity, required guarantee).",
    },
  },
});

registerEnumType(AnomalyReason, {
  name: "AnomalyReason",
  description: "Why a rule fired (异常原因); an anomaly lists every reason of its rule that holds.",
  valuesConfig: {
    RECORDED_CERTIFICATION_REVOKED: { description: "The certification recorded on the loan was revoked (撤销) on or before the disbursement day." },
    RECORDED_CERTIFICATION_EXPIRED: { description: "The certification recorded on the loan had expired (已过期) by the disbursement day, or is recorded EXPIRED." },
    RECORDED_CERTIFICATION_NOT_YET_ISSUED: { description: "The certification recorded on the loan was issued after the disbursement day." },
    NO_CERTIFICATION_IN_FORCE: { description: "The loan records no certification, its product requires one, and the firm held none in force that day." },
    ABOVE_PUBLISHED_RATE: { description: "The rate is above the published rate (挂牌利率) of the pricing day." },
    FEE_ABOVE_AGENCY: { description: "The fee is above the agency's published fee rate (担保机构公布费率)." },
    FEE_ABOVE_AGREEMENT: { description: "The fee is above the agreed fee of the 总对总 agreement the guarantee goes through (协议费率)." },
    FEE_ABOVE_POLICY_CAP: { description: "The fee is above the 国办发〔2019〕6号 cap for the principal: 100 bp up to 500万元, 150 bp above (政策上限)." },
    COMMITMENTS_ABOVE_RESERVE: { description: "The product's running commitments pass its reserved quota (预留授信额度) with this one." },
    NO_PREDECESSOR: { description: "The renewal names no loan it renews (无原贷款)." },
    PREDECESSOR_OTHER_FIRM: { description: "The renewed loan is another firm's." },
    PREDECESSOR_OTHER_BANK: { description: "The renewed loan was lent by another bank." },
    PREDECESSOR_MATURED: { description: "The renewed loan had matured before the renewal day (已到期)." },
    PREDECESSOR_OVERDUE: { description: "The renewed loan is OVERDUE (逾期)." },
    PREDECESSOR_CLOSED_BEFORE: { description: "The renewed loan was closed (repaid or renewed) before the renewal day." },
    PREDECESSOR_REPAID: { description: "The renewed loan was REPAID rather than renewed (已结清)." },
    PREDECESSOR_STILL_RUNNING: { description: "The renewed loan is still PERFORMING: its balance was not carried over (余额未转移)." },
    AMOUNT_OUT_OF_RANGE: { description: "The approved amount is outside the product's amount range (额度范围)." },
    TERM_OUT_OF_RANGE: { description: "The approved term is outside the product's term range (期限范围)." },
    TIER_TOO_LOW: { description: "The firm held no certification in force meeting the product's minimum tier and level (梯度不符)." },
    REGION_NOT_SERVED: { description: "The product does not serve the firm's region (服务区域不符)." },
    INDUSTRY_NOT_SERVED: { description: "The product does not serve the firm's industry (行业不符)." },
    PURPOSE_NOT_ALLOWED: { description: "The product does not fund the need's purpose (用途不符)." },
    OUTSIDE_VALIDITY: { description: "The approval day is outside the product's validity window (产品有效期外)." },
    GUARANTEE_MISSING: { description: "The product requires a government guarantee and none was accepted (缺少政府性融资担保)." },
  },
});

registerEnumType(AnomalyRecordType, {
  name: "AnomalyRecordType",
  description: "The kind of a record an anomaly names (涉及记录类型).",
  valuesConfig: {
    LOAN: { description: "A loan (放款), `loan(id)`." },
    APPLICATION: { description: "An application (融资申请), `application(id)`." },
    PRODUCT: { description: "A loan product (贷款产品), `loanProduct(id)`." },
    CERTIFICATION: { description: "A certification (梯度认定), `certification(id)`." },
    GUARANTEE_AGENCY: { description: "A government guarantee agency (政府性融资担保机构), `guaranteeAgency(id)`." },
    GUARANTEE_AGREEMENT: { description: "A 总对总 bank–agency agreement (银担合作协议), `guaranteeAgreement(id)`." },
    FIRM: { description: "A firm (企业), `firm(id)`." },
  },
});

@ObjectType({ description: "A record an anomaly names (涉及记录): its kind and id." })
export class AnomalyRecord {
  @Field(() => AnomalyRecordType, { description: "The kind of record (记录类型)." })
  type!: AnomalyRecordType;

  @Field(() => ID, { description: "The record's id (记录ID)." })
  id!: string;
}

@ObjectType({
  description:
    "One lending anomaly (异常放款): the rule it breaks, why, a sentence naming the figures, the records involved and the audit events that created or changed them (docs/reporting.md, \"Anomalies\").",
})
export class LendingAnomaly {
  @Field(() => ID, { description: "Stable id of the anomaly (异常ID): the rule and the loan's or application's id." })
  id!: string;

  @Field(() => AnomalyRule, { description: "The rule broken (规则)." })
  rule!: AnomalyRule;

  @Field(() => [AnomalyReason], { description: "Why it fired (原因), every reason of the rule that holds." })
  reasons!: AnomalyReason[];

  @Field(() => LocalDateScalar, { description: "The day the anomaly is about (日期): the loan's disbursement day, or the application's approval day (China time)." })
  day!: string;

  /** Rendered in the request's language by LendingAnomalyResolver.message (Accept-Language). */
  @Field(() => String, { description: 'What is wrong, with the figures (说明), e.g. "Rate 520 bp exceeds the product\'s published 450 bp (…) on 2026-03-02 …".' })
  message!: AnomalyMessage;

  @Field(() => [AnomalyRecord], { description: "The records involved (涉及记录), the loan or application first." })
  records!: AnomalyRecord[];

  /** The loan the anomaly is about or involves (field resolver `loan`). */
  loanId!: string | null;
  /** The application (field resolver `application`). */
  applicationId!: string | null;
  /** The loan's or application's product (field resolver `product`). */
  productId!: string;
}

/** A page of anomalies, `LendingAnomalyConnection` in the schema. */
export const LendingAnomalyConnection = connectionType(LendingAnomaly, "LendingAnomaly", "lending anomaly");
