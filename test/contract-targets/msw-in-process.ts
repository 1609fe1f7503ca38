import { setupServer } from "msw/node";
import { afterAll, inject } from "vitest";
import { createGenAuthHandlers } from "../../src/msw/index.ts";
import { ROOMY_SEND_LIMITS, ROOMY_START_LIMITS } from "../support/roomy-limits.ts";

// A request the handlers do not answer would reach the network: an error instead, so that a gap
// in the handlers fails the suite rather than passing through.
// The fuzz sends hundreds of fields GenAuth does not document: the warnings the handlers would log
// are dropped here (the suite reads X-Contract-Warning, and test/msw tests onWarning itself).
// Stateful, the send and start caps are out of reach, as on the reference server's target (setup-server.ts).
const target = inject("target");
const stateful = target.stateful ? { stateful: true, sendLimits: ROOMY_SEND_LIMITS, startLimits: ROOMY_START_LIMITS } : {};
const server = setupServer(...createGenAuthHandlers({ baseUrl: target.baseUrl, onWarning: () => {}, ...stateful }).handlers);
server.listen({ onUnhandledRequest: "error" });
afterAll(() => server.close());
