import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { Role } from "../../src/domain/access";
import { TokenService } from "../../src/modules/auth/token.service";
import { createTestDatabase, TEST_JWT_SECRET } from "../support/test-app";

/**
 * Graceful shutdown of a real server process (src/http/lifecycle.ts). A request is made slow
 * without any hook in the code: the test holds an ACCESS EXCLUSIVE lock on `firm` from its own
 * connection, so `firms { totalCount }` waits in PostgreSQL until the test commits.
 */

// Each case starts a server from the TypeScript sources (about 6 s on an idle machine, far more on a
// loaded one); the embedded case also initialises a cluster and migrates it.
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, "..", "..");
const SLOW_QUERY = "{ firms(first: 1) { totalCount } }";

interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts src/index.ts in its own process group (so a group signal stays inside it), ready to serve. */
async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "src/index.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...inherited, PORT: String(port), SEED_DEMO_DATA: "false", AUTH_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: "silent", ...env },
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes("srdi-match ready")) resolve();
    };
    child.stdout!.on("data", check);
    void exited.then(() => reject(new Error(`server exited during start:\n${output}`)));
  });
  await ready;
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

async function adminToken(): Promise<string> {
  const tokens = new TokenService({ verification: { kind: "secret", secret: TEST_JWT_SECRET }, issuer: null, audience: null });
  return tokens.sign({ sub: "shutdown-test", role: Role.ADMIN });
}

function graphql(url: string, token: string, query: string): Promise<Response> {
  return fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
}

/** BEGIN and an ACCESS EXCLUSIVE lock on firm: every query reading firms waits until commit. */
async function lockFirms(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  // The embedded server ends this session when it stops.
  client.on("error", () => undefined);
  await client.connect();
  await client.query("BEGIN");
  await client.query("LOCK TABLE firm IN ACCESS EXCLUSIVE MODE");
  return client;
}

