import type { TestApp } from "./test-app.ts";

/**
 * Access tokens for Alice and Bob, the two users of a test app, under the subjects alice-id and
 * bob-id. Each has an email address on the account, as a FACE binding needs (apiCode 1703 otherwise).
 */
export async function aliceAndBob(t: TestApp): Promise<{ alice: string; bob: string }> {
  const user = (username: string) => t.tokenFor(`${username}-id`, { username, email: `${username}@example.com` });
  return { alice: await user("alice"), bob: await user("bob") };
}
