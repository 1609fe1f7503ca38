import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config/parse-config.ts";
import { loadServerConfig } from "./config.ts";
import { signDevToken } from "./dev-tokens.ts";
import { ensureDataDir, loadDevSigningKey } from "./keys.ts";

// `npm run token -- --sub <userId> [--username <name>] [--email <address>] [--sid <session>] [--expires-in 24h]`
// prints a development access token the reference server accepts (it shares DATA_DIR's key).
const USAGE = "Usage: npm run token -- --sub <userId> [--username <name>] [--email <address>] [--sid <session>] [--expires-in 24h]";
try {
  const { values } = parseArgs({
    options: {
      sub: { type: "string" },
      username: { type: "string" },
      email: { type: "string" },
      sid: { type: "string" },
      "expires-in": { type: "string", default: "24h" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      `${USAGE}\nPrints a development access token for the reference server that uses the same DATA_DIR.\n` +
        "Tokens minted with the same --sid are one session and share its step-up; without --sid each token is a session of its own.",
    );
    process.exit(0);
  }
  if (!values.sub) throw new ConfigError(USAGE);
  const config = loadServerConfig();
  ensureDataDir(config.DATA_DIR);
  const { privateKey } = await loadDevSigningKey(config.DATA_DIR);
  const claims: Record<string, string> = {};
  if (values.username) claims.username = values.username;
  if (values.email) claims.email = values.email;
  const token = await signDevToken(privateKey, {
    sub: values.sub,
    claims,
    expiresIn: values["expires-in"]!,
    ...(values.sid && { sid: values.sid }),
  });
  // On stderr, so that TOKEN=$(npm run -s token ...) captures the token alone: a server accepts it
  // only with the same DATA_DIR, whose key signed it.
  console.error(`Signed with the development key in ${resolve(config.DATA_DIR)} (DATA_DIR); the server must use the same DATA_DIR.`);
  console.log(token);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Could not sign a token: ${(error as Error).message}`);
  process.exit(1);
}
