/**
 * Coded errors for expected failures. Services and domain modules throw these; the GraphQL layer
 * maps `code` to `extensions.code` in one place (src/graphql/errors.ts). Anything else is an
 * internal error and is masked.
 */
export type ErrorCode = "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra machine-readable detail, copied into `extensions`. */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** One broken input rule: which field, which rule, and a sentence a person can act on. */
export interface InputViolation {
  field: string;
  rule: string;
  message: string;
}

export class ValidationError extends AppError {
  readonly code = "BAD_USER_INPUT" as const;
  readonly violations: InputViolation[];

  constructor(violations: InputViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join("; "), { violations });
    this.violations = violations;
  }

  static single(field: string, rule: string, message: string): ValidationError {
    return new ValidationError([{ field, rule, message }]);
  }
}

export class NotFoundError extends AppError {
  readonly code = "NOT_FOUND" as const;

  constructor(recordType: string, id: string, field?: string) {
    super(`${recordType} ${id} does not exist${field ? ` (${field})` : ""}.`, { recordType, id, ...(field ? { field } : {}) });
  }

  /** The same error, naming the input field that referred to the missing record. */
  withField(field: string): NotFoundError {
    return new NotFoundError(this.details.recordType as string, this.details.id as string, field);
  }
}

export class ConflictError extends AppError {
  readonly code = "CONFLICT" as const;
}

export class ForbiddenError extends AppError {
  readonly code = "FORBIDDEN" as const;
}

export class UnauthenticatedError extends AppError {
  readonly code = "UNAUTHENTICATED" as const;
}

/**
 * Collects violations so that one request reports every broken rule at once, not only the first.
 */
export class Violations {
  private readonly list: InputViolation[] = [];

  add(field: string, rule: string, message: string): this {
    this.list.push({ field, rule, message });
    return this;
  }

  /** Runs a check that throws ValidationError and keeps its violations. */
  check(fn: () => unknown): this {
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationError) this.list.push(...e.violations);
      else throw e;
    }
    return this;
  }

  /** Runs a parser; returns its value, or records its violations and returns undefined. */
  take<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ValidationError) {
        this.list.push(...e.violations);
        return undefined;
      }
      throw e;
    }
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError([...this.list]);
  }
}
