import { createHash } from "node:crypto";
import { ValidationError } from "../../src/domain/errors";
import { canonicalJson, hashIdempotentInput, parseIdempotencyKey } from "../../src/domain/idempotency";

describe("parseIdempotencyKey", () => {
  it.each(["a", "550e8400-e29b-41d4-a716-446655440000", "order-42:retry.1_x", "k".repeat(100)])("accepts %s", (key) => {
    expect(parseIdempotencyKey(key, "input.idempotencyKey")).toBe(key);
  });

  it.each([
    ["", "idempotencyKey.required"],
    [null, "idempotencyKey.required"],
    [42, "idempotencyKey.required"],
    ["k".repeat(101), "idempotencyKey.length"],
    ["with space", "idempotencyKey.format"],
    ["a/b", "idempotencyKey.format"],
    ["键", "idempotencyKey.format"],
    ["a\nb", "idempotencyKey.format"],
  ])("refuses %j with %s, naming the field", (key, rule) => {
    try {
      parseIdempotencyKey(key, "input.idempotencyKey");
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).violations).toEqual([expect.objectContaining({ field: "input.idempotencyKey", rule })]);
    }
  });
});

describe("canonicalJson and hashIdempotentInput", () => {
  it("orders object keys at every depth and leaves out null and undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: null }], c: undefined }, e: null })).toBe('{"a":{"d":[1,{"z":1}]},"b":1}');
    expect(hashIdempotentInput({ b: 1, a: 2 })).toBe(hashIdempotentInput({ a: 2, b: 1, c: null }));
  });

  it("keeps array order and null array members, and distinguishes types", () => {
    expect(hashIdempotentInput({ ids: ["a", "b"] })).not.toBe(hashIdempotentInput({ ids: ["b", "a"] }));
    expect(canonicalJson([null, 1])).toBe("[null,1]");
    expect(hashIdempotentInput({ n: 1 })).not.toBe(hashIdempotentInput({ n: "1" }));
    expect(hashIdempotentInput({ flag: false })).not.toBe(hashIdempotentInput({}));
  });

  it("encodes Dates as ISO instants and bigints as decimal strings", () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2)), fen: 12345n })).toBe('{"at":"2026-01-02T00:00:00.000Z","fen":"12345"}');
  });

  it("treats class instances like plain objects (GraphQL inputs are class instances)", () => {
    class Input {
      constructor(
        public amount: string,
        public firmId: string,
      ) {}
    }
    expect(hashIdempotentInput(new Input("1.00", "f"))).toBe(hashIdempotentInput({ firmId: "f", amount: "1.00" }));
  });

  it("is the hex sha256 of the canonical text", () => {
    expect(hashIdempotentInput({ b: [2], a: "x" })).toBe(createHash("sha256").update('{"a":"x","b":[2]}').digest("hex"));
    expect(hashIdempotentInput({})).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses what is not input data", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
