/**
 * The lending-report benchmark: `npm run bench:report [-- --requests N] [--warmup N] [--fresh] [--quick]`.
 *
 * Issue 6 part 6: "a regulator's report over 1,000,000 loans answers within 2 s on this machine".
 * On the dataset of dataset.ts (1,200,000 loans, 1,000,000 of them to Zhejiang firms) it starts the
 * real app on an ephemeral port and sends `lendingReport` over HTTP, one request at a time:
 * - as the Zhejiang regulator (REGULATOR, 330000: 1,000,000 loans) with no grouping, each single
 *   grouping and two compound ones, over all 36 months and over the last 12;
 * - as the Zhengzhou regulator (410100: 80,000 loans), as an ADMIN (all 1,200,000) and as the
 *   largest Zhejiang bank (its own lending), a few groupings each, to show how the time scales;
 * then times the exports, `GET /reports/lending.csv` and `GET /reports/lending.xlsx`, grouped by
 * BANK, MONTH (the Zhejiang regulator, ~1,000 rows) and by REGION, TIER, MONTH (the ADMIN, ~6,900
 * rows), with the heap's growth during each download. It prints a table (loans covered, groups,
 * p50/p95/max ms, SQL statements per request) and the target. `--exports` times the exports only.
 * See bench/README.md.
 *
 * DATABASE_URL chooses the PostgreSQL server; unset, an embedded one is started with its data in
 * .data/bench-postgres (kept, so the dataset survives between runs).
 */
import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { Client } from "pg";
import type { DataSource, QueryRunner } from "typeorm";
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
import { ANCHOR_DATE, DATABASE, ensureReportDataset, REGIONS, TABLES, TOTAL_LOANS, type ReportDataset } from "./dataset";

// ---------------------------------------------------------------------------------------------
// What is sent.

const FIGURES = `loansCount amountDisbursed balanceOutstanding weightedAverageRateBp creditLoanShareBp firstTimeBorrowersCount firstTimeAmount
  renewalsCount renewalsAmount medianDaysToApproval medianDaysToDisbursement rejections { reasonCode count }`;
const LENDING_REPORT = `query LendingReport($filter: LendingFilterInput, $groupBy: [ReportGroupBy!]!) {
  lendingReport(filter: $filter, groupBy: $groupBy) {
    asOf
    groups { key { tier level regionCode bankId bank { shortName } category month } figures { ${FIGURES} } }
    totals { ${FIGURES} }
  }
}`;

interface ReportAnswer {
  lendingReport: { groups: unknown[]; totals: { loansCount: number } };
}

/** The last 12 calendar months of the dataset (Dec 2025 … Nov 2026). */
const LAST_12_MONTHS = { from: "2025-12-01", to: "2026-11-30" };

type GroupBy = "TIER" | "LEVEL" | "REGION" | "BANK" | "CATEGORY" | "MONTH";
const MAIN_GROUPINGS: GroupBy[][] = [[], ["TIER"], ["LEVEL"], ["REGION"], ["BANK"], ["CATEGORY"], ["MONTH"], ["BANK", "MONTH"], ["REGION", "TIER", "MONTH"]];

interface Caller {
  label: string;
  token: string;
  /** The regulator of the target: its cases decide the verdict. */
  main: boolean;
}

interface Case {
  caller: Caller;
  groupBy: GroupBy[];
  months: "36" | "12";
}

const caseName = (c: Case) => `${c.caller.label} [${c.groupBy.join(",")}] ${c.months === "12" ? "12 months" : "all 36 months"}`;

// ---------------------------------------------------------------------------------------------
// Options.

interface Options {
  requests: number;
  warmup: number;
  fresh: boolean;
  quick: boolean;
  explain: boolean;
  exports: boolean;
}

function parseArgs(argv: string[]): Options {
  const cli = parseCli(
    argv,
    ["--requests", "--warmup", "--fresh", "--quick", "--explain", "--exports"],
    "npm run bench:report -- [--requests N (10)] [--warmup N (2)] [--fresh] [--quick (the Zhejiang regulator's cases only, no exports)] [--exports (the CSV and XLSX exports only)] [--explain (EXPLAIN ANALYZE of the slowest and the ungrouped report)]",
  );
  return {
    requests: cli.int("--requests", 10, 1),
    warmup: cli.int("--warmup", 2, 0),
    fresh: cli.has("--fresh"),
    quick: cli.has("--quick"),
    explain: cli.has("--explain"),
    exports: cli.has("--exports"),
  };
}

// ---------------------------------------------------------------------------------------------


/** A statement the app sent, with its parameters. */
interface SentStatement {
  sql: string;
  params: unknown[];
}

