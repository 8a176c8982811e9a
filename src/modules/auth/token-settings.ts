import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "../../config/config";
import type { TokenSettings } from "./token.service";

/**
 * The token settings to run with. With no AUTH_* variable set, a development secret is made once
 * and kept beside the embedded database (./.data/jwt-dev-secret), so tokens survive restarts; a
 * server on DATABASE_URL must be configured explicitly.
 */
export function resolveTokenSettings(config: Config, allowDevSecret: boolean): TokenSettings {
  const base = { issuer: config.auth.issuer, audience: config.auth.audience };
  if (config.auth.verification) return { ...base, verification: config.auth.verification };
  if (!allowDevSecret) {
    throw new Error(
      "No token verification is configured: set AUTH_JWT_SECRET (HS256, at least 32 characters), AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_FILE.",
    );
  }
  return { ...base, verification: { kind: "secret", secret: devSecret(path.dirname(config.embeddedDataDir)) } };
}

export function devSecret(dir: string): string {
  const file = path.join(dir, "jwt-dev-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dir, { recursive: true });
  const secret = crypto.randomBytes(48).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
