import { provinceOf, regionFullName } from "./code-tables";
import { FirmWarningCode } from "./enums";
import { ValidationError, Violations } from "./errors";
import { msg, type Message } from "../i18n";

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V, Z):
 *
 * | positions | part | checked |
 * |---|---|---|
 * | 1 | 登记管理部门码 registration authority | one of AUTHORITIES |
 * | 2 | 机构类别码 organisation type | one of that authority's types |
 * | 3-8 | 登记管理机关行政区划码 region of the registering authority | a province of the GB/T 2260 table (frozen at registration: a county code retired since is accepted) |
 * | 9-17 | 主体标识码 organisation code (GB 11714) | its own check character at position 17 |
 * | 18 | 校验码 check character | over the first 17 |
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * 登记管理部门码 → 机构类别码 (GB 32100-2015 table 1, with the authorities assigned since: 2 外交,
 * 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 中央军委改革和编制办公室, N 农业).
 */
export const AUTHORITIES: Readonly<Record<string, { name: string; types: Readonly<Record<string, string>> }>> = {
  "1": { name: "机构编制 (establishment offices)", types: { "1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他" } },
  "2": { name: "外交 (foreign affairs)", types: { "1": "外国常驻新闻机构", "9": "其他" } },
  "3": {
    name: "司法行政 (justice administration)",
    types: { "1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构", "5": "仲裁委员会", "9": "其他" },
  },
  "4": { name: "文化 (culture)", types: { "1": "外国在华文化中心", "9": "其他" } },
  "5": { name: "民政 (civil affairs)", types: { "1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他" } },
  "6": { name: "旅游 (tourism)", types: { "1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他" } },
  "7": { name: "宗教 (religious affairs)", types: { "1": "宗教活动场所", "2": "宗教院校", "9": "其他" } },
  "8": { name: "工会 (trade unions)", types: { "1": "基层工会", "9": "其他" } },
  "9": { name: "工商 (market regulation)", types: { "1": "企业", "2": "个体工商户", "3": "农民专业合作社" } },
  A: { name: "中央军委改革和编制办公室 (military establishment office)", types: { "1": "军队事业单位", "9": "其他" } },
  N: { name: "农业 (agriculture)", types: { "1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他" } },
  Y: { name: "其他 (other)", types: { "1": "其他" } },
};

/** GB 11714 weights of the organisation code's first 8 characters. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * The GB 11714 check character of an organisation code's first 8 characters (digits 0-9, letters
 * A=10 … Z=35): 11 − (weighted sum mod 11), 10 written X and 11 written 0.
 */
export function organisationCodeCheckChar(first8: string): string {
  if (first8.length !== 8) throw new RangeError("organisationCodeCheckChar needs exactly 8 characters");
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = parseInt(first8[i]!, 36);
    if (Number.isNaN(value)) throw new RangeError(`'${first8[i]}' is not a digit or letter`);
    sum += value * ORG_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? "X" : check === 11 ? "0" : String(check);
}

/** The check character for the first 17 characters of a code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError("creditCodeCheckChar needs exactly 17 characters");
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new RangeError(`'${first17[i]}' is not in the credit-code alphabet`);
    sum += value * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check]!;
}

/**
 * Normalises (trim, upper-case) and validates a credit code; throws ValidationError naming
 * `field` and every broken rule (the shape first; then authority, type, region, organisation-code
 * check and check character together).
 */
export function parseCreditCode(raw: string, field = "creditCode"): string {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) {
    throw ValidationError.single(field, "creditCode.length", msg("creditCode.length", { length: code.length }));
  }
  if (!SHAPE.test(code)) {
    throw ValidationError.single(
      field,
      "creditCode.alphabet",
      msg("creditCode.alphabet"),
    );
  }
  const v = new Violations();
  const authority = AUTHORITIES[code[0]!];
  if (!authority) {
    v.add(
      field,
      "creditCode.registrationAuthority",
      msg("creditCode.registrationAuthority", { char: code[0]! }),
    );
  } else if (!authority.types[code[1]!]) {
    v.add(
      field,
      "creditCode.organisationType",
      msg("creditCode.organisationType", { char: code[1]!, authority: code[0]!, authorityName: authority.name, allowed: Object.keys(authority.types).join(", ") }),
    );
  }
  if (provinceOf(code.slice(2, 8)) === null) {
    v.add(
      field,
      "creditCode.region",
      msg("creditCode.region", { part: code.slice(2, 8) }),
    );
  }
  const orgCheck = organisationCodeCheckChar(code.slice(8, 16));
  if (code[16] !== orgCheck) {
    v.add(
      field,
      "creditCode.organisationCheckCharacter",
      msg("creditCode.organisationCheckCharacter", { got: code[16]!, expected: orgCheck }),
    );
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    v.add(
      field,
      "creditCode.checkCharacter",
      msg("creditCode.checkCharacter", { got: code[17]!, expected }),
    );
  }
  v.throwIfAny();
  return code;
}

/** The registering region (positions 3-8) of a valid credit code. */
export function creditCodeRegion(code: string): string {
  return code.slice(2, 8);
}

/**
 * Builds a valid credit code from its parts (used by demo data and tests). `stem` is the
 * organisation code's first 8 characters (positions 9-16); the GB 11714 check character (position
 * 17) and the GB 32100 check character (position 18) are computed.
 */
export function makeCreditCode(registrationType: string, regionCode: string, stem: string): string {
  if (stem.length !== 8) throw new RangeError("makeCreditCode needs the organisation code's first 8 characters");
  const first17 = `${registrationType}${regionCode}${stem}${organisationCodeCheckChar(stem)}`;
  return first17 + creditCodeCheckChar(first17);
}

/** A warning on a firm: the record is accepted, but a person should look at it. */
export interface FirmWarningText {
  code: FirmWarningCode;
  message: Message;
}

/**
 * Warnings about a firm's credit code against its registered region: positions 3-8 name the region
 * of the authority that issued the code, which need not be the firm's registered region today (a
 * firm that moved, a code issued by a prefecture's authority for a county firm), so a difference is
 * accepted and reported here, not refused.
 */
export function firmCodeWarnings(firm: { creditCode: string; regionCode: string }): FirmWarningText[] {
  const codeRegion = creditCodeRegion(firm.creditCode);
  if (codeRegion === firm.regionCode) return [];
  const named = (code: string) => `${code}${regionFullName(code) ? ` ${regionFullName(code)}` : ""}`;
  return [
    {
      code: FirmWarningCode.CREDIT_CODE_REGION_MISMATCH,
      message: msg("firm.creditCodeRegionMismatch", { codeRegion: named(codeRegion), firmRegion: named(firm.regionCode) }),
    },
  ];
}
