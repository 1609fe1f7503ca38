import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { devToken } from "../support/dev-token.ts";
import { spawnService } from "../support/spawn-service.ts";

/** Starts the reference server as `npm run server` does, on a fresh data directory and a free port. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-contract-"));
  const server = await spawnService("src/server/main.ts", { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn" });
  const accessToken = await devToken(dataDir, "contract-suite-user", "contract-suite");
  // The README walkthrough mints its own token with `npm run token`, which must find this server's key.
  process.env.CONTRACT_SERVER_DATA_DIR = dataDir;
  const otherAccessToken = await devToken(dataDir, "contract-suite-other-user", "other");
  project.provide("target", { name: "server", baseUrl: server.url, accessToken, otherAccessToken, stateful: true, dataDir });
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
