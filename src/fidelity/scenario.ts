// The shape of a scenario alone, with no imports: the MSW entry's published types reach only this.

/** What a token's following requests get. Every field is optional; an empty scenario is the usual choice. */
export interface Scenario {
  /** The named example to answer, per operationId, e.g. `{ "sendEnrollFactorRequest": "throttled" }`. */
  examples?: Record<string, string>;
  /** Milliseconds to wait before answering, so that loading states can be seen. */
  latencyMs?: number;
  /** How many of the token's following requests fail at the network, so that retry paths can be seen. */
  networkFailures?: number;
}
