import { ValidationError } from "./errors";
import type { Fen } from "./money";
import { msg } from "../i18n";

/** Small field rules shared by every input. Each throws ValidationError naming the field. */

export function requireText(raw: string, field: string, maxLength: number): string {
  const text = raw.trim();
  if (text.length === 0) throw ValidationError.single(field, "text.required", msg("text.required"));
  if (text.length > maxLength) {
    throw ValidationError.single(field, "text.maxLength", msg("text.maxLength", { max: maxLength, length: text.length }));
  }
  return text;
}

export function requireInt(raw: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(raw) || raw < min || raw > max) {
    throw ValidationError.single(field, "int.range", msg("int.range", { min, max, got: raw }));
  }
  return raw;
}

/** Basis points: a whole number, 0 ≤ bp ≤ max (10000 = 100%). */
export function requireBp(raw: number, field: string, max = 10_000, min = 0): number {
  if (!Number.isInteger(raw) || raw < min || raw > max) {
    throw ValidationError.single(field, "bp.range", msg("bp.range", { min, max, got: raw }));
  }
  return raw;
}

export function requireMoneyRange(min: Fen, max: Fen, minField: string, maxField: string): void {
  if (min > max) throw ValidationError.single(maxField, "range.order", msg("range.atLeastField", { minField }));
}

export function requireIntRange(min: number, max: number, minField: string, maxField: string): void {
  if (min > max) throw ValidationError.single(maxField, "range.order", msg("range.atLeast", { minField, min, got: max }));
}

export function requireNonEmpty<T>(list: readonly T[], field: string): readonly T[] {
  if (list.length === 0) throw ValidationError.single(field, "list.required", msg("list.required"));
  return list;
}

/** Removes duplicates, keeping the first occurrence's order. */
export function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
