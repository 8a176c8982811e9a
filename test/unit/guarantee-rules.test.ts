import { CertificationTier as T } from "../../src/domain/enums";
import {
  agencyRiskShareBp,
  capacityRemainingFen,
  checkAgreedFee,
  guaranteeFeeCapBp,
  parseAgencyTerms,
  parseAgreementTerms,
  type AgencyTermsInput,
  type AgreementTermsInput,
} from "../../src/domain/guarantee-rules";
import { wan } from "../../src/domain/money";
import { violationPairs } from "../support/violations";

const violations = violationPairs;

describe("guaranteeFeeCapBp (国办发〔2019〕6号)", () => {
  it.each([
    ["1 fen", 1n, 100],
    ["100万", wan(100), 100],
    ["exactly 500万", wan(500), 100],
    ["500万 + 0.01", wan(500) + 1n, 150],
    ["1000万", wan(1000), 150],
    ["3000万", wan(3000), 150],
  ])("a guarantee of %s is capped at %i bp", (_name, amount, cap) => {
    expect(guaranteeFeeCapBp(amount)).toBe(cap);
  });
});

describe("agency terms", () => {
  const base: AgencyTermsInput = {
    name: " 浙江省融资担保有限公司 ",
    regionCode: "330000",
    tiersServed: [T.SPECIALIZED_SME, T.LITTLE_GIANT, T.SPECIALIZED_SME],
    feeRateBp: 80,
    maxAmountPerFirm: "10000000",
    capacity: "2000000000.5",
  };

  it("normalises valid terms: trims the name, drops duplicate tiers, formats money", () => {
    expect(parseAgencyTerms(base)).toEqual({
      name: "浙江省融资担保有限公司",
      regionCode: "330000",
      tiersServed: [T.SPECIALIZED_SME, T.LITTLE_GIANT],
      feeRateBp: 80,
      maxAmountPerFirm: "10000000.00",
      capacity: "2000000000.50",
    });
  });

  it.each<[string, Partial<AgencyTermsInput>, Array<[string, string]>]>([
    ["fee 100 with a per-firm cap of exactly 500万", { maxAmountPerFirm: "5000000.00", feeRateBp: 100 }, []],
    ["fee 101 with a per-firm cap of exactly 500万", { maxAmountPerFirm: "5000000.00", feeRateBp: 101 }, [["input.feeRateBp", "guarantee.feeCap"]]],
    ["fee 150 with a per-firm cap of 500万 + 0.01", { maxAmountPerFirm: "5000000.01", feeRateBp: 150 }, []],
    ["fee 151 with a per-firm cap of 500万 + 0.01", { maxAmountPerFirm: "5000000.01", feeRateBp: 151 }, [["input.feeRateBp", "bp.range"]]],
    ["fee 120 with a per-firm cap of 300万", { maxAmountPerFirm: "3000000.00", feeRateBp: 120 }, [["input.feeRateBp", "guarantee.feeCap"]]],
    ["a negative fee", { feeRateBp: -1 }, [["input.feeRateBp", "bp.range"]]],
    ["a fractional fee", { feeRateBp: 80.5 }, [["input.feeRateBp", "bp.range"]]],
    ["a per-firm cap of exactly 3000万 (财金〔2024〕60号)", { maxAmountPerFirm: "30000000.00" }, []],
    ["a per-firm cap of 3000万 + 0.01", { maxAmountPerFirm: "30000000.01" }, [["input.maxAmountPerFirm", "guarantee.perFirmCap"]]],
    ["a per-firm cap of zero", { maxAmountPerFirm: "0.00" }, [["input.maxAmountPerFirm", "money.positive"]]],
    ["a malformed per-firm cap", { maxAmountPerFirm: "1e7" }, [["input.maxAmountPerFirm", "money.format"]]],
    ["zero capacity", { capacity: "0" }, []],
    ["a malformed capacity", { capacity: "-5" }, [["input.capacity", "money.format"]]],
    ["no tier served", { tiersServed: [] }, [["input.tiersServed", "list.required"]]],
    ["a blank name", { name: "   " }, [["input.name", "text.required"]]],
    ["a 201-character name", { name: "担".repeat(201) }, [["input.name", "text.maxLength"]]],
    ["a 5-digit region", { regionCode: "33000" }, [["input.regionCode", "regionCode.format"]]],
  ])("%s", (_name, overrides, expected) => {
    expect(violations(() => parseAgencyTerms({ ...base, ...overrides }))).toEqual(expected);
  });

  it("reports every broken rule at once", () => {
    expect(violations(() => parseAgencyTerms({ ...base, name: "", regionCode: "x", maxAmountPerFirm: "40000000", capacity: "1.234" }))).toEqual([
      ["input.name", "text.required"],
      ["input.regionCode", "regionCode.format"],
      ["input.maxAmountPerFirm", "guarantee.perFirmCap"],
      ["input.capacity", "money.format"],
    ]);
  });
});

