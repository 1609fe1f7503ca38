import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operation } from "../../src/contract/operations.ts";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const MANIFEST = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

describe("the README's install and mock sections", () => {
  it("lists every example of sendEnrollFactorRequest, in the contract's order", () => {
    const sentence = /`sendEnrollFactorRequest` has ([\s\S]*?)\(/.exec(README)?.[1] ?? "";
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
    expect(README).toContain("a failed build no longer fails the install");
    expect(README).toContain("--omit=optional");
  });
});
