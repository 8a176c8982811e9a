import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Loans: disbursement, repayment and renewal (issue 5; docs/workflow.md, "Loans and renewals").
 *
 * - loan.guarantee_agreement_id: the 总对总 agreement whose line a guaranteed loan consumes
 *   (copied from the application at disbursement, carried over by a renewal), so that a repayment
 *   releases the agreement's line as well as the agency's capacity. A renewal loan has no
 *   application to look it up through.
 * - chk_loan_guarantee_agreement: an agreement only with an agency.
 * - chk_loan_closed: a loan is closed (closed_on set) exactly when it is REPAID or RENEWED, and a
 *   closed loan owes nothing (its balance was repaid, or carried over to the renewal).
 */
export class LoanLifecycle1795580000000 implements MigrationInterface {
  name = "LoanLifecycle1795580000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loan" ADD "guarantee_agreement_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_loan_guarantee_agreement" ON "loan" ("guarantee_agreement_id") `);
    await queryRunner.query(
      `ALTER TABLE "loan" ADD CONSTRAINT "fk_loan_guarantee_agreement" FOREIGN KEY ("guarantee_agreement_id") REFERENCES "guarantee_agreement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "loan" ADD CONSTRAINT "chk_loan_guarantee_agreement" CHECK (guarantee_agreement_id IS NULL OR guarantee_agency_id IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "loan" ADD CONSTRAINT "chk_loan_closed" CHECK ((status IN ('REPAID', 'RENEWED')) = (closed_on IS NOT NULL) AND (status NOT IN ('REPAID', 'RENEWED') OR outstanding = 0))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loan" DROP CONSTRAINT "chk_loan_closed"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP CONSTRAINT "chk_loan_guarantee_agreement"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP CONSTRAINT "fk_loan_guarantee_agreement"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_guarantee_agreement"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP COLUMN "guarantee_agreement_id"`);
  }
}
