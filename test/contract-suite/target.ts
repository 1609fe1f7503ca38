import { inject } from "vitest";

/** What the contract suite runs against: the mock, the reference server, or a real deployment. */
export interface Target {
  name: "mock" | "server" | "remote";
  baseUrl: string;
  /** An access token the target accepts. */
  accessToken: string;
  /**
   * Whether the target keeps state (rate limits, single-use tokens, bound factors). The mock is
   * stateless; the cases only a stateful server can pass are skipped against it.
   */
  stateful: boolean;
  /** A second user's token, for the cases that check one user cannot touch another's factors. */
  otherAccessToken?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    target: Target;
  }
}

/** The target this run of the suite was started for. */
export const target: Target = inject("target");
