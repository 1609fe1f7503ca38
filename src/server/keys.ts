import { generateKeyPairSync, hkdfSync, randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { ConfigError } from "../config/parse-config.ts";

/** The algorithm of the development signing key: Ed25519, small and fast to verify. */
export const DEV_TOKEN_ALG = "EdDSA";
/** The issuer `npm run token` writes and the server expects of development tokens. */
export const DEV_TOKEN_ISSUER = "genauth-mfa-contract/dev";

/** Creates the data directory if needed and fails with one clear line if it cannot be written. */
export function ensureDataDir(dir: string): void {
  try {
    makeDirectories(dir);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: DATA_DIR=${JSON.stringify(dir)} is not a writable directory (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/**
 * mkdirSync(dir, { recursive: true }) one level at a time. Node's own recursion spins for ever on
 * a path it cannot create under /proc (DATA_DIR=/proc/x), so each missing level is made by hand and
 * the first refusal is reported.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level, { mode: 0o700 });
    } catch (error) {
      // Another process booting on the same fresh directory may have made it first.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

function readOrCreate(path: string, create: () => string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    // wx: of two processes booting at once on a fresh directory, one writes and the other reads.
    try {
      writeFileSync(path, create(), { mode: 0o600, flag: "wx" });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== "EEXIST") throw raced;
    }
    return readFileSync(path, "utf8");
  }
}

/** The AES-256-GCM key for secrets at rest: ENCRYPTION_KEY, or one generated once and kept in DATA_DIR. */
export function loadEncryptionKey(dataDir: string, fromEnv?: string): Buffer {
  const text = fromEnv ?? readOrCreate(join(dataDir, "encryption.key"), () => `${randomBytes(32).toString("base64")}\n`);
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32)
    throw new ConfigError(
      `Invalid configuration: ${fromEnv ? "ENCRYPTION_KEY" : join(dataDir, "encryption.key")} must hold 32 bytes in base64`,
    );
  return key;
}

/** A key for the HMAC of verification codes, derived from the encryption key so there is one secret to keep. */
export const codeKeyFrom = (encryptionKey: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", encryptionKey, Buffer.alloc(0), "verification-codes", 32));

/** The development signing key pair `npm run token` signs with, generated once and kept in DATA_DIR. */
export async function loadDevSigningKey(dataDir: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  const path = join(dataDir, "dev-signing-key.json");
  // The key is generated before the file is created, and written once with wx, so that a server and
  // `npm run token` starting together on a fresh directory end up with the same key.
  const text = readOrCreate(path, () => `${JSON.stringify(generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }))}\n`);
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new ConfigError(`Invalid configuration: ${path} is not a JSON Web Key; delete it to generate a new one`);
  }
  try {
    const { d: _private, ...publicJwk } = jwk;
    return {
      privateKey: (await importJWK(jwk, DEV_TOKEN_ALG)) as CryptoKey,
      publicKey: (await importJWK(publicJwk, DEV_TOKEN_ALG)) as CryptoKey,
    };
  } catch {
    throw new ConfigError(`Invalid configuration: ${path} is not a valid Ed25519 key; delete it to generate a new one`);
  }
}
