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
});
