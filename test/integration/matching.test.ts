import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { addDays, toChinaDate } from "../../src/domain/dates";
import { recordCertification, registerFirm } from "../support/fixtures";
import { startTestApp, type ApiClient, type GraphQLResponse, type TestApp } from "../support/test-app";

/**
 * The matching engine through GraphQL on PostgreSQL (DOMAIN.md "Matching", docs/access.md):
 * matchesForNeed (the firm's view), explainMatch and matchingNeeds (the bank's view).
 *
 * The world, in 晋城 (140500), with the money needed in 60 days:
 * - banks B1, B2 (F1's paired bank) and B3;
 * - firm F1 (140502): SPECIALIZED_SME PROVINCIAL in force, and an expired LITTLE_GIANT NATIONAL;
 *   firm F2 (140581): only an expired certification; firm F3 (杭州 330106);
 * - agencies: G1 (140500, agreed fee 70 with B1), G2 (140000, agreed fee 50 with B1: the cheapest
 *   eligible one), G3 (140500, agreed fee 30 with B1 but serving INNOVATIVE_SME only);
 * - a 50 bp interest subsidy for SPECIALIZED_SME firms of 140500 (12 months); ONE_YEAR LPR 300;
 * - products: P1 (B1, LPR+50, −20 for SPECIALIZED_SME, guarantee required) costs 350−20−50+50 = 330;
 *   P2 (B2, credit loan, 360) costs 310; P3 and P3b (B3, receivables, 340, green channel) cost 290;
 *   ineligible for F1's need: P4 amount, P5 purpose, P6 tier, P7 quota, P9 archived; P8 serves 330000.
 */

const MATCH_FIELDS = `
  product { id requiresGuarantee approvalDays }
  eligible score matchDate estimatedApprovalDays quotaRemaining
  reasons { code message }
  cost { totalBp rateBp tierDiscountBp subsidyBp guaranteeFeeBp }
  components { name weight value explanation }
  guaranteeAgency { id }`;

const MATCHES = `query($needId: ID!, $first: Int!, $inel: Boolean!, $weights: MatchWeightsInput) {
  matchesForNeed(needId: $needId, first: $first, includeIneligible: $inel, weights: $weights) { ${MATCH_FIELDS} }
}`;
const EXPLAIN = `query($needId: ID!, $productId: ID!, $weights: MatchWeightsInput) {
  explainMatch(needId: $needId, productId: $productId, weights: $weights) { ${MATCH_FIELDS} }
}`;
const NEEDS = `query($productId: ID!, $first: Int, $after: String) {
  matchingNeeds(productId: $productId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor score matchDate estimatedApprovalDays node { id status } cost { totalBp rateBp tierDiscountBp subsidyBp guaranteeFeeBp } components { name weight value } guaranteeAgency { id } }
  }
}`;

const M = {
  agency: `mutation($input: CreateGuaranteeAgencyInput!) { createGuaranteeAgency(input: $input) { id } }`,
  agreement: `mutation($input: CreateGuaranteeAgreementInput!) { createGuaranteeAgreement(input: $input) { id } }`,
  product: `mutation($input: CreateLoanProductInput!) { createLoanProduct(input: $input) { id } }`,
  archive: `mutation($input: ArchiveLoanProductInput!) { archiveLoanProduct(input: $input) { id status } }`,
  need: `mutation($input: SubmitFinancingNeedInput!) { submitFinancingNeed(input: $input) { id } }`,
  withdraw: `mutation($input: WithdrawFinancingNeedInput!) { withdrawFinancingNeed(input: $input) { id status } }`,
  policy: `mutation($input: CreateIncentivePolicyInput!) { createIncentivePolicy(input: $input) { id } }`,
  lpr: `mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id } }`,
  institution: `mutation($input: CreateFinancialInstitutionInput!) { createFinancialInstitution(input: $input) { id } }`,
};

const COMPONENTS = ["COST", "SPEED", "FIT", "TIER", "COLLATERAL", "RELATIONSHIP"];
const DEFAULT_WEIGHTS = [30, 15, 20, 15, 10, 10];
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

interface Match {
  product: { id: string; requiresGuarantee: boolean; approvalDays: number };
  eligible: boolean;
  score: number;
  matchDate: string;
  estimatedApprovalDays: number;
  quotaRemaining: string;
  reasons: Array<{ code: string; message: string }>;
  cost: { totalBp: number; rateBp: number; tierDiscountBp: number; subsidyBp: number; guaranteeFeeBp: number } | null;
  components: Array<{ name: string; weight: number; value: number; explanation?: string }>;
  guaranteeAgency: { id: string } | null;
}

interface NeedEdge {
  cursor: string;
  score: number;
  matchDate: string;
  node: { id: string; status: string };
  cost: NonNullable<Match["cost"]>;
  components: Match["components"];
  guaranteeAgency: { id: string } | null;
}

let seq = 0;
const suffix = () => `${process.pid % 10000}-${++seq}`;

/** The weighted mean of the components, × 100, as the score is defined. */
function weightedScore(components: Match["components"]): number {
  const total = components.reduce((s, c) => s + c.weight, 0);
  return (100 * components.reduce((s, c) => s + c.weight * c.value, 0)) / total;
}

/** The order of DOMAIN.md: eligible first, score desc, effective cost asc, then id. */
function byRank<T extends { score: number; cost: Match["cost"]; eligible?: boolean }>(id: (x: T) => string) {
  return (a: T, b: T): number => {
    if ((a.eligible ?? true) !== (b.eligible ?? true)) return a.eligible ? -1 : 1;
    if (a.score !== b.score) return b.score - a.score;
    const ca = a.cost?.totalBp ?? Number.POSITIVE_INFINITY;
    const cb = b.cost?.totalBp ?? Number.POSITIVE_INFINITY;
    if (ca !== cb) return ca - cb;
    return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
  };
}

