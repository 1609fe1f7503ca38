import { describe, expect, it } from "vitest";
import { BREAKAGES, BREAKAGE_EFFECTS, type Breakage } from "../support/tenant-double/breakages.ts";
import { runSuiteAgainstDouble, type SuiteRun } from "./run-suite.ts";

// Which case of the suite is meant to catch each breakage, and in which file it lives: the suite
// must fail there, by name, not by a crash, a timeout or another case's chance failure.
const CATCHER: Record<Breakage, { file: string; name: string }> = {
  http500: {
    file: "bad-input.test.ts",
    name: "answers 'an SMS request without a profile' with statusCode 400 and a message that names it",
  },
  noEnrollmentToken: {
    file: "send-enroll-factor-request.test.ts",
    name: "answers the otp request example with statusCode 200 and an enrollment token",
  },
  stringStatusCode: { file: "factors.test.ts", name: "lists the factor types left to bind as distinct known types" },
  tokenTwice: { file: "otp-flow.test.ts", name: "walks list, send, enroll, replay, list, get, verify, reset and list again" },
  secondCodeInMinute: {
    file: "send-enroll-factor-request.test.ts",
    name: "throttles a second SMS request for the same number within a minute with statusCode 429",
  },
  otherUsersFactor: { file: "otp-flow.test.ts", name: "refuses another user's factor on getFactor and resetFactor with the plain 404" },
};

const named = (run: SuiteRun, name: string) => run.cases.find((c) => c.name.endsWith(name));

describe("the contract suite against a tenant that differs from ours only where GenAuth allows", () => {
  it("passes at GenAuth's level with no failure, at least 60 cases run, the stateful ones among them", async () => {
    const run = await runSuiteAgainstDouble();
    const ran = run.cases.filter((c) => c.state !== "skipped");
    expect(run.totals.failures, run.output.slice(-4000)).toBe(0);
    expect(run.exitCode).toBe(0);
    expect(ran.length).toBeGreaterThanOrEqual(60);
    for (const stateful of [CATCHER.tokenTwice.name, CATCHER.secondCodeInMinute.name, CATCHER.otherUsersFactor.name])
      expect(named(run, stateful)?.state, stateful).toBe("passed");
    // Every skipped case says why, and the report's own count agrees with its cases.
    expect(run.totals.skipped).toBe(run.cases.filter((c) => c.state === "skipped").length);
    for (const skipped of run.cases.filter((c) => c.state === "skipped"))
      expect(skipped.reason, skipped.name).toMatch(/^\[(ours|stateless|throttled|target)\] \S/);
    expect(run.output).toMatch(/Contract run against http:\/\/127\.0\.0\.1:\d+\n {2}\d+ cases ran \(0 failed\)/);
  });
});

describe("the contract suite against tenants that each break one thing GenAuth documents", () => {
  const caught: Breakage[] = [];

  for (const breakage of BREAKAGES) {
    const catcher = CATCHER[breakage];
    it(`catches a tenant that ${BREAKAGE_EFFECTS[breakage]}, in the case "${catcher.name}"`, async () => {
      const run = await runSuiteAgainstDouble({ breakage, files: [`test/contract-suite/${catcher.file}`], fuzzCases: 5 });
      expect(run.exitCode).not.toBe(0);
      expect(named(run, catcher.name)?.state, run.output.slice(-3000)).toBe("failed");
      caught.push(breakage);
    });
  }

  it("reports how many broken tenants the suite caught", () => {
    console.log(`caught ${caught.length} of ${BREAKAGES.length} broken tenants`);
    expect(caught).toEqual([...BREAKAGES]);
  });
});
