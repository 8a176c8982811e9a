import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The lending report's rejections read model (docs/reporting.md, "Which rejections" and
 * "Performance"): the facts a rejection is counted by, fixed when the application is rejected and
 * stored on its row, as a loan's are fixed at disbursement (migration LendingReportFacts). The
 * report then counts rejections from one narrow partial index, without joining each rejection to
 * its need, firm, product and certificates (that join was a fifth of a 1,000,000-loan report).
 *
 * - rejected_on: the rejection day, `closed_at` as a China calendar day (UTC+8);
 * - rejected_region_code: the firm's registered region that day;
 * - rejected_tier / rejected_level: the firm's highest certification in force that day (highest
 *   tier, then level; in force = issued on or before it, expiring on or after it, not recorded
 *   EXPIRED, not revoked on or before it), as recorded then; null: none in force;
 * - rejected_institution_id / rejected_category: the product's bank and category then.
 *
 * One BEFORE INSERT OR UPDATE trigger (trg_application_rejection_facts) is their only writer: it
 * computes them when a row becomes REJECTED (with its closed_at), keeps them while it stays
 * REJECTED, and clears them on any other row, whatever the statement sent. The enums
 * certification_tier and certification_level are declared in rank order (src/domain/tier.ts
 * TIER_ORDER, LEVEL_ORDER), so `ORDER BY tier DESC, level DESC` picks the highest.
 *
 * ix_application_rejection_report replaces ix_application_rejected_closed: rejected rows only, by
 * day, carrying every fact the report reads (an index-only scan). ix_financing_need_report, which
 * the join read, is dropped. Existing rejections are backfilled from their firm, product and
 * certificates as they are now.
 */
export class RejectionReportFacts1795592000000 implements MigrationInterface {
  name = "RejectionReportFacts1795592000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "application" ADD "rejected_on" date`);
    await queryRunner.query(`ALTER TABLE "application" ADD "rejected_region_code" character(6)`);
    await queryRunner.query(`ALTER TABLE "application" ADD "rejected_tier" "public"."certification_tier"`);
    await queryRunner.query(`ALTER TABLE "application" ADD "rejected_level" "public"."certification_level"`);
    await queryRunner.query(`ALTER TABLE "application" ADD "rejected_institution_id" uuid`);
    await queryRunner.query(`ALTER TABLE "application" ADD "rejected_category" "public"."loan_product_category"`);

    // Backfill, set-based (the trigger below is created afterwards).
    await queryRunner.query(`
      UPDATE "application" a
         SET rejected_on = x.day,
             rejected_region_code = f.region_code,
             rejected_institution_id = p.institution_id,
             rejected_category = p.category,
             rejected_tier = c.tier,
             rejected_level = c.level
        FROM (SELECT id, need_id, product_id, ((closed_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day
                FROM application WHERE status = 'REJECTED' AND closed_at IS NOT NULL) x
        JOIN financing_need n ON n.id = x.need_id
        JOIN firm f ON f.id = n.firm_id
        JOIN loan_product p ON p.id = x.product_id
        LEFT JOIN LATERAL (
          SELECT c.tier, c.level FROM certification c
           WHERE c.firm_id = f.id AND c.issued_on <= x.day AND x.day <= c.expires_on AND c.status <> 'EXPIRED'
             AND NOT (c.status = 'REVOKED' AND (c.revoked_on IS NULL OR c.revoked_on <= x.day))
           ORDER BY c.tier DESC, c.level DESC LIMIT 1) c ON true
       WHERE a.id = x.id`);

    await queryRunner.query(`
      CREATE FUNCTION application_rejection_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_firm uuid;
      BEGIN
        IF NEW.status <> 'REJECTED' OR NEW.closed_at IS NULL THEN
          NEW.rejected_on := NULL;
          NEW.rejected_region_code := NULL;
          NEW.rejected_tier := NULL;
          NEW.rejected_level := NULL;
          NEW.rejected_institution_id := NULL;
          NEW.rejected_category := NULL;
        ELSIF TG_OP = 'UPDATE' AND OLD.status = 'REJECTED' AND OLD.rejected_on IS NOT NULL THEN
          -- Already rejected: the facts stay as they were recorded.
          NEW.rejected_on := OLD.rejected_on;
          NEW.rejected_region_code := OLD.rejected_region_code;
          NEW.rejected_tier := OLD.rejected_tier;
          NEW.rejected_level := OLD.rejected_level;
          NEW.rejected_institution_id := OLD.rejected_institution_id;
          NEW.rejected_category := OLD.rejected_category;
        ELSE
          NEW.rejected_on := ((NEW.closed_at AT TIME ZONE 'UTC') + interval '8 hours')::date;
          SELECT f.id, f.region_code INTO v_firm, NEW.rejected_region_code
            FROM financing_need n JOIN firm f ON f.id = n.firm_id WHERE n.id = NEW.need_id;
          SELECT p.institution_id, p.category INTO NEW.rejected_institution_id, NEW.rejected_category
            FROM loan_product p WHERE p.id = NEW.product_id;
          NEW.rejected_tier := NULL;
          NEW.rejected_level := NULL;
          SELECT c.tier, c.level INTO NEW.rejected_tier, NEW.rejected_level
            FROM certification c
           WHERE c.firm_id = v_firm AND c.issued_on <= NEW.rejected_on AND NEW.rejected_on <= c.expires_on AND c.status <> 'EXPIRED'
             AND NOT (c.status = 'REVOKED' AND (c.revoked_on IS NULL OR c.revoked_on <= NEW.rejected_on))
           ORDER BY c.tier DESC, c.level DESC LIMIT 1;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_application_rejection_facts BEFORE INSERT OR UPDATE ON application FOR EACH ROW EXECUTE FUNCTION application_rejection_facts()`,
    );

    await queryRunner.query(`DROP INDEX "public"."ix_application_rejected_closed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_financing_need_report"`);
    await queryRunner.query(`
      CREATE INDEX "ix_application_rejection_report" ON "application" ("rejected_on")
      INCLUDE ("rejected_region_code", "rejected_institution_id", "rejected_category", "rejected_tier", "rejected_level", "rejection_reason_code")
      WHERE status = 'REJECTED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_application_rejection_report"`);
    await queryRunner.query(`CREATE INDEX "ix_financing_need_report" ON "financing_need" ("id") INCLUDE ("firm_id", "region_code")`);
    await queryRunner.query(`CREATE INDEX "ix_application_rejected_closed" ON "application" ("closed_at") WHERE status = 'REJECTED'`);
    await queryRunner.query(`DROP TRIGGER trg_application_rejection_facts ON application`);
    await queryRunner.query(`DROP FUNCTION application_rejection_facts()`);
    await queryRunner.query(`ALTER TABLE "application" DROP COLUMN "rejected_category"`);
    await queryRunner.query(`ALTER TABLE "application" DROP COLUMN "rejected_institution_id"`);
    await queryRunner.query(`ALTER TABLE "application" DROP COLUMN "rejected_level"`);
    await queryRunner.query(`ALTER TABLE "application" DROP COLUMN "rejected_tier"`);
    await queryRunner.query(`ALTER TABLE "application" DROP COLUMN "rejected_region_code"`);
    await queryRunner.query(`ALTER TABLE "application" DROP COLUMN "rejected_on"`);
  }
}
