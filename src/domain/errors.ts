import { msg, renderDeep, type Locale, type Message } from "../i18n";
import type { RecordType } from "../i18n/catalogue";

/**
 * Coded errors for expected failures. Services and domain modules throw these; the GraphQL layer
 * maps `code` to `extensions.code` in one place (src/graphql/errors.ts). Anything else is an
 * internal error and is masked. Every error and violation carries a Message of the catalogue
 * (src/i18n/catalogue.ts), never a sentence: `message` is its English text (logs, audit), and the
 * answer renders it in the request's language (`messageIn`, `detailsIn`).
 */
export type ErrorCode = "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra machine-readable detail, copied into `extensions`. */
  readonly details: Record<string, unknown>;
  /** The message of the catalogue; `message` is its English text. */
  readonly text: Message;

  constructor(text: Message, details: Record<string, unknown> = {}) {
    super(text.in("en"));
    this.name = new.target.name;
    this.text = text;
    this.details = details;
  }

  /** The message in `locale`. */
  messageIn(locale: Locale): string {
    return this.text.in(locale);
  }

  /** The details with every Message in them (e.g. ineligibility reasons) rendered in `locale`. */
  detailsIn(locale: Locale): Record<string, unknown> {
    return renderDeep(this.details, locale);
  }
}

/** One broken input rule: which field, which rule, and a sentence a person can act on (English). */
export interface InputViolation {
  field: string;
  rule: string;
  message: string;
}

/** A broken input rule as it is raised: its sentence is a Message, rendered per answer. */
export interface Violation {
  field: string;
  rule: string;
  text: Message;
}

export class ValidationError extends AppError {
  readonly code = "BAD_USER_INPUT" as const;
  /** The broken rules, each with its Message. */
  readonly items: readonly Violation[];
  /** The broken rules in English. */
  readonly violations: InputViolation[];

  constructor(items: readonly Violation[]) {
    super(msg("validation.summary", { items: items.map((v) => ({ field: v.field, text: v.text })) }));
    this.items = items;
    this.violations = violationsIn(items, "en");
    Object.assign(this.details, { violations: this.violations });
  }

  /** The same violations, their fields renamed (e.g. "filter.to" → "to"). */
  withFields(rename: (field: string) => string): ValidationError {
    return new ValidationError(this.items.map((v) => ({ ...v, field: rename(v.field) })));
  }

  /** The violations in `locale`. */
  violationsIn(locale: Locale): InputViolation[] {
    return violationsIn(this.items, locale);
  }

  override detailsIn(locale: Locale): Record<string, unknown> {
    return { ...super.detailsIn(locale), violations: this.violationsIn(locale) };
  }

  static single(field: string, rule: string, text: Message): ValidationError {
    return new ValidationError([{ field, rule, text }]);
  }
}

function violationsIn(items: readonly Violation[], locale: Locale): InputViolation[] {
  return items.map((v) => ({ field: v.field, rule: v.rule, message: v.text.in(locale) }));
}

export class NotFoundError extends AppError {
  readonly code = "NOT_FOUND" as const;

  constructor(recordType: RecordType, id: string, field?: string) {
    super(msg("record.notFound", { recordType, id, ...(field ? { field } : {}) }), { recordType, id, ...(field ? { field } : {}) });
  }

  /** The same error, naming the input field that referred to the missing record. */
  withField(field: string): NotFoundError {
    return new NotFoundError(this.details.recordType as RecordType, this.details.id as string, field);
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
  private readonly list: Violation[] = [];

  add(field: string, rule: string, text: Message): this {
    this.list.push({ field, rule, text });
    return this;
  }

  /** Runs a check that throws ValidationError and keeps its violations. */
  check(fn: () => unknown): this {
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationError) this.list.push(...e.items);
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
        this.list.push(...e.items);
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
