import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The application workflow (issue 5; docs/workflow.md).
 *
 * - application.guarantee_agreement_id: the 总对总 agreement a guaranteed application goes
 *   through, chosen when the firm applies. It bounds the agency's fee (decideGuarantee) and its
 *   line is consumed on approval and released on withdrawal.
 * - CHECKs that back the workflow: an agreement only with an agency; a fee exactly when the
 *   guarantee was ACCEPTED; APPROVED/DISBURSED only without a guarantee or with an accepted one.
 *
 * The quota CHECKs the workflow relies on were already in InitialSchema and stay as they are:
 * chk_loan_product_quota (0 ≤ used_quota ≤ reserved_quota), chk_guarantee_agency_amounts
 * (0 ≤ used_capacity ≤ capacity) and chk_guarantee_agreement_line / _used (0 ≤ used_line ≤
 * credit_line when there is one), so even a bug in the guarded UPDATEs cannot over-commit.
 */
export class ApplicationWorkflow1795570000000 implements MigrationInterface {
  name = "ApplicationWorkflow1795570000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "application" ADD "guarantee_agreement_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_application_guarantee_agreement" ON "application" ("guarantee_agreement_id") `);
    await queryRunner.query(
      `ALTER TABLE "application" ADD CONSTRAINT "fk_application_guarantee_agreement" FOREIGN KEY ("guarantee_agreement_id") REFERENCES "guarantee_agreement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "application" ADD CONSTRAINT "chk_application_agreement" CHECK (guarantee_agreement_id IS NULL OR guarantee_agency_id IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "application" ADD CONSTRAINT "chk_application_guarantee_fee" CHECK (COALESCE(guarantee_decision = 'ACCEPTED', false) = (guarantee_fee_bp IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "application" ADD CONSTRAINT "chk_application_approved_guarantee" CHECK (status NOT IN ('APPROVED', 'DISBURSED') OR guarantee_decision IS NULL OR guarantee_decision = 'ACCEPTED')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "application" DROP CONSTRAINT "chk_application_approved_guarantee"`);
    await queryRunner.query(`ALTER TABLE "application" DROP CONSTRAINT "chk_application_guarantee_fee"`);
    await queryRunner.query(`ALTER TABLE "application" DROP CONSTRAINT "chk_application_agreement"`);
    await queryRunner.query(`ALTER TABLE "application" DROP CONSTRAINT "fk_application_guarantee_agreement"`);
    await queryRunner.query(`DROP INDEX "public"."ix_application_guarantee_agreement"`);
    await queryRunner.query(`ALTER TABLE "application" DROP COLUMN "guarantee_agreement_id"`);
  }
}
