import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The matching read model of a need (docs/matching.md, "Performance"): every fact of its firm the
 * engine reads (region, industry, size, paired bank and all certifications) copied onto the need
 * row, so that `matchingNeeds` reads its candidates from one table with one index scan instead of
 * joining firms and aggregating certificates per candidate (105 ms → 28 ms of SQL for a product
 * with 10,000 candidate needs at size L).
 *
 * The copies are never written by the application. One BEFORE trigger on financing_need is their
 * only writer: on insert, and on any UPDATE naming firm_id or a copied column, it recomputes all of
 * them from the firm and its certifications, whatever the statement tried to set. Changes upstream
 * touch the need rows (`SET firm_id = firm_id`) so that the same trigger recomputes them:
 * - a firm's region, industry, size or paired bank changes (replaces trg_firm_region_to_needs);
 * - a certification is recorded, changed (revoked, corrected) or deleted.
 */
export class MatchingNeedFacts1795552000000 implements MigrationInterface {
  name = "MatchingNeedFacts1795552000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_firm_region_to_needs ON firm`);
    await queryRunner.query(`DROP FUNCTION firm_region_to_needs()`);
    await queryRunner.query(`DROP TRIGGER trg_financing_need_copy_firm_region ON financing_need`);
    await queryRunner.query(`DROP FUNCTION financing_need_copy_firm_region()`);

    await queryRunner.query(`ALTER TABLE "financing_need" ADD "firm_industry_code" character varying(5)`);
    await queryRunner.query(`ALTER TABLE "financing_need" ADD "firm_size" "public"."firm_size"`);
    await queryRunner.query(`ALTER TABLE "financing_need" ADD "firm_paired_bank_id" uuid`);
    await queryRunner.query(`ALTER TABLE "financing_need" ADD "firm_certifications" jsonb NOT NULL DEFAULT '[]'`);

    await queryRunner.query(`
      CREATE FUNCTION firm_certifications_json(p_firm_id uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT COALESCE(jsonb_agg(jsonb_build_object(
                 'id', c.id, 'tier', c.tier, 'level', c.level, 'status', c.status,
                 'issuedOn', c.issued_on, 'expiresOn', c.expires_on, 'revokedOn', c.revoked_on) ORDER BY c.id), '[]'::jsonb)
          FROM certification c WHERE c.firm_id = p_firm_id
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION financing_need_copy_firm_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT f.region_code, f.industry_code, f.size, f.paired_bank_id
          INTO NEW.region_code, NEW.firm_industry_code, NEW.firm_size, NEW.firm_paired_bank_id
          FROM firm f WHERE f.id = NEW.firm_id;
        NEW.firm_certifications := firm_certifications_json(NEW.firm_id);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_financing_need_copy_firm_facts
      BEFORE INSERT OR UPDATE OF firm_id, region_code, firm_industry_code, firm_size, firm_paired_bank_id, firm_certifications
      ON financing_need FOR EACH ROW EXECUTE FUNCTION financing_need_copy_firm_facts()`);

    await queryRunner.query(`
      CREATE FUNCTION firm_facts_to_needs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE financing_need SET firm_id = firm_id WHERE firm_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_firm_facts_to_needs AFTER UPDATE OF region_code, industry_code, size, paired_bank_id ON firm
      FOR EACH ROW WHEN ((OLD.region_code, OLD.industry_code, OLD.size, OLD.paired_bank_id) IS DISTINCT FROM
                         (NEW.region_code, NEW.industry_code, NEW.size, NEW.paired_bank_id))
      EXECUTE FUNCTION firm_facts_to_needs()`);

    await queryRunner.query(`
      CREATE FUNCTION certification_to_needs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          UPDATE financing_need SET firm_id = firm_id WHERE firm_id = OLD.firm_id;
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.firm_id IS DISTINCT FROM OLD.firm_id) THEN
          UPDATE financing_need SET firm_id = firm_id WHERE firm_id = NEW.firm_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_certification_to_needs AFTER INSERT OR UPDATE OR DELETE ON certification
      FOR EACH ROW EXECUTE FUNCTION certification_to_needs()`);

    // Backfill through the trigger, then require what every firm has.
    await queryRunner.query(`UPDATE "financing_need" SET "firm_id" = "firm_id"`);
    await queryRunner.query(`ALTER TABLE "financing_need" ALTER COLUMN "firm_industry_code" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "financing_need" ALTER COLUMN "firm_size" SET NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_certification_to_needs ON certification`);
    await queryRunner.query(`DROP FUNCTION certification_to_needs()`);
    await queryRunner.query(`DROP TRIGGER trg_firm_facts_to_needs ON firm`);
    await queryRunner.query(`DROP FUNCTION firm_facts_to_needs()`);
    await queryRunner.query(`DROP TRIGGER trg_financing_need_copy_firm_facts ON financing_need`);
    await queryRunner.query(`DROP FUNCTION financing_need_copy_firm_facts()`);
    await queryRunner.query(`DROP FUNCTION firm_certifications_json(uuid)`);
    await queryRunner.query(`ALTER TABLE "financing_need" DROP COLUMN "firm_certifications"`);
    await queryRunner.query(`ALTER TABLE "financing_need" DROP COLUMN "firm_paired_bank_id"`);
    await queryRunner.query(`ALTER TABLE "financing_need" DROP COLUMN "firm_size"`);
    await queryRunner.query(`ALTER TABLE "financing_need" DROP COLUMN "firm_industry_code"`);

    await queryRunner.query(`
      CREATE FUNCTION financing_need_copy_firm_region() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT f.region_code INTO NEW.region_code FROM firm f WHERE f.id = NEW.firm_id;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_financing_need_copy_firm_region BEFORE INSERT OR UPDATE OF firm_id, region_code ON financing_need
      FOR EACH ROW EXECUTE FUNCTION financing_need_copy_firm_region()`);
    await queryRunner.query(`
      CREATE FUNCTION firm_region_to_needs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE financing_need SET region_code = NEW.region_code WHERE firm_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_firm_region_to_needs AFTER UPDATE OF region_code ON firm
      FOR EACH ROW WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code) EXECUTE FUNCTION firm_region_to_needs()`);
  }
}
