import { createHash } from "node:crypto";
import { ValidationError } from "./errors";
import { msg } from "../i18n";

/**
 * Idempotency keys (幂等键), pure parts: the key's format and the canonical hash of a request's
 * input. A retry of a mutation with the same key and the same input returns the first result; the
 * same key with other input is refused (src/modules/idempotency/idempotency.service.ts).
 */

/** 1 to 100 characters of A–Z, a–z, 0–9, "_", "-", ":" and "." (a UUID, a ULID, "order-42:retry" all fit). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,100}$/;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 100;

/** The key as sent, or BAD_USER_INPUT naming `field` and saying what a key may contain. */
export function parseIdempotencyKey(raw: unknown, field: string): string {
  if (typeof raw !== "string" || raw.length === 0) {
    throw ValidationError.single(field, "idempotencyKey.required", msg("idempotencyKey.required"));
  }
  if (raw.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw ValidationError.single(field, "idempotencyKey.length", msg("text.maxLength", { max: MAX_IDEMPOTENCY_KEY_LENGTH, length: raw.length }));
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(raw)) {
    throw ValidationError.single(field, "idempotencyKey.format", msg("idempotencyKey.format"));
  }
  return raw;
}

/**
 * A canonical JSON text of a request's input, equal for inputs that mean the same: object keys
 * sorted; keys whose value is null or undefined left out (an omitted optional field and an
 * explicit null are the same request); array order kept (it can matter); Dates as ISO instants;
 * bigints as decimal strings. Non-finite numbers and functions are refused (not input data).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a finite number`);
      return value;
    case "bigint":
      return value.toString();
    case "object": {
      if (Array.isArray(value)) return value.map(canonical);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) {
        const v = (value as Record<string, unknown>)[key];
        if (v === null || v === undefined) continue;
        out[key] = canonical(v);
      }
      return out;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** sha256 (hex) of the canonical JSON of an input: what an idempotency key remembers. */
export function hashIdempotentInput(input: unknown): string {
  return createHash("sha256").update(canonicalJson(input), "utf8").digest("hex");
}
