/**
 * The languages the API answers in, and how a request's `Accept-Language` picks one (RFC 9110
 * §12.5.4): the acceptable language ranges in order of their q-value (ties keep the header's
 * order; q=0 means "not this one"); the first one we speak wins; nothing acceptable → English.
 * Simplified Chinese is spoken: `zh`, `zh-CN`, `zh-SG`, `zh-MY`, and any `zh-Hans…`. Traditional
 * Chinese (`zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant…`) is not: it falls through to the next range.
 */
export type Locale = "en" | "zh";

export const LOCALES: readonly Locale[] = ["en", "zh"];
export const DEFAULT_LOCALE: Locale = "en";

const SIMPLIFIED_REGIONS = new Set(["cn", "sg", "my"]);

/** The locale one language range stands for, or null when we do not speak it. */
function localeOfRange(range: string): Locale | null {
  const parts = range.toLowerCase().split("-");
  if (parts[0] === "*") return DEFAULT_LOCALE;
  if (parts[0] === "en") return "en";
  if (parts[0] !== "zh") return null;
  const rest = parts.slice(1);
  if (rest.length === 0) return "zh";
  if (rest[0] === "hans") return "zh";
  if (rest[0] === "hant") return null;
  return SIMPLIFIED_REGIONS.has(rest[0]!) ? "zh" : null;
}

/** The locale for an `Accept-Language` header (absent, empty or unparsable: English). */
export function negotiateLocale(header: string | readonly string[] | null | undefined): Locale {
  const text = Array.isArray(header) ? header.join(",") : (header as string | null | undefined);
  if (!text) return DEFAULT_LOCALE;
  const ranges: { range: string; q: number; order: number }[] = [];
  text.split(",").forEach((item, order) => {
    const [rangePart, ...paramParts] = item.split(";");
    const range = rangePart!.trim();
    if (!/^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$/.test(range)) return;
    let q = 1;
    for (const p of paramParts) {
      if (!/^\s*q\s*=/i.test(p)) continue;
      const m = /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/i.exec(p);
      q = m ? Number(m[1]) : NaN; // a malformed weight: the range is ignored
    }
    if (!Number.isFinite(q) || q <= 0 || q > 1) return;
    ranges.push({ range, q, order });
  });
  ranges.sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { range } of ranges) {
    const locale = localeOfRange(range);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
