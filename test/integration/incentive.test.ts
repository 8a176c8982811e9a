import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { IncentivePolicy } from "../../src/modules/incentive/incentive-policy.entity";
import { startTestApp, type ApiClient, type GraphQLResponse, type TestApp } from "../support/test-app";

const FIELDS = `id kind name issuer regionCode sourceDocument description tiers levels categories subsidyBp durationMonths awardAmount
  riskCompensationShareBp exclusiveGroup firstCertificationOnly validFrom validTo`;
const CREATE = `mutation($input: CreateIncentivePolicyInput!) { createIncentivePolicy(input: $input) { ${FIELDS} } }`;
const LIST = `query($filter: IncentivePolicyFilter) { incentivePolicies(first: 100, filter: $filter) { totalCount edges { node { name } } } }`;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

const zhengzhouAward = {
  kind: "CERTIFICATION_AWARD",
  name: "郑州市国家级专精特新小巨人企业奖励",
  issuer: "郑州市人民政府",
  regionCode: "410100",
  sourceDocument: "seed 004",
  tiers: ["LITTLE_GIANT"],
  levels: ["NATIONAL"],
  awardAmount: "2000000",
  exclusiveGroup: "郑州-认定奖励",
  firstCertificationOnly: true,
  validFrom: "2024-01-01",
  validTo: "2026-12-31",
};
const yunnanSubsidy = {
  kind: "INTEREST_SUBSIDY",
  name: "云南省专精特新企业贷款贴息",
  issuer: "云南省财政厅",
  regionCode: "530000",
  categories: ["SRDI_LOAN", "CREDIT_LOAN", "SRDI_LOAN"],
  subsidyBp: 100,
  durationMonths: 12,
  validFrom: "2025-01-01",
};
const guaranteeFeeSubsidy = {
  kind: "GUARANTEE_FEE_SUBSIDY",
  name: "东湖高新区担保费补贴",
  issuer: "东湖高新区管委会",
  regionCode: "420100",
  subsidyBp: 50,
  durationMonths: 24,
  validFrom: "2025-03-01",
  validTo: "2025-12-31",
};
const riskCompensation = {
  kind: "RISK_COMPENSATION",
  name: "郑科贷风险补偿",
  issuer: "郑州市科学技术局",
  regionCode: "410100",
  riskCompensationShareBp: 4000,
  validFrom: "2023-01-01",
};
const listingAward = {
  kind: "LISTING_AWARD",
  name: "晋城市企业上市奖励",
  issuer: "晋城市人民政府",
  regionCode: "140500",
  awardAmount: "100000.00",
  validFrom: "2024-01-01",
};

