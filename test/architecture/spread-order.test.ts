import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listTs } from "./source-files.ts";
import { propertiesAfterSpread } from "./spread-order.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("an object literal's spread", () => {
  it("is found where a property or another spread follows it, and let be where it comes last", () => {
    const text = [
      "const a = { ...x, b: 1 };", // 1
      "const c = { b: 1, ...x };",
      "const d = { ...x, ...y };", // 3
      "const e = { ...x };",
      "const f = Object.assign({}, x, { b: 1 });",
      "const g = {", // 6
      "  b: 1,",
      "  ...x,",
      "  h: { ...y, i: 2 },", // 9, nested
      "};",
    ].join("\n");
    expect(propertiesAfterSpread(text).map((found) => found.line)).toEqual([1, 3, 6, 9]);
  });
});

describe("src/", () => {
  it("adds no property after a spread in an object literal: the spread goes last, or Object.assign overrides", () => {
    const offenders = listTs(`${ROOT}src`).flatMap((path) => {
      const file = relative(ROOT, path).split("\\").join("/");
      return propertiesAfterSpread(readFileSync(path, "utf8"), file).map((found) => `${file}:${found.line} ${found.text.slice(0, 100)}`);
    });
    expect(offenders).toEqual([]);
  });
});
