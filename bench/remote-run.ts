import { parseArgs } from "node:util";
import { runSuiteAgainstDouble } from "../test/tenant-double/run-suite.ts";

// `npm run bench:remote [-- --latency-ms 150]`: how long a default `genauth-mfa contract` run takes
// against a tenant across the internet, played by the tenant double with a delay before every
// answer. It prints the measured figures and asserts nothing.
const { values } = parseArgs({ options: { "latency-ms": { type: "string", default: "150" } } });
const latencyMs = Number(values["latency-ms"]);
const started = performance.now();
const run = await runSuiteAgainstDouble({ latencyMs });
const seconds = (performance.now() - started) / 1000;
const ran = run.cases.filter((c) => c.state !== "skipped").length;
console.log(`A default remote contract run with ${latencyMs} ms before every answer of the tenant double:`);
console.log(`  ${seconds.toFixed(1)} s in all (the double and its reference server started and stopped included)`);
console.log(`  ${ran} cases ran, ${run.totals.failures} failed, ${run.totals.skipped} skipped; exit code ${run.exitCode}`);
