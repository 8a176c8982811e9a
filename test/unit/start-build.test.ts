import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDecision, sourceTimes, SOURCES } from "../../scripts/start";

/** `npm start` builds only when a source is newer than the last build (scripts/start.js). */
describe("buildDecision", () => {
  const src = (p: string, mtimeMs: number) => ({ path: p, mtimeMs });
  const sources = [src("src", 1000), src("src/app.ts", 2000), src("migrations", 1500), src("package.json", 500)];

  it.each([
    ["never built", { stampMs: null, entryExists: false, sources }, true, /no build stamp/],
    ["stamp but the entry file deleted", { stampMs: 5000, entryExists: false, sources }, true, /index\.js is missing/],
    ["every source older than the stamp", { stampMs: 5000, entryExists: true, sources }, false, /up to date/],
    ["a source as old as the stamp", { stampMs: 2000, entryExists: true, sources }, false, /up to date/],
    ["one file newer, named", { stampMs: 1999, entryExists: true, sources }, true, /src\/app\.ts changed/],
    ["a directory newer (file deleted)", { stampMs: 2500, entryExists: true, sources: [...sources, src("migrations", 3000)] }, true, /migrations changed/],
    ["no sources at all", { stampMs: 1, entryExists: true, sources: [] }, false, /up to date/],
  ] as const)("%s", (_name, input, build, reason) => {
    const decision = buildDecision({ ...input, sources: [...input.sources] });
    expect(decision.build).toBe(build);
    expect(decision.reason).toMatch(reason);
  });

  it("watches the build's inputs", () => {
    expect(SOURCES).toEqual(expect.arrayContaining(["src", "migrations", "ormconfig.ts", "tsconfig.json", "tsconfig.build.json", "package.json"]));
  });
});

describe("sourceTimes", () => {
  it("lists files and directories recursively with their times, skipping missing entries", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "srdi-start-"));
    try {
      fs.mkdirSync(path.join(root, "src", "db"), { recursive: true });
      fs.writeFileSync(path.join(root, "src", "db", "a.ts"), "");
      fs.writeFileSync(path.join(root, "package.json"), "{}");
      const when = new Date("2030-01-01T00:00:00Z");
      fs.utimesSync(path.join(root, "src", "db", "a.ts"), when, when);
      const times = sourceTimes(root, ["src", "package.json", "ormconfig.ts"]);
      expect(times.map((t) => t.path).sort()).toEqual(["package.json", "src", path.join("src", "db"), path.join("src", "db", "a.ts")].sort());
      expect(times.find((t) => t.path.endsWith("a.ts"))!.mtimeMs).toBe(when.getTime());
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
