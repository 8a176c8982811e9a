import { ValidationError } from "../../src/domain/errors";

/** The violations a call reports, as [field, rule] pairs; [] when it passes. Other errors propagate. */
export function violationPairs(fn: () => unknown): Array<[string, string]> {
  try {
    fn();
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.violations.map((v) => [v.field, v.rule]);
  }
}
