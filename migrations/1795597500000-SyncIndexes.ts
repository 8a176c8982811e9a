import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes for the sync lists (docs/architecture.md, "Ordering and sync"): `updatedSince` with
 * `orderBy: { field: UPDATED_AT }` reads firms, needs, products, loans and applications by
 * `updated_at >= $since ORDER BY updated_at, id` and pages on `(updated_at, id) > cursor`; one
 * (updated_at, id) btree per table serves the filter, the order and the keyset in both directions.
 */
export class SyncIndexes1795597500000 implements MigrationInterface {
  name = "SyncIndexes1795597500000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_firm_updated_at_id" ON "firm" ("updated_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_financing_need_updated_at_id" ON "financing_need" ("updated_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_loan_product_updated_at_id" ON "loan_product" ("updated_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_loan_updated_at_id" ON "loan" ("updated_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_application_updated_at_id" ON "application" ("updated_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_firm_updated_at_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_financing_need_updated_at_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_product_updated_at_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_updated_at_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_application_updated_at_id"`);
  }
}