describe("matching over GraphQL", () => {
  let t: TestApp;
  const today = toChinaDate(new Date());
  const neededBy = addDays(today, 60);

  let B1: string, B2: string, B3: string;
  let F1: string, F2: string, F3: string;
  let G1: string, G2: string, G3: string;
  const P: Record<string, string> = {};
  const N: Record<string, string> = {};
  let firm1: ApiClient;
  let bank1: ApiClient;
  let bank2: ApiClient;

  const clients = new Map<string, ApiClient>();
  async function as(claims: { role: Role; orgId?: string; regionCode?: string }): Promise<ApiClient> {
    const key = JSON.stringify(claims);
    if (!clients.has(key)) clients.set(key, await t.as(claims));
    return clients.get(key)!;
  }

  async function createBank(label: string): Promise<string> {
    const name = `匹配测试${label}银行${suffix()}`;
    const data = await t.gqlOk(M.institution, { input: { name, shortName: name.slice(0, 20), type: "CITY_COMMERCIAL_BANK", regionCode: "140500" } });
    return data.createFinancialInstitution.id;
  }

  async function createAgency(regionCode: string, tiersServed: string[], feeRateBp: number): Promise<string> {
    const input = { name: `匹配测试担保${suffix()}`, regionCode, tiersServed, feeRateBp, maxAmountPerFirm: "10000000.00", capacity: "1000000000.00" };
    return (await t.gqlOk(M.agency, { input })).createGuaranteeAgency.id;
  }

  async function createAgreement(agencyId: string, institutionId: string, agreedFeeRateBp: number): Promise<string> {
    const guarantor = await as({ role: Role.GUARANTOR, orgId: agencyId });
    const input = { institutionId, agencyId, bankRiskShareBp: 3000, agreedFeeRateBp, validFrom: "2025-01-01" };
    return (await guarantor.gqlOk(M.agreement, { input })).createGuaranteeAgreement.id;
  }

  function productInput(bankId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      institutionId: bankId,
      code: `MATCH-${suffix()}`,
      name: "匹配测试产品",
      category: "SRDI_LOAN",
      servedRegionCodes: ["140500"],
      minAmount: "100000",
      maxAmount: "10000000",
      minTermMonths: 6,
      maxTermMonths: 36,
      purposes: ["WORKING_CAPITAL", "TECH_UPGRADE"],
      acceptedCollateral: ["NONE"],
      pricingType: "FIXED",
      fixedRateBp: 380,
      approvalDays: 10,
      reservedQuota: "100000000",
      validFrom: "2025-01-01",
      ...overrides,
    };
  }

  async function createProduct(bankId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const bank = await as({ role: Role.BANK, orgId: bankId });
    return (await bank.gqlOk(M.product, { input: productInput(bankId, overrides) })).createLoanProduct.id;
  }

  async function submitNeed(firmId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const firm = await as({ role: Role.FIRM, orgId: firmId });
    const input = { firmId, amount: "3000000", termMonths: 12, purpose: "WORKING_CAPITAL", neededBy, idempotencyKey: randomUUID(), ...overrides };
    return (await firm.gqlOk(M.need, { input })).submitFinancingNeed.id;
  }

  async function withdraw(firmId: string, needId: string): Promise<void> {
    const firm = await as({ role: Role.FIRM, orgId: firmId });
    await firm.gqlOk(M.withdraw, { input: { id: needId } });
  }

  function matches(
    client: ApiClient,
    needId: string,
    opts: { first?: number; includeIneligible?: boolean; weights?: Record<string, number> } = {},
  ): Promise<GraphQLResponse<{ matchesForNeed: Match[] }>> {
    return client.gql(MATCHES, { needId, first: opts.first ?? 10, inel: opts.includeIneligible ?? false, weights: opts.weights ?? null });
  }

  async function matchesOk(client: ApiClient, needId: string, opts: Parameters<typeof matches>[2] = {}): Promise<Match[]> {
    const res = await matches(client, needId, opts);
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    return res.data!.matchesForNeed;
  }

  function explain(client: ApiClient, needId: string, productId: string, weights: Record<string, number> | null = null) {
    return client.gql<{ explainMatch: Match }>(EXPLAIN, { needId, productId, weights });
  }

  async function explainOk(client: ApiClient, needId: string, productId: string, weights: Record<string, number> | null = null): Promise<Match> {
    const res = await explain(client, needId, productId, weights);
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    return res.data!.explainMatch;
  }

  function needsPage(client: ApiClient, productId: string, first: number | null = null, after: string | null = null) {
    return client.gql<{ matchingNeeds: { totalCount: number; pageInfo: any; edges: NeedEdge[] } }>(NEEDS, { productId, first, after });
  }

  async function needsPageOk(client: ApiClient, productId: string, first: number | null = null, after: string | null = null) {
    const res = await needsPage(client, productId, first, after);
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    return res.data!.matchingNeeds;
  }

  /** Every page of matchingNeeds with page size `size`, concatenated. */
  async function allPages(client: ApiClient, productId: string, size: number): Promise<{ edges: NeedEdge[]; pages: number; totals: number[] }> {
    const edges: NeedEdge[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await needsPageOk(client, productId, size, after);
      pages++;
      totals.push(page.totalCount);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.edges.length).toBeLessThanOrEqual(size);
      edges.push(...page.edges);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]!.cursor);
      after = page.pageInfo.endCursor;
      if (pages > 50) throw new Error("matchingNeeds never ends");
    }
    return { edges, pages, totals };
  }

  beforeAll(async () => {
    // Pages of 100 with every field exceed the default query cost (5000); limits.test.ts covers that limit.
    t = await startTestApp({ limits: { maxCost: 1_000_000 } as TestApp["config"]["limits"] });
    B1 = await createBank("甲");
    B2 = await createBank("乙");
    B3 = await createBank("丙");

    F1 = (await registerFirm(t, { regionCode: "140502", pairedBankId: B2 })).id;
    await recordCertification(t, F1, { tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2024-01-01", expiresOn: "2028-12-31" });
    await recordCertification(t, F1, { tier: "LITTLE_GIANT", level: "NATIONAL", issuedOn: "2020-01-01", expiresOn: "2023-06-30" });
    F2 = (await registerFirm(t, { regionCode: "140581" })).id;
    await recordCertification(t, F2, { tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2021-01-01", expiresOn: "2024-01-01" });
    F3 = (await registerFirm(t, { regionCode: "330106" })).id;
    await recordCertification(t, F3, { tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2024-01-01", expiresOn: "2028-12-31" });

    G1 = await createAgency("140500", ["SPECIALIZED_SME", "LITTLE_GIANT"], 90);
    G2 = await createAgency("140000", ["SPECIALIZED_SME", "LITTLE_GIANT"], 80);
    G3 = await createAgency("140500", ["INNOVATIVE_SME"], 40);
    await createAgreement(G1, B1, 70);
    await createAgreement(G2, B1, 50);
    await createAgreement(G3, B1, 30);

    const bureau = await as({ role: Role.BUREAU, regionCode: "140500" });
    await bureau.gqlOk(M.policy, {
      input: {
        kind: "INTEREST_SUBSIDY",
        name: `匹配测试贴息${suffix()}`,
        issuer: "晋城市财政局",
        regionCode: "140500",
        tiers: ["SPECIALIZED_SME"],
        subsidyBp: 50,
        durationMonths: 12,
        validFrom: "2025-01-01",
      },
    });
    await t.gqlOk(M.lpr, { input: { tenor: "ONE_YEAR", effectiveOn: "2025-06-20", rateBp: 300 } });

    P.P1 = await createProduct(B1, {
      pricingType: "LPR_SPREAD",
      fixedRateBp: undefined,
      lprTenor: "ONE_YEAR",
      spreadBp: 50,
      tierDiscounts: [{ tier: "SPECIALIZED_SME", discountBp: 20 }],
      requiresGuarantee: true,
    });
    P.P2 = await createProduct(B2, { category: "CREDIT_LOAN", fixedRateBp: 360, approvalDays: 20 });
    P.P3 = await createProduct(B3, { category: "RECEIVABLES_FINANCING", acceptedCollateral: ["RECEIVABLES"], fixedRateBp: 340, approvalDays: 5, greenChannel: true });
    P.P3b = await createProduct(B3, { category: "RECEIVABLES_FINANCING", acceptedCollateral: ["RECEIVABLES"], fixedRateBp: 340, approvalDays: 5, greenChannel: true });
    P.P4 = await createProduct(B3, { maxAmount: "2000000" });
    P.P5 = await createProduct(B1, { purposes: ["FIXED_ASSETS"] });
    P.P6 = await createProduct(B2, { minTier: "LITTLE_GIANT" });
    P.P7 = await createProduct(B3, { reservedQuota: "1000000" });
    P.P8 = await createProduct(B1, { servedRegionCodes: ["330000"] });
    P.P9 = await createProduct(B2);
    await (await as({ role: Role.BANK, orgId: B2 })).gqlOk(M.archive, { input: { id: P.P9 } });

    // Needs. N1 is the firm's main need; the others populate the banks' views.
    N.N1 = await submitNeed(F1, { collateralOffered: ["RECEIVABLES"] });
    N.N2 = await submitNeed(F2);
    N.N4 = await submitNeed(F1, { amount: "5000000", termMonths: 24, visibility: "SELECTED_BANKS", visibleToInstitutionIds: [B2, B3] });
    N.N5 = await submitNeed(F1, { amount: "2000000", visibility: "SELECTED_BANKS", visibleToInstitutionIds: [B1] });
    N.N7 = await submitNeed(F1, { purpose: "FIXED_ASSETS" });
    N.N8 = await submitNeed(F3);
    const more: Array<[string, Record<string, unknown>]> = [
      [F1, { amount: "500000", termMonths: 6 }],
      [F1, { amount: "1000000", termMonths: 36, neededBy: addDays(today, 10) }],
      [F2, { amount: "8000000", termMonths: 18 }],
      [F2, { amount: "3000000", termMonths: 12 }],
      [F1, { amount: "9500000", termMonths: 30, neededBy: addDays(today, 200) }],
      [F1, { amount: "4000000", termMonths: 12, collateralOffered: ["REAL_ESTATE"] }],
    ];
    for (const [i, [firm, overrides]] of more.entries()) N[`M${i}`] = await submitNeed(firm, overrides);

    firm1 = await as({ role: Role.FIRM, orgId: F1 });
    bank1 = await as({ role: Role.BANK, orgId: B1 });
    bank2 = await as({ role: Role.BANK, orgId: B2 });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("matchesForNeed (the firm's view)", () => {
    const PAGE = `query($needId: ID!, $first: Int, $after: String, $inel: Boolean!) {
      productMatches(needId: $needId, first: $first, after: $after, includeIneligible: $inel) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { ${MATCH_FIELDS} } }
      }
    }`;

    it("connection.productMatches: pages of the same ranking, each entry the one matchesForNeed lists, with totalCount", async () => {
      for (const inel of [false, true]) {
        const list = await matchesOk(firm1, N.N1!, { first: 100, includeIneligible: inel });
        expect(list.length).toBeGreaterThan(2); // more than one page of 2
        const seen: Match[] = [];
        let after: string | null = null;
        for (let pages = 0; ; pages++) {
          const page: any = (await firm1.gqlOk(PAGE, { needId: N.N1!, first: 2, after, inel })).productMatches;
          expect(page.totalCount).toBe(list.length);
          expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
          expect(page.edges.length).toBeLessThanOrEqual(2);
          seen.push(...page.edges.map((e: any) => e.node));
          if (!page.pageInfo.hasNextPage) break;
          expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
          after = page.pageInfo.endCursor;
          if (pages > 20) throw new Error("productMatches never ends");
        }
        expect(seen).toEqual(list);
      }
      // A list with ineligible products pages across the eligible/ineligible boundary too.
      expect((await matchesOk(firm1, N.N1!, { first: 100, includeIneligible: true })).some((m) => !m.eligible)).toBe(true);
    });

    it("connection.productMatches: refuses a foreign cursor and a bad page size, and hides the need from banks like matchesForNeed", async () => {
      const needsCursor = (await needsPageOk(bank2, P.P2!, 1)).pageInfo.endCursor;
      for (const after of ["not-a-cursor", needsCursor]) {
        const res = await firm1.gql(PAGE, { needId: N.N1!, first: 2, after, inel: false });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [expect.objectContaining({ field: "after", rule: "cursor.format" })] });
      }
      const tooBig = await firm1.gql(PAGE, { needId: N.N1!, first: 0, after: null, inel: false });
      expect(tooBig.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const bank = await bank2.gql(PAGE, { needId: N.N1!, first: 2, after: null, inel: false });
      expect(bank.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const query = (await t.gqlOk(`{ __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`)).__type.fields;
      expect(query.find((f: any) => f.name === "matchesForNeed")).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining("productMatches") });
      expect(query.find((f: any) => f.name === "productMatches")).toMatchObject({ isDeprecated: false });
    });

    it("lists only eligible products by default, best first, each with its explained score and cost", async () => {
      const list = await matchesOk(firm1, N.N1!);
      const ids = list.map((m) => m.product.id);
      // P3 and P3b are the same offer: equal score and cost, so the product id decides.
      const [p3first, p3second] = [P.P3!, P.P3b!].sort();
      expect(ids).toEqual([p3first, p3second, P.P2, P.P1]);
      expect(ids).toEqual([...list].sort(byRank((m: Match) => m.product.id)).map((m) => m.product.id));
      expect(list[0]!.score).toBe(list[1]!.score);
      expect(list[1]!.score).toBeGreaterThan(list[2]!.score);
      expect(list[2]!.score).toBeGreaterThan(list[3]!.score);

      for (const m of list) {
        expect(m.eligible).toBe(true);
        expect(m.reasons).toEqual([]);
        expect(m.components.map((c) => c.name)).toEqual(COMPONENTS);
        expect(m.components.map((c) => c.weight)).toEqual(DEFAULT_WEIGHTS);
        for (const c of m.components) {
          expect(c.value).toBeGreaterThanOrEqual(0);
          expect(c.value).toBeLessThanOrEqual(1);
          expect(c.explanation?.length ?? 0).toBeGreaterThan(10);
        }
        expect(m.score).toBeGreaterThanOrEqual(0);
        expect(m.score).toBeLessThanOrEqual(100);
        expect(Math.abs(m.score - weightedScore(m.components))).toBeLessThanOrEqual(0.0051);
        const c = m.cost!;
        expect(c.totalBp).toBe(c.rateBp - c.tierDiscountBp - c.subsidyBp + c.guaranteeFeeBp);
        expect(m.estimatedApprovalDays).toBe(m.product.approvalDays);
        expect(m.matchDate).toBe(neededBy);
        expect(m.quotaRemaining).toBe("100000000.00");
        expect(m.guaranteeAgency === null).toBe(!m.product.requiresGuarantee);
      }

      const byId = new Map(list.map((m) => [m.product.id, m]));
      // LPR 300 + 50, −20 for SPECIALIZED_SME, −50 subsidy, + the cheapest eligible guarantee (G2 at 50; G3 is cheaper but serves INNOVATIVE_SME only).
      expect(byId.get(P.P1!)!.cost).toEqual({ totalBp: 330, rateBp: 350, tierDiscountBp: 20, subsidyBp: 50, guaranteeFeeBp: 50 });
      expect(byId.get(P.P1!)!.guaranteeAgency).toEqual({ id: G2 });
      expect(byId.get(P.P2!)!.cost).toEqual({ totalBp: 310, rateBp: 360, tierDiscountBp: 0, subsidyBp: 50, guaranteeFeeBp: 0 });
      expect(byId.get(P.P3!)!.cost).toEqual({ totalBp: 290, rateBp: 340, tierDiscountBp: 0, subsidyBp: 50, guaranteeFeeBp: 0 });
      // COST is relative to the eligible candidates: cheapest 1, dearest 0. RELATIONSHIP: B2 is F1's paired bank.
      const value = (id: string, name: string) => byId.get(id)!.components.find((c) => c.name === name)!.value;
      expect([value(P.P3!, "COST"), value(P.P2!, "COST"), value(P.P1!, "COST")]).toEqual([1, 0.5, 0]);
      expect([value(P.P3!, "RELATIONSHIP"), value(P.P2!, "RELATIONSHIP"), value(P.P1!, "RELATIONSHIP")]).toEqual([0, 1, 0]);
      expect([value(P.P3!, "COLLATERAL"), value(P.P2!, "COLLATERAL")]).toEqual([0.5, 1]);
    });

    it("limits the list with first, and refuses first 0 or 101 with BAD_USER_INPUT on first", async () => {
      const all = await matchesOk(firm1, N.N1!);
      const two = await matchesOk(firm1, N.N1!, { first: 2 });
      expect(two).toEqual(all.slice(0, 2));
      const withIneligible = await matchesOk(firm1, N.N1!, { first: 5, includeIneligible: true });
      expect(withIneligible).toHaveLength(5);
      for (const first of [0, 101, -1]) {
        const res = await matches(firm1, N.N1!, { first });
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "first" })]);
      }
    });

    it("lists ineligible products after the eligible ones when asked, with score 0 and every failed rule explained", async () => {
      const list = await matchesOk(firm1, N.N1!, { first: 100, includeIneligible: true });
      const eligibleIds = (await matchesOk(firm1, N.N1!, { first: 100 })).map((m) => m.product.id);
      const firstIneligible = list.findIndex((m) => !m.eligible);
      expect(list.slice(0, firstIneligible).map((m) => m.product.id)).toEqual(eligibleIds);
      expect(list.slice(firstIneligible).every((m) => !m.eligible)).toBe(true);
      expect(list.map((m) => m.product.id)).toEqual([...list].sort(byRank((m: Match) => m.product.id)).map((m) => m.product.id));
      // P8 serves Zhejiang only: not a candidate at all, not even an ineligible one.
      expect(new Set(list.map((m) => m.product.id))).toEqual(new Set(Object.values(P).filter((id) => id !== P.P8)));

      const byId = new Map(list.map((m) => [m.product.id, m]));
      for (const m of list.slice(firstIneligible)) {
        expect(m.score).toBe(0);
        expect(m.reasons.length).toBeGreaterThan(0);
        expect(m.components.map((c) => c.name)).toEqual(COMPONENTS);
      }
      const reasons = (id: string) => byId.get(id)!.reasons;
      expect(reasons(P.P4!)).toEqual([{ code: "AMOUNT_ABOVE_MAX", message: expect.stringMatching(/200万元.*300万元/) }]);
      expect(reasons(P.P5!)).toEqual([{ code: "PURPOSE_NOT_ALLOWED", message: expect.stringMatching(/FIXED_ASSETS.*WORKING_CAPITAL/) }]);
      // The expired LITTLE_GIANT certificate does not count: F1 holds SPECIALIZED_SME on the match date.
      expect(reasons(P.P6!)).toEqual([{ code: "TIER_TOO_LOW", message: expect.stringMatching(/LITTLE_GIANT.*SPECIALIZED_SME/) }]);
      expect(reasons(P.P7!)).toEqual([{ code: "QUOTA_EXHAUSTED", message: expect.stringMatching(/100万元.*300万元/) }]);
      expect(byId.get(P.P7!)!.quotaRemaining).toBe("1000000.00");
      expect(reasons(P.P9!)).toEqual([{ code: "PRODUCT_INACTIVE", message: expect.stringContaining("archived") }]);
      for (const m of list) {
        for (const r of m.reasons) expect(r.message.length).toBeGreaterThan(20);
      }
    });

    it("reasons.nameTheRecord: the lapsed certificate and the quota left come with the reason, in the sentence and as details", async () => {
      const DETAILS = `query($needId: ID!) { matchesForNeed(needId: $needId, first: 100, includeIneligible: true) {
        product { id } reasons { code message details {
          certification { id certificateNo tier level issuedOn expiresOn revokedOn statusOn }
          quota { remaining requested } guarantee { agencyId } loan { id } } } } }`;
      const byProduct = async (needId: string) =>
        new Map((await t.gqlOk(DETAILS, { needId })).matchesForNeed.map((m: any) => [m.product.id, m.reasons]));
      const certificate = (await t.gqlOk(`query($id: ID!) { firm(id: $id) { certifications { id certificateNo } } }`, { id: F2 })).firm.certifications[0];
      const [tier] = (await byProduct(N.N2!)).get(P.P6!) as any[];
      expect(tier.code).toBe("TIER_TOO_LOW");
      expect(tier.message).toContain(`Its certificate ${certificate.certificateNo} (PROVINCIAL SPECIALIZED_SME) expired on 2024-01-01.`);
      expect(tier.details).toEqual({
        certification: {
          id: certificate.id,
          certificateNo: certificate.certificateNo,
          tier: "SPECIALIZED_SME",
          level: "PROVINCIAL",
          issuedOn: "2021-01-01",
          expiresOn: "2024-01-01",
          revokedOn: null,
          statusOn: "EXPIRED",
        },
        quota: null,
        guarantee: null,
        loan: null,
      });
      const n1 = await byProduct(N.N1!);
      expect((n1.get(P.P7!) as any[])[0].details).toEqual({ certification: null, quota: { remaining: "1000000.00", requested: "3000000.00" }, guarantee: null, loan: null });
      // A rule no record causes carries no details.
      expect((n1.get(P.P4!) as any[])[0]).toMatchObject({ code: "AMOUNT_ABOVE_MAX", details: null });
    });

    it("reports TIER_TOO_LOW for a firm whose only certification has expired, and gives it no tier discount or subsidy", async () => {
      const list = await matchesOk(t, N.N2!, { first: 100, includeIneligible: true });
      const byId = new Map(list.map((m) => [m.product.id, m]));
      expect(byId.get(P.P6!)!.reasons).toEqual([{ code: "TIER_TOO_LOW", message: expect.stringContaining("no certification in force") }]);
      // P1 needs a guarantee, and both agencies with an agreement serve certified tiers only.
      expect(byId.get(P.P1!)!.reasons.map((r) => r.code)).toEqual(["NO_GUARANTEE_AVAILABLE"]);
      expect(byId.get(P.P1!)!.guaranteeAgency).toBeNull();
      expect(byId.get(P.P2!)).toMatchObject({ eligible: true, cost: { totalBp: 360, rateBp: 360, tierDiscountBp: 0, subsidyBp: 0, guaranteeFeeBp: 0 } });
      // F2 offers no receivables: the receivables products need collateral it does not have.
      expect(byId.get(P.P3!)!.reasons.map((r) => r.code)).toEqual(["COLLATERAL_NOT_ACCEPTED"]);
    });

    it("rejects a product whose effective cost exceeds the need's maximum rate (RATE_ABOVE_MAX)", async () => {
      const need = await submitNeed(F1, { collateralOffered: ["RECEIVABLES"], maxAnnualRateBp: 300 });
      const list = await matchesOk(firm1, need, { first: 100, includeIneligible: true });
      const byId = new Map(list.map((m) => [m.product.id, m]));
      expect(list.filter((m) => m.eligible).map((m) => m.product.id).sort()).toEqual([P.P3!, P.P3b!].sort());
      expect(byId.get(P.P2!)!.reasons).toEqual([{ code: "RATE_ABOVE_MAX", message: expect.stringMatching(/310 bp.*300 bp/) }]);
      expect(byId.get(P.P1!)!.reasons.map((r) => r.code)).toEqual(["RATE_ABOVE_MAX"]);
      await withdraw(F1, need);
    });

    it("reorders with custom weights: relationship only puts the paired bank's product first", async () => {
      const byDefault = (await matchesOk(firm1, N.N1!)).map((m) => m.product.id);
      expect(byDefault.indexOf(P.P3!)).toBeLessThan(byDefault.indexOf(P.P2!));
      const weights = { cost: 0, speed: 0, fit: 0, tier: 0, collateral: 0, relationship: 100 };
      const custom = await matchesOk(firm1, N.N1!, { weights });
      expect(custom.map((m) => m.product.id).indexOf(P.P2!)).toBe(0);
      expect(custom.map((m) => m.product.id).indexOf(P.P2!)).toBeLessThan(custom.map((m) => m.product.id).indexOf(P.P3!));
      expect(custom[0]!.score).toBe(100);
      // The others tie at 0: effective cost decides (P3/P3b at 290 before P1 at 330), then the id.
      const [p3first, p3second] = [P.P3!, P.P3b!].sort();
      expect(custom.map((m) => m.product.id)).toEqual([P.P2, p3first, p3second, P.P1]);
      for (const m of custom) expect(m.components.map((c) => c.weight)).toEqual([0, 0, 0, 0, 0, 100]);
      // Omitted weights keep their defaults.
      const partial = await matchesOk(firm1, N.N1!, { weights: { relationship: 100 } });
      for (const m of partial) expect(m.components.map((c) => c.weight)).toEqual([30, 15, 20, 15, 10, 100]);
      expect(partial.map((m) => m.product.id)).toEqual([...partial].sort(byRank((m: Match) => m.product.id)).map((m) => m.product.id));
    });

    it.each<[string, Record<string, number>, string, string]>([
      ["a negative weight", { cost: -1 }, "weights.cost", "weight.range"],
      ["a weight above 1000", { speed: 1001 }, "weights.speed", "weight.range"],
      ["all weights zero", { cost: 0, speed: 0, fit: 0, tier: 0, collateral: 0, relationship: 0 }, "weights", "weight.sum"],
    ])("refuses %s with BAD_USER_INPUT naming the field", async (_name, weights, field, rule) => {
      for (const res of [await matches(firm1, N.N1!, { weights }), await explain(firm1, N.N1!, P.P2!, weights)]) {
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field, rule })]);
        expect(res.errors?.[0]?.message).toContain(field);
      }
    });

    it("answers NOT_FOUND for an unknown or malformed need, and to a firm for another firm's need", async () => {
      for (const id of [UNKNOWN, "42"]) {
        const res = await matches(t, id);
        expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      }
      const other = await matches(firm1, N.N2!);
      expect(other.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      expect(other.data).toBeNull();
    });

    it("answers the same JSON for the same query", async () => {
      const a = await matches(firm1, N.N1!, { first: 100, includeIneligible: true });
      const b = await matches(firm1, N.N1!, { first: 100, includeIneligible: true });
      expect(a.errors).toBeUndefined();
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    });
  });

  describe("explainMatch", () => {
    const pick = (m: Match) => ({ score: m.score, eligible: m.eligible, cost: m.cost, components: m.components, reasons: m.reasons, guaranteeAgency: m.guaranteeAgency });

    it("gives an eligible pair exactly the score, cost and components of its entry in matchesForNeed", async () => {
      const list = await matchesOk(firm1, N.N1!);
      for (const entry of list) {
        const explained = await explainOk(firm1, N.N1!, entry.product.id);
        expect(pick(explained)).toEqual(pick(entry));
      }
      const weights = { relationship: 100, cost: 5 };
      const custom = await matchesOk(firm1, N.N1!, { weights });
      expect(pick(await explainOk(firm1, N.N1!, P.P1!, weights))).toEqual(pick(custom.find((m) => m.product.id === P.P1)!));
    });

    it("explains an ineligible pair with eligible false, score 0 and its reasons", async () => {
      const withIneligible = await matchesOk(t, N.N1!, { first: 100, includeIneligible: true });
      const p4 = await explainOk(t, N.N1!, P.P4!);
      expect(p4).toMatchObject({ eligible: false, score: 0, reasons: [{ code: "AMOUNT_ABOVE_MAX" }] });
      expect(pick(p4)).toEqual(pick(withIneligible.find((m) => m.product.id === P.P4)!));
      // Not a candidate of the firm's region at all: explained anyway (ADMIN may see both).
      const p8 = await explainOk(t, N.N1!, P.P8!);
      expect(p8.eligible).toBe(false);
      expect(p8.reasons.map((r) => r.code)).toEqual(["REGION_NOT_SERVED"]);
      expect(p8.reasons[0]!.message).toContain("140502");
    });

    it("catalogue.published: a firm learns why a published product of another region does not fit (REGION_NOT_SERVED, not NOT_FOUND)", async () => {
      const p8 = await explainOk(firm1, N.N1!, P.P8!);
      expect(p8).toMatchObject({ eligible: false, score: 0, product: { id: P.P8 } });
      expect(p8.reasons.map((r) => r.code)).toEqual(["REGION_NOT_SERVED"]);
      expect(p8.reasons[0]!.message).toContain("330000");
      // So do the bureau and the regulator of the need's region.
      for (const regional of [await as({ role: Role.BUREAU, regionCode: "140500" }), await as({ role: Role.REGULATOR, regionCode: "140000" })]) {
        expect((await explainOk(regional, N.N1!, P.P8!)).reasons.map((r) => r.code)).toEqual(["REGION_NOT_SERVED"]);
      }
      // An archived product is no catalogue entry: outside the firm's region it stays NOT_FOUND.
      const archived = await createProduct(B1, { servedRegionCodes: ["330000"] });
      await (await as({ role: Role.BANK, orgId: B1 })).gqlOk(M.archive, { input: { id: archived } });
      expect((await explain(firm1, N.N1!, archived)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });

    it("approval.waiverCounts: a 总对总 agreement that waives due diligence gives its approval days to the guaranteed product", async () => {
      // A world of its own in 云南 (530000), so that no other test sees it.
      const bank = await createBank("见担即贷");
      const firm = (await registerFirm(t, { regionCode: "530102" })).id;
      await recordCertification(t, firm, { tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2024-01-01", expiresOn: "2028-12-31" });
      const agency = await createAgency("530000", ["SPECIALIZED_SME"], 60);
      const guarantor = await as({ role: Role.GUARANTOR, orgId: agency });
      const agreementInput = { institutionId: bank, agencyId: agency, bankRiskShareBp: 2000, agreedFeeRateBp: 50, validFrom: "2025-01-01" };
      const waiver = await guarantor.gql(M.agreement, { input: { ...agreementInput, waivesDueDiligence: true } });
      expect(waiver.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input.approvalDays", rule: "agreement.waiverApprovalDays" })]);
      await guarantor.gqlOk(M.agreement, { input: { ...agreementInput, waivesDueDiligence: true, approvalDays: 3 } });
      const guaranteed = await createProduct(bank, { servedRegionCodes: ["530000"], requiresGuarantee: true, approvalDays: 20 });
      const unguaranteed = await createProduct(bank, { servedRegionCodes: ["530000"], approvalDays: 20 });
      const need = await submitNeed(firm);
      const owner = await as({ role: Role.FIRM, orgId: firm });
      const byId = new Map((await matchesOk(owner, need, { first: 10 })).map((m) => [m.product.id, m]));
      const speed = (m: Match) => m.components.find((c) => c.name === "SPEED")!;
      expect(byId.get(guaranteed)!.estimatedApprovalDays).toBe(3);
      expect(speed(byId.get(guaranteed)!).explanation).toContain("3 days instead of the product's 20");
      expect(byId.get(unguaranteed)!.estimatedApprovalDays).toBe(20);
      expect(speed(byId.get(guaranteed)!).value).toBeGreaterThan(speed(byId.get(unguaranteed)!).value);
    });

    it("is deterministic: the same question twice gives identical JSON", async () => {
      for (const productId of [P.P1!, P.P4!]) {
        const a = await explain(firm1, N.N1!, productId);
        const b = await explain(firm1, N.N1!, productId);
        expect(a.errors).toBeUndefined();
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }
    });

    it("for the product's bank, scores the pair as matchingNeeds does; a need hidden from the bank is NOT_FOUND", async () => {
      const page = await needsPageOk(bank2, P.P2!, 100);
      const edge = page.edges.find((e) => e.node.id === N.N1)!;
      const explained = await explainOk(bank2, N.N1!, P.P2!);
      expect({ score: explained.score, cost: explained.cost, components: explained.components.map(({ name, weight, value }) => ({ name, weight, value })) }).toEqual({
        score: edge.score,
        cost: edge.cost,
        components: edge.components,
      });
      const hidden = await explain(bank2, N.N5!, P.P2!);
      expect(hidden.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const otherBanksProduct = await explain(bank2, N.N1!, P.P1!);
      expect(otherBanksProduct.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });
  });

  describe("matchingNeeds (the bank's view)", () => {
    /** The open needs ADMIN's explainMatch calls eligible for a product: the rules, without visibility. */
    async function eligibleByRules(productId: string): Promise<Set<string>> {
      const ids = new Set<string>();
      for (const needId of Object.values(N)) {
        const status = (await t.gqlOk(`query($id: ID!) { financingNeed(id: $id) { status } }`, { id: needId })).financingNeed.status;
        if (status === "OPEN" && (await explainOk(t, needId, productId)).eligible) ids.add(needId);
      }
      return ids;
    }

    it("lists exactly the open needs the product is eligible for and the bank may see, best first", async () => {
      const page = await needsPageOk(bank2, P.P2!, 100);
      const ids = page.edges.map((e) => e.node.id);
      const expected = await eligibleByRules(P.P2!);
      // N5 is eligible by the rules but SELECTED_BANKS without B2: hidden from it.
      expect(expected.has(N.N5!)).toBe(true);
      expected.delete(N.N5!);
      expect(new Set(ids)).toEqual(expected);
      expect(ids).toHaveLength(expected.size);
      expect(page.totalCount).toBe(expected.size);
      expect(ids).toContain(N.N4); // SELECTED_BANKS naming B2
      expect(ids).not.toContain(N.N7); // purpose not funded
      expect(ids).not.toContain(N.N8); // Zhejiang firm
      expect(ids).toEqual([...page.edges].sort(byRank((e: NeedEdge) => e.node.id)).map((e) => e.node.id));
      for (const e of page.edges) {
        expect(e.node.status).toBe("OPEN");
        expect(e.score).toBeGreaterThanOrEqual(0);
        expect(e.score).toBeLessThanOrEqual(100);
        expect(Math.abs(e.score - weightedScore(e.components))).toBeLessThanOrEqual(0.0051);
        expect(e.components.map((c) => c.name)).toEqual(COMPONENTS);
        expect(e.cost.totalBp).toBe(e.cost.rateBp - e.cost.tierDiscountBp - e.cost.subsidyBp + e.cost.guaranteeFeeBp);
        expect(e.guaranteeAgency).toBeNull();
      }
      expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    });

    it("never returns a SELECTED_BANKS need to a bank it does not name, not even in totalCount, and for ADMIN neither", async () => {
      for (const client of [bank2, t]) {
        const page = await needsPageOk(client, P.P2!, 100);
        expect(page.edges.map((e) => e.node.id)).not.toContain(N.N5);
        expect(page.totalCount).toBe(page.edges.length);
      }
      // The bank it names sees it, with the guarantee its product would use.
      const b1 = await needsPageOk(bank1, P.P1!, 100);
      const n5 = b1.edges.find((e) => e.node.id === N.N5);
      expect(n5).toBeDefined();
      expect(n5!.guaranteeAgency).toEqual({ id: G2 });
      expect(n5!.cost.guaranteeFeeBp).toBe(50);
      // F2 holds no certification in force: no agency serves it, so P1 cannot lend to it.
      expect(b1.edges.map((e) => e.node.id)).not.toContain(N.N2);
      expect(b1.edges.map((e) => e.node.id)).not.toContain(N.N4); // names B2 and B3 only
    });

    it("pages through every need exactly once, in the order of one big page", async () => {
      const big = await needsPageOk(bank2, P.P2!, 100);
      expect(big.edges.length).toBeGreaterThanOrEqual(8);
      for (const size of [1, 2, 3]) {
        const { edges, pages, totals } = await allPages(bank2, P.P2!, size);
        expect(edges.map((e) => e.node.id)).toEqual(big.edges.map((e) => e.node.id));
        expect(new Set(edges.map((e) => e.node.id)).size).toBe(edges.length);
        expect(pages).toBe(Math.ceil(big.edges.length / size));
        expect(new Set(totals)).toEqual(new Set([big.totalCount]));
        expect(edges.map((e) => e.score)).toEqual(big.edges.map((e) => e.score));
      }
    });

    it("drops a withdrawn need", async () => {
      const need = await submitNeed(F1, { amount: "2500000" });
      const before = await needsPageOk(bank2, P.P2!, 100);
      expect(before.edges.map((e) => e.node.id)).toContain(need);
      await withdraw(F1, need);
      const after = await needsPageOk(bank2, P.P2!, 100);
      expect(after.edges.map((e) => e.node.id)).not.toContain(need);
      expect(after.totalCount).toBe(before.totalCount - 1);
    });

    it("answers NOT_FOUND for another bank's product or an unknown one, and BAD_USER_INPUT for a bad cursor or page size", async () => {
      for (const productId of [P.P1!, UNKNOWN, "42"]) {
        const res = await needsPage(bank2, productId);
        expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
        expect(res.data).toBeNull();
      }
      for (const after of ["not-a-cursor", Buffer.from(JSON.stringify([1, 2, "x"])).toString("base64url")]) {
        const res = await needsPage(bank2, P.P2!, 5, after);
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "after" })]);
      }
      for (const first of [0, 101]) {
        const res = await needsPage(bank2, P.P2!, first);
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      }
    });

    it("answers the same JSON for the same query", async () => {
      const a = await needsPage(bank2, P.P2!, 3);
      const b = await needsPage(bank2, P.P2!, 3);
      expect(a.errors).toBeUndefined();
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    });

    it("drops no need the rules accept for a product with a minimum tier and level, and lists none they refuse (the certificate prefilter)", async () => {
      const certified = async (tier: string, level: string, expiresOn: string) => {
        const firm = (await registerFirm(t, { regionCode: "140502" })).id;
        await recordCertification(t, firm, { tier, level, issuedOn: "2024-01-01", expiresOn });
        return submitNeed(firm);
      };
      const held = await certified("LITTLE_GIANT", "NATIONAL", "2029-12-31");
      const higherTier = await certified("SINGLE_CHAMPION", "NATIONAL", "2029-12-31");
      const levelTooLow = await certified("LITTLE_GIANT", "PROVINCIAL", "2029-12-31");
      const tierTooLow = await certified("SPECIALIZED_SME", "NATIONAL", "2029-12-31");
      const expired = await certified("SINGLE_CHAMPION", "NATIONAL", addDays(today, -1));
      const product = await createProduct(B2, { minTier: "LITTLE_GIANT", minLevel: "NATIONAL" });

      const listed = new Set((await needsPageOk(bank2, product, 100)).edges.map((e) => e.node.id));
      const expected = new Set<string>();
      for (const needId of [...Object.values(N), held, higherTier, levelTooLow, tierTooLow, expired]) {
        if (needId === N.N5) continue; // hidden from B2
        const status = (await t.gqlOk(`query($id: ID!) { financingNeed(id: $id) { status } }`, { id: needId })).financingNeed.status;
        if (status === "OPEN" && (await explainOk(t, needId, product)).eligible) expected.add(needId);
      }
      expect(listed).toEqual(expected);
      expect([held, higherTier].every((id) => listed.has(id))).toBe(true);
      expect([levelTooLow, tierTooLow, expired].some((id) => listed.has(id))).toBe(false);
    });
  });

  describe("SQL statements per request", () => {
    // A world of its own in 郑州 (4101xx), which no product or need above serves or sits in.
    let bankA: string;
    let bankB: string;
    let agency: string;
    const firms: string[] = [];
    let need: string;
    let product: string;

    const FULL_MATCHES = `query($needId: ID!, $inel: Boolean!) {
      matchesForNeed(needId: $needId, first: 100, includeIneligible: $inel) {
        eligible score reasons { code } cost { totalBp } components { name value } quotaRemaining
        product { id name } guaranteeAgency { id name }
      }
    }`;
    const FULL_PRODUCT_MATCHES = `query($needId: ID!) {
      productMatches(needId: $needId, first: 100, includeIneligible: true) {
        totalCount edges { cursor node { eligible score reasons { code details { quota { remaining } } } cost { totalBp } product { id name } guaranteeAgency { id name } } }
      }
    }`;
    const FULL_NEEDS = `query($productId: ID!) {
      matchingNeeds(productId: $productId, first: 100) {
        totalCount edges { score cost { totalBp } components { name value } node { id amount } guaranteeAgency { id name } }
      }
    }`;

    async function countStatements(run: () => Promise<unknown>): Promise<number> {
      t.statements.reset();
      await run();
      return t.statements.count;
    }

    function zzProduct(bankId: string, overrides: Record<string, unknown> = {}) {
      return createProduct(bankId, { servedRegionCodes: ["410100"], ...overrides });
    }

    beforeAll(async () => {
      bankA = await createBank("郑A");
      bankB = await createBank("郑B");
      agency = await createAgency("410100", ["SPECIALIZED_SME", "LITTLE_GIANT"], 80);
      await createAgreement(agency, bankA, 60);
      for (let i = 0; i < 4; i++) {
        const firm = (await registerFirm(t, { regionCode: "410102", pairedBankId: i % 2 ? bankA : bankB })).id;
        await recordCertification(t, firm, { tier: i % 2 ? "LITTLE_GIANT" : "SPECIALIZED_SME", level: "NATIONAL", issuedOn: "2024-01-01", expiresOn: "2028-12-31" });
        firms.push(firm);
      }
      need = await submitNeed(firms[0]!, { collateralOffered: ["EQUIPMENT"] });
      product = await zzProduct(bankA, { requiresGuarantee: true });
    });

    it("matchesForNeed runs as many statements for 12 candidate products as for 2", async () => {
      await zzProduct(bankB, { approvalDays: 3 });
      const small = await (await as({ role: Role.FIRM, orgId: firms[0]! })).gqlOk(FULL_MATCHES, { needId: need, inel: true });
      expect(small.matchesForNeed).toHaveLength(2);
      const firm = await as({ role: Role.FIRM, orgId: firms[0]! });
      const counts = async () => [
        await countStatements(() => firm.gqlOk(FULL_MATCHES, { needId: need, inel: false })),
        await countStatements(() => firm.gqlOk(FULL_MATCHES, { needId: need, inel: true })),
        await countStatements(() => firm.gqlOk(FULL_PRODUCT_MATCHES, { needId: need })),
      ];
      const smallCounts = await counts();

      for (let i = 0; i < 10; i++) {
        const bank = i % 2 ? bankA : bankB;
        await zzProduct(bank, {
          fixedRateBp: 300 + 10 * i,
          approvalDays: 1 + i,
          requiresGuarantee: bank === bankA,
          ...(i % 3 === 0 ? { acceptedCollateral: ["EQUIPMENT"] } : {}),
          ...(i === 9 ? { maxAmount: "1000000" } : {}),
        });
      }
      const large = await firm.gqlOk(FULL_MATCHES, { needId: need, inel: true });
      expect(large.matchesForNeed).toHaveLength(12);
      expect(large.matchesForNeed.filter((m: Match) => !m.eligible)).toHaveLength(1);
      expect((await firm.gqlOk(FULL_PRODUCT_MATCHES, { needId: need })).productMatches.totalCount).toBe(12);
      expect(await counts()).toEqual(smallCounts);
    });

    it("matchingNeeds runs as many statements for 30 candidate needs as for 2", async () => {
      const bank = await as({ role: Role.BANK, orgId: bankA });
      await submitNeed(firms[1]!, { amount: "1500000" });
      const small = await bank.gqlOk(FULL_NEEDS, { productId: product });
      expect(small.matchingNeeds.edges).toHaveLength(2);
      const smallCount = await countStatements(() => bank.gqlOk(FULL_NEEDS, { productId: product }));

      for (let i = 0; i < 28; i++) {
        await submitNeed(firms[i % firms.length]!, {
          amount: String(200000 + 100000 * i),
          termMonths: 6 + (i % 25),
          neededBy: addDays(today, 5 + i),
          ...(i % 4 === 0 ? { visibility: "SELECTED_BANKS", visibleToInstitutionIds: [bankA, bankB] } : {}),
        });
      }
      const large = await bank.gqlOk(FULL_NEEDS, { productId: product });
      expect(large.matchingNeeds.edges).toHaveLength(30);
      expect(large.matchingNeeds.totalCount).toBe(30);
      const largeCount = await countStatements(() => bank.gqlOk(FULL_NEEDS, { productId: product }));
      expect(largeCount).toBe(smallCount);
    });
  });
});