describe("incentive policies over GraphQL", () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const policyCount = () => t.ds.getRepository(IncentivePolicy).count();

  /** A BUREAU of the policy's province: createIncentivePolicy is for bureaus, inside their region. */
  const bureaus = new Map<string, ApiClient>();
  async function bureauOf(regionCode: string): Promise<ApiClient> {
    const province = `${regionCode.slice(0, 2)}0000`;
    if (!bureaus.has(province)) bureaus.set(province, await t.as({ role: Role.BUREAU, regionCode: province }));
    return bureaus.get(province)!;
  }
  async function publish(input: Record<string, unknown>): Promise<GraphQLResponse<Record<string, any>>> {
    return (await bureauOf(String(input.regionCode))).gql(CREATE, { input });
  }
  async function publishOk(input: Record<string, unknown>): Promise<Record<string, any>> {
    return (await bureauOf(String(input.regionCode))).gqlOk(CREATE, { input });
  }

  it("publishes a Zhengzhou certification award and reads it back", async () => {
    const { createIncentivePolicy: created } = await publishOk(zhengzhouAward);
    ids.zhengzhou = created.id;
    expect(created).toEqual({
      id: created.id,
      kind: "CERTIFICATION_AWARD",
      name: "郑州市国家级专精特新小巨人企业奖励",
      issuer: "郑州市人民政府",
      regionCode: "410100",
      sourceDocument: "seed 004",
      description: "",
      tiers: ["LITTLE_GIANT"],
      levels: ["NATIONAL"],
      categories: [],
      subsidyBp: null,
      durationMonths: null,
      awardAmount: "2000000.00",
      riskCompensationShareBp: null,
      exclusiveGroup: "郑州-认定奖励",
      firstCertificationOnly: true,
      validFrom: "2024-01-01",
      validTo: "2026-12-31",
    });
    const read = await t.gqlOk(`query($id: ID!) { incentivePolicy(id: $id) { ${FIELDS} } }`, { id: created.id });
    expect(read.incentivePolicy).toEqual(created);
  });

  it.each([
    ["yunnan", yunnanSubsidy, { subsidyBp: 100, durationMonths: 12, awardAmount: null, categories: ["SRDI_LOAN", "CREDIT_LOAN"] }],
    ["donghu", guaranteeFeeSubsidy, { subsidyBp: 50, durationMonths: 24, validTo: "2025-12-31" }],
    ["zhengkedai", riskCompensation, { riskCompensationShareBp: 4000, subsidyBp: null, awardAmount: null }],
    ["jinchengListing", listingAward, { awardAmount: "100000.00", firstCertificationOnly: false }],
  ])("publishes the %s policy", async (key, input, expected) => {
    const { createIncentivePolicy: created } = await publishOk(input);
    ids[key] = created.id;
    expect(created).toMatchObject({ kind: input.kind, name: input.name, regionCode: input.regionCode, ...expected });
  });

  it.each([
    ["a subsidy without subsidyBp", { ...yunnanSubsidy, subsidyBp: null }, "input.subsidyBp", "incentive.requiredForKind"],
    ["a subsidy of 1001 bp", { ...yunnanSubsidy, subsidyBp: 1001 }, "input.subsidyBp", "bp.range"],
    ["a subsidy lasting 121 months", { ...guaranteeFeeSubsidy, durationMonths: 121 }, "input.durationMonths", "int.range"],
    ["a guarantee-fee subsidy without a duration", { ...guaranteeFeeSubsidy, durationMonths: undefined }, "input.durationMonths", "incentive.requiredForKind"],
    ["a subsidy carrying an award", { ...yunnanSubsidy, awardAmount: "1000.00" }, "input.awardAmount", "incentive.forbiddenForKind"],
    ["a subsidy carrying a risk share", { ...guaranteeFeeSubsidy, riskCompensationShareBp: 100 }, "input.riskCompensationShareBp", "incentive.forbiddenForKind"],
    ["an award without an amount", { ...zhengzhouAward, awardAmount: undefined }, "input.awardAmount", "incentive.requiredForKind"],
    ["an award of zero", { ...listingAward, awardAmount: "0.00" }, "input.awardAmount", "money.positive"],
    ["an award carrying a subsidy", { ...zhengzhouAward, subsidyBp: 10 }, "input.subsidyBp", "incentive.forbiddenForKind"],
    ["a listing award paid on first certification", { ...listingAward, firstCertificationOnly: true }, "input.firstCertificationOnly", "incentive.forbiddenForKind"],
    ["risk compensation without a share", { ...riskCompensation, riskCompensationShareBp: null }, "input.riskCompensationShareBp", "incentive.requiredForKind"],
    ["risk compensation above 10000 bp", { ...riskCompensation, riskCompensationShareBp: 10001 }, "input.riskCompensationShareBp", "bp.range"],
    ["risk compensation carrying an award", { ...riskCompensation, awardAmount: "5.00" }, "input.awardAmount", "incentive.forbiddenForKind"],
    ["a malformed region", { ...yunnanSubsidy, regionCode: "53000" }, "input.regionCode", "regionCode.format"],
    ["validTo before validFrom", { ...yunnanSubsidy, validTo: "2024-12-31" }, "input.validTo", "date.order"],
    ["a blank issuer", { ...riskCompensation, issuer: "  " }, "input.issuer", "text.required"],
    ["a 61-character exclusive group", { ...zhengzhouAward, exclusiveGroup: "组".repeat(61) }, "input.exclusiveGroup", "text.maxLength"],
  ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_name, input, field, rule) => {
    const before = await policyCount();
    const res = await publish(input);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field, rule })]);
    expect(res.errors?.[0]?.message).toContain(field);
    expect(await policyCount()).toBe(before);
  });

  it("reports every broken rule of one input at once", async () => {
    const res = await publish({ ...riskCompensation, name: "", riskCompensationShareBp: null, subsidyBp: 10 });
    expect((res.errors?.[0]?.extensions?.violations as Array<{ field: string }>).map((v) => v.field)).toEqual([
      "input.name",
      "input.subsidyBp",
      "input.riskCompensationShareBp",
    ]);
  });

  it("answers NOT_FOUND for an unknown or malformed id", async () => {
    for (const id of [UNKNOWN, "42"]) {
      const res = await t.gql(`query($id: ID!) { incentivePolicy(id: $id) { id } }`, { id });
      expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    }
  });

  describe("list filters", () => {
    const names = async (filter: Record<string, unknown> | null) => {
      const data = await t.gqlOk(LIST, { filter });
      expect(data.incentivePolicies.totalCount).toBe(data.incentivePolicies.edges.length);
      return data.incentivePolicies.edges.map((e: { node: { name: string } }) => e.node.name);
    };

    it("lists every policy in publication order without a filter", async () => {
      expect(await names(null)).toEqual([zhengzhouAward.name, yunnanSubsidy.name, guaranteeFeeSubsidy.name, riskCompensation.name, listingAward.name]);
    });

    it("keeps one kind", async () => {
      expect(await names({ kind: "RISK_COMPENSATION" })).toEqual([riskCompensation.name]);
      expect(await names({ kind: "GUARANTEE_FEE_SUBSIDY" })).toEqual([guaranteeFeeSubsidy.name]);
    });

    it("keeps the policies that apply to a firm's region: its own, its prefecture's and its province's", async () => {
      const provincial = (await publishOk({ ...riskCompensation, name: "河南省风险补偿", regionCode: "410000" })).createIncentivePolicy;
      const county = (await publishOk({ ...riskCompensation, name: "金水区风险补偿", regionCode: "410105" })).createIncentivePolicy;
      expect(await names({ regionCode: "410105" })).toEqual([zhengzhouAward.name, riskCompensation.name, provincial.name, county.name]);
      expect(await names({ regionCode: "410102" })).toEqual([zhengzhouAward.name, riskCompensation.name, provincial.name]);
      expect(await names({ regionCode: "410300" })).toEqual([provincial.name]);
      expect(await names({ regionCode: "530102" })).toEqual([yunnanSubsidy.name]);
      expect(await names({ regionCode: "410105", kind: "CERTIFICATION_AWARD" })).toEqual([zhengzhouAward.name]);
    });

    it("keeps the policies in force on a date, inclusive of both ends", async () => {
      const inForce = async (on: string) => names({ activeOn: on, regionCode: "420111" });
      expect(await inForce("2025-02-28")).toEqual([]);
      expect(await inForce("2025-03-01")).toEqual([guaranteeFeeSubsidy.name]);
      expect(await inForce("2025-12-31")).toEqual([guaranteeFeeSubsidy.name]);
      expect(await inForce("2026-01-01")).toEqual([]);
      // Open-ended and bounded policies together.
      expect(await names({ activeOn: "2027-01-01", regionCode: "410102" })).toEqual([riskCompensation.name, "河南省风险补偿"]);
      expect(await names({ activeOn: "2026-12-31", regionCode: "410102" })).toEqual([zhengzhouAward.name, riskCompensation.name, "河南省风险补偿"]);
    });

    it("refuses a malformed region filter with BAD_USER_INPUT naming the filter field", async () => {
      const res = await t.gql(LIST, { filter: { regionCode: "4101" } });
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.regionCode", rule: "regionCode.format" })]);
    });
  });

  describe("access control", () => {
    it.each([
      ["a FIRM", { role: Role.FIRM, orgId: randomUUID() }],
      ["a BANK", { role: Role.BANK, orgId: randomUUID() }],
      ["a GUARANTOR", { role: Role.GUARANTOR, orgId: randomUUID() }],
      ["a BUREAU of another region", { role: Role.BUREAU, regionCode: "530000" }],
      ["a REGULATOR of another region", { role: Role.REGULATOR, regionCode: "440000" }],
      ["the platform ADMIN", { role: Role.ADMIN }],
    ])("lets %s read every policy, by id and in lists", async (_name, claims) => {
      const client = await t.as(claims);
      const byId = await client.gqlOk(`query($id: ID!) { incentivePolicy(id: $id) { name regionCode } }`, { id: ids.zhengzhou });
      expect(byId.incentivePolicy).toEqual({ name: zhengzhouAward.name, regionCode: "410100" });
      const list = await client.gqlOk(LIST, { filter: { kind: "CERTIFICATION_AWARD" } });
      expect(list.incentivePolicies).toEqual({ totalCount: 1, edges: [{ node: { name: zhengzhouAward.name } }] });
    });

    it.each([
      ["a REGULATOR of the policy's region", { role: Role.REGULATOR, regionCode: "410000" }],
      ["a BANK", { role: Role.BANK, orgId: randomUUID() }],
      ["a FIRM", { role: Role.FIRM, orgId: randomUUID() }],
      ["a GUARANTOR", { role: Role.GUARANTOR, orgId: randomUUID() }],
      ["the platform ADMIN", { role: Role.ADMIN }],
    ])("refuses %s publishing a policy with FORBIDDEN, even for a broken input, and writes nothing", async (_name, claims) => {
      const client = await t.as(claims);
      const before = await policyCount();
      for (const input of [{ ...riskCompensation, name: "越权发布的政策" }, { ...riskCompensation, riskCompensationShareBp: null }]) {
        const res = await client.gql(CREATE, { input });
        expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        expect(res.data).toBeNull();
      }
      expect(await policyCount()).toBe(before);
    });

    it("lets a bureau publish only inside its region", async () => {
      const henan = await t.as({ role: Role.BUREAU, regionCode: "410000" });
      const before = await policyCount();
      const outside = await henan.gql(CREATE, { input: { ...yunnanSubsidy, name: "河南局发布的云南贴息" } });
      expect(outside.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(outside.errors?.[0]?.message).toContain("530000");
      // A city bureau may not publish a provincial policy.
      const zhengzhou = await t.as({ role: Role.BUREAU, regionCode: "410100" });
      const provincial = await zhengzhou.gql(CREATE, { input: { ...riskCompensation, name: "郑州局发布的河南省政策", regionCode: "410000" } });
      expect(provincial.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(await policyCount()).toBe(before);

      const inside = await henan.gqlOk(CREATE, { input: { ...riskCompensation, name: "金水区科技贷风险补偿", regionCode: "410105" } });
      expect(inside.createIncentivePolicy).toMatchObject({ name: "金水区科技贷风险补偿", regionCode: "410105", riskCompensationShareBp: 4000 });
      const byCity = await zhengzhou.gqlOk(CREATE, { input: { ...riskCompensation, name: "郑州市科技贷风险补偿", regionCode: "410100" } });
      expect(byCity.createIncentivePolicy.regionCode).toBe("410100");
      expect(await policyCount()).toBe(before + 2);
    });

    it("answers UNAUTHENTICATED to every operation without a token, and writes nothing", async () => {
      const before = await policyCount();
      const operations: Array<[string, Record<string, unknown>]> = [
        [`query($id: ID!) { incentivePolicy(id: $id) { id } }`, { id: ids.zhengzhou }],
        [LIST, { filter: null }],
        [CREATE, { input: { ...riskCompensation, name: "匿名发布的政策" } }],
      ];
      for (const [query, variables] of operations) {
        const res = await t.anonymous.gql(query, variables);
        expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      }
      expect(await policyCount()).toBe(before);
    });
  });
});
