import type { TestProject } from "vitest/node";
import { contractSuiteProblem } from "../../src/contract/suite-usage.ts";
import type { ContractProfile } from "../../src/contract/validators.ts";

// An enrollment token no server ever issued (128 bytes of base64, like any other).
const NEVER_ISSUED = Buffer.alloc(128, 7).toString("base64");

/**
 * Whether the target keeps state: a stateful server refuses an enrollment token it never issued,
 * a stateless mock (its examples or, with --dynamic, generated bodies) accepts it. The probe binds
 * nothing on a real tenant, since the token is refused.
 */
async function keepsState(baseUrl: string, accessToken: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/api/v3/enroll-factor`, {
    method: "POST",
    headers: { authorization: accessToken, "content-type": "application/json" },
    body: JSON.stringify({ factorType: "OTP", enrollmentToken: NEVER_ISSUED, enrollmentData: { passCode: "123456" } }),
  });
  const body = (await response.json().catch(() => ({}))) as { statusCode?: number };
  return body.statusCode !== 200;
}

/**
 * Points the contract suite at a running deployment: CONTRACT_BASE_URL and CONTRACT_ACCESS_TOKEN,
 * plus CONTRACT_OTHER_ACCESS_TOKEN (a second user) for the cases about other users' factors.
 * Whether it keeps state is detected (CONTRACT_STATEFUL overrides), and its answers are held to
 * GenAuth's level unless CONTRACT_PROFILE=reference asks for our targets' stricter one.
 */
export default async function setup(project: TestProject) {
  const problem = contractSuiteProblem(process.env);
  if (problem) throw new Error(problem);
  const baseUrl = process.env.CONTRACT_BASE_URL!.replace(/\/$/, "");
  const accessToken = process.env.CONTRACT_ACCESS_TOKEN!;
  const stated = process.env.CONTRACT_STATEFUL;
  const stateful = stated ? stated === "true" : await keepsState(baseUrl, accessToken);
  if (!stateful) {
    const why = stated ? "CONTRACT_STATEFUL=false" : "it accepted an enrollment token it never issued";
    console.log(`${baseUrl} keeps no state (${why}): the cases that need state are skipped. CONTRACT_STATEFUL=true runs them.`);
  }
  const profile = (process.env.CONTRACT_PROFILE ?? "genauth") as ContractProfile;
  const otherAccessToken = process.env.CONTRACT_OTHER_ACCESS_TOKEN || undefined;
  project.provide("target", { name: "remote", baseUrl, accessToken, otherAccessToken, stateful, profile });
}
