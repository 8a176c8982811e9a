/**
 * The abuse-limits benchmark: `npm run bench:abuse [-- --requests N]`.
 *
 * Issue 14 item 2: "the 2,400-alias query and the other abuse cases are refused in under 50 ms".
 * It starts the real app (default limits, LOG_LEVEL silent) on its own database (srdi_bench_abuse,
 * created afresh and migrated), sends each abuse case N times over HTTP, one at a time, each with a
 * fresh token so that the budget never interferes (except in the rate-limited case, whose token has
 * spent its budget), and prints p50/p95/max milliseconds to the refusal and the codes answered.
 * DATABASE_URL chooses the PostgreSQL server; unset, an embedded one is started (bench/support/server.ts).
 */
import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "pg";
import { createApp } from "../../src/app";
import { loadConfig } from "../../src/config/config";
import { createDataSource } from "../../src/db/data-source";
import { withDatabase } from "../../src/db/database";
import { Role } from "../../src/domain/access";
import { TokenService } from "../../src/modules/auth/token.service";
import { parseCli } from "../support/cli";
import { BenchFailure, benchServer, runBench } from "../support/server";
import { summarize, table } from "../support/stats";
import { ABUSE } from "./cases";

const DATABASE = "srdi_bench_abuse";
const SECRET = "bench-secret-of-at-least-thirty-two-characters";
const TARGET_MS = 50;

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2), ["--requests"], "npm run bench:abuse [-- --requests N]   (default 20 per case)");
  const requests = cli.int("--requests", 20, 1);
  const server = await benchServer();
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DATABASE}"`);
  await admin.end();
  const ds = createDataSource({ url: withDatabase(server.url, DATABASE), poolSize: 4 });
  await ds.initialize();
  await ds.runMigrations();

  const config = loadConfig({ AUTH_JWT_SECRET: SECRET, LOG_LEVEL: "silent" });
  const tokens = new TokenService({ verification: config.auth.verification!, issuer: null, audience: null });
  const app = await createApp(ds, config, tokens);
  const httpServer = http.createServer(app.app);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  let tokenNo = 0;
  const freshToken = () => tokens.sign({ sub: `bench-abuse-${tokenNo++}`, role: Role.ADMIN });

  // A token whose budget is spent (just before its case is timed: the window lasts 60 s).
  const spent = await freshToken();
  const expensive = `{ firms(first: 100) { edges { node { id name creditCode } } } }`;
  const spendBudget = async () => {
    for (let i = 0; i < 1000; i++) if ((await send(url, spent, expensive)).status === 429) return;
  };

  const cases: Array<{ name: string; query: string; token?: string }> = [
    { name: "2,400 aliases (the measured 9.8 s query)", query: ABUSE.aliases(2400) },
    { name: "10,000 aliases", query: ABUSE.aliases(10_000) },
    { name: "1 MB of tokens", query: ABUSE.tokens1MB() },
    { name: "1,000 directives", query: ABUSE.directives(1000) },
    { name: "one field 5,000 times", query: ABUSE.repeated(5000) },
    { name: "31 aliases (over 30)", query: ABUSE.aliases(31) },
    { name: "51 directives (over 50)", query: ABUSE.directives(51) },
    { name: "one field 21 times (over 20)", query: ABUSE.repeated(21) },
    { name: "fragment bomb (2^20 fields)", query: ABUSE.fragmentBomb(20) },
    { name: "deep nesting (44 levels)", query: ABUSE.deep(20) },
    { name: "over cost (18,601)", query: `{ firms(first: 100) { edges { node { certifications { firm { certifications { tier } } } } } } }` },
    { name: "rate limited (budget spent)", query: expensive, token: spent },
  ];

  const rows: string[][] = [];
  let over = 0;
  for (const c of cases) {
    const times: number[] = [];
    const codes = new Set<string>();
    if (c.token === spent) await spendBudget();
    for (let i = 0; i < requests; i++) {
      const res = await send(url, c.token ?? (await freshToken()), c.query);
      if (res.status === 200) throw new BenchFailure(`${c.name}: answered 200, not refused`);
      times.push(res.ms);
      codes.add(`${res.status} ${res.code}`);
    }
    const s = summarize(times);
    if (s.p95 >= TARGET_MS) over++;
    rows.push([c.name, [...codes].join(", "), s.p50.toFixed(1), s.p95.toFixed(1), s.max.toFixed(1), s.p95 < TARGET_MS ? "yes" : "NO"]);
  }
  console.log(`\nTime to refusal over HTTP, ${requests} requests per case, one at a time (ms):\n`);
  console.log(table(["case", "answer", "p50", "p95", "max", `p95 < ${TARGET_MS} ms`], rows));
  console.log(over === 0 ? `\nEvery case refused within the target.` : `\n${over} case(s) over the target.`);

  httpServer.closeAllConnections();
  await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  await app.apollo.stop();
  await ds.destroy();
  await server.stop();
}

async function send(url: string, token: string, query: string): Promise<{ status: number; code: string; ms: number }> {
  const body = JSON.stringify({ query });
  const started = process.hrtime.bigint();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
  const json = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { status: res.status, code: json.errors?.[0]?.extensions?.code ?? "-", ms };
}

runBench(main);
