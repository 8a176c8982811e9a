import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { parse, type OperationDefinitionNode } from "graphql";
import ts from "typescript";
import { markdownOperations } from "../../codegen";

/**
 * codegen.ts (issue 14): GraphQL Code Generator turns README.md's operations into TypeScript types
 * with the custom scalars as they are on the wire; the output must type-check, and an operation
 * that no longer fits the schema fails the generation. The generation runs codegen.ts with the
 * CLI's `generate` in a child process (scripts/codegen-operations.ts: the CLI loads ESM-only
 * packages, which Node 20 requires but Jest's CommonJS runtime cannot).
 */
const ROOT = path.join(__dirname, "..", "..");
const README_OPERATIONS = markdownOperations(path.join(ROOT, "README.md"));

async function generated(extra: string[] = []): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "scripts", "codegen-operations.ts"), ...extra], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** tsc's diagnostics for the generated file plus a client snippet using it. */
function typeErrors(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  const abs = (name: string) => path.join("/virtual", name);
  const byPath = new Map(Object.entries(files).map(([name, text]) => [abs(name), text]));
  host.readFile = (f) => byPath.get(f) ?? read(f);
  host.fileExists = (f) => byPath.has(f) || exists(f);
  host.getSourceFile = ((orig) => (f: string, lang: ts.ScriptTarget | ts.CreateSourceFileOptions) =>
    byPath.has(f) ? ts.createSourceFile(f, byPath.get(f)!, lang) : orig(f, lang))(host.getSourceFile.bind(host));
  const program = ts.createProgram([...byPath.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("codegen.ts", () => {
  it("finds the README's operations: the bank, firm and regulator examples, viewer and the sync", () => {
    const names = README_OPERATIONS.flatMap((block) => parse(block).definitions.map((d) => (d as OperationDefinitionNode).name?.value));
    expect(names).toEqual(expect.arrayContaining(["BankOpenNeeds", "NeedsForMyProduct", "ProductsForMyFirm", "MatchesForMyNeed", "SubmitNeed", "JinchengCertifiedFirms", "WhoAmI", "SyncFirms"]));
  });

  it("generates types for every README operation that type-check, with money, dates and instants as strings", async () => {
    const output = await generated();
    for (const name of ["BankOpenNeedsQuery", "SubmitNeedMutation", "WhoAmIQuery", "SyncFirmsQueryVariables"]) expect(output).toContain(`export type ${name} =`);
    const client = `
      type Product = ProductsForMyFirmQuery["loanProducts"]["edges"][number]["node"];
      const minAmount: Product["minAmount"] = "1000000.00";
      // @ts-expect-error money is a decimal string on the wire, never a number
      const asNumber: Product["minAmount"] = 1000000;
      const status: SubmitNeedMutation["submitFinancingNeed"]["status"] = "OPEN";
      const expires: NonNullable<WhoAmIQuery["viewer"]["tokenExpiresAt"]> = "2027-01-15T08:00:00.000Z";
      const vars: SyncFirmsQueryVariables = { since: "2026-12-01T00:00:00.000Z", after: null };
      export const used = [minAmount, asNumber, status, expires, vars];
    `;
    // The client code in the same file as the generated types (no module resolution in memory).
    expect(typeErrors({ "operations.ts": `${output}\n${client}` })).toEqual([]);
  }, 60_000);

  it("fails when an operation no longer fits the schema", async () => {
    await expect(generated(["query Stale { firms { edges { node { nameThatIsGone } } } }"])).rejects.toThrow(/nameThatIsGone/);
  }, 60_000);
});
