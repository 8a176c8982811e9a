import { Client } from "pg";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config";
import { createDataSource } from "./data-source";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";

export const EMBEDDED_DATABASE_NAME = "srdi_match";

export interface Database {
  ds: DataSource;
  /** Connection URL (password hidden) for logs. */
  displayUrl: string;
  embedded: boolean;
  /** Closes the connection pool (waits for the connections in use to be released). */
  closePool(): Promise<void>;
  /** Stops the embedded PostgreSQL (nothing with DATABASE_URL); after closePool. */
  stopServer(): Promise<void>;
  /** closePool, then stopServer. */
  close(): Promise<void>;
}

/**
 * Opens the database: DATABASE_URL when set, otherwise an embedded PostgreSQL under ./.data/.
 * Runs pending migrations before returning.
 */
export async function openDatabase(config: Config, log: (message: string) => void = console.log): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    log(`Starting embedded PostgreSQL (data in ${config.embeddedDataDir})…`);
    embedded = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort, persistent: true });
    await ensureDatabase(embedded.url, EMBEDDED_DATABASE_NAME);
    url = withDatabase(embedded.url, EMBEDDED_DATABASE_NAME);
  }
  const ds = createDataSource({ url, logSql: config.logSql });
  try {
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: "each" });
    if (applied.length > 0) log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(", ")}`);
  } catch (e) {
    if (ds.isInitialized) await ds.destroy();
    await embedded?.stop();
    throw e;
  }
  const database: Database = {
    ds,
    displayUrl: url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@"),
    embedded: embedded !== null,
    async closePool() {
      if (ds.isInitialized) await ds.destroy();
    },
    async stopServer() {
      await embedded?.stop();
    },
    async close() {
      await database.closePool();
      await database.stopServer();
    },
  };
  return database;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a database if it does not exist (CREATE DATABASE cannot run inside a transaction). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}
