/**
 * Why a contract case was skipped, in a form both the cases (which write it) and the reporters
 * (which count it) read: a category in brackets, then the reason in words.
 */
export const SKIP_CATEGORIES = {
  ours: "our own rule, not GenAuth's",
  stateless: "the target keeps no state",
  throttled: "the target throttled it",
  target: "not for this target",
} as const;

export type SkipCategory = keyof typeof SKIP_CATEGORIES;

/** The note a skipped case carries: `[ours] the rule bodyLimit`. */
export function skipNote(category: SkipCategory, reason: string): string {
  return `[${category}] ${reason}`;
}

/** The category of a skip note, or `target` for a skip that carries none of ours. */
export function skipCategory(note: string | undefined): SkipCategory {
  const found = /^\[(\w+)\]/.exec(note ?? "")?.[1];
  return found !== undefined && found in SKIP_CATEGORIES ? (found as SkipCategory) : "target";
}
