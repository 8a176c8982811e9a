import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLErrorOptions, type GraphQLFormattedError } from "graphql";
import { AppError, NotFoundError, ValidationError } from "../domain/errors";
import { pgError } from "../db/pg-errors";
import { limitErrorOf } from "./limit-errors";
import { msg, type Locale, type Message } from "../i18n";

/**
 * A GraphQL error raised outside the domain (query limits) whose message is a Message of the
 * catalogue, so that it is answered in the request's language like the domain's errors.
 */
export class LocalizedGraphQLError extends GraphQLError {
  readonly text: Message;

  constructor(text: Message, options: GraphQLErrorOptions) {
    super(text.in("en"), options);
    this.text = text;
  }
}

const LOCALIZE = Symbol("localize");
type Localizer = (locale: Locale) => GraphQLFormattedError;

/** Remembers, on the (English) formatted error, how to answer it in another language; not serialised. */
function localizable(formatted: GraphQLFormattedError, localize: Localizer): GraphQLFormattedError {
  Object.defineProperty(formatted, LOCALIZE, { value: localize, enumerable: false });
  return formatted;
}

/**
 * The formatted errors in `locale` (message, violations' messages, Messages in the details);
 * code, field, rule, path unchanged. Errors formatError did not produce stay as they are.
 */
export function localizeErrors(errors: readonly GraphQLFormattedError[], locale: Locale): GraphQLFormattedError[] {
  return errors.map((e) => (e as { [LOCALIZE]?: Localizer })[LOCALIZE]?.(locale) ?? e);
}

/**
 * The one place where errors become GraphQL errors: coded domain errors keep their message and
 * get `extensions.code`; GraphQL's own request errors pass through; anything else is an internal
 * error, logged with its stack and answered with a masked message (no SQL, no stack). The answer
 * is English; `localizeErrors` (the locale plugin) renders it in the request's language.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (message: string, error: unknown) => void = defaultLog): GraphQLFormattedError {
  const limit = limitErrorOf(error);
  if (limit) {
    // An abuse limit (limit-errors.ts): its own code, even when Apollo wrapped it as a validation or parse error.
    const answer: Localizer = (locale) => ({
      message: limit.text.in(locale),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: limit.code, ...limit.details },
    });
    return localizable(answer("en"), answer);
  }
  const found = findAppError(error) ?? malformedIdError(error);
  if (found) {
    const app = found instanceof ValidationError ? locateScalarViolations(found, formatted.message) : found;
    const answer: Localizer = (locale) => ({
      message: app.messageIn(locale),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: app.code, ...app.detailsIn(locale) },
    });
    return localizable(answer("en"), answer);
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") {
    // Parse, validation and variable-coercion errors from graphql-js and Apollo: safe to show.
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    const localized = findLocalizedError(error);
    if (!localized) return { ...formatted, extensions };
    return localizable({ ...formatted, extensions }, (locale) => ({ ...formatted, message: localized.text.in(locale), extensions }));
  }
  log("internal error", unwrapResolverError(error));
  const masked = msg("internal.masked");
  const answer: Localizer = (locale) => ({
    message: masked.in(locale),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  });
  return localizable(answer("en"), answer);
}

function findLocalizedError(error: unknown): LocalizedGraphQLError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof LocalizedGraphQLError) return current;
    current = current instanceof GraphQLError ? current.originalError : null;
  }
  return null;
}

/**
 * Scalars (Decimal, LocalDate) do not know where they sit in the input; graphql-js puts the path in
 * its variable-coercion message ('Variable "$input" got invalid value … at "input.amount"'), so
 * the violation is given that path as its field.
 */
function locateScalarViolations(error: ValidationError, message: string): ValidationError {
  const match = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)";/s.exec(message) ?? /^Variable "\$(\w+)" got invalid value/.exec(message);
  if (!match) return error;
  const field = match[2] ?? match[1]!;
  return error.withFields((f) => (f === "Decimal" || f === "LocalDate" ? field : f));
}

/** A malformed id (not a UUID) names no record: answered as NOT_FOUND, the same as an unknown id. */
function malformedIdError(error: unknown): NotFoundError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const pg = pgError(current);
    if (pg?.code === "22P02") {
      const value = /invalid input syntax for type uuid: "(.*)"/.exec((current as Error).message)?.[1];
      if (value !== undefined) return new NotFoundError("Record", value);
    }
    current = (current as GraphQLError).originalError;
  }
  return null;
}

/** Walks originalError links (resolver wrapping, scalar coercion, Apollo validation wrapping). */
function findAppError(error: unknown): AppError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof AppError) return current;
    current = current instanceof GraphQLError || current instanceof Error ? (current as GraphQLError).originalError ?? (current as Error).cause : null;
  }
  return null;
}

function defaultLog(message: string, error: unknown): void {
  console.error(`[srdi-match] ${message}:`, error);
}
