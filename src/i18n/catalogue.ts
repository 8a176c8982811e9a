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

/** The reports a scope check is about. */
const REPORT_ZH = {
  "Lending reports": "贷款统计报表",
  "Quota utilisation reports": "额度使用报表",
  "Lending anomaly scans": "异常放款筛查",
} as const;
export type ReportKind = keyof typeof REPORT_ZH;

/** A message as a parameter of another (a reason inside a refusal): rendered in the same language. */
type Text = { in(locale: Locale): string };

/** Why the application workflow refuses an action (src/domain/application-workflow.ts). */
export interface WorkflowRefusal {
  kind: "FINAL" | "POSSIBLE" | "NO_GUARANTEE" | "GUARANTEE_DECIDED" | "GUARANTEE_PENDING" | "GUARANTEE_DECLINED";
  possible?: readonly string[];
  decision?: string;
}

/** "800万元" for whole 万元, else "1234.56元" (both languages: the amounts as a CFO reads them). */
function amount(fen: bigint): string {
  if (fen % 1_000_000n === 0n) return `${fen / 1_000_000n}万元`;
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}元`;
}

/** "120 bp" / "120 个基点": a rate or fee in basis points. */
const bp = (n: number): string => `${n} bp`;
const zhBp = (n: number): string => `${n} 个基点`;

/** "a, b and c" (English lists of clauses). */
function enList(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** A certificate as the anomaly sentences name it (src/domain/tier.ts NamedCertificate). */
export interface CertificateWords {
  certificateNo: string;
  tier: string;
  level: string;
  issuedOn: string;
  expiresOn: string;
  revokedOn: string | null;
}

const enCertificate = (c: CertificateWords): string => `certificate ${c.certificateNo} (${c.level} ${c.tier}, valid ${c.issuedOn} to ${c.expiresOn})`;
const zhCertificate = (c: CertificateWords): string => `证书 ${c.certificateNo}（${zhLabel(c.level)}${zhLabel(c.tier)}，有效期 ${c.issuedOn} 至 ${c.expiresOn}）`;

/** What a product requires: "PROVINCIAL SPECIALIZED_SME" / "省级专精特新中小企业认定". */
const enRequirement = (minTier: string | null, minLevel: string | null): string => [minLevel, minTier].filter(Boolean).join(" ") || "a certification";
const zhRequirement = (minTier: string | null, minLevel: string | null): string =>
  minTier === null && minLevel === null ? "具备有效认定" : `具备${zhLabel(minLevel)}${minTier === null ? "" : zhLabel(minTier)}认定`;

// ---------------------------------------------------------------------------------------------
// The catalogue.

export const messages = {
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
  // The abuse limits (src/graphql/limit-errors.ts, docs/access.md "Abuse limits").
  "limits.tokens": m<{ maxTokens: number }>(
    (p) => `The query has more than ${p.maxTokens} tokens (names, punctuation and values); the limit is ${p.maxTokens}. Send a shorter query: fewer fields, or variables instead of long literal values.`,
    (p) => `查询的词法单元（名称、标点和值）超过 ${p.maxTokens} 个，上限为 ${p.maxTokens} 个。请缩短查询：减少字段，或用变量代替较长的字面值。`,
  ),
  "limits.aliases": m<{ aliases: number; maxAliases: number }>(
    (p) => `The query uses ${p.aliases} aliases; the limit is ${p.maxAliases}. Use fewer aliases: ask for one list with a filter instead of the same field under many names, or split the query.`,
    (p) => `查询使用了 ${p.aliases} 个别名，上限为 ${p.maxAliases} 个。请减少别名：用带筛选条件的一个列表代替以多个别名重复查询同一字段，或拆分查询。`,
  ),
  "limits.directives": m<{ directives: number; maxDirectives: number }>(
    (p) => `The query uses ${p.directives} directives; the limit is ${p.maxDirectives}. Use fewer directives, e.g. one @include on a fragment instead of one on each field.`,
    (p) => `查询使用了 ${p.directives} 个指令，上限为 ${p.maxDirectives} 个。请减少指令，例如在片段上使用一个 @include，而不是在每个字段上各用一个。`,
  ),
  "limits.fieldRepeats": m<{ field: string; repeats: number; maxFieldRepeats: number }>(
    (p) => `The field '${p.field}' is selected ${p.repeats} times at one place of the query; the limit is ${p.maxFieldRepeats}. Select each field once.`,
    (p) => `字段“${p.field}”在查询的同一位置被选择了 ${p.repeats} 次，上限为 ${p.maxFieldRepeats} 次。每个字段请只选择一次。`,
  ),
  "limits.depth": m<{ depth: number; maxDepth: number }>(
    (p) => `The query is ${p.depth} levels deep; the limit is ${p.maxDepth}. Ask for fewer nested levels, or split the query.`,
    (p) => `查询嵌套 ${p.depth} 层，上限为 ${p.maxDepth} 层。请减少嵌套层级，或拆分查询。`,
  ),
  "limits.cost": m<{ cost: number; maxCost: number }>(
    (p) => `The query's estimated cost is ${p.cost}; the limit is ${p.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
    (p) => `查询的预估开销为 ${p.cost}，上限为 ${p.maxCost}。请减小分页大小（first）或减少嵌套列表。`,
  ),
  "limits.expandedFields": m<{ fields: number; maxCost: number }>(
    (p) => `The query selects ${p.fields} fields once its fragments are expanded, and each field costs at least 1; the cost limit is ${p.maxCost}. Spread fewer fragments, or split the query.`,
    (p) => `展开片段后查询共选择 ${p.fields} 个字段，每个字段开销至少为 1，开销上限为 ${p.maxCost}。请减少片段展开，或拆分查询。`,
  ),
  "limits.expandedSelections": m<{ selections: number; maxSelections: number }>(
    (p) => `The query has ${p.selections} selections once its fragments are expanded; the limit is ${p.maxSelections}. Spread fewer fragments, or split the query.`,
    (p) => `展开片段后查询共有 ${p.selections} 个选择项，上限为 ${p.maxSelections} 个。请减少片段展开，或拆分查询。`,
  ),
  "limits.rate": m<{ requested: number; remaining: number; costPerWindow: number; windowSeconds: number; retryAfter: number }>(
    (p) => `Rate limit reached: this request costs ${p.requested} points and ${p.remaining} of the ${p.costPerWindow} points a token may spend in ${p.windowSeconds} s are left. Retry in ${p.retryAfter} s, or ask for less (smaller pages, fewer fields).`,
    (p) => `已达到调用频率上限：本次请求需消耗 ${p.requested} 点，每个令牌每 ${p.windowSeconds} 秒可用 ${p.costPerWindow} 点，当前剩余 ${p.remaining} 点。请在 ${p.retryAfter} 秒后重试，或减少请求内容（更小的分页、更少的字段）。`,
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
  "regionCode.unknown": m<{ code: string }>(
    (p) => `'${p.code}' is not a province, prefecture or county in the current GB/T 2260 table (e.g. 140581 is 高平市, 140500 晋城市).`,
    (p) => `“${p.code}”不是现行 GB/T 2260 行政区划代码表中的省、地、县级代码（如 140581 高平市、140500 晋城市）。`,
  ),
  "industryCode.noSection": m<{ code: string; section: string }>(
    (p) => `'${p.code}' is not a GB/T 4754-2017 industry code: there is no section (门类) ${p.section}.`,
    (p) => `“${p.code}”不是 GB/T 4754-2017 国民经济行业分类代码：不存在门类 ${p.section}。`,
  ),
  "industryCode.noDivision": m<{ code: string; division: string }>(
    (p) => `'${p.code}' is not a GB/T 4754-2017 industry code: there is no division (大类) ${p.division}.`,
    (p) => `“${p.code}”不是 GB/T 4754-2017 国民经济行业分类代码：不存在大类 ${p.division}。`,
  ),
  "industryCode.wrongSection": m<{ code: string; division: string; owner: string; section: string }>(
    (p) => `'${p.code}' is not a GB/T 4754-2017 industry code: division (大类) ${p.division} belongs to section ${p.owner}, not ${p.section}.`,
    (p) => `“${p.code}”不是 GB/T 4754-2017 国民经济行业分类代码：大类 ${p.division} 属于门类 ${p.owner}，而非 ${p.section}。`,
  ),
  "creditCode.registrationAuthority": m<{ char: string }>(
    (p) => `position 1 is '${p.char}', which is no registration authority of GB 32100-2015 (1, 2, 3, 4, 5, 6, 7, 8, 9, A, N or Y; 9 for a company).`,
    (p) => `第 1 位为“${p.char}”，不是 GB 32100-2015 规定的登记管理部门代码（1-9、A、N 或 Y；企业为 9）。`,
  ),
  "creditCode.organisationType": m<{ char: string; authority: string; authorityName: string; allowed: string }>(
    (p) => `position 2 is '${p.char}', which is no organisation type of registration authority ${p.authority} ${p.authorityName} (allowed: ${p.allowed}).`,
    (p) => `第 2 位为“${p.char}”，不是登记管理部门 ${p.authority}（${p.authorityName}）的机构类别代码（可用：${p.allowed}）。`,
  ),
  "creditCode.region": m<{ part: string }>(
    (p) => `positions 3-8 are '${p.part}', which is in no province of GB/T 2260 (the registering authority's region code, e.g. 140500).`,
    (p) => `第 3-8 位为“${p.part}”，不属于 GB/T 2260 中的任何省级行政区（应为登记管理机关的行政区划代码，如 140500）。`,
  ),
  "creditCode.organisationCheckCharacter": m<{ got: string; expected: string }>(
    (p) => `position 17 is '${p.got}' but GB 11714 gives '${p.expected}' for the organisation code's first 8 characters (positions 9-16); re-check the code.`,
    (p) => `第 17 位为“${p.got}”，但按 GB 11714 由主体标识码前 8 位（第 9-16 位）计算应为“${p.expected}”；请核对统一社会信用代码。`,
  ),
  "firm.creditCodeRegionMismatch": m<{ codeRegion: string; firmRegion: string }>(
    (p) => `The credit code was issued in region ${p.codeRegion} (positions 3-8) but the firm is registered in ${p.firmRegion}; check that both are right.`,
    (p) => `统一社会信用代码的登记地区为 ${p.codeRegion}（第 3-8 位），而企业注册地区为 ${p.firmRegion}；请核对两者是否正确。`,
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
  ),  "nodes.size": m<{ max: number; got: number }>(
    (p) => `must name at most ${p.max} ids, got ${p.got}.`,
    (p) => `最多可查询 ${p.max} 个 id，当前为 ${p.got} 个。`,
  ),
  "id.global": m(
    () => "is a raw UUID; node and nodes take global ids: send 'X-Srdi-Global-Ids: 1' and pass the `id` a record answers.",
    () => "这是原始 UUID；node 和 nodes 只接受全局 id：请在请求中发送“X-Srdi-Global-Ids: 1”，并传入记录返回的 id。",
  ),
  "cursor.order": m<{ cursorOrder: string; order: string }>(
    (p) => `is a cursor of the order ${p.cursorOrder}, not of ${p.order}; page with the order the cursor came from, or start again without after.`,
    (p) => `该游标属于排序 ${p.cursorOrder}，而非 ${p.order}；请使用与游标相同的排序翻页，或去掉 after 从头开始。`,
  ),
  "instant.format": m(
    () => "is not an instant.",
    () => "不是有效的时间点。",
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

  // Loans: disbursement, repayment, renewal (src/domain/loan-rules.ts).
  "date.notAfterToday": m<{ today: string; got: string }>(
    (p) => `must not be after today (${p.today}), got ${p.got}.`,
    (p) => `不能晚于今天（${p.today}），当前为 ${p.got}。`,
  ),
  "date.notPast": m<{ today: string; got: string }>(
    (p) => `must be today (${p.today}) or later, got ${p.got}.`,
    (p) => `不能早于今天（${p.today}），当前为 ${p.got}。`,
  ),
  "disbursement.future": m<{ today: string; got: string }>(
    (p) => `must not be after today (${p.today}): record a disbursement once the money has been paid out, got ${p.got}.`,
    (p) => `不能晚于今天（${p.today}）：请在资金实际发放后再登记放款，当前为 ${p.got}。`,
  ),
  "disbursement.beforeApproval": m<{ approvedOn: string; got: string }>(
    (p) => `must be on or after the day the application was approved (${p.approvedOn}), got ${p.got}.`,
    (p) => `不能早于融资申请的审批日（${p.approvedOn}），当前为 ${p.got}。`,
  ),
  "disbursement.needWithdrawn": m(
    () => "Cannot disburse on a need that is WITHDRAWN: the firm withdrew it; the firm must withdraw the application (releasing its quota) or submit a new need.",
    () => "该融资需求已撤回，不能放款：企业已撤回该需求；企业应撤回此融资申请（释放所占额度），或重新提交融资需求。",
  ),
  "repayment.notRepayable": m<{ status: string; renewed: boolean }>(
    (p) =>
      `Cannot record a repayment on a loan that is ${p.status}: ${p.renewed ? "its balance was carried over to the renewal loan; record the repayment there." : "it is repaid in full."}`,
    (p) => `该笔贷款状态为${zhLabel(p.status)}，不能登记还款：${p.renewed ? "其余额已转入续贷贷款，请在续贷贷款上登记还款。" : "该贷款已全部结清。"}`,
  ),
  "repayment.aboveBalance": m<{ balance: string; got: string }>(
    (p) => `must not exceed the outstanding balance of ${p.balance} yuan, got ${p.got}.`,
    (p) => `不能超过贷款余额 ${p.balance} 元，当前为 ${p.got} 元。`,
  ),
  "loan.beforeDisbursement": m<{ disbursedOn: string; got: string }>(
    (p) => `must be on or after the day the loan was disbursed (${p.disbursedOn}), got ${p.got}.`,
    (p) => `不能早于贷款发放日（${p.disbursedOn}），当前为 ${p.got}。`,
  ),
  "renewal.future": m<{ today: string; got: string }>(
    (p) => `must not be after today (${p.today}): record a renewal once it has taken effect, got ${p.got}.`,
    (p) => `不能晚于今天（${p.today}）：请在续贷生效后再登记，当前为 ${p.got}。`,
  ),
  "renewal.refused": m<{ loanId: string; productId: string; on: string; reasons: ReadonlyArray<{ in(locale: Locale): string }> }>(
    (p) => `Loan ${p.loanId} cannot be renewed with product ${p.productId} on ${p.on}: ${p.reasons.map((r) => r.in("en")).join(" ")}`,
    (p) => `贷款 ${p.loanId} 于 ${p.on} 不能以贷款产品 ${p.productId} 续贷：${p.reasons.map((r) => r.in("zh")).join("")}`,
  ),
  "renewal.amountNotBalance": m<{ balance: string; got: string; less: boolean }>(
    (p) =>
      `must equal the loan's outstanding balance of ${p.balance} yuan (the renewal carries the whole balance over), got ${p.got}; ${
        p.less ? "to renew less, record the repayment of the difference first (recordRepayment)." : "lending more is new money: the firm applies for it (applyForProduct)."
      }`,
    (p) =>
      `必须等于贷款余额 ${p.balance} 元（续贷承接全部余额），当前为 ${p.got} 元；${
        p.less ? "如需减少续贷金额，请先登记差额部分的还款（recordRepayment）。" : "超出部分属于新增贷款，应由企业另行申请（applyForProduct）。"
      }`,
  ),
  "rate.abovePublished": m<{ publishedBp: number; on: string; got: number }>(
    (p) => `must not exceed the product's published rate of ${p.publishedBp} bp on ${p.on}, got ${p.got}.`,
    (p) => `不能高于该贷款产品 ${p.on} 的挂牌利率 ${p.publishedBp} 个基点，当前为 ${p.got}。`,
  ),
  "renewal.notRenewalProduct": m<{ category: string }>(
    (p) => `is a ${p.category} product; a loan is renewed with a RENEWAL_WITHOUT_REPAYMENT (无还本续贷) or RELAY_LOAN (接力贷/年审贷) product.`,
    (p) => `该产品为${zhLabel(p.category)}产品；续贷须使用无还本续贷（RENEWAL_WITHOUT_REPAYMENT）或接力贷/年审贷（RELAY_LOAN）产品。`,
  ),

  // Financing needs (src/domain/need-rules.ts).
  "purpose.unknown": m<{ raw: string; allowed: readonly string[] }>(
    (p) => `'${p.raw}' is not a financing purpose; use one of ${p.allowed.join(", ")}.`,
    (p) => `“${p.raw}”不是有效的融资用途，应为 ${p.allowed.join("、")} 之一。`,
  ),
  "collateral.unknown": m<{ unknown: readonly string[]; allowed: readonly string[] }>(
    (p) => `${p.unknown.join(", ")} is not a collateral type; use one of ${p.allowed.join(", ")}.`,
    (p) => `${p.unknown.join("、")} 不是有效的担保方式，应为 ${p.allowed.join("、")} 之一。`,
  ),
  "collateral.none": m(
    () => "must not contain NONE: leave the list empty to borrow on credit only, or list the collateral the firm can pledge.",
    () => "不能包含 NONE：纯信用融资请留空，否则请列出企业可提供的抵质押物。",
  ),
  "renewal.loanRequired": m(
    () => "is required when purpose is RENEWAL: name the existing loan to renew.",
    () => "融资用途为续贷（RENEWAL）时为必填项：请指明需要续贷的现有贷款。",
  ),
  "renewal.purposeMismatch": m<{ purpose: string }>(
    (p) => `is only allowed when purpose is RENEWAL (got ${p.purpose}): set purpose to RENEWAL, or leave renewalOfLoanId out.`,
    (p) => `仅在融资用途为续贷（RENEWAL）时可填（当前为 ${p.purpose}）：请将用途设为 RENEWAL，或不填 renewalOfLoanId。`,
  ),
  "visibility.unknown": m<{ raw: string }>(
    (p) => `'${p.raw}' is not a visibility; use ALL_BANKS or SELECTED_BANKS.`,
    (p) => `“${p.raw}”不是有效的可见范围，应为 ALL_BANKS 或 SELECTED_BANKS。`,
  ),
  "visibility.banksRequired": m(
    () => "must name at least one bank when visibility is SELECTED_BANKS, or use visibility ALL_BANKS.",
    () => "可见范围为指定银行（SELECTED_BANKS）时，至少须指定一家银行；或将可见范围设为 ALL_BANKS。",
  ),
  "visibility.tooManyBanks": m<{ max: number; got: number }>(
    (p) => `may name at most ${p.max} banks, got ${p.got}; use visibility ALL_BANKS to show the need to every bank.`,
    (p) => `最多可指定 ${p.max} 家银行，当前为 ${p.got} 家；如需向所有银行展示该融资需求，请将可见范围设为 ALL_BANKS。`,
  ),
  "visibility.banksForbidden": m(
    () => "must be empty when visibility is ALL_BANKS: every bank sees the need; use visibility SELECTED_BANKS to show it only to the banks named.",
    () => "可见范围为全部银行（ALL_BANKS）时须留空：所有银行均可查看该融资需求；如仅向指定银行展示，请将可见范围设为 SELECTED_BANKS。",
  ),

  // Reports (src/domain/reporting.ts, lending-report.ts).
  "id.institution": m<{ value: string }>(
    (p) => `'${p.value}' is not a financial institution id (a UUID).`,
    (p) => `“${p.value}”不是金融机构标识（UUID）。`,
  ),

  // Match explanations: the ineligibility reasons (src/domain/matching/evaluate.ts).
  "sentences": m<{ parts: readonly Text[] }>(
    (p) => p.parts.map((t) => t.in("en")).join(" "),
    (p) => p.parts.map((t) => t.in("zh")).join(""),
  ),
  "match.productInactive": m(
    () => "The product has been archived by its bank.",
    () => "该贷款产品已被银行下架。",
  ),
  "match.outsideValidity": m<{ validFrom: string; validTo: string | null; on: string }>(
    (p) => `The product is offered from ${p.validFrom}${p.validTo ? ` to ${p.validTo}` : ""}; the money is needed on ${p.on}.`,
    (p) => `该产品的受理期为 ${p.validFrom}${p.validTo ? ` 至 ${p.validTo}` : " 起"}；融资需求的用款日为 ${p.on}。`,
  ),
  "match.tierTooLow": m<{
    minLevel: string | null;
    minTier: string | null;
    on: string;
    held: { level: string; tier: string; certificateNo: string; expiresOn: string } | null;
  }>(
    (p) =>
      `The product requires at least ${[p.minLevel, p.minTier].filter(Boolean).join(" ")}; on ${p.on} the firm holds ${
        p.held ? `${p.held.level} ${p.held.tier} (certificate ${p.held.certificateNo}, valid to ${p.held.expiresOn})` : "no certification in force"
      }.`,
    (p) =>
      `该产品要求企业至少具有${zhLabel(p.minLevel)}${p.minTier ? zhLabel(p.minTier) : "认定"}资格；截至 ${p.on}，企业${
        p.held ? `持有${zhLabel(p.held.level)}${zhLabel(p.held.tier)}认定（证书编号 ${p.held.certificateNo}，有效期至 ${p.held.expiresOn}）` : "无有效期内的认定"
      }。`,
  ),
  "match.certificate": m<{ certificateNo: string; level: string; tier: string; state: "REVOKED" | "NOT_YET" | "EXPIRED" | "RECORDED_EXPIRED" | "IN_FORCE"; day: string }>(
    (p) => {
      const named = `Its certificate ${p.certificateNo} (${p.level} ${p.tier})`;
      switch (p.state) {
        case "REVOKED":
          return `${named} was revoked on ${p.day}.`;
        case "NOT_YET":
          return `${named} is in force only from ${p.day}.`;
        case "EXPIRED":
          return `${named} expired on ${p.day}.`;
        case "RECORDED_EXPIRED":
          return `${named} is recorded as expired (valid to ${p.day}).`;
        case "IN_FORCE":
          return `${named} is in force to ${p.day}.`;
      }
    },
    (p) => {
      const named = `其证书 ${p.certificateNo}（${zhLabel(p.level)}${zhLabel(p.tier)}）`;
      switch (p.state) {
        case "REVOKED":
          return `${named}已于 ${p.day} 被撤销。`;
        case "NOT_YET":
          return `${named}自 ${p.day} 起方才生效。`;
        case "EXPIRED":
          return `${named}已于 ${p.day} 到期。`;
        case "RECORDED_EXPIRED":
          return `${named}已登记为过期（有效期至 ${p.day}）。`;
        case "IN_FORCE":
          return `${named}有效期至 ${p.day}。`;
      }
    },
  ),
  "match.regionNotServed": m<{ served: readonly string[]; regionCode: string }>(
    (p) => `The product serves ${p.served.join(", ")}; the firm is registered in ${p.regionCode}.`,
    (p) => `该产品服务地区为 ${p.served.join("、")}；企业注册地为 ${p.regionCode}。`,
  ),
  "match.industryNotServed": m<{ served: readonly string[]; industryCode: string }>(
    (p) => `The product serves industries ${p.served.join(", ")}; the firm's industry is ${p.industryCode}.`,
    (p) => `该产品服务行业为 ${p.served.join("、")}；企业所属行业为 ${p.industryCode}。`,
  ),
  "match.amountBelowMin": m<{ minFen: bigint; askedFen: bigint }>(
    (p) => `The product lends at least ${amount(p.minFen)}; the need asks ${amount(p.askedFen)}.`,
    (p) => `该产品最低贷款金额为${amount(p.minFen)}；融资需求金额为${amount(p.askedFen)}。`,
  ),
  "match.amountAboveMax": m<{ maxFen: bigint; askedFen: bigint }>(
    (p) => `The product lends at most ${amount(p.maxFen)}; the need asks ${amount(p.askedFen)}.`,
    (p) => `该产品最高贷款金额为${amount(p.maxFen)}；融资需求金额为${amount(p.askedFen)}。`,
  ),
  "match.termBelowMin": m<{ min: number; asked: number }>(
    (p) => `The product's shortest term is ${p.min} months; the need asks ${p.asked}.`,
    (p) => `该产品最短期限为 ${p.min} 个月；融资需求期限为 ${p.asked} 个月。`,
  ),
  "match.termAboveMax": m<{ max: number; asked: number }>(
    (p) => `The product's longest term is ${p.max} months; the need asks ${p.asked}.`,
    (p) => `该产品最长期限为 ${p.max} 个月；融资需求期限为 ${p.asked} 个月。`,
  ),
  "match.purposeNotAllowed": m<{ purposes: readonly string[]; purpose: string }>(
    (p) => `The product funds ${p.purposes.join(", ")}, not ${p.purpose}.`,
    (p) => `该产品支持的资金用途为${zhList(p.purposes)}，不支持${zhLabel(p.purpose)}。`,
  ),
  "match.collateralNotAccepted": m<{ accepted: readonly string[]; offered: readonly string[] }>(
    (p) => `The product accepts ${p.accepted.join(", ")}; the firm offers ${p.offered.length ? p.offered.join(", ") : "none (credit only)"}.`,
    (p) => `该产品接受的担保方式为${zhList(p.accepted)}；企业可提供${p.offered.length ? zhList(p.offered) : "无（仅申请信用贷款）"}。`,
  ),
  "match.quotaExhausted": m<{ leftFen: bigint; askedFen: bigint }>(
    (p) => `The product's reserved line has ${amount(p.leftFen)} left; the need asks ${amount(p.askedFen)}.`,
    (p) => `该产品的预留授信额度仅剩${amount(p.leftFen)}；融资需求金额为${amount(p.askedFen)}。`,
  ),
  "match.guaranteeNotAccepted": m(
    () => "The product requires a government guarantee; the need does not accept one.",
    () => "该产品须由政府性融资担保机构提供担保；该融资需求不接受担保。",
  ),
  "match.noGuarantee": m<{ regionCode: string; tier: string | null; on: string; askedFen: bigint }>(
    (p) =>
      `No guarantee agency serving ${p.regionCode}${p.tier ? ` and ${p.tier}` : ""} has an agreement with the product's bank in force on ${p.on} and ${amount(p.askedFen)} of capacity left.`,
    (p) =>
      `没有服务于 ${p.regionCode}${p.tier ? `、${zhLabel(p.tier)}` : ""}的担保机构在 ${p.on} 与该产品所属银行签有有效的合作协议，且剩余担保能力不低于${amount(p.askedFen)}。`,
  ),
  "match.guaranteeShortfall": m<{ agencyName: string; perFirmFen: bigint | null; capacityFen: bigint | null; lineFen: bigint | null }>(
    (p) => {
      const limits: string[] = [];
      if (p.perFirmFen !== null) limits.push(`guarantees at most ${amount(p.perFirmFen)} per firm`);
      if (p.capacityFen !== null) limits.push(`has ${amount(p.capacityFen)} of capacity left`);
      if (p.lineFen !== null) limits.push(`has ${amount(p.lineFen)} left on its 总对总 line with the product's bank`);
      return `The closest, ${p.agencyName}, ${limits.join(" and ")}.`;
    },
    (p) => {
      const limits: string[] = [];
      if (p.perFirmFen !== null) limits.push(`单户担保上限为${amount(p.perFirmFen)}`);
      if (p.capacityFen !== null) limits.push(`剩余担保能力为${amount(p.capacityFen)}`);
      if (p.lineFen !== null) limits.push(`与该产品所属银行的总对总合作额度仅剩${amount(p.lineFen)}`);
      return `最接近的担保机构为${p.agencyName}，其${limits.join("，且")}。`;
    },
  ),
  "match.noPrice": m<{ tenor: string | null | undefined; on: string }>(
    (p) => `No ${p.tenor} LPR had taken effect by ${p.on}, so the product has no price that day.`,
    (p) => `截至 ${p.on} 尚无已生效的${p.tenor === "FIVE_YEAR" ? "5年期" : "1年期"} LPR，该产品当日无法定价。`,
  ),
  "match.rateAboveMax": m<{ totalBp: number; maxBp: number | null }>(
    (p) => `The effective annual cost is ${p.totalBp} bp; the need accepts at most ${p.maxBp} bp.`,
    (p) => `综合年化融资成本为 ${p.totalBp} 个基点；该融资需求可接受的最高利率为 ${p.maxBp} 个基点。`,
  ),
  "match.renewalNeedRequired": m(
    () => "A renewal product only renews an existing loan: submit a RENEWAL need naming the loan.",
    () => "续贷产品仅用于现有贷款的续贷：请提交用途为续贷（RENEWAL）并指明该笔贷款的融资需求。",
  ),
  "match.renewalLoanOtherBank": m<{ maturesOn: string }>(
    (p) => `The loan to renew (maturing ${p.maturesOn}) is with another bank; only the lending bank can renew it.`,
    (p) => `拟续贷的贷款（到期日 ${p.maturesOn}）属于其他银行；只有原贷款银行可以办理续贷。`,
  ),
  "match.renewalLoanNotPerforming": m<{ maturesOn: string; status: string }>(
    (p) => `The loan to renew (maturing ${p.maturesOn}) is ${p.status}; only a performing loan can be renewed.`,
    (p) => `拟续贷的贷款（到期日 ${p.maturesOn}）状态为${zhLabel(p.status)}；只有正常类贷款可以续贷。`,
  ),
  "match.renewalOutsideWindow": m<{ maturesOn: string; opens: string; on: string }>(
    (p) => `The loan matures on ${p.maturesOn}; this product renews from ${p.opens} to that day, and the renewal would start on ${p.on}.`,
    (p) => `该贷款于 ${p.maturesOn} 到期；本产品受理续贷的期间为 ${p.opens} 至到期日，而续贷起始日为 ${p.on}。`,
  ),
  "match.renewalMediumFirm": m<{ limit: string; maturesOn: string }>(
    (p) => `无还本续贷 reaches medium-sized firms only for loans maturing by ${p.limit} (金规〔2024〕13号); this one matures on ${p.maturesOn}.`,
    (p) => `中型企业仅 ${p.limit} 前到期的贷款可办理无还本续贷（金规〔2024〕13号）；该笔贷款于 ${p.maturesOn} 到期。`,
  ),
  "match.renewalFirmSize": m(
    () => "无还本续贷 is for small, micro and (until 2027-09-30) medium-sized firms (金规〔2024〕13号).",
    () => "无还本续贷适用于小型、微型企业及（2027-09-30 前）中型企业（金规〔2024〕13号）。",
  ),
  "renewal.amountDiffers": m<{ approvedFen: bigint; balanceFen: bigint; step: "APPROVAL" | "DISBURSEMENT" }>(
    (p) =>
      `The approved ${amount(p.approvedFen)} differs from the loan's outstanding ${amount(p.balanceFen)}: a renewal carries the whole balance over; ${
        p.step === "APPROVAL"
          ? "approve the whole balance (the firm's need must ask for at least that much), or record the firm's repayment of the difference first (recordRepayment)."
          : "record a repayment of the difference first, or withdraw and re-apply."
      }`,
    (p) =>
      `审批金额${amount(p.approvedFen)}与贷款余额${amount(p.balanceFen)}不一致：续贷须承接全部余额；${
        p.step === "APPROVAL"
          ? "请按全部余额审批（企业融资需求金额不得低于该余额），或先登记企业对差额部分的还款（recordRepayment）。"
          : "请先登记差额部分的还款，或撤回后重新申请。"
      }`,
  ),
  "renewal.maturedBeforeApproval": m<{ approvedOn: string }>(
    (p) => `It matured before the approval day (${p.approvedOn}), so no disbursement can renew it any more; reject the application (NOT_ELIGIBLE).`,
    (p) => `该贷款已于审批日（${p.approvedOn}）前到期，此后任何放款均无法续贷；请拒绝该融资申请（NOT_ELIGIBLE）。`,
  ),

  "renewal.guaranteeNotCarried": m(
    () => "The renewal product requires a government guarantee and the loan to renew has none to carry over; renew with a product that lends without one.",
    () => "该续贷产品须有政府性融资担保，而拟续贷的贷款没有可承接的担保；请改用无需担保的产品续贷。",
  ),

  // Applications (src/domain/application-rules.ts, application-workflow.ts).
  "application.needNotOpen": m<{ status: string }>(
    (p) => `The need is ${p.status}: applications are taken only on OPEN or MATCHED needs; submit a new financing need if the firm still needs financing.`,
    (p) => `该融资需求${zhLabel(p.status)}：仅待对接或已匹配的融资需求可以申请；如企业仍有融资需要，请重新提交融资需求。`,
  ),
  "application.needExpired": m<{ expiredAfter: string; neededBy: string }>(
    (p) => `The need expired after ${p.expiredAfter} (needed by ${p.neededBy} plus the grace period); submit a new financing need with a current date.`,
    (p) => `该融资需求已于 ${p.expiredAfter} 后过期（用款日 ${p.neededBy} 加宽限期）；请以当前日期重新提交融资需求。`,
  ),
  "approval.aboveNeed": m<{ needFen: bigint; gotFen: bigint }>(
    (p) => `must not exceed the ${amount(p.needFen)} the firm asked for, got ${amount(p.gotFen)}.`,
    (p) => `不能超过企业申请的${amount(p.needFen)}，当前为${amount(p.gotFen)}。`,
  ),
  "approval.outsideProductRange": m<{ minFen: bigint; maxFen: bigint; gotFen: bigint }>(
    (p) => `must be within the product's range of ${amount(p.minFen)} to ${amount(p.maxFen)}, got ${amount(p.gotFen)}.`,
    (p) => `须在该产品的贷款金额范围${amount(p.minFen)}至${amount(p.maxFen)}之内，当前为${amount(p.gotFen)}。`,
  ),
  "approval.guaranteeFeeCap": m<{ amountFen: bigint; capBp: number; feeBp: number | null }>(
    (p) =>
      `a guarantee of ${amount(p.amountFen)} may cost at most ${p.capBp} bp a year (国办发〔2019〕6号), but the agency accepted at ${p.feeBp} bp; approve more than 500万元 or ask the agency to decide again at a lower fee.`,
    (p) =>
      `${amount(p.amountFen)}的担保年费率最高为 ${p.capBp} 个基点（国办发〔2019〕6号），但担保机构同意的费率为 ${p.feeBp} 个基点；请审批 500万元以上的金额，或请担保机构以更低费率重新决定。`,
  ),
  "approval.outsideProductTerm": m<{ min: number; max: number; got: number }>(
    (p) => `must be within the product's term of ${p.min} to ${p.max} months, got ${p.got}.`,
    (p) => `须在该产品的期限范围 ${p.min} 至 ${p.max} 个月之内，当前为 ${p.got} 个月。`,
  ),
  "approval.noPublishedRate": m(
    () => "cannot be checked: the product is priced on an LPR that has not been published yet; record the LPR (setLprRate) first.",
    () => "无法校验：该产品以尚未公布的 LPR 定价；请先登记 LPR（setLprRate）。",
  ),
  "approval.abovePublishedRate": m<{ publishedBp: number; got: number }>(
    (p) => `must not exceed the product's published rate of ${p.publishedBp} bp on the approval day, got ${p.got}.`,
    (p) => `不能高于该产品审批日的挂牌利率 ${p.publishedBp} 个基点，当前为 ${p.got}。`,
  ),
  "guarantee.feeWithDecline": m(
    () => "must be left out when declining the guarantee: no fee is charged.",
    () => "拒绝担保时不应填写：不收取担保费。",
  ),
  "guarantee.feeRequired": m<{ maxBp: number }>(
    (p) => `is required when accepting: the annual fee in basis points, at most ${p.maxBp}.`,
    (p) => `同意担保时为必填项：以基点表示的年担保费率，最高 ${p.maxBp}。`,
  ),
  "guarantee.feeAboveAgency": m<{ agencyFeeBp: number; got: number }>(
    (p) => `must not exceed the agency's published fee of ${p.agencyFeeBp} bp, got ${p.got}.`,
    (p) => `不能高于担保机构公布的费率 ${p.agencyFeeBp} 个基点，当前为 ${p.got}。`,
  ),
  "guarantee.feeAboveAgreement": m<{ agreedFeeBp: number | null; got: number }>(
    (p) => `must not exceed the ${p.agreedFeeBp} bp agreed with the bank under the 总对总 agreement, got ${p.got}.`,
    (p) => `不能高于与银行总对总合作协议约定的 ${p.agreedFeeBp} 个基点，当前为 ${p.got}。`,
  ),
  "guarantee.feeCap": m<{ capBp: number; amountFen: bigint; got: number }>(
    (p) => `must not exceed ${p.capBp} bp a year for a guarantee of ${amount(p.amountFen)} (国办发〔2019〕6号: 1% up to 500万元, 1.5% above), got ${p.got}.`,
    (p) => `${amount(p.amountFen)}的担保年费率不能超过 ${p.capBp} 个基点（国办发〔2019〕6号：500万元及以下不超过 1%，以上不超过 1.5%），当前为 ${p.got}。`,
  ),
  "rejection.unknownReason": m<{ raw: string; allowed: readonly string[] }>(
    (p) => `'${p.raw}' is not a rejection reason; use one of ${p.allowed.join(", ")}.`,
    (p) => `“${p.raw}”不是有效的拒绝原因，应为 ${p.allowed.join("、")} 之一。`,
  ),
  "workflow.refused": m<{ action: string; status: string; why: WorkflowRefusal }>(
    (p) => {
      const verb: Record<string, string> = {
        START_REVIEW: "start reviewing",
        DECIDE_GUARANTEE: "decide the guarantee of",
        APPROVE: "approve",
        REJECT: "reject",
        WITHDRAW: "withdraw",
        DISBURSE: "disburse",
      };
      const why = {
        FINAL: () => `${p.status} is final.`,
        POSSIBLE: () => `from ${p.status} the possible actions are ${(p.why.possible ?? []).join(", ")}.`,
        NO_GUARANTEE: () => "no guarantee was requested with it.",
        GUARANTEE_DECIDED: () => `the guarantee was already ${p.why.decision}.`,
        GUARANTEE_PENDING: () => "the guarantee agency has not decided on the guarantee yet.",
        GUARANTEE_DECLINED: () => "the guarantee agency declined the guarantee; reject it instead.",
      }[p.why.kind]();
      return `Cannot ${verb[p.action] ?? p.action} an application that is ${p.status}: ${why}`;
    },
    (p) => {
      const verb: Record<string, string> = {
        START_REVIEW: "开始审核",
        DECIDE_GUARANTEE: "决定担保",
        APPROVE: "审批通过",
        REJECT: "拒绝",
        WITHDRAW: "撤回",
        DISBURSE: "放款",
      };
      const zhAction: Record<string, string> = { ...verb, APPROVE: "审批", DECIDE_GUARANTEE: "担保决定" };
      const why = {
        FINAL: () => `${zhLabel(p.status)}是最终状态。`,
        POSSIBLE: () => `该状态下可进行的操作为：${(p.why.possible ?? []).map((a) => zhAction[a] ?? a).join("、")}。`,
        NO_GUARANTEE: () => "该申请未申请担保。",
        GUARANTEE_DECIDED: () => `担保机构已作出决定（${zhLabel(p.why.decision)}）。`,
        GUARANTEE_PENDING: () => "担保机构尚未作出担保决定。",
        GUARANTEE_DECLINED: () => "担保机构已拒绝担保，请改为拒绝该申请。",
      }[p.why.kind]();
      return `该融资申请状态为${zhLabel(p.status)}，不能${verb[p.action] ?? p.action}：${why}`;
    },
  ),

  // Guarantees, agreements, incentives, quota (src/domain/guarantee-rules.ts, incentive-rules.ts, quota.ts).
  "guarantee.perFirmCap": m<{ cap: string; got: string }>(
    (p) => `must be at most ${p.cap} yuan (3,000万, 财金〔2024〕60号), got ${p.got}.`,
    (p) => `不能超过 ${p.cap} 元（3000万元，财金〔2024〕60号），当前为 ${p.got} 元。`,
  ),
  "guarantee.agencyFeeCap": m<{ capBp: number; got: number }>(
    (p) =>
      `must be at most ${p.capBp} bp (1%/year) when maxAmountPerFirm is at most 5000000.00 yuan (500万, 国办发〔2019〕6号), got ${p.got}; lower the fee or raise the per-firm cap above 500万.`,
    (p) =>
      `单户担保上限（maxAmountPerFirm）不超过 5000000.00 元（500万元）时，担保费率不能超过 ${p.capBp} 个基点（年化 1%，国办发〔2019〕6号），当前为 ${p.got}；请降低费率，或将单户上限提高到 500万元以上。`,
  ),
  "agreement.bankMinimumShare": m<{ minBp: number; got: number }>(
    (p) => `must be at least ${p.minBp} bp: under a 总对总 agreement the bank bears at least 20% of the risk (the guarantee system at most 80%), got ${p.got}.`,
    (p) => `不能低于 ${p.minBp} 个基点：总对总合作协议下银行至少承担 20% 的风险（担保体系最多承担 80%），当前为 ${p.got}。`,
  ),
  "agreement.waiverApprovalDays": m<{ max: number }>(
    (p) =>
      `is required when the bank waives its own due diligence: give the days it takes to decide a loan guaranteed under this agreement (1 to ${p.max}), which matching shows firms instead of the product's approval days.`,
    (p) => `银行免于自行尽职调查时为必填项：请填写本协议项下担保贷款的审批天数（1 至 ${p.max} 天），匹配结果将以此代替产品的审批天数展示给企业。`,
  ),
  "agreement.approvalDaysWithoutWaiver": m(
    () => "must be left out unless waivesDueDiligence is true: a bank that does its own due diligence decides in its products' own approval days.",
    () => "仅在 waivesDueDiligence 为 true 时填写：自行尽职调查的银行按其产品自身的审批天数审批。",
  ),
  "agreement.feeAboveAgency": m<{ agencyFeeBp: number; got: number }>(
    (p) => `must not exceed the agency's published fee of ${p.agencyFeeBp} bp (a 总对总 agreement lowers the fee), got ${p.got}.`,
    (p) => `不能高于担保机构公布的费率 ${p.agencyFeeBp} 个基点（总对总合作协议只能降低费率），当前为 ${p.got}。`,
  ),
  "incentive.requiredForKind": m<{ kind: string }>(
    (p) => `is required for a ${p.kind} policy.`,
    (p) => `${zhLabel(p.kind)}类政策的必填项。`,
  ),
  "incentive.forbiddenForKind": m<{ kind: string; kinds: readonly string[] }>(
    (p) => `does not apply to a ${p.kind} policy; leave it out (it belongs to ${p.kinds.join(" and ")}).`,
    (p) => `不适用于${zhLabel(p.kind)}类政策，请不要填写（该字段属于${zhList(p.kinds)}类政策）。`,
  ),
  "incentive.firstCertificationOnly": m<{ kind: string }>(
    (p) => `applies only to CERTIFICATION_AWARD policies (首次认定), not ${p.kind}.`,
    (p) => `仅适用于认定奖励（CERTIFICATION_AWARD，首次认定）类政策，不适用于${zhLabel(p.kind)}。`,
  ),
  "quota.exceeded": m<{ account: "PRODUCT" | "AGENCY" | "AGREEMENT"; leftFen: bigint | null; askedFen: bigint }>(
    (p) => {
      const what = {
        PRODUCT: "The product's reserved quota (预留授信额度)",
        AGENCY: "The guarantee agency's capacity (担保额度)",
        AGREEMENT: "The 总对总 agreement's line (合作额度)",
      }[p.account];
      return `${what} has ${p.leftFen === null ? "no" : amount(p.leftFen)} left; this asks ${amount(p.askedFen)}. Ask for a smaller amount, or reject the request.`;
    },
    (p) => {
      const what = { PRODUCT: "该贷款产品的预留授信额度", AGENCY: "该担保机构的担保额度", AGREEMENT: "该总对总合作协议的合作额度" }[p.account];
      return `${what}${p.leftFen === null ? "已无剩余" : `仅剩${amount(p.leftFen)}`}，本次需要${amount(p.askedFen)}。请减少金额，或拒绝该申请。`;
    },
  ),

  // Loan products (src/domain/loan-product-rules.ts), matching weights, CSV parameters.
  "renewalWindow.required": m<{ category: string; max: number }>(
    (p) => `is required for ${p.category} products: give how many days (1 to ${p.max}) before maturity a renewal may be applied for.`,
    (p) => `${zhLabel(p.category)}产品的必填项：请填写到期前多少天（1 至 ${p.max} 天）起可申请续贷。`,
  ),
  "renewalWindow.notAllowed": m<{ renewalCategories: readonly string[]; category: string }>(
    (p) => `applies only to renewal products (${p.renewalCategories.join(", ")}); leave it out for ${p.category}.`,
    (p) => `仅适用于续贷产品（${zhList(p.renewalCategories)}）；${zhLabel(p.category)}产品请不要填写。`,
  ),
  "tierDiscount.duplicate": m<{ tier: string }>(
    (p) => `lists ${p.tier} a second time; give one discount per tier.`,
    (p) => `重复列出了${zhLabel(p.tier)}；每个梯度只能设置一项利率优惠。`,
  ),
  "pricing.required": m<{ pricingType: string; field: "fixedRateBp" | "lprTenor" | "spreadBp"; maxFixedBp: number; minSpreadBp: number; maxSpreadBp: number }>(
    (p) =>
      `is required for ${p.pricingType} pricing: give ${
        {
          fixedRateBp: `the annual rate in basis points (0 to ${p.maxFixedBp}, 345 = 3.45%)`,
          lprTenor: "the LPR tenor the rate follows (ONE_YEAR or FIVE_YEAR)",
          spreadBp: `the spread over the LPR in basis points (${p.minSpreadBp} to ${p.maxSpreadBp})`,
        }[p.field]
      }.`,
    (p) =>
      `${zhLabel(p.pricingType)}定价的必填项：请填写${
        {
          fixedRateBp: `以基点表示的年利率（0 至 ${p.maxFixedBp}，345 即 3.45%）`,
          lprTenor: "利率所参照的 LPR 期限（ONE_YEAR 或 FIVE_YEAR）",
          spreadBp: `在 LPR 基础上的加点，以基点表示（${p.minSpreadBp} 至 ${p.maxSpreadBp}）`,
        }[p.field]
      }。`,
  ),
  "pricing.notAllowed": m<{ pricingType: string }>(
    (p) => `does not apply to ${p.pricingType} pricing; leave it out (or null).`,
    (p) => `不适用于${zhLabel(p.pricingType)}定价；请不要填写（或填 null）。`,
  ),
  "weight.sum": m(
    () => "at least one weight must be greater than zero.",
    () => "至少须有一项权重大于零。",
  ),
  "param.unknown": m<{ allowed: readonly string[] }>(
    (p) => `is not a parameter of this export; use ${p.allowed.join(", ")}.`,
    (p) => `不是本导出接口的参数；可用参数为 ${p.allowed.join("、")}。`,
  ),
  "param.format": m(
    () => "must be plain text (name=value), not a nested structure.",
    () => "须为纯文本（name=value），不能是嵌套结构。",
  ),
  "param.repeated": m<{ got: number }>(
    (p) => `takes one value, got ${p.got}.`,
    (p) => `只能有一个取值，当前为 ${p.got} 个。`,
  ),

  // Reports' scope (src/domain/reporting.ts).
  "report.otherBank": m<{ what: ReportKind; other: string }>(
    (p) => `${p.what} of a BANK cover its own lending only; the filter names another bank (${p.other}).`,
    (p) => `银行用户的${REPORT_ZH[p.what]}仅限本行贷款；筛选条件中包含其他银行（${p.other}），无权访问。`,
  ),
  "report.noJurisdiction": m<{ what: ReportKind }>(
    (p) => `${p.what} need a jurisdiction (regionCode) on the token.`,
    (p) => `查询${REPORT_ZH[p.what]}需要令牌中携带辖区（regionCode）。`,
  ),
  "report.outsideJurisdiction": m<{ prefix: string; jurisdiction: string | null }>(
    (p) => `The filter's region (prefix ${p.prefix}) is outside your jurisdiction (${p.jurisdiction}); ask for a region inside it or leave regionCode out.`,
    (p) => `筛选的地区（前缀 ${p.prefix}）不在您的辖区（${p.jurisdiction}）内，无权访问；请选择辖区内的地区，或不填 regionCode。`,
  ),
  "report.roleNotAllowed": m<{ what: ReportKind; role: string }>(
    (p) => `${p.what} are for regulators, bureaus, banks (their own lending) and administrators, not ${p.role} callers.`,
    (p) => `${REPORT_ZH[p.what]}仅向监管部门、工信/金融主管部门、银行（限本行贷款）和平台管理员开放，${zhLabel(p.role)}用户无权访问。`,
  ),

  // A named guarantee agency that cannot guarantee a pair (src/domain/application-rules.ts).
  "agency.region": m<{ regionCode: string; firmRegionCode: string }>(
    (p) => `the agency serves ${p.regionCode}; the firm is registered in ${p.firmRegionCode}.`,
    (p) => `该担保机构服务地区为 ${p.regionCode}，企业注册地为 ${p.firmRegionCode}。`,
  ),
  "agency.tier": m<{ tiers: readonly string[]; on: string; held: string | null }>(
    (p) => `the agency guarantees ${p.tiers.join(", ")} firms; on ${p.on} the firm holds ${p.held ?? "no certification in force"}.`,
    (p) => `该担保机构仅为${zhList(p.tiers)}提供担保；截至 ${p.on}，企业${p.held ? `持有${zhLabel(p.held)}认定` : "无有效期内的认定"}。`,
  ),
  "agency.perFirmMax": m<{ maxFen: bigint; askedFen: bigint }>(
    (p) => `the agency guarantees at most ${amount(p.maxFen)} per firm; the need asks ${amount(p.askedFen)}.`,
    (p) => `该担保机构单户担保上限为${amount(p.maxFen)}，融资需求金额为${amount(p.askedFen)}。`,
  ),
  "agency.capacity": m<{ leftFen: bigint; askedFen: bigint }>(
    (p) => `the agency has ${amount(p.leftFen)} of guarantee capacity left; the need asks ${amount(p.askedFen)}.`,
    (p) => `该担保机构剩余担保能力为${amount(p.leftFen)}，融资需求金额为${amount(p.askedFen)}。`,
  ),
  "agency.agreement": m<{ none: boolean; on: string }>(
    (p) => (p.none ? "the agency has no 总对总 agreement with the product's bank." : `the agency's 总对总 agreement with the product's bank is not in force on ${p.on}.`),
    (p) => (p.none ? "该担保机构与该产品所属银行没有总对总合作协议。" : `该担保机构与该产品所属银行的总对总合作协议在 ${p.on} 不在有效期内。`),
  ),
  "agency.agreementLine": m<{ askedFen: bigint }>(
    (p) => `the 总对总 agreement with the product's bank has less than ${amount(p.askedFen)} of its line left.`,
    (p) => `与该产品所属银行的总对总合作协议剩余额度不足${amount(p.askedFen)}。`,
  ),

  // Needs' withdrawal (src/domain/need-rules.ts).
  "need.notWithdrawable": m<{ status: string }>(
    (p) =>
      `The need is ${p.status} and cannot be withdrawn: ${
        ({
          WITHDRAWN: "it was already withdrawn; nothing more to do",
          FINANCED: "it has been financed; manage the resulting loan instead",
          EXPIRED: "it has expired; submit a new need if the firm still needs financing",
        } as Record<string, string>)[p.status] ?? "only OPEN or MATCHED needs can be withdrawn"
      }.`,
    (p) =>
      ({
        WITHDRAWN: "该融资需求已撤回，无需再次撤回。",
        FINANCED: "该融资需求已获得融资，不能撤回；请管理由此产生的贷款。",
        EXPIRED: "该融资需求已过期，不能撤回；如企业仍有融资需要，请重新提交融资需求。",
      } as Record<string, string>)[p.status] ?? `该融资需求状态为${zhLabel(p.status)}，不能撤回：仅待对接或已匹配的融资需求可以撤回。`,
  ),
  "need.liveApplications": m<{ live: ReadonlyArray<{ id: string; status: string }> }>(
    (p) => {
      const one = p.live.length === 1;
      const list = p.live.map((a) => `${a.id} (${a.status})`).join(", ");
      return `The need has ${one ? "a live application" : `${p.live.length} live applications`}: ${list}. Withdraw ${one ? "it" : "them"} first (withdrawApplication), then the need.`;
    },
    (p) =>
      `该融资需求尚有 ${p.live.length} 笔进行中的融资申请：${p.live.map((a) => `${a.id}（${zhLabel(a.status)}）`).join("、")}。请先撤回${p.live.length === 1 ? "该申请" : "这些申请"}（withdrawApplication），再撤回融资需求。`,
  ),

  // Applications (src/modules/application/application.service.ts).
  "application.guaranteeRequired": m<{ productName: string; cheapest: { agencyId: string; feeBp: number } | null }>(
    (p) =>
      `is required: product "${p.productName}" requires a government guarantee; name the guarantee agency to ask.${
        p.cheapest ? ` For this need the cheapest eligible agency is ${p.cheapest.agencyId} at ${p.cheapest.feeBp} bp (matchesForNeed shows it).` : ""
      }`,
    (p) =>
      `为必填项：贷款产品“${p.productName}”须由政府性融资担保机构担保，请指定拟申请的担保机构。${
        p.cheapest ? `就该融资需求而言，费率最低的可用担保机构为 ${p.cheapest.agencyId}，费率 ${p.cheapest.feeBp} 个基点（可在 matchesForNeed 中查看）。` : ""
      }`,
  ),
  "application.guaranteeNotRequired": m<{ productName: string }>(
    (p) => `must be left out: product "${p.productName}" does not require a guarantee, so no agency is asked.`,
    (p) => `请不要填写：贷款产品“${p.productName}”无需担保，不会向担保机构申请。`,
  ),
  "application.agencyCannotGuarantee": m<{ agencyName: string; why: readonly Text[] }>(
    (p) => `${p.agencyName} cannot guarantee this loan: ${p.why.map((w) => w.in("en")).join(" Also, ")}`,
    (p) => `${p.agencyName}无法为该笔贷款提供担保：${p.why.map((w) => w.in("zh").replace(/。$/, "")).join("；另外，")}。`,
  ),
  "application.productDoesNotFit": m<{ productName: string; reasons: ReadonlyArray<{ code: string; text: Text }> }>(
    (p) => `Product "${p.productName}" does not fit this need, so it cannot be applied for: ${p.reasons.map((r) => `${r.code}: ${r.text.in("en")}`).join(" ")}`,
    (p) => `贷款产品“${p.productName}”不符合该融资需求，不能申请：${p.reasons.map((r) => `${r.code}：${r.text.in("zh")}`).join("")}`,
  ),
  "application.liveExists": m<{ productName: string; live: { id: string; status: string } | null }>(
    (p) =>
      p.live
        ? `The need already has a live application for product "${p.productName}" (application ${p.live.id}, ${p.live.status}): one need applies for one product once at a time. Follow that application, or withdraw it before applying again.`
        : `The need already has a live application for product "${p.productName}"; follow or withdraw that one before applying again.`,
    (p) =>
      `该融资需求已有针对贷款产品“${p.productName}”的进行中申请${p.live ? `（申请 ${p.live.id}，${zhLabel(p.live.status)}）` : ""}：同一融资需求对同一产品同时只能申请一次。请跟进该申请，或撤回后再重新申请。`,
  ),
  "application.approveNeedNotOpen": m<{ status: string }>(
    (p) => `The application's need is ${p.status}; only an application on an OPEN or MATCHED need can be approved. Reject it instead.`,
    (p) => `该申请对应的融资需求${zhLabel(p.status)}；只有待对接或已匹配的融资需求上的申请才能审批通过。请改为拒绝该申请。`,
  ),
  "application.noAgencyNamed": m(
    () => "The application asks no agency for a guarantee; only the agency named on an application may decide on it.",
    () => "该融资申请未申请任何担保机构担保；只有申请中指定的担保机构才能作出担保决定，无权操作。",
  ),

  // Registers: firms, certifications, institutions, agencies, agreements, products; idempotency.
  "firm.registerOnlyItself": m(
    () => "A firm may register only itself, with an onboarding token for its own credit code.",
    () => "企业只能注册本企业，且须使用与本企业统一社会信用代码对应的入驻令牌。",
  ),
  "firm.duplicateCreditCode": m<{ creditCode: string; existingId: string | null }>(
    (p) => `A firm with credit code ${p.creditCode} is already registered${p.existingId ? ` (id ${p.existingId})` : ""}; use updateFirm to change it.`,
    (p) => `统一社会信用代码为 ${p.creditCode} 的企业已注册${p.existingId ? `（id ${p.existingId}）` : ""}；如需修改，请使用 updateFirm。`,
  ),
  "certification.duplicate": m<{ certificateNo: string; authority: string }>(
    (p) => `Certificate ${p.certificateNo} of ${p.authority} is already recorded.`,
    (p) => `${p.authority}颁发的证书 ${p.certificateNo} 已登记。`,
  ),
  "certification.alreadyRevoked": m<{ id: string; revokedOn: string | null }>(
    (p) => `Certification ${p.id} was already revoked on ${p.revokedOn}.`,
    (p) => `认定记录 ${p.id} 已于 ${p.revokedOn} 撤销。`,
  ),
  "institution.duplicateName": m<{ name: string }>(
    (p) => `A financial institution named ${p.name} is already registered.`,
    (p) => `名为“${p.name}”的金融机构已注册。`,
  ),
  "agency.duplicateName": m<{ name: string; existingId: string | null }>(
    (p) => `A guarantee agency named ${p.name} is already registered${p.existingId ? ` (id ${p.existingId})` : ""}; use that agency instead of creating it again.`,
    (p) => `名为“${p.name}”的担保机构已登记${p.existingId ? `（id ${p.existingId}）` : ""}；请直接使用该担保机构，无需重复创建。`,
  ),
  "agreement.duplicate": m<{ validFrom: string; existingId: string | null }>(
    (p) =>
      `This bank and agency already have an agreement starting ${p.validFrom}${p.existingId ? ` (id ${p.existingId})` : ""}; use it, or record the new agreement with another start date.`,
    (p) => `该银行与担保机构已有自 ${p.validFrom} 起生效的合作协议${p.existingId ? `（id ${p.existingId}）` : ""}；请使用该协议，或以其他生效日期登记新协议。`,
  ),
  "product.versionChanged": m<{ id: string; given: number; current: number }>(
    (p) => `Loan product ${p.id} has changed since version ${p.given}: it is now at version ${p.current}. Read it again and reapply your changes with the current version.`,
    (p) => `贷款产品 ${p.id} 自版本 ${p.given} 以来已被修改，当前版本为 ${p.current}。请重新读取后基于当前版本再次提交修改。`,
  ),
  "product.archivedNoChange": m<{ id: string }>(
    (p) => `Loan product ${p.id} is ARCHIVED and kept for history; publish a new product instead of changing it.`,
    (p) => `贷款产品 ${p.id} 已下架，仅作历史留存，不能修改；请发布新产品。`,
  ),
  "product.reservedBelowUsed": m<{ reserved: string; used: string }>(
    (p) => `reservedQuota ${p.reserved} is below the ${p.used} yuan already committed by approvals (usedQuota); reserve at least that much.`,
    (p) => `预留授信额度（reservedQuota）${p.reserved} 元低于已审批占用的 ${p.used} 元（usedQuota）；预留额度不能低于已用额度。`,
  ),
  "product.alreadyArchived": m<{ id: string }>(
    (p) => `Loan product ${p.id} is already ARCHIVED; there is nothing to archive.`,
    (p) => `贷款产品 ${p.id} 已下架，无需重复操作。`,
  ),
  "product.duplicateCode": m<{ code: string; existingId: string | null }>(
    (p) =>
      `The bank already has a product with code ${p.code}${p.existingId ? ` (id ${p.existingId})` : ""}; choose another code or use updateLoanProduct to change that product.`,
    (p) => `本行已有产品编码为 ${p.code} 的贷款产品${p.existingId ? `（id ${p.existingId}）` : ""}；请换用其他编码，或使用 updateLoanProduct 修改该产品。`,
  ),
  "idempotency.pending": m<{ key: string; operation: string }>(
    (p) => `Idempotency key "${p.key}" of ${p.operation} has no result yet; retry the request in a moment.`,
    (p) => `${p.operation} 的幂等键“${p.key}”尚无处理结果；请稍后重试。`,
  ),
  "idempotency.otherInput": m<{ key: string; operation: string; at: string }>(
    (p) =>
      `Idempotency key "${p.key}" was already used for ${p.operation} with other input (at ${p.at}); send a new key for a new request, or resend exactly the first input to get its result.`,
    (p) => `幂等键“${p.key}”已于 ${p.at} 用于输入不同的 ${p.operation} 请求；新请求请使用新的幂等键，或原样重发首次请求的输入以获取其结果。`,
  ),

  // Lending anomalies (src/domain/anomaly-rules.ts describeAnomaly): one key per rule and variant.
  "anomaly.certificationRecorded": m<{
    disbursedOn: string;
    certificate: CertificateWords;
    /** How the recorded certification lapsed: revoked, issued later, expired before the day, or recorded EXPIRED. */
    lapse: "REVOKED" | "NOT_YET_ISSUED" | "EXPIRED" | "RECORDED_EXPIRED";
  }>(
    (p) => {
      const c = p.certificate;
      const why =
        p.lapse === "REVOKED"
          ? `was revoked (撤销) on ${c.revokedOn ?? "an unrecorded day"}`
          : p.lapse === "NOT_YET_ISSUED"
            ? `was issued only on ${c.issuedOn}`
            : p.lapse === "EXPIRED"
              ? `expired (已过期) after ${c.expiresOn}`
              : "is recorded as EXPIRED (已过期)";
      return `Loan disbursed on ${p.disbursedOn} records ${enCertificate(c)} as in force (放款时认定), but it ${why}: it was not in force on the disbursement day.`;
    },
    (p) => {
      const c = p.certificate;
      const why =
        p.lapse === "REVOKED"
          ? `已于 ${c.revokedOn ?? "未记录的日期"} 撤销`
          : p.lapse === "NOT_YET_ISSUED"
            ? `至 ${c.issuedOn} 方才颁发`
            : p.lapse === "EXPIRED"
              ? `有效期已于 ${c.expiresOn} 届满（已过期）`
              : "登记状态为已过期";
      return `该笔贷款于 ${p.disbursedOn} 放款，登记的放款时认定为${zhCertificate(c)}，但该证书${why}：放款日认定不在有效期内。`;
    },
  ),
  "anomaly.certificationMissing": m<{
    disbursedOn: string;
    minTier: string | null;
    minLevel: string | null;
    /** The firm's last certificate issued by that day (null: none), and whether it had been revoked by then. */
    last: CertificateWords | null;
    lastRevoked: boolean;
  }>(
    (p) => {
      const last = p.last;
      const lapse =
        last === null
          ? "the firm held no certificate issued by that day"
          : `the firm's last certificate, ${enCertificate(last)}, ${p.lastRevoked ? `was revoked (撤销) on ${last.revokedOn}` : `had expired (已过期) after ${last.expiresOn}`}`;
      return `Loan disbursed on ${p.disbursedOn} under a product requiring ${enRequirement(p.minTier, p.minLevel)} while the firm held no certification in force (认定不在有效期): ${lapse}.`;
    },
    (p) => {
      const last = p.last;
      const lapse =
        last === null
          ? "截至放款日，企业未获颁任何认定证书"
          : `企业最近一份${zhCertificate(last)}${p.lastRevoked ? `已于 ${last.revokedOn} 撤销` : `有效期已于 ${last.expiresOn} 届满（已过期）`}`;
      return `该笔贷款于 ${p.disbursedOn} 放款，所属贷款产品要求企业${zhRequirement(p.minTier, p.minLevel)}，但企业当日无有效认定（认定不在有效期）：${lapse}。`;
    },
  ),
  "anomaly.rateAbovePublished": m<{
    rateBp: number;
    publishedBp: number;
    pricingDay: string;
    /** The day the rate was set: the approval or the disbursement (a renewal). */
    pricedAt: "APPROVAL" | "DISBURSEMENT";
    pricingType: string;
    lprTenor: string | null;
    lprBp: number | null;
    lprEffectiveOn: string | null;
    spreadBp: number | null;
  }>(
    (p) => {
      const price =
        p.pricingType === "FIXED"
          ? "fixed"
          : `LPR ${p.lprTenor === "FIVE_YEAR" ? "5Y" : "1Y"} ${p.lprBp} in force since ${p.lprEffectiveOn} ${p.spreadBp !== null && p.spreadBp < 0 ? `− ${-p.spreadBp}` : `+ ${p.spreadBp}`}`;
      const when = p.pricedAt === "APPROVAL" ? "the approval day" : "the disbursement day";
      return `Rate ${bp(p.rateBp)} exceeds the product's published ${bp(p.publishedBp)} (挂牌利率, ${price}) on ${p.pricingDay}, ${when}, by ${bp(p.rateBp - p.publishedBp)}.`;
    },
    (p) => {
      const price =
        p.pricingType === "FIXED"
          ? "固定利率"
          : `${p.lprTenor === "FIVE_YEAR" ? "5年期以上" : "1年期"}LPR ${zhBp(p.lprBp ?? 0)}（自 ${p.lprEffectiveOn} 起执行）${p.spreadBp !== null && p.spreadBp < 0 ? `减 ${zhBp(-p.spreadBp)}` : `加 ${zhBp(p.spreadBp ?? 0)}`}`;
      const when = p.pricedAt === "APPROVAL" ? "审批日" : "放款日";
      return `贷款利率 ${zhBp(p.rateBp)}，高于该产品 ${p.pricingDay}（${when}）的挂牌利率 ${zhBp(p.publishedBp)}（${price}），超出 ${zhBp(p.rateBp - p.publishedBp)}。`;
    },
  ),
  "anomaly.guaranteeFeeAboveCap": m<{
    feeBp: number;
    principalFen: bigint;
    /** The bounds exceeded: the agency's published fee, the 总对总 agreement's agreed fee, the policy cap. */
    aboveAgency: boolean;
    aboveAgreement: boolean;
    aboveCap: boolean;
    agencyFeeBp: number;
    agreedFeeBp: number | null;
    capBp: number;
  }>(
    (p) => {
      const over: string[] = [];
      if (p.aboveAgency) over.push(`the agency's published ${bp(p.agencyFeeBp)}`);
      if (p.aboveAgreement) over.push(`the 总对总 agreement's agreed ${bp(p.agreedFeeBp ?? 0)}`);
      if (p.aboveCap) over.push(`the policy cap of ${bp(p.capBp)} for a guarantee of ${amount(p.principalFen)} (国办发〔2019〕6号: 1% up to 500万元, 1.5% above)`);
      return `Guarantee fee ${bp(p.feeBp)} (担保费率) exceeds ${enList(over)}.`;
    },
    (p) => {
      const over: string[] = [];
      if (p.aboveAgency) over.push(`担保机构公布费率 ${zhBp(p.agencyFeeBp)}`);
      if (p.aboveAgreement) over.push(`总对总合作协议约定费率 ${zhBp(p.agreedFeeBp ?? 0)}`);
      if (p.aboveCap) over.push(`${amount(p.principalFen)}担保的政策上限 ${zhBp(p.capBp)}（国办发〔2019〕6号：500万元及以下不超过 1%，以上不超过 1.5%）`);
      return `担保费率 ${zhBp(p.feeBp)}，超过${over.join("、")}。`;
    },
  ),
  "anomaly.quotaExceeded": m<{ kind: "LOAN" | "APPLICATION"; amountFen: bigint; runningFen: bigint; reservedFen: bigint; committedFen: bigint; ledgerUsedFen: bigint }>(
    (p) => {
      const what = p.kind === "LOAN" ? `this loan's balance of ${amount(p.amountFen)}` : `this approval of ${amount(p.amountFen)}, not yet disbursed`;
      return `With ${what} the product's commitments reach ${amount(p.runningFen)}, above its reserved line (预留授信额度) of ${amount(p.reservedFen)} by ${amount(p.runningFen - p.reservedFen)}; all its commitments now total ${amount(p.committedFen)}, its quota ledger (已用额度) reads ${amount(p.ledgerUsedFen)}.`;
    },
    (p) => {
      const what = p.kind === "LOAN" ? `本笔贷款余额${amount(p.amountFen)}` : `本笔已审批未放款的${amount(p.amountFen)}`;
      return `计入${what}后，该产品占用额度达${amount(p.runningFen)}，超过预留授信额度${amount(p.reservedFen)}，超出${amount(p.runningFen - p.reservedFen)}；该产品目前全部占用合计${amount(p.committedFen)}，额度台账已用额度为${amount(p.ledgerUsedFen)}。`;
    },
  ),
  "anomaly.renewalNoPredecessor": m<{ renewedOn: string }>(
    (p) => `Renewal (续贷) disbursed on ${p.renewedOn} names no loan it renews: a renewal must take over a performing loan.`,
    (p) => `续贷于 ${p.renewedOn} 放款，但未指明所续原贷款：续贷须承接一笔正常履约的贷款。`,
  ),
  "anomaly.renewalPredecessorNotPerforming": m<{
    renewedOn: string;
    loanId: string;
    /** The renewal's reasons (AnomalyReason PREDECESSOR_…), in order. */
    reasons: readonly string[];
    maturesOn: string;
    status: string;
    closedOn: string | null;
  }>(
    (p) => {
      const why: string[] = [];
      for (const r of p.reasons) {
        if (r === "PREDECESSOR_OTHER_FIRM") why.push("is another firm's loan");
        if (r === "PREDECESSOR_OTHER_BANK") why.push("was lent by another bank");
        if (r === "PREDECESSOR_MATURED") why.push(`had matured on ${p.maturesOn}`);
        if (r === "PREDECESSOR_OVERDUE") why.push("is OVERDUE (逾期)");
        if (r === "PREDECESSOR_CLOSED_BEFORE") why.push(`was closed (${p.status}) on ${p.closedOn}`);
        if (r === "PREDECESSOR_REPAID") why.push(`was REPAID on ${p.closedOn} rather than renewed`);
        if (r === "PREDECESSOR_STILL_RUNNING") why.push("is still PERFORMING: its balance was not carried over");
      }
      return `Renewal (续贷) disbursed on ${p.renewedOn} renews loan ${p.loanId}, which ${enList(why)}: the predecessor was not performing at the renewal.`;
    },
    (p) => {
      const why: string[] = [];
      for (const r of p.reasons) {
        if (r === "PREDECESSOR_OTHER_FIRM") why.push("属于其他企业");
        if (r === "PREDECESSOR_OTHER_BANK") why.push("由其他银行发放");
        if (r === "PREDECESSOR_MATURED") why.push(`已于 ${p.maturesOn} 到期`);
        if (r === "PREDECESSOR_OVERDUE") why.push("已逾期");
        if (r === "PREDECESSOR_CLOSED_BEFORE") why.push(`已于 ${p.closedOn} 终结（${zhLabel(p.status)}）`);
        if (r === "PREDECESSOR_REPAID") why.push(`已于 ${p.closedOn} 结清，而非转为续贷`);
        if (r === "PREDECESSOR_STILL_RUNNING") why.push("仍处于正常状态，余额未转入续贷");
      }
      return `续贷于 ${p.renewedOn} 放款，所续原贷款 ${p.loanId} ${why.join("，")}：续贷时原贷款并非正常履约。`;
    },
  ),
  "anomaly.approvalOutsideEligibility": m<{
    approvedOn: string;
    /** The rule's reasons (AnomalyReason), in order. */
    reasons: readonly string[];
    amountFen: bigint;
    termMonths: number;
    purpose: string;
    regionCode: string;
    industryCode: string;
    minAmountFen: bigint;
    maxAmountFen: bigint;
    minTermMonths: number;
    maxTermMonths: number;
    minTier: string | null;
    minLevel: string | null;
    servedRegionCodes: readonly string[];
    industryPrefixes: readonly string[];
    purposes: readonly string[];
    validFrom: string;
    validTo: string | null;
    /** The firm's effective certification on the approval day (null: none in force). */
    held: { tier: string; level: string } | null;
  }>(
    (p) => {
      const why: string[] = [];
      for (const r of p.reasons) {
        if (r === "AMOUNT_OUT_OF_RANGE") why.push(`amount ${amount(p.amountFen)} outside ${amount(p.minAmountFen)}–${amount(p.maxAmountFen)}`);
        if (r === "TERM_OUT_OF_RANGE") why.push(`term ${p.termMonths} months outside ${p.minTermMonths}–${p.maxTermMonths}`);
        if (r === "TIER_TOO_LOW") {
          why.push(`the product requires ${enRequirement(p.minTier, p.minLevel)}, the firm held ${p.held ? `${p.held.level} ${p.held.tier}` : "no certification in force"}`);
        }
        if (r === "REGION_NOT_SERVED") why.push(`the firm's region ${p.regionCode} is not among the served ${p.servedRegionCodes.join(", ")}`);
        if (r === "INDUSTRY_NOT_SERVED") why.push(`the firm's industry ${p.industryCode} is not among the served ${p.industryPrefixes.join(", ")}`);
        if (r === "PURPOSE_NOT_ALLOWED") why.push(`purpose ${p.purpose} is not among ${p.purposes.join(", ")}`);
        if (r === "OUTSIDE_VALIDITY") why.push(`the product was offered ${p.validFrom} to ${p.validTo ?? "open-ended"}`);
        if (r === "GUARANTEE_MISSING") why.push("the product requires a government guarantee and none was accepted");
      }
      return `Approved on ${p.approvedOn} outside the product's eligibility (准入条件): ${enList(why)}.`;
    },
    (p) => {
      const why: string[] = [];
      for (const r of p.reasons) {
        if (r === "AMOUNT_OUT_OF_RANGE") why.push(`审批金额${amount(p.amountFen)}不在${amount(p.minAmountFen)}至${amount(p.maxAmountFen)}的范围内`);
        if (r === "TERM_OUT_OF_RANGE") why.push(`贷款期限 ${p.termMonths} 个月不在 ${p.minTermMonths} 至 ${p.maxTermMonths} 个月的范围内`);
        if (r === "TIER_TOO_LOW") {
          why.push(`该产品要求企业${zhRequirement(p.minTier, p.minLevel)}，企业${p.held ? `持有的是${zhLabel(p.held.level)}${zhLabel(p.held.tier)}认定` : "无有效认定"}`);
        }
        if (r === "REGION_NOT_SERVED") why.push(`企业所在地区 ${p.regionCode} 不在该产品服务地区 ${p.servedRegionCodes.join("、")} 之内`);
        if (r === "INDUSTRY_NOT_SERVED") why.push(`企业所属行业 ${p.industryCode} 不在该产品服务行业 ${p.industryPrefixes.join("、")} 之内`);
        if (r === "PURPOSE_NOT_ALLOWED") why.push(`融资用途“${zhLabel(p.purpose)}”不在该产品支持的${zhList(p.purposes)}之列`);
        if (r === "OUTSIDE_VALIDITY") why.push(`审批日不在该产品有效期 ${p.validFrom} 至 ${p.validTo ?? "长期"} 之内`);
        if (r === "GUARANTEE_MISSING") why.push("该产品须由政府性融资担保机构担保，但未获担保");
      }
      return `该申请于 ${p.approvedOn} 审批通过，但不符合该产品准入条件：${why.join("；")}。`;
    },
  ),
} as const;

export type Catalogue = typeof messages;
export { amount, zhList };
