/** Writes .env.example from the settings table (src/config/env-schema.ts); `--check` fails when it is stale. */
import fs from "node:fs";
import path from "node:path";
import { envExample } from "../src/config/env-schema";

const file = path.join(__dirname, "..", ".env.example");
const wanted = envExample();
if (process.argv.includes("--check")) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (current !== wanted) {
    console.error(".env.example is not current: run `npm run env:example`.");
    process.exit(1);
  }
} else {
  fs.writeFileSync(file, wanted);
  console.log(`Wrote ${path.relative(process.cwd(), file)}.`);
}
