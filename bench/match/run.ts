/**
 * The matching benchmark: `npm run bench:match [-- --size S|L|both] [--requests N] [--regenerate] [--stand-in]`.
 *
 * For each dataset size (see dataset.ts) it starts the real app on an ephemeral port, then sends
 * `matchesForNeed` for N random open needs (as each need's firm) and `matchingNeeds` for N random
 * active products (as each product's bank) over HTTP, one request at a time, and reports latency
 * percentiles and SQL statements per request, the L/S ratios and the targets. See bench/README.md.
 *
 * DATABASE_URL chooses the PostgreSQL server; unset, an embedded one is started with its data in
 * .data/bench-postgres (kept, so the datasets survive between runs).
 */
import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { createApp } from "../../src/app";
import { loadConfig } from "../../src/config/config";
import { createDataSource } from "../../src/db/data-source";
import { StatementCounter } from "../../src/db/statement-counter";
import { Role } from "../../src/domain/access";
import { TokenService } from "../../src/modules/auth/token.service";
import { GraphQLRequestError, postGraphQL } from "../support/graphql";
import { parseCli } from "../support/cli";
import { BenchFailure, benchServer, runBench } from "../support/server";
import { summarize, table, type Summary } from "../support/stats";
import { ANCHOR_DATE, ensureDataset, parseSizes, TABLES, type Dataset, type SizeName } from "./dataset";

// ---------------------------------------------------------------------------------------------
// What is sent.

const MATCHES_FOR_NEED = `query M($needId: ID!) { matchesForNeed(needId: $needId, first: 10) { product { id name } guaranteeAgency { id } eligible score cost { totalBp rateBp tierDiscountBp subsidyBp guaranteeFeeBp } estimatedApprovalDays quotaRemaining components { name value weight } } }`;
const MATCHING_NEEDS = `query N($productId: ID!) { matchingNeeds(productId: $productId, first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { score cost { totalBp } node { id amount termMonths } } } }`;

/** Stand-ins that exist without the matching API (--stand-in): checks the harness end to end. */
const STAND_IN_NEED = `query M($needId: ID!) { financingNeed(id: $needId) { id amount termMonths firm { id name effectiveTier { tier level } } } }`;
const STAND_IN_PRODUCT = `query N($productId: ID!) { loanProduct(id: $productId) { id name publishedRateBp quotaRemaining tierDiscounts { tier discountBp } institution { shortName } } }`;

type OperationName = "matchesForNeed" | "matchingNeeds";
const OPERATIONS: readonly OperationName[] = ["matchesForNeed", "matchingNeeds"];

interface Operation {
  name: OperationName;
  query: string;
  /** Number of results in an answer: matches returned, or the connection's totalCount. */
  results(data: any): number;
  /** Rows actually returned (the page), for the connection. */
  returned(data: any): number;
}

function operations(standIn: boolean): Record<OperationName, Operation> {
  if (standIn) {
    return {
      matchesForNeed: { name: "matchesForNeed", query: STAND_IN_NEED, results: (d) => (d.financingNeed ? 1 : 0), returned: (d) => (d.financingNeed ? 1 : 0) },
      matchingNeeds: { name: "matchingNeeds", query: STAND_IN_PRODUCT, results: (d) => (d.loanProduct ? 1 : 0), returned: (d) => (d.loanProduct ? 1 : 0) },
    };
  }
  return {
    matchesForNeed: { name: "matchesForNeed", query: MATCHES_FOR_NEED, results: (d) => d.matchesForNeed.length, returned: (d) => d.matchesForNeed.length },
    matchingNeeds: { name: "matchingNeeds", query: MATCHING_NEEDS, results: (d) => d.matchingNeeds.totalCount, returned: (d) => d.matchingNeeds.edges.length },
  };
}

// ---------------------------------------------------------------------------------------------
// Options.

interface Options {
  sizes: ReturnType<typeof parseSizes>;
  requests: number;
  warmup: number;
  regenerate: boolean;
  standIn: boolean;
  seed: string;
}

function parseArgs(argv: string[]): Options {
  const cli = parseCli(
    argv,
    ["--size", "--requests", "--warmup", "--regenerate", "--stand-in", "--seed"],
    "npm run bench:match -- [--size S|L|both] [--requests N (300)] [--warmup N (30)] [--seed TEXT] [--regenerate] [--stand-in]",
  );
  return {
    sizes: parseSizes(cli.value("--size")),
    requests: cli.int("--requests", 300, 1),
    warmup: cli.int("--warmup", 30, 0),
    regenerate: cli.has("--regenerate"),
    standIn: cli.has("--stand-in"),
    seed: cli.value("--seed") ?? "srdi-bench-match-1",
  };
}

