import type { TestProject } from "vitest/node";
import { ROOMY_SEND_LIMIT_ENV } from "../support/roomy-limits.ts";
import { spawnService } from "../support/spawn-service.ts";

/**
 * Starts the mock as `npm run mock -- --stateful` does, on a free port, for the contract suite: the
 * reference server's domain in memory, with the send caps out of reach, as on the server's target.
 */
export default async function setup(project: TestProject) {
  const mock = await spawnService("src/mock/main.ts", { MOCK_PORT: "0", ...ROOMY_SEND_LIMIT_ENV }, undefined, undefined, ["--stateful"]);
  project.provide("target", {
    name: "mock",
    baseUrl: mock.url,
    accessToken: "any-token-is-a-user",
    stateful: true,
    outbox: true,
    profile: "reference",
  });
  return async () => {
    await mock.stop();
  };
}
