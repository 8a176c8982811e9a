import { ConflictError } from "../../src/domain/errors";
import { wan } from "../../src/domain/money";
import { holdingChanges, netQuotaChanges, quotaConflict, releaseOf } from "../../src/domain/quota";

describe("quota changes (the ledger's pure part)", () => {
  it("commits the same amount on every counter an application holds", () => {
    expect(holdingChanges({ productId: "p", guaranteeAgencyId: "a", guaranteeAgreementId: null }, wan(30))).toEqual([
      { account: "PRODUCT", id: "p", deltaFen: wan(30) },
      { account: "AGENCY", id: "a", deltaFen: wan(30) },
    ]);
  });

  it("releases a guaranteed loan's product quota, agency capacity and agreement line", () => {
    expect(releaseOf({ productId: "p", guaranteeAgencyId: "a", guaranteeAgreementId: "g" }, wan(5))).toEqual([
      { account: "PRODUCT", id: "p", deltaFen: -wan(5) },
      { account: "AGENCY", id: "a", deltaFen: -wan(5) },
      { account: "AGREEMENT", id: "g", deltaFen: -wan(5) },
    ]);
    expect(releaseOf({ productId: "p", guaranteeAgencyId: null, guaranteeAgreementId: null }, wan(5))).toEqual([{ account: "PRODUCT", id: "p", deltaFen: -wan(5) }]);
  });

  it.each<[string, Parameters<typeof netQuotaChanges>[0], ReturnType<typeof netQuotaChanges>]>([
    [
      "a renewal on the product of the loan it renews moves nothing",
      [
        { account: "PRODUCT", id: "P1", deltaFen: -wan(300) },
        { account: "PRODUCT", id: "p1", deltaFen: wan(300) },
      ],
      [],
    ],
    [
      "a renewal onto another product: release and commit, ordered by id",
      [
        { account: "PRODUCT", id: "p2", deltaFen: wan(300) },
        { account: "PRODUCT", id: "p1", deltaFen: -wan(300) },
      ],
      [
        { account: "PRODUCT", id: "p1", deltaFen: -wan(300) },
        { account: "PRODUCT", id: "p2", deltaFen: wan(300) },
      ],
    ],
    [
      "accounts in the order product, agency, agreement",
      [
        { account: "AGREEMENT", id: "a", deltaFen: -1n },
        { account: "AGENCY", id: "z", deltaFen: -1n },
        { account: "PRODUCT", id: "z", deltaFen: -1n },
      ],
      [
        { account: "PRODUCT", id: "z", deltaFen: -1n },
        { account: "AGENCY", id: "z", deltaFen: -1n },
        { account: "AGREEMENT", id: "a", deltaFen: -1n },
      ],
    ],
  ])("%s", (_name, changes, expected) => {
    expect(netQuotaChanges(changes)).toEqual(expected);
  });

  it("names what is left and what was asked when a commit does not fit", () => {
    const e = quotaConflict("PRODUCT", wan(200), wan(300));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toBe("The product's reserved quota (预留授信额度) has 200万元 left; this asks 300万元. Ask for a smaller amount, or reject the request.");
    expect(e.details).toEqual({ quotaRemaining: "2000000.00", requested: "3000000.00" });
  });

  it("names the agency's capacity and the agreement's line, and 'no' quota when the counter has no row", () => {
    expect(quotaConflict("AGENCY", -wan(1), wan(30)).message).toMatch(/^The guarantee agency's capacity \(担保额度\) has 0万元 left; this asks 30万元\./);
    expect(quotaConflict("AGREEMENT", null, wan(30)).details).toEqual({ quotaRemaining: null, requested: "300000.00" });
  });
});
