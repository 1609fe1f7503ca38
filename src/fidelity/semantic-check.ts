import { GenAuthError } from "../contract/envelope.ts";
import type { Operation } from "../contract/operations.ts";
import { spec } from "../contract/spec.ts";
import { compileSchema } from "../contract/validators.ts";
import { normalisePhone } from "../domain/phone-number.ts";

/**
 * The refusals of a request that passed the contract's schemas but cannot be served, made by the same
 * domain code the reference server runs, so that both refuse the same requests with the same words:
 * a phone number that is not a number for its calling code, and an SMS or EMAIL code that is not of
 * the shape our targets send (`PassCode`'s `x-reference`, 4 to 8 digits). The reference server finds
 * such a code wrong because it matches no code it sent; the stateless mock, which accepts any code of
 * that shape, answers it the same way, with the contract's own wrong-code example.
 */
export function semanticRefusal(op: Operation, body: unknown): GenAuthError | undefined {
  if (op.operationId === "enrollFactor") return wrongCodeShape(op, body);
  const request = body as { factorType?: string; profile?: { phoneNumber?: string; phoneCountryCode?: string } } | undefined;
  if (op.operationId !== "sendEnrollFactorRequest" || request?.factorType !== "SMS") return undefined;
  try {
    normalisePhone(request.profile!.phoneNumber!, request.profile!.phoneCountryCode);
    return undefined;
  } catch (error) {
    return error as GenAuthError;
  }
}

function wrongCodeShape(op: Operation, body: unknown): GenAuthError | undefined {
  const request = body as { factorType?: string; enrollmentData?: { passCode?: unknown } };
  if (request.factorType !== "SMS" && request.factorType !== "EMAIL") return undefined;
  if (compileSchema(spec.components.schemas.PassCode!, "reference")(request.enrollmentData?.passCode)) return undefined;
  const example = op.responseExamples.get("wrongPassCode") as { statusCode: 400; apiCode: number };
  return new GenAuthError(example.statusCode, op.responseMessages.get("wrongPassCode")!, example.apiCode);
}
