import { randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { createProduct, createNeed } from "../support/access-fixtures";
import { OPS, applicationUnderReview, approveInput, buildDockingWorld, createProduct as createDockingProduct, submitNeed } from "../support/application-fixtures";
import { createInstitution, registerFirm } from "../support/fixtures";
import { toChinaDate } from "../../src/domain/dates";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * Messages in the request's language (docs/architecture.md, "Errors"): the same bad input with
 * and without `Accept-Language: zh-CN` answers the same code, field and rule, with a Chinese or
 * an English message; explainMatch's reasons likewise.
 */

type Json = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
const HAN = /[\u4e00-\u9fff]/;
const ZH = { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" };

let t: TestApp;
let adminToken: string;
let bankName: string;
let bankId: string;
let firmId: string;
let productId: string;
let needId: string;

beforeAll(async () => {
  t = await startTestApp();
  adminToken = await t.tokens.sign({ sub: "i18n-admin", role: Role.ADMIN });
  bankName = `多语言测试银行${randomUUID().slice(0, 6)}`;
  bankId = await createInstitution(t, bankName, "140500");
  firmId = (await registerFirm(t, { regionCode: "140500" })).id;
  productId = (await createProduct(t, bankId, "330000")).id;
  needId = await createNeed(t, firmId, bankId);
});
afterAll(async () => {
  await t.close();
});

async function ask(body: unknown, headers: Record<string, string>, token: string | null = adminToken): Promise<{ status: number; json: Json }> {
  const res = await t.post(body, { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) });
  return { status: res.status, json: (await res.json()) as Json };
}

/** Asks in English (no header) and in Chinese; returns both first errors after checking they agree on everything but the text. */
async function bothLanguages(body: unknown, token: string | null = adminToken) {
  const en = await ask(body, {}, token);
  const zh = await ask(body, ZH, token);
  expect(zh.status).toBe(en.status);
  const e = en.json.errors![0]!;
  const z = zh.json.errors![0]!;
  const { violations: ev, ...eExt } = e.extensions ?? {};
  const { violations: zv, ...zExt } = z.extensions ?? {};
  expect(zExt).toEqual(eExt);
  expect((zv ?? []).map((v: any) => [v.field, v.rule])).toEqual((ev ?? []).map((v: any) => [v.field, v.rule]));
  expect(HAN.test(e.message.replace(bankName, ""))).toBe(false);
  expect(HAN.test(z.message)).toBe(true);
  return { en: e, zh: z };
}

describe("errors in the request's language", () => {
  it("BAD_USER_INPUT: the message and each violation's message", async () => {
    const { en, zh } = await bothLanguages({ query: `{ firms(first: 0) { totalCount } }` });
    expect(en.extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "first", rule: "page.size" }] });
    expect(en.extensions!.violations[0].message).toMatch(/^must be between 1 and \d+, got 0\.$/);
    expect(zh.extensions!.violations[0].message).toMatch(/^必须在 1 至 \d+ 之间，当前为 0。$/);
    expect(zh.message).toMatch(/^first：必须在 1 至/);
  });

  it("NOT_FOUND", async () => {
    const missing = randomUUID();
    const { en, zh } = await bothLanguages({ query: `query($n: ID!, $p: ID!) { explainMatch(needId: $n, productId: $p) { eligible } }`, variables: { n: missing, p: productId } });
    expect(en.extensions).toMatchObject({ code: "NOT_FOUND", field: "needId" });
    expect(en.message).toBe(`FinancingNeed ${missing} does not exist (needId).`);
    expect(zh.message).toBe(`融资需求 ${missing} 不存在（needId）。`);
  });

  it("CONFLICT", async () => {
    const input = { name: bankName, shortName: bankName.slice(0, 20), type: "CITY_COMMERCIAL_BANK", regionCode: "140500" };
    const q = { query: `mutation($input: CreateFinancialInstitutionInput!) { createFinancialInstitution(input: $input) { id } }`, variables: { input } };
    const { en, zh } = await bothLanguages(q);
    expect(en.extensions).toMatchObject({ code: "CONFLICT", field: "input.name" });
    expect(en.message).toBe(`A financial institution named ${bankName} is already registered.`);
    expect(zh.message).toBe(`名为“${bankName}”的金融机构已注册。`);
  });

  it("FORBIDDEN", async () => {
    const firmToken = await t.tokens.sign({ sub: "i18n-firm", role: Role.FIRM, orgId: firmId });
    const input = { name: "不应创建的银行", shortName: "不应创建", type: "CITY_COMMERCIAL_BANK", regionCode: "140500" };
    const q = { query: `mutation($input: CreateFinancialInstitutionInput!) { createFinancialInstitution(input: $input) { id } }`, variables: { input } };
    const { en, zh } = await bothLanguages(q, firmToken);
    expect(en.extensions).toMatchObject({ code: "FORBIDDEN" });
    expect(en.message).toMatch(/^FIRM callers may not run createFinancialInstitution/);
    expect(zh.message).toMatch(/^企业用户无权执行 createFinancialInstitution/);
  });

  it("UNAUTHENTICATED: without a token, and with a malformed one (401)", async () => {
    const { en, zh } = await bothLanguages({ query: `{ firms { totalCount } }` }, null);
    expect(en.extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(zh.message).toBe("请先登录：在请求中携带“Authorization: Bearer <令牌>”。");
    const bad = await bothLanguages({ query: `{ firms { totalCount } }` }, "not-a-jwt");
    expect(bad.en.extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(bad.zh.message).toBe("令牌格式错误：请以“Authorization: Bearer <令牌>”的形式发送 JWT。");
  });

  it("English for other languages and for Traditional Chinese", async () => {
    for (const lang of ["fr-FR", "zh-TW", "en-US,zh-CN;q=0.5"]) {
      const res = await ask({ query: `{ firms(first: 0) { totalCount } }` }, { "accept-language": lang });
      expect(res.json.errors![0]!.extensions!.violations[0].message).toMatch(/^must be between 1/);
    }
  });

  it("the CSV export's JSON errors", async () => {
    const get = (headers: Record<string, string>) => fetch(`${t.url}/reports/lending.csv`, { headers });
    const en = await get({});
    const zh = await get(ZH);
    expect(zh.status).toBe(401);
    expect(((await en.json()) as any).message).toMatch(/^Sign in/);
    expect(await zh.json()).toEqual({ code: "UNAUTHENTICATED", message: "请先登录：在请求中携带“Authorization: Bearer <令牌>”。" });
  });
});

