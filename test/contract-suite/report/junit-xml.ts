import type { CaseOutcome } from "./outcomes.ts";

/** XML 1.0 text: the five entities escaped, and the characters XML cannot hold at all dropped. */
const xml = (text: string) =>
  text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function counts(cases: CaseOutcome[]) {
  const time = cases.reduce((sum, c) => sum + c.durationMs, 0);
  const failures = cases.filter((c) => c.state === "failed").length;
  const skipped = cases.filter((c) => c.state === "skipped").length;
  return `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}"`;
}

function testcase(c: CaseOutcome): string {
  const open = `    <testcase classname="${xml(c.file)}" name="${xml(c.name)}" time="${seconds(c.durationMs)}"`;
  if (c.state === "passed") return `${open}/>`;
  if (c.state === "skipped") return `${open}>\n      <skipped message="${xml(c.note ?? "skipped")}"/>\n    </testcase>`;
  const message = c.errors[0]?.split("\n")[0] ?? "failed";
  return `${open}>\n      <failure message="${xml(message)}">${xml(c.errors.join("\n\n"))}</failure>\n    </testcase>`;
}

/**
 * A JUnit XML report of a run: one testsuite per file, every skipped case with its reason, and the
 * skipped count on the top-level element too, where CI dashboards read the totals.
 */
export function junitXml(cases: CaseOutcome[], name = "genauth-mfa contract"): string {
  const files = [...new Set(cases.map((c) => c.file))];
  const suites = files.map((file) => {
    const own = cases.filter((c) => c.file === file);
    return [`  <testsuite name="${xml(file)}" ${counts(own)}>`, ...own.map(testcase), "  </testsuite>"].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(name)}" ${counts(cases)}>`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