// ---------------------------------------------------------------------------------------------
// One size.

interface OperationResult {
  latency: Summary;
  statementsMin: number;
  statementsMax: number;
  meanResults: number;
  meanReturned: number;
  /** Requests whose answer had no result at all. */
  empty: number;
  /** Least-squares line of latency against results per request (see fitLine). */
  fit: LineFit;
}

/** latency ≈ fixedMs + perResultUs × results / 1000, by ordinary least squares; r2 is the share of the variance it explains. */
interface LineFit {
  fixedMs: number;
  perResultUs: number;
  r2: number;
}

function fitLine(results: readonly number[], ms: readonly number[]): LineFit {
  const n = results.length;
  const mx = results.reduce((a, b) => a + b, 0) / n;
  const my = ms.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (results[i]! - mx) * (ms[i]! - my);
    sxx += (results[i]! - mx) ** 2;
    syy += (ms[i]! - my) ** 2;
  }
  if (sxx === 0) return { fixedMs: my, perResultUs: Number.NaN, r2: Number.NaN };
  const slope = sxy / sxx;
  return { fixedMs: my - slope * mx, perResultUs: slope * 1000, r2: syy === 0 ? Number.NaN : (sxy * sxy) / (sxx * syy) };
}

interface SizeResult {
  dataset: Dataset;
  ops: Record<OperationName, OperationResult>;
}


/** One request to send: its variables and the caller's token. */
interface Call {
  variables: Record<string, string>;
  token: string;
}

