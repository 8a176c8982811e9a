import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Lending anomalies (docs/reporting.md, "Anomalies"): the scan judges a loan's rate and an
 * approval's eligibility by the product's terms in force at that moment, which it reads from the
 * audit trail (the snapshot of the last createLoanProduct / updateLoanProduct / archiveLoanProduct
 * event before it). A product's audit events are mostly quota moves (one per approval, repayment
 * and renewal), so the scan reads the term events through a partial index of those alone, by
 * product and chain id: its cost follows the number of term changes, not of approvals.
 *
 * TypeORM cannot express a partial index with an IN list on the entity; AuditEvent declares it
 * with `synchronize: false` and this migration is its source of truth.
 */
export class LendingAnomalies1795591000000 implements MigrationInterface {
  name = "LendingAnomalies1795591000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_audit_event_product_terms" ON "audit_event" ("record_id", "id")
        WHERE record_type = 'LoanProduct' AND operation IN ('createLoanProduct', 'updateLoanProduct', 'archiveLoanProduct')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_audit_event_product_terms"`);
  }
}
