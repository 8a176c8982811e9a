import { QueryFailedError } from "typeorm";

/** PostgreSQL SQLSTATE codes the services translate into coded errors. */
export const PG_UNIQUE_VIOLATION = "23505";
export const PG_FOREIGN_KEY_VIOLATION = "23503";
export const PG_CHECK_VIOLATION = "23514";

interface PgDriverError {
  code?: string;
  constraint?: string;
}

/** The SQLSTATE and constraint of a failed query, or null for other errors. */
export function pgError(error: unknown): PgDriverError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (error as QueryFailedError & { driverError?: PgDriverError }).driverError;
  return driverError ?? null;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error);
  return pg?.code === PG_UNIQUE_VIOLATION && (constraint === undefined || pg.constraint === constraint);
}
