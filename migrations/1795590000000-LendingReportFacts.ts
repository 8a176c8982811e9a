import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The lending report's read model (docs/reporting.md, "Lending report" and "Performance"): the
 * facts of a loan that the report groups and counts by, fixed at disbursement and stored on the
 * loan row, so that `lendingReport` and `GET /reports/lending.csv` read one table with no join
 * (a regulator's report over 1,000,000 loans in well under 2 s).
 *
 * - firm_region_code: the borrowing firm's registered region on the day the loan row was written
 *   (a later move of the firm does not move its past lending);
 * - product_category: the product's category then (a product's category may be changed later);
 * - application_submitted_on / application_approved_on: the China-time calendar days the
 *   application was submitted and approved (null for a renewal made with renewLoan, which has no
 *   application), for the days-to-approval and days-to-disbursement medians;
 * - is_first_loan (首贷): the firm's earliest loan that is not a renewal: no other such loan of the
 *   firm was disbursed before it (same day: the smaller id is first); a renewal never is (it
 *   continues a loan disbursed before it);
 * - report_month: the first day of the disbursement month (the MONTH dimension, grouped as a date);
 * - rate_weight: principal × (annual_rate_bp + coalesce(guarantee_fee_bp, 0)), the loan's term of the
 *   principal-weighted average effective rate (yuan·bp), so that a report adds it up instead of
 *   multiplying a million numerics.
 *
 * One BEFORE INSERT trigger (trg_loan_report_facts) is their only writer: it computes them whatever
 * the statement sent. is_first_loan is decided under a transaction-level advisory lock on the firm
 * (hashed into 1024 buckets, so that a bulk load of many firms in one transaction takes at most
 * 1024 locks), taken only when no earlier loan of the firm is visible (otherwise the new loan cannot
 * be first and changes nothing; a renewal never takes it), and re-checked after the lock with a fresh snapshot (READ
 * COMMITTED): of two concurrent first disbursements of a firm the second waits for the first's
 * commit and then sees it. A row-level BEFORE trigger also sees the rows inserted earlier by the
 * same statement, so a multi-row INSERT flags exactly one loan per firm. A loan inserted with an
 * earlier disbursement day than the firm's current first loan takes the flag over (the trigger
 * clears it on the later loan). trg_loan_report_facts_guard keeps the facts from being changed by
 * any UPDATE but that one.
 *
 * Indexes: ix_loan_report_region (firm_region_code prefix with bpchar_pattern_ops, then the
 * disbursement day) for a regulator's region; ix_application_rejected_closed (rejected applications by
 * day: a few among many); ix_financing_need_report (a rejection's need read from a narrow index,
 * id → firm and region, instead of the wide need rows).
 * Existing rows are backfilled from their firm, product and application as they are now.
 */
