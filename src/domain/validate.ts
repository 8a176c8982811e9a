import { ValidationError } from "./errors";
import type { Fen } from "./money";

/** Small field rules shared by every input. Each throws ValidationError naming the field. */

export function requireText(raw: string, field: string, maxLength: number): string {
  const text = raw.trim();
  if (text.length === 0) throw ValidationError.single(field, "text.required", "must not be empty.");
  if (text.length > maxLength) {
    throw ValidationError.single(field, "text.maxLength", `must be at most ${maxLength} characters, got ${text.length}.`);
  }
  return text;
}

export function requireInt(raw: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(raw) || raw < min || raw > max) {
    throw ValidationError.single(field, "int.range", `must be a whole number from ${min} to ${max}, got ${raw}.`);
  }
  return raw;
}

/** Basis points: a whole number, 0 ≤ bp ≤ max (10000 = 100%). */
export function requireBp(raw: number, field: string, max = 10_000, min = 0): number {
  if (!Number.isInteger(raw) || raw < min || raw > max) {
    throw ValidationError.single(field, "bp.range", `must be whole basis points from ${min} to ${max} (345 = 3.45%), got ${raw}.`);
  }
  return raw;
}

export function requireMoneyRange(min: Fen, max: Fen, minField: string, maxField: string): void {
  if (min > max) throw ValidationError.single(maxField, "range.order", `must be at least ${minField}.`);
}

export function requireIntRange(min: number, max: number, minField: string, maxField: string): void {
  if (min > max) throw ValidationError.single(maxField, "range.order", `must be at least ${minField} (${min}), got ${max}.`);
}

export function requireNonEmpty<T>(list: readonly T[], field: string): readonly T[] {
  if (list.length === 0) throw ValidationError.single(field, "list.required", "must list at least one value.");
  return list;
}

/** Removes duplicates, keeping the first occurrence's order. */
export function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
