// The shape of a scenario alone, with no imports but the generated names: the MSW entry's published
// types reach only this and names.d.ts.
import type { ExampleNames } from "../../generated/names.d.ts";

/** The example per operation: a name the contract does not give that operation does not compile. */
export type ScenarioExamples = { [Operation in keyof ExampleNames]?: ExampleNames[Operation] };

/** What a token's following requests get. Every field is optional; an empty scenario is the usual choice. */
export interface Scenario {
  /** The named example to answer, per operationId, e.g. `{ "sendEnrollFactorRequest": "throttled" }`. */
  examples?: ScenarioExamples;
  /** Milliseconds to wait before answering, so that loading states can be seen. */
  latencyMs?: number;
  /** How many of the token's following requests fail at the network, so that retry paths can be seen. */
  networkFailures?: number;
}
