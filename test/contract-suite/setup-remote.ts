import type { TestProject } from "vitest/node";

/**
 * Points the contract suite at a running deployment: CONTRACT_BASE_URL and CONTRACT_ACCESS_TOKEN,
 * plus CONTRACT_OTHER_ACCESS_TOKEN (a second user) for the cases about other users' factors.
 */
export default function setup(project: TestProject) {
  const baseUrl = process.env.CONTRACT_BASE_URL;
  const accessToken = process.env.CONTRACT_ACCESS_TOKEN;
  if (!baseUrl || !accessToken) {
    throw new Error("npm run contract needs CONTRACT_BASE_URL and CONTRACT_ACCESS_TOKEN (a user's access token)");
  }
  // A deployment keeps state unless told otherwise (CONTRACT_STATEFUL=false, e.g. for a remote mock).
  const stateful = process.env.CONTRACT_STATEFUL !== "false";
  const otherAccessToken = process.env.CONTRACT_OTHER_ACCESS_TOKEN || undefined;
  project.provide("target", { name: "remote", baseUrl: baseUrl.replace(/\/$/, ""), accessToken, otherAccessToken, stateful });
}
