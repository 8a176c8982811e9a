import { ValidationError } from "./errors";
import { msg } from "../i18n";

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V, Z),
 * the last one a check character over the first 17.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

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
 * `field` and the broken rule.
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
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    throw ValidationError.single(
      field,
      "creditCode.checkCharacter",
      msg("creditCode.checkCharacter", { got: code[17]!, expected }),
    );
  }
  return code;
}

/** The registering region (positions 3-8) of a valid credit code. */
export function creditCodeRegion(code: string): string {
  return code.slice(2, 8);
}

/**
 * Builds a valid credit code from its parts (used by demo data and tests). `body` is the 9-character
 * organisation code part (positions 9-17).
 */
export function makeCreditCode(registrationType: string, regionCode: string, body: string): string {
  const first17 = `${registrationType}${regionCode}${body}`;
  return first17 + creditCodeCheckChar(first17);
}
