import { DemoCreditCodesGb117141795597300000 } from "../../migrations/1795597300000-DemoCreditCodesGb11714";
import { parseCreditCode } from "../../src/domain/credit-code";
import { DEMO_FIRMS } from "../../src/seed/demo-data";
import { createInstitution, recordCertification, registerFirm } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

describe("migrations", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { poolSize: 8 }); // readModel.concurrentCertifications writes 8 at a time
  });
  afterAll(async () => {
    await t.close();
  });

  it("leave nothing for the entities to change (run `npm run migration:generate` when this fails)", async () => {
    const pending = await t.ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it("are all applied in the test database", async () => {
    expect(await t.ds.showMigrations()).toBe(false);
  });

  it("DemoCreditCodesGb11714 rewrites a demo firm's pre-GB 11714 credit code to the one the seed builds now, and nothing else", async () => {
    const old = "91140502MA0GRK7X3P"; // jc-xinrui as seeded before: position 17 was not a GB 11714 check
    expect(() => parseCreditCode(old)).toThrow(/GB 11714/);
    const a = await registerFirm(t, { regionCode: "140502" });
    const other = await registerFirm(t, { regionCode: "140502" });
    await t.ds.query(`UPDATE firm SET credit_code = $2 WHERE id = $1`, [a.id, old]);
    const runner = t.ds.createQueryRunner();
    try {
      await new DemoCreditCodesGb117141795597300000().up(runner);
    } finally {
      await runner.release();
    }
    const codeOf = async (id: string) => (await t.ds.query(`SELECT credit_code FROM firm WHERE id = $1`, [id]))[0].credit_code;
    const now = DEMO_FIRMS.find((f) => f.key === "jc-xinrui")!.creditCode;
    expect(await codeOf(a.id)).toBe(now);
    expect(parseCreditCode(now)).toBe(now);
    expect(await codeOf(other.id)).toBe(other.creditCode);
  });

  it("keep financing_need.region_code equal to its firm's region (the matching prefilter reads it)", async () => {
    const a = await registerFirm(t, { regionCode: "140500" });
    const b = await registerFirm(t, { regionCode: "330100" });
    const regionOf = async (needId: string) => (await t.ds.query(`SELECT region_code FROM financing_need WHERE id = $1`, [needId]))[0].region_code;
    const [{ id }] = await t.ds.query(
      `INSERT INTO financing_need (firm_id, amount, term_months, purpose, needed_by, region_code)
       VALUES ($1, 1000000, 12, 'WORKING_CAPITAL', '2027-01-01', '999999') RETURNING id`,
      [a.id],
    );
    expect(await regionOf(id)).toBe("140500"); // copied on insert, whatever was sent

    await t.ds.query(`UPDATE firm SET region_code = '140581' WHERE id = $1`, [a.id]);
    expect(await regionOf(id)).toBe("140581"); // follows the firm's move

    await t.ds.query(`UPDATE financing_need SET region_code = '110000' WHERE id = $1`, [id]);
    expect(await regionOf(id)).toBe("140581"); // cannot be set apart from the firm

    await t.ds.query(`UPDATE financing_need SET firm_id = $2 WHERE id = $1`, [id, b.id]);
    expect(await regionOf(id)).toBe("330100");
  });

  it("readModel.concurrentCertifications: certificates of one firm recorded at once neither deadlock nor go missing from its needs' copies", async () => {
    const firm = await registerFirm(t, { regionCode: "140500" });
    for (let i = 0; i < 3; i++) {
      await t.ds.query(`INSERT INTO financing_need (firm_id, amount, term_months, purpose, needed_by) VALUES ($1, 1000000, 12, 'WORKING_CAPITAL', '2027-01-01')`, [firm.id]);
    }
    // 40 at once, 8 at a time (the pool): before migration CertificationNeedsSerialised this deadlocked.
    const tiers = ["INNOVATIVE_SME", "SPECIALIZED_SME", "LITTLE_GIANT"];
    const recorded = await Promise.all(
      Array.from({ length: 40 }, (_, i) => recordCertification(t, firm.id, { tier: tiers[i % 3]!, level: "PROVINCIAL", issuedOn: "2025-01-01", expiresOn: "2028-12-31" })),
    );
    const copies: Array<{ ids: string[] }> = await t.ds.query(
      `SELECT ARRAY(SELECT c->>'id' FROM jsonb_array_elements(firm_certifications) c) AS ids FROM financing_need WHERE firm_id = $1`,
      [firm.id],
    );
    expect(copies).toHaveLength(3);
    for (const copy of copies) expect([...copy.ids].sort()).toEqual([...recorded].sort());
  });

  it("keep a need's copy of its firm's facts and certifications equal to the firm's (the matching read model)", async () => {
    const bank = await createInstitution(t, "读模型测试银行");
    const a = await registerFirm(t, { regionCode: "140500", industryCode: "C3411", size: "SMALL" });
    const b = await registerFirm(t, { regionCode: "330100", industryCode: "I6510", size: "MEDIUM" });
    const factsOf = async (needId: string) =>
      (
        await t.ds.query(
          `SELECT region_code, firm_industry_code, firm_size, firm_paired_bank_id, firm_certifications FROM financing_need WHERE id = $1`,
          [needId],
        )
      )[0];
    const firmCerts = async (firmId: string) =>
      (
        await t.ds.query(
          `SELECT id, certificate_no AS "certificateNo", tier, level, status, to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(expires_on, 'YYYY-MM-DD') AS "expiresOn",
                  to_char(revoked_on, 'YYYY-MM-DD') AS "revokedOn" FROM certification WHERE firm_id = $1 ORDER BY id`,
          [firmId],
        )
      ).map((c: Record<string, unknown>) => ({ ...c }));
    const [{ id }] = await t.ds.query(
      `INSERT INTO financing_need (firm_id, amount, term_months, purpose, needed_by, firm_industry_code, firm_certifications)
       VALUES ($1, 1000000, 12, 'WORKING_CAPITAL', '2027-01-01', 'X9999', '[{"tier": "SINGLE_CHAMPION"}]') RETURNING id`,
      [a.id],
    );
    expect(await factsOf(id)).toEqual({ region_code: "140500", firm_industry_code: "C3411", firm_size: "SMALL", firm_paired_bank_id: null, firm_certifications: [] });

    const first = await recordCertification(t, a.id, { tier: "INNOVATIVE_SME", level: "PROVINCIAL", issuedOn: "2024-01-01", expiresOn: "2026-12-31" });
    await recordCertification(t, a.id, { tier: "SPECIALIZED_SME", level: "PROVINCIAL", issuedOn: "2025-01-01", expiresOn: "2027-12-31" });
    expect((await factsOf(id)).firm_certifications).toEqual(await firmCerts(a.id)); // follows new certificates
    expect((await factsOf(id)).firm_certifications).toHaveLength(2);

    await t.ds.query(`UPDATE certification SET status = 'REVOKED', revoked_on = '2026-06-01' WHERE id = $1`, [first]);
    expect((await factsOf(id)).firm_certifications).toEqual(await firmCerts(a.id)); // and their revocation
    expect((await factsOf(id)).firm_certifications.find((c: { id: string }) => c.id === first)).toMatchObject({ status: "REVOKED", revokedOn: "2026-06-01" });

    await t.ds.query(`DELETE FROM certification WHERE id = $1`, [first]);
    expect((await factsOf(id)).firm_certifications).toEqual(await firmCerts(a.id)); // and their deletion

    await t.ds.query(`UPDATE firm SET industry_code = 'C3412', size = 'MEDIUM', paired_bank_id = $2 WHERE id = $1`, [a.id, bank]);
    expect(await factsOf(id)).toMatchObject({ firm_industry_code: "C3412", firm_size: "MEDIUM", firm_paired_bank_id: bank });

    await t.ds.query(`UPDATE financing_need SET firm_certifications = '[]', firm_size = 'LARGE' WHERE id = $1`, [id]);
    expect(await factsOf(id)).toMatchObject({ firm_size: "MEDIUM", firm_certifications: await firmCerts(a.id) }); // cannot be set apart

    await t.ds.query(`UPDATE financing_need SET firm_id = $2 WHERE id = $1`, [id, b.id]);
    expect(await factsOf(id)).toEqual({ region_code: "330100", firm_industry_code: "I6510", firm_size: "MEDIUM", firm_paired_bank_id: null, firm_certifications: [] });
  });
});