describe("总对总 agreement terms", () => {
  const base: AgreementTermsInput = { bankRiskShareBp: 2000, agreedFeeRateBp: 50, validFrom: "2026-01-01" };

  it("normalises valid terms; an omitted line and end date are null", () => {
    expect(parseAgreementTerms(base)).toEqual({
      bankRiskShareBp: 2000,
      agreedFeeRateBp: 50,
      waivesDueDiligence: false,
      approvalDays: null,
      creditLine: null,
      validFrom: "2026-01-01",
      validTo: null,
    });
    expect(parseAgreementTerms({ ...base, waivesDueDiligence: true, approvalDays: 3 })).toMatchObject({ waivesDueDiligence: true, approvalDays: 3 });
    expect(parseAgreementTerms({ ...base, creditLine: "500000000", validTo: "2028-12-31" })).toMatchObject({
      creditLine: "500000000.00",
      validTo: "2028-12-31",
    });
  });

  it.each<[string, Partial<AgreementTermsInput>, Array<[string, string]>]>([
    ["bank share 2000 (20%)", { bankRiskShareBp: 2000 }, []],
    ["bank share 1999", { bankRiskShareBp: 1999 }, [["input.bankRiskShareBp", "agreement.bankMinimumShare"]]],
    ["bank share 10000 (the bank bears all)", { bankRiskShareBp: 10000 }, []],
    ["bank share 10001", { bankRiskShareBp: 10001 }, [["input.bankRiskShareBp", "bp.range"]]],
    ["agreed fee 0", { agreedFeeRateBp: 0 }, []],
    ["agreed fee 150", { agreedFeeRateBp: 150 }, []],
    ["agreed fee 151", { agreedFeeRateBp: 151 }, [["input.agreedFeeRateBp", "bp.range"]]],
    ["agreed fee -1", { agreedFeeRateBp: -1 }, [["input.agreedFeeRateBp", "bp.range"]]],
    ["a credit line of zero", { creditLine: "0" }, [["input.creditLine", "money.positive"]]],
    // agreement.waiverApprovalDays: a waiver of due diligence says how fast the bank decides instead.
    ["a waiver with its approval days", { waivesDueDiligence: true, approvalDays: 3 }, []],
    ["a waiver with 365 approval days", { waivesDueDiligence: true, approvalDays: 365 }, []],
    ["a waiver without approval days", { waivesDueDiligence: true }, [["input.approvalDays", "agreement.waiverApprovalDays"]]],
    ["a waiver with 0 approval days", { waivesDueDiligence: true, approvalDays: 0 }, [["input.approvalDays", "int.range"]]],
    ["approval days without a waiver", { approvalDays: 3 }, [["input.approvalDays", "agreement.approvalDaysWithoutWaiver"]]],
    ["validTo the same day as validFrom", { validTo: "2026-01-01" }, []],
    ["validTo before validFrom", { validTo: "2025-12-31" }, [["input.validTo", "date.order"]]],
    ["a malformed validFrom", { validFrom: "2026-02-30" }, [["input.validFrom", "date.format"]]],
  ])("%s", (_name, overrides, expected) => {
    expect(violations(() => parseAgreementTerms({ ...base, ...overrides }))).toEqual(expected);
  });

  it.each([
    [80, 100, []],
    [100, 100, []],
    [101, 100, [["input.agreedFeeRateBp", "agreement.feeAboveAgency"]]],
  ])("an agreed fee of %i against a published fee of %i", (agreed, published, expected) => {
    expect(violations(() => checkAgreedFee(agreed, published))).toEqual(expected);
  });

  it.each([
    [2000, 8000],
    [3000, 7000],
    [10000, 0],
  ])("a bank share of %i leaves the guarantee system %i", (bank, agency) => {
    expect(agencyRiskShareBp(bank)).toBe(agency);
  });
});

describe("capacity remaining", () => {
  it.each([
    ["100000000.00", "0.00", 10_000_000_000n],
    ["100000000.00", "99999999.99", 1n],
    ["100.00", "100.00", 0n],
  ])("capacity %s with %s used leaves %s fen", (capacity, used, left) => {
    expect(capacityRemainingFen(capacity, used)).toBe(left);
  });
});
