import { Role } from "../../src/domain/access";
import { Firm } from "../../src/modules/firm/firm.entity";
import { Certification } from "../../src/modules/certification/certification.entity";
import { creditCodeCheckChar, makeCreditCode } from "../../src/domain/credit-code";
import { createInstitution, recordCertification, registerFirm, uniqueCreditCode } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

const REGISTER = `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id creditCode name regionCode annualRevenue } }`;

function firmInput(overrides: Record<string, unknown> = {}) {
  return {
    creditCode: uniqueCreditCode("140500"),
    name: "晋城测试精密机械有限公司",
    regionCode: "140500",
    industryCode: "C3411",
    size: "SMALL",
    foundedOn: "2012-05-01",
    ...overrides,
  };
}

describe("firms and certifications over GraphQL", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const firmCount = () => t.ds.getRepository(Firm).count();

  it("registers a firm and reads it back by id and credit code", async () => {
    const input = firmInput({ annualRevenue: "52000000.5" });
    const { registerFirm: firm } = await t.gqlOk(REGISTER, { input });
    expect(firm).toMatchObject({ creditCode: input.creditCode, regionCode: "140500", annualRevenue: "52000000.50" });
    const byId = await t.gqlOk(`query($id: ID!) { firm(id: $id) { creditCode } }`, { id: firm.id });
    expect(byId.firm.creditCode).toBe(input.creditCode);
    const byCode = await t.gqlOk(`query($c: String!) { firmByCreditCode(creditCode: $c) { id name } }`, { c: input.creditCode.toLowerCase() });
    expect(byCode.firmByCreditCode.id).toBe(firm.id);
  });

  it.each([
    ["a wrong credit-code check character", { creditCode: "91350100M000100Y44" }, "input.creditCode", "creditCode.checkCharacter"],
    ["a 5-digit region", { regionCode: "14050" }, "input.regionCode", "regionCode.format"],
    ["a malformed industry code", { industryCode: "C3" }, "input.industryCode", "industryCode.format"],
    ["three decimals of money", { annualRevenue: "100.005" }, "input.annualRevenue", "money.format"],
    ["a negative patent count", { inventionPatents: -1 }, "input.inventionPatents", "int.range"],
    ["a founding date in the future", { foundedOn: "2999-01-01" }, "input.foundedOn", "date.notFuture"],
    ["an empty name", { name: "  " }, "input.name", "text.required"],
  ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_name, overrides, field, rule) => {
    const before = await firmCount();
    const res = await t.gql(REGISTER, { input: firmInput(overrides) });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.extensions?.violations).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    expect(res.errors?.[0]?.message).toContain(field);
    expect(await firmCount()).toBe(before);
  });

  it("reports every broken rule of one input at once", async () => {
    const res = await t.gql(REGISTER, { input: firmInput({ creditCode: "X", regionCode: "1", industryCode: "?" }) });
    const fields = (res.errors?.[0]?.extensions?.violations as Array<{ field: string }>).map((v) => v.field);
    expect(fields).toEqual(["input.creditCode", "input.regionCode", "input.industryCode"]);
  });

  it("refuses money sent as a JSON number (a float) with BAD_USER_INPUT, in variables and inline", async () => {
    const before = await firmCount();
    const viaVariables = await t.gql(REGISTER, { input: firmInput({ annualRevenue: 1234.5 }) });
    expect(viaVariables.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(viaVariables.errors?.[0]?.message).toMatch(/decimal string/);
    const inline = await t.gql(`mutation { registerFirm(input: {
      creditCode: "${uniqueCreditCode()}", name: "x", regionCode: "140500", industryCode: "C34", size: SMALL,
      foundedOn: "2010-01-01", annualRevenue: 1234.5 }) { id } }`);
    expect(inline.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await firmCount()).toBe(before);
  });

  it("refuses a duplicate credit code with CONFLICT", async () => {
    const input = firmInput();
    await t.gqlOk(REGISTER, { input });
    const res = await t.gql(REGISTER, { input: { ...input, name: "另一家" } });
    expect(res.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("answers NOT_FOUND for unknown ids, credit codes and referenced records", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const byId = await t.gql(`query($id: ID!) { firm(id: $id) { id } }`, { id: unknown });
    expect(byId.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const byCode = await t.gql(`query($c: String!) { firmByCreditCode(creditCode: $c) { id } }`, { c: uniqueCreditCode() });
    expect(byCode.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const before = await firmCount();
    const paired = await t.gql(REGISTER, { input: firmInput({ pairedBankId: unknown }) });
    expect(paired.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.pairedBankId" });
    expect(await firmCount()).toBe(before);
  });

  it("answers NOT_FOUND, not an internal error, for an id that is not a UUID", async () => {
    const res = await t.gql(`query { firm(id: "42") { id } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("updates a profile and refuses an empty update", async () => {
    const firm = await registerFirm(t);
    const bank = await createInstitution(t, "晋城银行测试分行");
    const updated = await t.gqlOk(
      `mutation($input: UpdateFirmInput!) { updateFirm(input: $input) { employees pairedBank { name } creditCode } }`,
      { input: { id: firm.id, employees: 120, pairedBankId: bank } },
    );
    expect(updated.updateFirm).toEqual({ employees: 120, pairedBank: { name: "晋城银行测试分行" }, creditCode: firm.creditCode });
    const empty = await t.gql(`mutation($input: UpdateFirmInput!) { updateFirm(input: $input) { id } }`, { input: { id: firm.id } });
    expect(empty.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  describe("code tables (GB/T 2260, GB/T 4754-2017, GB 32100 / GB 11714)", () => {
    it.each([
      ["a region code that does not exist", { regionCode: "123456" }, "input.regionCode", "regionCode.unknown"],
      ["a 市辖区 placeholder, not a region", { regionCode: "140501" }, "input.regionCode", "regionCode.unknown"],
      ["an industry division that does not exist", { industryCode: "C9999" }, "input.industryCode", "industryCode.unknown"],
      ["a division of another section", { industryCode: "C6513" }, "input.industryCode", "industryCode.unknown"],
      ["the credit code 001405000000000001", { creditCode: "001405000000000001" }, "input.creditCode", "creditCode.registrationAuthority"],
    ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_name, overrides, field, rule) => {
      const before = await firmCount();
      const res = await t.gql(REGISTER, { input: firmInput(overrides) });
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.extensions?.violations).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      expect(await firmCount()).toBe(before);
    });

    it("refuses a wrong GB 11714 check character at position 17 even when position 18 is right", async () => {
      const good = makeCreditCode("91", "140500", "MA0K3T2X");
      const wrong17 = good.slice(0, 16) + (good[16] === "1" ? "2" : "1");
      const code = wrong17 + creditCodeCheckChar(wrong17);
      const res = await t.gql(REGISTER, { input: firmInput({ creditCode: code }) });
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input.creditCode", rule: "creditCode.organisationCheckCharacter" })]);
    });

    it("refuses unknown region codes in filters too", async () => {
      const res = await t.gql(`query { firms(first: 1, filter: { regionCode: "123456" }) { totalCount } }`);
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.regionCode", rule: "regionCode.unknown" })]);
      const industry = await t.gql(`query { firms(first: 1, filter: { industryPrefix: "C99" }) { totalCount } }`);
      expect(industry.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "filter.industryPrefix", rule: "industryCode.unknown" })]);
    });

    it("names the region and the industry, and has no warning when the credit code's region is the firm's", async () => {
      const input = firmInput({ creditCode: uniqueCreditCode("140581"), regionCode: "140581", industryCode: "C3911" });
      const { registerFirm: firm } = await t.gqlOk(REGISTER, { input });
      const read = await t.gqlOk(`query($id: ID!) { firm(id: $id) { regionName regionFullName industryName warnings { code message } } }`, { id: firm.id });
      expect(read.firm).toEqual({ regionName: "高平市", regionFullName: "山西省晋城市高平市", industryName: "计算机、通信和其他电子设备制造业", warnings: [] });
    });

    it("accepts a credit code issued in another region, with a warning on the firm, also after a move", async () => {
      const input = firmInput({ creditCode: uniqueCreditCode("140500"), regionCode: "140581" });
      const { registerFirm: firm } = await t.gqlOk(
        `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id warnings { code message } } }`,
        { input },
      );
      expect(firm.warnings).toEqual([
        {
          code: "CREDIT_CODE_REGION_MISMATCH",
          message:
            "The credit code was issued in region 140500 山西省晋城市 (positions 3-8) but the firm is registered in 140581 山西省晋城市高平市; check that both are right.",
        },
      ]);
      const moved = await t.gqlOk(`mutation($input: UpdateFirmInput!) { updateFirm(input: $input) { regionName warnings { code } } }`, {
        input: { id: firm.id, regionCode: "140500" },
      });
      expect(moved.updateFirm).toEqual({ regionName: "晋城市", warnings: [] });
    });
  });

  describe("effective tier", () => {
    it("is the highest certification in force on the date, null when none, and ignores revoked ones", async () => {
      const firm = await registerFirm(t);
      await recordCertification(t, firm.id, { tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2023-03-01", expiresOn: "2026-02-28" });
      const giant = await recordCertification(t, firm.id, { tier: "LITTLE_GIANT", level: "NATIONAL", issuedOn: "2024-07-01", expiresOn: "2027-06-30" });
      const q = `query($id: ID!, $on: LocalDate) { firm(id: $id) { effectiveTier(on: $on) { tier level certification { id } } } }`;
      expect((await t.gqlOk(q, { id: firm.id, on: "2023-06-01" })).firm.effectiveTier).toMatchObject({ tier: "SPECIALIZED_SME", level: "PROVINCIAL" });
      expect((await t.gqlOk(q, { id: firm.id, on: "2025-01-01" })).firm.effectiveTier).toEqual({ tier: "LITTLE_GIANT", level: "NATIONAL", certification: { id: giant } });
      expect((await t.gqlOk(q, { id: firm.id, on: "2022-01-01" })).firm.effectiveTier).toBeNull();

      const revoked = await t.gqlOk(
        `mutation($input: RevokeCertificationInput!) { revokeCertification(input: $input) { status revokedOn } }`,
        { input: { id: giant, revokedOn: "2025-06-01", reason: "复核未通过" } },
      );
      expect(revoked.revokeCertification).toEqual({ status: "REVOKED", revokedOn: "2025-06-01" });
      expect((await t.gqlOk(q, { id: firm.id, on: "2025-05-31" })).firm.effectiveTier.tier).toBe("LITTLE_GIANT");
      expect((await t.gqlOk(q, { id: firm.id, on: "2025-06-01" })).firm.effectiveTier.tier).toBe("SPECIALIZED_SME");

      const again = await t.gql(`mutation($input: RevokeCertificationInput!) { revokeCertification(input: $input) { id } }`, {
        input: { id: giant, revokedOn: "2025-07-01", reason: "again" },
      });
      expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    });

    it("refuses a certification that expires before it is issued, and a duplicate certificate number", async () => {
      const firm = await registerFirm(t);
      const before = await t.ds.getRepository(Certification).count();
      const res = await t.gql(`mutation($input: RecordCertificationInput!) { recordCertification(input: $input) { id } }`, {
        input: { firmId: firm.id, tier: "SPECIALIZED_SME", level: "MUNICIPAL", authority: "晋城市工业和信息化局", certificateNo: "JC-1", issuedOn: "2025-01-01", expiresOn: "2024-12-31" },
      });
      expect(res.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ field: "input.expiresOn", rule: "date.order" })]);
      expect(await t.ds.getRepository(Certification).count()).toBe(before);
      await recordCertification(t, firm.id, { tier: "SPECIALIZED_SME", level: "MUNICIPAL", issuedOn: "2025-01-01", expiresOn: "2027-12-31", certificateNo: "JC-2", authority: "晋城市工业和信息化局" });
      const dup = await t.gql(`mutation($input: RecordCertificationInput!) { recordCertification(input: $input) { id } }`, {
        input: { firmId: firm.id, tier: "SPECIALIZED_SME", level: "MUNICIPAL", authority: "晋城市工业和信息化局", certificateNo: "JC-2", issuedOn: "2025-01-01", expiresOn: "2027-12-31" },
      });
      expect(dup.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    });
  });
});

describe("firm fields under access control", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("shows a firm's paired bank to that bank, not to a competitor that may see the firm", async () => {
    const paired = await createInstitution(t, "结对银行甲");
    const competitor = await createInstitution(t, "竞争银行乙");
    const firm = await registerFirm(t, { pairedBankId: paired });
    // The competitor may see the firm because the firm's need is open to all banks.
    const asFirm = await t.as({ role: Role.FIRM, orgId: firm.id });
    await asFirm.gqlOk(
      `mutation($input: SubmitFinancingNeedInput!) { submitFinancingNeed(input: $input) { id } }`,
      { input: { firmId: firm.id, amount: "1000000.00", termMonths: 12, purpose: "WORKING_CAPITAL", neededBy: "2999-01-01", idempotencyKey: "firm-test-paired-bank" } },
    );
    const q = `query($id: ID!) { firm(id: $id) { name pairedBank { name } } }`;
    const byPaired = await (await t.as({ role: Role.BANK, orgId: paired })).gqlOk(q, { id: firm.id });
    expect(byPaired.firm.pairedBank).toEqual({ name: "结对银行甲" });
    const byCompetitor = await (await t.as({ role: Role.BANK, orgId: competitor })).gqlOk(q, { id: firm.id });
    expect(byCompetitor.firm.name).toBeTruthy();
    expect(byCompetitor.firm.pairedBank).toBeNull();
    expect((await asFirm.gqlOk(q, { id: firm.id })).firm.pairedBank).toEqual({ name: "结对银行甲" });
  });

  it("lets a firm register only itself, with an onboarding token for its own credit code", async () => {
    const input = firmInput();
    const other = await t.as({ role: Role.FIRM, creditCode: uniqueCreditCode() });
    const refused = await other.gql(REGISTER, { input });
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await t.ds.getRepository(Firm).countBy({ creditCode: input.creditCode })).toBe(0);
    const onboarding = await t.as({ role: Role.FIRM, creditCode: input.creditCode });
    const { registerFirm: firm } = await onboarding.gqlOk(REGISTER, { input });
    expect(firm.creditCode).toBe(input.creditCode);
  });

  it("keeps a bureau inside its region", async () => {
    const bureau = await t.as({ role: Role.BUREAU, regionCode: "140500" });
    const outside = await bureau.gql(REGISTER, { input: firmInput({ creditCode: uniqueCreditCode("530102"), regionCode: "530102" }) });
    expect(outside.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const inside = await bureau.gqlOk(REGISTER, { input: firmInput() });
    expect(inside.registerFirm.regionCode).toBe("140500");
  });
});
