import { http, type HttpHandler } from "msw";
import { createWebSecretBox } from "../domain/web-secret-box.ts";
import { webPorts } from "../domain/web-ports.ts";
import { createFidelity } from "../fidelity/answer.ts";
import { CONTROL_PATH, exampleNames } from "../fidelity/control.ts";
import type { ContractWarningEvent } from "../fidelity/contract-warning-event.ts";
import { embeddedExamples } from "../fidelity/embedded-examples.ts";
import type { Scenario } from "../fidelity/scenario.ts";
import { isRefusal, parseScenario, ScenarioStore } from "../fidelity/scenarios.ts";
import { OUTBOX_PATH } from "../fidelity/stateful-answer.ts";
import { createStatefulMock } from "../fidelity/stateful-mock.ts";
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
  /**
   * Keep state per access token, in memory, by running the reference server's own domain: a bound
   * factor is listed, enrollment tokens expire and work once, codes go to {@link GenAuthHandlers.outbox},
   * OTP secrets are real, and step-up, lock-outs and send limits apply. Named examples (Prefer,
   * scenarios) still answer as they are. Off by default: every answer is the contract's example.
   */
  stateful?: boolean | undefined;
  /**
   * With `stateful`: codes per user and channel per hour and per day, and per minute for everyone;
   * the server's 5, 10 and 100 by default (0 turns a per-user cap off).
   */
  sendLimits?: { userPerHour?: number; userPerDay?: number; globalPerMinute?: number } | undefined;
  /**
   * With `stateful`: OTP and FACE starts per user and factor type per hour and per day; the server's
   * 100 and 100 by default (0 turns a cap off).
   */
  startLimits?: { userPerHour?: number; userPerDay?: number } | undefined;
  /** With `stateful`: the digits in an SMS or email code, 4 to 8; 6 by default. */
  verifyCodeLength?: number | undefined;
  /**
   * With `stateful`: how long a TOTP lets a user with an authenticator app add or unbind factors, in
   * seconds; 300 by default, 0 for no step-up.
   */
  stepUpSeconds?: number | undefined;
  /** With `stateful`: how long TOTP checks are refused after 10 wrong ones, in seconds; 900 by default. */
  totpLockoutSeconds?: number | undefined;
  /** With `stateful`: the clock, in milliseconds since the epoch, for a test that moves time (expiry, limits); `Date.now` by default. */
  now?: (() => number) | undefined;
}

/** A code the stateful handlers "sent": what {@link GenAuthHandlers.outbox} returns. */
export interface GenAuthOutboxMessage {
  channel: "sms" | "email";
  /** The normalised destination: an E.164 phone number or a lower-cased address. */
  to: string;
  code: string;
  /** The whole text, code included, in the language the request asked for. */
  text: string;
  subject?: string;
  /** When it was "sent", as an ISO 8601 timestamp. */
  sentAt: string;
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
  /**
   * The codes sent to a phone number (E.164, `+8618812345678`) or an address, oldest first: the same
   * as `GET /dev/outbox?to=`. Always empty without `stateful`.
   */
  outbox(to: string): GenAuthOutboxMessage[];
  /** Forgets all state (factors, enrollments, limits, the outbox) and every scenario: call it between tests. */
  reset(): void;
}

/**
 * Mock Service Worker handlers that answer GenAuth's MFA enrollment API the way the mock does, from
 * the same contract, examples, validators and rules: the example that fits the request, HTTP 200
 * envelopes for bad input and a missing token, `Prefer: example=<name>`, scenarios in the token
 * (`Authorization: scenario=throttled`) or set per token. With `stateful`, the reference server's
 * domain answers instead of the examples, on WebCrypto and an in-memory store.
 */
export function createGenAuthHandlers(options: GenAuthHandlersOptions = {}): GenAuthHandlers {
  const scenarios = new ScenarioStore();
  const onWarning = options.onWarning ?? (({ method, path, warning }) => console.warn(`contract warning: ${method} ${path}: ${warning}`));
  const stateful = options.stateful ? createStatefulMock({ ports: webPorts, secretBox: createWebSecretBox }, options) : undefined;
  const answer = createFidelity({ examples: embeddedExamples, scenarios, onWarning, ...(stateful && { stateful }) });
  const base = options.baseUrl ? options.baseUrl.replace(/\/+$/, "") : "*";
  const respond = ({ request }: { request: Request }) => answer(request);
  const handlers = [http.all(`${base}/api/v3/*`, respond), http.all(`${base}${CONTROL_PATH}`, respond)];
  if (stateful) handlers.push(http.all(`${base}${OUTBOX_PATH}`, respond));
  return {
    handlers,
    setScenario(accessToken, scenario) {
      const parsed = parseScenario(scenario, exampleNames);
      if (isRefusal(parsed)) throw new TypeError(`setScenario: ${render(parsed)}`);
      scenarios.set(accessToken, parsed);
    },
    clearScenarios: (accessToken) => scenarios.clear(accessToken),
    outbox: (to) => stateful?.outbox(to) ?? [],
    reset() {
      stateful?.reset();
      scenarios.clear();
    },
  };
}

export type { ContractWarningEvent, Scenario };
