import { ValidationError } from "./errors";
import { msg } from "../i18n";

/**
 * Money is yuan with at most two decimals. It travels as a decimal string ("1234.50") and is
 * computed as integer fen (cents) in a bigint, never as a float. Postgres stores NUMERIC(18,2).
 */
export type Fen = bigint;

const MONEY = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;
/** NUMERIC(18,2) holds at most 16 digits before the point. */
export const MAX_MONEY_FEN: Fen = 10n ** 18n - 1n;

/** Parses a decimal string into fen; throws ValidationError naming `field`. */
export function parseMoney(raw: string, field = "amount"): Fen {
  const text = raw.trim();
  if (!MONEY.test(text)) {
    throw ValidationError.single(
      field,
      "money.format",
      msg("money.format", { raw }),
    );
  }
  const [whole, frac = ""] = text.split(".");
  return BigInt(whole!) * 100n + BigInt((frac + "00").slice(0, 2));
}

/** Formats fen as a decimal string with exactly two decimals ("8000000.00"). */
export function formatMoney(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}

/** Already canonical: what formatMoney writes (no sign, no leading zeros, exactly two decimals). */
const CANONICAL_MONEY = /^(0|[1-9]\d{0,15})\.\d{2}$/;

/** Canonical form of a money string as Postgres returns it or a caller sent it. */
export function normalizeMoney(raw: string, field = "amount"): string {
  // Most values (every NUMERIC(18,2) Postgres returns) are canonical already: no need to parse them
  // (a report of thousands of groups serialises tens of thousands of amounts).
  if (CANONICAL_MONEY.test(raw)) return raw;
  return formatMoney(parseMoney(raw, field));
}

/** Parses and requires a strictly positive amount. */
export function parsePositiveMoney(raw: string, field = "amount"): Fen {
  const fen = parseMoney(raw, field);
  if (fen <= 0n) throw ValidationError.single(field, "money.positive", msg("money.positive"));
  return fen;
}

/** Parses and requires a zero-or-positive amount. */
export function parseNonNegativeMoney(raw: string, field = "amount"): Fen {
  return parseMoney(raw, field); // the format admits no sign, so any parsed value is >= 0
}

export function yuan(amount: number | bigint): Fen {
  return BigInt(amount) * 100n;
}

/** 万元 → fen, for readable demo data and tests (800万 = wan(800)). */
export function wan(amount: number): Fen {
  if (!Number.isInteger(amount)) throw new RangeError("wan() takes whole 万元");
  return BigInt(amount) * 10_000n * 100n;
}
