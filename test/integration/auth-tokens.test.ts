import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from "jose";
import { Role } from "../../src/domain/access";
import { Firm } from "../../src/modules/firm/firm.entity";
import { TokenService } from "../../src/modules/auth/token.service";
import { firmInput } from "../support/access-fixtures";
import { startTestApp, TEST_JWT_SECRET, type TestApp } from "../support/test-app";

/**
 * Tokens (docs/access.md): how a request is authenticated, every way a token is refused, and the
 * RS256/ES256 verification modes and the `npm run token` helper.
 */

const QUERY = `query { firms(first: 1) { totalCount } }`;
const REGISTER = `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id } }`;
const secretKey = (secret: string) => new TextEncoder().encode(secret);

/** An HS256 token with these claims; `exp` in seconds since the epoch (default: in an hour). */
function hs256(claims: JWTPayload, secret = TEST_JWT_SECRET, exp = Math.floor(Date.now() / 1000) + 3600): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(exp).sign(secretKey(secret));
}

describe("authentication over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const firmCount = () => t.ds.getRepository(Firm).count();

  it("answers a query and a mutation without a token with UNAUTHENTICATED, and writes nothing", async () => {
    const query = await t.anonymous.gql(QUERY);
    expect(query.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(query.errors?.[0]?.message).toMatch(/Bearer/);
    expect(query.data ?? null).toBeNull();

    const before = await firmCount();
    const mutation = await t.anonymous.gql(REGISTER, { input: firmInput("140502") });
    expect(mutation.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await firmCount()).toBe(before);
  });

  it("accepts a valid token of the server's secret", async () => {
    const token = await hs256({ sub: "ok-admin", role: "ADMIN" });
    const res = await t.post({ query: QUERY }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.firms.totalCount).toBe(0);
  });

  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ["an expired token", async () => `Bearer ${await hs256({ sub: "u", role: "ADMIN" }, TEST_JWT_SECRET, Math.floor(Date.now() / 1000) - 60)}`, /expired/],
    ["a malformed token", async () => "Bearer abc", /malformed/],
    ["a token signed with another secret", async () => `Bearer ${await hs256({ sub: "u", role: "ADMIN" }, "another-secret-of-at-least-thirty-two-chars")}`, /signature/],
    ["an unknown role", async () => `Bearer ${await hs256({ sub: "u", role: "KING" })}`, /role 'KING'/],
    ["a BANK token without orgId", async () => `Bearer ${await hs256({ sub: "u", role: "BANK" })}`, /BANK token must carry the orgId/],
    ["a REGULATOR token without regionCode", async () => `Bearer ${await hs256({ sub: "u", role: "REGULATOR" })}`, /REGULATOR token must carry the 6-digit regionCode/],
    ["a header without 'Bearer '", async () => hs256({ sub: "u", role: "ADMIN" }), /'Bearer <token>'/],
  ];

  it.each(cases)("refuses %s with HTTP 401, UNAUTHENTICATED and a message naming the problem", async (_name, header, message) => {
    const authorization = await header();
    for (const body of [{ query: QUERY }, { query: REGISTER, variables: { input: firmInput("140502") } }]) {
      const before = await firmCount();
      const res = await t.post(body, { authorization });
      expect(res.status).toBe(401);
      const json = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(json.errors).toHaveLength(1);
      expect(json.errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
      expect(json.errors[0]!.message).toMatch(message);
      expect(json.data ?? null).toBeNull();
      expect(await firmCount()).toBe(before);
    }
  });
});

