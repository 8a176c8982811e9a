/**
 * The message catalogue: every sentence the API answers with (errors, input violations, match
 * explanations, anomaly sentences), in English and in Simplified Chinese (zh-CN). Code never builds
 * a sentence: it names a key and its parameters (`msg("need.withdrawn", { … })`, src/i18n/message.ts)
 * and the answer is rendered in the request's language (docs/architecture.md, "Errors").
 *
 * Adding a message is one change here: a key, and `m<Params>(en, zh)`. The types make a key
 * without both texts, or a `msg` call with other parameters, a compile error. Chinese follows
 * the usage of the policy documents (seeds/) and of bank and regulator notices: 融资需求,
 * 贷款产品, 担保机构, 认定, 预留授信额度, 统一社会信用代码…
 */
import type { Locale } from "./locale";

/** One message: its English and Chinese templates over the same parameters. */
export interface Entry<P> {
  readonly en: (p: P) => string;
  readonly zh: (p: P) => string;
}

function m<P extends object = {}>(en: (p: P) => string, zh: (p: P) => string): Entry<P> {
  return { en, zh };
}

// ---------------------------------------------------------------------------------------------
// Words the templates share.

/** Chinese names of enum values, for the Chinese templates (English keeps the codes). */
const ZH_LABEL: Readonly<Record<string, string>> = {
  // CertificationTier / CertificationLevel / CertificationStatus
  INNOVATIVE_SME: "创新型中小企业",
  SPECIALIZED_SME: "专精特新中小企业",
  LITTLE_GIANT: "专精特新“小巨人”企业",
  SINGLE_CHAMPION: "制造业单项冠军企业",
  MUNICIPAL: "市级",
  PROVINCIAL: "省级",
  NATIONAL: "国家级",
  // FinancingNeedStatus / ApplicationStatus / LoanStatus / LoanProductStatus / GuaranteeDecision
  OPEN: "待对接",
  MATCHED: "已匹配",
  FINANCED: "已融资",
  WITHDRAWN: "已撤回",
  EXPIRED: "已过期",
  SUBMITTED: "已提交",
  UNDER_REVIEW: "审核中",
  APPROVED: "已审批",
  DISBURSED: "已放款",
  REJECTED: "已拒绝",
  PERFORMING: "正常",
  OVERDUE: "逾期",
  REPAID: "已结清",
  RENEWED: "已续贷",
  ACTIVE: "有效",
  ARCHIVED: "已下架",
  REVOKED: "已撤销",
  REQUESTED: "待担保机构决定",
  ACCEPTED: "已同意担保",
  DECLINED: "已拒绝担保",
  // LoanProductCategory
  SRDI_LOAN: "专精特新贷",
  RENEWAL_WITHOUT_REPAYMENT: "无还本续贷",
  FACTORY_LOAN: "厂房贷",
  TECH_UPGRADE_LOAN: "技改贷",
  CREDIT_LOAN: "信用贷",
  IP_PLEDGE_LOAN: "知识产权质押贷",
  RECEIVABLES_FINANCING: "应收账款融资",
  REVOLVING_LOAN: "循环贷",
  RELAY_LOAN: "接力贷",
  FINANCIAL_LEASING: "融资租赁",
  PARK_LOAN: "园区贷",
  RISK_SHARING_LOAN: "风险分担贷",
  // FinancingPurpose
  WORKING_CAPITAL: "流动资金",
  R_AND_D: "研发投入",
  TECH_UPGRADE: "技术改造",
  COMMERCIALIZATION: "成果转化",
  FIXED_ASSETS: "固定资产投资",
  RENEWAL: "续贷",
  SUPPLY_CHAIN: "供应链融资",
  // CollateralType
  NONE: "无（纯信用）",
  REAL_ESTATE: "不动产抵押",
  EQUIPMENT: "设备抵押",
  MOVABLE_ASSETS: "动产抵质押",
  INTELLECTUAL_PROPERTY: "知识产权质押",
  RECEIVABLES: "应收账款质押",
  EQUITY: "股权质押",
  // PricingType / FirmSize / IncentiveKind
  FIXED: "固定利率",
  LPR_SPREAD: "LPR加点",
  MICRO: "微型",
  SMALL: "小型",
  MEDIUM: "中型",
  LARGE: "大型",
  INTEREST_SUBSIDY: "贴息",
  GUARANTEE_FEE_SUBSIDY: "担保费补贴",
  RISK_COMPENSATION: "风险补偿",
  CERTIFICATION_AWARD: "认定奖励",
  LISTING_AWARD: "上市奖励",
  // Roles
  FIRM: "企业",
  BANK: "银行",
  GUARANTOR: "担保机构",
  BUREAU: "工信/金融主管部门",
  REGULATOR: "监管部门",
  ADMIN: "平台管理员",
};

