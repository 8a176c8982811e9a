import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type ErrorRequestHandler, type Express } from "express";
import type { Viewer } from "./domain/access";
import { UnauthenticatedError } from "./domain/errors";
import type { DataSource } from "typeorm";
import type { Config } from "./config/config";
import { authenticationPlugin } from "./graphql/authentication";
import { createContext, type Context } from "./graphql/context";
import { GLOBAL_IDS_HEADER, wantsGlobalIds } from "./modules/node/global-ids";
import { formatError } from "./graphql/errors";
import { localePlugin } from "./graphql/locale-plugin";
import { msg, negotiateLocale, type Locale, type Message } from "./i18n";
import { graphiqlAssets, graphiqlHtml } from "./graphql/graphiql-page";
import { parseOptions, queryLimitsPlugin, queryShapeRule } from "./graphql/limits";
import { chargeRequest, createRateBudget, rateChargeOf } from "./graphql/rate-limit";
import { hideSuggestionsPlugin } from "./graphql/suggestions";
import { getSchema } from "./graphql/schema";
import type { TokenService } from "./modules/auth/token.service";
import { writeLendingCsv } from "./modules/report/lending-csv";
import { lendingExportHandlers } from "./modules/report/lending-export";
import { writeLendingXlsx } from "./modules/report/lending-xlsx";
import { createServices, type Services } from "./services";
import { observabilityPlugin } from "./observability/graphql-plugin";
import { createLogger, observedLocals, requestIdentity, requestLogger } from "./observability/logging";
import { createMetrics, metricsHandler } from "./observability/metrics";
import type { DestinationStream, Logger } from "pino";
import { HttpLifecycle } from "./http/lifecycle";

export interface App {
  app: Express;
  apollo: ApolloServer<Context>;
  services: Services;
  /** The JSON logger of the request lines (index.ts logs the shutdown with it). */
  logger: Logger;
  /** Shutdown state: /readyz turns 503 and new requests are refused once it begins (src/http/lifecycle.ts). */
  lifecycle: HttpLifecycle;
  /** Builds a request context, for tests that call `apollo.executeOperation`. */
  contextFor(viewer: Viewer | null, now?: Date, locale?: Locale): Context;
}

