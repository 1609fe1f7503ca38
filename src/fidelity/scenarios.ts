/**
 * Scenarios chosen from outside the app, kept per access token so that parallel test files never
 * see each other's: the example per operation, an added latency, and network failures. Set with
 * `PUT /__mock/scenario` on the mock or `setScenario` on the MSW handlers. Runtime-neutral.
 */

import { msg, type Message } from "../messages/catalogue.ts";
import type { Scenario } from "./scenario.ts";

export type { Scenario };

/** The scenarios of every token, in memory. */
export class ScenarioStore {
  readonly #byToken = new Map<string, Scenario>();

  /** The scenario set for this token, or an empty one. */
  get(token: string): Scenario {
    return this.#byToken.get(token) ?? {};
  }

  /** Replaces this token's scenario. */
  set(token: string, scenario: Scenario): void {
    this.#byToken.set(token, structuredClone(scenario));
  }

  /** Forgets this token's scenario, or every token's. */
  clear(token?: string): void {
    if (token === undefined) this.#byToken.clear();
    else this.#byToken.delete(token);
  }

  /** Whether this request fails at the network; counts it down. */
  takeNetworkFailure(token: string): boolean {
    const scenario = this.#byToken.get(token);
    if (!scenario?.networkFailures) return false;
    scenario.networkFailures -= 1;
    return true;
  }
}

/** The example a token of the form `scenario=<name>` names, e.g. `Authorization: scenario=throttled`. */
export function scenarioInToken(token: string): string | undefined {
  return /^scenario=([\w.-]+)$/.exec(token)?.[1];
}

/** Whether a value is a scenario refusal (a catalogue message) rather than a scenario. */
export const isRefusal = (value: Scenario | Message): value is Message => "key" in value;

/**
 * Checks a scenario sent to the control surface; returns it, or why it is refused. `known` maps each
 * operationId to its examples' names.
 */
export function parseScenario(value: unknown, known: ReadonlyMap<string, ReadonlySet<string>>): Scenario | Message {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return msg("scenarioNotObject");
  const { examples, latencyMs, networkFailures, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra[0] !== undefined) return msg("scenarioUnknownField", { field: extra[0] });
  const scenario: Scenario = {};
  if (examples !== undefined) {
    if (typeof examples !== "object" || examples === null || Array.isArray(examples)) return msg("scenarioExamplesNotMap");
    for (const [operationId, name] of Object.entries(examples)) {
      const names = known.get(operationId);
      if (!names) return msg("scenarioUnknownOperation", { operationId, known: [...known.keys()].join(", ") });
      if (typeof name !== "string" || !names.has(name))
        return msg("scenarioUnknownExample", { operationId, name: String(name), known: [...names].join(", ") });
    }
    scenario.examples = examples as NonNullable<Scenario["examples"]>;
  }
  if (latencyMs !== undefined) {
    if (!Number.isInteger(latencyMs) || (latencyMs as number) < 0 || (latencyMs as number) > 60_000) return msg("scenarioBadLatency");
    scenario.latencyMs = latencyMs as number;
  }
  if (networkFailures !== undefined) {
    if (!Number.isInteger(networkFailures) || (networkFailures as number) < 0) return msg("scenarioBadFailures");
    scenario.networkFailures = networkFailures as number;
  }
  return scenario;
}
