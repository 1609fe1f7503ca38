import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { operations, type Operation } from "../../src/contract/operations.ts";
import { validatorsFor } from "../../src/contract/validators.ts";
import { arbitraryFor, mutationOf } from "../support/schema-arbitrary.ts";
import { call, type CallOptions } from "./call.ts";
import { target } from "./target.ts";

// `npm test` runs FUZZ_CASES (300) cases per operation and property; `npm run fuzz -- --cases N`
// runs more. The seed is printed so that a failure can be replayed with FUZZ_SEED.
const CASES = Number(process.env.FUZZ_CASES ?? 300);
const TIMEOUT_MS = Math.max(120_000, CASES * 200);
// A fixed seed under npm test keeps CI repeatable; npm run fuzz draws a new one unless given one.
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
console.log(`fuzzing ${target.name} with ${CASES} cases per property, seed ${SEED} (replay: FUZZ_SEED=${SEED})`);

const LEAKS = /\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|\bError:|TypeError|ReferenceError|SQLITE/;
// The one documented way a schema-valid request is refused with 400: a phone number that matches
// the pattern but that libphonenumber knows cannot exist.
const DOCUMENTED_400 = /is not a valid phone number/;

function queryArbitrary(op: Operation): fc.Arbitrary<Record<string, string>> {
  const params = op.parameters.filter((p) => p.in === "query");
  const model = Object.fromEntries(params.map((p) => [p.name, arbitraryFor(p.schema) as fc.Arbitrary<string>]));
  return fc.record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) }) as fc.Arbitrary<Record<string, string>>;
}

function validRequest(op: Operation): fc.Arbitrary<CallOptions> {
  const validBody = validatorsFor(op.operationId).body;
  // Generated from the schema, then kept only if the contract's own validator agrees it is valid.
  const body = op.bodySchema ? arbitraryFor(op.bodySchema).filter((b) => validBody!(b)) : fc.constant(undefined);
  return fc.record({ body, query: queryArbitrary(op) });
}

/** The invariants every answer must hold, whatever was sent. */
function checkAnswer(text: string): void {
  expect(text, "an answer leaks internals").not.toMatch(LEAKS);
}

describe(`fuzzing the ${target.name} from the contract's schemas`, () => {
  for (const op of operations) {
    it(`${op.operationId}: ${CASES} valid requests are never answered 400 or 5xx, and most are not throttled`, async () => {
      let answered = 0;
      let throttled = 0;
      await fc.assert(
        fc.asyncProperty(validRequest(op), async (request) => {
          const { body } = await call(op.operationId, request);
          checkAnswer(JSON.stringify(body));
          expect(body.statusCode).toBeLessThan(500);
          if (body.statusCode === 400) expect(body.message).toMatch(DOCUMENTED_400);
          answered++;
          if (body.statusCode === 429) throttled++;
        }),
        { numRuns: CASES, seed: SEED },
      );
      // A target whose send caps stopped the fuzz after a few codes would pass the property by
      // answering 429 to everything, and test nothing: the reference server's suite sets its caps
      // out of reach (setup-server.ts), and this holds it to that.
      expect(throttled, `${throttled} of ${answered} valid requests were throttled`).toBeLessThan(answered / 4);
    }, TIMEOUT_MS);

    const mutations: fc.Arbitrary<CallOptions & { kind: string }> = op.bodySchema
      ? mutationOf(validRequest(op).map((r) => r.body)).map((m) => ({ kind: m.kind, body: m.body, rawBody: m.raw, contentType: m.contentType }))
      : op.parameters.some((p) => p.in === "query")
        ? fc.oneof(fc.constant({}), fc.string({ maxLength: 40 }), fc.integer()).map((v) => ({ kind: "a bad query", query: (typeof v === "object" ? {} : { factorId: String(v) }) as Record<string, string> }))
        : fc.constant({ kind: "nothing to break", query: {} });
    it(`${op.operationId}: ${CASES} broken requests are never answered with success`, async () => {
      await fc.assert(
        fc.asyncProperty(mutations, async ({ kind, ...request }) => {
          const { body } = await call(op.operationId, request);
          checkAnswer(JSON.stringify(body));
          expect(body.statusCode).toBeLessThan(500);
          const sentJson = request.rawBody === undefined && request.contentType === undefined;
          const stillValid = op.bodySchema
            ? sentJson && request.body !== undefined && validatorsFor(op.operationId).body!(request.body)
            : /^[0-9a-f]{24}$/.test(request.query?.factorId ?? "") || !op.parameters.some((p) => p.in === "query");
          if (!stillValid) expect(body.statusCode, `${kind} was accepted: ${JSON.stringify(request).slice(0, 200)}`).not.toBe(200);
        }),
        { numRuns: CASES, seed: SEED },
      );
    }, TIMEOUT_MS);
  }
});
