import { randomBytes } from "node:crypto";
import { Client } from "pg";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source";
import { runMigrationsLocked, withDatabase } from "../../src/db/database";

/**
 * N instances starting at once on one empty database (docs/deployment.md, "Migrations"): the
 * advisory lock makes one of them apply every migration and the others find nothing to do.
 * Without it the concurrent runs race on the same CREATE TABLEs and all but one start fails.
 */
describe("runMigrationsLocked", () => {
  const adminUrl = process.env.SRDI_TEST_ADMIN_URL!;
  const name = `srdi_miglock_${randomBytes(4).toString("hex")}`;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  });
  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it("three instances migrating one empty database at once: each migration applied once, every start succeeds", async () => {
    for (let i = 0; i < 3; i++) sources.push(createDataSource({ url: withDatabase(adminUrl, name), poolSize: 2 }));
    await Promise.all(sources.map((ds) => ds.initialize()));
    const results = await Promise.allSettled(sources.map((ds) => runMigrationsLocked(ds)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    const applied = results.map((r) => (r as PromiseFulfilledResult<unknown[]>).value.length);
    const total = sources[0]!.migrations.length;
    expect(applied.sort((a, b) => b - a)).toEqual([total, 0, 0]);
    const rows = await sources[0]!.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name HAVING count(*) > 1`);
    expect(rows).toEqual([]);
    expect(await sources[1]!.showMigrations()).toBe(false);
  });
});
