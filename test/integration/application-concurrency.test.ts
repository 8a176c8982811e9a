import { randomUUID } from "node:crypto";
import { apply, buildDockingWorld, createProduct, OPS, submitNeed, type DockingWorld } from "../support/application-fixtures";
import { startTestApp, type GraphQLResponse, type TestApp } from "../support/test-app";

/**
 * Quota that can never be over-committed (issue 5, docs/workflow.md "Quota accounting"): 50
 * approvals of 30万 fired at once through the real HTTP endpoint against a product whose reserve
 * (1,000万) covers 33 of them, three rounds with fresh data; then the same with the guarantee
 * agency's capacity as the binding limit. Exactly the approvals that fit succeed, the others get
 * CONFLICT, and the books in the database equal the sum of what was approved.
 */
const APPLICATIONS = 50;
const AMOUNT = "300000.00";
const AMOUNT_YUAN = 300_000;
const LIMIT_YUAN = 10_000_000;
const FITS = Math.floor(LIMIT_YUAN / AMOUNT_YUAN); // 33
const ROUNDS = 3;

describe("concurrent approvals", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Room for all 50 approvals at once, so they really contend on the product's row.
    t = await startTestApp({}, { poolSize: 60 });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** 50 applications of 30万 under review (each on its own need), with the guarantee accepted when `guaranteed`. */
  async function applicationsUnderReview(w: DockingWorld, productId: string, guaranteed: boolean): Promise<string[]> {
    return Promise.all(
      Array.from({ length: APPLICATIONS }, async () => {
        const needId = await submitNeed(w, { amount: AMOUNT });
        const res = await apply(w, needId, productId, guaranteed ? { guaranteeAgencyId: w.agency.id } : {});
        if (res.errors?.length) throw new Error(`applyForProduct failed: ${JSON.stringify(res.errors)}`);
        const id = res.data!.applyForProduct.id as string;
        if (guaranteed) await w.agency.client.gqlOk(OPS.decide, { input: { id, accept: true, feeBp: 60 } });
        await w.bank.client.gqlOk(OPS.startReview, { input: { id } });
        return id;
      }),
    );
  }

  /** Fires every approval at once; returns the responses. */
  async function approveAllAtOnce(w: DockingWorld, ids: string[]): Promise<GraphQLResponse<any>[]> {
    return Promise.all(
      ids.map((id) => w.bank.client.gql(OPS.approve, { input: { id, amount: AMOUNT, annualRateBp: 380, termMonths: 12, idempotencyKey: randomUUID() } })),
    );
  }

  function tally(responses: GraphQLResponse<any>[]) {
    const ok = responses.filter((r) => !r.errors?.length);
    const codes = responses.filter((r) => r.errors?.length).map((r) => String(r.errors![0]!.extensions?.code));
    return { ok, codes, messages: responses.filter((r) => r.errors?.length).map((r) => r.errors![0]!.message) };
  }

  async function approvedInDb(ids: string[]): Promise<{ count: number; total: number }> {
    const [row] = await t.ds.query(`SELECT count(*)::int AS count, COALESCE(sum(approved_amount), 0)::text AS total FROM application WHERE id = ANY($1) AND status = 'APPROVED'`, [ids]);
    return { count: row.count, total: Number(row.total) };
  }

  const used = async (sql: string, id: string) => Number((await t.ds.query(sql, [id]))[0].used);

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    "round %i: a 1,000万 reserve takes exactly 33 of 50 concurrent 30万 approvals; the rest get CONFLICT",
    async () => {
      const w = await buildDockingWorld(t);
      const product = (await createProduct(w, { minAmount: "100000", reservedQuota: String(LIMIT_YUAN) })).id;
      const ids = await applicationsUnderReview(w, product, false);

      const { ok, codes, messages } = tally(await approveAllAtOnce(w, ids));
      expect(ok).toHaveLength(FITS);
      expect(codes).toEqual(Array(APPLICATIONS - FITS).fill("CONFLICT"));
      for (const m of messages) expect(m).toMatch(/^The product's reserved quota \(预留授信额度\) has [\d.]+万元 left; this asks 30万元\./);

      const db = await approvedInDb(ids);
      const usedQuota = await used(`SELECT used_quota AS used FROM loan_product WHERE id = $1`, product);
      expect(db).toEqual({ count: FITS, total: FITS * AMOUNT_YUAN });
      expect(usedQuota).toBe(db.total);
      expect(usedQuota).toBeLessThanOrEqual(LIMIT_YUAN);
      // Every committed approval left its quota event; the refused ones left none.
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE record_type = 'LoanProduct' AND record_id = $1 AND operation = 'approveApplication'`, [product]);
      expect(n).toBe(FITS);
      // The losers stay under review, ready for a smaller amount or a rejection.
      const [{ waiting }] = await t.ds.query(`SELECT count(*)::int AS waiting FROM application WHERE id = ANY($1) AND status = 'UNDER_REVIEW'`, [ids]);
      expect(waiting).toBe(APPLICATIONS - FITS);
    },
    60_000,
  );

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    "round %i: a guarantee agency with 1,000万 of capacity takes exactly 33 of 50 concurrent guaranteed approvals",
    async () => {
      // The product's reserve (1亿) and the agreement (no line of its own) leave the agency's capacity as the limit.
      const w = await buildDockingWorld(t, { agencyCapacity: String(LIMIT_YUAN), agreementLine: null });
      const product = (await createProduct(w, { minAmount: "100000", requiresGuarantee: true })).id;
      const ids = await applicationsUnderReview(w, product, true);

      const { ok, codes, messages } = tally(await approveAllAtOnce(w, ids));
      expect(ok).toHaveLength(FITS);
      expect(codes).toEqual(Array(APPLICATIONS - FITS).fill("CONFLICT"));
      for (const m of messages) expect(m).toMatch(/^The guarantee agency's capacity \(担保额度\) has [\d.]+万元 left; this asks 30万元\./);

      const db = await approvedInDb(ids);
      expect(db).toEqual({ count: FITS, total: FITS * AMOUNT_YUAN });
      expect(await used(`SELECT used_capacity AS used FROM guarantee_agency WHERE id = $1`, w.agency.id)).toBe(db.total);
      // A refused approval rolled back its product consumption too: the product holds exactly the approved sum.
      expect(await used(`SELECT used_quota AS used FROM loan_product WHERE id = $1`, product)).toBe(db.total);
      expect(await used(`SELECT used_line AS used FROM guarantee_agreement WHERE id = $1`, w.agreementId)).toBe(db.total);
    },
    60_000,
  );

  it("takes one of 10 simultaneous applications for the same need and product; the others get CONFLICT", async () => {
    const w = await buildDockingWorld(t);
    const product = (await createProduct(w)).id;
    const needId = await submitNeed(w);
    const { ok, codes } = tally(await Promise.all(Array.from({ length: 10 }, () => apply(w, needId, product))));
    expect(ok).toHaveLength(1);
    expect(codes).toEqual(Array(9).fill("CONFLICT"));
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM application WHERE need_id = $1`, [needId]);
    expect(n).toBe(1);
  }, 60_000);

  it("never leaves a withdrawn need with a live application when the firm applies and withdraws the need at once", async () => {
    const w = await buildDockingWorld(t);
    const product = (await createProduct(w)).id;
    for (let i = 0; i < 5; i++) {
      const needId = await submitNeed(w);
      const [applied, withdrawn] = await Promise.all([apply(w, needId, product), w.firm.client.gql(OPS.withdrawNeed, { input: { id: needId } })]);
      // Exactly one of the two wins; the loser's CONFLICT says why.
      expect([applied, withdrawn].filter((r) => !r.errors?.length)).toHaveLength(1);
      const [state] = await t.ds.query(
        `SELECT n.status, count(a.id) FILTER (WHERE a.status IN ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED'))::int AS live
           FROM financing_need n LEFT JOIN application a ON a.need_id = n.id WHERE n.id = $1 GROUP BY n.status`,
        [needId],
      );
      expect(state).toEqual(withdrawn.errors?.length ? { status: "OPEN", live: 1 } : { status: "WITHDRAWN", live: 0 });
    }
  }, 60_000);

  it("serialises concurrent transitions of one application: of 10 simultaneous approvals with different keys, one wins", async () => {
    const w = await buildDockingWorld(t);
    const product = (await createProduct(w, { minAmount: "100000" })).id;
    const [id] = await applicationsUnderReview(w, product, false).then((ids) => ids.slice(0, 1));
    const responses = await approveAllAtOnce(w, Array(10).fill(id));
    const { ok, codes, messages } = tally(responses);
    expect(ok).toHaveLength(1);
    expect(codes).toEqual(Array(9).fill("CONFLICT"));
    for (const m of messages) expect(m).toBe("Cannot approve an application that is APPROVED: from APPROVED the possible actions are WITHDRAW, DISBURSE.");
    expect(await used(`SELECT used_quota AS used FROM loan_product WHERE id = $1`, product)).toBe(AMOUNT_YUAN);
  }, 60_000);
});
