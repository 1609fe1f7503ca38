import "../../../scripts/exit-with-parent.cjs";
import { parseArgs } from "node:util";
import { breakageNamed } from "./breakages.ts";
import { startTenantDoubleStack } from "./tenant-double-stack.ts";

// Starts a reference server with a tenant double in front of it, and prints one JSON line:
// { url, accessToken, otherAccessToken, upstream }, so that a test can point the contract suite at
// it (CONTRACT_BASE_URL=url, CONTRACT_ACCESS_TOKEN, CONTRACT_OTHER_ACCESS_TOKEN).
// --latency-ms (TENANT_DOUBLE_LATENCY_MS) and --breakage (TENANT_DOUBLE_BREAKAGE) configure the double.
try {
  const { values } = parseArgs({ options: { "latency-ms": { type: "string" }, breakage: { type: "string" } } });
  const latencyText = values["latency-ms"] ?? process.env.TENANT_DOUBLE_LATENCY_MS ?? "0";
  const latencyMs = Number(latencyText);
  if (!Number.isInteger(latencyMs) || latencyMs < 0)
    throw new Error(`TENANT_DOUBLE_LATENCY_MS=${JSON.stringify(latencyText)}: must be a whole number of milliseconds, 0 or more`);
  const breakage = breakageNamed(values.breakage ?? process.env.TENANT_DOUBLE_BREAKAGE);
  const stack = await startTenantDoubleStack({ latencyMs, breakage });
  console.log(
    JSON.stringify({ url: stack.url, accessToken: stack.accessToken, otherAccessToken: stack.otherAccessToken, upstream: stack.upstream }),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  console.error(`The tenant double failed to start: ${(error as Error).message}`);
  process.exit(1);
}
