import { ValidationError } from "./errors";
import { msg } from "../i18n";

/**
 * Calendar dates travel as ISO strings "YYYY-MM-DD" (a LocalDate): Postgres `date` columns come
 * back in that form and ISO strings order correctly as strings. No clock here: callers pass `today`.
 */
export type LocalDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function parseLocalDate(raw: string, field = "date"): LocalDate {
  if (!isLocalDate(raw)) {
    throw ValidationError.single(field, "date.format", msg("date.format", { raw }));
  }
  return raw;
}

/** The UTC calendar date of an instant (the platform's dates are China calendar dates; see toChinaDate). */
export function toChinaDate(instant: Date): LocalDate {
  // China Standard Time is UTC+8 with no daylight saving.
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** Days since 1970-01-01 of an ISO date, without building a Date (the matching engine calls it per candidate). */
function dayNumber(date: LocalDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Requires `from` ≤ `to` (or `from` < `to` when `strict`), naming the later field. */
export function requireOrdered(from: LocalDate, to: LocalDate, fromField: string, toField: string, strict = false): void {
  if (strict ? from >= to : from > to) {
    throw ValidationError.single(
      toField,
      "date.order",
      msg("date.order", { strict, fromField, from, got: to }),
    );
  }
}
