import { Role } from "../../src/domain/access";
import { toChinaDate } from "../../src/domain/dates";
import { LoanProduct } from "../../src/modules/loan-product/loan-product.entity";
import { LoanProductTierDiscount } from "../../src/modules/loan-product/loan-product-tier-discount.entity";
import { createInstitution, registerFirm } from "../support/fixtures";
import { startTestApp, type ApiClient, type TestApp } from "../support/test-app";

const FIELDS = `id code name category status version minTier minLevel servedRegionCodes industryPrefixes minAmount maxAmount
  minTermMonths maxTermMonths purposes acceptedCollateral pricingType fixedRateBp lprTenor spreadBp requiresGuarantee approvalDays
  greenChannel reservedQuota usedQuota quotaRemaining validFrom validTo renewalWindowDays
  institution { id name } tierDiscounts { tier discountBp }`;
const CREATE = `mutation($input: CreateLoanProductInput!) { createLoanProduct(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateLoanProductInput!) { updateLoanProduct(input: $input) { ${FIELDS} } }`;
const ARCHIVE = `mutation($input: ArchiveLoanProductInput!) { archiveLoanProduct(input: $input) { id status version } }`;
const GET = `query($id: ID!) { loanProduct(id: $id) { ${FIELDS} } }`;
const SET_LPR = `mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id rateBp } }`;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

let codeSeq = 0;
function productInput(institutionId: string, overrides: Record<string, unknown> = {}) {
  codeSeq++;
  return {
    institutionId,
    code: `SRDI-${String(codeSeq).padStart(3, "0")}`,
    name: "晋城银行专精特新贷",
    category: "SRDI_LOAN",
    description: "面向专精特新企业的流动资金贷款",
    minTier: "SPECIALIZED_SME",
    minLevel: "MUNICIPAL",
    servedRegionCodes: ["140500"],
    industryPrefixes: ["C"],
    minAmount: "100000",
    maxAmount: "10000000",
    minTermMonths: 6,
    maxTermMonths: 36,
    purposes: ["WORKING_CAPITAL", "R_AND_D"],
    acceptedCollateral: ["NONE", "INTELLECTUAL_PROPERTY"],
    pricingType: "LPR_SPREAD",
    lprTenor: "ONE_YEAR",
    spreadBp: 45,
    approvalDays: 7,
    greenChannel: true,
    reservedQuota: "100000000",
    validFrom: "2026-01-01",
    validTo: "2026-12-31",
    tierDiscounts: [
      { tier: "LITTLE_GIANT", discountBp: 30 },
      { tier: "SPECIALIZED_SME", discountBp: 10 },
    ],
    ...overrides,
  };
}

