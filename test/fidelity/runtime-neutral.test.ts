import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("the fidelity core and the MSW handlers", () => {
  it("bundle for a browser with no Node-only import anywhere in their graph, the contract embedded", async () => {
    const result = await build({
      entryPoints: [`${ROOT}/src/msw/index.ts`],
      bundle: true,
      write: false,
      metafile: true,
      platform: "browser",
      format: "esm",
      external: ["msw"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => path.startsWith("node:") || /\bnode_modules\/@types\/node\b/.test(path))).toEqual([]);
    expect(inputs).toContain("src/fidelity/answer.ts");
    expect(inputs).toContain("generated/openapi.json");
    expect(inputs.some((path) => path.endsWith(".yaml") || path.includes("node_modules/yaml/"))).toBe(false);
  });
});
