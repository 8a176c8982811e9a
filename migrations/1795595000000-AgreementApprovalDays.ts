import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A 总对总 agreement whose bank waives its own due diligence (见担即贷; seed 002: no duplicate due
 * diligence) declares the days the bank takes to decide a loan guaranteed under it
 * (`approval_days`), and matching uses them instead of the product's approval days when that
 * agreement's guarantee is chosen (docs/matching.md, "Guarantee"). Only a waiving agreement may
 * carry them; the API requires them with a waiver. Agreements recorded before this migration have
 * none (nobody declared them): matching keeps their products' own days until they are recorded again.
 */
export class AgreementApprovalDays1795595000000 implements MigrationInterface {
  name = "AgreementApprovalDays1795595000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "guarantee_agreement" ADD "approval_days" integer`);
    await queryRunner.query(
      `ALTER TABLE "guarantee_agreement" ADD CONSTRAINT "chk_guarantee_agreement_approval_days" CHECK (approval_days IS NULL OR (waives_due_diligence AND approval_days >= 1 AND approval_days <= 365))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "guarantee_agreement" DROP CONSTRAINT "chk_guarantee_agreement_approval_days"`);
    await queryRunner.query(`ALTER TABLE "guarantee_agreement" DROP COLUMN "approval_days"`);
  }
}