describe("loan products over GraphQL", () => {
  let t: TestApp;
  let bank: string;
  /** Staff of `bank`: only a BANK publishes and changes products, and only its own. */
  let asBank: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    bank = await createInstitution(t, "晋城银行股份有限公司产品测试");
    asBank = await t.as({ role: Role.BANK, orgId: bank });
  });
  afterAll(async () => {
    await t.close();
  });

  const bankClients = new Map<string, Promise<ApiClient>>();
  /** A BANK client of the institution (one token per institution). */
  const staffOf = (institutionId: string): Promise<ApiClient> => {
    if (!bankClients.has(institutionId)) bankClients.set(institutionId, t.as({ role: Role.BANK, orgId: institutionId }));
    return bankClients.get(institutionId)!;
  };
  const productCount = () => t.ds.getRepository(LoanProduct).count();
  const discountCount = () => t.ds.getRepository(LoanProductTierDiscount).count();
  /** Published by the institution's own staff. */
  const create = async (overrides: Record<string, unknown> = {}, institutionId = bank) =>
    (await (await staffOf(institutionId)).gqlOk(CREATE, { input: productInput(institutionId, overrides) })).createLoanProduct;

  it("names the served regions and refuses a served region that does not exist", async () => {
    const created = await create({ servedRegionCodes: ["140581", "140000"] });
    const read = await asBank.gqlOk(`query($id: ID!) { loanProduct(id: $id) { servedRegions { code name } } }`, { id: created.id });
    expect(read.loanProduct.servedRegions).toEqual([
      { code: "140581", name: "高平市" },
      { code: "140000", name: "山西省" },
    ]);
    const res = await (await staffOf(bank)).gql(CREATE, { input: productInput(bank, { servedRegionCodes: ["140500", "123456"] }) });
    expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input.servedRegionCodes[1]", rule: "regionCode.unknown" })]);
  });

  describe("lifecycle", () => {
    it("creates, reads, updates under optimistic locking and archives once", async () => {
      const input = productInput(bank, { code: "  JC-LIFE-01 ", servedRegionCodes: ["140500", "140000", "140500"], minAmount: "100000.5" });
      const created = (await asBank.gqlOk(CREATE, { input })).createLoanProduct;
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: "JC-LIFE-01",
        name: "晋城银行专精特新贷",
        category: "SRDI_LOAN",
        status: "ACTIVE",
        version: 1,
        minTier: "SPECIALIZED_SME",
        minLevel: "MUNICIPAL",
        servedRegionCodes: ["140500", "140000"],
        industryPrefixes: ["C"],
        minAmount: "100000.50",
        maxAmount: "10000000.00",
        minTermMonths: 6,
        maxTermMonths: 36,
        purposes: ["WORKING_CAPITAL", "R_AND_D"],
        acceptedCollateral: ["NONE", "INTELLECTUAL_PROPERTY"],
        pricingType: "LPR_SPREAD",
        fixedRateBp: null,
        lprTenor: "ONE_YEAR",
        spreadBp: 45,
        requiresGuarantee: false,
        approvalDays: 7,
        greenChannel: true,
        reservedQuota: "100000000.00",
        usedQuota: "0.00",
        quotaRemaining: "100000000.00",
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
        renewalWindowDays: null,
        institution: { id: bank, name: "晋城银行股份有限公司产品测试" },
        // In tier order, whatever the input order.
        tierDiscounts: [
          { tier: "SPECIALIZED_SME", discountBp: 10 },
          { tier: "LITTLE_GIANT", discountBp: 30 },
        ],
      });
      expect((await asBank.gqlOk(GET, { id: created.id })).loanProduct).toEqual(created);

      // Update some fields with the current version.
      const updated = (
        await asBank.gqlOk(UPDATE, {
          input: { id: created.id, version: 1, name: "专精特新贷（2026版）", maxAmount: "20000000", validTo: null, tierDiscounts: [{ tier: "SINGLE_CHAMPION", discountBp: 60 }] },
        })
      ).updateLoanProduct;
      expect(updated).toEqual({
        ...created,
        name: "专精特新贷（2026版）",
        maxAmount: "20000000.00",
        validTo: null,
        version: 2,
        tierDiscounts: [{ tier: "SINGLE_CHAMPION", discountBp: 60 }],
      });

      // A stale version is refused and changes nothing.
      const stale = await asBank.gql(UPDATE, { input: { id: created.id, version: 1, name: "过期的修改" } });
      expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2, field: "input.version" });
      expect(stale.errors?.[0]?.message).toContain("now at version 2");
      expect((await asBank.gqlOk(GET, { id: created.id })).loanProduct).toEqual(updated);

      // Changing only the tier discounts still moves the version.
      const discountsOnly = (await asBank.gqlOk(UPDATE, { input: { id: created.id, version: 2, tierDiscounts: [] } })).updateLoanProduct;
      expect(discountsOnly).toMatchObject({ version: 3, tierDiscounts: [] });

      // Giving pricingType replaces the pricing as a whole.
      const fixed = (await asBank.gqlOk(UPDATE, { input: { id: created.id, version: 3, pricingType: "FIXED", fixedRateBp: 385 } })).updateLoanProduct;
      expect(fixed).toMatchObject({ version: 4, pricingType: "FIXED", fixedRateBp: 385, lprTenor: null, spreadBp: null });

      // Archive once; a second time is a conflict naming the state; an archived product cannot be changed.
      expect((await asBank.gqlOk(ARCHIVE, { input: { id: created.id } })).archiveLoanProduct).toEqual({ id: created.id, status: "ARCHIVED", version: 5 });
      const again = await asBank.gql(ARCHIVE, { input: { id: created.id } });
      expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentStatus: "ARCHIVED" });
      expect(again.errors?.[0]?.message).toContain("already ARCHIVED");
      const changeArchived = await asBank.gql(UPDATE, { input: { id: created.id, version: 5, name: "复活" } });
      expect(changeArchived.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentStatus: "ARCHIVED" });
      expect((await asBank.gqlOk(GET, { id: created.id })).loanProduct).toMatchObject({ status: "ARCHIVED", version: 5, name: "专精特新贷（2026版）" });
    });

    it("moves a product to a non-renewal category dropping its renewal window, and back only with a window", async () => {
      const renewal = await create({ category: "RENEWAL_WITHOUT_REPAYMENT", renewalWindowDays: 60, purposes: ["RENEWAL"] });
      expect(renewal.renewalWindowDays).toBe(60);
      const moved = (await asBank.gqlOk(UPDATE, { input: { id: renewal.id, version: 1, category: "REVOLVING_LOAN" } })).updateLoanProduct;
      expect(moved).toMatchObject({ category: "REVOLVING_LOAN", renewalWindowDays: null, version: 2 });
      const back = await asBank.gql(UPDATE, { input: { id: renewal.id, version: 2, category: "RELAY_LOAN" } });
      expect(back.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input.renewalWindowDays", rule: "renewalWindow.required" })]);
      const backOk = (await asBank.gqlOk(UPDATE, { input: { id: renewal.id, version: 2, category: "RELAY_LOAN", renewalWindowDays: 30 } })).updateLoanProduct;
      expect(backOk).toMatchObject({ category: "RELAY_LOAN", renewalWindowDays: 30, version: 3 });
    });

    it("refuses an update that breaks a rule of the merged product, and changes nothing", async () => {
      const product = await create();
      const res = await asBank.gql(UPDATE, { input: { id: product.id, version: 1, minAmount: "50000000", name: "新名字" } });
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input.maxAmount", rule: "range.order" })]);
      expect((await asBank.gqlOk(GET, { id: product.id })).loanProduct).toEqual(product);

      const pricing = await asBank.gql(UPDATE, { input: { id: product.id, version: 1, fixedRateBp: 400 } });
      expect(pricing.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input.fixedRateBp", rule: "pricing.notAllowed" })]);

      const empty = await asBank.gql(UPDATE, { input: { id: product.id, version: 1 } });
      expect(empty.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input", rule: "update.empty" })]);
      expect((await asBank.gqlOk(GET, { id: product.id })).loanProduct.version).toBe(1);
    });

    it("refuses to lower the reserved quota below the used quota with CONFLICT", async () => {
      const product = await create({ reservedQuota: "5000000" });
      await t.ds.getRepository(LoanProduct).update(product.id, { usedQuota: "3000000.00" });
      const read = (await asBank.gqlOk(GET, { id: product.id })).loanProduct;
      expect(read).toMatchObject({ usedQuota: "3000000.00", quotaRemaining: "2000000.00" });

      const res = await asBank.gql(UPDATE, { input: { id: product.id, version: read.version, reservedQuota: "2999999.99" } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.reservedQuota", usedQuota: "3000000.00" });
      expect((await asBank.gqlOk(GET, { id: product.id })).loanProduct.reservedQuota).toBe("5000000.00");

      const ok = (await asBank.gqlOk(UPDATE, { input: { id: product.id, version: read.version, reservedQuota: "3000000" } })).updateLoanProduct;
      expect(ok).toMatchObject({ reservedQuota: "3000000.00", quotaRemaining: "0.00" });
    });
  });

  describe("refusals", () => {
    it.each([
      ["an empty name", { name: " " }, "input.name", "text.required"],
      ["no served region", { servedRegionCodes: [] }, "input.servedRegionCodes", "list.required"],
      ["a malformed region", { servedRegionCodes: ["14050"] }, "input.servedRegionCodes[0]", "regionCode.format"],
      ["a malformed industry prefix", { industryPrefixes: ["C3"] }, "input.industryPrefixes[0]", "industryCode.format"],
      ["min above max amount", { minAmount: "20000000" }, "input.maxAmount", "range.order"],
      ["a term over 360 months", { maxTermMonths: 480 }, "input.maxTermMonths", "int.range"],
      ["no purpose", { purposes: [] }, "input.purposes", "list.required"],
      ["a fixed rate on an LPR product", { fixedRateBp: 385 }, "input.fixedRateBp", "pricing.notAllowed"],
      ["FIXED without a rate", { pricingType: "FIXED", lprTenor: null, spreadBp: null }, "input.fixedRateBp", "pricing.required"],
      ["a spread below -500", { spreadBp: -600 }, "input.spreadBp", "bp.range"],
      ["zero approval days", { approvalDays: 0 }, "input.approvalDays", "int.range"],
      ["an end before the start", { validTo: "2025-12-31" }, "input.validTo", "date.order"],
      ["a renewal product without a window", { category: "RELAY_LOAN" }, "input.renewalWindowDays", "renewalWindow.required"],
      ["a window on a non-renewal product", { renewalWindowDays: 30 }, "input.renewalWindowDays", "renewalWindow.notAllowed"],
      ["a tier discounted twice", { tierDiscounts: [{ tier: "LITTLE_GIANT", discountBp: 1 }, { tier: "LITTLE_GIANT", discountBp: 2 }] }, "input.tierDiscounts[1].tier", "tierDiscount.duplicate"],
      ["a discount over 1000 bp", { tierDiscounts: [{ tier: "LITTLE_GIANT", discountBp: 1500 }] }, "input.tierDiscounts[0].discountBp", "bp.range"],
    ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_name, overrides, field, rule) => {
      const [products, discounts] = [await productCount(), await discountCount()];
      const res = await asBank.gql(CREATE, { input: productInput(bank, overrides) });
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field, rule })]);
      expect(res.errors?.[0]?.message).toContain(field);
      expect([await productCount(), await discountCount()]).toEqual([products, discounts]);
    });

    it("refuses money sent as a number, and reports every broken rule at once", async () => {
      const before = await productCount();
      const float = await asBank.gql(CREATE, { input: productInput(bank, { minAmount: 100000.5 }) });
      expect(float.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const many = await asBank.gql(CREATE, { input: productInput(bank, { code: "", purposes: [], spreadBp: 2000, approvalDays: 400 }) });
      const fields = (many.errors?.[0]?.extensions?.violations as Array<{ field: string }>).map((v) => v.field);
      expect(fields).toEqual(["input.code", "input.purposes", "input.spreadBp", "input.approvalDays"]);
      expect(await productCount()).toBe(before);
    });

    it("answers NOT_FOUND for an unknown or malformed institution, naming input.institutionId, and writes nothing", async () => {
      const before = await productCount();
      for (const id of [UNKNOWN, "42"]) {
        const res = await asBank.gql(CREATE, { input: productInput(id) });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", recordType: "FinancialInstitution", id, field: "input.institutionId" });
      }
      expect(await productCount()).toBe(before);
    });

    it("answers NOT_FOUND for unknown product ids in queries and mutations", async () => {
      for (const id of [UNKNOWN, "42"]) {
        expect((await t.gql(GET, { id })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
        expect((await asBank.gql(UPDATE, { input: { id, version: 1, name: "x" } })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
        expect((await asBank.gql(ARCHIVE, { input: { id } })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      }
    });

    it("refuses a code the bank already uses with CONFLICT, but lets another bank use it", async () => {
      const first = await create({ code: "DUP-1" });
      const before = await productCount();
      const dup = await asBank.gql(CREATE, { input: productInput(bank, { code: " DUP-1" }) });
      expect(dup.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.code", existingId: first.id });
      expect(await productCount()).toBe(before);
      const other = await createInstitution(t, "中国银行晋城分行产品测试");
      expect((await create({ code: "DUP-1" }, other)).institution.id).toBe(other);
    });
  });

  describe("loanProducts filters", () => {
    let filterBank: string;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      filterBank = await createInstitution(t, "筛选测试银行");
      ids.shanxi = (await create({ servedRegionCodes: ["140000"], minTier: "LITTLE_GIANT", purposes: ["WORKING_CAPITAL"] }, filterBank)).id;
      ids.jincheng = (await create({ category: "FACTORY_LOAN", servedRegionCodes: ["140500"], minTier: null, purposes: ["FIXED_ASSETS"] }, filterBank)).id;
      ids.zhejiang = (await create({ category: "CREDIT_LOAN", servedRegionCodes: ["330000", "320000"], purposes: ["WORKING_CAPITAL", "R_AND_D"] }, filterBank)).id;
      ids.county = (
        await create(
          { category: "RENEWAL_WITHOUT_REPAYMENT", servedRegionCodes: ["140522"], minTier: null, purposes: ["RENEWAL"], renewalWindowDays: 60 },
          filterBank,
        )
      ).id;
      await (await staffOf(filterBank)).gqlOk(ARCHIVE, { input: { id: ids.county } });
    });

    const list = async (filter: Record<string, unknown>) => {
      const data = await t.gqlOk(`query($filter: LoanProductFilter) { loanProducts(first: 50, filter: $filter) { totalCount edges { node { id } } } }`, {
        filter: { institutionId: filterBank, ...filter },
      });
      const found = data.loanProducts.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(data.loanProducts.totalCount).toBe(found.length);
      return found;
    };

    it.each<[string, Record<string, unknown>, string[]]>([
      ["the bank", {}, ["shanxi", "jincheng", "zhejiang", "county"]],
      ["a county in Jincheng: its province, prefecture and itself", { servesRegionCode: "140522" }, ["shanxi", "jincheng", "county"]],
      ["another county in Jincheng", { servesRegionCode: "140581" }, ["shanxi", "jincheng"]],
      ["the Jincheng prefecture code itself", { servesRegionCode: "140500" }, ["shanxi", "jincheng"]],
      ["a Taiyuan district: only the province-wide product", { servesRegionCode: "140105" }, ["shanxi"]],
      ["Hangzhou, through the second served province", { servesRegionCode: "320102" }, ["zhejiang"]],
      ["a region nobody serves", { servesRegionCode: "530102" }, []],
      ["the category", { category: "FACTORY_LOAN" }, ["jincheng"]],
      ["the status", { status: "ARCHIVED" }, ["county"]],
      ["a purpose", { purpose: "WORKING_CAPITAL" }, ["shanxi", "zhejiang"]],
      ["the tier a firm holds: no minimum or a minimum at or below it", { minTierAtMost: "SPECIALIZED_SME" }, ["jincheng", "zhejiang", "county"]],
      ["the lowest tier", { minTierAtMost: "INNOVATIVE_SME" }, ["jincheng", "county"]],
      ["several filters together", { servesRegionCode: "140522", status: "ACTIVE", minTierAtMost: "SINGLE_CHAMPION" }, ["shanxi", "jincheng"]],
    ])("by %s", async (_name, filter, expected) => {
      expect(await list(filter)).toEqual(expected.map((k) => ids[k]));
    });

    it("returns nothing for an unknown bank and refuses a malformed region", async () => {
      expect(await list({ institutionId: UNKNOWN })).toEqual([]);
      const res = await t.gql(`query { loanProducts(filter: { servesRegionCode: "1405" }) { totalCount } }`);
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.servesRegionCode", rule: "regionCode.format" })]);
    });
  });

  describe("publishedRateBp", () => {
    const RATE = `query($id: ID!, $on: LocalDate) { loanProduct(id: $id) { publishedRateBp(on: $on) } }`;
    const rateOn = async (id: string, on?: string) => (await t.gqlOk(RATE, { id, on })).loanProduct.publishedRateBp;

    it("follows the LPR in force on the date, changing exactly on the effective date", async () => {
      await t.gqlOk(SET_LPR, { input: { tenor: "FIVE_YEAR", effectiveOn: "2025-05-20", rateBp: 350 } });
      await t.gqlOk(SET_LPR, { input: { tenor: "FIVE_YEAR", effectiveOn: "2026-03-20", rateBp: 340 } });
      const lpr = await create({ lprTenor: "FIVE_YEAR", spreadBp: -20 });
      const fixed = await create({ pricingType: "FIXED", fixedRateBp: 420, lprTenor: null, spreadBp: null });

      expect(await rateOn(lpr.id, "2025-05-19")).toBeNull();
      expect(await rateOn(lpr.id, "2025-05-20")).toBe(330);
      expect(await rateOn(lpr.id, "2026-03-19")).toBe(330);
      expect(await rateOn(lpr.id, "2026-03-20")).toBe(320);
      expect(await rateOn(fixed.id, "2020-01-01")).toBe(420);
      // Default: today in China.
      const today = toChinaDate(new Date());
      expect(await rateOn(lpr.id)).toBe(today >= "2026-03-20" ? 320 : today >= "2025-05-20" ? 330 : null);

      // A correction of the same date changes the published rate.
      await t.gqlOk(SET_LPR, { input: { tenor: "FIVE_YEAR", effectiveOn: "2026-03-20", rateBp: 345 } });
      expect(await rateOn(lpr.id, "2026-03-20")).toBe(325);
    });
  });

  describe("batching", () => {
    let batchBank: string;
    beforeAll(async () => {
      batchBank = await createInstitution(t, "批量加载测试银行");
      const otherBank = await createInstitution(t, "批量加载测试银行二");
      // The latest rates before the pricing date of the query, whatever other tests recorded earlier.
      await t.gqlOk(SET_LPR, { input: { tenor: "ONE_YEAR", effectiveOn: "2026-05-01", rateBp: 300 } });
      await t.gqlOk(SET_LPR, { input: { tenor: "FIVE_YEAR", effectiveOn: "2026-05-01", rateBp: 340 } });
      for (let i = 0; i < 12; i++) {
        const pricing =
          i % 3 === 0
            ? { pricingType: "FIXED", fixedRateBp: 400 + i, lprTenor: null, spreadBp: null }
            : { pricingType: "LPR_SPREAD", lprTenor: i % 3 === 1 ? "ONE_YEAR" : "FIVE_YEAR", spreadBp: i };
        await create({ ...pricing, category: "PARK_LOAN", code: `BATCH-${i}` }, i % 2 === 0 ? batchBank : otherBank);
      }
    });

    const NESTED = `query($first: Int) {
      loanProducts(first: $first, filter: { category: PARK_LOAN }) {
        edges { node { code institution { name } tierDiscounts { tier } publishedRateBp(on: "2026-06-01") } }
      }
    }`;

    it("costs the same number of SQL statements for 2 and for 10 products", async () => {
      t.statements.reset();
      const small = await t.gqlOk(NESTED, { first: 2 });
      const smallCount = t.statements.count;
      t.statements.reset();
      const large = await t.gqlOk(NESTED, { first: 10 });
      const largeCount = t.statements.count;
      const lprQueries = t.statements.statements.filter((s) => /FROM "lpr_rate"/.test(s));

      expect(small.loanProducts.edges).toHaveLength(2);
      expect(large.loanProducts.edges).toHaveLength(10);
      expect(large.loanProducts.edges.slice(0, 4).map((e: any) => e.node)).toEqual([
        { code: "BATCH-0", institution: { name: "批量加载测试银行" }, tierDiscounts: [{ tier: "SPECIALIZED_SME" }, { tier: "LITTLE_GIANT" }], publishedRateBp: 400 },
        { code: "BATCH-1", institution: { name: "批量加载测试银行二" }, tierDiscounts: [{ tier: "SPECIALIZED_SME" }, { tier: "LITTLE_GIANT" }], publishedRateBp: 301 },
        { code: "BATCH-2", institution: { name: "批量加载测试银行" }, tierDiscounts: [{ tier: "SPECIALIZED_SME" }, { tier: "LITTLE_GIANT" }], publishedRateBp: 342 },
        { code: "BATCH-3", institution: { name: "批量加载测试银行二" }, tierDiscounts: [{ tier: "SPECIALIZED_SME" }, { tier: "LITTLE_GIANT" }], publishedRateBp: 403 },
      ]);
      // page + institutions + tier discounts + LPR rates (both tenors in one query).
      expect(largeCount).toBe(smallCount);
      expect(largeCount).toBe(4);
      expect(lprQueries).toHaveLength(1);
    });

    it("costs the same for a bank, whose scope is part of the page query, and shows it only its own products", async () => {
      const asBatchBank = await staffOf(batchBank);
      t.statements.reset();
      const small = await asBatchBank.gqlOk(NESTED, { first: 2 });
      const smallCount = t.statements.count;
      t.statements.reset();
      const large = await asBatchBank.gqlOk(NESTED, { first: 10 });
      const largeCount = t.statements.count;

      expect(small.loanProducts.edges.map((e: any) => e.node.code)).toEqual(["BATCH-0", "BATCH-2"]);
      expect(large.loanProducts.edges.map((e: any) => e.node.code)).toEqual(["BATCH-0", "BATCH-2", "BATCH-4", "BATCH-6", "BATCH-8", "BATCH-10"]);
      expect(large.loanProducts.edges.map((e: any) => e.node.institution.name)).toEqual(Array(6).fill("批量加载测试银行"));
      expect(largeCount).toBe(smallCount);
      expect(largeCount).toBe(4);
    });
  });

  describe("access control", () => {
    const SCOPED_LIST = `query($filter: LoanProductFilter) { loanProducts(first: 50, filter: $filter) { totalCount edges { node { id } } } }`;
    /** The products of this block share a category no other block uses, so lists hold only them. */
    const CATEGORY = "TECH_UPGRADE_LOAN";
    let bankA: string;
    let bankB: string;
    let asBankA: ApiClient;
    let asBankB: ApiClient;
    const ids: Record<string, string> = {};
    const names = (found: string[]) => found.map((id) => Object.keys(ids).find((k) => ids[k] === id) ?? id);

    /** The products of this block the client may see, by name, in publication order. */
    const seenBy = async (client: ApiClient, filter: Record<string, unknown> = {}): Promise<string[]> => {
      const data = (await client.gqlOk(SCOPED_LIST, { filter: { category: CATEGORY, ...filter } })).loanProducts;
      expect(data.totalCount).toBe(data.edges.length);
      return names(data.edges.map((e: { node: { id: string } }) => e.node.id));
    };
    /** Which of this block's products the client reads by id (the others answer NOT_FOUND). */
    const readableBy = async (client: ApiClient): Promise<string[]> => {
      const readable: string[] = [];
      for (const [name, id] of Object.entries(ids)) {
        const res = await client.gql(`query($id: ID!) { loanProduct(id: $id) { id } }`, { id });
        if (res.errors) {
          expect(res.errors[0]?.extensions).toMatchObject({ code: "NOT_FOUND", recordType: "LoanProduct", id });
          expect(res.errors[0]?.message).not.toContain("FORBIDDEN");
        } else {
          expect(res.data?.loanProduct).toEqual({ id });
          readable.push(name);
        }
      }
      return readable;
    };

    beforeAll(async () => {
      bankA = await createInstitution(t, "晋城农商银行权限测试", "140500");
      bankB = await createInstitution(t, "杭州银行权限测试", "330100");
      asBankA = await staffOf(bankA);
      asBankB = await staffOf(bankB);
      const inCategory = (overrides: Record<string, unknown>) => ({ category: CATEGORY, ...overrides });
      // Bank A (Jincheng, Shanxi): one product for the prefecture, an archived province-wide one, one for another county.
      ids.a1 = (await create(inCategory({ servedRegionCodes: ["140500"] }), bankA)).id;
      ids.a2 = (await create(inCategory({ servedRegionCodes: ["140000"] }), bankA)).id;
      await asBankA.gqlOk(ARCHIVE, { input: { id: ids.a2 } });
      ids.a3 = (await create(inCategory({ servedRegionCodes: ["140581"] }), bankA)).id;
      // Bank B (Hangzhou, Zhejiang): one for Zhejiang, one for a county in Jincheng.
      ids.b1 = (await create(inCategory({ servedRegionCodes: ["330000"] }), bankB)).id;
      ids.b2 = (await create(inCategory({ servedRegionCodes: ["140522"] }), bankB)).id;
    });

    it("shows a bank only its own products, archived ones included; another bank's reads as NOT_FOUND", async () => {
      expect(await seenBy(asBankA)).toEqual(["a1", "a2", "a3"]);
      expect(await readableBy(asBankA)).toEqual(["a1", "a2", "a3"]);
      expect(await seenBy(asBankB)).toEqual(["b1", "b2"]);
      expect(await readableBy(asBankB)).toEqual(["b1", "b2"]);
      // Filters still work inside the scope: naming another bank finds nothing.
      expect(await seenBy(asBankA, { institutionId: bankB })).toEqual([]);
      expect(await seenBy(asBankA, { status: "ACTIVE" })).toEqual(["a1", "a3"]);
      expect(await seenBy(asBankB, { servesRegionCode: "140522" })).toEqual(["b2"]);
    });

    it("shows a firm the active products serving its region: its county, prefecture or province", async () => {
      const jinchengCounty = await t.as({ role: Role.FIRM, orgId: (await registerFirm(t, { regionCode: "140522" })).id });
      // Not a2 (archived), a3 (another county) or b1 (Zhejiang).
      expect(await seenBy(jinchengCounty)).toEqual(["a1", "b2"]);
      expect(await readableBy(jinchengCounty)).toEqual(["a1", "b2"]);
      expect(await seenBy(jinchengCounty, { institutionId: bankB })).toEqual(["b2"]);
      expect(await seenBy(jinchengCounty, { status: "ARCHIVED" })).toEqual([]);

      const otherCounty = await t.as({ role: Role.FIRM, orgId: (await registerFirm(t, { regionCode: "140581" })).id });
      expect(await seenBy(otherCounty)).toEqual(["a1", "a3"]);

      const hangzhou = await t.as({ role: Role.FIRM, orgId: (await registerFirm(t, { regionCode: "330106" })).id });
      expect(await seenBy(hangzhou)).toEqual(["b1"]);
      expect(await readableBy(hangzhou)).toEqual(["b1"]);
    });

    it("shows a guarantor the products of the banks it has a 总对总 agreement with, and only those", async () => {
      const agency = (
        await t.gqlOk(`mutation($input: CreateGuaranteeAgencyInput!) { createGuaranteeAgency(input: $input) { id } }`, {
          input: {
            name: "山西省融资再担保权限测试",
            regionCode: "140000",
            tiersServed: ["SPECIALIZED_SME"],
            feeRateBp: 80,
            maxAmountPerFirm: "10000000.00",
            capacity: "2000000000.00",
          },
        })
      ).createGuaranteeAgency.id;
      const guarantor = await t.as({ role: Role.GUARANTOR, orgId: agency });
      expect(await seenBy(guarantor)).toEqual([]);
      expect(await readableBy(guarantor)).toEqual([]);

      await guarantor.gqlOk(`mutation($input: CreateGuaranteeAgreementInput!) { createGuaranteeAgreement(input: $input) { id } }`, {
        input: { institutionId: bankA, agencyId: agency, bankRiskShareBp: 2000, agreedFeeRateBp: 50, validFrom: "2026-01-01" },
      });
      expect(await seenBy(guarantor)).toEqual(["a1", "a2", "a3"]);
      expect(await readableBy(guarantor)).toEqual(["a1", "a2", "a3"]);
      // Filters still work inside the scope: a Taiyuan district is served only by the province-wide product.
      expect(await seenBy(guarantor, { servesRegionCode: "140105" })).toEqual(["a2"]);
      expect(await seenBy(guarantor, { institutionId: bankB })).toEqual([]);
    });

    it.each<[string, Role, string, string[]]>([
      ["a REGULATOR of Shanxi: Shanxi's bank and the product serving a Shanxi county", Role.REGULATOR, "140000", ["a1", "a2", "a3", "b2"]],
      ["a REGULATOR of Jincheng", Role.REGULATOR, "140500", ["a1", "a2", "a3", "b2"]],
      ["a REGULATOR of Zhejiang: the Zhejiang bank's products, wherever they serve", Role.REGULATOR, "330000", ["b1", "b2"]],
      ["a REGULATOR of Guangdong: nothing", Role.REGULATOR, "440000", []],
      ["a BUREAU of Hangzhou: its bank's products", Role.BUREAU, "330100", ["b1", "b2"]],
    ])("shows %s the products of its region", async (_name, role, regionCode, expected) => {
      const client = await t.as({ role, regionCode });
      expect(await seenBy(client)).toEqual(expected);
      expect(await readableBy(client)).toEqual(expected);
    });

    it("shows the platform ADMIN every product", async () => {
      expect(await seenBy(t)).toEqual(["a1", "a2", "a3", "b1", "b2"]);
      expect(await readableBy(t)).toEqual(["a1", "a2", "a3", "b1", "b2"]);
    });

    it("refuses a bank changing or archiving another bank's product with FORBIDDEN, and changes nothing", async () => {
      const before = await t.ds.getRepository(LoanProduct).findOneByOrFail({ id: ids.b1 });
      const update = await asBankA.gql(UPDATE, { input: { id: ids.b1, version: before.version, name: "抢来的产品" } });
      expect(update.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(update.errors?.[0]?.message).toContain("another organisation");
      expect(update.data).toBeNull();
      const archive = await asBankA.gql(ARCHIVE, { input: { id: ids.b1 } });
      expect(archive.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(await t.ds.getRepository(LoanProduct).findOneByOrFail({ id: ids.b1 })).toEqual(before);
      expect(before).toMatchObject({ version: 1, status: "ACTIVE" });

      // An unknown id is still NOT_FOUND, and the product's own bank may change it.
      expect((await asBankA.gql(ARCHIVE, { input: { id: UNKNOWN } })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const own = (await asBankB.gqlOk(UPDATE, { input: { id: ids.b1, version: 1, approvalDays: 5 } })).updateLoanProduct;
      expect(own).toMatchObject({ id: ids.b1, approvalDays: 5, version: 2 });
    });

    it("refuses a bank publishing for another bank with FORBIDDEN, and writes nothing", async () => {
      const [products, discounts] = [await productCount(), await discountCount()];
      const res = await asBankA.gql(CREATE, { input: productInput(bankB, { category: CATEGORY }) });
      expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(res.errors?.[0]?.message).toContain("The institution belongs to another organisation");
      expect([await productCount(), await discountCount()]).toEqual([products, discounts]);
    });

    it.each<[string, { role: Role; regionCode?: string; orgId?: string }]>([
      ["the platform ADMIN", { role: Role.ADMIN }],
      ["a REGULATOR", { role: Role.REGULATOR, regionCode: "140000" }],
      ["a BUREAU", { role: Role.BUREAU, regionCode: "140000" }],
      ["a GUARANTOR", { role: Role.GUARANTOR, orgId: UNKNOWN }],
    ])("refuses %s every product mutation with FORBIDDEN, and writes nothing", async (_name, claims) => {
      const client = await t.as(claims);
      const [products, discounts] = [await productCount(), await discountCount()];
      const before = await t.ds.getRepository(LoanProduct).findOneByOrFail({ id: ids.a1 });
      const created = await client.gql(CREATE, { input: productInput(bankA, { category: CATEGORY }) });
      expect(created.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", mutation: "createLoanProduct" });
      const updated = await client.gql(UPDATE, { input: { id: ids.a1, version: before.version, name: "x" } });
      expect(updated.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", mutation: "updateLoanProduct" });
      const archived = await client.gql(ARCHIVE, { input: { id: ids.a1 } });
      expect(archived.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", mutation: "archiveLoanProduct" });
      expect([await productCount(), await discountCount()]).toEqual([products, discounts]);
      expect(await t.ds.getRepository(LoanProduct).findOneByOrFail({ id: ids.a1 })).toEqual(before);
    });

    it("refuses a FIRM publishing a product with FORBIDDEN", async () => {
      const firm = await t.as({ role: Role.FIRM, orgId: (await registerFirm(t)).id });
      const before = await productCount();
      expect((await firm.gql(CREATE, { input: productInput(bankA, { category: CATEGORY }) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(await productCount()).toBe(before);
    });

    it("answers UNAUTHENTICATED to a caller without a token, and writes nothing", async () => {
      const before = await productCount();
      const cases: Array<[string, Record<string, unknown>]> = [
        [GET, { id: ids.a1 }],
        [SCOPED_LIST, {}],
        [CREATE, { input: productInput(bankA, { category: CATEGORY }) }],
        [UPDATE, { input: { id: ids.a1, version: 1, name: "x" } }],
        [ARCHIVE, { input: { id: ids.a1 } }],
      ];
      for (const [query, variables] of cases) {
        const res = await t.anonymous.gql(query, variables);
        expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      }
      expect(await productCount()).toBe(before);
      expect((await t.ds.getRepository(LoanProduct).findOneByOrFail({ id: ids.a1 })).status).toBe("ACTIVE");
    });
  });
});