/** The Chinese name of an enum value (its code when it has none). */
export function zhLabel(value: string | null | undefined): string {
  if (value == null) return "";
  return ZH_LABEL[value] ?? value;
}

const zhList = (values: readonly string[]): string => values.map(zhLabel).join("、");

/** The records a NOT_FOUND error can name, and their Chinese names. */
const RECORD_ZH = {
  Record: "记录",
  Firm: "企业",
  "Firm with credit code": "该统一社会信用代码对应的企业",
  FinancialInstitution: "金融机构",
  LoanProduct: "贷款产品",
  FinancingNeed: "融资需求",
  Application: "融资申请",
  Loan: "贷款",
  Certification: "认定记录",
  GuaranteeAgency: "担保机构",
  GuaranteeAgreement: "总对总合作协议",
  IncentivePolicy: "激励政策",
  DockingEvent: "对接活动",
  AuditEvent: "审计记录",
} as const;
export type RecordType = keyof typeof RECORD_ZH;

/** What an ownership or jurisdiction check is about, as the English and Chinese sentences name it. */
const SUBJECT_ZH = {
  "The agency": "该担保机构",
  "The application": "该融资申请",
  "The application's loan product": "该融资申请对应的贷款产品",
  "The application's product": "该融资申请对应的贷款产品",
  "The certified firm": "该认定企业",
  "The firm": "该企业",
  "The guarantee request": "该担保申请",
  "The institution": "该金融机构",
  "The loan to renew": "拟续贷的贷款",
  "The loan": "该笔贷款",
  "The need": "该融资需求",
  "The new region": "新的行政区划",
  "The policy": "该激励政策",
  "The product": "该贷款产品",
  "The renewal product": "续贷产品",
} as const;
export type Subject = keyof typeof SUBJECT_ZH;

/** "filter.to" as a Chinese sentence names it: 「filter.to」. */
const q = (field: string) => `“${field}”`;

// ---------------------------------------------------------------------------------------------
// The catalogue.

