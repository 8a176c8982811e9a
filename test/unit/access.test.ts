import {
  agreementVisible,
  inRegionScope,
  pairedBankVisible,
  regionOverlapsScope,
  Role,
  viewerFromClaims,
  visibleToShownTo,
  type Viewer,
} from "../../src/domain/access";
import { UnauthenticatedError } from "../../src/domain/errors";

const BANK_A = "0a1cc489-8280-41e8-9e01-bbf0856c328e";
const BANK_B = "1b2dd590-9391-42f9-8f12-ccf1967d439f";
const AGENCY = "2c3ee6a1-a4a2-430a-9023-dd02a78e54a0";

function viewer(role: Role, extra: Partial<Viewer> = {}): Viewer {
  return { subject: "s", role, orgId: null, regionCode: null, creditCode: null, ...extra };
}

describe("claims → viewer", () => {
  it.each([
    [{ sub: "u", role: "BANK", orgId: BANK_A }, Role.BANK],
    [{ sub: "u", role: "REGULATOR", regionCode: "530000" }, Role.REGULATOR],
    [{ sub: "u", role: "FIRM", creditCode: "91110000600037341l" }, Role.FIRM],
    [{ sub: "u", role: "ADMIN" }, Role.ADMIN],
  ])("accepts %o", (claims, role) => {
    expect(viewerFromClaims(claims).role).toBe(role);
  });

  it("upper-cases the onboarding credit code and drops claims a role does not use", () => {
    expect(viewerFromClaims({ sub: "u", role: "FIRM", creditCode: "91110000600037341l", regionCode: "140500" })).toEqual({
      subject: "u",
      role: Role.FIRM,
      orgId: null,
      regionCode: null,
      creditCode: "91110000600037341L",
      expiresAt: null,
    });
  });

  it("takes the token's expiry from its exp claim (seconds since the epoch)", () => {
    expect(viewerFromClaims({ sub: "u", role: "ADMIN", exp: 1_800_000_000 }).expiresAt).toEqual(new Date("2027-01-15T08:00:00.000Z"));
  });

  it.each([
    [{ role: "ADMIN" }, /subject/],
    [{ sub: "u", role: "KING" }, /role 'KING'/],
    [{ sub: "u", role: "BANK" }, /orgId/],
    [{ sub: "u", role: "GUARANTOR", orgId: "42" }, /orgId/],
    [{ sub: "u", role: "REGULATOR" }, /regionCode/],
    [{ sub: "u", role: "BUREAU", regionCode: "14050" }, /regionCode/],
    [{ sub: "u", role: "FIRM" }, /orgId|creditCode/],
  ])("refuses %o", (claims, message) => {
    expect(() => viewerFromClaims(claims)).toThrow(UnauthenticatedError);
    expect(() => viewerFromClaims(claims)).toThrow(message);
  });
});

describe("region scope", () => {
  const shanxi = viewer(Role.REGULATOR, { regionCode: "140000" });
  const hangzhou = viewer(Role.REGULATOR, { regionCode: "330100" });
  it.each([
    [shanxi, "140502", true],
    [shanxi, "530102", false],
    [hangzhou, "330106", true],
    [hangzhou, "330000", false],
  ])("%o contains %s: %s", (v, code, expected) => {
    expect(inRegionScope(v, code)).toBe(expected);
  });
  it("lets a provincial record concern a city jurisdiction, and not another province", () => {
    expect(regionOverlapsScope(hangzhou, "330000")).toBe(true);
    expect(regionOverlapsScope(hangzhou, "330200")).toBe(false);
    expect(regionOverlapsScope(shanxi, "140500")).toBe(true);
    expect(regionOverlapsScope(viewer(Role.BANK, { orgId: BANK_A }), "140500")).toBe(false);
  });
});

describe("field rules", () => {
  const agreement = { institutionId: BANK_A, agencyId: AGENCY };
  it.each([
    [viewer(Role.ADMIN), true],
    [viewer(Role.FIRM, { orgId: BANK_B }), false],
    [viewer(Role.BANK, { orgId: BANK_A }), true],
    [viewer(Role.BANK, { orgId: BANK_B }), false],
    [viewer(Role.GUARANTOR, { orgId: AGENCY }), true],
    [viewer(Role.REGULATOR, { regionCode: "330100" }), true],
    [viewer(Role.REGULATOR, { regionCode: "530000" }), false],
  ])("an agreement with a Zhejiang agency is visible to %o: %s", (v, expected) => {
    expect(agreementVisible(v, agreement, "330000")).toBe(expected);
  });

  it("shows a paired bank only to that bank among banks", () => {
    expect(pairedBankVisible(viewer(Role.BANK, { orgId: BANK_A }), BANK_A)).toBe(true);
    expect(pairedBankVisible(viewer(Role.BANK, { orgId: BANK_B }), BANK_A)).toBe(false);
    expect(pairedBankVisible(viewer(Role.REGULATOR, { regionCode: "140000" }), BANK_A)).toBe(true);
  });

  it("shows a bank only itself among the banks a need names", () => {
    expect(visibleToShownTo(viewer(Role.BANK, { orgId: BANK_A }), [BANK_B, BANK_A])).toEqual([BANK_A]);
    expect(visibleToShownTo(viewer(Role.BANK, { orgId: AGENCY }), [BANK_B, BANK_A])).toEqual([]);
    expect(visibleToShownTo(viewer(Role.FIRM, { orgId: AGENCY }), [BANK_B, BANK_A])).toEqual([BANK_B, BANK_A]);
  });
});
