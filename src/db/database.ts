import { Client } from "pg";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config";
import { createDataSource } from "./data-source";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";

export const EMBEDDED_DATABASE_NAME = "srdi_match";

export interface Database {
  ds: DataSource;
  /** DATABASE_READ_URL's connection (reports and lists; never migrated, never written), else ds. */
  reader: DataSource;
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
    const applied = await runMigrationsLocked(ds);
    if (applied.length > 0) log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(", ")}`);
  } catch (e) {
    if (ds.isInitialized) await ds.destroy();
    await embedded?.stop();
    throw e;
  }
  let reader = ds;
  if (config.databaseReadUrl) {
    reader = createDataSource({ url: config.databaseReadUrl, logSql: config.logSql, applicationName: "srdi-match-read" });
    try {
      await reader.initialize();
    } catch (e) {
      await ds.destroy();
      await embedded?.stop();
      throw e;
    }
  }
  const database: Database = {
    ds,
    reader,
    displayUrl: url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@"),
    embedded: embedded !== null,
    async closePool() {
      if (reader !== ds && reader.isInitialized) await reader.destroy();
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

/** Key of the session advisory lock that serialises migrations across instances ("srdi-mig" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x7372_6469_2d6d_6967n;

/**
 * Runs the pending migrations under a PostgreSQL advisory lock, so that N instances starting at
 * once on one database migrate it once: TypeORM takes no lock of its own, and two concurrent
 * `runMigrations` both see the same migration pending and race on its CREATE TABLEs. The lock is
 * held on one dedicated connection of the pool for the whole run; whoever waits finds nothing left
 * to apply.
 */
export async function runMigrationsLocked(ds: DataSource) {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    try {
      return await ds.runMigrations({ transaction: "each" });
    } finally {
      await runner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await runner.release();
  }
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
