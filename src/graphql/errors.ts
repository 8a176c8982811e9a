import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { AppError, NotFoundError, ValidationError } from "../domain/errors";
import { pgError } from "../db/pg-errors";
import { limitErrorOf } from "./limit-errors";

/**
 * The one place where errors become GraphQL errors: coded domain errors keep their message and
 * get `extensions.code`; GraphQL's own request errors pass through; anything else is an internal
 * error, logged with its stack and answered with a masked message (no SQL, no stack).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (message: string, error: unknown) => void = defaultLog): GraphQLFormattedError {
  const limit = limitErrorOf(error);
  if (limit) {
    // An abuse limit (limit-errors.ts): its own code, even when Apollo wrapped it as a validation or parse error.
    return { message: limit.message, ...(formatted.locations ? { locations: formatted.locations } : {}), extensions: { code: limit.code, ...limit.details } };
  }
  const found = findAppError(error) ?? malformedIdError(error);
  if (found) {
    const app = found instanceof ValidationError ? locateScalarViolations(found, formatted.message) : found;
    return {
      message: app.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: app.code, ...app.details },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") {
    // Parse, validation and variable-coercion errors from graphql-js and Apollo: safe to show.
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log("internal error", unwrapResolverError(error));
  return {
    message: "Internal server error. It has been logged; please retry or contact the platform operator.",
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
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
  return new ValidationError(error.violations.map((v) => (v.field === "Decimal" || v.field === "LocalDate" ? { ...v, field } : v)));
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
