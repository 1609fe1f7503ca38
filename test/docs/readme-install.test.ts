import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operation } from "../../src/contract/operations.ts";
import { markdown } from "../support/markdown.ts";

const README = markdown("README.md");
const MOCK_PAGE = markdown("docs/mock.md");
const MANIFEST = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

describe("the README's install section and the mock's page", () => {
  it("lists every example of sendEnrollFactorRequest, in the contract's order", () => {
    const sentence = /`sendEnrollFactorRequest` has ([\s\S]*?)\(/.exec(MOCK_PAGE)?.[1] ?? "";
    const listed = [...sentence.matchAll(/`(\w+)`/g)].map((m) => m[1]);
    expect(listed).toEqual([...operation("sendEnrollFactorRequest").responseExamples.keys()]);
  });

  it("installs the client as a dependency and the command as a development dependency, from tarballs of this version", () => {
    const version = MANIFEST.version as string;
    expect(README).toContain(`npm install /path/to/dist/packages/genauth-mfa-client-${version}.tgz\n`);
    expect(README).toContain(`npm install --save-dev /path/to/dist/packages/genauth-mfa-contract-${version}.tgz\n`);
    // Shown as a command before the note would send a reader to a 404.
    expect(README).not.toMatch(/^npm install genauth-mfa-client$/m);
  });

  it("says that better-sqlite3 is optional, as package.json makes it", () => {
    expect(MANIFEST.optionalDependencies).toHaveProperty("better-sqlite3");
    expect(MANIFEST.dependencies).not.toHaveProperty("better-sqlite3");
    // Prose, whatever its line breaks.
    expect(README.replaceAll(/\s+/g, " ")).toContain("a failed build no longer fails the install");
    expect(README).toContain("--omit=optional");
  });
});
