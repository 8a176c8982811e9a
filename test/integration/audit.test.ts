import { Role } from "../../src/domain/access";
import { addDays, toChinaDate } from "../../src/domain/dates";
import type { TokenClaims } from "../../src/modules/auth/token.service";
import { VERIFY_BATCH_SIZE } from "../../src/modules/audit/audit.service";
import {
  agencyInput,
  agreementInput,
  certificationInput,
  firmInput,
  freshDate,
  policyInput,
  productInput,
  unique,
} from "../support/access-fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * The tamper-evident audit trail (docs/architecture.md, "Audit trail"): every mutation writes one
 * event in its own transaction; the database refuses to change or delete events and chains them by
 * hash; verifyAuditTrail finds a changed, removed or cut-off event; auditEvents is scoped by role
 * and region and paged by id.
 */

interface EventRow {
  id: string;
  actor_id: string | null;
  actor_role: string;
  org_id: string | null;
  actor_region_code: string | null;
  region_code: string | null;
  operation: string;
  record_type: string;
  record_id: string;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
  request_id: string | null;
  prev_hash: string | null;
  hash: string;
}

const M = {
  createFinancialInstitution: `mutation($input: CreateFinancialInstitutionInput!) { createFinancialInstitution(input: $input) { id } }`,
  registerFirm: `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id } }`,
  updateFirm: `mutation($input: UpdateFirmInput!) { updateFirm(input: $input) { id } }`,
  recordCertification: `mutation($input: RecordCertificationInput!) { recordCertification(input: $input) { id } }`,
  revokeCertification: `mutation($input: RevokeCertificationInput!) { revokeCertification(input: $input) { id } }`,
  createLoanProduct: `mutation($input: CreateLoanProductInput!) { createLoanProduct(input: $input) { id version } }`,
  updateLoanProduct: `mutation($input: UpdateLoanProductInput!) { updateLoanProduct(input: $input) { id version } }`,
  archiveLoanProduct: `mutation($input: ArchiveLoanProductInput!) { archiveLoanProduct(input: $input) { id } }`,
  setLprRate: `mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id } }`,
  createGuaranteeAgency: `mutation($input: CreateGuaranteeAgencyInput!) { createGuaranteeAgency(input: $input) { id } }`,
  createGuaranteeAgreement: `mutation($input: CreateGuaranteeAgreementInput!) { createGuaranteeAgreement(input: $input) { id } }`,
  createIncentivePolicy: `mutation($input: CreateIncentivePolicyInput!) { createIncentivePolicy(input: $input) { id } }`,
  submitFinancingNeed: `mutation($input: SubmitFinancingNeedInput!) { submitFinancingNeed(input: $input) { id } }`,
  withdrawFinancingNeed: `mutation($input: WithdrawFinancingNeedInput!) { withdrawFinancingNeed(input: $input) { id } }`,
};

const VERIFY = `query { verifyAuditTrail { ok eventsChecked lastEventId firstBrokenLink { eventId reason expectedHash storedHash } } }`;
const EVENTS = `query($first: Int, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id operation orgId } }
  }
}`;
const EVENT_DETAIL = `query($filter: AuditEventFilter) {
  auditEvents(first: 20, filter: $filter) {
    edges { node { id occurredAt actorId actorRole orgId actorRegionCode regionCode operation recordType recordId before after requestId prevHash hash } }
  }
}`;

type Claims = Omit<TokenClaims, "sub"> & { sub?: string };
const ADMIN: Claims = { role: Role.ADMIN };
const BUREAU_SX: Claims = { role: Role.BUREAU, regionCode: "140500" };

