import * as fs from "node:fs";
import * as path from "node:path";
import { ConflictError, NotFoundError, ValidationError } from "../../src/domain/errors";
import { messages, msg, negotiateLocale, renderDeep } from "../../src/i18n";
import { evaluatePair } from "../../src/domain/matching/evaluate";
import { IneligibilityCode } from "../../src/domain/matching";
import { LoanProductStatus } from "../../src/domain/enums";
import { pair, product } from "./matching-builders";

const HAN = /[\u4e00-\u9fff]/;

describe("the message catalogue", () => {
  const keys = Object.keys(messages) as Array<keyof typeof messages>;

  it("has an English and a Chinese template for every key", () => {
    expect(keys.length).toBeGreaterThan(100);
    for (const key of keys) {
      expect(typeof messages[key].en).toBe("function");
      expect(typeof messages[key].zh).toBe("function");
    }
  });

  it("fills in the parameters in both languages", () => {
    const m = msg("text.maxLength", { max: 200, length: 230 });
    expect(m.in("en")).toBe("must be at most 200 characters, got 230.");
    expect(m.in("zh")).toBe("长度不能超过 200 个字符，当前为 230 个。");
    const nf = msg("record.notFound", { recordType: "FinancingNeed", id: "n-1", field: "input.needId" });
    expect(nf.in("en")).toBe("FinancingNeed n-1 does not exist (input.needId).");
    expect(nf.in("zh")).toBe("融资需求 n-1 不存在（input.needId）。");
    expect(msg("match.amountAboveMax", { maxFen: 200_000_000n, askedFen: 300_000_000n }).in("zh")).toBe("该产品最高贷款金额为200万元；融资需求金额为300万元。");
    expect(msg("need.notWithdrawable", { status: "WITHDRAWN" }).in("zh")).toBe("该融资需求已撤回，无需再次撤回。");
  });

  it("writes Chinese in every zh template that takes no parameters", () => {
    for (const key of keys) {
      if (messages[key].zh.length > 0) continue;
      expect([key, HAN.test((messages[key].zh as () => string)())]).toEqual([key, true]);
    }
  });

  it("renders nested messages (reasons inside a refusal) in the outer message's language", () => {
    const reasons = [{ code: "X", message: msg("match.productInactive") }];
    expect(renderDeep({ reasons }, "zh")).toEqual({ reasons: [{ code: "X", message: "该贷款产品已被银行下架。" }] });
    const refused = msg("renewal.refused", { loanId: "L", productId: "P", on: "2026-06-01", reasons: [msg("match.productInactive")] });
    expect(refused.in("en")).toBe("Loan L cannot be renewed with product P on 2026-06-01: The product has been archived by its bank.");
    expect(refused.in("zh")).toContain("该贷款产品已被银行下架。");
  });
});

describe("coded errors", () => {
  it("keep an English message and render in Chinese on demand", () => {
    const e = new ValidationError([{ field: "input.amount", rule: "money.positive", text: msg("money.positive") }]);
    expect(e.message).toBe("input.amount: must be greater than zero.");
    expect(e.violations).toEqual([{ field: "input.amount", rule: "money.positive", message: "must be greater than zero." }]);
    expect(e.messageIn("zh")).toBe("input.amount：金额必须为正数。");
    expect(e.detailsIn("zh")).toEqual({ violations: [{ field: "input.amount", rule: "money.positive", message: "金额必须为正数。" }] });
    expect(new NotFoundError("LoanProduct", "p-1").messageIn("zh")).toBe("贷款产品 p-1 不存在。");
    const c = new ConflictError(msg("need.notWithdrawable", { status: "WITHDRAWN" }), { currentStatus: "WITHDRAWN" });
    expect(c.message).toMatch(/^The need is WITHDRAWN and cannot be withdrawn/);
    expect(c.detailsIn("zh")).toEqual({ currentStatus: "WITHDRAWN" });
  });

  it("are never built from a raw sentence anywhere in src/", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts")) {
          const text = fs.readFileSync(full, "utf8");
          const re = /new (?:ValidationError|ConflictError|ForbiddenError|UnauthenticatedError|LocalizedGraphQLError)\(\s*[`"']|ValidationError\.single\([^)]*?,[^)]*?,\s*[`"']|\.add\([^()]*?,\s*"[\w.]+",\s*[`"']/g;
          for (const m of text.matchAll(re)) offenders.push(`${full}: ${m[0]}`);
        }
      }
    };
    walk(path.join(__dirname, "../../src"));
    expect(offenders).toEqual([]);
  });
});

describe("Accept-Language negotiation", () => {
  it.each([
    [undefined, "en"],
    ["", "en"],
    ["zh-CN", "zh"],
    ["zh", "zh"],
    ["zh-Hans", "zh"],
    ["zh-Hans-CN", "zh"],
    ["zh-SG", "zh"],
    ["ZH-cn", "zh"],
    ["en-US", "en"],
    ["fr-FR", "en"],
    ["zh-TW", "en"],
    ["zh-Hant", "en"],
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    ["en-US,en;q=0.9,zh-CN;q=0.8", "en"],
    ["en;q=0.5, zh-CN;q=0.9", "zh"],
    ["fr, zh-CN;q=0.5", "zh"],
    ["zh-CN;q=0, en", "en"],
    ["zh-CN;q=0", "en"],
    ["*", "en"],
    ["de;q=0.9, *;q=0.1", "en"],
    ["zh-TW, zh-CN;q=0.8", "zh"],
    ["garbage;;;", "en"],
    ["zh-CN;q=abc", "en"],
  ])("%p → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});

describe("match explanations", () => {
  it("explain an archived product in both languages", () => {
    const evaluation = evaluatePair(archivedPair());
    const reason = evaluation.reasons.find((r) => r.code === IneligibilityCode.PRODUCT_INACTIVE)!;
    expect(reason.message.in("en")).toBe("The product has been archived by its bank.");
    expect(reason.message.in("zh")).toBe("该贷款产品已被银行下架。");
  });
});

function archivedPair(): Parameters<typeof evaluatePair>[0] {
  return pair({ product: product({ status: LoanProductStatus.ARCHIVED }) });
}
