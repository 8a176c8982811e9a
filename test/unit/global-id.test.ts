import { decodeGlobalId, encodeGlobalId, NODE_TYPE_NAMES, recordIdOf } from "../../src/domain/global-id";

const UUID = "0b9c6f1e-4a7d-4c55-9e3a-5f0d2c8b7a61";

describe("global ids (base64url of '<Type>:<uuid>')", () => {
  it("encodes the documented form and decodes it back, for every node type", () => {
    expect(encodeGlobalId("Firm", UUID)).toBe(Buffer.from(`Firm:${UUID}`).toString("base64url"));
    expect(encodeGlobalId("Firm", UUID)).not.toMatch(/[=+/]/);
    for (const type of NODE_TYPE_NAMES) expect(decodeGlobalId(encodeGlobalId(type, UUID))).toEqual({ type, uuid: UUID });
  });

  it("lower-cases the UUID, so one record has one global id", () => {
    expect(encodeGlobalId("Loan", UUID.toUpperCase())).toBe(encodeGlobalId("Loan", UUID));
  });

  it.each([
    ["a raw UUID", UUID],
    ["an unknown type", Buffer.from(`Bank:${UUID}`).toString("base64url")],
    ["a type without a UUID", Buffer.from("Firm:42").toString("base64url")],
    ["no colon", Buffer.from("Firm").toString("base64url")],
    ["padding", `${encodeGlobalId("Firm", UUID)}==`],
    ["standard base64 characters", "Rm+y/bT"],
    ["an empty string", ""],
  ])("refuses %s", (_name, id) => {
    expect(decodeGlobalId(id)).toBeNull();
  });

  it.each([
    ["a raw UUID stays", UUID, UUID],
    ["a global id becomes its UUID", encodeGlobalId("FinancingNeed", UUID), UUID],
    ["an audit event number stays", "42", "42"],
    ["garbage stays (answered NOT_FOUND by the service)", "not-an-id", "not-an-id"],
  ])("recordIdOf: %s", (_name, id, expected) => {
    expect(recordIdOf(id)).toBe(expected);
  });
});
