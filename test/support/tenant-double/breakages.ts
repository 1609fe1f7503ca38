/**
 * The switchable breakages. Each breaks exactly one thing GenAuth documents, so that a test of the
 * contract suite can check that the suite notices it. One is switched on at a time.
 */
export const BREAKAGES = [
  "http500",
  "noEnrollmentToken",
  "stringStatusCode",
  "tokenTwice",
  "secondCodeInMinute",
  "otherUsersFactor",
] as const;

/** One of {@link BREAKAGES}. */
export type Breakage = (typeof BREAKAGES)[number];

/** What each breakage does, in the words a test name or a log line can use. */
export const BREAKAGE_EFFECTS: Readonly<Record<Breakage, string>> = {
  http500: "sends every failure with HTTP status 500 instead of 200",
  noEnrollmentToken: "answers a successful sendEnrollFactorRequest without data.enrollmentToken",
  stringStatusCode: 'sends statusCode as a string ("200")',
  tokenTwice: "accepts an enrollment token a second time, answering the replay with a copy of the first success",
  secondCodeInMinute: "answers a second code for the same destination within the minute with 200 and a fresh enrollment token",
  otherUsersFactor: "answers getFactor for another user's factor with 200 and that factor",
};

const isBreakage = (value: string): value is Breakage => (BREAKAGES as readonly string[]).includes(value);

/** The breakage a setting names; undefined for none (unset or empty); throws for a name it does not know. */
export function breakageNamed(value: string | undefined): Breakage | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (!isBreakage(value.trim())) throw new Error(`Unknown breakage ${JSON.stringify(value)}: one of ${BREAKAGES.join(", ")}`);
  return value.trim() as Breakage;
}
