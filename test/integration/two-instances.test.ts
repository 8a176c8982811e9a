import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { Role } from "../../src/domain/access";
import { TokenService } from "../../src/modules/auth/token.service";
import { createTestDatabase, TEST_JWT_SECRET } from "../support/test-app";

/**
 * Two real server processes (src/index.ts) on one database and one Redis, behind nothing but
 * their ports (issue 14, item 4): either serves every request, and they share one cost budget.
 */

const ROOT = path.join(__dirname, "..", "..");
const REDIS_URL = process.env.SRDI_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Instance {
  url: string;
  child: ChildProcess;
  output: () => string;
}

async function startInstance(databaseUrl: string, keyPrefix: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-r", "reflect-metadata", "src/index.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      SEED_DEMO_DATA: "false",
      PORT: String(port),
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL,
      RATE_LIMIT_KEY_PREFIX: keyPrefix,
      RATE_LIMIT_COST_PER_MINUTE: "1000",
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 100_000; // ts-node compiles the sources at start: seconds on an idle machine, up to a minute under load
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return { url, child, output: () => output };
    if (Date.now() > deadline) throw new Error(`instance not ready after 100 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once("exit", resolve));
  instance.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
}

describe("two server processes on one database and one Redis", () => {
  let db: { url: string; drop: () => Promise<void> };
  let a: Instance | undefined;
  let b: Instance | undefined;
  let token: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const prefix = `srdi-test-two:${randomBytes(4).toString("hex")}`;
    [a, b] = await Promise.all([startInstance(db.url, prefix), startInstance(db.url, prefix)]);
    token = await new TokenService({ verification: { kind: "secret", secret: TEST_JWT_SECRET }, issuer: null, audience: null }).sign({ sub: "two-instances", role: Role.ADMIN });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await db?.drop();
  });

  const post = async (instance: Instance, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${instance.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, json: (await res.json()) as { data?: any; errors?: Array<{ extensions?: Record<string, unknown> }>; extensions?: any } };
  };

  it("either instance serves every request: a write on A is read on B", async () => {
    const written = await post(a!, `mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id } }`, {
      input: { tenor: "FIVE_YEAR", effectiveOn: "2024-02-20", rateBp: 395 },
    });
    expect(written.json.errors).toBeUndefined();
    const read = await post(b!, `{ lprRates(first: 20) { edges { node { id rateBp } } } }`);
    expect(read.json.errors).toBeUndefined();
    expect(read.json.data.lprRates.edges.map((e: any) => e.node)).toContainEqual({ id: written.json.data.setLprRate.id, rateBp: 395 });
  });

  it("shares the cost budget: spent on A, refused on B", async () => {
    const expensive = `{ firms(first: 45) { edges { node { id } } } }`; // 496 points
    let remaining = (await post(a!, `{ __typename }`)).json.extensions.cost.remaining as number;
    // Spend on A until the budget cannot pay for one more; each answer reports what is left.
    while (remaining >= 496) {
      const spent = await post(a!, expensive);
      expect(spent.json.extensions.cost).toMatchObject({ requested: 496, remaining: remaining - 496 });
      remaining -= 496;
    }
    const refused = await post(b!, expensive);
    expect(refused.status).toBe(429);
    expect(refused.json.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED", requested: 496, costPerMinute: 1000 });
    // B's refusal cost its 1 point (a refused request pays for being read), the probe 1 more.
    expect((await post(a!, `{ __typename }`)).json.extensions.cost.remaining).toBe(remaining - 2);
  });
});
