import { Role } from "../../src/domain/access";
import { GuaranteeAgency } from "../../src/modules/guarantee/guarantee-agency.entity";
import { GuaranteeAgreement } from "../../src/modules/guarantee/guarantee-agreement.entity";
import { createInstitution, registerFirm } from "../support/fixtures";
import { startTestApp, type ApiClient, type TestApp } from "../support/test-app";

const AGENCY_FIELDS = "id name regionCode tiersServed feeRateBp maxAmountPerFirm capacity usedCapacity capacityRemaining";
const CREATE_AGENCY = `mutation($input: CreateGuaranteeAgencyInput!) { createGuaranteeAgency(input: $input) { ${AGENCY_FIELDS} } }`;
const AGREEMENT_FIELDS = `id bankRiskShareBp agencyRiskShareBp agreedFeeRateBp waivesDueDiligence approvalDays creditLine usedLine validFrom validTo
  institution { id name } agency { id name }`;
const CREATE_AGREEMENT = `mutation($input: CreateGuaranteeAgreementInput!) { createGuaranteeAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

let agencySeq = 0;
function agencyInput(overrides: Record<string, unknown> = {}) {
  agencySeq++;
  return {
    name: `浙江省融资担保测试机构${agencySeq}`,
    regionCode: "330000",
    tiersServed: ["SPECIALIZED_SME", "LITTLE_GIANT"],
    feeRateBp: 80,
    maxAmountPerFirm: "10000000.00",
    capacity: "2000000000.00",
    ...overrides,
  };
}

describe("guarantee agencies and 总对总 agreements over GraphQL", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const agencyCount = () => t.ds.getRepository(GuaranteeAgency).count();
  const agreementCount = () => t.ds.getRepository(GuaranteeAgreement).count();

  /** Published by the platform ADMIN (createGuaranteeAgency is for BUREAU and ADMIN). */
  async function createAgency(overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
    return (await t.gqlOk(CREATE_AGENCY, { input: agencyInput(overrides) })).createGuaranteeAgency;
  }

  /** The agency's own staff: only a GUARANTOR of the agency records its agreements. */
  function guarantorOf(agencyId: string): Promise<ApiClient> {
    return t.as({ role: Role.GUARANTOR, orgId: agencyId });
  }

  describe("agencies", () => {
    it("publishes an agency and reads it back, with its remaining capacity and no agreements yet", async () => {
      const input = agencyInput({ tiersServed: ["LITTLE_GIANT", "SPECIALIZED_SME", "LITTLE_GIANT"], maxAmountPerFirm: "30000000", capacity: "500000000.5" });
      const { createGuaranteeAgency: created } = await t.gqlOk(CREATE_AGENCY, { input });
      expect(created).toEqual({
        id: created.id,
        name: input.name,
        regionCode: "330000",
        tiersServed: ["LITTLE_GIANT", "SPECIALIZED_SME"],
        feeRateBp: 80,
        maxAmountPerFirm: "30000000.00",
        capacity: "500000000.50",
        usedCapacity: "0.00",
        capacityRemaining: "500000000.50",
      });
      const read = await t.gqlOk(`query($id: ID!) { guaranteeAgency(id: $id) { ${AGENCY_FIELDS} agreements { id } } }`, { id: created.id });
      expect(read.guaranteeAgency).toEqual({ ...created, agreements: [] });
    });

    it("reports capacity remaining as capacity minus the capacity already used", async () => {
      const agency = await createAgency({ capacity: "100000000.00" });
      await t.ds.query(`UPDATE guarantee_agency SET used_capacity = 25000000.01 WHERE id = $1`, [agency.id]);
      const read = await t.gqlOk(`query($id: ID!) { guaranteeAgency(id: $id) { usedCapacity capacityRemaining } }`, { id: agency.id });
      expect(read.guaranteeAgency).toEqual({ usedCapacity: "25000000.01", capacityRemaining: "74999999.99" });
    });

    it.each([
      ["a fee of 100 bp with a per-firm cap of exactly 500万", { maxAmountPerFirm: "5000000.00", feeRateBp: 100 }],
      ["a fee of 150 bp with a per-firm cap of 500万 + 0.01", { maxAmountPerFirm: "5000000.01", feeRateBp: 150 }],
      ["a per-firm cap of exactly 3,000万", { maxAmountPerFirm: "30000000.00" }],
    ])("accepts %s", async (_name, overrides) => {
      const { createGuaranteeAgency: created } = await t.gqlOk(CREATE_AGENCY, { input: agencyInput(overrides) });
      expect(created).toMatchObject(overrides);
    });

    it.each([
      ["a fee of 101 bp with a per-firm cap of exactly 500万 (国办发〔2019〕6号)", { maxAmountPerFirm: "5000000.00", feeRateBp: 101 }, "input.feeRateBp", "guarantee.feeCap"],
      ["a fee of 151 bp", { maxAmountPerFirm: "20000000.00", feeRateBp: 151 }, "input.feeRateBp", "bp.range"],
      ["a per-firm cap above 3,000万 (财金〔2024〕60号)", { maxAmountPerFirm: "30000000.01" }, "input.maxAmountPerFirm", "guarantee.perFirmCap"],
      ["a per-firm cap of zero", { maxAmountPerFirm: "0" }, "input.maxAmountPerFirm", "money.positive"],
      ["a capacity with three decimals", { capacity: "1.005" }, "input.capacity", "money.format"],
      ["no tier served", { tiersServed: [] }, "input.tiersServed", "list.required"],
      ["a blank name", { name: " " }, "input.name", "text.required"],
      ["a 4-digit region", { regionCode: "3300" }, "input.regionCode", "regionCode.format"],
    ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_name, overrides, field, rule) => {
      const before = await agencyCount();
      const res = await t.gql(CREATE_AGENCY, { input: agencyInput(overrides) });
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field, rule })]);
      expect(res.errors?.[0]?.message).toContain(field);
      expect(await agencyCount()).toBe(before);
    });

    it("refuses a name already taken with CONFLICT, and writes nothing", async () => {
      const first = await createAgency();
      const before = await agencyCount();
      const res = await t.gql(CREATE_AGENCY, { input: agencyInput({ name: ` ${first.name} `, regionCode: "140500" }) });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.name", existingId: first.id });
      expect(await agencyCount()).toBe(before);
    });

    it("answers NOT_FOUND for an unknown or malformed id", async () => {
      for (const id of [UNKNOWN, "42"]) {
        const res = await t.gql(`query($id: ID!) { guaranteeAgency(id: $id) { id } }`, { id });
        expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      }
    });

    describe("list filters", () => {
      const names: Record<string, string> = {};
      beforeAll(async () => {
        const specs: Array<[string, Record<string, unknown>]> = [
          ["zhejiang", { regionCode: "330000", tiersServed: ["LITTLE_GIANT"] }],
          ["hangzhou", { regionCode: "330100", tiersServed: ["INNOVATIVE_SME", "SPECIALIZED_SME"] }],
          ["ningbo", { regionCode: "330200", tiersServed: ["LITTLE_GIANT"] }],
          ["jincheng", { regionCode: "140500", tiersServed: ["LITTLE_GIANT"] }],
        ];
        for (const [key, overrides] of specs) names[key] = (await createAgency({ ...overrides, name: `过滤测试${key}担保` })).name;
      });
      const LIST = `query($filter: GuaranteeAgencyFilter, $first: Int) { guaranteeAgencies(first: $first, filter: $filter) { totalCount edges { node { name } } } }`;
      const listNames = async (filter: Record<string, unknown>) => {
        const data = await t.gqlOk(LIST, { filter: { nameContains: "过滤测试", ...filter }, first: 50 });
        expect(data.guaranteeAgencies.totalCount).toBe(data.guaranteeAgencies.edges.length);
        return data.guaranteeAgencies.edges.map((e: { node: { name: string } }) => e.node.name);
      };

      it("serves a firm's region from its province and prefecture agencies (prefix rule)", async () => {
        expect(await listNames({ servesRegionCode: "330106" })).toEqual([names.zhejiang, names.hangzhou]);
        expect(await listNames({ servesRegionCode: "330203" })).toEqual([names.zhejiang, names.ningbo]);
        expect(await listNames({ servesRegionCode: "140525" })).toEqual([names.jincheng]);
      });

      it("keeps agencies that serve a tier, and combines filters", async () => {
        expect(await listNames({ tier: "SPECIALIZED_SME" })).toEqual([names.hangzhou]);
        expect(await listNames({ tier: "LITTLE_GIANT", servesRegionCode: "330106" })).toEqual([names.zhejiang]);
      });

      it("matches part of the name case-insensitively, treating % and _ literally", async () => {
        expect(await listNames({ nameContains: "过滤测试NINGBO" })).toEqual([names.ningbo]);
        expect(await listNames({ nameContains: "过滤测试%" })).toEqual([]);
      });

      it("refuses a malformed region filter with BAD_USER_INPUT naming the filter field", async () => {
        const res = await t.gql(LIST, { filter: { servesRegionCode: "33" } });
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.servesRegionCode" })]);
      });
    });
  });

  describe("总对总 agreements", () => {
    let bank: string;
    let agency: { id: string; name: string };
    let guarantor: ApiClient;
    beforeAll(async () => {
      bank = await createInstitution(t, "浙江稠州商业银行协议测试");
      agency = await createAgency({ feeRateBp: 100, maxAmountPerFirm: "10000000.00" });
      guarantor = await guarantorOf(agency.id);
    });

    function agreementInput(overrides: Record<string, unknown> = {}) {
      return { institutionId: bank, agencyId: agency.id, bankRiskShareBp: 2000, agreedFeeRateBp: 50, validFrom: "2026-01-01", ...overrides };
    }

    it("records an agreement and reads it back with both parties and the derived agency share", async () => {
      const input = agreementInput({ waivesDueDiligence: true, approvalDays: 3, creditLine: "500000000", validTo: "2027-12-31", validFrom: "2025-01-01" });
      const { createGuaranteeAgreement: created } = await guarantor.gqlOk(CREATE_AGREEMENT, { input });
      expect(created).toEqual({
        id: created.id,
        bankRiskShareBp: 2000,
        agencyRiskShareBp: 8000,
        agreedFeeRateBp: 50,
        waivesDueDiligence: true,
        approvalDays: 3,
        creditLine: "500000000.00",
        usedLine: "0.00",
        validFrom: "2025-01-01",
        validTo: "2027-12-31",
        institution: { id: bank, name: "浙江稠州商业银行协议测试" },
        agency: { id: agency.id, name: agency.name },
      });
      const read = await t.gqlOk(`query($id: ID!) { guaranteeAgreement(id: $id) { ${AGREEMENT_FIELDS} } }`, { id: created.id });
      expect(read.guaranteeAgreement).toEqual(created);
      const viaAgency = await t.gqlOk(`query($id: ID!) { guaranteeAgency(id: $id) { agreements { id agencyRiskShareBp } } }`, { id: agency.id });
      expect(viaAgency.guaranteeAgency.agreements).toEqual([{ id: created.id, agencyRiskShareBp: 8000 }]);
    });

    it("defaults to no line, no end date and the bank's own due diligence; accepts a fee equal to the agency's", async () => {
      const { createGuaranteeAgreement: created } = await guarantor.gqlOk(CREATE_AGREEMENT, {
        input: agreementInput({ validFrom: "2025-06-01", bankRiskShareBp: 3000, agreedFeeRateBp: 100 }),
      });
      expect(created).toMatchObject({ creditLine: null, validTo: null, waivesDueDiligence: false, approvalDays: null, agencyRiskShareBp: 7000, agreedFeeRateBp: 100 });
    });

    it.each([
      ["a bank share of 1999 bp (below 20%)", { bankRiskShareBp: 1999 }, "input.bankRiskShareBp", "agreement.bankMinimumShare"],
      ["a bank share above 10000 bp", { bankRiskShareBp: 10001 }, "input.bankRiskShareBp", "bp.range"],
      ["an agreed fee of 151 bp", { agreedFeeRateBp: 151 }, "input.agreedFeeRateBp", "bp.range"],
      ["an agreed fee above the agency's published 100 bp", { agreedFeeRateBp: 101 }, "input.agreedFeeRateBp", "agreement.feeAboveAgency"],
      ["validTo before validFrom", { validFrom: "2026-03-01", validTo: "2026-02-28" }, "input.validTo", "date.order"],
      ["a credit line of zero", { creditLine: "0.00" }, "input.creditLine", "money.positive"],
      ["a waiver of due diligence without its approval days", { waivesDueDiligence: true }, "input.approvalDays", "agreement.waiverApprovalDays"],
      ["approval days without a waiver", { approvalDays: 5 }, "input.approvalDays", "agreement.approvalDaysWithoutWaiver"],
    ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_name, overrides, field, rule) => {
      const before = await agreementCount();
      const res = await guarantor.gql(CREATE_AGREEMENT, { input: agreementInput({ validFrom: "2030-01-01", ...overrides }) });
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field, rule })]);
      expect(res.errors?.[0]?.message).toContain(field);
      expect(await agreementCount()).toBe(before);
    });

    it.each([
      ["an unknown bank", { institutionId: UNKNOWN }, "input.institutionId"],
      ["a malformed bank id", { institutionId: "bank-1" }, "input.institutionId"],
      ["an unknown agency", { agencyId: UNKNOWN }, "input.agencyId"],
      ["a malformed agency id", { agencyId: "7" }, "input.agencyId"],
    ])("answers NOT_FOUND naming the field for %s, and writes nothing", async (_name, overrides, field) => {
      const before = await agreementCount();
      const res = await guarantor.gql(CREATE_AGREEMENT, { input: agreementInput({ validFrom: "2031-01-01", ...overrides }) });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field });
      expect(await agreementCount()).toBe(before);
    });

    it("refuses a second agreement of the same bank and agency starting the same day with CONFLICT", async () => {
      await guarantor.gqlOk(CREATE_AGREEMENT, { input: agreementInput({ validFrom: "2032-01-01" }) });
      const before = await agreementCount();
      const res = await guarantor.gql(CREATE_AGREEMENT, { input: agreementInput({ validFrom: "2032-01-01", agreedFeeRateBp: 40 }) });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.validFrom" });
      expect(await agreementCount()).toBe(before);
      // Another start date, or another bank, is a different agreement.
      const other = await createInstitution(t, "杭州银行协议测试");
      await guarantor.gqlOk(CREATE_AGREEMENT, { input: agreementInput({ validFrom: "2032-01-01", institutionId: other }) });
      await guarantor.gqlOk(CREATE_AGREEMENT, { input: agreementInput({ validFrom: "2033-01-01" }) });
      expect(await agreementCount()).toBe(before + 2);
    });

    it("answers NOT_FOUND for an unknown agreement id", async () => {
      const res = await t.gql(`query($id: ID!) { guaranteeAgreement(id: $id) { id } }`, { id: UNKNOWN });
      expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });

    describe("lists", () => {
      let banks: string[];
      let agencies: Array<{ id: string; name: string }>;
      beforeAll(async () => {
        banks = [await createInstitution(t, "列表测试银行甲"), await createInstitution(t, "列表测试银行乙"), await createInstitution(t, "列表测试银行丙")];
        agencies = [await createAgency(), await createAgency(), await createAgency()];
        // 9 agreements: every bank with every agency.
        for (const b of banks) {
          for (const a of agencies) {
            await (await guarantorOf(a.id)).gqlOk(CREATE_AGREEMENT, { input: { institutionId: b, agencyId: a.id, bankRiskShareBp: 2500, agreedFeeRateBp: 60, validFrom: "2026-04-01" } });
          }
        }
      });

      it("filters by bank and by agency", async () => {
        const q = `query($filter: GuaranteeAgreementFilter) { guaranteeAgreements(first: 50, filter: $filter) { totalCount edges { node { institution { id } agency { id } } } } }`;
        const byBank = (await t.gqlOk(q, { filter: { institutionId: banks[1] } })).guaranteeAgreements;
        expect(byBank.totalCount).toBe(3);
        expect(byBank.edges.map((e: any) => e.node)).toEqual(agencies.map((a) => ({ institution: { id: banks[1] }, agency: { id: a.id } })));
        const both = (await t.gqlOk(q, { filter: { institutionId: banks[2], agencyId: agencies[0]!.id } })).guaranteeAgreements;
        expect(both.edges.map((e: any) => e.node)).toEqual([{ institution: { id: banks[2] }, agency: { id: agencies[0]!.id } }]);
        const none = (await t.gqlOk(q, { filter: { agencyId: UNKNOWN } })).guaranteeAgreements;
        expect(none).toEqual({ totalCount: 0, edges: [] });
        const malformed = await t.gql(q, { filter: { agencyId: "x" } });
        expect(malformed.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.agencyId", rule: "id.format" })]);
      });

      it("loads the nested agency and bank in batches: the SQL statement count is the same for 2 and 8 agreements", async () => {
        const NESTED = `query($first: Int) { guaranteeAgreements(first: $first) { edges { node { agency { name } institution { name } } } } }`;
        t.statements.reset();
        const small = await t.gqlOk(NESTED, { first: 2 });
        const smallCount = t.statements.count;
        t.statements.reset();
        const large = await t.gqlOk(NESTED, { first: 8 });
        const largeCount = t.statements.count;
        expect(small.guaranteeAgreements.edges).toHaveLength(2);
        expect(large.guaranteeAgreements.edges).toHaveLength(8);
        expect(new Set(large.guaranteeAgreements.edges.map((e: any) => e.node.agency.name)).size).toBeGreaterThan(1);
        expect(new Set(large.guaranteeAgreements.edges.map((e: any) => e.node.institution.name)).size).toBeGreaterThan(1);
        // page + agencies + institutions, whatever the page size.
        expect(largeCount).toBe(smallCount);
        expect(largeCount).toBe(3);
      });

      it("loads every agency's agreements in one batch", async () => {
        const q = `query($first: Int) { guaranteeAgencies(first: $first, filter: { nameContains: "浙江省融资担保测试机构" }) { edges { node { agreements { bankRiskShareBp } } } } }`;
        t.statements.reset();
        await t.gqlOk(q, { first: 2 });
        const smallCount = t.statements.count;
        t.statements.reset();
        const large = await t.gqlOk(q, { first: 10 });
        expect(large.guaranteeAgencies.edges).toHaveLength(10);
        expect(t.statements.count).toBe(smallCount);
        expect(smallCount).toBe(2);
      });
    });
  });

  describe("access control", () => {
    const LIST_AGREEMENTS = `query($filter: GuaranteeAgreementFilter) { guaranteeAgreements(first: 100, filter: $filter) { totalCount edges { node { id } } } }`;
    const AGREEMENT = `query($id: ID!) { guaranteeAgreement(id: $id) { id institution { id } agency { id } } }`;
    const AGENCY_AGREEMENTS = `query($id: ID!) { guaranteeAgency(id: $id) { name agreements { id } } }`;
    let bankA: string;
    let bankB: string;
    let zhejiang: { id: string; name: string };
    let jincheng: { id: string; name: string };
    /** Agreements by "<bank>-<agency>": A-zj, B-zj, A-jc, recorded in that order. */
    const ag: Record<string, string> = {};

    beforeAll(async () => {
      bankA = await createInstitution(t, "权限测试银行甲");
      bankB = await createInstitution(t, "权限测试银行乙");
      zhejiang = await createAgency({ name: "权限测试浙江省担保", regionCode: "330000" });
      jincheng = await createAgency({ name: "权限测试晋城市担保", regionCode: "140500" });
      const parties: Array<[string, string, { id: string }]> = [
        ["A-zj", bankA, zhejiang],
        ["B-zj", bankB, zhejiang],
        ["A-jc", bankA, jincheng],
      ];
      for (const [key, institutionId, agency] of parties) {
        const input = { institutionId, agencyId: agency.id, bankRiskShareBp: 2000, agreedFeeRateBp: 50, validFrom: "2026-01-01" };
        ag[key] = (await (await guarantorOf(agency.id)).gqlOk(CREATE_AGREEMENT, { input })).createGuaranteeAgreement.id;
      }
    });

    async function listIds(client: ApiClient, filter?: Record<string, unknown>): Promise<string[]> {
      const { guaranteeAgreements: list } = await client.gqlOk(LIST_AGREEMENTS, { filter });
      expect(list.totalCount).toBe(list.edges.length);
      return list.edges.map((e: { node: { id: string } }) => e.node.id);
    }
    const readCode = async (client: ApiClient, id: string) => (await client.gql(AGREEMENT, { id })).errors?.[0]?.extensions?.code;
    const agencyAgreements = async (client: ApiClient, agencyId: string) =>
      (await client.gqlOk(AGENCY_AGREEMENTS, { id: agencyId })).guaranteeAgency.agreements.map((a: { id: string }) => a.id);

    it("shows the platform ADMIN every agreement, in lists, by id and under the agency", async () => {
      expect(await listIds(t, { institutionId: bankA })).toEqual([ag["A-zj"], ag["A-jc"]]);
      expect((await t.gqlOk(AGREEMENT, { id: ag["B-zj"] })).guaranteeAgreement).toEqual({
        id: ag["B-zj"],
        institution: { id: bankB },
        agency: { id: zhejiang.id },
      });
      expect(await agencyAgreements(t, zhejiang.id)).toEqual([ag["A-zj"], ag["B-zj"]]);
    });

    it("shows a firm no agreement: the list is empty, a read by id is NOT_FOUND, an agency's agreements are empty", async () => {
      const firm = await registerFirm(t);
      const asFirm = await t.as({ role: Role.FIRM, orgId: firm.id });
      expect((await asFirm.gqlOk(LIST_AGREEMENTS, {})).guaranteeAgreements).toEqual({ totalCount: 0, edges: [] });
      expect(await readCode(asFirm, ag["A-zj"]!)).toBe("NOT_FOUND");
      // The agency directory stays open to it; only the agreements are hidden.
      expect((await asFirm.gqlOk(AGENCY_AGREEMENTS, { id: zhejiang.id })).guaranteeAgency).toEqual({ name: zhejiang.name, agreements: [] });
      const directory = await asFirm.gqlOk(`{ guaranteeAgencies(first: 10, filter: { nameContains: "权限测试" }) { edges { node { name } } } }`);
      expect(directory.guaranteeAgencies.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([zhejiang.name, jincheng.name]);
    });

    it("shows a bank only its own agreements", async () => {
      const asBankA = await t.as({ role: Role.BANK, orgId: bankA });
      expect(await listIds(asBankA)).toEqual([ag["A-zj"], ag["A-jc"]]);
      expect(await listIds(asBankA, { institutionId: bankB })).toEqual([]);
      expect((await asBankA.gqlOk(AGREEMENT, { id: ag["A-zj"] })).guaranteeAgreement.id).toBe(ag["A-zj"]);
      expect(await readCode(asBankA, ag["B-zj"]!)).toBe("NOT_FOUND");
      expect(await agencyAgreements(asBankA, zhejiang.id)).toEqual([ag["A-zj"]]);
      const asBankB = await t.as({ role: Role.BANK, orgId: bankB });
      expect(await listIds(asBankB)).toEqual([ag["B-zj"]]);
      expect(await agencyAgreements(asBankB, jincheng.id)).toEqual([]);
    });

    it("shows a guarantor only its own agency's agreements", async () => {
      const asZhejiang = await guarantorOf(zhejiang.id);
      expect(await listIds(asZhejiang)).toEqual([ag["A-zj"], ag["B-zj"]]);
      expect(await listIds(asZhejiang, { agencyId: jincheng.id })).toEqual([]);
      expect((await asZhejiang.gqlOk(AGREEMENT, { id: ag["B-zj"] })).guaranteeAgreement.id).toBe(ag["B-zj"]);
      expect(await readCode(asZhejiang, ag["A-jc"]!)).toBe("NOT_FOUND");
      expect(await agencyAgreements(asZhejiang, zhejiang.id)).toEqual([ag["A-zj"], ag["B-zj"]]);
      expect(await agencyAgreements(asZhejiang, jincheng.id)).toEqual([]);
    });

    it("shows a bureau or regulator the agreements of agencies in its jurisdiction, and one of another region none", async () => {
      const guangdong = await t.as({ role: Role.REGULATOR, regionCode: "440000" });
      expect(await listIds(guangdong)).toEqual([]);
      expect(await readCode(guangdong, ag["A-zj"]!)).toBe("NOT_FOUND");
      expect(await agencyAgreements(guangdong, zhejiang.id)).toEqual([]);
      // A provincial agency concerns a Hangzhou regulator too (the regions overlap).
      const hangzhou = await t.as({ role: Role.REGULATOR, regionCode: "330100" });
      expect(await listIds(hangzhou, { institutionId: bankA })).toEqual([ag["A-zj"]]);
      expect(await agencyAgreements(hangzhou, zhejiang.id)).toEqual([ag["A-zj"], ag["B-zj"]]);
      const shanxi = await t.as({ role: Role.BUREAU, regionCode: "140000" });
      expect(await listIds(shanxi, { institutionId: bankA })).toEqual([ag["A-jc"]]);
      expect(await readCode(shanxi, ag["A-zj"]!)).toBe("NOT_FOUND");
      expect(await agencyAgreements(shanxi, zhejiang.id)).toEqual([]);
    });

    it("refuses a guarantor recording an agreement for another agency with FORBIDDEN, and writes nothing", async () => {
      const before = await agreementCount();
      const asJincheng = await guarantorOf(jincheng.id);
      const input = { institutionId: bankB, agencyId: zhejiang.id, bankRiskShareBp: 2000, agreedFeeRateBp: 50, validFrom: "2040-01-01" };
      const res = await asJincheng.gql(CREATE_AGREEMENT, { input });
      expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(res.data).toBeNull();
      expect(await agreementCount()).toBe(before);
      // The same agreement recorded by the agency itself goes through.
      const own = await (await guarantorOf(zhejiang.id)).gqlOk(CREATE_AGREEMENT, { input });
      expect(own.createGuaranteeAgreement).toMatchObject({ institution: { id: bankB }, agency: { id: zhejiang.id }, validFrom: "2040-01-01" });
      expect(await agreementCount()).toBe(before + 1);
    });

    it.each([
      ["the platform ADMIN", null],
      ["a BANK (the agreement's own bank)", { role: Role.BANK }],
      ["a BUREAU of the agency's region", { role: Role.BUREAU, regionCode: "330000" }],
      ["a REGULATOR of the agency's region", { role: Role.REGULATOR, regionCode: "330000" }],
      ["a FIRM", { role: Role.FIRM }],
    ])("refuses %s recording an agreement with FORBIDDEN, even for a broken input, and writes nothing", async (_name, claims) => {
      const firm = claims?.role === Role.FIRM ? await registerFirm(t) : null;
      const client = claims === null ? t : await t.as({ ...claims, orgId: claims.role === Role.BANK ? bankA : firm?.id ?? null });
      const before = await agreementCount();
      for (const bankRiskShareBp of [2000, 1]) {
        const input = { institutionId: bankA, agencyId: zhejiang.id, bankRiskShareBp, agreedFeeRateBp: 50, validFrom: "2041-01-01" };
        const res = await client.gql(CREATE_AGREEMENT, { input });
        expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
      expect(await agreementCount()).toBe(before);
    });

    it("lets a bureau publish an agency only inside its region", async () => {
      const zhejiangBureau = await t.as({ role: Role.BUREAU, regionCode: "330000" });
      const inside = await zhejiangBureau.gqlOk(CREATE_AGENCY, { input: agencyInput({ name: "权限测试杭州市担保", regionCode: "330100" }) });
      expect(inside.createGuaranteeAgency).toMatchObject({ name: "权限测试杭州市担保", regionCode: "330100" });

      const before = await agencyCount();
      const outside = await zhejiangBureau.gql(CREATE_AGENCY, { input: agencyInput({ regionCode: "140500" }) });
      expect(outside.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(outside.errors?.[0]?.message).toContain("140500");
      // A city bureau may not publish a provincial agency.
      const hangzhouBureau = await t.as({ role: Role.BUREAU, regionCode: "330100" });
      const provincial = await hangzhouBureau.gql(CREATE_AGENCY, { input: agencyInput({ regionCode: "330000" }) });
      expect(provincial.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(await agencyCount()).toBe(before);
    });

    it.each([
      ["a BANK", { role: Role.BANK }],
      ["a GUARANTOR", { role: Role.GUARANTOR }],
      ["a REGULATOR of the region", { role: Role.REGULATOR, regionCode: "330000" }],
      ["a FIRM", { role: Role.FIRM }],
    ])("refuses %s publishing an agency with FORBIDDEN, and writes nothing", async (_name, claims) => {
      const orgId = claims.role === Role.BANK ? bankA : claims.role === Role.GUARANTOR ? zhejiang.id : claims.role === Role.FIRM ? (await registerFirm(t)).id : null;
      const client = await t.as({ ...claims, orgId });
      const before = await agencyCount();
      const res = await client.gql(CREATE_AGENCY, { input: agencyInput({ regionCode: "330000" }) });
      expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(await agencyCount()).toBe(before);
    });

    it("answers UNAUTHENTICATED to every operation without a token, and writes nothing", async () => {
      const agencies = await agencyCount();
      const agreements = await agreementCount();
      const operations: Array<[string, Record<string, unknown>]> = [
        [`query($id: ID!) { guaranteeAgency(id: $id) { id } }`, { id: zhejiang.id }],
        [`{ guaranteeAgencies { totalCount } }`, {}],
        [AGREEMENT, { id: ag["A-zj"] }],
        [LIST_AGREEMENTS, {}],
        [CREATE_AGENCY, { input: agencyInput() }],
        [CREATE_AGREEMENT, { input: { institutionId: bankA, agencyId: zhejiang.id, bankRiskShareBp: 2000, agreedFeeRateBp: 50, validFrom: "2042-01-01" } }],
      ];
      for (const [query, variables] of operations) {
        const res = await t.anonymous.gql(query, variables);
        expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      }
      expect(await agencyCount()).toBe(agencies);
      expect(await agreementCount()).toBe(agreements);
    });
  });
});
