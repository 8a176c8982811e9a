import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { LprTenor } from "../../src/domain/enums";
import { LprRate } from "../../src/modules/lpr/lpr-rate.entity";
import { startTestApp, type TestApp } from "../support/test-app";

const SET = `mutation($input: SetLprRateInput!) { setLprRate(input: $input) { id tenor effectiveOn rateBp createdAt } }`;
const LIST = `query($first: Int, $after: String, $filter: LprRateFilter) {
  lprRates(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { tenor effectiveOn rateBp } }
  }
}`;

describe("LPR rates over GraphQL", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const rowCount = () => t.ds.getRepository(LprRate).count();
  /** Recorded by the platform ADMIN (the default client): setLprRate is ADMIN-only. */
  const set = async (tenor: string, effectiveOn: string, rateBp: number) => (await t.gqlOk(SET, { input: { tenor, effectiveOn, rateBp } })).setLprRate;

  it("records a rate, and a second value for the same tenor and date corrects it in place", async () => {
    const first = await set("ONE_YEAR", "2025-05-20", 300);
    expect(first).toMatchObject({ tenor: "ONE_YEAR", effectiveOn: "2025-05-20", rateBp: 300 });
    const before = await rowCount();

    const corrected = await set("ONE_YEAR", "2025-05-20", 310);
    expect(corrected).toEqual({ ...first, rateBp: 310 });
    expect(await rowCount()).toBe(before);
    const stored = await t.ds.getRepository(LprRate).findOneByOrFail({ id: first.id });
    expect(stored.rateBp).toBe(310);

    // The same date of the other tenor is a different rate.
    const fiveYear = await set("FIVE_YEAR", "2025-05-20", 350);
    expect(fiveYear.id).not.toBe(first.id);
    expect(await rowCount()).toBe(before + 1);
  });

  it.each([
    ["a zero rate", { rateBp: 0 }, "input.rateBp", "bp.range"],
    ["a rate of 20% or more", { rateBp: 2000 }, "input.rateBp", "bp.range"],
    ["a date that does not exist", { effectiveOn: "2026-02-30" }, "input.effectiveOn", "date.format"],
  ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_name, overrides, field, rule) => {
    const before = await rowCount();
    const res = await t.gql(SET, { input: { tenor: "ONE_YEAR", effectiveOn: "2026-01-20", rateBp: 300, ...overrides } });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field, rule })]);
    expect(await rowCount()).toBe(before);
  });

  it("refuses a correction to an invalid value and keeps the old one", async () => {
    await set("FIVE_YEAR", "2024-10-21", 360);
    const res = await t.gql(SET, { input: { tenor: "FIVE_YEAR", effectiveOn: "2024-10-21", rateBp: -1 } });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await t.ds.getRepository(LprRate).findOneByOrFail({ tenor: LprTenor.FIVE_YEAR, effectiveOn: "2024-10-21" })).rateBp).toBe(360);
  });

  describe("lprRates", () => {
    let all: Array<{ tenor: string; effectiveOn: string; rateBp: number }>;
    beforeAll(async () => {
      await set("ONE_YEAR", "2026-03-20", 290);
      await set("FIVE_YEAR", "2026-03-20", 340);
      await set("ONE_YEAR", "2024-10-21", 310);
      // A correction of an earlier record keeps its place in creation order.
      await set("ONE_YEAR", "2025-05-20", 300);
      all = (await t.gqlOk(LIST, { first: 50 })).lprRates.edges.map((e: any) => e.node);
    });

    it("lists every rate in the order it was first recorded", () => {
      expect(all).toEqual([
        { tenor: "ONE_YEAR", effectiveOn: "2025-05-20", rateBp: 300 },
        { tenor: "FIVE_YEAR", effectiveOn: "2025-05-20", rateBp: 350 },
        { tenor: "FIVE_YEAR", effectiveOn: "2024-10-21", rateBp: 360 },
        { tenor: "ONE_YEAR", effectiveOn: "2026-03-20", rateBp: 290 },
        { tenor: "FIVE_YEAR", effectiveOn: "2026-03-20", rateBp: 340 },
        { tenor: "ONE_YEAR", effectiveOn: "2024-10-21", rateBp: 310 },
      ]);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ["tenor", { tenor: "ONE_YEAR" }, ["2025-05-20", "2026-03-20", "2024-10-21"]],
      ["from (inclusive)", { from: "2025-05-20" }, ["2025-05-20", "2025-05-20", "2026-03-20", "2026-03-20"]],
      ["to (inclusive)", { to: "2025-05-20" }, ["2025-05-20", "2025-05-20", "2024-10-21", "2024-10-21"]],
      ["tenor and a one-day window", { tenor: "FIVE_YEAR", from: "2026-03-20", to: "2026-03-20" }, ["2026-03-20"]],
      ["a window with no rate", { from: "2025-06-01", to: "2026-03-19" }, []],
    ])("filters by %s", async (_name, filter, dates) => {
      const data = (await t.gqlOk(LIST, { first: 50, filter })).lprRates;
      expect(data.edges.map((e: any) => e.node.effectiveOn)).toEqual(dates);
      expect(data.totalCount).toBe(dates.length);
    });

    it("pages with cursors", async () => {
      const page1 = (await t.gqlOk(LIST, { first: 4 })).lprRates;
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = (await t.gqlOk(LIST, { first: 4, after: page1.pageInfo.endCursor })).lprRates;
      expect(page2.pageInfo.hasNextPage).toBe(false);
      expect([...page1.edges, ...page2.edges].map((e: any) => e.node)).toEqual(all);
      expect(page2.totalCount).toBe(6);
    });

    it("refuses a window that ends before it starts", async () => {
      const res = await t.gql(LIST, { filter: { from: "2026-01-01", to: "2025-12-31" } });
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.to", rule: "date.order" })]);
    });

    it.each<[string, { role: Role; orgId?: string; regionCode?: string }]>([
      ["a FIRM", { role: Role.FIRM, orgId: randomUUID() }],
      ["a BANK", { role: Role.BANK, orgId: randomUUID() }],
      ["a GUARANTOR", { role: Role.GUARANTOR, orgId: randomUUID() }],
      ["a BUREAU", { role: Role.BUREAU, regionCode: "140500" }],
      ["a REGULATOR", { role: Role.REGULATOR, regionCode: "330000" }],
    ])("lists every rate to %s, like to the ADMIN (public market data)", async (_name, claims) => {
      const client = await t.as(claims);
      const data = (await client.gqlOk(LIST, { first: 50 })).lprRates;
      expect(data.edges.map((e: any) => e.node)).toEqual(all);
      expect(data.totalCount).toBe(6);
      const oneYear = (await client.gqlOk(LIST, { first: 50, filter: { tenor: "ONE_YEAR", from: "2025-01-01" } })).lprRates;
      expect(oneYear.edges.map((e: any) => e.node.effectiveOn)).toEqual(["2025-05-20", "2026-03-20"]);
    });
  });

  describe("access control", () => {
    it.each<[string, { role: Role; orgId?: string; regionCode?: string }]>([
      ["a FIRM", { role: Role.FIRM, orgId: randomUUID() }],
      ["a BANK", { role: Role.BANK, orgId: randomUUID() }],
      ["a GUARANTOR", { role: Role.GUARANTOR, orgId: randomUUID() }],
      ["a BUREAU", { role: Role.BUREAU, regionCode: "110000" }],
      ["a REGULATOR", { role: Role.REGULATOR, regionCode: "110000" }],
    ])("refuses %s recording or correcting a rate with FORBIDDEN, and writes nothing", async (_name, claims) => {
      const client = await t.as(claims);
      const before = await rowCount();
      const fresh = await client.gql(SET, { input: { tenor: "ONE_YEAR", effectiveOn: "2027-01-20", rateBp: 280 } });
      expect(fresh.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", mutation: "setLprRate" });
      expect(fresh.errors?.[0]?.message).toContain("ADMIN");
      expect(fresh.data).toBeNull();
      // Not even a correction of an existing value, and not even an invalid one (the role is checked first).
      const correction = await client.gql(SET, { input: { tenor: "FIVE_YEAR", effectiveOn: "2024-10-21", rateBp: 999 } });
      expect(correction.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const invalid = await client.gql(SET, { input: { tenor: "FIVE_YEAR", effectiveOn: "2024-10-21", rateBp: 0 } });
      expect(invalid.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(await rowCount()).toBe(before);
      expect((await t.ds.getRepository(LprRate).findOneByOrFail({ tenor: LprTenor.FIVE_YEAR, effectiveOn: "2024-10-21" })).rateBp).toBe(360);
    });

    it("lets the ADMIN record a rate", async () => {
      const admin = await t.as({ role: Role.ADMIN });
      const before = await rowCount();
      const { setLprRate } = await admin.gqlOk(SET, { input: { tenor: "ONE_YEAR", effectiveOn: "2027-01-20", rateBp: 280 } });
      expect(setLprRate).toMatchObject({ tenor: "ONE_YEAR", effectiveOn: "2027-01-20", rateBp: 280 });
      expect(await rowCount()).toBe(before + 1);
    });

    it("answers UNAUTHENTICATED without a token, to the list and to setLprRate, and writes nothing", async () => {
      const before = await rowCount();
      const list = await t.anonymous.gql(LIST, { first: 5 });
      expect(list.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(list.data ?? null).toBeNull(); // 401 before execution: no data at all
      const set = await t.anonymous.gql(SET, { input: { tenor: "ONE_YEAR", effectiveOn: "2027-02-20", rateBp: 280 } });
      expect(set.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(await rowCount()).toBe(before);
    });
  });
});
