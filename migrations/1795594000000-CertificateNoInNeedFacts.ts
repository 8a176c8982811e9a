import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The certificates copied onto each need (migration MatchingNeedFacts, `firm_certifications`) also
 * carry their certificate number (证书编号), so that an ineligibility reason can name the certificate
 * that lapsed or was revoked (docs/matching.md, "Reasons") without another query per candidate.
 * Replaces firm_certifications_json (the one definition of the copy) and recomputes every need's
 * copy through the existing trigger.
 */
export class CertificateNoInNeedFacts1795594000000 implements MigrationInterface {
  name = "CertificateNoInNeedFacts1795594000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(certificationsJson(true));
    await queryRunner.query(`UPDATE financing_need SET firm_certifications = firm_certifications_json(firm_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(certificationsJson(false));
    await queryRunner.query(`UPDATE financing_need SET firm_certifications = firm_certifications_json(firm_id)`);
  }
}

function certificationsJson(withNumber: boolean): string {
  return `
    CREATE OR REPLACE FUNCTION firm_certifications_json(p_firm_id uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'id', c.id, ${withNumber ? "'certificateNo', c.certificate_no, " : ""}'tier', c.tier, 'level', c.level, 'status', c.status,
               'issuedOn', c.issued_on, 'expiresOn', c.expires_on, 'revokedOn', c.revoked_on) ORDER BY c.id), '[]'::jsonb)
        FROM certification c WHERE c.firm_id = p_firm_id
    $$`;
}
