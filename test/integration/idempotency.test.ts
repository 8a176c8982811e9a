import { Role } from "../../src/domain/access";
import { addDays, toChinaDate } from "../../src/domain/dates";
import { registerFirm } from "../support/fixtures";
import { startTestApp, type ApiClient, type TestApp } from "../support/test-app";

/**
 * Idempotency keys (docs/architecture.md, "Idempotency"), through submitFinancingNeed: a retry
 * with the same key and input returns the first need and writes nothing (no need, no audit event);
 * the same key with other input is CONFLICT; concurrent first uses write once.
 */
const SUBMIT = `mutation($input: SubmitFinancingNeedInput!) { submitFinancingNeed(input: $input) { id amount status } }`;

describe("idempotent submitFinancingNeed", () => {
  let t: TestApp;
  let firm: string;
  let otherFirm: string;
  let asFirm: ApiClient;
  let asOtherFirm: ApiClient;
  let seq = 0;
  const neededBy = addDays(toChinaDate(new Date()), 30);

  const input = (key: string, overrides: Record<string, unknown> = {}) => ({
    firmId: firm,
    amount: "2000000",
    termMonths: 12,
    purpose: "WORKING_CAPITAL",
    neededBy,
    idempotencyKey: key,
    ...overrides,
  });
  const freshKey = () => `need-${process.pid}-${++seq}`;
  const counts = async () => {
    const [row] = await t.ds.query(
      `SELECT (SELECT count(*)::int FROM financing_need) AS needs, (SELECT count(*)::int FROM audit_event) AS events,
              (SELECT count(*)::int FROM idempotency_key) AS keys`,
    );
    return row as { needs: number; events: number; keys: number };
  };

  beforeAll(async () => {
    t = await startTestApp();
    firm = (await registerFirm(t, { regionCode: "140500" })).id;
    otherFirm = (await registerFirm(t, { regionCode: "330100" })).id;
    asFirm = await t.as({ role: Role.FIRM, orgId: firm });
    asOtherFirm = await t.as({ role: Role.FIRM, orgId: otherFirm });
  });
  afterAll(async () => {
    await t.close();
  });

  it("returns the first need for a retry with the same key and input, and writes nothing more", async () => {
    const key = freshKey();
    const before = await counts();
    const first = (await asFirm.gqlOk(SUBMIT, { input: input(key) })).submitFinancingNeed;
    const afterFirst = await counts();
    expect(afterFirst).toEqual({ needs: before.needs + 1, events: before.events + 1, keys: before.keys + 1 });

    // The same request again, with the money spelt differently and the optional fields given explicitly as null.
    const retry = (await asFirm.gqlOk(SUBMIT, { input: input(key, { amount: "2000000.00", description: null, visibility: null }) })).submitFinancingNeed;
    expect(retry).toEqual(first);
    expect(await counts()).toEqual(afterFirst);
    const [stored] = await t.ds.query(`SELECT record_id, scope, operation FROM idempotency_key WHERE key = $1`, [key]);
    expect(stored).toEqual({ record_id: first.id, scope: `org:${firm}`, operation: "submitFinancingNeed" });
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE record_id = $1`, [first.id])).toEqual([{ n: 1 }]);
  });

  it("returns the need as it is now when it changed since (withdrawn)", async () => {
    const key = freshKey();
    const first = (await asFirm.gqlOk(SUBMIT, { input: input(key) })).submitFinancingNeed;
    await asFirm.gqlOk(`mutation($id: ID!) { withdrawFinancingNeed(input: { id: $id }) { id } }`, { id: first.id });
    const retry = (await asFirm.gqlOk(SUBMIT, { input: input(key) })).submitFinancingNeed;
    expect(retry).toEqual({ ...first, status: "WITHDRAWN" });
  });

  it("refuses the same key with other input with CONFLICT, writing nothing", async () => {
    const key = freshKey();
    await asFirm.gqlOk(SUBMIT, { input: input(key) });
    const before = await counts();
    const res = await asFirm.gql(SUBMIT, { input: input(key, { amount: "2500000" }) });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.idempotencyKey" });
    expect(res.errors?.[0]?.message).toMatch(new RegExp(`Idempotency key "${key}" was already used for submitFinancingNeed with other input`));
    expect(res.errors?.[0]?.message).toMatch(/send a new key/);
    expect(await counts()).toEqual(before);
  });

  it("keeps keys apart per organisation: another firm's key of the same text is its own", async () => {
    const key = freshKey();
    const a = (await asFirm.gqlOk(SUBMIT, { input: input(key) })).submitFinancingNeed;
    const b = (await asOtherFirm.gqlOk(SUBMIT, { input: input(key, { firmId: otherFirm }) })).submitFinancingNeed;
    expect(b.id).not.toBe(a.id);
  });

  it("does not use up a key when the first attempt fails: the corrected request with that key goes through", async () => {
    const key = freshKey();
    const before = await counts();
    const bad = await asFirm.gql(SUBMIT, { input: input(key, { termMonths: 999 }) });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await counts()).toEqual(before);
    const good = await asFirm.gqlOk(SUBMIT, { input: input(key) });
    expect(good.submitFinancingNeed.id).toBeTruthy();
  });

  it("writes one need when concurrent requests carry one key, and answers all of them with it", async () => {
    for (let round = 0; round < 3; round++) {
      const key = freshKey();
      const before = await counts();
      const results = await Promise.all(Array.from({ length: 8 }, () => asFirm.gql(SUBMIT, { input: input(key) })));
      expect(results.filter((r) => r.errors?.length)).toEqual([]);
      const ids = new Set(results.map((r) => (r.data as any).submitFinancingNeed.id));
      expect(ids.size).toBe(1);
      expect(await counts()).toEqual({ needs: before.needs + 1, events: before.events + 1, keys: before.keys + 1 });
    }
  });

  it("refuses concurrent requests with one key and different inputs except the one that came first", async () => {
    const key = freshKey();
    const before = await counts();
    const results = await Promise.all([0, 1, 2, 3].map((i) => asFirm.gql(SUBMIT, { input: input(key, { termMonths: 12 + i }) })));
    const succeeded = results.filter((r) => !r.errors?.length);
    expect(succeeded).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === "CONFLICT")).toHaveLength(3);
    expect(await counts()).toEqual({ needs: before.needs + 1, events: before.events + 1, keys: before.keys + 1 });
  });

  it("requires a well-formed key, reporting it with the other broken rules", async () => {
    const missing = await asFirm.gql(SUBMIT, { input: { ...input("x"), idempotencyKey: undefined } });
    expect(missing.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT"); // required by the schema
    for (const key of ["", "has space", "a/b", "é", "k".repeat(101)]) {
      const res = await asFirm.gql(SUBMIT, { input: input(key, { termMonths: 999 }) });
      expect({ key, code: res.errors?.[0]?.extensions?.code }).toEqual({ key, code: "BAD_USER_INPUT" });
      const fields = (res.errors?.[0]?.extensions?.violations as Array<{ field: string }>).map((v) => v.field);
      expect(fields).toEqual(expect.arrayContaining(["input.idempotencyKey", "input.termMonths"]));
    }
    const longest = await asFirm.gql(SUBMIT, { input: input(`${"k".repeat(95)}:_-.9`) });
    expect(longest.errors).toBeUndefined();
  });
});