describe("TokenService with public keys", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "srdi-token-keys-"));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function sign(key: KeyLike, alg: string, claims: JWTPayload, header: Record<string, string> = {}): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg, ...header }).setSubject("idp-user-1").setIssuedAt().setExpirationTime("1h").sign(key);
  }

  it("RS256 with a PEM public key: accepts a token of the matching private key, refuses one of another key", async () => {
    const pair = await generateKeyPair("RS256");
    const other = await generateKeyPair("RS256");
    const file = path.join(dir, "rs256.pem");
    fs.writeFileSync(file, await exportSPKI(pair.publicKey));
    const tokens = new TokenService({ verification: { kind: "publicKey", file, algorithms: ["RS256"] }, issuer: null, audience: null });

    const bankId = randomUUID();
    await expect(tokens.verify(await sign(pair.privateKey, "RS256", { role: "BANK", orgId: bankId }))).resolves.toEqual({
      subject: "idp-user-1",
      role: Role.BANK,
      orgId: bankId,
      regionCode: null,
      creditCode: null,
      expiresAt: expect.any(Date),
    });
    await expect(tokens.verify(await sign(other.privateKey, "RS256", { role: "BANK", orgId: bankId }))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/signature/),
    });
    // An HS256 token made with a guessed secret is no way around the key.
    await expect(tokens.verify(await hs256({ sub: "u", role: "ADMIN" }))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("ES256 with a JWKS file: accepts a token of the matching key, refuses one of another key", async () => {
    const pair = await generateKeyPair("ES256");
    const other = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "ES256", use: "sig" };
    const file = path.join(dir, "jwks.json");
    fs.writeFileSync(file, JSON.stringify({ keys: [jwk] }));
    const tokens = new TokenService({ verification: { kind: "jwks", file, algorithms: ["ES256"] }, issuer: null, audience: null });

    await expect(tokens.verify(await sign(pair.privateKey, "ES256", { role: "BUREAU", regionCode: "140500" }, { kid: "key-1" }))).resolves.toMatchObject({
      role: Role.BUREAU,
      regionCode: "140500",
      orgId: null,
    });
    await expect(tokens.verify(await sign(other.privateKey, "ES256", { role: "BUREAU", regionCode: "140500" }, { kid: "key-1" }))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/signature/),
    });
    await expect(tokens.verify(await sign(other.privateKey, "ES256", { role: "BUREAU", regionCode: "140500" }, { kid: "key-2" }))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("refuses a token whose issuer or audience is not the configured one", async () => {
    const pair = await generateKeyPair("RS256");
    const file = path.join(dir, "rs256-iss.pem");
    fs.writeFileSync(file, await exportSPKI(pair.publicKey));
    const tokens = new TokenService({
      verification: { kind: "publicKey", file, algorithms: ["RS256"] },
      issuer: "https://idp.example.cn",
      audience: "srdi-match",
    });
    const token = (iss: string, aud: string) =>
      new SignJWT({ role: "ADMIN" }).setProtectedHeader({ alg: "RS256" }).setSubject("u").setIssuer(iss).setAudience(aud).setExpirationTime("1h").sign(pair.privateKey);

    await expect(tokens.verify(await token("https://idp.example.cn", "srdi-match"))).resolves.toMatchObject({ role: Role.ADMIN });
    await expect(tokens.verify(await token("https://evil.example", "srdi-match"))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/iss/),
    });
    await expect(tokens.verify(await token("https://idp.example.cn", "another-app"))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/aud/),
    });
  });
});

describe("npm run token", () => {
  const cwd = path.join(__dirname, "..", "..");
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, AUTH_JWT_SECRET: TEST_JWT_SECRET };
    delete e.AUTH_PUBLIC_KEY_FILE;
    delete e.AUTH_JWKS_FILE;
    delete e.AUTH_ISSUER;
    delete e.AUTH_AUDIENCE;
    return e;
  };

  it(
    "prints a BANK token that verifies with the secret, and exits non-zero without --org",
    async () => {
      const orgId = randomUUID();
      const out = execFileSync("npm", ["run", "--silent", "token", "--", "--role", "BANK", "--org", orgId], { cwd, env: env(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      const token = out.trim().split("\n").pop()!;
      const tokens = new TokenService({ verification: { kind: "secret", secret: TEST_JWT_SECRET }, issuer: null, audience: null });
      await expect(tokens.verify(token)).resolves.toMatchObject({ role: Role.BANK, orgId, regionCode: null });

      let failure: { status: number | null; stderr: string } | null = null;
      try {
        execFileSync("npm", ["run", "--silent", "token", "--", "--role", "BANK"], { cwd, env: env(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      } catch (e) {
        failure = { status: (e as { status: number | null }).status, stderr: String((e as { stderr: unknown }).stderr) };
      }
      expect(failure).not.toBeNull();
      expect(failure!.status).not.toBe(0);
      expect(failure!.stderr).toMatch(/orgId/);
    },
    120_000,
  );
});
