import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { markdown, ROOT } from "../support/markdown.ts";

const README = markdown("README.md");
/** The README and every page under docs/, by their paths from the root. */
const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** A text without its fenced blocks, whose brackets and headings are code, not Markdown. */
const prose = (text: string) => text.replaceAll(/^```[\s\S]*?^```/gm, "");

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
const anchors = (text: string) =>
  new Set(
    [...prose(text).matchAll(/^#+ (.+)$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replaceAll(/[^\p{L}\p{N} _-]/gu, "")
        .replaceAll(" ", "-"),
    ),
  );

/** Every relative link of a page, as `[text](target)`, images (`![alt](path)`) included. */
const relativeLinks = (text: string) =>
  [...prose(text).matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/.test(target));

describe("the README", () => {
  it("is at most 250 lines, the long reference living under docs/", () => {
    expect(README.trimEnd().split("\n").length).toBeLessThanOrEqual(250);
  });

  it("gives GenAuth's wire conventions before any other section", () => {
    expect(/^## (.+)$/m.exec(README)?.[1]).toBe("GenAuth's wire conventions");
  });

  it("names the test commands .ci/run runs, in its order, so CI runs what a newcomer is told", () => {
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    const commands = ["npm ci", "npm test", "npm run test:consumer", "npm run test:targets"];
    for (const command of commands) expect(README).toMatch(new RegExp(`^${command}\\b`, "m"));
    const ciOrder = commands.map((command) => ci.search(new RegExp(`^${command}$`, "m")));
    expect(ciOrder.every((i) => i >= 0)).toBe(true);
    expect(ciOrder).toEqual([...ciOrder].sort((a, b) => a - b));
  });
});

/** Why a relative link of a page leads nowhere, or undefined when it reaches its file and anchor. */
function deadEnd(page: string, target: string): string | undefined {
  const [path, anchor] = target.split("#") as [string, string | undefined];
  const file = path === "" ? join(ROOT, page) : join(ROOT, dirname(page), path);
  if (!existsSync(file)) return `${target}: ${relative(ROOT, file)} does not exist`;
  if (anchor === undefined) return undefined;
  if (!statSync(file).isFile() || !file.endsWith(".md")) return `${target}: an anchor needs a Markdown page`;
  return anchors(markdown(relative(ROOT, file))).has(anchor) ? undefined : `${target}: no heading gives #${anchor}`;
}

describe("the README and the pages under docs/", () => {
  it.each(PAGES)("%s has no relative link that leads nowhere", (page) => {
    const links = relativeLinks(markdown(page));
    expect(links.flatMap((target) => deadEnd(page, target) ?? [])).toEqual([]);
  });

  it("the README links to every page under docs/", () => {
    const linked = new Set(relativeLinks(README).map((target) => target.split("#")[0]));
    expect(PAGES.filter((page) => page !== "README.md" && !linked.has(page))).toEqual([]);
  });
});
