import { setupServer } from "msw/node";
import { afterAll, inject } from "vitest";
import { createGenAuthHandlers } from "../../src/msw/index.ts";

// A request the handlers do not answer would reach the network: an error instead, so that a gap
// in the handlers fails the suite rather than passing through.
// The fuzz sends hundreds of fields GenAuth does not document: the warnings the handlers would log
// are dropped here (the suite reads X-Contract-Warning, and test/msw tests onWarning itself).
const server = setupServer(...createGenAuthHandlers({ baseUrl: inject("target").baseUrl, onWarning: () => {} }).handlers);
server.listen({ onUnhandledRequest: "error" });
afterAll(() => server.close());
