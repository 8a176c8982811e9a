import fs from "node:fs";
import path from "node:path";
import { getSchema } from "../src/graphql/schema";
import { printSchemaArtifact } from "../src/graphql/print-schema";

/** Writes schema/schema.graphql from the code-first schema. */
async function main(): Promise<void> {
  const file = path.join(__dirname, "..", "schema", "schema.graphql");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, printSchemaArtifact(await getSchema()));
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
