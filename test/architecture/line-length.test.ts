import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/**
 * The widest a line may be, in characters: biome.json's lineWidth. Biome wraps code to it but leaves
 * strings and comments as they are, so this test holds them to it too.
 */
const MAX_WIDTH: number = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8")).formatter.lineWidth;
/** Where the code Biome formats lives, beside the root's own config files. */
const DIRECTORIES = ["src", "test", "bench", "scripts", "bin", "examples"];
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
/** Installed or built, not written here. */
const SKIPPED = new Set(["node_modules", "dist"]);

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : listSources(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

const sources = () => [
  ...DIRECTORIES.flatMap((dir) => listSources(join(ROOT, dir))),
  ...readdirSync(ROOT)
    .filter((name) => SOURCE.test(name))
    .map((name) => join(ROOT, name)),
];

describe("the width of a line", () => {
  it("is read from biome.json, and every directory the formatter covers is checked", () => {
    expect(MAX_WIDTH).toBeGreaterThanOrEqual(80);
    const files = sources().map((path) => relative(ROOT, path).split("\\").join("/"));
    for (const file of ["src/server/config.ts", "test/architecture/line-length.test.ts", "bench/run.ts", "bin/genauth-mfa.mjs"])
      expect(files).toContain(file);
    expect(files).toContain("vitest.config.ts");
  });

  it(`is at most ${MAX_WIDTH} characters in every source file, strings and comments included`, () => {
    const offenders = sources().flatMap((path) => {
      const file = relative(ROOT, path).split("\\").join("/");
      return readFileSync(path, "utf8")
        .split(/\r?\n/)
        .flatMap((line, i) => {
          const width = [...line].length;
          return width > MAX_WIDTH ? [`${file}:${i + 1} is ${width} characters`] : [];
        });
    });
    expect(offenders, `lines over ${MAX_WIDTH} characters: Biome does not wrap strings and comments, so wrap them by hand`).toEqual([]);
  });
});