/** The HTTP application: GraphQL at /graphql (POST, and the IDE on GET), /healthz and /readyz. */
export async function createApp(
  ds: DataSource,
  config: Config,
  tokens: TokenService,
  /** `reader`: DATABASE_READ_URL's connection for the reports and lists (services.ts); default ds. */
  options: { logDestination?: DestinationStream; reader?: DataSource } = {},
): Promise<App> {
  const reader = options.reader ?? ds;
  const services = createServices(ds, config, reader);
  const logger = createLogger(config.observability.logLevel, options.logDestination);
  const metrics = createMetrics(ds);
  const schema = await getSchema();
  // The cost budget per token (docs/access.md, "Abuse limits"): Redis when REDIS_URL is set.
  const budget = createRateBudget(config.rateLimit, (message, error) => logger.warn({ err: error }, message));
  await budget.ready();
  const onRateLimited = () => metrics.rateLimited.inc();
  // Internal errors (masked in the answer) go to the JSON log with their stack, as level 50 lines.
  const logError = (message: string, error: unknown) => logger.error({ err: error }, message);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: (formatted, error) => formatError(formatted, error, logError),
    includeStacktraceInErrorResponses: false,
    introspection: config.limits.introspection,
    // The abuse limits: the parser stops past MAX_TOKENS; the shape rule refuses over-limit
    // documents before graphql-js's own rules run; the cost is checked and charged per operation.
    parseOptions: parseOptions(config.limits),
    validationRules: [queryShapeRule(config.limits)],
    validationOptions: { hideSuggestions: !config.limits.introspection },
    // No cache hints are used (every answer depends on the caller), and the cache-control plugin
    // would wrap every field resolver: a report of thousands of groups paid ~10% of its time for it.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      authenticationPlugin(),
      queryLimitsPlugin(schema, config.limits, onRateLimited),
      ...(config.limits.introspection ? [] : [hideSuggestionsPlugin()]),
      observabilityPlugin(metrics),
      localePlugin(),
      { serverWillStart: async () => ({ serverWillStop: () => budget.close() }) }, // Redis closes with Apollo
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  // First: every request gets its id (echoed in X-Request-Id) and one JSON log line when it ends.
  app.use(requestIdentity(), requestLogger(logger));
  // While shutting down: 503 for everything but /healthz and /readyz.
  const lifecycle = new HttpLifecycle();
  app.use(lifecycle.refuseWhileShuttingDown());
  app.get("/metrics", metricsHandler(metrics, config.observability.metricsToken));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    if (lifecycle.shuttingDown) {
      res.setHeader("Connection", "close");
      res.status(503).json({ status: "unavailable", reason: "shutting down" });
      return;
    }
    if (reader !== ds) {
      try {
        await reader.query("SELECT 1");
      } catch {
        res.status(503).json({ status: "unavailable", reason: "read database (DATABASE_READ_URL) unreachable" });
        return;
      }
    }
    try {
      await ds.query("SELECT 1");
      const pending = await ds.showMigrations();
      if (pending) {
        res.status(503).json({ status: "unavailable", reason: "database migrations are pending" });
        return;
      }
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "unavailable", reason: "database unreachable" });
    }
  });

  // The lending report as CSV and XLSX (docs/reporting.md, "CSV export", "XLSX export"): same token, scope and figures as lendingReport.
  const exports = lendingExportHandlers(
    { services, tokens, budget, exportCost: config.rateLimit.exportCost, onRateLimited, log: logError },
    { csv: { label: "CSV", write: writeLendingCsv }, xlsx: { label: "XLSX", write: writeLendingXlsx } },
  );
  app.get("/reports/lending.csv", ...exports.csv);
  app.get("/reports/lending.xlsx", ...exports.xlsx);

  app.use(graphiqlAssets());
  app.get("/graphql", (req, res, next) => {
    // A browser asking for a page gets the IDE; GET queries (?query=…) go on to Apollo.
    if (req.query.query === undefined && req.accepts(["text/html", "application/json"]) === "text/html") {
      res.type("html").send(graphiqlHtml("/graphql"));
      return;
    }
    next();
  });

  app.use(
    "/graphql",
    chargeRequest(budget, {
      shape: "graphql",
      onRefused: (res) => {
        onRateLimited();
        metrics.errors.inc({ code: "RATE_LIMITED" });
        const outcome = observedLocals(res)?.outcome;
        if (outcome) outcome.errorCodes = ["RATE_LIMITED"];
      },
    }),
    express.json({ limit: config.limits.bodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const observed = observedLocals(res);
        const locale = negotiateLocale(req.headers["accept-language"]);
        const auth = req.headers.authorization ? await authenticate(tokens, req.headers.authorization) : { viewer: null };
        return {
          ...createContext(ds, services, auth.viewer, observed?.requestId ?? randomUUID(), new Date(), locale),
          ...(auth.error ? { authError: auth.error } : {}),
          globalIds: wantsGlobalIds(req.headers[GLOBAL_IDS_HEADER]),
          outcome: observed?.outcome,
          rateCharge: rateChargeOf(res),
        };
      },
    }),
  );
  app.use(bodyErrors(config.limits.bodyBytes));

  return { app, apollo, services, logger, lifecycle, contextFor: (viewer, now, locale) => createContext(ds, services, viewer, randomUUID(), now, locale) };
}

/** Verifies the bearer token; why a bad one is refused goes to the authentication plugin (401). */
async function authenticate(tokens: TokenService, header: string): Promise<{ viewer: Viewer | null; error?: Message }> {
  try {
    return { viewer: await tokens.verifyHeader(header) };
  } catch (e) {
    if (!(e instanceof UnauthenticatedError)) throw e;
    return { viewer: null, error: e.text };
  }
}

/** Request bodies over the limit or not JSON: a GraphQL-shaped JSON error instead of an HTML page. */
function bodyErrors(limitBytes: number): ErrorRequestHandler {
  return (err: { type?: string; status?: number }, req, res, next) => {
    const locale = negotiateLocale(req.headers["accept-language"]);
    if (err?.type === "entity.too.large") {
      res.status(413).json({
        errors: [{ message: msg("limits.bodyTooLarge", { limitBytes }).in(locale), extensions: { code: "PAYLOAD_TOO_LARGE", limit: "body", limitBytes } }],
      });
      return;
    }
    if (err?.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: msg("request.invalidJson").in(locale), extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    next(err);
  };
}

