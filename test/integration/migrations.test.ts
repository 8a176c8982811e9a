import { registerFirm } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

describe("migrations", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
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
});
