import type { ClientBase } from "pg";

/**
 * Bulk inserts for the benchmark generators: one `INSERT … SELECT … FROM unnest($1::text[], …)`
 * per chunk of rows. Every column is sent as a text array and cast in the SELECT, so array
 * columns (enum[] and char(6)[]) travel as array literals ('{NONE,EQUIPMENT}') — unnest of a
 * two-dimensional array would flatten it.
 */
export interface BulkColumn {
  /** Column name in the table. */
  name: string;
  /** SQL type the text value is cast to: uuid, int, numeric, date, timestamptz, boolean, collateral_type[] … */
  cast: string;
}

/** A value as sent: text (arrays already rendered with `pgArray`), or null. */
export type BulkValue = string | null;

export class BulkInserter {
  private readonly columns: Array<BulkValue[]>;
  private rows = 0;
  inserted = 0;

  constructor(
    private readonly client: ClientBase,
    private readonly table: string,
    private readonly spec: readonly BulkColumn[],
    private readonly chunkSize = 5000,
    /** Runs before each chunk is sent (e.g. flush the inserter of a table this one references). */
    private readonly beforeFlush: () => Promise<void> = async () => undefined,
  ) {
    this.columns = spec.map(() => []);
  }

  /** Adds one row (values in column order); sends a chunk when full. */
  async add(values: readonly (string | number | boolean | null)[]): Promise<void> {
    if (values.length !== this.spec.length) {
      throw new Error(`${this.table}: ${values.length} values for ${this.spec.length} columns`);
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      this.columns[i]!.push(v === null || v === undefined ? null : String(v));
    }
    if (++this.rows >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows === 0) return;
    await this.beforeFlush();
    const names = this.spec.map((c) => `"${c.name}"`).join(", ");
    const params = this.spec.map((_, i) => `$${i + 1}::text[]`).join(", ");
    const aliases = this.spec.map((_, i) => `c${i}`).join(", ");
    const selects = this.spec.map((c, i) => `t.c${i}::${c.cast}`).join(", ");
    await this.client.query(
      `INSERT INTO "${this.table}" (${names}) SELECT ${selects} FROM unnest(${params}) AS t(${aliases})`,
      this.columns,
    );
    this.inserted += this.rows;
    this.rows = 0;
    for (const col of this.columns) col.length = 0;
  }
}

/** A PostgreSQL array literal of simple tokens (enum labels, codes): ['A','B'] → '{A,B}'. */
export function pgArray(items: readonly string[]): string {
  for (const item of items) {
    if (!/^[A-Za-z0-9_]+$/.test(item)) throw new Error(`pgArray only takes simple tokens, got '${item}'`);
  }
  return `{${items.join(",")}}`;
}