/** Waits until one of the server's sessions waits for a lock (the slow request is in PostgreSQL). */
async function waitUntilBlocked(lock: Client): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await lock.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'srdi-match' AND wait_event_type = 'Lock'",
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the request never blocked on the lock");
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The signal went out and shutdown began: /readyz says so. */
async function readyzWhileDraining(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return waitFor("/readyz to turn 503", async () => {
    const res = await fetch(`${url}/readyz`);
    const body = (await res.json()) as Record<string, unknown>;
    return res.status === 503 ? { status: res.status, body } : null;
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

describe("graceful shutdown (a real server process on DATABASE_URL)", () => {
  let db: { url: string; drop: () => Promise<void> };
  let token: string;
  let server: ServerProcess | null = null;
  let lock: Client | null = null;

  beforeAll(async () => {
    db = await createTestDatabase();
    token = await adminToken();
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) killGroup(server.child, "SIGKILL");
    await lock?.end().catch(() => undefined);
    lock = null;
    server = null;
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("on SIGTERM answers /readyz 503 and refuses new requests while the request in flight finishes with its data, then exits 0", async () => {
    server = await startServer({ DATABASE_URL: db.url });
    lock = await lockFirms(db.url);
    const slow = graphql(server.url, token, SLOW_QUERY);
    await waitUntilBlocked(lock);

    server.child.kill("SIGTERM");
    const readyz = await readyzWhileDraining(server.url);
    expect(readyz.body).toEqual({ status: "unavailable", reason: "shutting down" });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const refused = await graphql(server.url, token, "{ __typename }");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("connection")).toBe("close");
    const refusedBody = (await refused.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(refusedBody.errors[0]!.extensions).toEqual({ code: "SERVICE_UNAVAILABLE", reason: "shutting down" });

    // Still draining: the slow request holds the process.
    expect(server.child.exitCode).toBeNull();
    await lock.query("COMMIT");
    const answer = await slow;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data: { firms: { totalCount: number } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.firms.totalCount).toBe(0);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it("cuts a request that never finishes after SHUTDOWN_TIMEOUT_MS, logs it and exits 1", async () => {
    server = await startServer({ DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: "800", LOG_LEVEL: "warn" });
    lock = await lockFirms(db.url);
    const slow = graphql(server.url, token, SLOW_QUERY).then(
      (res) => `answered ${res.status}`,
      () => "connection closed",
    );
    await waitUntilBlocked(lock);

    const signalled = Date.now();
    server.child.kill("SIGTERM");
    expect(await slow).toBe("connection closed");
    const exit = await server.exited;
    const took = Date.now() - signalled;
    expect(exit).toEqual({ code: 1, signal: null });
    // 800 ms of draining, then the pool waits at most 800 ms for the stuck query.
    expect(took).toBeGreaterThanOrEqual(750);
    expect(took).toBeLessThan(5000);
    expect(server.output()).toMatch(/"msg":"shutdown timeout: 1 request\(s\) still in flight after 800 ms; their connections were closed"/);
  });
});

describe("the embedded PostgreSQL (no DATABASE_URL)", () => {
  let dir: string;
  let server: ServerProcess | null = null;
  let lock: Client | null = null;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "srdi-shutdown-pg-"));
    // As root, the cluster belongs to the postgres user, who must reach the data directory.
    fs.chmodSync(dir, 0o755);
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) killGroup(server.child, "SIGKILL");
    await lock?.end().catch(() => undefined);
    lock = null;
    server = null;
  });
  afterAll(async () => {
    // The guard stops PostgreSQL when Node is gone; wait for it before removing its files.
    await waitFor("postgres to stop", async () => (fs.existsSync(path.join(dir, "pg", "postmaster.pid")) ? null : true)).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const startEmbedded = async () => startServer({ EMBEDDED_PG_DIR: path.join(dir, "pg"), EMBEDDED_PG_PORT: String(await freePort()) });
  /** postmaster.pid: line 1 the pid, line 4 the port. */
  const postmaster = () => {
    const lines = fs.readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  };
  const alive = (pid: number) => {
    try {
      return !execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim().startsWith("Z");
    } catch {
      return false;
    }
  };
  const pgid = (pid: number) => Number(execFileSync("ps", ["-o", "pgid=", "-p", String(pid)], { encoding: "utf8" }).trim());

  it("runs PostgreSQL outside Node's process group, so a terminal's Ctrl-C (SIGINT to the group) lets the request in flight finish before PostgreSQL stops", async () => {
    server = await startEmbedded();
    const pg = postmaster();
    expect(alive(pg.pid)).toBe(true);
    expect(pgid(server.child.pid!)).toBe(server.child.pid);
    expect(pgid(pg.pid)).not.toBe(pgid(server.child.pid!));

    const dbUrl = `postgres://postgres:postgres@127.0.0.1:${pg.port}/srdi_match`;
    lock = await lockFirms(dbUrl);
    const slow = graphql(server.url, await adminToken(), SLOW_QUERY);
    await waitUntilBlocked(lock);

    // What Ctrl-C does: SIGINT to every process of the terminal's foreground group.
    killGroup(server.child, "SIGINT");
    await readyzWhileDraining(server.url);
    expect(alive(pg.pid)).toBe(true);
    await lock.query("COMMIT");
    await lock.end();
    lock = null;
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { firms: { totalCount: number } } }).data.firms.totalCount).toBe(0);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(alive(pg.pid)).toBe(false);
    expect(fs.existsSync(path.join(dir, "pg", "postmaster.pid"))).toBe(false);
  });

  it("stops PostgreSQL when Node dies without a word (SIGKILL): no orphan server", async () => {
    server = await startEmbedded();
    const pg = postmaster();
    expect(alive(pg.pid)).toBe(true);
    server.child.kill("SIGKILL");
    await server.exited;
    await waitFor("the orphaned postgres to stop", async () => (alive(pg.pid) ? null : true), 10_000);
  });
});