describe("the audit trail", () => {
  let t: TestApp;
  let seq = 0;
  const today = toChinaDate(new Date());

  /** Runs an operation as `claims` with an x-request-id; returns the whole response body. */
  async function call(claims: Claims, query: string, variables: Record<string, unknown> = {}, requestId = `req-${++seq}-${process.pid}`) {
    const token = await t.tokens.sign({ sub: `audit-test-${claims.role.toLowerCase()}`, ...claims });
    const res = await t.post({ query, variables }, { authorization: `Bearer ${token}`, "x-request-id": requestId });
    return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
  }
  async function ok(claims: Claims, query: string, variables: Record<string, unknown> = {}, requestId?: string) {
    const body = await call(claims, query, variables, requestId);
    if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors, null, 2)}`);
    return body.data;
  }
  const eventsOf = (requestId: string): Promise<EventRow[]> =>
    t.ds.query(`SELECT *, id::text AS id FROM audit_event WHERE request_id = $1 ORDER BY audit_event.id`, [requestId]);
  const eventCount = async (): Promise<number> => (await t.ds.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
  const maxId = async (): Promise<string> => (await t.ds.query(`SELECT max(id)::text AS id FROM audit_event`))[0].id;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  // Records shared by the tests below, created through the API (so with their events).
  let bank: string;
  let firm: string;
  let yunnanFirm: string;
  let agency: string;

  describe("one event per mutation", () => {
    /** Runs one mutation with its own request id and returns the single event it wrote. */
    async function mutate(claims: Claims, op: keyof typeof M, input: Record<string, unknown>): Promise<{ data: any; event: EventRow }> {
      const requestId = `${op}-${unique()}`;
      const data = await ok(claims, M[op], { input }, requestId);
      const events = await eventsOf(requestId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ operation: op, request_id: requestId, actor_role: claims.role, actor_id: `audit-test-${claims.role.toLowerCase()}` });
      return { data, event: events[0]! };
    }

    it("records actor, role, organisation, region, operation, record, before and after for every mutation of the schema", async () => {
      const covered = new Set<string>();
      const track = async (claims: Claims, op: keyof typeof M, input: Record<string, unknown>) => {
        covered.add(op);
        return mutate(claims, op, input);
      };

      const bankName = `审计测试银行${unique()}`;
      let r = await track(ADMIN, "createFinancialInstitution", { name: bankName, shortName: bankName.slice(0, 20), type: "CITY_COMMERCIAL_BANK", regionCode: "140500" });
      bank = r.data.createFinancialInstitution.id;
      expect(r.event).toMatchObject({ record_type: "FinancialInstitution", record_id: bank, org_id: null, region_code: "140500", before: null });
      expect(r.event.after).toMatchObject({ id: bank, name: bankName, regionCode: "140500", type: "CITY_COMMERCIAL_BANK" });

      r = await track(BUREAU_SX, "registerFirm", firmInput("140581", { employees: 50, annualRevenue: "12000000.5" }));
      firm = r.data.registerFirm.id;
      expect(r.event).toMatchObject({ record_type: "Firm", record_id: firm, org_id: null, actor_region_code: "140500", region_code: "140581", before: null });
      expect(r.event.after).toMatchObject({ id: firm, regionCode: "140581", employees: 50, annualRevenue: "12000000.50" });
      expect(typeof r.event.after!.createdAt).toBe("string"); // instants as ISO strings

      const asFirm: Claims = { role: Role.FIRM, orgId: firm };
      r = await track(asFirm, "updateFirm", { id: firm, employees: 80 });
      expect(r.event).toMatchObject({ record_type: "Firm", record_id: firm, org_id: firm, region_code: "140581" });
      expect(r.event.before).toMatchObject({ employees: 50 });
      expect(r.event.after).toMatchObject({ employees: 80 });

      r = await track(BUREAU_SX, "recordCertification", certificationInput(firm));
      const certification = r.data.recordCertification.id;
      expect(r.event).toMatchObject({ record_type: "Certification", record_id: certification, region_code: "140581", before: null });
      expect(r.event.after).toMatchObject({ firmId: firm, status: "ACTIVE", tier: "SPECIALIZED_SME" });

      r = await track(BUREAU_SX, "revokeCertification", { id: certification, revokedOn: "2025-06-01", reason: "复核未通过" });
      expect(r.event.before).toMatchObject({ status: "ACTIVE", revokedOn: null });
      expect(r.event.after).toMatchObject({ status: "REVOKED", revokedOn: "2025-06-01", revocationReason: "复核未通过" });

      const asBank: Claims = { role: Role.BANK, orgId: bank };
      r = await track(asBank, "createLoanProduct", productInput(bank, "140500", { tierDiscounts: [{ tier: "LITTLE_GIANT", discountBp: 20 }] }));
      const product = r.data.createLoanProduct;
      expect(r.event).toMatchObject({ record_type: "LoanProduct", record_id: product.id, org_id: bank, region_code: "140500", before: null });
      expect(r.event.after).toMatchObject({
        institutionId: bank,
        reservedQuota: "100000000.00",
        usedQuota: "0.00",
        status: "ACTIVE",
        version: product.version,
        tierDiscounts: [{ tier: "LITTLE_GIANT", discountBp: 20 }],
      });

      r = await track(asBank, "updateLoanProduct", { id: product.id, version: product.version, name: "审计测试改名产品", tierDiscounts: [] });
      expect(r.event.before).toMatchObject({ name: "访问控制测试专精特新贷", version: product.version, tierDiscounts: [{ tier: "LITTLE_GIANT", discountBp: 20 }] });
      expect(r.event.after).toMatchObject({ name: "审计测试改名产品", version: product.version + 1, tierDiscounts: [] });

      r = await track(asBank, "archiveLoanProduct", { id: product.id });
      expect(r.event.before).toMatchObject({ status: "ACTIVE" });
      expect(r.event.after).toMatchObject({ status: "ARCHIVED" });

      const effectiveOn = freshDate();
      r = await track(ADMIN, "setLprRate", { tenor: "ONE_YEAR", effectiveOn, rateBp: 310 });
      const lpr = r.data.setLprRate.id;
      expect(r.event).toMatchObject({ record_type: "LprRate", record_id: lpr, region_code: null, before: null });
      expect(r.event.after).toMatchObject({ tenor: "ONE_YEAR", effectiveOn, rateBp: 310 });
      r = await mutate(ADMIN, "setLprRate", { tenor: "ONE_YEAR", effectiveOn, rateBp: 305 }); // a correction: before is the replaced value
      expect(r.event).toMatchObject({ record_id: lpr });
      expect(r.event.before).toMatchObject({ rateBp: 310 });
      expect(r.event.after).toMatchObject({ rateBp: 305 });

      r = await track(BUREAU_SX, "createGuaranteeAgency", agencyInput("140500"));
      agency = r.data.createGuaranteeAgency.id;
      expect(r.event).toMatchObject({ record_type: "GuaranteeAgency", record_id: agency, region_code: "140500", before: null });
      expect(r.event.after).toMatchObject({ capacity: "2000000000.00", usedCapacity: "0.00" });

      const asAgency: Claims = { role: Role.GUARANTOR, orgId: agency };
      r = await track(asAgency, "createGuaranteeAgreement", agreementInput(agency, bank));
      expect(r.event).toMatchObject({ record_type: "GuaranteeAgreement", org_id: agency, region_code: "140500", before: null });
      expect(r.event.after).toMatchObject({ agencyId: agency, institutionId: bank, agreedFeeRateBp: 60 });

      r = await track(BUREAU_SX, "createIncentivePolicy", policyInput("140500"));
      expect(r.event).toMatchObject({ record_type: "IncentivePolicy", region_code: "140500", before: null });
      expect(r.event.after).toMatchObject({ kind: "INTEREST_SUBSIDY", subsidyBp: 100 });

      r = await track(asFirm, "submitFinancingNeed", {
        firmId: firm,
        amount: "3000000",
        termMonths: 12,
        purpose: "WORKING_CAPITAL",
        neededBy: addDays(today, 30),
        visibility: "SELECTED_BANKS",
        visibleToInstitutionIds: [bank],
        idempotencyKey: `audit-${unique()}`,
      });
      const need = r.data.submitFinancingNeed.id;
      expect(r.event).toMatchObject({ record_type: "FinancingNeed", record_id: need, org_id: firm, region_code: "140581", before: null });
      expect(r.event.after).toMatchObject({ amount: "3000000.00", status: "OPEN", visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bank] });

      r = await track(asFirm, "withdrawFinancingNeed", { id: need });
      expect(r.event.before).toMatchObject({ status: "OPEN", withdrawnAt: null });
      expect(r.event.after).toMatchObject({ status: "WITHDRAWN" });
      expect(typeof r.event.after!.withdrawnAt).toBe("string");

      expect([...covered].sort()).toEqual(Object.keys(M).sort());

      // A second region, for the scoping tests.
      yunnanFirm = (await ok(ADMIN, M.registerFirm, { input: firmInput("530102") })).registerFirm.id;
    });

    it("reads an event back through auditEvents with before/after as JSON objects", async () => {
      const requestId = `read-back-${unique()}`;
      await ok({ role: Role.FIRM, orgId: firm }, M.updateFirm, { input: { id: firm, employees: 81 } }, requestId);
      const [row] = await eventsOf(requestId);
      const data = await ok(ADMIN, EVENT_DETAIL, { filter: { recordId: firm, operation: "updateFirm" } });
      const node = data.auditEvents.edges.map((e: any) => e.node).find((n: any) => n.id === row!.id);
      expect(node).toMatchObject({
        actorId: "audit-test-firm",
        actorRole: "FIRM",
        orgId: firm,
        actorRegionCode: null,
        regionCode: "140581",
        operation: "updateFirm",
        recordType: "Firm",
        recordId: firm,
        requestId,
        prevHash: row!.prev_hash,
        hash: row!.hash,
      });
      expect(node.before.employees).toBe(80);
      expect(node.after.employees).toBe(81);
      expect(new Date(node.occurredAt).getTime()).not.toBeNaN();
    });

    it("writes no event when a mutation fails, whatever the reason", async () => {
      const asFirm: Claims = { role: Role.FIRM, orgId: firm };
      // Arranged first: a withdrawn need (withdrawing it again is a CONFLICT) and a recorded certificate (recording it again is one too).
      const { id: withdrawn } = (
        await ok(asFirm, M.submitFinancingNeed, {
          input: { firmId: firm, amount: "1000000", termMonths: 6, purpose: "WORKING_CAPITAL", neededBy: addDays(today, 10), idempotencyKey: `w-${unique()}` },
        })
      ).submitFinancingNeed;
      await ok(asFirm, M.withdrawFinancingNeed, { input: { id: withdrawn } });
      const certificate = certificationInput(firm);
      await ok(ADMIN, M.recordCertification, { input: certificate });

      const before = await eventCount();
      const head = await t.ds.query(`SELECT last_id::text, last_hash FROM audit_chain_head`);
      const failures = [
        await call(ADMIN, M.registerFirm, { input: firmInput("140500", { name: " " }) }), // validation
        await call({ role: Role.BANK, orgId: bank }, M.registerFirm, { input: firmInput("140500") }), // role
        await call(asFirm, M.withdrawFinancingNeed, { input: { id: withdrawn } }), // state, found by a read
        await call(ADMIN, M.recordCertification, { input: certificate }), // unique key, found by the database
        await call(asFirm, M.updateFirm, { input: { id: "00000000-0000-4000-8000-000000000000", employees: 1 } }), // unknown record
      ];
      expect(failures.map((f) => f.errors?.[0]?.extensions?.code)).toEqual(["BAD_USER_INPUT", "FORBIDDEN", "CONFLICT", "CONFLICT", "NOT_FOUND"]);
      expect(await eventCount()).toBe(before);
      expect(await t.ds.query(`SELECT last_id::text, last_hash FROM audit_chain_head`)).toEqual(head);
    });
  });

  describe("in the database", () => {
    it("refuses UPDATE, DELETE and TRUNCATE of audit_event, and any change of the chain head", async () => {
      const id = await maxId();
      await expect(t.ds.query(`UPDATE audit_event SET operation = 'forged' WHERE id = $1`, [id])).rejects.toThrow(/audit_event is append-only: UPDATE is refused/);
      await expect(t.ds.query(`DELETE FROM audit_event WHERE id = $1`, [id])).rejects.toThrow(/audit_event is append-only: DELETE is refused/);
      await expect(t.ds.query(`TRUNCATE audit_event`)).rejects.toThrow(/audit_event is append-only: TRUNCATE is refused/);
      await expect(t.ds.query(`UPDATE audit_chain_head SET last_hash = NULL`)).rejects.toThrow(/audit_chain_head is maintained by the audit trail itself/);
      await expect(t.ds.query(`DELETE FROM audit_chain_head`)).rejects.toThrow(/audit_chain_head is maintained by the audit trail itself/);
      await expect(t.ds.query(`INSERT INTO audit_chain_head (id) VALUES (2)`)).rejects.toThrow(/chk_audit_chain_head_one_row/);
      expect((await t.ds.query(`SELECT operation FROM audit_event WHERE id = $1`, [id]))[0].operation).not.toBe("forged");
    });

    it("chains every event to the one before it, with gapless ids and the hash the database recomputes", async () => {
      const rows: Array<{ id: string; prev_hash: string | null; hash: string; recomputed: string }> = await t.ds.query(
        `SELECT id::text AS id, prev_hash, hash, audit_event_hash(e) AS recomputed FROM audit_event e ORDER BY e.id`,
      );
      expect(rows.length).toBeGreaterThan(15);
      rows.forEach((row, i) => {
        expect(row.id).toBe(String(i + 1));
        expect(row.prev_hash).toBe(i === 0 ? null : rows[i - 1]!.hash);
        expect(row.hash).toBe(row.recomputed);
        expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      });
      expect(await t.ds.query(`SELECT last_id::text AS id, last_hash AS hash FROM audit_chain_head`)).toEqual([{ id: rows.at(-1)!.id, hash: rows.at(-1)!.hash }]);
    });

    it("overwrites chain fields a writer tries to set itself", async () => {
      await t.ds.query(
        `INSERT INTO audit_event (actor_role, operation, record_type, record_id, occurred_at, prev_hash, hash)
         VALUES ('ADMIN', 'direct', 'Test', 'x', '2000-01-01', repeat('0', 64), repeat('f', 64))`,
      );
      const [row] = await t.ds.query(`SELECT occurred_at, prev_hash, hash, audit_event_hash(e) AS recomputed FROM audit_event e WHERE operation = 'direct'`);
      expect(new Date(row.occurred_at).getFullYear()).toBeGreaterThan(2020);
      expect(row.prev_hash).not.toBe("0".repeat(64));
      expect(row.hash).toBe(row.recomputed);
    });
  });

  describe("under concurrency", () => {
    it("keeps the chain intact with 20 mutations at once (verifyAuditTrail ok, gapless, linked)", async () => {
      const before = await eventCount();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0
            ? call({ role: Role.FIRM, orgId: firm }, M.submitFinancingNeed, {
                input: { firmId: firm, amount: `${1000000 + i}`, termMonths: 12, purpose: "WORKING_CAPITAL", neededBy: addDays(today, 20), idempotencyKey: `par-${i}-${unique()}` },
              })
            : call(ADMIN, M.recordCertification, { input: certificationInput(firm) }),
        ),
      );
      expect(results.filter((r) => r.errors?.length)).toEqual([]);
      expect(await eventCount()).toBe(before + 20);
      const verification = (await ok({ role: Role.REGULATOR, regionCode: "140000" }, VERIFY)).verifyAuditTrail;
      expect(verification).toEqual({ ok: true, eventsChecked: before + 20, lastEventId: await maxId(), firstBrokenLink: null });
      const [{ gaps }] = await t.ds.query(`SELECT count(*)::int AS gaps FROM audit_event e WHERE e.id > 1 AND NOT EXISTS (SELECT 1 FROM audit_event p WHERE p.id = e.id - 1)`);
      expect(gaps).toBe(0);
    });
  });

  describe("verifyAuditTrail", () => {
    /** Runs SQL on audit_event with its user triggers (the append-only guard and the chain writer) off, as a superuser could. */
    async function tamper(sql: string, params: unknown[] = []): Promise<void> {
      const qr = t.ds.createQueryRunner();
      try {
        await qr.startTransaction();
        await qr.query(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
        await qr.query(sql, params);
        await qr.query(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
        await qr.commitTransaction();
      } finally {
        await qr.release();
      }
    }
    const verify = async () => (await ok(ADMIN, VERIFY)).verifyAuditTrail;
    const rowOf = async (id: string) => (await t.ds.query(`SELECT to_jsonb(e) AS r FROM audit_event e WHERE id = $1`, [id]))[0].r;
    const restore = (row: Record<string, unknown>) =>
      tamper(`INSERT INTO audit_event OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(NULL::audit_event, $1::jsonb)`, [JSON.stringify(row)]);

    beforeAll(async () => {
      // More events than one verification batch, so that the walk crosses batch boundaries.
      await t.ds.query(
        `INSERT INTO audit_event (actor_id, actor_role, operation, record_type, record_id, after, request_id)
         SELECT 'bulk', 'ADMIN', 'bulkTest', 'Test', g::text, jsonb_build_object('n', g, 'amount', '100.00'), 'bulk'
         FROM generate_series(1, $1::int) g`,
        [VERIFY_BATCH_SIZE + 500],
      );
    });

    it("reports ok and the number of events on an untouched chain, to a REGULATOR and an ADMIN only", async () => {
      const total = await eventCount();
      expect(await verify()).toEqual({ ok: true, eventsChecked: total, lastEventId: String(total), firstBrokenLink: null });
      for (const role of [Role.FIRM, Role.BANK, Role.GUARANTOR, Role.BUREAU]) {
        const claims: Claims = role === Role.BUREAU ? BUREAU_SX : { role, orgId: role === Role.FIRM ? firm : role === Role.BANK ? bank : agency };
        const res = await call(claims, VERIFY);
        expect({ role, code: res.errors?.[0]?.extensions?.code }).toEqual({ role, code: "FORBIDDEN" });
      }
    });

    it("finds an event whose content was changed with the trigger disabled: exactly that event, HASH_MISMATCH", async () => {
      const target = String(VERIFY_BATCH_SIZE + 7); // in the second batch
      const original = await rowOf(target);
      await tamper(`UPDATE audit_event SET after = jsonb_set(after, '{amount}', '"999999.00"') WHERE id = $1`, [target]);
      const result = await verify();
      const [{ recomputed }] = await t.ds.query(`SELECT audit_event_hash(e) AS recomputed FROM audit_event e WHERE id = $1`, [target]);
      expect(result).toEqual({
        ok: false,
        eventsChecked: Number(target),
        lastEventId: target,
        firstBrokenLink: { eventId: target, reason: "HASH_MISMATCH", expectedHash: recomputed, storedHash: original.hash },
      });
      expect(recomputed).not.toBe(original.hash);

      await tamper(`DELETE FROM audit_event WHERE id = $1`, [target]);
      await restore(original);
      expect((await verify()).ok).toBe(true);
    });

    it("finds a changed hash of an early event (HASH_MISMATCH there) ", async () => {
      const original = await rowOf("3");
      await tamper(`UPDATE audit_event SET hash = repeat('a', 64) WHERE id = 3`);
      expect((await verify()).firstBrokenLink).toEqual({ eventId: "3", reason: "HASH_MISMATCH", expectedHash: original.hash, storedHash: "a".repeat(64) });
      await tamper(`UPDATE audit_event SET hash = $1 WHERE id = 3`, [original.hash]);
      expect((await verify()).ok).toBe(true);
    });

    it("finds an event changed and re-hashed consistently: the next event no longer links to it (PREV_HASH_MISMATCH)", async () => {
      const original = await rowOf("10");
      await tamper(`UPDATE audit_event SET after = '{"forged": true}'::jsonb WHERE id = 10`);
      await tamper(`UPDATE audit_event e SET hash = audit_event_hash(e) WHERE id = 10`);
      const result = await verify();
      expect(result).toMatchObject({ ok: false, eventsChecked: 11, firstBrokenLink: { eventId: "11", reason: "PREV_HASH_MISMATCH", storedHash: original.hash } });
      expect(result.firstBrokenLink.expectedHash).not.toBe(original.hash);
      await tamper(`DELETE FROM audit_event WHERE id = 10`);
      await restore(original);
      expect((await verify()).ok).toBe(true);
    });

    it("finds a removed event (PREV_HASH_MISMATCH at the next) and events cut off the end (HEAD_MISMATCH)", async () => {
      const removed = await rowOf("20");
      await tamper(`DELETE FROM audit_event WHERE id = 20`);
      expect((await verify()).firstBrokenLink).toMatchObject({ eventId: "21", reason: "PREV_HASH_MISMATCH", expectedHash: (await rowOf("19")).hash, storedHash: removed.hash });
      await restore(removed);

      const last = await maxId();
      const tail = await rowOf(last);
      await tamper(`DELETE FROM audit_event WHERE id = $1`, [last]);
      expect((await verify()).firstBrokenLink).toMatchObject({ eventId: last, reason: "HEAD_MISMATCH", expectedHash: tail.hash, storedHash: null });
      await restore(tail);
      expect((await verify()).ok).toBe(true);
    });
  });

  describe("auditEvents", () => {
    const ids = (data: any): string[] => data.auditEvents.edges.map((e: any) => e.node.id);

    it("shows a REGULATOR or BUREAU the events concerning its region, a FIRM or BANK its own organisation's, an ADMIN all", async () => {
      const filter = { recordId: firm };
      const adminSees = ids(await ok(ADMIN, EVENTS, { filter, first: 100 }));
      expect(adminSees.length).toBeGreaterThanOrEqual(3); // registerFirm, updateFirm twice
      expect(ids(await ok({ role: Role.REGULATOR, regionCode: "140000" }, EVENTS, { filter, first: 100 }))).toEqual(adminSees);
      expect(ids(await ok({ role: Role.BUREAU, regionCode: "140581" }, EVENTS, { filter, first: 100 }))).toEqual(adminSees);
      expect(ids(await ok({ role: Role.REGULATOR, regionCode: "530000" }, EVENTS, { filter, first: 100 }))).toEqual([]);
      expect(ids(await ok({ role: Role.REGULATOR, regionCode: "140200" }, EVENTS, { filter, first: 100 }))).toEqual([]);

      // Yunnan's regulator sees Yunnan's firm's registration, not Shanxi's events; null-region events (LPR) only the ADMIN sees.
      const yunnan = ids(await ok({ role: Role.REGULATOR, regionCode: "530000" }, EVENTS, { filter: { recordType: "Firm" }, first: 100 }));
      const [yunnanEvent] = await t.ds.query(`SELECT id::text AS id FROM audit_event WHERE record_id = $1`, [yunnanFirm]);
      expect(yunnan).toEqual([yunnanEvent.id]);
      expect(ids(await ok({ role: Role.REGULATOR, regionCode: "140000" }, EVENTS, { filter: { recordType: "LprRate" } }))).toEqual([]);
      expect(ids(await ok(ADMIN, EVENTS, { filter: { recordType: "LprRate" } }))).toHaveLength(2);

      // A firm sees what its own users did (and nothing a bureau did about it); a bank likewise.
      const firmSees = await ok({ role: Role.FIRM, orgId: firm }, EVENTS, { first: 100 });
      const firmOps = new Set(firmSees.auditEvents.edges.map((e: any) => e.node.operation));
      expect(firmSees.auditEvents.edges.every((e: any) => e.node.orgId === firm)).toBe(true);
      expect(firmOps.has("updateFirm") && firmOps.has("submitFinancingNeed") && !firmOps.has("registerFirm")).toBe(true);
      const bankSees = await ok({ role: Role.BANK, orgId: bank }, EVENTS, { first: 100 });
      expect(bankSees.auditEvents.edges.map((e: any) => e.node.operation).sort()).toEqual(["archiveLoanProduct", "createLoanProduct", "updateLoanProduct"]);
    });

    it("filters by operation, record type, actor role, organisation, region and time", async () => {
      const all = await t.ds.query(`SELECT id::text AS id, operation, actor_role, org_id, region_code, occurred_at FROM audit_event e WHERE operation <> 'bulkTest' ORDER BY e.id`);
      const expectIds = async (filter: Record<string, unknown>, predicate: (r: any) => boolean) => {
        const data = await ok(ADMIN, EVENTS, { filter, first: 100 });
        expect({ filter, ids: ids(data) }).toEqual({ filter, ids: all.filter(predicate).map((r: any) => r.id) });
        expect(data.auditEvents.totalCount).toBe(all.filter(predicate).length);
      };
      await expectIds({ operation: "recordCertification" }, (r) => r.operation === "recordCertification");
      await expectIds({ actorRole: "BUREAU" }, (r) => r.actor_role === "BUREAU");
      await expectIds({ orgId: bank }, (r) => r.org_id === bank);
      await expectIds({ regionCode: "140581", actorRole: "FIRM" }, (r) => r.region_code === "140581" && r.actor_role === "FIRM");
      const middle = all[Math.floor(all.length / 2)];
      const from = new Date(middle.occurred_at).toISOString();
      // occurred_at has microseconds, a JS Date milliseconds: the database says which events are on which side of `from`.
      const atOrAfter = new Set((await t.ds.query(`SELECT id::text AS id FROM audit_event WHERE occurred_at >= $1`, [from])).map((r: any) => r.id));
      await expectIds({ from, operation: "submitFinancingNeed" }, (r) => r.operation === "submitFinancingNeed" && atOrAfter.has(r.id));
      const atOrBefore = new Set((await t.ds.query(`SELECT id::text AS id FROM audit_event WHERE occurred_at <= $1`, [from])).map((r: any) => r.id));
      await expectIds({ to: from, actorRole: "ADMIN" }, (r) => r.actor_role === "ADMIN" && atOrBefore.has(r.id));
      expect(atOrAfter.size > 0 && atOrBefore.size > 0).toBe(true);

      const bad = await call(ADMIN, EVENTS, { filter: { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z", regionCode: "12", orgId: "nope" } });
      expect(bad.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        violations: [
          expect.objectContaining({ field: "filter.regionCode" }),
          expect.objectContaining({ field: "filter.from", rule: "range.order" }),
          expect.objectContaining({ field: "filter.orgId" }),
        ],
      });
    });

    it("pages in chain order with keyset cursors, without gaps or repeats, and refuses a foreign cursor", async () => {
      const filter = { recordId: firm };
      const whole = ids(await ok(ADMIN, EVENTS, { filter, first: 100 }));
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const data: any = await ok(ADMIN, EVENTS, { filter, first: 2, after });
        pages++;
        seen.push(...ids(data));
        expect(data.auditEvents.totalCount).toBe(whole.length);
        expect(data.auditEvents.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!data.auditEvents.pageInfo.hasNextPage) break;
        after = data.auditEvents.pageInfo.endCursor;
      }
      expect(seen).toEqual(whole);
      expect(pages).toBe(Math.ceil(whole.length / 2));
      expect([...whole].sort((a, b) => Number(a) - Number(b))).toEqual(whole);

      const needsCursor = (await ok(ADMIN, `query { financingNeeds(first: 1) { pageInfo { endCursor } } }`)).financingNeeds.pageInfo.endCursor;
      const res = await call(ADMIN, EVENTS, { after: needsCursor });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [expect.objectContaining({ field: "after", rule: "cursor.format" })] });
      const tooMany = await call(ADMIN, `query { auditEvents(first: 101) { edges { node { id } } } }`);
      expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });
  });
});
