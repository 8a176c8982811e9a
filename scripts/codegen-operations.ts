import { generate } from "@graphql-codegen/cli";
import config from "../codegen";

/**
 * Runs codegen.ts with @graphql-codegen/cli's programmatic `generate` and prints the generated
 * TypeScript on stdout instead of writing it; extra operations (GraphQL text) may follow as
 * arguments. test/unit/codegen.test.ts runs it in a child process: the CLI loads ESM-only packages
 * that Node 20 requires natively but Jest's CommonJS runtime cannot.
 */
async function main(): Promise<void> {
  const documents = [...(config.documents as string[]), ...process.argv.slice(2)];
  const [output] = await generate({ ...config, documents, silent: true, errorsOnly: true }, false);
  process.stdout.write(output!.content);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
