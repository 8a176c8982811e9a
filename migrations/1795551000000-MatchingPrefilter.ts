import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What the matching engine's SQL prefilter reads (docs/matching.md, "Prefilter"). The entities
 * declare the indexes with `synchronize: false`: TypeORM cannot express GIN or pattern operator
 * classes, so this migration is their source of truth.
 * - matchesForNeed: products whose served regions overlap the firm's region and its ancestors,
 *   narrowed by purpose and collateral (GIN on the three arrays, combined by a bitmap AND).
 * - matchingNeeds: open needs by region prefix (LIKE '33%'), purpose, amount and term in one index.
 *   A need has no region of its own, so `financing_need.region_code` copies its firm's, kept
 *   true by two triggers (on insert or a change of firm_id; on a firm's change of region).
 *   Without it the prefilter would visit every firm of a province and probe its needs, whatever
 *   the product's ranges: work that grows with the province, not with the candidates.
 */
export class MatchingPrefilter1795551000000 implements MigrationInterface {
  name = "MatchingPrefilter1795551000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_loan_product_served_regions" ON "loan_product" USING gin ("served_region_codes")`);
    await queryRunner.query(`CREATE INDEX "ix_loan_product_purposes" ON "loan_product" USING gin ("purposes")`);
    await queryRunner.query(`CREATE INDEX "ix_loan_product_accepted_collateral" ON "loan_product" USING gin ("accepted_collateral")`);
    await queryRunner.query(`CREATE INDEX "ix_firm_region_prefix" ON "firm" ("region_code" bpchar_pattern_ops)`);

    await queryRunner.query(`ALTER TABLE "financing_need" ADD "region_code" character(6)`);
    await queryRunner.query(`UPDATE "financing_need" n SET "region_code" = f."region_code" FROM "firm" f WHERE f."id" = n."firm_id"`);
    await queryRunner.query(`ALTER TABLE "financing_need" ALTER COLUMN "region_code" SET NOT NULL`);
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
    await queryRunner.query(
      `CREATE INDEX "ix_financing_need_open_region" ON "financing_need" ("region_code" bpchar_pattern_ops, "purpose", "amount", "term_months") WHERE status = 'OPEN'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_financing_need_open_region"`);
    await queryRunner.query(`DROP TRIGGER trg_firm_region_to_needs ON firm`);
    await queryRunner.query(`DROP FUNCTION firm_region_to_needs()`);
    await queryRunner.query(`DROP TRIGGER trg_financing_need_copy_firm_region ON financing_need`);
    await queryRunner.query(`DROP FUNCTION financing_need_copy_firm_region()`);
    await queryRunner.query(`ALTER TABLE "financing_need" DROP COLUMN "region_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_firm_region_prefix"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_product_accepted_collateral"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_product_purposes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_product_served_regions"`);
  }
}
