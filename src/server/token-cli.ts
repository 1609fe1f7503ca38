import { parseArgs } from "node:util";
import { SignJWT } from "jose";
import { ConfigError } from "../config/parse-config.ts";
import { loadServerConfig } from "./config.ts";
import { DEV_TOKEN_ALG, DEV_TOKEN_ISSUER, ensureDataDir, loadDevSigningKey } from "./keys.ts";

// `npm run token -- --sub <userId> [--username <name>] [--email <address>] [--expires-in 24h]`
// prints a development access token the reference server accepts (it shares DATA_DIR's key).
try {
  const { values } = parseArgs({
    options: { sub: { type: "string" }, username: { type: "string" }, email: { type: "string" }, "expires-in": { type: "string", default: "24h" } },
  });
  if (!values.sub) throw new ConfigError("Usage: npm run token -- --sub <userId> [--username <name>] [--email <address>] [--expires-in 24h]");
  const config = loadServerConfig();
  ensureDataDir(config.DATA_DIR);
  const { privateKey } = await loadDevSigningKey(config.DATA_DIR);
  const claims = { ...(values.username && { username: values.username }), ...(values.email && { email: values.email }) };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: DEV_TOKEN_ALG })
    .setSubject(values.sub)
    .setIssuer(DEV_TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime(values["expires-in"]!)
    .sign(privateKey);
  console.log(token);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Could not sign a token: ${(error as Error).message}`);
  process.exit(1);
}
