import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../src/db/embedded";
import { createDataSource } from "../../src/db/data-source";
import { withDatabase } from "../../src/db/database";

/**
 * Once per `jest` run: a PostgreSQL server (DATABASE_URL when set, else a throw-away embedded one
 * in a temp dir) and a migrated template database that every test file clones.
 */
declare global {
  // eslint-disable-next-line no-var
  var __SRDI_TEST__: { embedded: EmbeddedDatabase | null; dataDir: string | null; adminUrl: string; templateDb: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  let embedded: EmbeddedDatabase | null = null;
  let dataDir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "srdi-test-pg-"));
    fs.chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: 55432, persistent: false });
    adminUrl = embedded.url;
  }
  const templateDb = `srdi_tpl_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${templateDb}"`);
  await admin.end();

  const ds = createDataSource({ url: withDatabase(adminUrl, templateDb), poolSize: 1 });
  await ds.initialize();
  await ds.runMigrations({ transaction: "each" });
  await ds.destroy();

  process.env.SRDI_TEST_ADMIN_URL = adminUrl;
  process.env.SRDI_TEST_TEMPLATE_DB = templateDb;
  globalThis.__SRDI_TEST__ = { embedded, dataDir, adminUrl, templateDb };
}
