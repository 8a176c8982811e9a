import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Certifications of one firm recorded at the same time could deadlock (40 at once, 8 at a time:
 * "deadlock detected" in two runs of two): each insert's trigger rewrites the firm's need rows (the
 * matching read model, migration MatchingNeedFacts) in the order its snapshot's scan meets them,
 * and two inserts whose snapshots see different row versions can lock them in opposite orders.
 *
 * certification_to_needs() now first locks the firm row (FOR NO KEY UPDATE: it does not conflict
 * with the FOR KEY SHARE the certificate's foreign key takes, so two inserts cannot deadlock on
 * the upgrade), the firms in id order when a certificate moves between two. Writers of one firm's
 * certificates therefore go one at a time from there to commit, and the need UPDATE after the lock
 * is a new statement with a new snapshot (READ COMMITTED). A firm's own UPDATE (trg_firm_facts_to_needs) holds the same row lock, so firm and
 * certificate changes are serialised in one order: firm, then its needs.
 */
export class CertificationNeedsSerialised1795596000000 implements MigrationInterface {
  name = "CertificationNeedsSerialised1795596000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(certificationToNeeds(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(certificationToNeeds(false));
  }
}

/** The certificate trigger's function, with (up) or without (down, MatchingNeedFacts' own) the firm lock. */
function certificationToNeeds(lockFirm: boolean): string {
  const lock = `
        PERFORM 1 FROM firm f
          WHERE f.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.firm_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.firm_id END)
          ORDER BY f.id FOR NO KEY UPDATE;`;
  return `
      CREATE OR REPLACE FUNCTION certification_to_needs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN${lockFirm ? lock : ""}
        IF TG_OP <> 'INSERT' THEN
          UPDATE financing_need SET firm_id = firm_id WHERE firm_id = OLD.firm_id;
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.firm_id IS DISTINCT FROM OLD.firm_id) THEN
          UPDATE financing_need SET firm_id = firm_id WHERE firm_id = NEW.firm_id;
        END IF;
        RETURN NULL;
      END $$`;
}
