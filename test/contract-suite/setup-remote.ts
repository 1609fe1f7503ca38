import type { TestProject } from "vitest/node";

/** Points the contract suite at a running deployment: CONTRACT_BASE_URL and CONTRACT_ACCESS_TOKEN. */
export default function setup(project: TestProject) {
  const baseUrl = process.env.CONTRACT_BASE_URL;
  const accessToken = process.env.CONTRACT_ACCESS_TOKEN;
  if (!baseUrl || !accessToken) {
    throw new Error("npm run contract needs CONTRACT_BASE_URL and CONTRACT_ACCESS_TOKEN (a user's access token)");
  }
  // A deployment keeps state unless told otherwise (CONTRACT_STATEFUL=false, e.g. for a remote mock).
  const stateful = process.env.CONTRACT_STATEFUL !== "false";
  project.provide("target", { name: "remote", baseUrl: baseUrl.replace(/\/$/, ""), accessToken, stateful });
}
