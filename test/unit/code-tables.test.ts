import regionTable from "../../src/domain/tables/gbt2260-regions.json";
import industryTable from "../../src/domain/tables/gbt4754-2017-industries.json";
import {
  codeTableCounts,
  industryName,
  industryNearestName,
  prefectureOf,
  provinceOf,
  regionExists,
  regionFullName,
  regionLevelOf,
  regionName,
  sectionOfDivision,
} from "../../src/domain/code-tables";
import { parseIndustryCode, parseRegionCode } from "../../src/domain/codes";
import { firmCodeWarnings, parseCreditCode } from "../../src/domain/credit-code";
import * as demo from "../../src/seed/demo-data";
import { violationPairs } from "../support/violations";

describe("GB/T 2260 region table", () => {
  it("holds the provinces, prefectures and counties of the edition recorded in its README", () => {
    expect(codeTableCounts().regions).toEqual({ PROVINCE: 34, PREFECTURE: 333, COUNTY: 2867 });
    expect(regionTable.counts).toEqual({ provinces: 34, prefectures: 333, counties: 2867 });
    const codes = regionTable.regions.map(([c]) => c!);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
  });

  it.each([
    ["140000", "山西省", "PROVINCE", "山西省"],
    ["140500", "晋城市", "PREFECTURE", "山西省晋城市"],
    ["140581", "高平市", "COUNTY", "山西省晋城市高平市"],
    ["140502", "城区", "COUNTY", "山西省晋城市城区"],
    ["360102", "东湖区", "COUNTY", "江西省南昌市东湖区"],
    ["530000", "云南省", "PROVINCE", "云南省"],
    ["410100", "郑州市", "PREFECTURE", "河南省郑州市"],
    ["330106", "西湖区", "COUNTY", "浙江省杭州市西湖区"],
    ["110101", "东城区", "COUNTY", "北京市东城区"],
    ["469001", "五指山市", "COUNTY", "海南省五指山市"],
    ["441900", "东莞市", "PREFECTURE", "广东省东莞市"],
  ])("%s is %s (%s), %s", (code, name, level, full) => {
    expect(regionExists(code)).toBe(true);
    expect(regionName(code)).toBe(name);
    expect(regionLevelOf(code)).toBe(level);
    expect(regionFullName(code)).toBe(full);
  });

  it.each([
    ["123456", "no such province"],
    ["140599", "no such county in 晋城"],
    ["140501", "市辖区 placeholder of the statistical code"],
    ["130171", "development zone of the statistical code only"],
    ["469000", "grouping of the package, not a code"],
    ["110100", "Beijing has no prefecture level"],
  ])("has no %s (%s)", (code) => {
    expect(regionExists(code)).toBe(false);
    expect(regionName(code)).toBeNull();
    expect(regionFullName(code)).toBeNull();
  });

  it("gives the province and prefecture of a county", () => {
    expect(provinceOf("140581")).toBe("140000");
    expect(prefectureOf("140581")).toBe("140500");
    expect(prefectureOf("140500")).toBeNull();
    expect(prefectureOf("110101")).toBeNull();
    expect(provinceOf("990101")).toBeNull();
  });

  it("refuses input codes that do not exist, with the rule and the code in the message", () => {
    expect(parseRegionCode("140581")).toBe("140581");
    expect(violationPairs(() => parseRegionCode("123456", "input.regionCode"))).toEqual([["input.regionCode", "regionCode.unknown"]]);
    expect(violationPairs(() => parseRegionCode("12345", "input.regionCode"))).toEqual([["input.regionCode", "regionCode.format"]]);
    expect(() => parseRegionCode("123456")).toThrow(/'123456' is not a province, prefecture or county/);
  });
});

