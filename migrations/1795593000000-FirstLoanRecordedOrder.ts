import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 首贷 by the order loans were recorded (issue 13, item 2; docs/reporting.md, `firstTimeBorrowersCount`).
 *
 * LendingReportFacts decided a firm's first loan by (disbursed_on, id): of two loans disbursed on
 * the same day the one with the smaller UUID was first, a coin toss (a 100万 first loan was
 * reported as a 10万 loan recorded after it). The first loan is the one recorded first: the order is
 * now (disbursed_on, created_at, id). created_at is the loan row's creation instant (its default,
 * now(), is the start of the writing transaction; defaults are applied before BEFORE INSERT triggers
 * run, so the trigger sees it whether the INSERT sends it or not; millisecond precision), and the id
 * breaks the tie of loans recorded in one transaction (or the same millisecond).
 *
 * - loan_report_facts() is replaced with the same body and the new order in both NOT EXISTS checks
 *   (the one before and the one after the firm's advisory lock);
 * - is_first_loan of the existing rows is decided again with the same order, set-based (one window
 *   over the loans; only rows whose flag changes are written). trg_loan_report_facts_guard keeps the
 *   flag on any UPDATE not made by the insert trigger, so it is disabled around that one statement
 *   (ALTER TABLE … DISABLE TRIGGER is transactional: a failed migration leaves it enabled). That
 *   ALTER TABLE, the first statement, locks loan against inserts (SHARE ROW EXCLUSIVE) until the
 *   migration's transaction commits, so no loan is written between the new function and the
 *   re-decided flags.
 *
 * down restores LendingReportFacts' function and decides the flags again by (disbursed_on, id).
 */
const RECORDED_ORDER = ["disbursed_on", "created_at", "id"] as const;
/** LendingReportFacts' order (for down). */
const ID_ORDER = ["disbursed_on", "id"] as const;

/** The insert trigger's function of LendingReportFacts, with `order` deciding which loan of a firm is earlier. */
function loanReportFactsFunction(order: readonly string[]): string {
  const earlier = `(${order.map((c) => `o.${c}`).join(", ")}) < (${order.map((c) => `NEW.${c}`).join(", ")})`;
  return `
      CREATE OR REPLACE FUNCTION loan_report_facts() RETURNS trigger LANGUAGE plpgsql AS $$
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
             SELECT 1 FROM loan o WHERE o.firm_id = NEW.firm_id AND o.renews_loan_id IS NULL AND ${earlier}) THEN
          -- Possibly the firm's first loan: decide under the firm's lock, with a fresh snapshot.
          PERFORM pg_advisory_xact_lock(1795590000, hashtext(NEW.firm_id::text) & 1023);
          IF NOT EXISTS (
               SELECT 1 FROM loan o WHERE o.firm_id = NEW.firm_id AND o.renews_loan_id IS NULL AND ${earlier}) THEN
            -- The firm's other loans all come after this one: none of them is first any more.
            UPDATE loan SET is_first_loan = false WHERE firm_id = NEW.firm_id AND is_first_loan;
            NEW.is_first_loan := true;
          END IF;
        END IF;
        RETURN NEW;
      END $$`;
}

/**
 * Decides first loans by `order`: replaces the insert trigger's function, then sets is_first_loan
 * of every existing loan (a firm's first loan that is not a renewal; only changed rows are written)
 * with the guard disabled. The ALTER TABLE comes first: its lock keeps inserts out until commit.
 */
async function decideFirstLoansBy(queryRunner: QueryRunner, order: readonly string[]): Promise<void> {
  await queryRunner.query(`ALTER TABLE loan DISABLE TRIGGER trg_loan_report_facts_guard`);
  await queryRunner.query(loanReportFactsFunction(order));
  await queryRunner.query(`
      UPDATE loan l
         SET is_first_loan = d.first
        FROM (SELECT id, renews_loan_id IS NULL AND row_number() OVER (PARTITION BY firm_id, renews_loan_id IS NULL ORDER BY ${order.join(", ")}) = 1 AS first
                FROM loan) d
       WHERE d.id = l.id AND l.is_first_loan <> d.first`);
  await queryRunner.query(`ALTER TABLE loan ENABLE TRIGGER trg_loan_report_facts_guard`);
}

export class FirstLoanRecordedOrder1795593000000 implements MigrationInterface {
  name = "FirstLoanRecordedOrder1795593000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await decideFirstLoansBy(queryRunner, RECORDED_ORDER);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await decideFirstLoansBy(queryRunner, ID_ORDER);
  }
}
