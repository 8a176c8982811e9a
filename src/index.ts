// First: tracing patches http, express, graphql and pg as they load (src/observability/tracing.ts).
import { stopTracing } from "./observability/tracing";
import "reflect-metadata";
import http from "node:http";
import { ConfigError, loadConfig } from "./config/config";
import { openDatabase } from "./db/database";
import { createApp } from "./app";
import { scheduleNeedExpiry } from "./modules/need/need-lifecycle.service";
import { seedDemoData } from "./seed/demo-seed";
import { demoTokens } from "./seed/demo-tokens";
import { TokenService } from "./modules/auth/token.service";
import { resolveTokenSettings } from "./modules/auth/token-settings";
import { handleShutdownSignals } from "./http/lifecycle";

/** Start: config, database (embedded or DATABASE_URL), migrations, demo data, HTTP server. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  const tokens = new TokenService(resolveTokenSettings(config, db.embedded));
  const seed = config.seedDemoData ?? db.embedded;
  if (seed) {
    const result = await seedDemoData(db.ds);
    console.log(result.created ? `Loaded demo data: ${result.summary}` : "Demo data already present; left as it is.");
  }
  const { app, apollo, services, logger, lifecycle } = await createApp(db.ds, config, tokens, { reader: db.reader });
  // Needs past their needed-by date plus the grace period become EXPIRED: now, then every hour (docs/workflow.md).
  const stopNeedExpiry = scheduleNeedExpiry(services.needLifecycle);
  const server = http.createServer(app);
  lifecycle.track(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, resolve);
  });
  console.log(`srdi-match ready: http://localhost:${config.port}/graphql (database ${db.displayUrl})`);
  if (seed && !config.auth.verification) {
    console.log("\nDemo tokens (12 h; paste one into GraphiQL's Headers as {\"Authorization\": \"Bearer <token>\"}):");
    for (const { label, token } of await demoTokens(db.ds, tokens)) console.log(`  ${label}\n    ${token}`);
  }

  // SIGINT/SIGTERM: /readyz 503 and new requests refused at once, requests in flight finish (at most
  // SHUTDOWN_TIMEOUT_MS), then Apollo, the need-expiry schedule, the pool and only then the embedded
  // PostgreSQL stop (src/http/lifecycle.ts). A second signal exits at once.
  handleShutdownSignals({
    server,
    lifecycle,
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    steps: [
      { name: "Apollo Server", run: () => apollo.stop() },
      { name: "need-expiry schedule", run: stopNeedExpiry },
      { name: "database pool", run: () => db.closePool() },
      { name: "embedded PostgreSQL", run: () => db.stopServer() },
      { name: "trace export", run: stopTracing },
    ],
  });
}

main().catch((error) => {
  console.error("srdi-match failed to start:", error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
