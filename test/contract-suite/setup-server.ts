import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { devToken } from "../support/dev-token.ts";
import { spawnService } from "../support/spawn-service.ts";
import { ROOMY_SEND_LIMIT_ENV } from "../support/roomy-limits.ts";

/** Starts the reference server as `npm run server` does, on a fresh data directory and a free port. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-contract-"));
  // The suite's files run side by side on this one server, and the fuzz sends hundreds of codes:
  // the send caps are set out of reach here, explicitly, so that no file throttles another and the
  // fuzz keeps testing after its fifth send. The caps themselves are tested with their defaults in
  // test/domain/send-limits.test.ts and test/server/send-limits.test.ts.
  const server = await spawnService("src/server/main.ts", { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...ROOMY_SEND_LIMIT_ENV });
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
