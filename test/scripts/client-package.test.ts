import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserBundleBytes,
  buildClientPackage,
  contractVersion,
  MSW_DEPENDENCIES,
  MSW_SIZE_BUDGET_BYTES,
  mswBundleBytes,
  mswBundleParts,
  SIZE_BUDGET_BYTES,
} from "../../scripts/client-package.ts";
import { spec } from "../../src/contract/spec.ts";
import { consumerFile, consumerMswFile, strictTsconfig } from "../support/consumer-code.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "client-package-"));
const dir = join(scratch, "node_modules", "genauth-mfa-client");
const manifest = () => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

beforeAll(async () => {
  await buildClientPackage(dir);
  // openapi-fetch from this repository stands in for the consumer's install of it.
  symlinkSync(join(ROOT, "node_modules", "openapi-fetch"), join(scratch, "node_modules", "openapi-fetch"));
  symlinkSync(join(ROOT, "node_modules", "openapi-typescript-helpers"), join(scratch, "node_modules", "openapi-typescript-helpers"));
  symlinkSync(join(ROOT, "node_modules", "msw"), join(scratch, "node_modules", "msw"));
  mkdirSync(join(scratch, "node_modules", "@types"));
  symlinkSync(join(ROOT, "node_modules", "@types", "node"), join(scratch, "node_modules", "@types", "node"));
}, 240_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the genauth-mfa-client package", () => {
  it("keeps its main entry's browser bundle within 4 KB minified and gzipped, openapi-fetch included", async () => {
    expect(await browserBundleBytes(dir)).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });

  it("keeps /msw, stateful mode included, within its budget minified and gzipped, its biggest part libphonenumber's metadata", async () => {
    expect(await mswBundleBytes(dir)).toBeLessThanOrEqual(MSW_SIZE_BUDGET_BYTES);
    const parts = await mswBundleParts();
    expect(parts[0]!.part).toMatch(/libphonenumber/);
    expect(parts.find((p) => p.part === "other")?.share ?? 0).toBeLessThan(0.05);
  });

  it("loads only openapi-fetch from its main entry, and the /msw entry's few dependencies only from /msw", async () => {
    const importsOf = async (entry: string) => {
      const result = await build({
        entryPoints: [join(dir, entry)],
        bundle: true,
        write: false,
        metafile: true,
        packages: "external",
        format: "esm",
        logLevel: "silent",
      });
      return new Set(Object.values(result.metafile!.inputs).flatMap((input) => input.imports.map((i) => i.path.replace(/\/.*$/, ""))));
    };
    expect(await importsOf("index.js")).toEqual(new Set(["openapi-fetch"]));
    expect(await importsOf("msw.js")).toEqual(new Set(["msw", ...MSW_DEPENDENCIES]));
    expect(Object.keys(manifest().dependencies).sort()).toEqual(["openapi-fetch", ...MSW_DEPENDENCIES].sort());
    expect(manifest().peerDependencies).toEqual({ msw: expect.stringMatching(/^\^?2\./) });
    expect(manifest().peerDependenciesMeta).toEqual({ msw: { optional: true } });
  });

  it("carries the contract's info.version, as the root package does", () => {
    expect(manifest().version).toBe(contractVersion());
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version).toBe(contractVersion());
  });

  it("ships the contract as YAML, and as JSON with the same content", () => {
    const yaml = readFileSync(join(dir, "openapi.yaml"), "utf8");
    expect(yaml).toBe(readFileSync(join(ROOT, "openapi.yaml"), "utf8"));
    expect(JSON.parse(readFileSync(join(dir, "openapi.json"), "utf8"))).toEqual(parse(yaml));
    expect(manifest().exports).toMatchObject({ "./openapi.yaml": "./openapi.yaml", "./openapi.json": "./openapi.json" });
  });

  it("declares a type under its GenAuth name for every schema of the contract", () => {
    const declared = readFileSync(join(dir, "openapi-types.d.ts"), "utf8");
    for (const name of Object.keys(spec.components.schemas))
      expect(declared).toContain(`export type ${name} = components['schemas']['${name}'];`);
    expect(readFileSync(join(dir, "index.d.ts"), "utf8")).toContain('export type * from "./openapi-types.js";');
  });

  it("runs in plain Node 20 as ESM, with no TypeScript loader", async () => {
    const script = join(scratch, "run.mjs");
    writeFileSync(
      script,
      `import { createClient } from "genauth-mfa-client";
const fetch = async () => new Response(JSON.stringify({ statusCode: 429, message: "slow down", requestId: "r" }));
const { error } = await createClient({ baseUrl: "http://api.test", fetch }).listEnrolledFactors();
console.log(error.statusCode);`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: scratch });
    expect(stdout).toBe("429\n");
  });

  for (const resolution of ["bundler", "nodenext"] as const) {
    it(`type-checks a consumer's code under strict settings, skipLibCheck false and moduleResolution ${resolution}`, async () => {
      const project = join(scratch, resolution);
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, "consumer.ts"), consumerFile);
      writeFileSync(join(project, "consumer-msw.ts"), consumerMswFile);
      writeFileSync(join(project, "tsconfig.json"), JSON.stringify(strictTsconfig(resolution)));
      writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module" }));
      const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
      const run = promisify(execFile)(process.execPath, [tsc, "--project", project], { cwd: project });
      await expect(run.catch((e: { stdout: string }) => Promise.reject(new Error(e.stdout)))).resolves.toBeDefined();
      // tsc reads msw's and Node's types in full (skipLibCheck false): slow on a busy machine.
    }, 240_000);
  }
});
