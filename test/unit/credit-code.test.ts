import {
  AUTHORITIES,
  creditCodeCheckChar,
  creditCodeRegion,
  firmCodeWarnings,
  makeCreditCode,
  organisationCodeCheckChar,
  parseCreditCode,
} from "../../src/domain/credit-code";
import { regionExists } from "../../src/domain/code-tables";
import { ValidationError } from "../../src/domain/errors";
import { violationPairs } from "../support/violations";

function ruleOf(fn: () => unknown): string | null {
  return violationPairs(fn)[0]?.[1] ?? null;
}

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it.each([
    // Published codes of real registrations: their check characters must come out right.
    ["91350100M000100Y43", "3"],
    ["91110000600037341L", "L"],
    ["911100001000080343", "3"],
  ])("computes the check character of %s", (code, check) => {
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(check);
    expect(parseCreditCode(code)).toBe(code);
  });

  it.each([
    ["wrong check character", "91350100M000100Y44", "creditCode.checkCharacter"],
    ["too short", "91350100M000100Y4", "creditCode.length"],
    ["too long", "91350100M000100Y433", "creditCode.length"],
    ["letter I is not in the alphabet", "91350100M000100I43", "creditCode.alphabet"],
    ["letter O is not in the alphabet", "9135010OM000100Y43", "creditCode.alphabet"],
    ["letter in the region part", "9135A100M000100Y43", "creditCode.alphabet"],
    ["empty", "", "creditCode.length"],
  ])("rejects %s", (_name, code, rule) => {
    expect(ruleOf(() => parseCreditCode(code))).toBe(rule);
  });

  it("normalises case and surrounding spaces", () => {
    expect(parseCreditCode(" 91110000600037341l ")).toBe("91110000600037341L");
  });

  it("names the field and the expected character in the error", () => {
    try {
      parseCreditCode("91350100M000100Y44", "input.creditCode");
      throw new Error("expected a ValidationError");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).violations[0]).toMatchObject({ field: "input.creditCode", rule: "creditCode.checkCharacter" });
      expect((e as ValidationError).message).toContain("'3'");
    }
  });

  it.each([
    // Organisation codes (GB 11714) of the published codes above: their own check characters.
    ["M000100Y", "4"],
    ["60003734", "1"],
    ["10000803", "4"],
    ["00000000", "0"], // 11 - 0 = 11, written 0
  ])("computes the GB 11714 check character of %s: %s", (first8, check) => {
    expect(organisationCodeCheckChar(first8)).toBe(check);
  });

  it("writes a GB 11714 result of 10 as X", () => {
    // Weights 3,7,9,10,5,8,4,2: "00000030" sums 3 × 4 = 12, 12 mod 11 = 1, 11 − 1 = 10 → X;
    // "00000010" sums 4, 11 − 4 = 7.
    expect(organisationCodeCheckChar("00000030")).toBe("X");
    expect(organisationCodeCheckChar("00000010")).toBe("7");
  });

  /** A code with a valid check character (position 18) for the given first 17 characters. */
  const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17);
  /** First 17 characters: authority, type, region, an organisation code with its GB 11714 check. */
  const first17 = (authorityType: string, region: string, stem = "MA0K3T2X") => `${authorityType}${region}${stem}${organisationCodeCheckChar(stem)}`;

  it.each([
    ["company (9 1)", "91"],
    ["individual business (9 2)", "92"],
    ["farmers' cooperative (9 3)", "93"],
    ["government body (1 1)", "11"],
    ["public institution (1 2)", "12"],
    ["social organisation (5 1)", "51"],
    ["foundation (5 3)", "53"],
    ["law firm (3 1)", "31"],
    ["village collective (N 2)", "N2"],
    ["other (Y 1)", "Y1"],
  ])("accepts a %s", (_name, authorityType) => {
    const code = withCheck(first17(authorityType, "140581"));
    expect(parseCreditCode(code)).toBe(code);
  });

  it("lists the registration authorities of the standard", () => {
    expect(Object.keys(AUTHORITIES).sort()).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "N", "Y"]);
  });

  it.each([
    ["unknown registration authority 0", withCheck(first17("01", "140500")), ["creditCode.registrationAuthority"]],
    ["unknown registration authority B", withCheck(first17("B1", "140500")), ["creditCode.registrationAuthority"]],
    ["type 4 under 工商 (only 1, 2, 3)", withCheck(first17("94", "140500")), ["creditCode.organisationType"]],
    ["type 9 under 工商", withCheck(first17("99", "140500")), ["creditCode.organisationType"]],
    ["type 4 under 民政", withCheck(first17("54", "140500")), ["creditCode.organisationType"]],
    ["a region in no province", withCheck(first17("91", "990500")), ["creditCode.region"]],
    ["a wrong organisation-code check character", withCheck(`91140500MA0K3T2X${organisationCodeCheckChar("MA0K3T2X") === "1" ? "2" : "1"}`), ["creditCode.organisationCheckCharacter"]],
    [
      "everything wrong at once",
      `00990000000000011`,
      ["creditCode.registrationAuthority", "creditCode.region", "creditCode.organisationCheckCharacter", "creditCode.checkCharacter"],
    ],
  ])("rejects %s", (_name, code, rules) => {
    expect(violationPairs(() => parseCreditCode(code.padEnd(18, "0"), "input.creditCode")).map(([, rule]) => rule)).toEqual(rules);
  });

  it("refuses 001405000000000001, which passes the check character, for its registration authority", () => {
    // Issue 14 measured this code accepted: position 18 is right for the first 17, and the
    // organisation code 00000000 with check 0 is right too; position 1 (0) is no authority.
    expect(creditCodeCheckChar("00140500000000000")).toBe("1");
    expect(organisationCodeCheckChar("00000000")).toBe("0");
    expect(violationPairs(() => parseCreditCode("001405000000000001", "input.creditCode"))).toEqual([
      ["input.creditCode", "creditCode.registrationAuthority"],
    ]);
  });

  it("accepts a region code retired since (positions 3-8 freeze at registration) when its province exists", () => {
    // 110103 崇文区 was merged into 东城区 in 2010: the current table does not have it, but codes
    // issued there before keep it.
    expect(regionExists("110103")).toBe(false);
    const code = withCheck(first17("91", "110103"));
    expect(parseCreditCode(code)).toBe(code);
  });

  it("warns when the code's region differs from the firm's registered region", () => {
    const code = makeCreditCode("91", "140500", "MA0K3T2X");
    expect(firmCodeWarnings({ creditCode: code, regionCode: "140500" })).toEqual([]);
    const warnings = firmCodeWarnings({ creditCode: code, regionCode: "140581" });
    expect(warnings.map((w) => [w.code, w.message.in("en"), w.message.in("zh")])).toEqual([
      [
        "CREDIT_CODE_REGION_MISMATCH",
        "The credit code was issued in region 140500 山西省晋城市 (positions 3-8) but the firm is registered in 140581 山西省晋城市高平市; check that both are right.",
        "统一社会信用代码的登记地区为 140500 山西省晋城市（第 3-8 位），而企业注册地区为 140581 山西省晋城市高平市；请核对两者是否正确。",
      ],
    ]);
  });

  it("builds valid codes with the region at positions 3-8", () => {
    const code = makeCreditCode("91", "140500", "MA0K3T2X");
    expect(parseCreditCode(code)).toBe(code);
    expect(creditCodeRegion(code)).toBe("140500");
    // The organisation code's check character is computed.
    expect(code.slice(8, 17)).toBe(`MA0K3T2X${organisationCodeCheckChar("MA0K3T2X")}`);
    expect(() => makeCreditCode("91", "140500", "MA0K3T2X1")).toThrow(RangeError);
  });
});