describe("a limits refusal in the request's language", () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp({ limits: { ...t.config.limits, maxDepth: 2 } });
  });
  afterAll(async () => {
    await small.close();
  });

  it("QUERY_TOO_DEEP", async () => {
    const token = await small.tokens.sign({ sub: "i18n-admin", role: Role.ADMIN });
    const body = { query: `{ firms { edges { node { id } } } }` };
    const en = await small.post(body, { authorization: `Bearer ${token}` });
    const zh = await small.post(body, { authorization: `Bearer ${token}`, ...ZH });
    const [e, z] = [((await en.json()) as Json).errors![0]!, ((await zh.json()) as Json).errors![0]!];
    expect(zh.status).toBe(400);
    expect(z.extensions).toEqual(e.extensions);
    expect(e.message).toBe("The query is 4 levels deep; the limit is 2. Ask for fewer nested levels, or split the query.");
    expect(z.message).toBe("查询嵌套 4 层，上限为 2 层。请减少嵌套层级，或拆分查询。");
  });
});

describe("match explanations in the request's language", () => {
  it("explainMatch's reasons", async () => {
    const body = { query: `query($n: ID!, $p: ID!) { explainMatch(needId: $n, productId: $p) { eligible reasons { code message } } }`, variables: { n: needId, p: productId } };
    const en = (await ask(body, {})).json;
    const zh = (await ask(body, ZH)).json;
    expect(en.errors).toBeUndefined();
    expect(zh.data.explainMatch.reasons.map((r: any) => r.code)).toEqual(en.data.explainMatch.reasons.map((r: any) => r.code));
    const region = (j: Json) => j.data.explainMatch.reasons.find((r: any) => r.code === "REGION_NOT_SERVED").message;
    expect(region(en)).toBe("The product serves 330000; the firm is registered in 140500.");
    expect(region(zh)).toBe("该产品服务地区为 330000；企业注册地为 140500。");
    for (const r of zh.data.explainMatch.reasons) expect(HAN.test(r.message)).toBe(true);
  });
});

describe("lending anomalies in the request's language", () => {
  it("lendingAnomalies' messages: Chinese with Accept-Language: zh-CN, English without", async () => {
    // A loan docked through the API at the published 380 bp, then its rate raised past it in SQL
    // (as an import would): one RATE_ABOVE_PUBLISHED anomaly (test/integration/lending-anomalies.test.ts).
    const today = toChinaDate(new Date());
    const w = await buildDockingWorld(t);
    const product = (await createDockingProduct(w, { minTier: "SPECIALIZED_SME" })).id;
    const need = await submitNeed(w, { amount: "3000000", termMonths: 12 });
    const applicationId = await applicationUnderReview(w, need, product);
    await w.bank.client.gqlOk(OPS.approve, { input: approveInput(applicationId, "3000000", { termMonths: 12, annualRateBp: 380 }) });
    const loan = (
      await w.bank.client.gqlOk(`mutation($input: DisburseLoanInput!) { disburseLoan(input: $input) { id } }`, {
        input: { applicationId, disbursedOn: today, idempotencyKey: randomUUID() },
      })
    ).disburseLoan;
    await t.ds.query(`UPDATE loan SET annual_rate_bp = 450 WHERE id = $1`, [loan.id]);

    const body = {
      query: `query($filter: LendingFilterInput) { lendingAnomalies(filter: $filter, first: 10) { edges { node { rule reasons message loan { id } } } } }`,
      variables: { filter: { bankIds: [w.bank.id] } },
    };
    const en = (await ask(body, {})).json;
    const zh = (await ask(body, ZH)).json;
    expect(en.errors).toBeUndefined();
    expect(zh.errors).toBeUndefined();
    const nodes = (j: Json) => j.data.lendingAnomalies.edges.map((e: any) => e.node);
    expect(nodes(en).map((a: any) => [a.rule, a.reasons, a.loan.id])).toEqual([["RATE_ABOVE_PUBLISHED", ["ABOVE_PUBLISHED_RATE"], loan.id]]);
    expect(nodes(zh).map((a: any) => [a.rule, a.reasons, a.loan.id])).toEqual(nodes(en).map((a: any) => [a.rule, a.reasons, a.loan.id]));
    expect(nodes(en)[0].message).toBe(`Rate 450 bp exceeds the product's published 380 bp (挂牌利率, fixed) on ${today}, the approval day, by 70 bp.`);
    expect(nodes(zh)[0].message).toBe(`贷款利率 450 个基点，高于该产品 ${today}（审批日）的挂牌利率 380 个基点（固定利率），超出 70 个基点。`);
  });
});
