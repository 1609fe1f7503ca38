import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devToken } from "../dev-token.ts";
import { spawnService } from "../spawn-service.ts";
import { startTenantDouble, type TenantDoubleOptions } from "./tenant-double.ts";

/** How to start a reference server with a tenant double in front of it. */
export type TenantDoubleStackOptions = Omit<TenantDoubleOptions, "upstream">;

/** A running stack: the double's URL and two users' access tokens, plus the upstream for tests to look behind the double. */
export interface TenantDoubleStack {
  /** The tenant double's base URL: what a client calls. */
  url: string;
  /** A development access token for one user. */
  accessToken: string;
  /** A development access token for another user. */
  otherAccessToken: string;
  /** The reference server behind the double (its development outbox is at /dev/outbox). */
  upstream: string;
  /** The reference server's DATA_DIR, whose development key signs tokens for more users. */
  dataDir: string;
  /** Stops the double and the reference server, and removes the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts the reference server as the contract suite's setup does, but with its default send caps
 * (a tenant's, not the roomy ones tests use) and 4-digit codes, starts a tenant double in front of
 * it, and mints two users' development tokens.
 */
export async function startTenantDoubleStack(options: TenantDoubleStackOptions = {}): Promise<TenantDoubleStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-tenant-double-"));
  const server = await spawnService("src/server/main.ts", {
    PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    VERIFY_CODE_LENGTH: "4",
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  try {
    const [double, accessToken, otherAccessToken] = await Promise.all([
      startTenantDouble({ ...options, upstream: server.url }),
      // Both accounts have an email address, as users who bind a face must (apiCode 1703 otherwise).
      devToken(dataDir, "tenant-double-user", "tenant-double", "tenant-double-user@example.com"),
      devToken(dataDir, "tenant-double-other-user", "other", "tenant-double-other-user@example.com"),
    ]);
    return {
      url: double.url,
      accessToken,
      otherAccessToken,
      upstream: server.url,
      dataDir,
      stop: async () => {
        await double.stop();
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
