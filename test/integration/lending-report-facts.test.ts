import { randomUUID } from "node:crypto";
import type { QueryRunner } from "typeorm";
import { FirstLoanRecordedOrder1795593000000 } from "../../migrations/1795593000000-FirstLoanRecordedOrder";
import { Role } from "../../src/domain/access";
import { productInput } from "../support/access-fixtures";
import { applicationUnderReview, buildDockingWorld, createProduct, OPS, submitNeed } from "../support/application-fixtures";
import { createInstitution, recordCertification, registerFirm } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * The lending report's read model on `loan` (migration LendingReportFacts; docs/reporting.md,
 * "Performance"): the BEFORE INSERT trigger fills the facts whatever the INSERT sends, decides the
 * first loan of each firm (首贷) also for backdated, same-day, multi-row and concurrent inserts,
 * and the guard keeps the facts from being changed afterwards.
 */
describe("loan report facts (trigger of migration LendingReportFacts)", () => {
  let t: TestApp;
  let bank: string;
  let product: string;
  let renewalProduct: string;

  beforeAll(async () => {
    t = await startTestApp();
    bank = await createInstitution(t, "报表事实测试银行");
    const client = await t.as({ role: Role.BANK, orgId: bank });
    const create = async (overrides: Record<string, unknown>) =>
      (await client.gqlOk(`mutation($input: CreateLoanProductInput!) { createLoanProduct(input: $input) { id } }`, { input: productInput(bank, "140000", overrides) }))
        .createLoanProduct.id as string;
    product = await create({ category: "TECH_UPGRADE_LOAN" });
    renewalProduct = await create({ category: "RELAY_LOAN", purposes: ["RENEWAL"], renewalWindowDays: 30 });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A loan row inserted directly, sending wrong facts on purpose. */
  async function insertLoan(
    firmId: string,
    on: string,
    opts: { id?: string; renews?: string; applicationId?: string; productId?: string; principal?: string; rateBp?: number; feeBp?: number | null; createdAt?: string } = {},
  ): Promise<string> {
    const id = opts.id ?? randomUUID();
    // created_at is sent only when given (otherwise its default, now(), applies, as for the API's inserts).
    const createdAt = opts.createdAt === undefined ? { column: "", value: "" } : { column: ", created_at", value: ", $11" };
    await t.ds.query(
      `INSERT INTO loan (id, application_id, firm_id, institution_id, product_id, principal, outstanding, annual_rate_bp, guarantee_fee_bp, disbursed_on, matures_on, renews_loan_id,
                         firm_region_code, product_category, is_first_loan, application_submitted_on, application_approved_on, report_month, rate_weight${createdAt.column})
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $9::date + 365, $10, '999999', 'PARK_LOAN', true, '2000-01-01', '2000-01-02', '2000-01-01', 1${createdAt.value})`,
      [
        id, opts.applicationId ?? null, firmId, bank, opts.productId ?? product, opts.principal ?? "1000000.00", opts.rateBp ?? 380, opts.feeBp ?? null, on, opts.renews ?? null,
        ...(opts.createdAt === undefined ? [] : [opts.createdAt]),
      ],
    );
    return id;
  }

  const facts = async (id: string) =>
    (
      await t.ds.query(
        `SELECT firm_region_code, product_category::text, is_first_loan, application_submitted_on, application_approved_on, report_month, rate_weight::text
           FROM loan WHERE id = $1`,
        [id],
      )
    )[0];
  const firstLoans = async (firmId: string) =>
    ((await t.ds.query(`SELECT id FROM loan WHERE firm_id = $1 AND is_first_loan ORDER BY id`, [firmId])) as Array<{ id: string }>).map((r) => r.id);

  it("copies the firm's region and the product's category, the application's China-time days, the month and the rate weight", async () => {
    const firm = await registerFirm(t, { regionCode: "140581" });
    const [{ id: needId }] = await t.ds.query(
      `INSERT INTO financing_need (firm_id, amount, term_months, purpose, needed_by, status) VALUES ($1, 1000000, 12, 'WORKING_CAPITAL', '2026-12-31', 'FINANCED') RETURNING id`,
      [firm.id],
    );
    const [{ id: applicationId }] = await t.ds.query(
      `INSERT INTO application (need_id, product_id, status, approved_amount, approved_rate_bp, approved_term_months, submitted_at, approved_at, closed_at, version)
       VALUES ($1, $2, 'DISBURSED', 1000000, 380, 12, '2026-01-01T17:00:00Z', '2026-01-09T15:59:00Z', '2026-01-20T02:00:00Z', 1) RETURNING id`,
      [needId, product],
    );
    const id = await insertLoan(firm.id, "2026-01-20", { applicationId, principal: "1234567.89", rateBp: 380, feeBp: 75 });
    expect(await facts(id)).toEqual({
      firm_region_code: "140581",
      product_category: "TECH_UPGRADE_LOAN",
      is_first_loan: true,
      application_submitted_on: "2026-01-02", // 17:00 UTC is 01:00 the next day in China
      application_approved_on: "2026-01-09",
      report_month: "2026-01-01",
      rate_weight: "561728389.95", // 1234567.89 × (380 + 75)
    });
    const renewal = await insertLoan(firm.id, "2026-12-01", { renews: id, productId: renewalProduct });
    expect(await facts(renewal)).toMatchObject({ product_category: "RELAY_LOAN", is_first_loan: false, application_submitted_on: null, application_approved_on: null });
  });

  it("keeps the facts of the day the loan was written: a later move of the firm or recategorised product changes nothing", async () => {
    const firm = await registerFirm(t, { regionCode: "140502" });
    const id = await insertLoan(firm.id, "2026-02-01");
    await t.ds.query(`UPDATE firm SET region_code = '330106' WHERE id = $1`, [firm.id]);
    await t.ds.query(`UPDATE loan SET firm_region_code = '330106', product_category = 'PARK_LOAN', is_first_loan = false, report_month = '2000-01-01' WHERE id = $1`, [id]);
    expect(await facts(id)).toMatchObject({ firm_region_code: "140502", product_category: "TECH_UPGRADE_LOAN", is_first_loan: true, report_month: "2026-02-01" });
    await t.ds.query(`UPDATE loan SET annual_rate_bp = 400, guarantee_fee_bp = 50 WHERE id = $1`, [id]);
    expect((await facts(id)).rate_weight).toBe("450000000.00"); // follows the row's own rate and fee
  });

  it("flags exactly one first loan per firm: backdated, same-day (recorded first, then smaller id) and renewals", async () => {
    const firm = await registerFirm(t, { regionCode: "140502" });
    const march = await insertLoan(firm.id, "2026-03-01", { createdAt: "2026-03-01T02:00:00.000Z" });
    expect(await firstLoans(firm.id)).toEqual([march]);
    const february = await insertLoan(firm.id, "2026-02-01", { createdAt: "2026-03-02T02:00:00.000Z" }); // recorded later, disbursed earlier: takes the flag over
    expect(await firstLoans(firm.id)).toEqual([february]);
    await insertLoan(firm.id, "2026-02-01", { id: "00000000-0000-4000-8000-000000000001", createdAt: "2026-03-03T02:00:00.000Z" }); // same day, recorded later: not first, whatever its id
    expect(await firstLoans(firm.id)).toEqual([february]);
    const recordedEarlier = await insertLoan(firm.id, "2026-02-01", { id: "ffffffff-ffff-4fff-bfff-ffffffffffff", createdAt: "2026-03-01T01:00:00.000Z" }); // same day, recorded earlier (an import): takes it over
    expect(await firstLoans(firm.id)).toEqual([recordedEarlier]);
    const sameInstantSmaller = await insertLoan(firm.id, "2026-02-01", { id: "00000000-0000-4000-8000-000000000004", createdAt: "2026-03-01T01:00:00.000Z" }); // same day and instant: the smaller id
    expect(await firstLoans(firm.id)).toEqual([sameInstantSmaller]);

    const other = await registerFirm(t, { regionCode: "140502" });
    const original = await insertLoan(other.id, "2026-01-10");
    // A renewal is never first, and takes the flag from no one, even when it sorts first (same day, smaller id).
    await t.ds.query(`UPDATE loan SET status = 'RENEWED', outstanding = 0, closed_on = '2026-01-10' WHERE id = $1`, [original]);
    await insertLoan(other.id, "2026-01-10", { renews: original, productId: renewalProduct, id: "00000000-0000-4000-8000-000000000002" });
    expect(await firstLoans(other.id)).toEqual([original]);
  });

  it("首贷 is the loan recorded first: of a firm's loans disbursed on one day, the one with the earlier created_at, whatever the ids (firstTimeAmount of lendingReport)", async () => {
    const reportOf = async (regionCode: string, day: string) =>
      (
        await t.gqlOk(`query($filter: LendingFilterInput) { lendingReport(filter: $filter) { totals { loansCount firstTimeBorrowersCount firstTimeAmount } } }`, {
          filter: { regionCode, from: day, to: day },
        })
      ).lendingReport.totals;

    // 100万 recorded at 09:00 with a UUID that sorts last, then 10万 recorded at 11:00 with one that sorts first.
    const firm = await registerFirm(t, { regionCode: "140524" });
    const recordedFirst = await insertLoan(firm.id, "2026-08-03", { id: "ffffffff-ffff-4fff-bfff-fffffffffff1", principal: "1000000.00", createdAt: "2026-08-03T01:00:00.000Z" });
    await insertLoan(firm.id, "2026-08-03", { id: "00000000-0000-4000-8000-000000000011", principal: "100000.00", createdAt: "2026-08-03T03:00:00.000Z" });
    expect(await reportOf("140524", "2026-08-03")).toEqual({ loansCount: 2, firstTimeBorrowersCount: 1, firstTimeAmount: "1000000.00" });
    expect(await firstLoans(firm.id)).toEqual([recordedFirst]);

    // Recorded in one transaction, two loans share created_at (now() is the transaction's start): the smaller id is first.
    const other = await registerFirm(t, { regionCode: "140525" });
    const runner = t.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const insert = `INSERT INTO loan (id, firm_id, institution_id, product_id, principal, outstanding, annual_rate_bp, disbursed_on, matures_on)
                      VALUES ($1, $2, $3, $4, $5, $5, 380, '2026-08-04', '2027-08-04')`;
      await runner.query(insert, ["ffffffff-ffff-4fff-bfff-fffffffffff2", other.id, bank, product, "300000.00"]);
      await runner.query(insert, ["00000000-0000-4000-8000-000000000012", other.id, bank, product, "200000.00"]);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await reportOf("140525", "2026-08-04")).toEqual({ loansCount: 2, firstTimeBorrowersCount: 1, firstTimeAmount: "200000.00" });
    expect(await firstLoans(other.id)).toEqual(["00000000-0000-4000-8000-000000000012"]);
  });

  it("flags one loan per firm in a multi-row INSERT (a BEFORE trigger sees the statement's earlier rows)", async () => {
    const a = await registerFirm(t, { regionCode: "140502" });
    const b = await registerFirm(t, { regionCode: "140502" });
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await t.ds.query(
      `INSERT INTO loan (id, firm_id, institution_id, product_id, principal, outstanding, annual_rate_bp, disbursed_on, matures_on)
       VALUES ($1, $5, $7, $8, 100000, 100000, 380, '2026-05-01', '2027-05-01'),
              ($2, $5, $7, $8, 100000, 100000, 380, '2026-04-01', '2027-04-01'),
              ($3, $6, $7, $8, 100000, 100000, 380, '2026-04-01', '2027-04-01'),
              ($4, $6, $7, $8, 100000, 100000, 380, '2026-06-01', '2027-06-01')`,
      [...ids, a.id, b.id, bank, product],
    );
    expect(await firstLoans(a.id)).toEqual([ids[1]]);
    expect(await firstLoans(b.id)).toEqual([ids[2]]);
  });

  it("flags one first loan when two transactions disburse to the same firm at once", async () => {
    for (const [firstDay, secondDay] of [
      ["2026-07-01", "2026-07-05"], // the waiting one is later: it is not first
      ["2026-07-05", "2026-07-01"], // the waiting one is earlier: it takes the flag from the committed one
    ]) {
      const firm = await registerFirm(t, { regionCode: "140502" });
      const one = t.ds.createQueryRunner();
      const two = t.ds.createQueryRunner();
      await one.connect();
      await two.connect();
      try {
        await one.startTransaction();
        await two.startTransaction();
        const idOne = randomUUID();
        const idTwo = randomUUID();
        const insert = `INSERT INTO loan (id, firm_id, institution_id, product_id, principal, outstanding, annual_rate_bp, disbursed_on, matures_on)
                        VALUES ($1, $2, $3, $4, 100000, 100000, 380, $5, $5::date + 365)`;
        await one.query(insert, [idOne, firm.id, bank, product, firstDay]);
        let secondDone = false;
        const second = two.query(insert, [idTwo, firm.id, bank, product, secondDay]).then(() => (secondDone = true));
        await new Promise((r) => setTimeout(r, 200));
        expect(secondDone).toBe(false); // waits for the firm's lock
        await one.commitTransaction();
        await second;
        await two.commitTransaction();
        expect(await firstLoans(firm.id)).toEqual([firstDay < secondDay ? idOne : idTwo]);
      } finally {
        await one.release();
        await two.release();
      }
    }
  });

  it("migration FirstLoanRecordedOrder decides the existing rows' first loans by (disbursed_on, created_at, id) again, and its down restores (disbursed_on, id)", async () => {
    const firm = await registerFirm(t, { regionCode: "140502" });
    const recordedFirst = await insertLoan(firm.id, "2026-09-01", { id: "ffffffff-ffff-4fff-bfff-fffffffffff3", createdAt: "2026-09-01T01:00:00.000Z" });
    const smallerId = await insertLoan(firm.id, "2026-09-01", { id: "00000000-0000-4000-8000-000000000013", createdAt: "2026-09-01T02:00:00.000Z" });
    const migration = new FirstLoanRecordedOrder1795593000000();
    const inTransaction = async (step: (runner: QueryRunner) => Promise<void>) => {
      const runner = t.ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await step(runner);
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
    };
    expect(await firstLoans(firm.id)).toEqual([recordedFirst]);

    await inTransaction((runner) => migration.down(runner));
    expect(await firstLoans(firm.id)).toEqual([smallerId]); // the rows, decided again by id
    const smallestId = await insertLoan(firm.id, "2026-09-01", { id: "00000000-0000-4000-8000-000000000003", createdAt: "2026-09-01T03:00:00.000Z" });
    expect(await firstLoans(firm.id)).toEqual([smallestId]); // and the trigger's old function

    await inTransaction((runner) => migration.up(runner));
    expect(await firstLoans(firm.id)).toEqual([recordedFirst]);
    // The guard is enabled again: an UPDATE cannot move the flag.
    await t.ds.query(`UPDATE loan SET is_first_loan = true WHERE id = $1`, [smallestId]);
    await t.ds.query(`UPDATE loan SET is_first_loan = false WHERE id = $1`, [recordedFirst]);
    expect(await firstLoans(firm.id)).toEqual([recordedFirst]);
  });

  describe("rejection facts (trigger of migration RejectionReportFacts)", () => {
    const rejectionFacts = async (id: string) =>
      (
        await t.ds.query(
          `SELECT rejected_on::text, rejected_region_code, rejected_tier::text, rejected_level::text, rejected_institution_id, rejected_category::text
             FROM application WHERE id = $1`,
          [id],
        )
      )[0];

    it("records the rejection day (China time), the firm's region and highest certification in force that day, the product's bank and category", async () => {
      const w = await buildDockingWorld(t); // the firm: 140502, 省级专精特新 until 2030
      await recordCertification(t, w.firm.id, { tier: "INNOVATIVE_SME", level: "NATIONAL", issuedOn: "2024-01-01", expiresOn: "2030-12-31" });
      const productId = (await createProduct(w, { category: "TECH_UPGRADE_LOAN", purposes: ["WORKING_CAPITAL"] })).id;
      const id = await applicationUnderReview(w, await submitNeed(w), productId);
      expect(await rejectionFacts(id)).toEqual({
        rejected_on: null, rejected_region_code: null, rejected_tier: null, rejected_level: null, rejected_institution_id: null, rejected_category: null,
      });

      await w.bank.client.gqlOk(OPS.reject, { input: { id, reasonCode: "CREDIT_RISK" } });
      const [{ day }] = await t.ds.query(`SELECT ((closed_at AT TIME ZONE 'UTC') + interval '8 hours')::date::text AS day FROM application WHERE id = $1`, [id]);
      const recorded = {
        rejected_on: day,
        rejected_region_code: "140502",
        rejected_tier: "SPECIALIZED_SME", // a higher tier wins over a higher level
        rejected_level: "PROVINCIAL",
        rejected_institution_id: w.bank.id,
        rejected_category: "TECH_UPGRADE_LOAN",
      };
      expect(await rejectionFacts(id)).toEqual(recorded);

      // Later changes do not move a rejection: the firm moves, its certificate is revoked, the
      // product is recategorised, and an UPDATE sending other facts is overruled.
      await t.ds.query(`UPDATE firm SET region_code = '140581' WHERE id = $1`, [w.firm.id]);
      await t.ds.query(`UPDATE certification SET status = 'REVOKED', revoked_on = '2024-06-01' WHERE firm_id = $1`, [w.firm.id]);
      await t.ds.query(`UPDATE loan_product SET category = 'PARK_LOAN' WHERE id = $1`, [productId]);
      await t.ds.query(
        `UPDATE application SET rejected_on = '2000-01-01', rejected_region_code = '999999', rejected_tier = NULL, rejected_category = 'PARK_LOAN', rejection_note = 'x' WHERE id = $1`,
        [id],
      );
      expect(await rejectionFacts(id)).toEqual(recorded);
    });

    it("records no certification when none is in force on the rejection day, and nothing for an application that is not rejected", async () => {
      const w = await buildDockingWorld(t);
      const productId = (await createProduct(w)).id;
      const underReview = await applicationUnderReview(w, await submitNeed(w), productId);
      await t.ds.query(`UPDATE certification SET status = 'REVOKED', revoked_on = '2024-06-01' WHERE firm_id = $1`, [w.firm.id]);
      const rejected = await applicationUnderReview(w, await submitNeed(w), productId);
      await w.bank.client.gqlOk(OPS.reject, { input: { id: rejected, reasonCode: "NOT_ELIGIBLE" } });
      expect(await rejectionFacts(rejected)).toMatchObject({ rejected_region_code: "140502", rejected_tier: null, rejected_level: null, rejected_institution_id: w.bank.id });
      await t.ds.query(`UPDATE application SET rejected_on = '2000-01-01', rejected_region_code = '999999' WHERE id = $1`, [underReview]);
      expect(await rejectionFacts(underReview)).toMatchObject({ rejected_on: null, rejected_region_code: null });
    });
  });
});
