export { coveredPrefixSql, regionOverlapSql } from "../auth/scopes";

/**
 * SQL fragments shared by the lending report, quota utilisation and anomaly reads (docs/reporting.md). Each
 * mirrors a pure rule of src/domain and says which.
 */

/** Positional parameters of one statement: `add` returns the `$n` of a value. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `CAST($${this.values.length} AS ${cast})` : `$${this.values.length}`;
  }
}

/** The China calendar day of an instant (mirrors toChinaDate, src/domain/dates.ts: UTC + 8 hours, no daylight saving). */
export function chinaDaySql(instant: string): string {
  return `((${instant} AT TIME ZONE 'UTC') + interval '8 hours')::date`;
}

/**
 * Certification `c` is in force on day `d`, as stored now: mirrors certificationStatusOn(c, d) =
 * ACTIVE (src/domain/tier.ts) — issued on or before d, not past its expiry, not recorded EXPIRED,
 * and not revoked on or before d.
 */
export function inForceSql(c: string, d: string): string {
  return `(${c}.issued_on <= ${d} AND ${d} <= ${c}.expires_on AND ${c}.status <> 'EXPIRED'
    AND NOT (${c}.status = 'REVOKED' AND (${c}.revoked_on IS NULL OR ${c}.revoked_on <= ${d})))`;
}
