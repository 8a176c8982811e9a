import { CertificationLevel, CertificationStatus, CertificationTier } from "./enums";
import type { LocalDate } from "./dates";

/** Tier rank, lowest first (创新型 < 专精特新 < 小巨人 < 单项冠军). */
export const TIER_ORDER: readonly CertificationTier[] = [
  CertificationTier.INNOVATIVE_SME,
  CertificationTier.SPECIALIZED_SME,
  CertificationTier.LITTLE_GIANT,
  CertificationTier.SINGLE_CHAMPION,
];

/** Level rank, lowest first (市级 < 省级 < 国家级). */
export const LEVEL_ORDER: readonly CertificationLevel[] = [
  CertificationLevel.MUNICIPAL,
  CertificationLevel.PROVINCIAL,
  CertificationLevel.NATIONAL,
];

export function tierRank(tier: CertificationTier): number {
  return TIER_ORDER.indexOf(tier);
}

export function levelRank(level: CertificationLevel): number {
  return LEVEL_ORDER.indexOf(level);
}

/** Compares (tier, level) pairs: negative when a < b. Tier first, level breaks ties. */
export function compareTierLevel(
  a: { tier: CertificationTier; level: CertificationLevel },
  b: { tier: CertificationTier; level: CertificationLevel },
): number {
  return tierRank(a.tier) - tierRank(b.tier) || levelRank(a.level) - levelRank(b.level);
}

/**
 * Does a holding meet a minimum? A null minimum tier is met by anyone; a minimum level applies to
 * the held certification's level independently of its tier.
 */
export function meetsMinimum(
  held: { tier: CertificationTier; level: CertificationLevel } | null,
  minTier: CertificationTier | null,
  minLevel: CertificationLevel | null,
): boolean {
  if (minTier === null && minLevel === null) return true;
  if (held === null) return false;
  if (minTier !== null && tierRank(held.tier) < tierRank(minTier)) return false;
  if (minLevel !== null && levelRank(held.level) < levelRank(minLevel)) return false;
  return true;
}

/** The facts of a certification that decide whether it is in force. */
export interface CertificationFacts {
  id: string;
  /** Certificate number (证书编号), for sentences that name the certificate. */
  certificateNo: string;
  tier: CertificationTier;
  level: CertificationLevel;
  status: CertificationStatus;
  issuedOn: LocalDate;
  /** Last day of validity, inclusive. */
  expiresOn: LocalDate;
  revokedOn: LocalDate | null;
}

/**
 * Status on a date: REVOKED from the revocation date on; EXPIRED after the expiry date (or when it
 * was recorded as expired); ACTIVE from issue to expiry inclusive. Before the issue date a
 * certificate is not yet in force, reported as null.
 */
export function certificationStatusOn(cert: CertificationFacts, on: LocalDate): CertificationStatus | null {
  if (cert.status === CertificationStatus.REVOKED && (cert.revokedOn === null || cert.revokedOn <= on)) {
    return CertificationStatus.REVOKED;
  }
  if (on < cert.issuedOn) return null;
  if (on > cert.expiresOn) return CertificationStatus.EXPIRED;
  if (cert.status === CertificationStatus.EXPIRED) return CertificationStatus.EXPIRED;
  return CertificationStatus.ACTIVE;
}

/**
 * 有效梯度: the highest tier among certifications ACTIVE on `on`, tie-broken by level, then by the
 * later expiry, then by id (so the answer is deterministic). Null when none is in force.
 */
export function effectiveCertification<C extends CertificationFacts>(certs: readonly C[], on: LocalDate): C | null {
  let best: C | null = null;
  for (const cert of certs) {
    if (certificationStatusOn(cert, on) !== CertificationStatus.ACTIVE) continue;
    if (
      best === null ||
      compareTierLevel(cert, best) > 0 ||
      (compareTierLevel(cert, best) === 0 &&
        (cert.expiresOn > best.expiresOn || (cert.expiresOn === best.expiresOn && cert.id < best.id)))
    ) {
      best = cert;
    }
  }
  return best;
}

/**
 * The highest tier and, separately, the highest level among the certificates in force on `on`:
 * a ceiling no minimum the firm meets can exceed (the matching prefilter's bound; the exact
 * check is meetsMinimum on each certificate). Nulls when none is in force.
 */
