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

/**
 * Bulk loads with `COPY … FROM STDIN` (text format), several times faster than `BulkInserter` for
 * millions of rows: one COPY statement per chunk, sent through node-postgres's own connection (no
 * extra dependency; the same protocol messages pg-copy-streams sends). Row triggers, CHECKs and
 * foreign keys apply exactly as for INSERT, and rows are inserted in the order they were added, so
 * a BEFORE INSERT trigger of a later row sees the earlier rows of the same chunk.
 * Values are text as PostgreSQL's input functions read them (arrays as `pgArray` literals); null
 * is sent as \N.
 */
export class CopyInserter {
  private lines: string[] = [];
  private inFlight: Promise<void> | null = null;
  inserted = 0;
  /** Milliseconds the server spent on this table's COPY statements (from start to confirmation). */
  elapsedMs = 0;

  constructor(
    private readonly client: ClientBase,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly chunkSize = 20_000,
    /**
     * Runs before each chunk is sent: `() => other.send()` sends the pending rows of a table this
     * one references first (statements run in the order they are queued on the connection).
     */
    private readonly beforeSend: () => Promise<void> = async () => undefined,
  ) {}

  /** Adds one row (values in column order); sends a chunk when full. */
  async add(values: readonly (string | number | boolean | null)[]): Promise<void> {
    if (values.length !== this.columns.length) {
      throw new Error(`${this.table}: ${values.length} values for ${this.columns.length} columns`);
    }
    let line = "";
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i > 0) line += "\t";
      line += v === null || v === undefined ? "\\N" : copyEscape(String(v));
    }
    this.lines.push(line);
    if (this.lines.length >= this.chunkSize) await this.send();
  }

  /**
   * Sends the pending rows as one COPY without waiting for the server: the caller builds the next
   * chunk while the server loads this one (at most one chunk of this table in flight). An error
   * surfaces at the next send or flush.
   */
  async send(): Promise<void> {
    if (this.lines.length === 0) return;
    await this.beforeSend();
    const previous = this.inFlight;
    this.inFlight = null;
    if (previous) await previous;
    const rows = this.lines.length;
    const data = Buffer.from(this.lines.join("\n") + "\n", "utf8");
    this.lines = [];
    const names = this.columns.map((c) => `"${c}"`).join(", ");
    // One statement at a time on the connection (node-postgres deprecates queueing): this COPY
    // starts when the one sent before it, of any table, has finished; a failure stops the lane.
    const previousOnConnection = lanes.get(this.client) ?? Promise.resolve();
    const copy = previousOnConnection
      .then(() => copyFrom(this.client, `COPY "${this.table}" (${names}) FROM STDIN`, data))
      .then((ms) => {
        this.elapsedMs += ms;
        this.inserted += rows;
      });
    copy.catch(() => undefined); // reported to whoever awaits inFlight next
    lanes.set(this.client, copy);
    this.inFlight = copy;
  }

  /** Sends the pending rows and waits until every chunk of this table is loaded. */
  async flush(): Promise<void> {
    await this.send();
    const pending = this.inFlight;
    this.inFlight = null;
    if (pending) await pending;
  }
}

/** The last COPY sent on each connection: the next one waits for it. */
const lanes = new WeakMap<ClientBase, Promise<void>>();

/** Escapes a value for COPY's text format (backslash, tab, newline, carriage return). */
function copyEscape(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}

/** The connection methods of node-postgres a COPY FROM STDIN uses (pg/lib/connection.js). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * One `COPY … FROM STDIN` with the whole payload in memory; resolves when the server confirmed it,
 * with the milliseconds from the statement's start on the connection (not its queueing) to then.
 */
function copyFrom(client: ClientBase, sql: string, data: Buffer): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let failed = false;
    let started = 0;
    // A "submittable" (the interface pg-cursor and pg-copy-streams implement): the client calls
    // these handlers as the server's messages arrive.
    const submittable = {
      submit(connection: CopyConnection) {
        started = performance.now();
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        const step = 1 << 20;
        for (let i = 0; i < data.length; i += step) connection.sendCopyFromChunk(data.subarray(i, i + step));
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (!failed) resolve(performance.now() - started);
      },
      handleError(err: Error) {
        failed = true;
        reject(err);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    (client as unknown as { query(s: unknown): unknown }).query(submittable);
  });
}
