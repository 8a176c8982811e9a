import fs from "node:fs";
import path from "node:path";
import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * GraphQL Code Generator (`npm run codegen`, @graphql-codegen/cli): TypeScript types for the
 * operations of README.md's ```graphql blocks (and any `*.graphql` file under `operations/` of a
 * client), against the committed schema/schema.graphql. Copy it into a client project and point
 * `documents` at its own operations. test/unit/codegen.test.ts runs it and type-checks the output.
 */

/** How the custom scalars (src/graphql/scalars.ts and type-graphql's) look on the wire, as TypeScript types. */
export const SCALARS = {
  /** Record ids: a UUID, or a global id with `X-Srdi-Global-Ids: 1` (docs/architecture.md). */
  ID: { input: "string", output: "string" },
  /** Money in yuan as a decimal string, "8000000.00": never a number. */
  Decimal: { input: "string", output: "string" },
  /** A calendar date "YYYY-MM-DD". */
  LocalDate: { input: "string", output: "string" },
  /** An ISO 8601 instant, "2026-11-24T08:00:00.000Z" (JSON has no date type). */
  DateTimeISO: { input: "string", output: "string" },
  /** A JSON object (audit snapshots). */
  JSONObject: { input: "Record<string, unknown>", output: "Record<string, unknown>" },
} as const;

/** The operations of a Markdown file's ```graphql code blocks, one string per block. */
export function markdownOperations(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/^```graphql\r?\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

const config: CodegenConfig = {
  overwrite: true,
  schema: path.join(__dirname, "schema", "schema.graphql"),
  documents: markdownOperations(path.join(__dirname, "README.md")),
  generates: {
    "generated/operations.ts": {
      plugins: ["typescript-operations"],
      // typescript-operations 6 emits the enums and inputs the operations use itself; adding the
      // `typescript` plugin (installed, for schema-wide types) would declare them twice.
      config: { scalars: SCALARS, strictScalars: true, enumsAsTypes: true, skipTypename: true },
    },
  },
};

export default config;
