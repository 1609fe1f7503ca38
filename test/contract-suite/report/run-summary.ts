import { SKIP_CATEGORIES, skipCategory, type SkipCategory } from "../skip-notes.ts";
import type { CaseOutcome } from "./outcomes.ts";

const PROVENANCE_WORDS = {
  documented: "documented by GenAuth",
  inferred: "inferred from GenAuth's clients",
  invented: "our own rules",
} as const;

/**
 * What a run proved, in one block: the cases that ran and whose rules they checked, and the cases
 * skipped, by why. A CI user reads it to know what a green run means.
 */
export function runSummary(cases: CaseOutcome[], target: string): string {
  const ran = cases.filter((c) => c.state !== "skipped");
  const failed = ran.filter((c) => c.state === "failed").length;
  const byProvenance = (p: keyof typeof PROVENANCE_WORDS) => ran.filter((c) => (c.provenance ?? "documented") === p).length;
  const skipped = (category: SkipCategory) => cases.filter((c) => c.state === "skipped" && skipCategory(c.note) === category).length;
  const lines = [
    `Contract run against ${target}`,
    `  ${ran.length} cases ran (${failed} failed): ` +
      `${byProvenance("documented")} on behaviour ${PROVENANCE_WORDS.documented}, ` +
      `${byProvenance("inferred")} ${PROVENANCE_WORDS.inferred}, ` +
      `${byProvenance("invented")} on ${PROVENANCE_WORDS.invented}`,
    ...(Object.keys(SKIP_CATEGORIES) as SkipCategory[]).map((category) => `  ${skipped(category)} skipped: ${SKIP_CATEGORIES[category]}`),
  ];
  return lines.join("\n");
}