/**
 * Counts statements like StatementCounter and keeps the last request's statements with their
 * parameters, so that --explain can EXPLAIN ANALYZE exactly what the app sent.
 */
class CapturingCounter extends StatementCounter {
  sent: SentStatement[] = [];

  override reset(): void {
    super.reset();
    this.sent = [];
  }

  override logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    super.logQuery(query, parameters, queryRunner);
    this.sent.push({ sql: query, params: parameters ?? [] });
  }
}

interface CaseResult {
  case: Case;
  /** The statements of the last measured request. */
  sent: SentStatement[];
  latency: Summary;
  loans: number;
  groups: number;
  statementsMin: number;
  statementsMax: number;
}

interface ExportResult {
  name: string;
  status: number;
  bytes: number;
  /** Rows of the file (CSV lines; the XLSX's first sheet, read back once), header included. */
  rows: number;
  latency: Summary | null;
  /** The largest growth of heap + array buffers seen during a download (sampled every 10 ms; garbage not yet collected included), MB. */
  peakHeapMb: number;
}

/** GETs `url`, reading the body as it comes without keeping it; the bytes, and the first response's body when `keep`. */
async function download(url: string, token: string, keep: boolean): Promise<{ ms: number; status: number; bytes: number; body: Buffer | null; peakHeapMb: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, used() - base)), 10);
  try {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (keep || res.status !== 200) chunks.push(Buffer.from(chunk));
    }
    return { ms: performance.now() - t0, status: res.status, bytes, body: chunks.length ? Buffer.concat(chunks) : null, peakHeapMb: peak / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

async function bench(dataset: ReportDataset, options: Options): Promise<{ results: CaseResult[]; exports: ExportResult[] }> {
  const sqlErrors: string[] = [];
  const counter = new CapturingCounter(false, (m) => sqlErrors.push(m));
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
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const endpoint = `${base}/graphql`;

  try {
    // The largest bank of Zhejiang by loans (its own lending, as a BANK sees it).
    const [bank] = (await ds.query(
      `SELECT institution_id AS id, count(*)::int AS n FROM loan WHERE firm_region_code LIKE '33%' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    )) as Array<{ id: string; n: number }>;
    const regulator = async (region: string) => tokens.sign({ sub: `bench-regulator-${region}`, role: Role.REGULATOR, regionCode: region });
    const zj: Caller = { label: "REGULATOR 330000", token: await regulator("330000"), main: true };
    const zz: Caller = { label: "REGULATOR 410100", token: await regulator("410100"), main: false };
    const admin: Caller = { label: "ADMIN", token: await tokens.sign({ sub: "bench-admin", role: Role.ADMIN }), main: false };
    const bankCaller: Caller = { label: "BANK (largest in 33)", token: await tokens.sign({ sub: "bench-bank", role: Role.BANK, orgId: bank!.id }), main: false };

    const cases: Case[] = [];
    if (!options.exports) for (const months of ["36", "12"] as const) for (const groupBy of MAIN_GROUPINGS) cases.push({ caller: zj, groupBy, months });
    if (!options.quick && !options.exports) {
      for (const groupBy of [[], ["BANK", "MONTH"]] as GroupBy[][]) cases.push({ caller: zz, groupBy, months: "36" });
      for (const groupBy of [[], ["BANK", "MONTH"], ["REGION", "TIER", "MONTH"]] as GroupBy[][]) cases.push({ caller: admin, groupBy, months: "36" });
      for (const groupBy of [[], ["MONTH"]] as GroupBy[][]) cases.push({ caller: bankCaller, groupBy, months: "36" });
    }

    const run = async (c: Case) => {
      counter.reset();
      sqlErrors.length = 0;
      const variables = { groupBy: c.groupBy, filter: c.months === "12" ? LAST_12_MONTHS : null };
      try {
        const { ms, data } = await postGraphQL<ReportAnswer>(endpoint, c.caller.token, LENDING_REPORT, variables);
        return { ms, statements: counter.count, loans: data.lendingReport.totals.loansCount, groups: data.lendingReport.groups.length, sent: counter.sent };
      } catch (e) {
        if (e instanceof GraphQLRequestError) {
          throw new BenchFailure(
            [
              `${caseName(c)} failed: ${e.message}`,
              `first error: ${JSON.stringify(e.errors[0] ?? null, null, 2)}`,
              ...(sqlErrors.length ? [`SQL errors: ${sqlErrors.join("\n")}`] : []),
            ].join("\n"),
          );
        }
        throw e;
      }
    };

    const results: CaseResult[] = [];
    for (const c of cases) {
      const t0 = performance.now();
      for (let i = 0; i < options.warmup; i++) await run(c);
      const ms: number[] = [];
      const statements: number[] = [];
      let loans = 0;
      let groups = 0;
      let sent: SentStatement[] = [];
      for (let i = 0; i < options.requests; i++) {
        const r = await run(c);
        ms.push(r.ms);
        statements.push(r.statements);
        loans = r.loans;
        groups = r.groups;
        sent = r.sent;
      }
      const result = { case: c, sent, latency: summarize(ms), loans, groups, statementsMin: Math.min(...statements), statementsMax: Math.max(...statements) };
      results.push(result);
      console.log(
        `  ${caseName(c).padEnd(58)} p50 ${result.latency.p50.toFixed(0).padStart(5)} ms  p95 ${result.latency.p95.toFixed(0).padStart(5)} ms  (${options.warmup} + ${options.requests} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }

    // The exports of the same reports: 1 warm-up (whose file is read back) + 3 measured downloads each.
    const exports: ExportResult[] = [];
    if (!options.quick) {
      for (const [caller, groupBy] of [
        [zj, "BANK,MONTH"],
        [admin, "REGION,TIER,MONTH"],
      ] as const) {
        for (const ext of ["csv", "xlsx"] as const) {
          const url = `${base}/reports/lending.${ext}?groupBy=${groupBy}`;
          const name = `${ext.toUpperCase()} ${caller.label} [${groupBy}]`;
          const first = await download(url, caller.token, true);
          if (first.status !== 200) {
            exports.push({ name, status: first.status, bytes: first.bytes, rows: 0, latency: null, peakHeapMb: first.peakHeapMb });
            continue;
          }
          const rows = ext === "csv" ? first.body!.toString("utf8").split(/\r?\n/).filter((l) => l.length > 0).length : await xlsxRows(first.body!);
          const ms: number[] = [];
          let peak = 0;
          let bytes = 0;
          for (let i = 0; i < 3; i++) {
            const r = await download(url, caller.token, false);
            if (r.status !== 200) throw new BenchFailure(`GET ${url} answered HTTP ${r.status}: ${r.body?.toString("utf8").slice(0, 300)}`);
            ms.push(r.ms);
            peak = Math.max(peak, r.peakHeapMb);
            bytes = r.bytes;
          }
          const result = { name, status: 200, bytes, rows, latency: summarize(ms), peakHeapMb: peak };
          exports.push(result);
          console.log(`  ${name.padEnd(58)} p50 ${f0(result.latency.p50).padStart(5)} ms  ${bytes.toLocaleString("en-US")} bytes, ${rows} rows`);
        }
      }
    }
    return { results, exports };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.apollo.stop();
    await ds.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// --explain: the plan of what the app sent, on a connection set up like the app's.

async function explain(url: string, r: CaseResult): Promise<void> {
  const report = r.sent.reduce<SentStatement | null>((longest, s) => (/^\s*(WITH|SELECT)/i.test(s.sql) && (longest === null || s.sql.length > longest.sql.length) ? s : longest), null);
  if (!report) {
    console.log(`(no report statement captured for ${caseName(r.case)})`);
    return;
  }
  const settings = r.sent.filter((s) => /^\s*SET\s/i.test(s.sql));
  const c = new Client({ connectionString: url, options: "-c jit=off" });
  await c.connect();
  try {
    await c.query("BEGIN READ ONLY");
    for (const s of settings) await c.query(s.sql, s.params);
    const plan = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${report.sql}`, report.params);
    await c.query("ROLLBACK");
    console.log(`\n== EXPLAIN (ANALYZE, BUFFERS): ${caseName(r.case)} (settings: ${settings.map((s) => s.sql.trim()).join("; ") || "none"}) ==`);
    console.log(`parameters: ${JSON.stringify(report.params)}`);
    console.log(plan.rows.map((row) => row["QUERY PLAN"]).join("\n"));
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "n/a");

/** Rows of the first sheet of an XLSX file. */
async function xlsxRows(bytes: Buffer): Promise<number> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0]?.rowCount ?? 0;
}

function printResults(results: CaseResult[], exports: ExportResult[], options: Options): void {
  console.log(`\n== lendingReport (${options.warmup} warm-up + ${options.requests} measured requests per row, sequential over HTTP) ==`);
  const rows = results.map((r) => [
    `${r.case.caller.label} [${r.case.groupBy.join(",")}]`,
    r.case.months === "12" ? "12 months" : "all",
    r.loans.toLocaleString("en-US"),
    String(r.groups),
    f0(r.latency.p50),
    f0(r.latency.p95),
    f0(r.latency.max),
    r.statementsMin === r.statementsMax ? String(r.statementsMin) : `${r.statementsMin}-${r.statementsMax}`,
  ]);
  console.log(table(["query (caller [groupBy])", "period", "loans covered", "groups", "p50 ms", "p95 ms", "max ms", "SQL/req"], rows));

  if (exports.length > 0) {
    console.log("\n== Exports (all 36 months; 1 warm-up + 3 measured downloads each, the body read as it streams) ==");
    console.log(
      table(
        ["export (caller [groupBy])", "status", "bytes", "rows", "p50 ms", "max ms", "peak heap growth MB"],
        exports.map((e) => [e.name, String(e.status), e.bytes.toLocaleString("en-US"), String(e.rows), e.latency ? f0(e.latency.p50) : "n/a", e.latency ? f0(e.latency.max) : "n/a", e.peakHeapMb.toFixed(1)]),
      ),
    );
  }

  const main = results.filter((r) => r.case.caller.main);
  const full = main.filter((r) => r.case.months === "36");
  const worst = full.reduce<CaseResult | null>((w, r) => (w === null || r.latency.p95 > w.latency.p95 ? r : w), null);
  const covered = full.length > 0 ? Math.min(...full.map((r) => r.loans)) : 0;
  console.log("\n== Targets ==");
  const pass = worst !== null && worst.latency.p95 <= 2000 && covered >= 1_000_000;
  console.log(
    table(
      ["target", "measured", "verdict"],
      [
        [
          "lendingReport p95 ≤ 2000 ms over 1,000,000 loans",
          worst ? `worst p95 ${f0(worst.latency.p95)} ms (${`[${worst.case.groupBy.join(",")}]`}), REGULATOR 330000, ${covered.toLocaleString("en-US")} loans, ${full.length} groupings` : "n/a",
          worst === null ? "n/a" : pass ? "PASS" : "FAIL",
        ],
      ],
    ),
  );
  console.log(`Targets: lendingReport p95 ≤ 2000 ms over 1,000,000 loans: ${worst === null ? "n/a" : pass ? "PASS" : "FAIL"}`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const server = await benchServer();
  const serverUrl = server.url;

  try {
    const cpus = os.cpus();
    console.log("== Machine ==");
    console.log(
      `CPUs: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; ${os.platform()} ${os.release()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (other work on the machine skews the timings)`,
    );
    console.log(`PostgreSQL: ${server.label}`);

    const dataset = await ensureReportDataset(serverUrl, { fresh: options.fresh });
    const c = new Client({ connectionString: dataset.url });
    await c.connect();
    const { pg, sizes } = await (async () => {
      try {
        const v = (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
        const s = (await c.query<{ t: string; total: string }>(
          `SELECT relname AS t, pg_size_pretty(pg_total_relation_size(oid)) AS total FROM pg_class WHERE relname IN ('loan', 'application', 'financing_need')`,
        )).rows;
        return { pg: v, sizes: Object.fromEntries(s.map((r) => [r.t, r.total])) };
      } finally {
        await c.end();
      }
    })();
    console.log(`\n== Dataset (database ${DATABASE}; PostgreSQL ${pg}; dataset "today" ${ANCHOR_DATE}) ==`);
    console.log(
      table(
        ["table", "rows", "size"],
        [...TABLES.map((t) => [t, (dataset.counts[t] ?? 0).toLocaleString("en-US"), sizes[t] ?? ""]),
          ["generation (s)", `${(dataset.generationMs / 1000).toFixed(1)}${dataset.generated ? "" : " (reused)"}`, ""]],
      ),
    );
    console.log(
      `loans by region: ${REGIONS.map((r) => `${r.jurisdiction} ${r.name} ${(dataset.loansByRegion[r.key] ?? 0).toLocaleString("en-US")}`).join(", ")}; total ${TOTAL_LOANS.toLocaleString("en-US")}`,
    );

    console.log("\n== Running ==");
    const { results, exports } = await bench(dataset, options);
    console.log(`(load average after the run: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")})`);
    printResults(results, exports, options);
    if (options.explain) {
      const full = results.filter((r) => r.case.caller.main && r.case.months === "36");
      const ungrouped = full.find((r) => r.case.groupBy.length === 0);
      const slowest = full.reduce<CaseResult | null>((w, r) => (w === null || r.latency.p95 > w.latency.p95 ? r : w), null);
      for (const r of new Set([ungrouped, slowest])) if (r) await explain(dataset.url, r);
    }
  } finally {
    await server.stop();
  }
}

runBench(main);
