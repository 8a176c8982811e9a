import { getIntrospectionQuery } from "graphql";
import { Role } from "../../src/domain/access";
import { encodeGlobalId } from "../../src/domain/global-id";
import { encodeCursor } from "../../src/graphql/pagination";
import { createCertification, createNeed, createProduct } from "../support/access-fixtures";
import { createInstitution, registerFirm, uniqueCreditCode } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * Integrator conventions (issue 14, item 6): `viewer`, 401 for a missing token like a bad one,
 * global ids with `node`/`nodes`, `orderBy` and `updatedSince` for syncing.
 */
describe("integrator conventions", () => {
  let t: TestApp;
  let bankId: string;
  let firmId: string;
  let otherFirmId: string;
  beforeAll(async () => {
    t = await startTestApp();
    bankId = await createInstitution(t, "集成约定测试银行");
    firmId = (await registerFirm(t, { name: "集成约定甲企业有限公司", pairedBankId: bankId })).id;
    otherFirmId = (await registerFirm(t, { name: "集成约定乙企业有限公司", regionCode: "330106" })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const globalIds = (token: string) => ({ authorization: `Bearer ${token}`, "x-srdi-global-ids": "1" });
  const postJson = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await t.post(body, headers);
    return { status: res.status, body: (await res.json()) as any };
  };

  describe("viewer", () => {
    const VIEWER = `{ viewer { subject role regionCode onboardingCreditCode tokenExpiresAt firm { id name } institution { id } guaranteeAgency { id } } }`;

    it("tells a BANK token its subject, role, institution and expiry", async () => {
      const token = await t.tokens.sign({ sub: "bank-user-7", role: Role.BANK, orgId: bankId }, "2h");
      const { status, body } = await postJson({ query: VIEWER }, { authorization: `Bearer ${token}` });
      expect(status).toBe(200);
      const { tokenExpiresAt, ...rest } = body.data.viewer;
      expect(rest).toEqual({ subject: "bank-user-7", role: "BANK", regionCode: null, onboardingCreditCode: null, firm: null, institution: { id: bankId }, guaranteeAgency: null });
      const exp = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).exp as number;
      expect(new Date(tokenExpiresAt).getTime()).toBe(exp * 1000);
    });

    it("tells a FIRM its firm, an onboarding token its credit code, a REGULATOR its region", async () => {
      const firm = await t.as({ role: Role.FIRM, orgId: firmId });
      expect((await firm.gqlOk(VIEWER)).viewer).toMatchObject({ role: "FIRM", firm: { id: firmId, name: "集成约定甲企业有限公司" }, institution: null });
      const code = uniqueCreditCode("140500");
      const onboarding = await t.as({ role: Role.FIRM, creditCode: code });
      expect((await onboarding.gqlOk(VIEWER)).viewer).toMatchObject({ role: "FIRM", firm: null, onboardingCreditCode: code });
      const regulator = await t.as({ role: Role.REGULATOR, regionCode: "140000" });
      expect((await regulator.gqlOk(VIEWER)).viewer).toMatchObject({ role: "REGULATOR", regionCode: "140000", firm: null, institution: null, guaranteeAgency: null });
    });
  });

  describe("authentication: missing and bad tokens both answer HTTP 401", () => {
    const shape = (body: any) => ({ data: body.data ?? null, codes: body.errors.map((e: any) => e.extensions.code), count: body.errors.length });

    it("answers a query without a token with 401, one UNAUTHENTICATED error saying what to send, no data", async () => {
      const none = await postJson({ query: `{ firms { totalCount } }` });
      expect(none.status).toBe(401);
      expect(shape(none.body)).toEqual({ data: null, codes: ["UNAUTHENTICATED"], count: 1 });
      expect(none.body.errors[0].message).toMatch(/Authorization: Bearer/);

      const bad = await postJson({ query: `{ firms { totalCount } }` }, { authorization: "Bearer abc" });
      expect(bad.status).toBe(401);
      expect(shape(bad.body)).toEqual(shape(none.body));
      expect(bad.body.errors[0].message).toMatch(/malformed/);
    });

    it("answers a mutation without a token with 401 and writes nothing", async () => {
      const before = await t.ds.query(`SELECT count(*)::int AS n FROM financial_institution`);
      const res = await postJson({
        query: `mutation($input: CreateFinancialInstitutionInput!) { createFinancialInstitution(input: $input) { id } }`,
        variables: { input: { name: "匿名银行", shortName: "匿名", type: "CITY_COMMERCIAL_BANK", regionCode: "140500" } },
      });
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
      expect(await t.ds.query(`SELECT count(*)::int AS n FROM financial_institution`)).toEqual(before);
    });

    it("lets introspection through without a token (also through fragments), but not introspection mixed with data", async () => {
      const full = await postJson({ query: getIntrospectionQuery() });
      expect(full.status).toBe(200);
      expect(full.body.data.__schema.queryType.name).toBe("Query");
      const fragment = await postJson({ query: `query { ...T } fragment T on Query { __typename __type(name: "Node") { kind } }` });
      expect(fragment.status).toBe(200);
      expect(fragment.body.data).toEqual({ __typename: "Query", __type: { kind: "INTERFACE" } });

      const mixed = await postJson({ query: `{ __schema { queryType { name } } firms { totalCount } }` });
      expect(mixed.status).toBe(401);
      expect(shape(mixed.body)).toEqual({ data: null, codes: ["UNAUTHENTICATED"], count: 1 });
      const hidden = await postJson({ query: `query { ...T } fragment T on Query { __typename firms { totalCount } }` });
      expect(hidden.status).toBe(401);
    });

    it("refuses a bad token even for introspection", async () => {
      const res = await postJson({ query: `{ __typename }` }, { authorization: "Bearer abc" });
      expect(res.status).toBe(401);
    });
  });

  describe("global ids and Node", () => {
    let admin: string;
    beforeAll(async () => {
      admin = await t.tokens.sign({ sub: "gid-admin", role: Role.ADMIN });
    });

    it("answers id as the raw UUID by default and as the global id with X-Srdi-Global-Ids: 1; uuid is the raw UUID", async () => {
      const query = { query: `query($id: ID!) { firm(id: $id) { id uuid pairedBank { id uuid } } }`, variables: { id: firmId } };
      const raw = await postJson(query, { authorization: `Bearer ${admin}` });
      expect(raw.body.data.firm).toEqual({ id: firmId, uuid: firmId, pairedBank: { id: bankId, uuid: bankId } });
      const global = await postJson(query, globalIds(admin));
      expect(global.body.data.firm).toEqual({
        id: encodeGlobalId("Firm", firmId),
        uuid: firmId,
        pairedBank: { id: encodeGlobalId("FinancialInstitution", bankId), uuid: bankId },
      });
      expect(Buffer.from(global.body.data.firm.id, "base64url").toString()).toBe(`Firm:${firmId}`);
    });

    it("takes a global id wherever it takes a UUID: arguments, filters, input fields and lists of ids", async () => {
      const byGlobal = await t.gqlOk(`query($id: ID!) { firm(id: $id) { name } }`, { id: encodeGlobalId("Firm", firmId) });
      expect(byGlobal.firm.name).toBe("集成约定甲企业有限公司");
      const needId = await createNeed(t, firmId, bankId);
      const filtered = await t.gqlOk(`query($f: ID) { financingNeeds(filter: { firmId: $f }) { edges { node { id } } } }`, { f: encodeGlobalId("Firm", firmId) });
      expect(filtered.financingNeeds.edges.map((e: any) => e.node.id)).toEqual([needId]);
      const firm = await t.as({ role: Role.FIRM, orgId: firmId });
      const submitted = await firm.gqlOk(`mutation($input: SubmitFinancingNeedInput!) { submitFinancingNeed(input: $input) { firm { id } visibleTo { id } } }`, {
        input: {
          firmId: encodeGlobalId("Firm", firmId),
          amount: "1000000.00",
          termMonths: 12,
          purpose: "WORKING_CAPITAL",
          neededBy: "2030-06-30",
          visibility: "SELECTED_BANKS",
          visibleToInstitutionIds: [encodeGlobalId("FinancialInstitution", bankId)],
          idempotencyKey: "gid-need-1",
        },
      });
      expect(submitted.submitFinancingNeed).toEqual({ firm: { id: firmId }, visibleTo: [{ id: bankId }] });
    });

    it("node answers a record by its global id, null outside the caller's scope or for no record, BAD_USER_INPUT for a raw UUID", async () => {
      const query = `query($id: ID!) { node(id: $id) { __typename id ... on Firm { name } } }`;
      const found = await postJson({ query, variables: { id: encodeGlobalId("Firm", firmId) } }, globalIds(admin));
      expect(found.body.data.node).toEqual({ __typename: "Firm", id: encodeGlobalId("Firm", firmId), name: "集成约定甲企业有限公司" });

      const firmToken = await t.tokens.sign({ sub: "gid-firm", role: Role.FIRM, orgId: firmId });
      const own = await postJson({ query, variables: { id: encodeGlobalId("Firm", firmId) } }, globalIds(firmToken));
      expect(own.body.data.node.__typename).toBe("Firm");
      const other = await postJson({ query, variables: { id: encodeGlobalId("Firm", otherFirmId) } }, globalIds(firmToken));
      expect(other.body).toEqual({ data: { node: null }, extensions: expect.anything() });
      const missing = await postJson({ query, variables: { id: encodeGlobalId("Firm", "00000000-0000-4000-8000-000000000000") } }, globalIds(admin));
      expect(missing.body.data.node).toBeNull();
      const wrongType = await postJson({ query, variables: { id: encodeGlobalId("Loan", firmId) } }, globalIds(admin));
      expect(wrongType.body.data.node).toBeNull();

      const raw = await postJson({ query, variables: { id: firmId } }, globalIds(admin));
      expect(raw.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "id", rule: "id.global" }] });
    });

    it("nodes answers 50 ids of mixed types in order with one SQL statement per type, nulls where nothing is visible", async () => {
      const productIds: string[] = [];
      const certificationIds: string[] = [];
      const needIds: string[] = [];
      const firmIds: string[] = [firmId, otherFirmId];
      for (let i = 0; i < 6; i++) productIds.push((await createProduct(t, bankId, "140500")).id);
      for (let i = 0; i < 6; i++) certificationIds.push(await createCertification(t, firmId));
      for (let i = 0; i < 6; i++) needIds.push(await createNeed(t, firmId, bankId));
      for (let i = 0; i < 6; i++) firmIds.push((await registerFirm(t)).id);
      const ids = [
        ...productIds.map((id) => encodeGlobalId("LoanProduct", id)),
        ...certificationIds.map((id) => encodeGlobalId("Certification", id)),
        ...needIds.map((id) => encodeGlobalId("FinancingNeed", id)),
        ...firmIds.map((id) => encodeGlobalId("Firm", id)),
        encodeGlobalId("FinancialInstitution", bankId),
      ];
      while (ids.length < 50) ids.push(...ids.slice(0, 50 - ids.length));
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
      t.statements.reset();
      const res = await postJson({ query, variables: { ids } }, globalIds(admin));
      expect(t.statements.count).toBe(5);
      expect(res.body.data.nodes.map((n: any) => n.id)).toEqual(ids);

      // A FIRM sees its own firm, needs and certifications, not the others; the products it sees are those serving its region.
      const firmToken = await t.tokens.sign({ sub: "gid-firm", role: Role.FIRM, orgId: firmId });
      const mine = await postJson(
        { query, variables: { ids: [encodeGlobalId("Firm", firmId), encodeGlobalId("Firm", otherFirmId), encodeGlobalId("FinancingNeed", needIds[0]!), "not-an-id"] } },
        globalIds(firmToken),
      );
      expect(mine.body.data.nodes).toEqual([{ __typename: "Firm", id: encodeGlobalId("Firm", firmId) }, null, { __typename: "FinancingNeed", id: encodeGlobalId("FinancingNeed", needIds[0]!) }, null]);

      const tooMany = await postJson({ query, variables: { ids: Array.from({ length: 101 }, () => ids[0]) } }, globalIds(admin));
      expect(tooMany.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("orderBy and updatedSince", () => {
    const FIRMS = `query($first: Int, $after: String, $orderBy: FirmOrder, $since: DateTimeISO) {
      firms(first: $first, after: $after, orderBy: $orderBy, updatedSince: $since, filter: { nameContains: "排序" }) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id name createdAt updatedAt } }
      }
    }`;
    let sorted: string[];
    beforeAll(async () => {
      for (const name of ["排序丙有限公司", "排序甲有限公司", "排序乙有限公司", "排序丁有限公司"]) await registerFirm(t, { name });
      sorted = (await t.ds.query(`SELECT name FROM firm WHERE name LIKE '排序%' ORDER BY name, id`)).map((r: { name: string }) => r.name);
    });

    it("keeps the registration order by default, and sorts by NAME both ways, paging with cursors", async () => {
      const byDefault = await t.gqlOk(FIRMS, {});
      expect(byDefault.firms.edges.map((e: any) => e.node.name)).toEqual(["排序丙有限公司", "排序甲有限公司", "排序乙有限公司", "排序丁有限公司"]);
      const names = async (direction: string) => {
        const seen: string[] = [];
        let after: string | null = null;
        for (;;) {
          const data: any = await t.gqlOk(FIRMS, { first: 3, after, orderBy: { field: "NAME", direction } });
          seen.push(...data.firms.edges.map((e: any) => e.node.name));
          if (!data.firms.pageInfo.hasNextPage) return seen;
          after = data.firms.pageInfo.endCursor;
        }
      };
      expect(await names("ASC")).toEqual(sorted);
      expect(await names("DESC")).toEqual([...sorted].reverse());
    });

    it("refuses a cursor of one order with another (BAD_USER_INPUT), and still takes a cursor of the old format", async () => {
      const page = await t.gqlOk(FIRMS, { first: 1, orderBy: { field: "NAME" } });
      const res = await t.gql(FIRMS, { first: 1, after: page.firms.pageInfo.endCursor });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "after", rule: "cursor.order" }] });
      const desc = await t.gql(FIRMS, { first: 1, after: page.firms.pageInfo.endCursor, orderBy: { field: "NAME", direction: "DESC" } });
      expect(desc.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

      const first = await t.gqlOk(FIRMS, { first: 1 });
      const node = first.firms.edges[0].node;
      const old = encodeCursor({ createdAt: new Date(node.createdAt), id: node.id });
      expect(first.firms.pageInfo.endCursor).toBe(old);
      const next = await t.gqlOk(FIRMS, { first: 1, after: old });
      expect(next.firms.edges[0].node.name).toBe("排序甲有限公司");
    });

    it("syncs: updatedSince keeps what changed at or after the instant, ordered by updatedAt, and a change moves a record to the end", async () => {
      const all = await t.gqlOk(FIRMS, {});
      const latest = all.firms.edges.map((e: any) => e.node.updatedAt).sort().at(-1);
      const since = await t.gqlOk(FIRMS, { since: latest });
      expect(since.firms.edges.map((e: any) => e.node.updatedAt).every((u: string) => u >= latest)).toBe(true);
      expect(since.firms.totalCount).toBeLessThan(all.firms.totalCount);

      const first = all.firms.edges[0].node;
      await new Promise((r) => setTimeout(r, 5));
      await t.gqlOk(`mutation($input: UpdateFirmInput!) { updateFirm(input: $input) { id } }`, { input: { id: first.id, employees: 42 } });
      // The sync recipe: page through updatedSince = the last max updatedAt, ordered UPDATED_AT ASC.
      const seen: Array<{ id: string; updatedAt: string }> = [];
      let after: string | null = null;
      for (;;) {
        const data: any = await t.gqlOk(FIRMS, { first: 2, after, since: latest, orderBy: { field: "UPDATED_AT", direction: "ASC" } });
        seen.push(...data.firms.edges.map((e: any) => e.node));
        if (!data.firms.pageInfo.hasNextPage) break;
        after = data.firms.pageInfo.endCursor;
      }
      expect(seen.at(-1)!.id).toBe(first.id);
      expect(seen.map((n) => n.updatedAt)).toEqual(seen.map((n) => n.updatedAt).sort());
    });

    it("bumps updatedAt on status changes made with UPDATE statements (a withdrawn need shows up in the sync)", async () => {
      const needId = await createNeed(t, firmId, bankId);
      const before = await t.gqlOk(`query($id: ID!) { financingNeed(id: $id) { updatedAt } }`, { id: needId });
      await new Promise((r) => setTimeout(r, 5));
      const firm = await t.as({ role: Role.FIRM, orgId: firmId });
      await firm.gqlOk(`mutation($id: ID!) { withdrawFinancingNeed(input: { id: $id }) { id } }`, { id: needId });
      const synced = await t.gqlOk(`query($since: DateTimeISO) { financingNeeds(updatedSince: $since) { edges { node { id status } } } }`, {
        since: new Date(new Date(before.financingNeed.updatedAt).getTime() + 1).toISOString(),
      });
      expect(synced.financingNeeds.edges.map((e: any) => e.node)).toContainEqual({ id: needId, status: "WITHDRAWN" });
    });

    it("has orderBy and updatedSince on firms, financingNeeds, loanProducts, loans and applications", async () => {
      for (const [list, order] of [["loanProducts", "LoanProductOrder"], ["loans", "LoanOrder"], ["applications", "ApplicationOrder"], ["financingNeeds", "FinancingNeedOrder"]]) {
        const data = await t.gqlOk(`query($o: ${order}) { ${list}(first: 1, orderBy: $o, updatedSince: "2000-01-01T00:00:00Z") { totalCount } }`, { o: { field: "UPDATED_AT", direction: "DESC" } });
        expect(typeof (data as any)[list].totalCount).toBe("number");
      }
    });
  });
});
