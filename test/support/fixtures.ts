import { makeCreditCode } from "../../src/domain/credit-code";
import type { TestApp } from "./test-app";

/** Small builders that go through the public API, for arranging integration tests. */
let counter = 0;

/** A valid, unique credit code in a region: the organisation code's 8-character stem is derived from a counter. */
export function uniqueCreditCode(regionCode = "140500"): string {
  counter++;
  const body = `M${String(process.pid % 1000).padStart(3, "0")}${String(counter).padStart(4, "0")}`;
  return makeCreditCode("91", regionCode, body);
}

export async function createInstitution(t: TestApp, name: string, regionCode = "140500"): Promise<string> {
  const data = await t.gqlOk(
    `mutation($input: CreateFinancialInstitutionInput!) { createFinancialInstitution(input: $input) { id } }`,
    { input: { name, shortName: name.slice(0, 20), type: "CITY_COMMERCIAL_BANK", regionCode } },
  );
  return data.createFinancialInstitution.id;
}

export async function registerFirm(t: TestApp, overrides: Record<string, unknown> = {}): Promise<{ id: string; creditCode: string }> {
  const regionCode = (overrides.regionCode as string) ?? "140500";
  const creditCode = uniqueCreditCode(regionCode);
  const data = await t.gqlOk(
    `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id creditCode } }`,
    {
      input: {
        creditCode,
        name: `测试企业${creditCode.slice(-6)}有限公司`,
        regionCode,
        industryCode: "C3411",
        size: "SMALL",
        foundedOn: "2015-03-01",
        ...overrides,
      },
    },
  );
  return data.registerFirm;
}

export async function recordCertification(
  t: TestApp,
  firmId: string,
  input: { tier: string; level: string; issuedOn: string; expiresOn: string; certificateNo?: string; authority?: string },
): Promise<string> {
  counter++;
  const data = await t.gqlOk(
    `mutation($input: RecordCertificationInput!) { recordCertification(input: $input) { id } }`,
    {
      input: {
        firmId,
        authority: input.authority ?? "工业和信息化部",
        certificateNo: input.certificateNo ?? `CERT-${process.pid}-${counter}`,
        tier: input.tier,
        level: input.level,
        issuedOn: input.issuedOn,
        expiresOn: input.expiresOn,
      },
    },
  );
  return data.recordCertification.id;
}
