import type { TestProject } from "vitest/node";

/**
 * The contract suite against the MSW handlers with `stateful: true`, in process
 * (test/contract-targets/msw-in-process.ts): the reference server's domain on WebCrypto and the
 * in-memory store, so the suite's stateful cases run against it as against the server.
 */
export default function setup(project: TestProject) {
  project.provide("target", {
    name: "mock",
    baseUrl: "https://genauth-mfa-stateful.msw.test",
    accessToken: "any-token-is-a-user",
    stateful: true,
    outbox: true,
    profile: "reference",
    inProcess: true,
  });
}
