import fs from "node:fs";
import { createLocalJWKSet, importSPKI, jwtVerify, SignJWT, errors as joseErrors, type JWTVerifyGetKey, type KeyLike } from "jose";
import { UnauthenticatedError } from "../../domain/errors";
import { msg, type Message } from "../../i18n";
import { viewerFromClaims, type Role, type Viewer } from "../../domain/access";

/**
 * Verifies `Authorization: Bearer <JWT>` tokens with jose: HS256 with a shared secret by default,
 * or RS256/ES256 with a PEM public key or a JWKS file for deployments behind an identity provider.
 */
export type TokenVerification =
  | { kind: "secret"; secret: string }
  | { kind: "publicKey"; file: string; algorithms: string[] }
  | { kind: "jwks"; file: string; algorithms: string[] };

export interface TokenSettings {
  verification: TokenVerification;
  issuer: string | null;
  audience: string | null;
}

export interface TokenClaims {
  sub: string;
  role: Role;
  orgId?: string | null;
  regionCode?: string | null;
  creditCode?: string | null;
}

export class TokenService {
  private readonly key: Promise<Uint8Array | KeyLike | JWTVerifyGetKey>;
  private readonly algorithms: string[];

  constructor(private readonly settings: TokenSettings) {
    const v = settings.verification;
    if (v.kind === "secret") {
      if (v.secret.length < 32) throw new Error("The JWT secret (AUTH_JWT_SECRET) must be at least 32 characters.");
      this.key = Promise.resolve(new TextEncoder().encode(v.secret));
      this.algorithms = ["HS256"];
    } else if (v.kind === "publicKey") {
      const pem = fs.readFileSync(v.file, "utf8");
      this.key = importSPKI(pem, v.algorithms[0]!);
      this.algorithms = v.algorithms;
    } else {
      const jwks = JSON.parse(fs.readFileSync(v.file, "utf8")) as Parameters<typeof createLocalJWKSet>[0];
      this.key = Promise.resolve(createLocalJWKSet(jwks));
      this.algorithms = v.algorithms;
    }
  }

  /** The caller behind an Authorization header value; UNAUTHENTICATED with the reason otherwise. */
  async verifyHeader(header: string): Promise<Viewer> {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new UnauthenticatedError(msg("auth.headerFormat"));
    return this.verify(match[1]!);
  }

  async verify(token: string): Promise<Viewer> {
    let payload: Record<string, unknown>;
    try {
      const key = await this.key;
      const options = {
        algorithms: this.algorithms,
        ...(this.settings.issuer ? { issuer: this.settings.issuer } : {}),
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
      };
      const result = typeof key === "function" ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      payload = result.payload as Record<string, unknown>;
    } catch (e) {
      throw new UnauthenticatedError(reasonOf(e));
    }
    return viewerFromClaims(payload);
  }

  /** Signs a development token (HS256 deployments only). */
  async sign(claims: TokenClaims, expiresIn = "12h"): Promise<string> {
    const v = this.settings.verification;
    if (v.kind !== "secret") throw new Error("Tokens can only be issued here with an HS256 secret; use your identity provider.");
    const { sub, ...rest } = claims;
    const jwt = new SignJWT(Object.fromEntries(Object.entries(rest).filter(([, value]) => value != null)))
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(expiresIn);
    if (this.settings.issuer) jwt.setIssuer(this.settings.issuer);
    if (this.settings.audience) jwt.setAudience(this.settings.audience);
    return jwt.sign(new TextEncoder().encode(v.secret));
  }
}

function reasonOf(e: unknown): Message {
  if (e instanceof joseErrors.JWTExpired) return msg("auth.tokenExpired");
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return msg("auth.tokenSignature");
  if (e instanceof joseErrors.JWTClaimValidationFailed) return msg("auth.tokenClaim", { claim: e.claim, reason: e.reason });
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return msg("auth.tokenAlgorithm");
  if (e instanceof joseErrors.JWKSNoMatchingKey) return msg("auth.tokenKey");
  return msg("auth.tokenMalformed");
}
