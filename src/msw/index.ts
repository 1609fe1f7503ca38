import { http, type HttpHandler } from "msw";
import { createFidelity } from "../fidelity/answer.ts";
import { CONTROL_PATH, exampleNames } from "../fidelity/control.ts";
import type { ContractWarningEvent } from "../fidelity/contract-warning-event.ts";
import { embeddedExamples } from "../fidelity/embedded-examples.ts";
import type { Scenario } from "../fidelity/scenario.ts";
import { isRefusal, parseScenario, ScenarioStore } from "../fidelity/scenarios.ts";
import { render } from "../messages/catalogue.ts";

/** Options for {@link createGenAuthHandlers}. */
export interface GenAuthHandlersOptions {
  /**
   * The GenAuth host the app calls, e.g. `https://your-app.genauth.ai`. Without it the handlers
   * answer GenAuth's paths on any host.
   */
  baseUrl?: string | undefined;
  /**
   * Called once for each request answered with an `X-Contract-Warning` header (a field GenAuth does
   * not document, an app id or token not of our shape, a body over 16 KiB), with that header's value.
   * By default a line on `console.warn`.
   */
  onWarning?: ((warning: ContractWarningEvent) => void) | undefined;
}

/** The handlers, and the control surface for the scenarios of each access token. */
export interface GenAuthHandlers {
  /** Request handlers for `setupServer` (msw/node) or `setupWorker` (msw/browser). */
  handlers: HttpHandler[];
  /**
   * Sets what this access token's following requests get: the example per operation, an added
   * latency, network failures. The same as `PUT /__mock/scenario` with that token.
   */
  setScenario(accessToken: string, scenario: Scenario): void;
  /** Forgets one token's scenario, or every token's (call it in `afterEach`). */
  clearScenarios(accessToken?: string): void;
}

/**
 * Mock Service Worker handlers that answer GenAuth's MFA enrollment API the way the mock does, from
 * the same contract, examples, validators and rules: the example that fits the request, HTTP 200
 * envelopes for bad input and a missing token, `Prefer: example=<name>`, scenarios in the token
 * (`Authorization: scenario=throttled`) or set per token.
 */
export function createGenAuthHandlers(options: GenAuthHandlersOptions = {}): GenAuthHandlers {
  const scenarios = new ScenarioStore();
  const onWarning = options.onWarning ?? (({ method, path, warning }) => console.warn(`contract warning: ${method} ${path}: ${warning}`));
  const answer = createFidelity({ examples: embeddedExamples, scenarios, onWarning });
  const base = options.baseUrl ? options.baseUrl.replace(/\/+$/, "") : "*";
  const respond = ({ request }: { request: Request }) => answer(request);
  return {
    handlers: [http.all(`${base}/api/v3/*`, respond), http.all(`${base}${CONTROL_PATH}`, respond)],
    setScenario(accessToken, scenario) {
      const parsed = parseScenario(scenario, exampleNames);
      if (isRefusal(parsed)) throw new TypeError(`setScenario: ${render(parsed)}`);
      scenarios.set(accessToken, parsed);
    },
    clearScenarios: (accessToken) => scenarios.clear(accessToken),
  };
}

export type { ContractWarningEvent, Scenario };
