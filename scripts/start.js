"use strict";
/**
 * `npm start`: compiles the TypeScript only when a source is newer than the last build, then runs
 * dist/src/index.js in this same process, so SIGINT/SIGTERM reach the server directly (package.json
 * runs it with `exec`, so no shell sits between npm and Node). Plain JavaScript: it must run before
 * anything is compiled.
 *
 * The build stamp, dist/.build-stamp, carries the time the last successful build started; a file
 * changed during a build is therefore newer than the stamp and triggers the next build. A rebuild
 * starts from an empty dist/, so the output of a deleted source (a migration above all) cannot linger.
 */
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const STAMP = path.join(DIST, ".build-stamp");
const ENTRY = path.join(DIST, "src", "index.js");
/** What the build reads (tsconfig.build.json's include, its configuration, the package). */
const SOURCES = ["src", "migrations", "ormconfig.ts", "tsconfig.json", "tsconfig.build.json", "package.json"];

/**
 * The decision, over modification times only (ms since the epoch). `sources` lists files and
 * directories (a directory's time changes when a file is added, renamed or deleted in it).
 * @param {{ stampMs: number | null, entryExists: boolean, sources: Array<{ path: string, mtimeMs: number }> }} input
 * @returns {{ build: boolean, reason: string }}
 */
function buildDecision({ stampMs, entryExists, sources }) {
  if (stampMs === null) return { build: true, reason: "no build stamp in dist/ (never built, or the last build failed)" };
  if (!entryExists) return { build: true, reason: "dist/src/index.js is missing" };
  let newest = null;
  for (const s of sources) if (newest === null || s.mtimeMs > newest.mtimeMs) newest = s;
  if (newest !== null && newest.mtimeMs > stampMs) return { build: true, reason: `${newest.path} changed since the last build` };
  return { build: false, reason: "dist/ is up to date" };
}

/** Files and directories under the given roots (relative to `root`), with their modification times. */
function sourceTimes(root = ROOT, entries = SOURCES) {
  const out = [];
  const visit = (rel) => {
    const abs = path.join(root, rel);
    let stat;
    try {
      stat = fs.statSync(abs);
    } catch {
      return; // an optional entry that does not exist
    }
    out.push({ path: rel, mtimeMs: stat.mtimeMs });
    if (stat.isDirectory()) for (const name of fs.readdirSync(abs)) visit(path.join(rel, name));
  };
  entries.forEach(visit);
  return out;
}

function stampTime() {
  try {
    return fs.statSync(STAMP).mtimeMs;
  } catch {
    return null;
  }
}

function build() {
  const startedAt = new Date();
  let tsc;
  try {
    tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
  } catch {
    throw new Error("dist/ is out of date and TypeScript is not installed (npm ci --omit=dev?): run `npm ci && npm run build`, or start dist/src/index.js directly.");
  }
  fs.rmSync(DIST, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`The TypeScript build failed (tsc exit ${result.status ?? result.signal}).`);
  fs.writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
  fs.utimesSync(STAMP, startedAt, startedAt);
}

function main() {
  const decision = buildDecision({ stampMs: stampTime(), entryExists: fs.existsSync(ENTRY), sources: sourceTimes() });
  if (decision.build) {
    console.log(`Building (${decision.reason})…`);
    const t0 = Date.now();
    build();
    console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  } else {
    console.log(`Not rebuilding: ${decision.reason}.`);
  }
  require(ENTRY);
}

module.exports = { buildDecision, sourceTimes, SOURCES };

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
