import { Client } from "pg";
import { createDataSource } from "../../src/db/data-source";

/**
 * What the benchmarks' dataset generators (bench/match/dataset.ts, bench/report/dataset.ts) share:
 * timing, a short-lived connection, the project's migrations, their `bench_meta` row, row counts,
 * and the synthetic credit codes of their firms.
 */

/** Milliseconds since the call, whole. */
export function timer(): () => number {
  const t0 = performance.now();
  return () => Math.round(performance.now() - t0);
}

/** Runs `fn` on a connection of its own to `url`, closed afterwards. */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: "srdi-bench" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Applies the project's pending migrations to the database at `url`; the names of those applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const source = createDataSource({ url, poolSize: 2 });
  await source.initialize();
  try {
    return (await source.runMigrations({ transaction: "each" })).map((m) => m.name);
  } finally {
    await source.destroy();
  }
}

/** The dataset's `bench_meta` row (the given columns), or null when the table is not there: no finished dataset. */
export async function readMeta<T extends object>(url: string, columns: readonly (keyof T & string)[]): Promise<T | null> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ t: string | null }>("SELECT to_regclass('public.bench_meta')::text AS t");
    if (!rows[0]?.t) return null;
    const meta = await c.query(`SELECT ${columns.join(", ")} FROM bench_meta LIMIT 1`);
    return (meta.rows[0] as T | undefined) ?? null;
  });
}

/** Rows per table. */
export async function countRows(url: string, tables: readonly string[]): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number((await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${t}"`)).rows[0]!.n);
    return counts;
  });
}

const CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_MODULUS = 31n ** 8n;

/** The organisation code's 8-character stem (makeCreditCode adds its GB 11714 check): a bijection of the index into the code alphabet. */
export function creditCodeBody(index: number, salt: number): string {
  // 2654435761 is not a multiple of 31, so index ↦ index·2654435761 + salt (mod 31^8) is one-to-one:
  // distinct firms get distinct codes that do not look sequential.
  let v = (BigInt(index) * 2654435761n + BigInt(salt)) % CODE_MODULUS;
  let s = "";
  for (let i = 0; i < 8; i++) {
    s = CODE_ALPHABET[Number(v % 31n)]! + s;
    v /= 31n;
  }
  return s;
}
