import type { TestProject } from "vitest/node";

/**
 * The contract suite against the MSW handlers, in process: each test file starts msw/node with
 * the handlers (test/contract-targets/msw-in-process.ts), and every fetch the suite makes to this
 * base URL is answered by them, with no server at all. They stand for the mock, so the suite holds
 * them to everything it holds the mock to.
 */
export default function setup(project: TestProject) {
  project.provide("target", {
    name: "mock",
    baseUrl: "https://genauth-mfa.msw.test",
    accessToken: "any-token-works-on-the-mock",
    stateful: false,
    profile: "reference",
    inProcess: true,
  });
}
