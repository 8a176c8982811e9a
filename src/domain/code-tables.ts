import regionTable from "./tables/gbt2260-regions.json";
import industryTable from "./tables/gbt4754-2017-industries.json";
import { msg, type Message } from "../i18n";

/**
 * The shipped code tables (src/domain/tables/, README there): GB/T 2260 行政区划代码 (provinces,
 * prefectures, counties) and GB/T 4754-2017 国民经济行业分类 (sections and divisions). Pure: the
 * tables are JSON modules compiled into the build, looked up in memory; no database.
 */

export type RegionLevel = "PROVINCE" | "PREFECTURE" | "COUNTY";

const REGIONS: ReadonlyMap<string, string> = new Map(regionTable.regions.map(([code, name]) => [code!, name!]));
const INDUSTRIES: ReadonlyMap<string, string> = new Map(industryTable.industries.map(([code, name]) => [code!, name!]));

/** The level a 6-digit code names by its shape: 省级 xx0000, 地级 xxxx00, 县级 otherwise. */
export function regionLevelOf(code: string): RegionLevel {
  if (code.endsWith("0000")) return "PROVINCE";
  if (code.endsWith("00")) return "PREFECTURE";
  return "COUNTY";
}

/** Is `code` a region of the shipped GB/T 2260 table (any level)? */
export function regionExists(code: string): boolean {
  return REGIONS.has(code);
}

/** The region's own name (高平市 for 140581), or null for a code the table does not have. */
export function regionName(code: string | null | undefined): string | null {
  return code == null ? null : (REGIONS.get(code) ?? null);
}

/** The province code of a region (140000 for 140581), when the table has that province. */
export function provinceOf(code: string): string | null {
  const province = `${code.slice(0, 2)}0000`;
  return REGIONS.has(province) ? province : null;
}

/**
 * The prefecture code of a county (140500 for 140581); null for a province, for a prefecture
 * itself, and for counties directly under a municipality or province (110101, 469001).
 */
export function prefectureOf(code: string): string | null {
  if (regionLevelOf(code) !== "COUNTY") return null;
  const prefecture = `${code.slice(0, 4)}00`;
  return REGIONS.has(prefecture) ? prefecture : null;
}

/**
 * The name with its province and prefecture, as a regulator reads it: 山西省晋城市高平市 for
 * 140581, 北京市东城区 for 110101, 山西省 for 140000. Null for a code the table does not have.
 */
export function regionFullName(code: string | null | undefined): string | null {
  if (code == null || !REGIONS.has(code)) return null;
  const parts = [provinceOf(code), prefectureOf(code), code];
  return [...new Set(parts.filter((c): c is string => c !== null))].map((c) => REGIONS.get(c)!).join("");
}

/** A code and its name, for lists of regions (a product's served regions). */
export interface CodeName {
  code: string;
  name: string | null;
}

export function regionCodeNames(codes: readonly string[]): CodeName[] {
  return codes.map((code) => ({ code, name: regionName(code) }));
}

/** The section letter of a division (C for 39), from the table. */
const SECTION_OF_DIVISION: ReadonlyMap<string, string> = new Map(
  industryTable.industries.filter(([code]) => code!.length === 3).map(([code]) => [code!.slice(1), code![0]!]),
);

/** The section (门类) letter a 2-digit division (大类) belongs to, or null when there is no such division. */
export function sectionOfDivision(division: string): string | null {
  return SECTION_OF_DIVISION.get(division) ?? null;
}

/** Depth of the shipped industry table: sections (1 character) and divisions (3: C39). */
export const INDUSTRY_TABLE_DEPTH = 3;

/**
 * Why a well-formed industry code (letter + 0, 2, 3 or 4 digits) is not in GB/T 4754-2017, or
 * null when it is as far as the table reaches: the section must exist and the division (digits 1-2)
 * must exist and belong to that section (C39 yes, C65 no: 65 is in section I). The group and class
 * digits (C391, C3911) are not checked: the table holds sections and divisions only.
 */
export function industryCodeProblem(code: string): Message | null {
  const section = code[0]!;
  if (!INDUSTRIES.has(section)) return msg("industryCode.noSection", { code, section });
  if (code.length === 1) return null;
  const division = code.slice(1, 3);
  const owner = sectionOfDivision(division);
  if (owner === null) return msg("industryCode.noDivision", { code, division });
  if (owner !== section) return msg("industryCode.wrongSection", { code, division, owner, section });
  return null;
}

/** The exact name of an industry code the table has (C 制造业, C39 …), or null. */
export function industryName(code: string | null | undefined): string | null {
  return code == null ? null : (INDUSTRIES.get(code) ?? null);
}

/**
 * The name of the most specific level of `code` the table has: the division's for a group or
 * class code (C3911 → C39 计算机、通信和其他电子设备制造业), the code's own otherwise.
 */
export function industryNearestName(code: string | null | undefined): string | null {
  if (code == null) return null;
  return industryName(code.slice(0, INDUSTRY_TABLE_DEPTH)) ?? industryName(code.slice(0, 1));
}

/** Table sizes, for the README's figures and the tests. */
export function codeTableCounts(): { regions: Record<RegionLevel, number>; sections: number; divisions: number } {
  const regions: Record<RegionLevel, number> = { PROVINCE: 0, PREFECTURE: 0, COUNTY: 0 };
  for (const code of REGIONS.keys()) regions[regionLevelOf(code)]++;
  const sections = [...INDUSTRIES.keys()].filter((c) => c.length === 1).length;
  return { regions, sections, divisions: INDUSTRIES.size - sections };
}
