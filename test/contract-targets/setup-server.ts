import type { TestProject } from "vitest/node";
import { devToken } from "../support/dev-token.ts";
import { startReferenceServer } from "../support/reference-server.ts";

/**
 * Starts the reference server as `npm run server` does, on a fresh data directory and a free port,
 * with `env` added (DATABASE_URL for the PostgreSQL target), and provides it as the suite's target.
 */
export async function startServerTarget(project: TestProject, env: Record<string, string> = {}) {
  // The suite's files run side by side on this one server, and the fuzz sends hundreds of codes and
  // starts: the send and start caps are set out of reach here, explicitly, so that no file throttles
  // another and the fuzz keeps testing after its fifth send. The caps themselves are tested with
  // their defaults in test/domain/send-slots.test.ts and test/domain/start-limits.test.ts, and as the server reads
  // them in test/server/config.test.ts and test/server/compose.test.ts.
  const server = await startReferenceServer({ env });
  const { dataDir } = server;
  // The README walkthrough mints its own token with `npm run token`, which must find this server's key.
  const accessToken = await devToken(dataDir, "contract-suite-user", "contract-suite", "contract-suite-user@example.com");
  const otherAccessToken = await devToken(dataDir, "contract-suite-other-user", "other", "contract-suite-other-user@example.com");
  project.provide("target", {
    name: "server",
    baseUrl: server.url,
    accessToken,
    otherAccessToken,
    stateful: true,
    outbox: true,
    profile: "reference",
    dataDir,
  });
  return () => server.stop();
}

/** The reference server on its default store, SQLite in DATA_DIR. */
export default function setup(project: TestProject) {
  return startServerTarget(project);
}
