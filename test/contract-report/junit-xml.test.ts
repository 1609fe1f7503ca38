import { describe, expect, it } from "vitest";
import { junitParser } from "../support/junit-parser.ts";
import { junitXml } from "../contract-suite/report/junit-xml.ts";
import type { CaseOutcome } from "../contract-suite/report/outcomes.ts";

const outcome = (o: Partial<CaseOutcome>): CaseOutcome => ({
  file: "test/contract-suite/a.test.ts",
  name: "a case",
  state: "passed",
  errors: [],
  durationMs: 10,
  ...o,
});

const cases = [
  outcome({ name: "answers the otp request example" }),
  outcome({ name: "refuses a body over 16 KiB", state: "skipped", note: "[ours] the rule bodyLimit" }),
  outcome({
    file: "test/contract-suite/b.test.ts",
    name: "throttles a second SMS <request> & more",
    state: "skipped",
    note: '[throttled] sendEnrollFactorRequest answered 429: "retry"',
  }),
  outcome({
    file: "test/contract-suite/b.test.ts",
    name: "binds once",
    state: "failed",
    errors: ["expected 200 to be 422\n  at line 3", "second\u0000error"],
  }),
];

const parse = (xml: string) => junitParser.parse(xml);

describe("the contract run's JUnit report", () => {
  it("carries the totals, the skipped count included, on the top-level element", () => {
    const root = parse(junitXml(cases)).testsuites;
    expect(root).toMatchObject({ tests: "4", failures: "1", skipped: "2", errors: "0" });
    expect(root.time).toBe("0.040");
  });

  it("gives one suite per file with its own counts", () => {
    const suites = parse(junitXml(cases)).testsuites.testsuite;
    expect(
      suites.map((s: { name: string; tests: string; skipped: string; failures: string }) => [s.name, s.tests, s.skipped, s.failures]),
    ).toEqual([
      ["test/contract-suite/a.test.ts", "2", "1", "0"],
      ["test/contract-suite/b.test.ts", "2", "1", "1"],
    ]);
  });

  it("gives every skipped case its reason, escaped, and every failure its first line as the message", () => {
    const [a, b] = parse(junitXml(cases)).testsuites.testsuite;
    expect(a.testcase[1].skipped.message).toBe("[ours] the rule bodyLimit");
    expect(b.testcase[0].name).toBe("throttles a second SMS <request> & more");
    expect(b.testcase[0].skipped.message).toBe('[throttled] sendEnrollFactorRequest answered 429: "retry"');
    expect(b.testcase[1].failure.message).toBe("expected 200 to be 422");
    expect(b.testcase[1].failure["#text"]).toContain("second");
    expect(junitXml(cases)).not.toContain("\u0000");
  });

  it("has no skipped element on a case that ran", () => {
    const [a] = parse(junitXml(cases)).testsuites.testsuite;
    expect(a.testcase[0].skipped).toBeUndefined();
    expect(a.testcase[0].failure).toBeUndefined();
  });
});
