import { parseIndustryCode, parseRegionCode, regionAncestors, regionPrefix, regionServes, industryServes } from "../../src/domain/codes";
import { addDays, addMonths, daysBetween, parseLocalDate, requireOrdered, toChinaDate } from "../../src/domain/dates";
import { ValidationError } from "../../src/domain/errors";

describe("region codes (GB/T 2260)", () => {
  it.each([
    ["330000", "33"],
    ["410100", "4101"],
    ["360102", "360102"],
    ["140500", "1405"],
  ])("%s covers the prefix %s", (code, prefix) => {
    expect(regionPrefix(code)).toBe(prefix);
  });

  it.each([
    ["330000", "330106", true],
    ["330000", "340111", false],
    ["410100", "410105", true],
    ["410100", "410200", false],
    ["360102", "360102", true],
    ["360102", "360103", false],
  ])("%s serves %s: %s", (serving, firm, expected) => {
    expect(regionServes(serving, firm)).toBe(expected);
  });

  it("lists the codes whose coverage includes a county", () => {
    expect(regionAncestors("330106")).toEqual(["330106", "330100", "330000"]);
    expect(regionAncestors("330000")).toEqual(["330000"]);
    for (const code of regionAncestors("530102")) expect(regionServes(code, "530102")).toBe(true);
  });

  it.each([["14050"], ["1405001"], ["040500"], ["9a0500"], [""]])("rejects %s", (code) => {
    expect(() => parseRegionCode(code)).toThrow(ValidationError);
  });
});

describe("industry codes (GB/T 4754-2017)", () => {
  it.each([["C"], ["C39"], ["C391"], ["C3911"], ["i65"]])("accepts %s", (code) => {
    expect(parseIndustryCode(code)).toBe(code.toUpperCase());
  });
  it.each([["C3"], ["C39111"], ["Z39"], ["39"], [""]])("rejects %s", (code) => {
    expect(() => parseIndustryCode(code)).toThrow(ValidationError);
  });
  it("serves by prefix, and an empty list serves all", () => {
    expect(industryServes(["C39", "C34"], "C3911")).toBe(true);
    expect(industryServes(["C39"], "C3411")).toBe(false);
    expect(industryServes([], "I6513")).toBe(true);
  });
});

describe("calendar dates", () => {
  it.each([["2026-02-29"], ["2026-13-01"], ["2026-1-1"], ["20260101"], ["2026-04-31"]])("rejects %s", (d) => {
    expect(() => parseLocalDate(d)).toThrow(ValidationError);
  });
  it("accepts a leap day", () => {
    expect(parseLocalDate("2028-02-29")).toBe("2028-02-29");
  });
  it("does date arithmetic on calendar days and months", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-11-24", 36)).toBe("2029-11-24");
    expect(daysBetween("2026-11-24", "2027-01-01")).toBe(38);
  });
  it("uses China Standard Time for today", () => {
    expect(toChinaDate(new Date("2026-11-24T16:30:00Z"))).toBe("2026-11-25");
    expect(toChinaDate(new Date("2026-11-24T15:59:59Z"))).toBe("2026-11-24");
  });
  it("requires ordered dates, naming the later field", () => {
    expect(() => requireOrdered("2026-01-02", "2026-01-01", "input.validFrom", "input.validTo")).toThrow(/input.validTo: must be on or after/);
    expect(() => requireOrdered("2026-01-01", "2026-01-01", "a", "b", true)).toThrow(ValidationError);
    expect(() => requireOrdered("2026-01-01", "2026-01-01", "a", "b")).not.toThrow();
  });
});
