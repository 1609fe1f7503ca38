import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { functionLengths } from "./function-length.ts";
import { listTs } from "./source-files.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The longest a function in src/ may be, in lines: one screen, to be read at once. */
const MAX_LINES = 60;

/**
 * Functions let past the limit ("src/dir/file.ts#name": its length now), which may shrink but not
 * grow. None today: an entry is a debt, to be listed with the reason it cannot be split yet.
 */
const ALLOWED: Record<string, number> = {};

describe("the length of a function", () => {
  it("runs from its first line to its last, nested functions, blank lines and comments included, its JSDoc not", () => {
    const text = [
      "/** A factory. */", // 1
      "export function factory() {", // 2
      "  // a comment", // 3
      "",
      "  const inner = () => {", // 5
      "    return 1;",
      "  };", // 7
      "  return { inner, method() { return 2; } };", // 8
      "}", // 9
    ].join("\n");
    expect(functionLengths(text)).toEqual([
      { name: "factory", line: 2, lines: 8 },
      { name: "inner", line: 5, lines: 3 },
      { name: "method", line: 8, lines: 1 },
    ]);
  });

  it("names class members, properties that hold functions, and callbacks as anonymous", () => {
    const text = [
      "class A {",
      "  constructor() {}",
      "  get b() { return 1; }",
      "}",
      "const o = { run: function () {} };",
      "[1].map((x) => x);",
      "declare function d(): void;",
    ].join("\n");
    expect(functionLengths(text).map((f) => f.name)).toEqual(["constructor", "b", "run", "(anonymous)"]);
  });
});

describe("src/", () => {
  it(`has no function over ${MAX_LINES} lines, and none of the listed ones longer than it is now`, () => {
    const offenders = listTs(join(ROOT, "src")).flatMap((path) => {
      const file = relative(ROOT, path).split("\\").join("/");
      return functionLengths(readFileSync(path, "utf8"), file)
        .filter((f) => f.lines > (ALLOWED[`${file}#${f.name}`] ?? MAX_LINES))
        .map((f) => `${file}:${f.line} ${f.name} is ${f.lines} lines`);
    });
    expect(offenders, `functions over ${MAX_LINES} lines (or past their listed length)`).toEqual([]);
  });
});
