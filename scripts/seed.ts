import "reflect-metadata";
import { createDataSource } from "../src/db/data-source";
import { seedDemoData } from "../src/seed/demo-seed";

/**
 * `npm run seed`: loads the demo data into the database at DATABASE_URL (already migrated: start
 * the server once, or run `npm run migration:run`). Idempotent: a second run writes nothing.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL to the PostgreSQL database to seed, e.g. postgres://postgres@127.0.0.1:5432/srdi_match.");
  const ds = createDataSource({ url, poolSize: 1 });
  await ds.initialize();
  try {
    const result = await seedDemoData(ds);
    console.log(result.created ? `Loaded demo data: ${result.summary}` : `Demo data already present, left as it is: ${result.summary}.`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error("Seeding failed:", e);
  process.exit(1);
});
