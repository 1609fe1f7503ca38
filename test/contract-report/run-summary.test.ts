import { describe, expect, it } from "vitest";
import type { CaseOutcome } from "../contract-suite/report/outcomes.ts";
import { runSummary } from "../contract-suite/report/run-summary.ts";

const outcome = (o: Partial<CaseOutcome>): CaseOutcome => ({
  file: "f.test.ts",
  name: "c",
  state: "passed",
  errors: [],
  durationMs: 1,
  ...o,
});

describe("the summary of a contract run", () => {
  it("counts the cases that ran by whose rule they checked, and the skipped ones by why", () => {
    const text = runSummary(
      [
        outcome({ provenance: "documented" }),
        outcome({ provenance: "documented", state: "failed" }),
        outcome({ provenance: "inferred" }),
        outcome({ state: "skipped", note: "[ours] the rule bodyLimit" }),
        outcome({ state: "skipped", note: "[ours] apiCode 6110" }),
        outcome({ state: "skipped", note: "[stateless] it needs a target that keeps state" }),
        outcome({ state: "skipped", note: "[throttled] sendEnrollFactorRequest answered 429" }),
        outcome({ state: "skipped", note: undefined }),
      ],
      "https://tenant.example",
    );
    expect(text.split("\n")).toEqual([
      "Contract run against https://tenant.example",
      "  3 cases ran (1 failed): 2 on behaviour documented by GenAuth, 1 inferred from GenAuth's clients, 0 on our own rules",
      "  2 skipped: our own rule, not GenAuth's",
      "  1 skipped: the target keeps no state",
      "  1 skipped: the target throttled it",
      "  1 skipped: not for this target",
    ]);
  });
});
