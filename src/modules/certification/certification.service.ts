import type { DataSource } from "typeorm";
import { parseLocalDate, requireOrdered, type LocalDate } from "../../domain/dates";
import { CertificationStatus } from "../../domain/enums";
import { ConflictError, NotFoundError, Violations } from "../../domain/errors";
import { requireText } from "../../domain/validate";
import { isUniqueViolation } from "../../db/pg-errors";
import { Role, type Viewer } from "../../domain/access";
import { authorize, requireRegion } from "../auth/access";
import { applyScope, certificationScope } from "../auth/scopes";
import { Firm } from "../firm/firm.entity";
import { auditSnapshot, recordAudit, type AuditActor } from "../audit/audit.service";
import { Certification } from "./certification.entity";
import type { RecordCertificationInput, RevokeCertificationInput } from "./certification.inputs";
import { msg } from "../../i18n";

/** Certifications: recording published lists and revoking ("有进有出"). */
export class CertificationService {
  constructor(private readonly ds: DataSource) {}

  async getById(viewer: Viewer, id: string): Promise<Certification> {
    const qb = this.ds.getRepository(Certification).createQueryBuilder("c").where("c.id = :id", { id });
    const cert = await applyScope(qb, certificationScope(viewer, "c")).getOne();
    if (!cert) throw new NotFoundError("Certification", id);
    return cert;
  }

  /** 认定录入; writes the certification and its audit event in one transaction. */
  async record(actor: AuditActor, input: RecordCertificationInput, today: LocalDate): Promise<Certification> {
    const viewer = actor.viewer;
    authorize(viewer, "recordCertification");
    const v = new Violations();
    const authority = v.take(() => requireText(input.authority, "input.authority", 120));
    const certificateNo = v.take(() => requireText(input.certificateNo, "input.certificateNo", 60));
    const batch = input.batch == null ? null : v.take(() => requireText(input.batch!, "input.batch", 60));
    const issuedOn = v.take(() => parseLocalDate(input.issuedOn, "input.issuedOn"));
    const expiresOn = v.take(() => parseLocalDate(input.expiresOn, "input.expiresOn"));
    if (issuedOn && issuedOn > today) v.add("input.issuedOn", "date.notFuture", msg("date.notFuture", { today }));
    if (issuedOn && expiresOn) v.check(() => requireOrdered(issuedOn, expiresOn, "input.issuedOn", "input.expiresOn", true));
    v.throwIfAny();

    return this.ds.transaction(async (em) => {
      const firm = await em.getRepository(Firm).findOneBy({ id: input.firmId });
      if (!firm) throw new NotFoundError("Firm", input.firmId, "input.firmId");
      if (viewer.role === Role.BUREAU) requireRegion(viewer, firm.regionCode, "The firm");
      const cert = em.getRepository(Certification).create({
        firmId: input.firmId,
        tier: input.tier,
        level: input.level,
        authority: authority!,
        certificateNo: certificateNo!,
        batch,
        issuedOn: issuedOn!,
        expiresOn: expiresOn!,
        status: CertificationStatus.ACTIVE,
        revokedOn: null,
        revocationReason: null,
      });
      let saved: Certification;
      try {
        saved = await em.getRepository(Certification).save(cert);
      } catch (e) {
        if (isUniqueViolation(e, "uq_certification_number")) {
          throw new ConflictError(msg("certification.duplicate", { certificateNo: certificateNo!, authority: authority! }), { field: "input.certificateNo" });
        }
        throw e;
      }
      const after = await em.getRepository(Certification).findOneByOrFail({ id: saved.id });
      await recordAudit(em, actor, { operation: "recordCertification", recordType: "Certification", recordId: after.id, before: null, after });
      return after;
    });
  }

  /** 撤销认定 (有进有出); writes the revocation and its audit event in one transaction. */
  async revoke(actor: AuditActor, input: RevokeCertificationInput): Promise<Certification> {
    const viewer = actor.viewer;
    authorize(viewer, "revokeCertification");
    const v = new Violations();
    const revokedOn = v.take(() => parseLocalDate(input.revokedOn, "input.revokedOn"));
    const reason = v.take(() => requireText(input.reason, "input.reason", 2000));
    v.throwIfAny();

    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(Certification);
      const cert = await repo.findOne({ where: { id: input.id }, lock: { mode: "pessimistic_write" } });
      if (!cert) throw new NotFoundError("Certification", input.id);
      if (viewer.role === Role.BUREAU) {
        const firm = await em.getRepository(Firm).findOneByOrFail({ id: cert.firmId });
        requireRegion(viewer, firm.regionCode, "The certified firm");
      }
      if (cert.status === CertificationStatus.REVOKED) {
        throw new ConflictError(msg("certification.alreadyRevoked", { id: cert.id, revokedOn: cert.revokedOn }), { currentStatus: cert.status });
      }
      requireOrdered(cert.issuedOn, revokedOn!, "the certification's issue date", "input.revokedOn");
      const before = auditSnapshot(cert);
      cert.status = CertificationStatus.REVOKED;
      cert.revokedOn = revokedOn!;
      cert.revocationReason = reason!;
      await repo.save(cert);
      const after = await repo.findOneByOrFail({ id: cert.id });
      await recordAudit(em, actor, { operation: "revokeCertification", recordType: "Certification", recordId: after.id, before, after });
      return after;
    });
  }
}
