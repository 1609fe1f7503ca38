import { relative } from "node:path";
import type { TestModule } from "vitest/node";

/** Whose rule a case checked: GenAuth's (documented or inferred) or ours (invented). */
export type CaseProvenance = "documented" | "inferred" | "invented";

declare module "vitest" {
  interface TaskMeta {
    /** Set by a contract case as it runs, from its basis. */
    provenance?: CaseProvenance;
  }
}

/** One case of a run, as the reports need it: plain data, so that the reports are pure functions. */
export interface CaseOutcome {
  file: string;
  name: string;
  state: "passed" | "failed" | "skipped";
  /** Why it was skipped (`ctx.skip(note)`), or the first lines of its errors. */
  note?: string;
  errors: string[];
  durationMs: number;
  provenance?: CaseProvenance;
}

/** The cases of a finished run, in the order vitest ran their files. */
export function outcomesOf(modules: ReadonlyArray<TestModule>, root: string): CaseOutcome[] {
  return modules.flatMap((module) =>
    [...module.children.allTests()].map((test): CaseOutcome => {
      const result = test.result();
      const state = result.state === "passed" || result.state === "failed" ? result.state : "skipped";
      return {
        file: relative(root, module.moduleId),
        name: test.fullName,
        state,
        note: result.state === "skipped" ? result.note : undefined,
        errors: (result.errors ?? []).map((e) => e.message ?? String(e)),
        durationMs: test.diagnostic()?.duration ?? 0,
        provenance: test.meta().provenance,
      };
    }),
  );
}
