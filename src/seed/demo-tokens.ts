import type { DataSource } from "typeorm";
import { Role } from "../domain/access";
import { Firm } from "../modules/firm/firm.entity";
import { GuaranteeAgency } from "../modules/guarantee/guarantee-agency.entity";
import { FinancialInstitution } from "../modules/institution/financial-institution.entity";
import type { TokenClaims, TokenService } from "../modules/auth/token.service";
import { DEMO_FIRMS, DEMO_GUARANTEE_AGENCIES, DEMO_INSTITUTIONS } from "./demo-data";

/** One ready development token per role, for the Jincheng (晋城, seed 000) demo organisations. */
export async function demoTokens(ds: DataSource, tokens: TokenService): Promise<Array<{ label: string; token: string }>> {
  const firmData = DEMO_FIRMS.find((f) => f.regionCode.startsWith("1405"))!;
  const bankData = DEMO_INSTITUTIONS.find((i) => i.regionCode === "140500")!;
  const agencyData = DEMO_GUARANTEE_AGENCIES.find((a) => a.regionCode === "140500")!;
  const firm = await ds.getRepository(Firm).findOneByOrFail({ creditCode: firmData.creditCode });
  const bank = await ds.getRepository(FinancialInstitution).findOneByOrFail({ name: bankData.name });
  const agency = await ds.getRepository(GuaranteeAgency).findOneByOrFail({ name: agencyData.name });

  const roles: Array<[string, TokenClaims]> = [
    [`FIRM ${firm.name}`, { sub: "demo-firm", role: Role.FIRM, orgId: firm.id }],
    [`BANK ${bank.name}`, { sub: "demo-bank", role: Role.BANK, orgId: bank.id }],
    [`GUARANTOR ${agency.name}`, { sub: "demo-guarantor", role: Role.GUARANTOR, orgId: agency.id }],
    ["BUREAU 晋城市工业和信息化局 (140500)", { sub: "demo-bureau", role: Role.BUREAU, regionCode: "140500" }],
    ["REGULATOR 山西 (140000)", { sub: "demo-regulator", role: Role.REGULATOR, regionCode: "140000" }],
    ["ADMIN platform", { sub: "demo-admin", role: Role.ADMIN }],
  ];
  return Promise.all(roles.map(async ([label, claims]) => ({ label, token: await tokens.sign(claims) })));
}
