import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRequest } from "../../src/contract/check-request.ts";
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
/**
 * The documented refusals of a request the contract's (GenAuth-level) schemas accept: it is well formed
 * but cannot be served. 400 only for a string that is not a phone number for its calling code, an email
 * address our targets' own rule refuses (GenAuth's schema takes any string), or a wrong code (apiCode
 * 6001, 6002 or 6101); otherwise no such factor (404), a token that is not usable (422,
 * 403), a type that is disabled or already bound (403, 409), or a limit (429). Anything else, and any
 * 5xx, fails the property.
 */
function isDocumentedRefusal(body: { statusCode: number; message: string; apiCode?: number }): boolean {
  if (body.statusCode === 400) return /is not a valid phone number|^profile\.email must be a valid email$/.test(body.message) || [6001, 6002, 6101].includes(body.apiCode ?? 0);
  return [403, 404, 409, 422, 429].includes(body.statusCode);
}

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
          if (body.statusCode !== 200) expect(isDocumentedRefusal(body), `refused: ${JSON.stringify(body)}`).toBe(true);
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

    // An operation with neither body nor query (the two lists) can still be broken the way GenAuth
    // refuses most often: without a usable access token. Every operation gets those cases too.
    const withoutToken = fc.constantFrom(...BROKEN_TOKENS).chain((token) =>
      validRequest(op).map((r) => ({ kind: `access token ${JSON.stringify(token)}`, ...r, token })),
    );
    const brokenInput: fc.Arbitrary<CallOptions & { kind: string }> | undefined = op.bodySchema
      ? mutationOf(validRequest(op).map((r) => r.body)).map((m) => ({ kind: m.kind, body: m.body, rawBody: m.raw, contentType: m.contentType }))
      : op.parameters.some((p) => p.in === "query")
        ? fc.oneof(fc.constant({}), fc.string({ maxLength: 300 }), fc.integer()).map((v) => ({ kind: "a bad query", query: (typeof v === "object" ? {} : { factorId: String(v) }) as Record<string, string> }))
        : undefined;
    const mutations = brokenInput ? fc.oneof(brokenInput, withoutToken) : withoutToken;
    it(`${op.operationId}: ${CASES} broken requests are never answered with success`, async () => {
      await fc.assert(
        fc.asyncProperty(mutations, async ({ kind, ...request }) => {
          const { body } = await call(op.operationId, request);
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
    }, TIMEOUT_MS);
  }
});
