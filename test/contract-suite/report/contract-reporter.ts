import { writeFileSync } from "node:fs";
import type { Reporter, TestModule, Vitest } from "vitest/node";
import { junitXml } from "./junit-xml.ts";
import { outcomesOf } from "./outcomes.ts";
import { runSummary } from "./run-summary.ts";

/**
 * The contract suite's own report of a remote run: the summary block at the end of the output, and,
 * when asked for, a JUnit file whose skipped cases carry their reasons (vitest's built-in JUnit
 * reporter gives neither the reasons nor a skipped count on the top-level element).
 */
export class ContractReporter implements Reporter {
  private root = process.cwd();

  constructor(
    private readonly target: string,
    private readonly junitFile?: string,
  ) {}

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const cases = outcomesOf(modules, this.root);
    if (this.junitFile) writeFileSync(this.junitFile, junitXml(cases));
    process.stdout.write(`\n${runSummary(cases, this.target)}\n`);
  }
}
