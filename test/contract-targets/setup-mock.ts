import type { TestProject } from "vitest/node";
import { spawnService } from "../support/spawn-service.ts";

/** Starts the mock exactly as `npm run mock` does, on a free port, for the contract suite. */
export default async function setup(project: TestProject) {
  const mock = await spawnService("src/mock/main.ts", { MOCK_PORT: "0" });
  project.provide("target", {
    name: "mock",
    baseUrl: mock.url,
    accessToken: "any-token-works-on-the-mock",
    stateful: false,
    profile: "reference",
  });
  return async () => {
    await mock.stop();
  };
}