async function benchSize(dataset: Dataset, options: Options): Promise<SizeResult> {
  const label = `[${dataset.size.name}]`;
  const sqlErrors: string[] = [];
  const counter = new StatementCounter(false, (m) => sqlErrors.push(m));
  const ds: DataSource = createDataSource({ url: dataset.url, poolSize: 4, logger: counter });
  await ds.initialize();
  const secret = randomBytes(32).toString("hex");
  // The per-token rate limit would throttle a benchmark: raise it far out of reach.
  // No request log: a JSON line per request would be measured with the request.
  const config = loadConfig({ AUTH_JWT_SECRET: secret, RATE_LIMIT_COST_PER_MINUTE: "1000000000", LOG_LEVEL: "silent" });
  const tokens = new TokenService({ verification: config.auth.verification!, issuer: null, audience: null });
  const app = await createApp(ds, config, tokens);
  const server = http.createServer(app.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  try {
    const count = options.requests + options.warmup;
    // Reproducible picks: ordered by a hash of a fixed seed and the (deterministic) id.
    const needs: Array<{ id: string; firm_id: string }> = await ds.query(
      `SELECT id, firm_id FROM financing_need WHERE status = 'OPEN' ORDER BY md5($1 || id::text) LIMIT $2`,
      [`${options.seed}/need`, count],
    );
    const products: Array<{ id: string; institution_id: string }> = await ds.query(
      `SELECT id, institution_id FROM loan_product
        WHERE status = 'ACTIVE' AND valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3)
        ORDER BY md5($1 || id::text) LIMIT $2`,
      [`${options.seed}/product`, count, ANCHOR_DATE],
    );
    if (needs.length < count || products.length < count) {
      throw new BenchFailure(`${label} the dataset has ${needs.length} open needs and ${products.length} active products; ${count} of each are needed`);
    }
    // Tokens are signed up front: signing is the client's cost, not the server's.
    const needCalls: Call[] = await Promise.all(
      needs.map(async (n) => ({
        variables: { needId: n.id },
        token: await tokens.sign({ sub: `bench-firm-${n.firm_id}`, role: Role.FIRM, orgId: n.firm_id }),
      })),
    );
    const productCalls: Call[] = await Promise.all(
      products.map(async (p) => ({
        variables: { productId: p.id },
        token: await tokens.sign({ sub: `bench-bank-${p.institution_id}`, role: Role.BANK, orgId: p.institution_id }),
      })),
    );
    const ops = operations(options.standIn);
    const calls: Record<OperationName, Call[]> = { matchesForNeed: needCalls, matchingNeeds: productCalls };

    const run = async (op: Operation, call: Call) => {
      counter.reset();
      sqlErrors.length = 0;
      try {
        const { ms, data } = await postGraphQL<any>(endpoint, call.token, op.query, call.variables);
        return { ms, statements: counter.count, results: op.results(data), returned: op.returned(data) };
      } catch (e) {
        if (e instanceof GraphQLRequestError) {
          const detail = [
            `${label} ${op.name} failed for ${JSON.stringify(call.variables)}: ${e.message}`,
            `first error: ${JSON.stringify(e.errors[0] ?? null, null, 2)}`,
            ...(sqlErrors.length ? [`SQL errors: ${sqlErrors.join("\n")}`] : []),
            ...(options.standIn ? [] : ["(does the API have the matching fields yet? `--stand-in` checks the harness with existing queries)"]),
          ];
          throw new BenchFailure(detail.join("\n"));
        }
        throw e;
      }
    };

    // Warm-up (not measured): JIT, plan caches, the pool's connections, the OS page cache.
    const tw = performance.now();
    for (const name of OPERATIONS) {
      for (const call of calls[name].slice(0, options.warmup)) await run(ops[name], call);
    }
    console.log(`${label} warm-up: ${options.warmup} requests of each operation in ${Math.round(performance.now() - tw)} ms`);

    const result = {} as Record<OperationName, OperationResult>;
    for (const name of OPERATIONS) {
      const t0 = performance.now();
      const ms: number[] = [];
      const statements: number[] = [];
      let results = 0;
      let returned = 0;
      let empty = 0;
      const perRequest: number[] = [];
      for (const call of calls[name].slice(options.warmup)) {
        const r = await run(ops[name], call);
        ms.push(r.ms);
        statements.push(r.statements);
        perRequest.push(r.results);
        results += r.results;
        returned += r.returned;
        if (r.results === 0) empty++;
      }
      result[name] = {
        latency: summarize(ms),
        statementsMin: Math.min(...statements),
        statementsMax: Math.max(...statements),
        meanResults: results / ms.length,
        meanReturned: returned / ms.length,
        empty,
        fit: fitLine(perRequest, ms),
      };
      console.log(`${label} ${name}: ${ms.length} requests in ${Math.round(performance.now() - t0)} ms`);
    }
    return { dataset, ops: result };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.apollo.stop();
    await ds.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");

function printSize(r: SizeResult, standIn: boolean): void {
  const { size } = r.dataset;
  console.log(`\n== ${size.name}: ${size.products} products / ${size.firms} firms / ${size.needs} open needs (database ${size.database}) ==`);
  const header = ["operation", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms", "SQL/req min", "SQL/req max", standIn ? "mean results" : "mean results*", "mean returned", "empty"];
  const rows = OPERATIONS.map((name) => {
    const o = r.ops[name];
    return [
      name,
      String(o.latency.count),
      f1(o.latency.p50),
      f1(o.latency.p95),
      f1(o.latency.p99),
      f1(o.latency.max),
      f1(o.latency.mean),
      String(o.statementsMin),
      String(o.statementsMax),
      f1(o.meanResults),
      f1(o.meanReturned),
      String(o.empty),
    ];
  });
  console.log(table(header, rows));
  if (!standIn) console.log("* results: matches returned by matchesForNeed (first: 10); totalCount of matchingNeeds (first page of 20 returned)");
  for (const name of OPERATIONS) {
    const { fixedMs, perResultUs, r2 } = r.ops[name].fit;
    console.log(`  ${name}: latency ≈ ${f1(fixedMs)} ms + ${f1(perResultUs)} µs × results (least squares over the requests, r² ${f2(r2)})`);
  }
}

interface Target {
  name: string;
  measured: string;
  pass: boolean | null;
}

function printSummary(results: Partial<Record<SizeName, SizeResult>>, standIn: boolean): void {
  const S = results.S;
  const L = results.L;
  if (S && L) {
    console.log("\n== L / S ==");
    const rows = OPERATIONS.map((name) => [
      name,
      f1(S.ops[name].latency.p50),
      f1(L.ops[name].latency.p50),
      f2(L.ops[name].latency.p50 / S.ops[name].latency.p50),
      f1(S.ops[name].latency.p95),
      f1(L.ops[name].latency.p95),
      f2(L.ops[name].latency.p95 / S.ops[name].latency.p95),
      `${S.ops[name].statementsMin}-${S.ops[name].statementsMax}`,
      `${L.ops[name].statementsMin}-${L.ops[name].statementsMax}`,
    ]);
    console.log(table(["operation", "S p50", "L p50", "L/S p50", "S p95", "L p95", "L/S p95", "S SQL/req", "L SQL/req"], rows));
    console.log(
      `(informational, not a target: the cost per result of the fits above, L/S — ${OPERATIONS.map((name) => `${name} ${f2(L.ops[name].fit.perResultUs / S.ops[name].fit.perResultUs)}`).join(", ")})`,
    );
  }

  const targets: Target[] = [];
  const latencyTarget = (name: OperationName, limit: number) => {
    const o = L?.ops[name];
    targets.push({ name: `${name} p95 ≤ ${limit} ms at L`, measured: o ? `${f1(o.latency.p95)} ms` : "n/a (L not run)", pass: o ? o.latency.p95 <= limit : null });
  };
  latencyTarget("matchesForNeed", 25);
  latencyTarget("matchingNeeds", 80);
  for (const name of OPERATIONS) {
    const ratio = S && L ? L.ops[name].latency.p95 / S.ops[name].latency.p95 : Number.NaN;
    targets.push({ name: `${name} L/S p95 ≤ 2`, measured: S && L ? f2(ratio) : "n/a (needs S and L)", pass: S && L ? ratio <= 2 : null });
  }
  for (const name of OPERATIONS) {
    const ran = [S, L].filter((r): r is SizeResult => r !== undefined).map((r) => r.ops[name]);
    const min = Math.min(...ran.map((o) => o.statementsMin));
    const max = Math.max(...ran.map((o) => o.statementsMax));
    const same = ran.every((o) => o.statementsMin === ran[0]!.statementsMin && o.statementsMax === ran[0]!.statementsMax);
    targets.push({
      name: `${name} SQL statements/request constant`,
      measured: `${min === max ? String(min) : `${min}-${max}`}${ran.length < 2 ? " (one size only)" : same ? " at both sizes" : ` (S ${S!.ops[name].statementsMin}-${S!.ops[name].statementsMax}, L ${L!.ops[name].statementsMin}-${L!.ops[name].statementsMax})`}`,
      pass: ran.length < 2 ? null : same,
    });
  }
  console.log(`\n== Targets${standIn ? " (STAND-IN QUERIES: not the matching API, the verdicts mean nothing)" : ""} ==`);
  console.log(table(["target", "measured", "verdict"], targets.map((t) => [t.name, t.measured, t.pass === null ? "n/a" : t.pass ? "PASS" : "FAIL"])));
  const failed = targets.filter((t) => t.pass === false).length;
  const measured = targets.filter((t) => t.pass !== null).length;
  console.log(
    measured === 0
      ? "\nNo target could be judged with this selection of sizes (run --size both)."
      : failed === 0
        ? `\nAll ${measured} judged target(s) met${measured < targets.length ? ` (${targets.length - measured} need the other size)` : ""}.`
        : `\n${failed} of ${measured} judged target(s) FAILED (a measurement, not an error: exit code 0).`,
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const server = await benchServer();
  const serverUrl = server.url;

  try {
    const cpus = os.cpus();
    console.log("== Machine ==");
    console.log(`CPUs: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; ${os.platform()} ${os.release()}`);
    console.log(`PostgreSQL: ${server.label}`);
    console.log(
      `Requests: ${options.requests} measured + ${options.warmup} warm-up per operation, sequential over HTTP, seed '${options.seed}'${options.standIn ? "; STAND-IN queries (financingNeed / loanProduct)" : ""}`,
    );

    const datasets: Dataset[] = [];
    for (const size of options.sizes) datasets.push(await ensureDataset(serverUrl, size, { regenerate: options.regenerate }));
    const pgVersion = await (async () => {
      const { Client } = await import("pg");
      const c = new Client({ connectionString: datasets[0]!.url });
      await c.connect();
      try {
        return (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      } finally {
        await c.end();
      }
    })();
    console.log(`\n== Datasets (PostgreSQL ${pgVersion}; dataset "today" ${ANCHOR_DATE}) ==`);
    console.log(
      table(
        ["table", ...datasets.map((d) => d.size.name)],
        [
          ...TABLES.map((t) => [t, ...datasets.map((d) => String(d.counts[t] ?? "?"))]),
          ["generation (s)", ...datasets.map((d) => `${(d.generationMs / 1000).toFixed(1)}${d.generated ? "" : " (reused)"}`)],
        ],
      ),
    );

    const results: Partial<Record<SizeName, SizeResult>> = {};
    for (const d of datasets) results[d.size.name] = await benchSize(d, options);
    for (const d of datasets) printSize(results[d.size.name]!, options.standIn);
    printSummary(results, options.standIn);
  } finally {
    await server.stop();
  }
}

runBench(main);
