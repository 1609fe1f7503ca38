/**
 * `npm run fuzz -- [--cases N] [--seed S]`: the contract suite's fuzz properties, against the mock
 * and the reference server, with as many cases as asked. The seed is printed for replay.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { cases: { type: "string", default: "1000" }, seed: { type: "string" } } });
const seed = values.seed ?? String(Math.floor(Math.random() * 2 ** 31));
const env = { ...process.env, FUZZ_CASES: values.cases, FUZZ_SEED: seed };
const args = ["vitest", "run", "--project", "contract-mock", "--project", "contract-server", "test/contract-suite/fuzz.test.ts"];
const { status } = spawnSync("npx", args, { stdio: "inherit", env });
process.exit(status ?? 1);
