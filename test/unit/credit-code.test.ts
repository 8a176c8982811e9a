import { creditCodeCheckChar, creditCodeRegion, makeCreditCode, parseCreditCode } from "../../src/domain/credit-code";
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

  it("builds valid codes with the region at positions 3-8", () => {
    const code = makeCreditCode("91", "140500", "MA0K3T2X1");
    expect(parseCreditCode(code)).toBe(code);
    expect(creditCodeRegion(code)).toBe("140500");
  });
});
