import { CertificationLevel as L, CertificationStatus as S, CertificationTier as T } from "../../src/domain/enums";
import { certificationStatusOn, effectiveCertification, highestHeld, meetsMinimum, tierFromChineseName, type CertificationFacts } from "../../src/domain/tier";

let seq = 0;
function cert(tier: T, level: L, issuedOn: string, expiresOn: string, extra: Partial<CertificationFacts> = {}): CertificationFacts {
  seq++;
  return { id: `00000000-0000-0000-0000-${String(seq).padStart(12, "0")}`, certificateNo: `NO-${seq}`, tier, level, status: S.ACTIVE, issuedOn, expiresOn, revokedOn: null, ...extra };
}

describe("certification status on a date", () => {
  const c = cert(T.SPECIALIZED_SME, L.PROVINCIAL, "2024-01-10", "2027-01-09");
  it.each([
    ["2024-01-09", null],
    ["2024-01-10", S.ACTIVE],
    ["2027-01-09", S.ACTIVE],
    ["2027-01-10", S.EXPIRED],
  ])("on %s is %s", (on, status) => {
    expect(certificationStatusOn(c, on)).toBe(status);
  });
  it("is REVOKED from the revocation date on, and ACTIVE before it", () => {
    const r = { ...c, status: S.REVOKED, revokedOn: "2025-06-01" };
    expect(certificationStatusOn(r, "2025-05-31")).toBe(S.ACTIVE);
    expect(certificationStatusOn(r, "2025-06-01")).toBe(S.REVOKED);
  });
});

describe("有效梯度: effective certification", () => {
  it("is null with no certification in force", () => {
    expect(effectiveCertification([], "2026-01-01")).toBeNull();
    expect(effectiveCertification([cert(T.LITTLE_GIANT, L.NATIONAL, "2020-01-01", "2022-12-31")], "2026-01-01")).toBeNull();
  });
  it("takes the highest tier, then the highest level", () => {
    const a = cert(T.SPECIALIZED_SME, L.NATIONAL, "2025-01-01", "2027-12-31");
    const b = cert(T.LITTLE_GIANT, L.PROVINCIAL, "2025-01-01", "2027-12-31");
    const c = cert(T.LITTLE_GIANT, L.NATIONAL, "2025-01-01", "2027-12-31");
    expect(effectiveCertification([a, b], "2026-01-01")).toBe(b);
    expect(effectiveCertification([a, b, c], "2026-01-01")).toBe(c);
  });
  it("ignores a certification that expired the day before", () => {
    const expired = cert(T.LITTLE_GIANT, L.NATIONAL, "2023-01-01", "2025-12-31");
    const lower = cert(T.INNOVATIVE_SME, L.PROVINCIAL, "2025-01-01", "2027-12-31");
    expect(effectiveCertification([expired, lower], "2026-01-01")).toBe(lower);
    expect(effectiveCertification([expired, lower], "2025-12-31")).toBe(expired);
  });
  it("ignores a revoked certification and one recorded as expired", () => {
    const revoked = cert(T.LITTLE_GIANT, L.NATIONAL, "2025-01-01", "2027-12-31", { status: S.REVOKED, revokedOn: "2025-06-01" });
    const marked = cert(T.SINGLE_CHAMPION, L.NATIONAL, "2025-01-01", "2027-12-31", { status: S.EXPIRED });
    expect(effectiveCertification([revoked, marked], "2026-01-01")).toBeNull();
  });
  it("is deterministic on full ties (later expiry, then smaller id)", () => {
    const x = cert(T.SPECIALIZED_SME, L.PROVINCIAL, "2025-01-01", "2027-12-31");
    const y = cert(T.SPECIALIZED_SME, L.PROVINCIAL, "2025-01-01", "2028-12-31");
    const z = cert(T.SPECIALIZED_SME, L.PROVINCIAL, "2025-01-01", "2028-12-31");
    expect(effectiveCertification([x, z, y], "2026-01-01")).toBe(y);
  });
});

describe("minimum tier and level", () => {
  it.each([
    [{ tier: T.LITTLE_GIANT, level: L.PROVINCIAL }, T.SPECIALIZED_SME, null, true],
    [{ tier: T.INNOVATIVE_SME, level: L.NATIONAL }, T.SPECIALIZED_SME, null, false],
    [{ tier: T.LITTLE_GIANT, level: L.PROVINCIAL }, T.LITTLE_GIANT, L.NATIONAL, false],
    [{ tier: T.SINGLE_CHAMPION, level: L.NATIONAL }, T.LITTLE_GIANT, L.NATIONAL, true],
    [null, null, null, true],
    [null, T.INNOVATIVE_SME, null, false],
  ])("%o meets (%s, %s): %s", (held, minTier, minLevel, ok) => {
    expect(meetsMinimum(held, minTier, minLevel)).toBe(ok);
  });
});

describe("highest tier and level held (the prefilter's ceiling)", () => {
  it("takes tier and level separately, from certificates in force only", () => {
    const certs = [
      cert(T.LITTLE_GIANT, L.PROVINCIAL, "2024-01-01", "2027-01-01"),
      cert(T.SPECIALIZED_SME, L.NATIONAL, "2024-01-01", "2027-01-01"),
      cert(T.SINGLE_CHAMPION, L.NATIONAL, "2020-01-01", "2026-06-30"), // in force up to and including 2026-06-30
      cert(T.SINGLE_CHAMPION, L.NATIONAL, "2024-01-01", "2028-01-01", { revokedOn: "2026-01-01", status: S.REVOKED }),
    ];
    expect(highestHeld(certs, "2026-11-24")).toEqual({ maxTier: T.LITTLE_GIANT, maxLevel: L.NATIONAL });
    expect(highestHeld(certs, "2026-06-30").maxTier).toBe(T.SINGLE_CHAMPION); // its last day
    expect(highestHeld(certs, "2026-07-01").maxTier).toBe(T.LITTLE_GIANT); // expired; the other champion was revoked

  });

  it("is null for a firm with nothing in force", () => {
    expect(highestHeld([cert(T.LITTLE_GIANT, L.NATIONAL, "2020-01-01", "2023-01-01")], "2026-11-24")).toEqual({ maxTier: null, maxLevel: null });
    expect(highestHeld([], "2026-11-24")).toEqual({ maxTier: null, maxLevel: null });
  });
});

describe("tier names", () => {
  it("accepts both the 2022 and the 2026 names of the innovative tier", () => {
    expect(tierFromChineseName("创新型中小企业")).toBe(T.INNOVATIVE_SME);
    expect(tierFromChineseName("科技和创新型中小企业")).toBe(T.INNOVATIVE_SME);
    expect(tierFromChineseName("专精特新“小巨人”企业")).toBe(T.LITTLE_GIANT);
    expect(tierFromChineseName("不存在")).toBeNull();
  });
});
