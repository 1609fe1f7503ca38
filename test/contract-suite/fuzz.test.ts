import fc from "fast-check";
import { describe, expect } from "vitest";
import { checkRequest } from "../../src/contract/check-request.ts";
import { operations, type Operation } from "../../src/contract/operations.ts";
import { validatorsFor } from "../../src/contract/validators.ts";
import { arbitraryFor, mutationOf } from "./support/schema-arbitrary.ts";
import { REMOTE_FUZZ_CASES } from "../../src/contract/suite-usage.ts";
import { contractCase, refusalRule, skipThrottled } from "./basis.ts";
import { call, type CallOptions } from "./call.ts";
import { target } from "./target.ts";

// `npm test` runs FUZZ_CASES (100) cases per operation and property against our targets, within its
// time budget on a 2-core machine; `npm run fuzz -- --cases N` runs more. A remote target is across a
// network and throttles like any tenant: 30 cases by default, FUZZ_CASES (or `genauth-mfa contract
// --fuzz-cases N`) for more. The seed is printed so that a failure can be replayed with FUZZ_SEED.
const CASES = Number(process.env.FUZZ_CASES ?? (target.name === "remote" ? REMOTE_FUZZ_CASES : 100));
const TIMEOUT_MS = Math.max(120_000, CASES * 200);
// A fixed seed under npm test keeps CI repeatable; npm run fuzz draws a new one unless given one.
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
console.log(`fuzzing ${target.name} with ${CASES} cases per property, seed ${SEED} (replay: FUZZ_SEED=${SEED})`);

const LEAKS = /\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|\bError:|TypeError|ReferenceError|SQLITE/;
/**
 * The refusals of a request the contract's (GenAuth-level) schemas accept: it is well formed but
 * cannot be served. Each must be explained by a rule of `x-genauth-rules` with its statusCode (and
 * apiCode, or the field it names), among the rules the target is held to; anything else, and any
 * 5xx, fails the property.
 */
const isDocumentedRefusal = (body: { statusCode: number; message: string; apiCode?: number }, sent: unknown) =>
  refusalRule(body, sent) !== undefined;

/**
 * A remote target is a real tenant: the fuzz never sends its codes to random numbers and addresses
 * (a real SMS each, and the user's hourly caps), so its valid sends ask for OTP and FACE only.
 */
const sendsNoCodes = (op: Operation, body: unknown) =>
  target.name !== "remote" ||
  op.operationId !== "sendEnrollFactorRequest" ||
  !["SMS", "EMAIL"].includes((body as { factorType?: string }).factorType ?? "");

/** Ways to send no usable access token: GenAuth answers each with 401. */
const BROKEN_TOKENS = [null, "", " ", "Bearer ", "bearer   "];

function queryArbitrary(op: Operation): fc.Arbitrary<Record<string, string>> {
  const params = op.parameters.filter((p) => p.in === "query");
  const model = Object.fromEntries(params.map((p) => [p.name, arbitraryFor(p.schema) as fc.Arbitrary<string>]));
  return fc.record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) }) as fc.Arbitrary<Record<string, string>>;
}

function validRequest(op: Operation): fc.Arbitrary<CallOptions> {
  const validBody = validatorsFor(op.operationId).body;
  // Generated from the schema, then kept only if the contract's own validator agrees it is valid.
  const body = op.bodySchema ? arbitraryFor(op.bodySchema).filter((b) => validBody!(b) && sendsNoCodes(op, b)) : fc.constant(undefined);
  return fc.record({ body, query: queryArbitrary(op) });
}

/** The invariants every answer must hold, whatever was sent. */
function checkAnswer(text: string): void {
  expect(text, "an answer leaks internals").not.toMatch(LEAKS);
}

describe(`fuzzing the ${target.name} from the contract's schemas`, () => {
  for (const op of operations) {
    contractCase.concurrent(
      `${op.operationId}: ${CASES} valid requests are never answered 400 or 5xx, and most are not throttled`,
      { operations: [op.operationId] },
      async () => {
        let answered = 0;
        let throttled = 0;
        await fc.assert(
          fc.asyncProperty(validRequest(op), async (request) => {
            const { body } = await call(op.operationId, { ...request, throttleExpected: true });
            checkAnswer(JSON.stringify(body));
            if (body.statusCode !== 200) expect(isDocumentedRefusal(body, request.body), `refused: ${JSON.stringify(body)}`).toBe(true);
            answered++;
            if (body.statusCode === 429) throttled++;
          }),
          { numRuns: CASES, seed: SEED },
        );
        // A target whose send caps stopped the fuzz after a few codes would pass the property by
        // answering 429 to everything, and test nothing: the reference server's suite sets its caps
        // out of reach (setup-server.ts), and this holds it to that. A remote target's caps are its
        // own: there the property is reported as skipped, never as passed.
        if (throttled >= answered / 4) skipThrottled(`${throttled} of ${answered} valid requests were answered 429`);
        expect(throttled, `${throttled} of ${answered} valid requests were throttled`).toBeLessThan(answered / 4);
      },
      TIMEOUT_MS,
    );

    // An operation with neither body nor query (the two lists) can still be broken the way GenAuth
    // refuses most often: without a usable access token. Every operation gets those cases too.
    const withoutToken = fc
      .constantFrom(...BROKEN_TOKENS)
      .chain((token) => validRequest(op).map((r) => ({ kind: `access token ${JSON.stringify(token)}`, ...r, token })));
    const brokenInput: fc.Arbitrary<CallOptions & { kind: string }> | undefined = op.bodySchema
      ? mutationOf(validRequest(op).map((r) => r.body)).map((m) => ({
          kind: m.kind,
          body: m.body,
          rawBody: m.raw,
          contentType: m.contentType,
        }))
      : op.parameters.some((p) => p.in === "query")
        ? fc
            .oneof(fc.constant({}), fc.string({ maxLength: 300 }), fc.integer())
            .map((v) => ({ kind: "a bad query", query: (typeof v === "object" ? {} : { factorId: String(v) }) as Record<string, string> }))
        : undefined;
    const mutations = brokenInput ? fc.oneof(brokenInput, withoutToken) : withoutToken;
    contractCase.concurrent(
      `${op.operationId}: ${CASES} broken requests are never answered with success`,
      { operations: [op.operationId] },
      async () => {
        await fc.assert(
          fc.asyncProperty(mutations, async ({ kind, ...request }) => {
            const { body } = await call(op.operationId, { ...request, throttleExpected: true });
            checkAnswer(JSON.stringify(body));
            expect(body.statusCode).toBeLessThan(500);
            if (BROKEN_TOKENS.includes(request.token as string | null)) {
              expect(body, `${kind} was not refused as not signed in`).toMatchObject({ statusCode: 401, apiCode: 2020 });
              return;
            }
            const sentJson = request.rawBody === undefined && request.contentType === undefined;
            // Judged by the same GenAuth-level check the targets run, never by a pattern copied here.
            const stillValid = op.bodySchema
              ? sentJson && request.body !== undefined && validatorsFor(op.operationId).body!(request.body)
              : checkRequest(op, { query: request.query ?? {}, headers: {}, body: undefined }) === undefined;
            if (!stillValid) expect(body.statusCode, `${kind} was accepted: ${JSON.stringify(request).slice(0, 200)}`).not.toBe(200);
          }),
          { numRuns: CASES, seed: SEED },
        );
      },
      TIMEOUT_MS,
    );
  }
});
