import { XMLParser } from "fast-xml-parser";

/**
 * A parser for the contract suite's JUnit reports: attributes by their own names, suites and cases
 * always as lists. A report escapes every `<`, `&` and quote of hundreds of case names and reasons,
 * so the parser's guard against entity-expansion attacks is raised to the size of a real report.
 */
export const junitParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => name === "testsuite" || name === "testcase",
  processEntities: { enabled: true, maxTotalExpansions: 1_000_000, maxExpandedLength: 100_000_000 } as unknown as boolean,
});
