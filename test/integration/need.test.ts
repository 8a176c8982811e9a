import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { makeCreditCode } from "../../src/domain/credit-code";
import { addDays, toChinaDate } from "../../src/domain/dates";
import { FinancingNeed } from "../../src/modules/need/financing-need.entity";
import { startTestApp, type ApiClient, type TestApp } from "../support/test-app";

const SUBMIT = `mutation($input: SubmitFinancingNeedInput!) {
  submitFinancingNeed(input: $input) {
    id amount termMonths purpose collateralOffered acceptsGuarantee maxAnnualRateBp neededBy renewalOfLoanId
    description status visibility withdrawnAt firm { id name } visibleTo { id name }
  }
}`;
const WITHDRAW = `mutation($input: WithdrawFinancingNeedInput!) { withdrawFinancingNeed(input: $input) { id status withdrawnAt } }`;
const LIST = `query($first: Int, $filter: FinancingNeedFilter) {
  financingNeeds(first: $first, filter: $filter) { totalCount edges { node { id } } }
}`;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

let seq = 0;

describe("financing needs over GraphQL", () => {
  let t: TestApp;
  const today = toChinaDate(new Date());
  const inAMonth = addDays(today, 30);
  let firmA: string; // 晋城 140500
  let firmB: string; // 杭州 330100
  let bankX: string;
  let bankY: string;
  let bankZ: string;

  async function registerFirm(name: string, regionCode: string): Promise<string> {
    seq++;
    const body = `M${String(process.pid % 10000).padStart(4, "0")}${String(seq).padStart(3, "0")}`;
    const data = await t.gqlOk(`mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id } }`, {
      input: { creditCode: makeCreditCode("91", regionCode, body), name, regionCode, industryCode: "C3411", size: "SMALL", foundedOn: "2015-03-01" },
    });
    return data.registerFirm.id;
  }

  async function createBank(name: string): Promise<string> {
    const data = await t.gqlOk(`mutation($input: CreateFinancialInstitutionInput!) { createFinancialInstitution(input: $input) { id } }`, {
      input: { name, shortName: name.slice(0, 10), type: "CITY_COMMERCIAL_BANK", regionCode: "140500" },
    });
    return data.createFinancialInstitution.id;
  }

  // Only a firm submits and withdraws its needs: each firm's client carries a FIRM token for it.
  const firmClients = new Map<string, ApiClient>();
  async function asFirm(firmId: string): Promise<ApiClient> {
    let client = firmClients.get(firmId);
    if (!client) {
      client = await t.as({ role: Role.FIRM, orgId: firmId });
      firmClients.set(firmId, client);
    }
    return client;
  }

  function needInput(firmId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { firmId, amount: "5000000", termMonths: 12, purpose: "WORKING_CAPITAL", neededBy: inAMonth, idempotencyKey: randomUUID(), ...overrides };
  }

  async function submit(firmId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const data = await (await asFirm(firmId)).gqlOk(SUBMIT, { input: needInput(firmId, overrides) });
    return data.submitFinancingNeed.id;
  }

  async function listIds(filter: Record<string, unknown>, first = 100): Promise<string[]> {
    const data = await t.gqlOk(LIST, { first, filter });
    return data.financingNeeds.edges.map((e: { node: { id: string } }) => e.node.id);
  }

  const needCount = () => t.ds.getRepository(FinancingNeed).count();
  const visibilityRowCount = async () =>
    Number((await t.ds.query(`SELECT count(*)::int AS n FROM financing_need_visible_institution`))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    firmA = await registerFirm("晋城测试精密机械有限公司", "140500");
    firmB = await registerFirm("杭州测试智能装备有限公司", "330100");
    bankX = await createBank("晋城银行测试分行");
    bankY = await createBank("浙商银行测试分行");
    bankZ = await createBank("泰隆银行测试分行");
    // The file's first need names banks, so every first page holds one (see the statement-count test).
    await submit(firmA, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankX] });
  });
  afterAll(async () => {
    await t.close();
  });

  describe("submit and read back", () => {
    it("submits an ALL_BANKS need OPEN and reads it back with its firm and an empty visibleTo", async () => {
      const input = needInput(firmA, {
        amount: "8000000.5",
        termMonths: 36,
        purpose: "TECH_UPGRADE",
        collateralOffered: ["EQUIPMENT", "INTELLECTUAL_PROPERTY", "EQUIPMENT"],
        acceptsGuarantee: false,
        maxAnnualRateBp: 450,
        description: "  数控机床技改  ",
      });
      const { submitFinancingNeed: need } = await (await asFirm(firmA)).gqlOk(SUBMIT, { input });
      const expected = {
        id: need.id,
        amount: "8000000.50",
        termMonths: 36,
        purpose: "TECH_UPGRADE",
        collateralOffered: ["EQUIPMENT", "INTELLECTUAL_PROPERTY"],
        acceptsGuarantee: false,
        maxAnnualRateBp: 450,
        neededBy: inAMonth,
        renewalOfLoanId: null,
        description: "数控机床技改",
        status: "OPEN",
        visibility: "ALL_BANKS",
        withdrawnAt: null,
        firm: { id: firmA, name: "晋城测试精密机械有限公司" },
        visibleTo: [],
      };
      expect(need).toEqual(expected);
      const read = await t.gqlOk(
        `query($id: ID!) { financingNeed(id: $id) {
          id amount termMonths purpose collateralOffered acceptsGuarantee maxAnnualRateBp neededBy renewalOfLoanId
          description status visibility withdrawnAt firm { id name } visibleTo { id name } } }`,
        { id: need.id },
      );
      expect(read.financingNeed).toEqual(expected);
    });

    it("applies the defaults: credit only, accepts a guarantee, no rate cap, ALL_BANKS", async () => {
      const { submitFinancingNeed: need } = await (await asFirm(firmB)).gqlOk(SUBMIT, { input: needInput(firmB) });
      expect(need).toMatchObject({ collateralOffered: [], acceptsGuarantee: true, maxAnnualRateBp: null, visibility: "ALL_BANKS", description: "" });
    });

    it("accepts a need for money today", async () => {
      const { submitFinancingNeed: need } = await (await asFirm(firmB)).gqlOk(SUBMIT, { input: needInput(firmB, { neededBy: today }) });
      expect(need.neededBy).toBe(today);
    });

    it("submits a SELECTED_BANKS need with its visibility rows (duplicates named once)", async () => {
      const rowsBefore = await visibilityRowCount();
      const { submitFinancingNeed: need } = await (await asFirm(firmB)).gqlOk(SUBMIT, {
        input: needInput(firmB, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankY, bankX, bankY] }),
      });
      expect(need.visibility).toBe("SELECTED_BANKS");
      expect(need.visibleTo.map((b: { name: string }) => b.name).sort()).toEqual(["晋城银行测试分行", "浙商银行测试分行"].sort());
      expect(await visibilityRowCount()).toBe(rowsBefore + 2);
      const rows: Array<{ institution_id: string }> = await t.ds.query(
        `SELECT institution_id FROM financing_need_visible_institution WHERE need_id = $1 ORDER BY institution_id`,
        [need.id],
      );
      expect(rows.map((r) => r.institution_id)).toEqual([bankX, bankY].sort());

      const read = await t.gqlOk(`query($id: ID!) { financingNeed(id: $id) { visibleTo { id } } }`, { id: need.id });
      expect(read.financingNeed.visibleTo.map((b: { id: string }) => b.id)).toEqual([bankX, bankY].sort());
    });

    it("answers NOT_FOUND for an unknown or malformed need id", async () => {
      for (const id of [UNKNOWN, "42"]) {
        const res = await t.gql(`query($id: ID!) { financingNeed(id: $id) { id } }`, { id });
        expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
        expect(res.errors?.[0]?.message).toContain(id);
      }
    });
  });

  describe("refusals write nothing", () => {
    it("refuses money sent as a JSON number (a float), in variables and inline", async () => {
      const before = await needCount();
      const viaVariables = await (await asFirm(firmA)).gql(SUBMIT, { input: needInput(firmA, { amount: 5000000.5 }) });
      expect(viaVariables.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(viaVariables.errors?.[0]?.message).toMatch(/decimal string/);
      const inline = await (await asFirm(firmA)).gql(`mutation { submitFinancingNeed(input: {
        firmId: "${firmA}", amount: 5000000.5, termMonths: 12, purpose: WORKING_CAPITAL, neededBy: "${inAMonth}", idempotencyKey: "inline-float" }) { id } }`);
      expect(inline.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(await needCount()).toBe(before);
    });

    const yesterday = addDays(toChinaDate(new Date()), -1);
    it.each<[string, Record<string, unknown>, string, string]>([
      ["amount zero", { amount: "0" }, "input.amount", "money.positive"],
      ["amount with three decimals", { amount: "1.005" }, "input.amount", "money.format"],
      ["amount with an exponent", { amount: "1e5" }, "input.amount", "money.format"],
      ["term 0 months", { termMonths: 0 }, "input.termMonths", "int.range"],
      ["term 361 months", { termMonths: 361 }, "input.termMonths", "int.range"],
      ["NONE in the collateral list", { collateralOffered: ["REAL_ESTATE", "NONE"] }, "input.collateralOffered", "collateral.none"],
      ["a rate cap above 2400 bp", { maxAnnualRateBp: 2401 }, "input.maxAnnualRateBp", "bp.range"],
      ["money needed yesterday", { neededBy: yesterday }, "input.neededBy", "date.notPast"],
      ["RENEWAL without a loan", { purpose: "RENEWAL" }, "input.renewalOfLoanId", "renewal.loanRequired"],
      ["a loan to renew without purpose RENEWAL", { renewalOfLoanId: UNKNOWN }, "input.renewalOfLoanId", "renewal.purposeMismatch"],
      ["SELECTED_BANKS naming no bank", { visibility: "SELECTED_BANKS" }, "input.visibleToInstitutionIds", "visibility.banksRequired"],
      ["ALL_BANKS naming a bank", { visibility: "ALL_BANKS", visibleToInstitutionIds: [UNKNOWN] }, "input.visibleToInstitutionIds", "visibility.banksForbidden"],
      ["a description over 2000 characters", { description: "x".repeat(2001) }, "input.description", "text.maxLength"],
    ])("refuses %s with BAD_USER_INPUT naming the field", async (_name, overrides, field, rule) => {
      const [needs, rows] = [await needCount(), await visibilityRowCount()];
      const res = await (await asFirm(firmA)).gql(SUBMIT, { input: needInput(firmA, overrides) });
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field, rule })]);
      expect(res.errors?.[0]?.message).toContain(field);
      expect(await needCount()).toBe(needs);
      expect(await visibilityRowCount()).toBe(rows);
    });

    it("refuses NONE with the instruction to leave the list empty", async () => {
      const res = await (await asFirm(firmA)).gql(SUBMIT, { input: needInput(firmA, { collateralOffered: ["NONE"] }) });
      expect(res.errors?.[0]?.message).toContain("leave the list empty to borrow on credit only");
    });

    it("reports every broken rule of one input at once", async () => {
      const res = await (await asFirm(firmA)).gql(SUBMIT, { input: needInput(firmA, { amount: "0", termMonths: 400, collateralOffered: ["NONE"] }) });
      const fields = (res.errors?.[0]?.extensions?.violations as Array<{ field: string }>).map((v) => v.field);
      expect(fields).toEqual(["input.amount", "input.termMonths", "input.collateralOffered"]);
    });

    it("answers NOT_FOUND naming input.firmId when the token's firm is not registered", async () => {
      const before = await needCount();
      const ghost = await t.as({ role: Role.FIRM, orgId: UNKNOWN });
      const res = await ghost.gql(SUBMIT, { input: needInput(UNKNOWN) });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.firmId", id: UNKNOWN });
      expect(res.errors?.[0]?.message).toContain(UNKNOWN);
      expect(await needCount()).toBe(before);
    });

    it("answers FORBIDDEN, not NOT_FOUND, for a firm id other than the caller's, so firm ids cannot be probed", async () => {
      const before = await needCount();
      for (const firmId of [UNKNOWN, "not-a-uuid"]) {
        const res = await (await asFirm(firmA)).gql(SUBMIT, { input: needInput(firmId) });
        expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
      expect(await needCount()).toBe(before);
    });

    it("answers NOT_FOUND naming input.visibleToInstitutionIds and the unknown bank, writing neither the need nor any row", async () => {
      const [needs, rows] = [await needCount(), await visibilityRowCount()];
      const res = await (await asFirm(firmA)).gql(SUBMIT, {
        input: needInput(firmA, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankX, UNKNOWN] }),
      });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.visibleToInstitutionIds", id: UNKNOWN });
      expect(await needCount()).toBe(needs);
      expect(await visibilityRowCount()).toBe(rows);
    });
  });

  describe("renewal needs", () => {
    let loanOfA: string;
    let loanOfB: string;

    beforeAll(async () => {
      const [product] = await t.ds.query(
        `INSERT INTO loan_product (institution_id, code, name, category, served_region_codes, min_amount, max_amount,
           min_term_months, max_term_months, purposes, accepted_collateral, pricing_type, fixed_rate_bp, approval_days,
           reserved_quota, valid_from, version)
         VALUES ($1, 'JC-SRDI-T', '专精特新贷(测试)', 'SRDI_LOAN', '{140500}', 100000, 10000000, 6, 36,
           '{WORKING_CAPITAL}', '{NONE}', 'FIXED', 380, 10, 100000000, '2024-01-01', 1) RETURNING id`,
        [bankX],
      );
      const insertLoan = async (firmId: string) =>
        (
          await t.ds.query(
            `INSERT INTO loan (firm_id, institution_id, product_id, principal, outstanding, annual_rate_bp, disbursed_on, matures_on)
             VALUES ($1, $2, $3, 3000000, 3000000, 380, '2025-06-01', '2026-06-01') RETURNING id`,
            [firmId, bankX, product.id],
          )
        )[0].id as string;
      loanOfA = await insertLoan(firmA);
      loanOfB = await insertLoan(firmB);
    });

    it("submits a RENEWAL need for the firm's own loan", async () => {
      const { submitFinancingNeed: need } = await (await asFirm(firmA)).gqlOk(SUBMIT, {
        input: needInput(firmA, { purpose: "RENEWAL", renewalOfLoanId: loanOfA, amount: "3000000.00" }),
      });
      expect(need).toMatchObject({ purpose: "RENEWAL", renewalOfLoanId: loanOfA, amount: "3000000.00", status: "OPEN" });
    });

    it("answers NOT_FOUND for another firm's loan exactly as for an unknown one (no probing)", async () => {
      const before = await needCount();
      const other = await (await asFirm(firmA)).gql(SUBMIT, { input: needInput(firmA, { purpose: "RENEWAL", renewalOfLoanId: loanOfB }) });
      expect(other.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.renewalOfLoanId", recordType: "Loan" });
      const unknown = await (await asFirm(firmA)).gql(SUBMIT, { input: needInput(firmA, { purpose: "RENEWAL", renewalOfLoanId: UNKNOWN }) });
      expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.renewalOfLoanId", recordType: "Loan" });
      expect(await needCount()).toBe(before);
    });
  });

  describe("withdraw", () => {
    it("withdraws an OPEN need, then refuses a second withdrawal with CONFLICT naming WITHDRAWN", async () => {
      const id = await submit(firmA);
      const a = await asFirm(firmA);
      const { withdrawFinancingNeed: first } = await a.gqlOk(WITHDRAW, { input: { id } });
      expect(first.status).toBe("WITHDRAWN");
      expect(Math.abs(Date.parse(first.withdrawnAt) - Date.now())).toBeLessThan(60_000);
      const stored = await t.ds.getRepository(FinancingNeed).findOneByOrFail({ id });
      expect(stored.status).toBe("WITHDRAWN");
      expect(stored.withdrawnAt?.toISOString()).toBe(new Date(first.withdrawnAt).toISOString());

      const again = await a.gql(WITHDRAW, { input: { id } });
      expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentStatus: "WITHDRAWN" });
      expect(again.errors?.[0]?.message).toContain("WITHDRAWN");
      const after = await t.ds.getRepository(FinancingNeed).findOneByOrFail({ id });
      expect(after.withdrawnAt?.toISOString()).toBe(stored.withdrawnAt?.toISOString());
    });

    it("withdraws a MATCHED need and refuses FINANCED and EXPIRED ones, naming the status", async () => {
      const matched = await submit(firmB);
      await t.ds.query(`UPDATE financing_need SET status = 'MATCHED' WHERE id = $1`, [matched]);
      const b = await asFirm(firmB);
      expect((await b.gqlOk(WITHDRAW, { input: { id: matched } })).withdrawFinancingNeed.status).toBe("WITHDRAWN");
      for (const status of ["FINANCED", "EXPIRED"]) {
        const id = await submit(firmB);
        await t.ds.query(`UPDATE financing_need SET status = $2 WHERE id = $1`, [id, status]);
        const res = await b.gql(WITHDRAW, { input: { id } });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentStatus: status });
        expect(res.errors?.[0]?.message).toContain(`is ${status}`);
        expect((await t.ds.getRepository(FinancingNeed).findOneByOrFail({ id })).status).toBe(status);
      }
    });

    it("answers NOT_FOUND for an unknown need", async () => {
      const res = await (await asFirm(firmA)).gql(WITHDRAW, { input: { id: UNKNOWN } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.id" });
    });
  });

  describe("list filters", () => {
    let kunming: string;
    let hangzhou2: string;
    const n: Record<string, string> = {};

    beforeAll(async () => {
      kunming = await registerFirm("昆明测试新材料有限公司", "530100");
      hangzhou2 = await registerFirm("杭州测试传感器有限公司", "330106");
      n.kAll = await submit(kunming, { amount: "1000000", neededBy: addDays(today, 10), purpose: "R_AND_D" });
      n.kX = await submit(kunming, { amount: "2000000", neededBy: addDays(today, 20), visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankX] });
      n.kYZ = await submit(kunming, { amount: "3000000", neededBy: addDays(today, 40), visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankY, bankZ] });
      n.kWithdrawn = await submit(kunming, { amount: "4000000", neededBy: addDays(today, 50) });
      await (await asFirm(kunming)).gqlOk(WITHDRAW, { input: { id: n.kWithdrawn } });
      n.h2 = await submit(hangzhou2, { amount: "2500000", neededBy: addDays(today, 25), visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankZ] });
    });

    it("filters by firm, in submission order, with totalCount", async () => {
      const data = await t.gqlOk(LIST, { first: 2, filter: { firmId: kunming } });
      expect(data.financingNeeds.totalCount).toBe(4);
      expect(data.financingNeeds.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([n.kAll, n.kX]);
    });

    it("filters by status and purpose", async () => {
      expect(await listIds({ firmId: kunming, status: "WITHDRAWN" })).toEqual([n.kWithdrawn]);
      expect(await listIds({ firmId: kunming, status: "OPEN" })).toEqual([n.kAll, n.kX, n.kYZ]);
      expect(await listIds({ firmId: kunming, purpose: "R_AND_D" })).toEqual([n.kAll]);
    });

    it("filters by the firm's region with the prefix rule", async () => {
      expect(await listIds({ regionCode: "530000" })).toEqual([n.kAll, n.kX, n.kYZ, n.kWithdrawn]);
      expect(await listIds({ regionCode: "330106" })).toEqual([n.h2]);
      const zhejiang = await listIds({ regionCode: "330000" });
      expect(zhejiang).toContain(n.h2);
      expect(zhejiang).not.toContain(n.kAll);
      const bad = await t.gql(LIST, { filter: { regionCode: "33" } });
      expect(bad.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.regionCode" })]);
    });

    it("shows a bank ALL_BANKS needs and the needs naming it, never a need hidden from it", async () => {
      expect(await listIds({ firmId: kunming, visibleToInstitutionId: bankX })).toEqual([n.kAll, n.kX, n.kWithdrawn]);
      expect(await listIds({ firmId: kunming, visibleToInstitutionId: bankY })).toEqual([n.kAll, n.kYZ, n.kWithdrawn]);
      expect(await listIds({ firmId: kunming, visibleToInstitutionId: bankZ })).toEqual([n.kAll, n.kYZ, n.kWithdrawn]);
      // Across every firm: bank X never sees a SELECTED_BANKS need that does not name it.
      const seenByX = await listIds({ visibleToInstitutionId: bankX });
      expect(seenByX).not.toContain(n.kYZ);
      expect(seenByX).not.toContain(n.h2);
      const hidden: Array<{ id: string }> = await t.ds.query(
        `SELECT n.id FROM financing_need n WHERE n.visibility = 'SELECTED_BANKS'
           AND NOT EXISTS (SELECT 1 FROM financing_need_visible_institution v WHERE v.need_id = n.id AND v.institution_id = $1)`,
        [bankX],
      );
      expect(hidden.length).toBeGreaterThanOrEqual(2);
      for (const { id } of hidden) expect(seenByX).not.toContain(id);
      const unknown = await t.gql(LIST, { filter: { visibleToInstitutionId: UNKNOWN } });
      expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "filter.visibleToInstitutionId" });
    });

    it("filters by date needed and amount, bounds inclusive", async () => {
      expect(await listIds({ firmId: kunming, neededByFrom: addDays(today, 20), neededByTo: addDays(today, 40) })).toEqual([n.kX, n.kYZ]);
      expect(await listIds({ firmId: kunming, minAmount: "2000000", maxAmount: "3000000.00" })).toEqual([n.kX, n.kYZ]);
      expect(await listIds({ firmId: kunming, minAmount: "2000000.01" })).toEqual([n.kYZ, n.kWithdrawn]);
      const reversed = await t.gql(LIST, { filter: { minAmount: "5", maxAmount: "1" } });
      expect(reversed.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.maxAmount", rule: "range.order" })]);
    });
  });

  describe("access control", () => {
    const GET = `query($id: ID!) { financingNeed(id: $id) { id firm { id } visibleTo { id } } }`;
    let shanxi: string; // 太原 140100
    let yunnan: string; // 昆明 530100
    let productOfX: string;
    const n: Record<string, string> = {};

    async function idsAs(client: ApiClient, filter: Record<string, unknown> = {}): Promise<string[]> {
      const data = await client.gqlOk(LIST, { first: 100, filter });
      return data.financingNeeds.edges.map((e: { node: { id: string } }) => e.node.id);
    }

    async function expectNotFound(client: ApiClient, id: string): Promise<void> {
      const res = await client.gql(GET, { id });
      expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      expect(res.errors?.[0]?.message).toContain(id);
      expect(res.data).toBeNull();
    }

    const stored = (id: string) => t.ds.getRepository(FinancingNeed).findOneByOrFail({ id });
    const needsOfFirm = (firmId: string) => t.ds.getRepository(FinancingNeed).countBy({ firmId });

    /** An application row of the need at the product, optionally asking an agency's guarantee (the application module does not exist yet). */
    async function insertApplication(needId: string, productId: string, agencyId: string | null): Promise<void> {
      await t.ds.query(
        `INSERT INTO application (need_id, product_id, guarantee_agency_id, guarantee_decision, status, version)
         VALUES ($1, $2, $3, $4, 'SUBMITTED', 1)`,
        [needId, productId, agencyId, agencyId === null ? null : "REQUESTED"],
      );
    }

    beforeAll(async () => {
      shanxi = await registerFirm("太原测试传感器有限公司", "140100");
      yunnan = await registerFirm("昆明测试光电材料有限公司", "530100");
      n.all = await submit(shanxi);
      n.x = await submit(shanxi, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankX] });
      n.y = await submit(shanxi, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankY] });
      n.xz = await submit(yunnan, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankZ, bankX] });
      n.yunnan = await submit(yunnan);
      const [product] = await t.ds.query(
        `INSERT INTO loan_product (institution_id, code, name, category, served_region_codes, min_amount, max_amount,
           min_term_months, max_term_months, purposes, accepted_collateral, pricing_type, fixed_rate_bp, approval_days,
           reserved_quota, valid_from, version)
         VALUES ($1, 'JC-ACCESS-T', '访问控制测试贷', 'SRDI_LOAN', '{140000}', 100000, 10000000, 6, 36,
           '{WORKING_CAPITAL}', '{NONE}', 'FIXED', 380, 10, 100000000, '2024-01-01', 1) RETURNING id`,
        [bankX],
      );
      productOfX = product.id;
    });

    describe("firms", () => {
      it("a firm reads and lists only its own needs; another firm's need reads as NOT_FOUND", async () => {
        const a = await asFirm(shanxi);
        expect((await a.gqlOk(GET, { id: n.all })).financingNeed).toEqual({ id: n.all, firm: { id: shanxi }, visibleTo: [] });
        await expectNotFound(a, n.yunnan);
        await expectNotFound(a, n.xz);
        expect(await idsAs(a)).toEqual([n.all, n.x, n.y]);
        expect(await idsAs(a, { firmId: yunnan })).toEqual([]);
        expect(await idsAs(await asFirm(yunnan))).toEqual([n.xz, n.yunnan]);
      });

      it("a firm may not withdraw another firm's need: FORBIDDEN, the need stays OPEN", async () => {
        const res = await (await asFirm(yunnan)).gql(WITHDRAW, { input: { id: n.all } });
        expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        expect(res.errors?.[0]?.message).toContain("The need belongs to another organisation");
        const need = await stored(n.all);
        expect(need.status).toBe("OPEN");
        expect(need.withdrawnAt).toBeNull();
      });

      it("a firm may not submit for another firm: FORBIDDEN, writing neither the need nor its visibility rows", async () => {
        const [needs, rows, ofYunnan] = [await needCount(), await visibilityRowCount(), await needsOfFirm(yunnan)];
        const res = await (await asFirm(shanxi)).gql(SUBMIT, {
          input: needInput(yunnan, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankX] }),
        });
        expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        expect(res.errors?.[0]?.message).toContain("The firm belongs to another organisation");
        expect(await needCount()).toBe(needs);
        expect(await visibilityRowCount()).toBe(rows);
        expect(await needsOfFirm(yunnan)).toBe(ofYunnan);
      });

      it("an onboarding token (credit code, no firm yet) sees no need and may submit none", async () => {
        const onboarding = await t.as({ role: Role.FIRM, creditCode: makeCreditCode("91", "140100", "MA999999") });
        expect(await idsAs(onboarding)).toEqual([]);
        const before = await needCount();
        const res = await onboarding.gql(SUBMIT, { input: needInput(shanxi) });
        expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        expect(await needCount()).toBe(before);
      });
    });

    describe("banks", () => {
      it("a bank sees ALL_BANKS needs and SELECTED_BANKS needs naming it, never one naming only another bank", async () => {
        const x = await t.as({ role: Role.BANK, orgId: bankX });
        for (const id of [n.all, n.x, n.xz, n.yunnan]) expect((await x.gqlOk(GET, { id })).financingNeed.id).toBe(id);
        await expectNotFound(x, n.y);
        expect(await idsAs(x, { firmId: shanxi })).toEqual([n.all, n.x]);
        expect(await idsAs(x, { firmId: yunnan })).toEqual([n.xz, n.yunnan]);
        const everything = await idsAs(x);
        const hidden: Array<{ id: string }> = await t.ds.query(
          `SELECT n.id FROM financing_need n WHERE n.visibility = 'SELECTED_BANKS'
             AND NOT EXISTS (SELECT 1 FROM financing_need_visible_institution v WHERE v.need_id = n.id AND v.institution_id = $1)`,
          [bankX],
        );
        expect(hidden.map((h) => h.id)).toContain(n.y);
        for (const { id } of hidden) expect(everything).not.toContain(id);

        const y = await t.as({ role: Role.BANK, orgId: bankY });
        await expectNotFound(y, n.x);
        await expectNotFound(y, n.xz);
        expect(await idsAs(y, { firmId: shanxi })).toEqual([n.all, n.y]);
      });

      it("the visibleToInstitutionId filter still narrows inside the bank's scope", async () => {
        const x = await t.as({ role: Role.BANK, orgId: bankX });
        // Bank X asking for what bank Y may see gets only what both may see.
        expect(await idsAs(x, { firmId: shanxi, visibleToInstitutionId: bankY })).toEqual([n.all]);
        expect(await idsAs(x, { firmId: yunnan, visibleToInstitutionId: bankZ })).toEqual([n.xz, n.yunnan]);
      });

      it("visibleTo: a bank sees only itself in the list; the firm, a regulator and the ADMIN see every named bank", async () => {
        const x = await t.as({ role: Role.BANK, orgId: bankX });
        expect((await x.gqlOk(GET, { id: n.xz })).financingNeed.visibleTo).toEqual([{ id: bankX }]);
        expect((await x.gqlOk(GET, { id: n.x })).financingNeed.visibleTo).toEqual([{ id: bankX }]);
        const z = await t.as({ role: Role.BANK, orgId: bankZ });
        expect((await z.gqlOk(GET, { id: n.xz })).financingNeed.visibleTo).toEqual([{ id: bankZ }]);
        const nested = await x.gqlOk(`query($filter: FinancingNeedFilter) { financingNeeds(first: 100, filter: $filter) { edges { node { id visibleTo { id } } } } }`, {
          filter: { firmId: yunnan },
        });
        expect(nested.financingNeeds.edges.map((e: { node: unknown }) => e.node)).toEqual([
          { id: n.xz, visibleTo: [{ id: bankX }] },
          { id: n.yunnan, visibleTo: [] },
        ]);

        const all = [bankX, bankZ].sort().map((id) => ({ id }));
        const regulator = await t.as({ role: Role.REGULATOR, regionCode: "530000" });
        for (const client of [await asFirm(yunnan), regulator, t]) {
          expect((await client.gqlOk(GET, { id: n.xz })).financingNeed.visibleTo).toEqual(all);
        }
      });

      it("a bank also sees a need applied for at one of its products, but none of the other banks it names", async () => {
        const onlyY = await submit(shanxi, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankY] });
        const x = await t.as({ role: Role.BANK, orgId: bankX });
        await expectNotFound(x, onlyY);
        await insertApplication(onlyY, productOfX, null);
        expect((await x.gqlOk(GET, { id: onlyY })).financingNeed).toEqual({ id: onlyY, firm: { id: shanxi }, visibleTo: [] });
        expect(await idsAs(x, { firmId: shanxi })).toEqual([n.all, n.x, onlyY]);
        await expectNotFound(await t.as({ role: Role.BANK, orgId: bankZ }), onlyY);
      });
    });

    describe("regions", () => {
      it("a REGULATOR of 140000 sees every Shanxi need, whatever its visibility, and no Yunnan one", async () => {
        const regulator = await t.as({ role: Role.REGULATOR, regionCode: "140000" });
        for (const id of [n.all, n.x, n.y]) expect((await regulator.gqlOk(GET, { id })).financingNeed.id).toBe(id);
        await expectNotFound(regulator, n.xz);
        await expectNotFound(regulator, n.yunnan);
        expect(await idsAs(regulator, { firmId: yunnan })).toEqual([]);
        const listed = await idsAs(regulator);
        expect(listed).toEqual(expect.arrayContaining([n.all, n.x, n.y]));
        const inShanxi: Array<{ id: string }> = await t.ds.query(
          `SELECT n.id FROM financing_need n JOIN firm f ON f.id = n.firm_id WHERE f.region_code LIKE '14%' ORDER BY n.created_at, n.id`,
        );
        expect(listed).toEqual(inShanxi.map((r) => r.id));
      });

      it("a BUREAU of 530100 sees the Kunming needs only", async () => {
        const bureau = await t.as({ role: Role.BUREAU, regionCode: "530100" });
        expect(await idsAs(bureau, { firmId: yunnan })).toEqual([n.xz, n.yunnan]);
        await expectNotFound(bureau, n.all);
        // The region filter narrows inside the scope: Shanxi asked of a Kunming bureau is nothing.
        expect(await idsAs(bureau, { regionCode: "140000" })).toEqual([]);
      });
    });

    describe("guarantors", () => {
      it("a GUARANTOR sees a need only once an application asks its guarantee", async () => {
        const agency = await t.gqlOk(`mutation($input: CreateGuaranteeAgencyInput!) { createGuaranteeAgency(input: $input) { id } }`, {
          input: {
            name: "山西测试融资担保有限公司",
            regionCode: "140000",
            tiersServed: ["SPECIALIZED_SME", "LITTLE_GIANT"],
            feeRateBp: 80,
            maxAmountPerFirm: "10000000.00",
            capacity: "2000000000.00",
          },
        });
        const agencyId: string = agency.createGuaranteeAgency.id;
        const guarantor = await t.as({ role: Role.GUARANTOR, orgId: agencyId });
        const needId = await submit(shanxi, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankX] });
        await expectNotFound(guarantor, needId);
        await expectNotFound(guarantor, n.all);
        expect(await idsAs(guarantor)).toEqual([]);

        await insertApplication(needId, productOfX, agencyId);
        expect((await guarantor.gqlOk(GET, { id: needId })).financingNeed).toEqual({ id: needId, firm: { id: shanxi }, visibleTo: [{ id: bankX }] });
        expect(await idsAs(guarantor)).toEqual([needId]);
        await expectNotFound(guarantor, n.all);
        // Another agency still sees nothing of it.
        await expectNotFound(await t.as({ role: Role.GUARANTOR, orgId: UNKNOWN }), needId);
      });
    });

    describe("only the firm itself submits and withdraws", () => {
      const callers: Record<string, () => Promise<ApiClient>> = {
        ADMIN: async () => t,
        BANK: () => t.as({ role: Role.BANK, orgId: bankX }),
        GUARANTOR: () => t.as({ role: Role.GUARANTOR, orgId: UNKNOWN }),
        BUREAU: () => t.as({ role: Role.BUREAU, regionCode: "140000" }),
        REGULATOR: () => t.as({ role: Role.REGULATOR, regionCode: "140000" }),
      };
      it.each(Object.keys(callers))("a %s submitting or withdrawing gets FORBIDDEN and writes nothing", async (role) => {
        const client = await callers[role]!();
        const [needs, rows] = [await needCount(), await visibilityRowCount()];
        const submitted = await client.gql(SUBMIT, { input: needInput(shanxi, { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankX] }) });
        expect(submitted.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", mutation: "submitFinancingNeed" });
        expect(submitted.errors?.[0]?.message).toContain(`${role} callers may not run submitFinancingNeed`);
        expect(await needCount()).toBe(needs);
        expect(await visibilityRowCount()).toBe(rows);

        const withdrawn = await client.gql(WITHDRAW, { input: { id: n.x } });
        expect(withdrawn.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", mutation: "withdrawFinancingNeed" });
        expect((await stored(n.x)).status).toBe("OPEN");
      });

      it("answers UNAUTHENTICATED without a token, reading and writing nothing", async () => {
        const before = await needCount();
        for (const [query, variables] of [
          [GET, { id: n.all }],
          [LIST, {}],
          [SUBMIT, { input: needInput(shanxi) }],
          [WITHDRAW, { input: { id: n.all } }],
        ] as const) {
          const res = await t.anonymous.gql(query, variables);
          expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
          expect(res.data ?? null).toBeNull(); // 401 before execution: no data at all
        }
        expect(await needCount()).toBe(before);
        expect((await stored(n.all)).status).toBe("OPEN");
      });
    });
  });

  describe("nested lists are batched", () => {
    const NESTED = `query($first: Int) { financingNeeds(first: $first) { edges { node { firm { name } visibleTo { name } } } } }`;

    async function statementsFor(first: number): Promise<{ count: number; nodes: number }> {
      t.statements.reset();
      const data = await t.gqlOk(NESTED, { first });
      return { count: t.statements.count, nodes: data.financingNeeds.edges.length };
    }

    it("sends the same number of SQL statements for 2 and for 10 needs", async () => {
      const firms = [firmA, firmB];
      while ((await needCount()) < 12) {
        const i = await needCount();
        await submit(firms[i % 2]!, i % 3 === 0 ? { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankY, bankZ] } : {});
      }
      const two = await statementsFor(2);
      const ten = await statementsFor(10);
      expect(two.nodes).toBe(2);
      expect(ten.nodes).toBe(10);
      // One page query, one firm batch, one visibility batch, one institution batch.
      expect(ten.count).toBe(4);
      expect(two.count).toBe(ten.count);
    });
  });
});
