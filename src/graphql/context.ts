import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Viewer } from "../domain/access";
import { DEFAULT_LOCALE, type Locale, type Message } from "../i18n";
import { toChinaDate, type LocalDate } from "../domain/dates";
import type { Services } from "../services";
import type { RequestOutcome } from "../observability/logging";
import { createLoaders, type Loaders } from "./loaders";
import type { RateCharge } from "./rate-limit";

/** What every resolver gets: the caller, the request's id and date, the services and fresh loaders. */
export interface Context {
  /** The verified caller; null without a token (every operation but introspection then answers 401 UNAUTHENTICATED). */
  viewer: Viewer | null;
  /** Why the request's token was refused (bad, expired …); the authentication plugin answers 401 with it. */
  authError?: Message;
  /**
   * The client asked for global ids (`X-Srdi-Global-Ids: 1`, src/graphql/node.ts): `id` answers the
   * global id instead of the raw UUID during the deprecation period.
   */
  globalIds?: boolean;
  requestId: string;
  /** The language of the answer's messages and explanations (from Accept-Language; "en" without). */
  locale: Locale;
  /** Today's China calendar date, fixed for the whole request. */
  today: LocalDate;
  services: Services;
  loaders: Loaders;
  /** The HTTP request's outcome record (its log line); absent for operations run without HTTP (tests). */
  outcome?: RequestOutcome;
  /** The request's charge to the caller's cost budget; absent without HTTP (tests). */
  rateCharge?: RateCharge;
}

export function createContext(
  ds: DataSource,
  services: Services,
  viewer: Viewer | null,
  requestId: string = randomUUID(),
  now: Date = new Date(),
  locale: Locale = DEFAULT_LOCALE,
): Context {
  return { viewer, requestId, locale, today: toChinaDate(now), services, loaders: createLoaders(ds) };
}
