import { GenAuthError } from "../contract/envelope.ts";
import type { Operation } from "../contract/operations.ts";
import { normalisePhone } from "../domain/phone-number.ts";

/**
 * The refusals of a request that passed the contract's schemas but cannot be served, made by the same
 * domain code the reference server runs, so that both refuse the same requests with the same words:
 * today, a phone number that is not a number for its calling code.
 */
export function semanticRefusal(op: Operation, body: unknown): GenAuthError | undefined {
  const request = body as { factorType?: string; profile?: { phoneNumber?: string; phoneCountryCode?: string } } | undefined;
  if (op.operationId !== "sendEnrollFactorRequest" || request?.factorType !== "SMS") return undefined;
  try {
    normalisePhone(request.profile!.phoneNumber!, request.profile!.phoneCountryCode);
    return undefined;
  } catch (error) {
    return error as GenAuthError;
  }
}
