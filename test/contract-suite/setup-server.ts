import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { devToken } from "../support/dev-token.ts";
import { spawnService } from "../support/spawn-service.ts";

/**
 * Starts the reference server as `npm run server` does, on a fresh data directory and a free port,
 * with `env` added (DATABASE_URL for the PostgreSQL target), and provides it as the suite's target.
 */
export async function startServerTarget(project: TestProject, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-contract-"));
  const server = await spawnService("src/server/main.ts", { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env });
  // The README walkthrough mints its own token with `npm run token`, which must find this server's key.
  const accessToken = await devToken(dataDir, "contract-suite-user", "contract-suite");
  const otherAccessToken = await devToken(dataDir, "contract-suite-other-user", "other");
  project.provide("target", { name: "server", baseUrl: server.url, accessToken, otherAccessToken, stateful: true, dataDir });
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

/** The reference server on its default store, SQLite in DATA_DIR. */
export default function setup(project: TestProject) {
  return startServerTarget(project);
}
