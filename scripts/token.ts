import { parseArgs } from "node:util";
import { Role } from "../src/domain/access";
import { loadConfig } from "../src/config/config";
import { TokenService } from "../src/modules/auth/token.service";
import { resolveTokenSettings } from "../src/modules/auth/token-settings";

/**
 * `npm run token -- --role BANK --org <institution id>`: prints a development token signed with
 * AUTH_JWT_SECRET, or with the embedded server's development secret when none is set.
 * Options: --role (FIRM BANK GUARANTOR BUREAU REGULATOR ADMIN), --org, --region, --credit-code,
 * --sub (default dev-<role>), --ttl (default 12h).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      org: { type: "string" },
      region: { type: "string" },
      "credit-code": { type: "string" },
      sub: { type: "string" },
      ttl: { type: "string", default: "12h" },
    },
  });
  const role = values.role?.toUpperCase();
  if (!role || !(Object.values(Role) as string[]).includes(role)) {
    throw new Error(`--role must be one of ${Object.values(Role).join(", ")}`);
  }
  const config = loadConfig();
  const tokens = new TokenService(resolveTokenSettings(config, !config.databaseUrl));
  const token = await tokens.sign(
    {
      sub: values.sub ?? `dev-${role.toLowerCase()}`,
      role: role as Role,
      orgId: values.org ?? null,
      regionCode: values.region ?? null,
      creditCode: values["credit-code"] ?? null,
    },
    values.ttl,
  );
  // Check it the way the server will, so a missing --org or --region fails here.
  await tokens.verify(token);
  console.log(token);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