export class LendingReportFacts1795590000000 implements MigrationInterface {
  name = "LendingReportFacts1795590000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loan" ADD "firm_region_code" character(6)`);
    await queryRunner.query(`ALTER TABLE "loan" ADD "product_category" "public"."loan_product_category"`);
    await queryRunner.query(`ALTER TABLE "loan" ADD "is_first_loan" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "loan" ADD "application_submitted_on" date`);
    await queryRunner.query(`ALTER TABLE "loan" ADD "application_approved_on" date`);
    await queryRunner.query(`ALTER TABLE "loan" ADD "report_month" date`);
    await queryRunner.query(`ALTER TABLE "loan" ADD "rate_weight" numeric(24,2)`);

    // Backfill, set-based and in one pass over the loans (the trigger below is created afterwards).
    await queryRunner.query(`
      UPDATE "loan" l
         SET firm_region_code = f.region_code,
             product_category = p.category,
             application_submitted_on = (a.submitted_at AT TIME ZONE 'Asia/Shanghai')::date,
             application_approved_on = (a.approved_at AT TIME ZONE 'Asia/Shanghai')::date,
             is_first_loan = coalesce(o.n = 1, false),
             report_month = date_trunc('month', l.disbursed_on::timestamp)::date,
             rate_weight = l.principal * (l.annual_rate_bp + coalesce(l.guarantee_fee_bp, 0))
        FROM loan x
        JOIN firm f ON f.id = x.firm_id
        JOIN loan_product p ON p.id = x.product_id
        LEFT JOIN application a ON a.id = x.application_id
        LEFT JOIN (SELECT id, row_number() OVER (PARTITION BY firm_id ORDER BY disbursed_on, id) AS n FROM loan WHERE renews_loan_id IS NULL) o ON o.id = x.id
       WHERE x.id = l.id`);
    await queryRunner.query(`ALTER TABLE "loan" ALTER COLUMN "firm_region_code" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "loan" ALTER COLUMN "report_month" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "loan" ALTER COLUMN "rate_weight" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "loan" ALTER COLUMN "product_category" SET NOT NULL`);

    await queryRunner.query(`
      CREATE FUNCTION loan_report_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT f.region_code INTO NEW.firm_region_code FROM firm f WHERE f.id = NEW.firm_id;
        SELECT p.category INTO NEW.product_category FROM loan_product p WHERE p.id = NEW.product_id;
        NEW.report_month := date_trunc('month', NEW.disbursed_on::timestamp)::date;
        NEW.rate_weight := NEW.principal * (NEW.annual_rate_bp + coalesce(NEW.guarantee_fee_bp, 0));
        NEW.application_submitted_on := NULL;
        NEW.application_approved_on := NULL;
        IF NEW.application_id IS NOT NULL THEN
          SELECT (a.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, (a.approved_at AT TIME ZONE 'Asia/Shanghai')::date
            INTO NEW.application_submitted_on, NEW.application_approved_on
            FROM application a WHERE a.id = NEW.application_id;
        END IF;

        NEW.is_first_loan := false;
        IF NEW.renews_loan_id IS NULL AND NOT EXISTS (
             SELECT 1 FROM loan o WHERE o.firm_id = NEW.firm_id AND o.renews_loan_id IS NULL AND (o.disbursed_on, o.id) < (NEW.disbursed_on, NEW.id)) THEN
          -- Possibly the firm's first loan: decide under the firm's lock, with a fresh snapshot.
          PERFORM pg_advisory_xact_lock(1795590000, hashtext(NEW.firm_id::text) & 1023);
          IF NOT EXISTS (
               SELECT 1 FROM loan o WHERE o.firm_id = NEW.firm_id AND o.renews_loan_id IS NULL AND (o.disbursed_on, o.id) < (NEW.disbursed_on, NEW.id)) THEN
            -- The firm's other loans were all disbursed after this one: none of them is first any more.
            UPDATE loan SET is_first_loan = false WHERE firm_id = NEW.firm_id AND is_first_loan;
            NEW.is_first_loan := true;
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER trg_loan_report_facts BEFORE INSERT ON loan FOR EACH ROW EXECUTE FUNCTION loan_report_facts()`);

    // The facts are fixed at insert: an UPDATE keeps them, except the flag moved by the trigger above;
    // the month and rate weight follow the row's own day, principal, rate and fee.
    await queryRunner.query(`
      CREATE FUNCTION loan_report_facts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.report_month := date_trunc('month', NEW.disbursed_on::timestamp)::date;
        NEW.rate_weight := NEW.principal * (NEW.annual_rate_bp + coalesce(NEW.guarantee_fee_bp, 0));
        NEW.firm_region_code := OLD.firm_region_code;
        NEW.product_category := OLD.product_category;
        NEW.application_submitted_on := OLD.application_submitted_on;
        NEW.application_approved_on := OLD.application_approved_on;
        IF pg_trigger_depth() < 2 THEN
          NEW.is_first_loan := OLD.is_first_loan;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_loan_report_facts_guard
      BEFORE UPDATE OF firm_region_code, product_category, is_first_loan, application_submitted_on, application_approved_on,
                       report_month, rate_weight, disbursed_on, principal, annual_rate_bp, guarantee_fee_bp
      ON loan FOR EACH ROW EXECUTE FUNCTION loan_report_facts_guard()`);

    await queryRunner.query(`CREATE INDEX "ix_loan_report_region" ON "loan" ("firm_region_code" bpchar_pattern_ops, "disbursed_on")`);
    await queryRunner.query(`CREATE INDEX "ix_application_rejected_closed" ON "application" ("closed_at") WHERE status = 'REJECTED'`);
    await queryRunner.query(`CREATE INDEX "ix_financing_need_report" ON "financing_need" ("id") INCLUDE ("firm_id", "region_code")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_financing_need_report"`);
    await queryRunner.query(`DROP INDEX "public"."ix_application_rejected_closed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_loan_report_region"`);
    await queryRunner.query(`DROP TRIGGER trg_loan_report_facts_guard ON loan`);
    await queryRunner.query(`DROP FUNCTION loan_report_facts_guard()`);
    await queryRunner.query(`DROP TRIGGER trg_loan_report_facts ON loan`);
    await queryRunner.query(`DROP FUNCTION loan_report_facts()`);
    await queryRunner.query(`ALTER TABLE "loan" DROP COLUMN "rate_weight"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP COLUMN "report_month"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP COLUMN "application_approved_on"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP COLUMN "application_submitted_on"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP COLUMN "is_first_loan"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP COLUMN "product_category"`);
    await queryRunner.query(`ALTER TABLE "loan" DROP COLUMN "firm_region_code"`);
  }
}
