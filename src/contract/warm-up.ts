import { checkOurRules, checkRequest, type RequestChecks } from "./check-request.ts";
import { contractWarnings, type ContractWarnings } from "./contract-warnings.ts";
import { operations, type Operation } from "./operations.ts";

/**
 * Puts every operation's request examples from openapi.yaml through the checks a target makes of
 * each request, so that the validators they compile on first use (about 40 schemas, 110 to 190 ms
 * on a two-core machine) are compiled before the first request rather than during the first seconds
 * of traffic. An operation without examples is checked once without a body, which compiles its
 * headers' and query's schemas.
 */
export function warmRequestChecks(
  checks: RequestChecks = { checkRequest, checkOurRules },
  warnings: ContractWarnings = contractWarnings,
  ops: readonly Operation[] = operations,
): void {
  for (const op of ops) {
    const bodies = op.requestExamples.size > 0 ? [...op.requestExamples.values()] : [undefined];
    for (const body of bodies) {
      const parts = { query: {}, headers: {}, body };
      if (!checks.checkRequest(op, parts)) checks.checkOurRules(op, body);
      warnings(op, parts);
    }
  }
}
