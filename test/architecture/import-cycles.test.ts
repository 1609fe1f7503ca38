import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  findCycles,
  folderGraph,
  folderStepsOf,
  importGraph,
  moduleSpecifiers,
  resolveSpecifier,
  type ImportGraph,
} from "./import-graph.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));
const circles = (graph: ImportGraph) => findCycles(graph).map((cycle) => cycle.path.join(" -> "));

describe("the import graph", () => {
  it("finds every kind of import, type-only and dynamic ones included, and no string that only looks like one", () => {
    const text = `
      import a from "./a.ts";
      import type { B } from "./b.ts";
      import "./side-effect.ts";
      export { c } from "./c.ts";
      export * from "./d.ts";
      export type { E } from "./e.ts";
      const f = await import("./f.ts");
      type G = import("./g.ts").G;
      import h = require("./h.ts");
      const text = 'import x from "./not-an-import.ts"';
      // import y from "./a-comment.ts";
    `;
    expect(moduleSpecifiers(text)).toEqual([
      "./a.ts",
      "./b.ts",
      "./side-effect.ts",
      "./c.ts",
      "./d.ts",
      "./e.ts",
      "./f.ts",
      "./g.ts",
      "./h.ts",
    ]);
  });

  it("resolves relative specifiers to files, and leaves packages and node: modules out", () => {
    const files = new Set(["src/a/x.ts", "src/b/index.ts", "src/b/y.ts"]);
    const exists = (path: string) => files.has(path);
    expect(resolveSpecifier("src/a/z.ts", "./x.ts", exists)).toBe("src/a/x.ts");
    expect(resolveSpecifier("src/a/z.ts", "../b/y.js", exists)).toBe("src/b/y.ts");
    expect(resolveSpecifier("src/a/z.ts", "../b/y", exists)).toBe("src/b/y.ts");
    expect(resolveSpecifier("src/a/z.ts", "../b", exists)).toBe("src/b/index.ts");
    expect(resolveSpecifier("src/a/z.ts", "zod", exists)).toBeUndefined();
    expect(resolveSpecifier("src/a/z.ts", "node:fs", exists)).toBeUndefined();
  });

  it("finds a circle of files, printed as a path, and none in a graph whose arrows run one way", () => {
    expect(circles(graphOf({ a: ["b"], b: ["c"], c: ["a"], d: ["a"] }))).toEqual(["a -> b -> c -> a"]);
    expect(circles(graphOf({ a: ["b", "c"], b: ["c"], c: [] }))).toEqual([]);
    expect(circles(graphOf({ a: ["a"] }))).toEqual(["a -> a"]);
    expect(findCycles(graphOf({ a: ["b"], b: ["a", "c"], c: ["b"], x: ["y"], y: ["x"] })).map((c) => c.members)).toEqual([
      ["a", "b", "c"],
      ["x", "y"],
    ]);
  });

  it("finds a circle between folders that no circle of files shows", () => {
    // a/one -> b/two and b/three -> a/four: no file imports back, yet the folders import each other.
    const files = graphOf({
      "src/a/one.ts": ["src/b/two.ts"],
      "src/b/three.ts": ["src/a/four.ts"],
      "src/a/four.ts": [],
      "src/b/two.ts": [],
    });
    expect(circles(files)).toEqual([]);
    expect(circles(folderGraph(files, "src"))).toEqual(["src/a -> src/b -> src/a"]);
    expect(folderStepsOf(files, ["src/a", "src/b", "src/a"])).toEqual([
      "src/a/one.ts imports src/b/two.ts",
      "src/b/three.ts imports src/a/four.ts",
    ]);
  });

  it("counts a subfolder's imports for its folder, but not between a folder and its own subfolder, nor for files at the root", () => {
    const files = graphOf({
      "src/a/inner/one.ts": ["src/b/two.ts"],
      "src/b/three.ts": ["src/a/four.ts"],
      "src/c/five.ts": ["src/c/deep/six.ts"],
      "src/c/deep/six.ts": ["src/c/five.ts", "src/root.ts"],
      "src/root.ts": ["src/c/five.ts"],
    });
    expect(circles(folderGraph(files, "src"))).toEqual(["src/a -> src/b -> src/a"]);
  });

  it("reads a tree from disk, type-only imports included", () => {
    const dir = mkdtempSync(join(tmpdir(), "import-graph-"));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      write("src/a/one.ts", `import type { Two } from "../b/two.ts";\nexport type One = Two;`);
      write("src/b/two.ts", `import { one } from "../a/one.ts";\nimport { z } from "zod";\nexport type Two = 2;`);
      expect(importGraph(dir, "src")).toEqual(graphOf({ "src/a/one.ts": ["src/b/two.ts"], "src/b/two.ts": ["src/a/one.ts"] }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("src/", () => {
  const files = importGraph(ROOT, "src");

  it("has no circle of imports between files", () => {
    expect(files.size).toBeGreaterThan(50);
    const found = findCycles(files);
    expect(
      found.map((cycle) => cycle.path.join(" -> ")),
      "import circles between files",
    ).toEqual([]);
  });

  it("has no circle of imports between folders, a folder and its own subfolders aside", () => {
    const found = findCycles(folderGraph(files, "src"));
    const shown = found.map((cycle) => `${cycle.path.join(" -> ")} (${folderStepsOf(files, cycle.path).join("; ")})`);
    expect(shown, "import circles between folders").toEqual([]);
  });
});
