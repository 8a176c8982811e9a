import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes for the matching engine's SQL prefilter (docs/matching.md, "Prefilter"). The entities
 * declare them with `synchronize: false`: TypeORM cannot express GIN or pattern operator classes,
 * so this migration is their source of truth.
 * - matchesForNeed: products whose served regions overlap the firm's region and its ancestors,
 *   narrowed by purpose and collateral (GIN on the three arrays, combined by a bitmap AND).
 * - matchingNeeds: firms by region prefix (LIKE '33%') and their open needs by firm; open needs by
 *   purpose and amount for products that serve wide regions.
 */
export class MatchingIndexes1795551000000 implements MigrationInterface {
  name = "MatchingIndexes1795551000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_loan_product_served_regions" ON "loan_product" USING gin ("served_region_codes")`);
    await queryRunner.query(`CREATE INDEX "ix_loan_product_purposes" ON "loan_product" USING gin ("purposes")`);
    await queryRunner.query(`CREATE INDEX "ix_loan_product_accepted_collateral" ON "loan_product" USING gin ("accepted_collateral")`);
    await queryRunner.query(`CREATE INDEX "ix_firm_region_prefix" ON "firm" ("region_code" bpchar_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX "ix_financing_need_open_firm" ON "financing_need" ("firm_id") WHERE status = 'OPEN'`);
    await queryRunner.query(`CREATE INDEX "ix_financing_need_open_purpose_amount" ON "financing_need" ("purpose", "amount") WHERE status = 'OPEN'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_financing_need_open_purpose_amount"`);
    await queryRunner.query(`DROP INDEX "public"."ix_financing_need_open_firm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_firm_region_prefix"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_product_accepted_collateral"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_product_purposes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_product_served_regions"`);
  }
}