export function highestHeld(
  certs: readonly CertificationFacts[],
  on: LocalDate,
): { maxTier: CertificationTier | null; maxLevel: CertificationLevel | null } {
  let maxTier: CertificationTier | null = null;
  let maxLevel: CertificationLevel | null = null;
  for (const c of certs) {
    if (certificationStatusOn(c, on) !== CertificationStatus.ACTIVE) continue;
    if (maxTier === null || tierRank(c.tier) > tierRank(maxTier)) maxTier = c.tier;
    if (maxLevel === null || levelRank(c.level) > levelRank(maxLevel)) maxLevel = c.level;
  }
  return { maxTier, maxLevel };
}

/**
 * The 2026 MIIT 《优质中小企业梯度培育管理办法》 renamed 创新型中小企业 to 科技和创新型中小企业;
 * certificates under the 2022 暂行办法 keep the old name. Both names map to INNOVATIVE_SME.
 */
const TIER_NAMES: ReadonlyArray<[string, CertificationTier]> = [
  ["科技和创新型中小企业", CertificationTier.INNOVATIVE_SME],
  ["创新型中小企业", CertificationTier.INNOVATIVE_SME],
  ["专精特新中小企业", CertificationTier.SPECIALIZED_SME],
  ["专精特新“小巨人”企业", CertificationTier.LITTLE_GIANT],
  ['专精特新"小巨人"企业', CertificationTier.LITTLE_GIANT],
  ["专精特新小巨人企业", CertificationTier.LITTLE_GIANT],
  ["制造业单项冠军企业", CertificationTier.SINGLE_CHAMPION],
  ["制造业单项冠军", CertificationTier.SINGLE_CHAMPION],
];

/** Maps a published Chinese tier name (either naming) to its tier; null when unknown. */
export function tierFromChineseName(name: string): CertificationTier | null {
  const trimmed = name.trim();
  return TIER_NAMES.find(([n]) => n === trimmed)?.[1] ?? null;
}

/** A certificate as a sentence names it: its number, tier, level and dates (anomalies, ineligibility reasons). */
export type NamedCertificate = Pick<CertificationFacts, "certificateNo" | "tier" | "level" | "issuedOn" | "expiresOn" | "revokedOn">;

/** A certificate and its status on a date (null: not yet issued that day). */
export interface CertificateOnDate<C extends CertificationFacts = CertificationFacts> {
  certification: C;
  statusOn: CertificationStatus | null;
}

/**
 * The certificate behind a failed tier minimum on `on`, for a reason that names it:
 * 1. a certificate that meets the minimum but is not in force that day (expired, revoked or not
 *    yet issued): the one whose lapse (expiry, revocation) or start is latest, then the smaller id;
 * 2. else the firm's effective certificate, in force but below the minimum;
 * 3. else the certificate that lapsed last, of any tier;
 * 4. else null: the firm was never certified.
 */
export function certificateBehindMinimum<C extends CertificationFacts>(
  certs: readonly C[],
  minTier: CertificationTier | null,
  minLevel: CertificationLevel | null,
  on: LocalDate,
): CertificateOnDate<C> | null {
  const lapsed = certs
    .map((c) => ({ certification: c, statusOn: certificationStatusOn(c, on) }))
    .filter((c) => c.statusOn !== CertificationStatus.ACTIVE)
    .sort((a, b) => {
      const da = changedOn(a.certification, a.statusOn);
      const db = changedOn(b.certification, b.statusOn);
      return da !== db ? (da < db ? 1 : -1) : a.certification.id < b.certification.id ? -1 : 1;
    });
  const qualifying = lapsed.find((c) => meetsMinimum(c.certification, minTier, minLevel));
  if (qualifying) return qualifying;
  const effective = effectiveCertification(certs, on);
  if (effective) return { certification: effective, statusOn: CertificationStatus.ACTIVE };
  return lapsed[0] ?? null;
}

/** The day a certificate's status on a date began: its revocation, its expiry, or (not yet issued) its issue. */
function changedOn(c: CertificationFacts, statusOn: CertificationStatus | null): LocalDate {
  if (statusOn === CertificationStatus.REVOKED) return c.revokedOn ?? c.expiresOn;
  if (statusOn === null) return c.issuedOn;
  return c.expiresOn;
}
