import fs from "node:fs";
import { Client } from "pg";

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__SRDI_TEST__;
  if (!state) return;
  const admin = new Client({ connectionString: state.adminUrl });
  await admin.connect();
  // Drop the template and any test database a crashed file left behind.
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2",
    [state.templateDb, `${state.templateDb.replace("tpl", "t")}%`],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();
  await state.embedded?.stop();
  if (state.dataDir) fs.rmSync(state.dataDir, { recursive: true, force: true });
}
