import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK } from "jose";
import { describe, expect, it } from "vitest";
import { loadDevSigningKey, loadEncryptionKey } from "../../src/server/keys.ts";
import { useCleanups } from "../support/cleanups.ts";

const defer = useCleanups();
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), "keys-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

describe("the keys kept in DATA_DIR", () => {
  it("gives two loaders racing on a fresh directory the same signing key", async () => {
    const dir = fresh();
    const [a, b] = await Promise.all([loadDevSigningKey(dir), loadDevSigningKey(dir)]);
    expect(await exportJWK(a.publicKey)).toEqual(await exportJWK(b.publicKey));
    expect(await exportJWK((await loadDevSigningKey(dir)).publicKey)).toEqual(await exportJWK(a.publicKey));
  });

  it("generates the encryption key once, readable by its owner only", () => {
    const dir = fresh();
    const key = loadEncryptionKey(dir);
    expect(key).toHaveLength(32);
    expect(loadEncryptionKey(dir)).toEqual(key);
    expect(statSync(join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
  });
});