describe("GB/T 4754-2017 industry table", () => {
  it("holds 20 sections A-T and 97 divisions 01-97, each division right after its section's earlier ones", () => {
    expect(codeTableCounts()).toMatchObject({ sections: 20, divisions: 97 });
    const rows = industryTable.industries.map(([c]) => c!);
    expect(rows.filter((c) => c.length === 1).join("")).toBe("ABCDEFGHIJKLMNOPQRST");
    expect(rows.filter((c) => c.length === 3).map((c) => c.slice(1))).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, "0")));
    let section = "";
    for (const code of rows) {
      if (code.length === 1) section = code;
      else expect(code[0]).toBe(section);
    }
  });

  it.each([
    ["A", "农、林、牧、渔业"],
    ["C", "制造业"],
    ["C13", "农副食品加工业"],
    ["C39", "计算机、通信和其他电子设备制造业"],
    ["C43", "金属制品、机械和设备修理业"],
    ["I65", "软件和信息技术服务业"],
    ["M73", "研究和试验发展"],
    ["N79", "土地管理业"],
    ["T97", "国际组织"],
  ])("%s is %s", (code, name) => {
    expect(industryName(code)).toBe(name);
  });

  it("names a group or class by its division (the table stops at divisions)", () => {
    expect(industryName("C3911")).toBeNull();
    expect(industryNearestName("C3911")).toBe("计算机、通信和其他电子设备制造业");
    expect(industryNearestName("I6513")).toBe("软件和信息技术服务业");
    expect(industryNearestName("C")).toBe("制造业");
    expect(sectionOfDivision("39")).toBe("C");
    expect(sectionOfDivision("98")).toBeNull();
  });

  it.each([
    ["C9999", "industryCode.unknown", /no division \(大类\) 99/],
    ["C65", "industryCode.unknown", /65 belongs to section I, not C/],
    ["I3911", "industryCode.unknown", /39 belongs to section C, not I/],
    ["A98", "industryCode.unknown", /no division \(大类\) 98/],
    ["U01", "industryCode.format", /section letter A-T/],
  ])("refuses %s (%s)", (code, rule, message) => {
    expect(violationPairs(() => parseIndustryCode(code, "input.industryCode"))).toEqual([["input.industryCode", rule]]);
    expect(() => parseIndustryCode(code)).toThrow(message);
  });

  it.each([["C"], ["C39"], ["C391"], ["C3911"], ["I6513"], ["m7320"]])("accepts %s", (code) => {
    expect(parseIndustryCode(code)).toBe(code.toUpperCase());
  });
});

describe("the demo data uses real codes", () => {
  it("every region code of regions, institutions, firms, products, agencies, policies and events is in the GB/T 2260 table", () => {
    const codes = [
      ...demo.DEMO_REGIONS.map((r) => r.code),
      ...demo.DEMO_INSTITUTIONS.map((i) => i.regionCode),
      ...demo.DEMO_FIRMS.map((f) => f.regionCode),
      ...demo.DEMO_LOAN_PRODUCTS.flatMap((p) => p.servedRegionCodes),
      ...demo.DEMO_GUARANTEE_AGENCIES.map((a) => a.regionCode),
      ...demo.DEMO_INCENTIVE_POLICIES.map((p) => p.regionCode),
      ...demo.DEMO_DOCKING_EVENTS.map((e) => e.regionCode),
    ];
    expect(codes.filter((c) => !regionExists(c))).toEqual([]);
    for (const r of demo.DEMO_REGIONS) expect(regionFullName(r.code)).toBe(r.name);
  });

  it("every firm's industry code and credit code passes the checks, with no region warning", () => {
    for (const f of demo.DEMO_FIRMS) {
      expect(parseIndustryCode(f.industryCode)).toBe(f.industryCode);
      expect(parseCreditCode(f.creditCode)).toBe(f.creditCode);
      expect(firmCodeWarnings(f)).toEqual([]);
    }
    const prefixes = demo.DEMO_LOAN_PRODUCTS.flatMap((p) => p.industryPrefixes);
    for (const p of prefixes) expect(parseIndustryCode(p)).toBe(p);
  });
});