export const messages = {
  // Transitional: a sentence not yet in the catalogue (removed once every site names a key).
  "legacy.text": m<{ text: string }>(
    (p) => p.text,
    (p) => p.text,
  ),

  // Envelopes.
  "validation.summary": m<{ items: ReadonlyArray<{ field: string; text: { in(locale: Locale): string } }> }>(
    (p) => p.items.map((v) => `${v.field}: ${v.text.in("en")}`).join("; "),
    (p) => p.items.map((v) => `${v.field}：${v.text.in("zh")}`).join("；"),
  ),
  "record.notFound": m<{ recordType: RecordType; id: string; field?: string }>(
    (p) => `${p.recordType} ${p.id} does not exist${p.field ? ` (${p.field})` : ""}.`,
    (p) => `${RECORD_ZH[p.recordType]} ${p.id} 不存在${p.field ? `（${p.field}）` : ""}。`,
  ),
  "internal.masked": m(
    () => "Internal server error. It has been logged; please retry or contact the platform operator.",
    () => "服务器内部错误，已记录日志；请稍后重试或联系平台运营方。",
  ),

  // Request and limits (src/app.ts, src/graphql/limits.ts).
  "request.invalidJson": m(
    () => "The request body is not valid JSON.",
    () => "请求体不是合法的 JSON。",
  ),
  "limits.bodyTooLarge": m<{ limitBytes: number }>(
    (p) => `The request body is over the ${p.limitBytes}-byte limit; send a smaller query or fewer variables.`,
    (p) => `请求体超过 ${p.limitBytes} 字节的上限；请缩短查询或减少变量。`,
  ),
  "limits.depth": m<{ depth: number; maxDepth: number }>(
    (p) => `The query is ${p.depth} levels deep; the limit is ${p.maxDepth}. Ask for fewer nested levels, or split the query.`,
    (p) => `查询嵌套 ${p.depth} 层，上限为 ${p.maxDepth} 层。请减少嵌套层级，或拆分查询。`,
  ),
  "limits.cost": m<{ cost: number; maxCost: number }>(
    (p) => `The query's estimated cost is ${p.cost}; the limit is ${p.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
    (p) => `查询的预估开销为 ${p.cost}，上限为 ${p.maxCost}。请减小分页大小（first）或减少嵌套列表。`,
  ),
  "limits.rate": m<{ perMinute: number; retryAfter: number }>(
    (p) => `Rate limit reached: at most ${p.perMinute} requests a minute per token. Retry in ${p.retryAfter} s.`,
    (p) => `请求过于频繁：每个令牌每分钟最多 ${p.perMinute} 次请求。请在 ${p.retryAfter} 秒后重试。`,
  ),

  // Sign-in and access (src/modules/auth, src/domain/access.ts).
  "auth.signIn": m(
    () => "Sign in: send 'Authorization: Bearer <token>' with the request.",
    () => "请先登录：在请求中携带“Authorization: Bearer <令牌>”。",
  ),
  "auth.tokenExpired": m(
    () => "The token has expired; sign in again for a new one.",
    () => "令牌已过期，请重新登录获取新令牌。",
  ),
  "auth.tokenSignature": m(
    () => "The token's signature is not valid for this server.",
    () => "令牌签名无效，本服务器无法验证。",
  ),
  "auth.tokenClaim": m<{ claim: string; reason: string }>(
    (p) => `The token's ${p.claim} claim is not accepted (${p.reason}).`,
    (p) => `令牌的 ${p.claim} 声明不被接受（${p.reason}）。`,
  ),
  "auth.tokenAlgorithm": m(
    () => "The token is signed with an algorithm this server does not accept.",
    () => "令牌使用了本服务器不接受的签名算法。",
  ),
  "auth.tokenKey": m(
    () => "No key of this server matches the token's key id.",
    () => "本服务器没有与令牌密钥标识（kid）匹配的密钥。",
  ),
  "auth.tokenMalformed": m(
    () => "The token is malformed: send a JWT as 'Authorization: Bearer <token>'.",
    () => "令牌格式错误：请以“Authorization: Bearer <令牌>”的形式发送 JWT。",
  ),
  "auth.noSubject": m(
    () => "The token has no subject (sub claim).",
    () => "令牌缺少主体（sub 声明）。",
  ),
  "auth.unknownRole": m<{ role: string; roles: readonly string[] }>(
    (p) => `The token's role '${p.role}' is not one of ${p.roles.join(", ")}.`,
    (p) => `令牌中的角色“${p.role}”无效，应为 ${p.roles.join("、")} 之一。`,
  ),
  "auth.orgIdFormat": m(
    () => "The token's orgId is not a record id of this platform.",
    () => "令牌中的 orgId 不是本平台的记录标识。",
  ),
  "auth.orgIdRequired": m<{ role: string }>(
    (p) => `A ${p.role} token must carry the orgId of its organisation.`,
    (p) => `${zhLabel(p.role)}令牌必须携带其所属机构的 orgId。`,
  ),
  "auth.firmOrgRequired": m(
    () => "A FIRM token must carry the firm's orgId, or a creditCode for onboarding.",
    () => "企业令牌必须携带企业的 orgId，或用于入驻注册的统一社会信用代码（creditCode）。",
  ),
  "auth.regionRequired": m<{ role: string }>(
    (p) => `A ${p.role} token must carry the 6-digit regionCode of its jurisdiction.`,
    (p) => `${zhLabel(p.role)}令牌必须携带其辖区的 6 位行政区划代码（regionCode）。`,
  ),
  "access.roleNotAllowed": m<{ role: string; operation: string; roles: readonly string[] }>(
    (p) => `${p.role} callers may not run ${p.operation}; it is for ${p.roles.join(", ")}.`,
    (p) => `${zhLabel(p.role)}用户无权执行 ${p.operation}；该操作仅限${zhList(p.roles)}用户。`,
  ),
  "access.otherOrganisation": m<{ what: Subject; role: string }>(
    (p) => `${p.what} belongs to another organisation; a ${p.role} may only act for its own.`,
    (p) => `${SUBJECT_ZH[p.what]}属于其他机构，无权访问；${zhLabel(p.role)}用户只能办理本机构的业务。`,
  ),
  "access.outsideRegion": m<{ what: Subject; regionCode: string; jurisdiction: string | null }>(
    (p) => `${p.what} (region ${p.regionCode}) is outside your jurisdiction (${p.jurisdiction}).`,
    (p) => `${SUBJECT_ZH[p.what]}（行政区划 ${p.regionCode}）不在您的辖区（${p.jurisdiction}）内，无权操作。`,
  ),
  "auth.headerFormat": m(
    () => "The Authorization header must be 'Bearer <token>'.",
    () => "Authorization 请求头的格式必须为“Bearer <令牌>”。",
  ),

  // Field rules shared by every input (src/domain/validate.ts, dates, money, codes, credit code, scalars, paging).
  "text.required": m(
    () => "must not be empty.",
    () => "不能为空。",
  ),
  "text.maxLength": m<{ max: number; length: number }>(
    (p) => `must be at most ${p.max} characters, got ${p.length}.`,
    (p) => `长度不能超过 ${p.max} 个字符，当前为 ${p.length} 个。`,
  ),
  "int.range": m<{ min: number; max: number; got: number }>(
    (p) => `must be a whole number from ${p.min} to ${p.max}, got ${p.got}.`,
    (p) => `必须为 ${p.min} 至 ${p.max} 之间的整数，当前为 ${p.got}。`,
  ),
  "bp.range": m<{ min: number; max: number; got: number }>(
    (p) => `must be whole basis points from ${p.min} to ${p.max} (345 = 3.45%), got ${p.got}.`,
    (p) => `必须为 ${p.min} 至 ${p.max} 之间的整数基点（345 即 3.45%），当前为 ${p.got}。`,
  ),
  "range.atLeastField": m<{ minField: string }>(
    (p) => `must be at least ${p.minField}.`,
    (p) => `不能小于 ${p.minField}。`,
  ),
  "range.atLeast": m<{ minField: string; min: number; got: number }>(
    (p) => `must be at least ${p.minField} (${p.min}), got ${p.got}.`,
    (p) => `不能小于 ${p.minField}（${p.min}），当前为 ${p.got}。`,
  ),
  "range.notAfterField": m<{ otherField: string }>(
    (p) => `must not be after ${p.otherField}.`,
    (p) => `不能晚于 ${p.otherField}。`,
  ),
  "list.required": m(
    () => "must list at least one value.",
    () => "至少须填写一项。",
  ),
  "date.format": m<{ raw: string }>(
    (p) => `'${p.raw}' is not a calendar date in the form YYYY-MM-DD.`,
    (p) => `“${p.raw}”不是 YYYY-MM-DD 格式的日期。`,
  ),
  "date.order": m<{ strict: boolean; fromField: string; from: string; got: string }>(
    (p) => `must be ${p.strict ? "after" : "on or after"} ${p.fromField} (${p.from}), got ${p.got}.`,
    (p) => `必须${p.strict ? "晚于" : "不早于"} ${p.fromField}（${p.from}），当前为 ${p.got}。`,
  ),
  "date.notFuture": m<{ today: string }>(
    (p) => `must not be after today (${p.today}).`,
    (p) => `不能晚于今天（${p.today}）。`,
  ),
  "date.type": m<{ got: string }>(
    (p) => `got ${p.got}: send dates as strings such as "2026-11-24".`,
    (p) => `收到的是 ${p.got}：日期须以字符串形式发送，如 "2026-11-24"。`,
  ),
  "money.format": m<{ raw: string }>(
    (p) => `'${p.raw}' is not an amount in yuan: use a decimal string with at most two decimals and no exponent, e.g. "8000000.00".`,
    (p) => `“${p.raw}”不是以元为单位的金额：请使用最多两位小数、不含指数的十进制字符串，如 "8000000.00"。`,
  ),
  "money.positive": m(
    () => "must be greater than zero.",
    () => "金额必须为正数。",
  ),
  "money.type": m<{ got: string }>(
    (p) => `got ${p.got}: send money as a decimal string such as "8000000.00", never as a number (floats lose cents).`,
    (p) => `收到的是 ${p.got}：金额须以十进制字符串发送，如 "8000000.00"，不得使用数字类型（浮点数会丢失分）。`,
  ),
  "regionCode.format": m<{ raw: string }>(
    (p) => `'${p.raw}' is not a 6-digit GB/T 2260 region code (e.g. 140500 Jincheng, 330000 Zhejiang).`,
    (p) => `“${p.raw}”不是 6 位 GB/T 2260 行政区划代码（如 140500 晋城市、330000 浙江省）。`,
  ),
  "industryCode.format": m<{ raw: string }>(
    (p) => `'${p.raw}' is not a GB/T 4754-2017 code: a section letter A-T followed by 2, 3 or 4 digits (e.g. C3911).`,
    (p) => `“${p.raw}”不是 GB/T 4754-2017 国民经济行业分类代码：应为门类字母 A-T 加 2、3 或 4 位数字（如 C3911）。`,
  ),
  "creditCode.length": m<{ length: number }>(
    (p) => `must be 18 characters, got ${p.length}.`,
    (p) => `统一社会信用代码应为 18 位，当前为 ${p.length} 位。`,
  ),
  "creditCode.alphabet": m(
    () => "may only use digits and the letters A-H, J-N, P-R, T, U, W-Y (no I, O, S, V, Z); positions 3-8 must be the 6-digit region code.",
    () => "统一社会信用代码只能由数字和字母 A-H、J-N、P-R、T、U、W-Y 组成（不含 I、O、S、V、Z），第 3-8 位须为 6 位行政区划代码。",
  ),
  "creditCode.checkCharacter": m<{ got: string; expected: string }>(
    (p) => `check character is '${p.got}' but GB 32100-2015 gives '${p.expected}' for the first 17 characters; re-check the code.`,
    (p) => `校验码为“${p.got}”，但按 GB 32100-2015 由前 17 位计算应为“${p.expected}”；请核对统一社会信用代码。`,
  ),
  "idempotencyKey.required": m(
    () => "is required: send a key unique to this request (e.g. a UUID) and the same key when retrying it.",
    () => "为必填项：请为本次请求发送唯一的幂等键（如 UUID），重试时使用同一个键。",
  ),
  "idempotencyKey.format": m(
    () => 'may contain only letters A-Z and a-z, digits, "_", "-", ":" and "." (e.g. a UUID).',
    () => '只能包含字母 A-Z、a-z、数字及 "_"、"-"、":"、"."（如 UUID）。',
  ),
  "cursor.format": m<{ query?: string }>(
    (p) => `is not a cursor returned by ${p.query ?? "this API"}; pass a pageInfo.endCursor unchanged.`,
    (p) => `不是${p.query ? ` ${p.query} ` : "本接口"}返回的游标；请原样传入 pageInfo.endCursor。`,
  ),
  "page.size": m<{ max: number; got: number }>(
    (p) => `must be between 1 and ${p.max}, got ${p.got}.`,
    (p) => `必须在 1 至 ${p.max} 之间，当前为 ${p.got}。`,
  ),
  "id.format": m<{ value?: string }>(
    (p) => (p.value === undefined ? "is not a record id of this platform." : `'${p.value}' is not an id returned by this API; pass a record's id unchanged.`),
    (p) => (p.value === undefined ? "不是本平台的记录标识。" : `“${p.value}”不是本接口返回的标识；请原样传入记录的 id。`),
  ),
  "enum.value": m<{ raw: string; allowed: readonly string[] }>(
    (p) => `'${p.raw}' is not one of ${p.allowed.join(", ")}.`,
    (p) => `“${p.raw}”无效，应为 ${p.allowed.join("、")} 之一。`,
  ),
  "update.empty": m<{ besides: string }>(
    (p) => `names no field to change; pass at least one field besides ${p.besides}.`,
    (p) => `未指定要修改的字段；除 ${p.besides} 外请至少提供一个字段。`,
  ),
} as const;

export type Catalogue = typeof messages;
export { zhList, q };
