import { ValidationError } from "../../src/domain/errors";
import { formatMoney, normalizeMoney, parseMoney, parsePositiveMoney, wan } from "../../src/domain/money";

describe("money (yuan as decimal strings, computed in fen)", () => {
  it.each([
    ["0", 0n],
    ["0.5", 50n],
    ["1.05", 105n],
    ["8000000", 800_000_000n],
    ["8000000.00", 800_000_000n],
    ["9999999999999999.99", 999_999_999_999_999_999n],
  ])("parses %s", (text, fen) => {
    expect(parseMoney(text)).toBe(fen);
  });

  it.each([["1.005"], ["1e5"], ["-1"], ["01"], [".5"], ["1."], ["1,000"], ["abc"], [""], ["NaN"], ["10000000000000000"]])(
    "rejects %s",
    (text) => {
      expect(() => parseMoney(text, "input.amount")).toThrow(ValidationError);
    },
  );

  it("formats fen with exactly two decimals", () => {
    expect(formatMoney(0n)).toBe("0.00");
    expect(formatMoney(5n)).toBe("0.05");
    expect(formatMoney(123_456n)).toBe("1234.56");
    expect(formatMoney(-150n)).toBe("-1.50");
  });

  it("adds without float error (0.1 + 0.2)", () => {
    expect(formatMoney(parseMoney("0.1") + parseMoney("0.2"))).toBe("0.30");
  });

  it("normalises and requires positive amounts", () => {
    expect(normalizeMoney("12.5")).toBe("12.50");
    expect(normalizeMoney(" 7")).toBe("7.00");
    for (const canonical of ["0.00", "8000000.00", "9999999999999999.99"]) expect(normalizeMoney(canonical)).toBe(canonical);
    for (const bad of ["-1.00", "01.00", "1.005", "1e3", "12345678901234567.00"]) expect(() => normalizeMoney(bad)).toThrow(ValidationError);
    expect(() => parsePositiveMoney("0.00", "input.amount")).toThrow(/greater than zero/);
    expect(formatMoney(wan(800))).toBe("8000000.00");
  });
});
