import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { devToken } from "../support/dev-token.ts";
import { useCleanups } from "../support/cleanups.ts";

const defer = useCleanups();

describe("npm run token", () => {
  it("puts the --sid it is given in the token, and gives each token a jti of its own", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "token-cli-"));
    defer(() => rmSync(dataDir, { recursive: true, force: true }));
    const [plain, laptop] = (
      await Promise.all([devToken(dataDir, "user-1"), devToken(dataDir, "user-1", undefined, undefined, "laptop")])
    ).map(decodeJwt);
    expect(laptop).toMatchObject({ sub: "user-1", sid: "laptop", jti: expect.any(String) });
    expect(plain).toMatchObject({ sub: "user-1", jti: expect.any(String) });
    expect(plain).not.toHaveProperty("sid");
    expect(plain!.jti).not.toBe(laptop!.jti);
  });
});
