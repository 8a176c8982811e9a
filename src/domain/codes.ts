import { industryCodeProblem, regionExists } from "./code-tables";
import { ValidationError } from "./errors";
import { msg } from "../i18n";

/**
 * 行政区划代码 (GB/T 2260) and 国民经济行业分类 (GB/T 4754-2017) rules. Codes given as input must
 * exist in the shipped tables (src/domain/tables/); see docs/domain-rules.md, "Region and industry
 * codes".
 */
const REGION = /^[1-8]\d{5}$/;
const INDUSTRY = /^[A-T](\d{2}(\d{1,2})?)?$/;

/**
 * A region code given as input: six digits, and a province, prefecture or county of the shipped
 * GB/T 2260 table (current edition only: a code retired by a later edition is refused for new input).
 */
export function parseRegionCode(raw: string, field = "regionCode"): string {
  const code = raw.trim();
  if (!REGION.test(code)) {
    throw ValidationError.single(
      field,
      "regionCode.format",
      msg("regionCode.format", { raw }),
    );
  }
  if (!regionExists(code)) {
    throw ValidationError.single(
      field,
      "regionCode.unknown",
      msg("regionCode.unknown", { code }),
    );
  }
  return code;
}

/**
 * The prefix a region code covers: a province code "330000" covers "33", a prefecture "410100"
 * covers "4101", a county "360102" only itself.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

/** Does a product, agency or policy registered for `servingCode` serve a firm in `firmCode`? */
export function regionServes(servingCode: string, firmCode: string): boolean {
  return firmCode.startsWith(regionPrefix(servingCode));
}

/**
 * The codes whose coverage includes `firmCode`: itself, its prefecture and its province. A record
 * serves the firm iff its region code is one of these (array-overlap friendly for SQL).
 */
export function regionAncestors(firmCode: string): string[] {
  const set = new Set([firmCode, `${firmCode.slice(0, 4)}00`, `${firmCode.slice(0, 2)}0000`]);
  return [...set];
}

/**
 * Industry code: a section letter, optionally followed by a 2-digit division, 3-digit group or
 * 4-digit class (C, C39, C391, C3911). The section and the division must exist in GB/T 4754-2017
 * and the division must belong to the section; the group and class digits are checked for shape only
 * (the shipped table stops at divisions).
 */
export function parseIndustryCode(raw: string, field = "industryCode"): string {
  const code = raw.trim().toUpperCase();
  if (!INDUSTRY.test(code)) {
    throw ValidationError.single(
      field,
      "industryCode.format",
      msg("industryCode.format", { raw }),
    );
  }
  const problem = industryCodeProblem(code);
  if (problem !== null) {
    throw ValidationError.single(field, "industryCode.unknown", problem);
  }
  return code;
}

/** Does an industry prefix list serve a firm's industry? An empty list serves every industry. */
export function industryServes(prefixes: readonly string[], industryCode: string): boolean {
  return prefixes.length === 0 || prefixes.some((p) => industryCode.startsWith(p));
}
