import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { applicationUnderReview, buildDockingWorld, createProduct, OPS, submitNeed, type DockingWorld } from "../support/application-fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * The database connection of an approval is terminated in the middle of its transaction
 * (pg_terminate_backend from a second connection): afterwards nothing is half-written — the
 * application, the need, the product's quota, the agency's capacity, the audit trail and the
 * idempotency key all read as if the approval had never been tried, and a retry with the same key
 * goes through.
 */
describe("an approval whose connection dies mid-transaction", () => {
  let t: TestApp;
  /** The app's JSON log (internal errors are level-50 lines with their cause). */
  const logLines: Array<Record<string, any>> = [];
  let w: DockingWorld;
  let blocker: Client;

  beforeAll(async () => {
    t = await startTestApp({}, { logDestination: { write: (line: string) => void logLines.push(JSON.parse(line)) } });
    w = await buildDockingWorld(t);
    blocker = new Client({ connectionString: (t.ds.options as { url: string }).url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker?.end();
    await t?.close();
  });

  it("leaves application, need, quota, guarantee capacity, audit trail and idempotency key untouched", async () => {
    const product = (await createProduct(w, { requiresGuarantee: true })).id;
    const needId = await submitNeed(w);
    const id = await applicationUnderReview(w, needId, product, { guaranteeAgencyId: w.agency.id });
    await w.agency.client.gqlOk(OPS.decide, { input: { id, accept: true, feeBp: 60 } });

    const snapshot = async () => ({
      application: (await t.ds.query(`SELECT status, approved_amount, version FROM application WHERE id = $1`, [id]))[0],
      need: (await t.ds.query(`SELECT status FROM financing_need WHERE id = $1`, [needId]))[0].status,
      usedQuota: (await t.ds.query(`SELECT used_quota::text AS u FROM loan_product WHERE id = $1`, [product]))[0].u,
      usedCapacity: (await t.ds.query(`SELECT used_capacity::text AS u FROM guarantee_agency WHERE id = $1`, [w.agency.id]))[0].u,
      auditEvents: (await t.ds.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n,
      keys: (await t.ds.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE operation = 'approveApplication'`))[0].n,
    });
    const before = await snapshot();

    // Hold the product's row so that the approval stops at its guarded UPDATE, holding its other locks.
    await blocker.query("BEGIN");
    await blocker.query(`SELECT 1 FROM loan_product WHERE id = $1 FOR UPDATE`, [product]);
    const input = { id, amount: "3000000", annualRateBp: 380, termMonths: 12, idempotencyKey: randomUUID() };
    const pending = w.bank.client.gql(OPS.approve, { input });

    let pid: number | null = null;
    for (let i = 0; i < 100 && pid === null; i++) {
      // Polled outside the blocker's transaction, which would keep seeing its first snapshot of pg_stat_activity.
      const rows: Array<{ pid: number }> = await t.ds.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE loan_product SET used_quota%'`,
      );
      pid = rows[0]?.pid ?? null;
      if (pid === null) await new Promise((r) => setTimeout(r, 50));
    }
    expect(pid).not.toBeNull();
    await blocker.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await blocker.query("ROLLBACK");

    const res = await pending;
    // Logged for the operator, masked for the caller.
    expect(logLines).toContainEqual(expect.objectContaining({ level: 50, msg: "internal error", err: expect.objectContaining({ message: expect.stringMatching(/terminat/i) }) }));
    expect(res.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    expect(res.errors?.[0]?.message).not.toMatch(/terminat|SQL|loan_product/i);
    expect(await snapshot()).toEqual(before);

    // The claim of the key died with the transaction: the same request now goes through, once.
    const retried = (await w.bank.client.gqlOk(OPS.approve, { input })).approveApplication;
    expect(retried).toMatchObject({ status: "APPROVED", approvedAmount: "3000000.00", need: { status: "MATCHED" } });
    const after = await snapshot();
    expect([Number(after.usedQuota) - Number(before.usedQuota), Number(after.usedCapacity) - Number(before.usedCapacity), after.keys - before.keys]).toEqual([
      3_000_000, 3_000_000, 1,
    ]);
  });
});
