import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../src/db/embedded";

/** A failure the benchmark explains itself (printed without a stack). */
export class BenchFailure extends Error {}

/**
 * The PostgreSQL server a benchmark works on: DATABASE_URL, or else an embedded server whose data
 * stays in .data/bench-postgres between runs (Ctrl-C stops it). `label` hides the password.
 */
export async function benchServer(): Promise<{ url: string; label: string; stop: () => Promise<void> }> {
  let embedded: EmbeddedDatabase | null = null;
  let url = process.env.DATABASE_URL || "";
  if (!url) {
    const dataDir = path.resolve(process.cwd(), ".data", "bench-postgres");
    console.log(`DATABASE_URL is unset: starting an embedded PostgreSQL (data in ${dataDir}, kept between runs)…`);
    embedded = await startEmbeddedPostgres({ dataDir, port: 54339, persistent: true });
    url = embedded.url;
    process.removeAllListeners("SIGINT");
    process.on("SIGINT", () => void embedded?.stop().finally(() => process.exit(130)));
  }
  const label = embedded ? `embedded on port ${embedded.port}` : url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  return { url, label, stop: async () => void (await embedded?.stop()) };
}

/** Runs a benchmark's main and exits 0, or 1 with the failure printed. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      if (e instanceof BenchFailure) console.error(`\nBENCHMARK FAILED\n${e.message}`);
      else console.error("\nBENCHMARK FAILED\n", e);
      process.exit(1);
    },
  );
}
