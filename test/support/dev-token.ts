import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Mints a development access token exactly as `npm run token` does, for the server using DATA_DIR.
 * With `email`, the account has an address, as a user who binds a face must (apiCode 1703
 * otherwise); `sid` names the token's session.
 */
export async function devToken(dataDir: string, sub: string, username?: string, email?: string, sid?: string): Promise<string> {
  const args = [
    "--import",
    "tsx",
    "src/server/token-cli.ts",
    "--sub",
    sub,
    ...(username ? ["--username", username] : []),
    ...(email ? ["--email", email] : []),
    ...(sid ? ["--sid", sid] : []),
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
  return stdout.trim();
}
