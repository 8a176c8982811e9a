import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One multicolumn GIN index for matchesForNeed's product prefilter (docs/matching.md, "Prefilter"),
 * in place of one GIN per array. A need's prefilter asks for all three at once (served regions
 * overlap the firm's region and ancestors, purposes contain the need's, accepted collateral
 * overlaps NONE + what the firm offers); with three indexes the planner used only the regions one
 * and fetched every product of the province (at L: 1,350 heap rows for 82 candidates), with one
 * index over the three columns it fetches only products passing all three (173). A GIN over
 * several columns still answers a condition on any one of them (includeIneligible asks for the
 * regions alone).
 */
export class ProductMatchIndex1795553000000 implements MigrationInterface {
  name = "ProductMatchIndex1795553000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_loan_product_match" ON "loan_product" USING gin ("served_region_codes", "purposes", "accepted_collateral")`);
    await queryRunner.query(`DROP INDEX "ix_loan_product_served_regions"`);
    await queryRunner.query(`DROP INDEX "ix_loan_product_purposes"`);
    await queryRunner.query(`DROP INDEX "ix_loan_product_accepted_collateral"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_loan_product_served_regions" ON "loan_product" USING gin ("served_region_codes")`);
    await queryRunner.query(`CREATE INDEX "ix_loan_product_purposes" ON "loan_product" USING gin ("purposes")`);
    await queryRunner.query(`CREATE INDEX "ix_loan_product_accepted_collateral" ON "loan_product" USING gin ("accepted_collateral")`);
    await queryRunner.query(`DROP INDEX "ix_loan_product_match"`);
  }
}
