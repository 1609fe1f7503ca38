import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { loadDevSigningKey } from "../../src/server/keys.ts";
import { signDevToken } from "../../src/server/dev-tokens.ts";
import type { ContractProfile } from "../../src/contract/validators.ts";

/** What the contract suite runs against: the mock, the reference server, or a real deployment. */
export interface Target {
  name: "mock" | "server" | "remote";
  baseUrl: string;
  /** An access token the target accepts. */
  accessToken: string;
  /**
   * Whether the target keeps state (rate limits, single-use tokens, bound factors). The mock is
   * stateless unless started with --stateful (or the MSW handlers with `stateful: true`); the cases
   * only a stateful target can pass are skipped against a stateless one.
   */
  stateful: boolean;
  /**
   * Which guarantee answers are checked against: `reference` (our own targets' stricter one: closed
   * schemas, masked numbers, UUID request ids, `Cache-Control: no-store`) for the mock and the reference
   * server, `genauth` (what GenAuth itself documents) for a remote target unless CONTRACT_PROFILE says otherwise.
   */
  profile: ContractProfile;
  /** A second user's token, for the cases that check one user cannot touch another's factors. */
  otherAccessToken?: string;
  /**
   * Whether the target answers in this very process (the MSW handlers under msw/node): there is no
   * socket to open, so the cases about connections do not apply.
   */
  inProcess?: boolean;
  /** The reference server's DATA_DIR, whose development key signs tokens for fresh users. */
  dataDir?: string;
  /** Whether the target shows the codes it sent at `GET /dev/outbox?to=`: the reference server, and the mock with --stateful. */
  outbox?: boolean;
}

declare module "vitest" {
  export interface ProvidedContext {
    target: Target;
  }
}

/**
 * A development token for a new user of the reference server, signed with its own key. The account
 * has an email address, as a user who binds a face must (GenAuth's apiCode 1703 otherwise).
 */
async function freshUserToken(dataDir: string): Promise<string> {
  const { privateKey } = await loadDevSigningKey(dataDir);
  const sub = `suite-${randomUUID()}`;
  return signDevToken(privateKey, { sub, claims: { username: "contract-suite", email: `${sub}@example.com` } });
}

const provided = inject("target");

/**
 * The target this run of the suite was started for. On the reference server, and on the stateful
 * mock (where every access token is a user), each test file gets users of its own, so that files
 * can run side by side without touching each other's factors.
 */
export const target: Target = provided.dataDir
  ? { ...provided, accessToken: await freshUserToken(provided.dataDir), otherAccessToken: await freshUserToken(provided.dataDir) }
  : provided.name === "mock" && provided.stateful
    ? { ...provided, accessToken: `suite-${randomUUID()}`, otherAccessToken: `suite-other-${randomUUID()}` }
    : provided;

/** Whether the target answers with the contract's examples: the mock without state. */
export const servesExamples = target.name === "mock" && !target.stateful;
