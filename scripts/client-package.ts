/**
 * Builds the `genauth-mfa-client` package, a view of src/client and generated/: ESM JavaScript, its
 * `.d.ts`, and the contract as YAML and JSON. Nothing in it is kept by hand; `npm run pack` and the
 * tests build it with this one function.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { parse } from "yaml";
import { projectRoot } from "../src/project-root.ts";

const ROOT = projectRoot();
export const CLIENT_PACKAGE = "genauth-mfa-client";
/** The main entry's minified and gzipped browser bundle, openapi-fetch included, stays within this. */
export const SIZE_BUDGET_BYTES = 4096;

/**
 * The /msw entry's browser bundle, minified and gzipped, without msw and MSW_DEPENDENCIES (which an
 * app installs beside it). Measured at 100 KiB (102,349 B) when its stateful mode came in: the
 * domain, the in-memory store, qrcode's matrix and our deflate added about 17 KiB to the stateless entry.
 */
export const MSW_SIZE_BUDGET_BYTES = 110 * 1024;

/** What the /msw entry imports besides msw itself; a test holds the bundle to this list. */
export const MSW_DEPENDENCIES = ["ajv", "ajv-formats"];

/** The fields of the repository's package.json that the client package takes over. */
interface RootManifest {
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const rootManifest = () => JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as RootManifest;
/** The contract's `info.version`, which every package's version equals. */
export const contractVersion = (): string => parse(readFileSync(join(ROOT, "openapi.yaml"), "utf8")).info.version;

/** The client package's package.json: openapi-fetch for the client, ajv and ajv-formats for /msw. */
function manifest(): Record<string, unknown> {
  const root = rootManifest();
  return {
    name: CLIENT_PACKAGE,
    version: contractVersion(),
    description: "Typed client, DTO types and OpenAPI contract for GenAuth's MFA enrollment API",
    keywords: ["genauth", "authing", "mfa", "openapi", "client"],
    type: "module",
    engines: root.engines,
    sideEffects: false,
    exports: {
      ".": { types: "./index.d.ts", default: "./index.js" },
      "./msw": { types: "./msw.d.ts", default: "./msw.js" },
      "./openapi.yaml": "./openapi.yaml",
      "./openapi.json": "./openapi.json",
      "./package.json": "./package.json",
    },
    main: "./index.js",
    types: "./index.d.ts",
    files: [
      "index.js",
      "index.d.ts",
      "openapi-types.d.ts",
      "msw.js",
      "msw.d.ts",
      "scenario.d.ts",
      "names.d.ts",
      "contract-warning-event.d.ts",
      "openapi.yaml",
      "openapi.json",
      "README.md",
      "CHANGELOG.md",
    ],
    // openapi-fetch is the main entry's one import; the others are the /msw entry's (the contract's
    // validators), which a consumer of the client alone never loads.
    dependencies: Object.fromEntries(["openapi-fetch", ...MSW_DEPENDENCIES].map((name) => [name, root.dependencies[name]])),
    peerDependencies: { msw: root.devDependencies.msw },
    peerDependenciesMeta: { msw: { optional: true } },
  };
}

/**
 * The declarations: tsc emits src/client's, and the generated types travel beside them as
 * openapi-types.d.ts. A consumer's `.d.ts` import names a `.js` path, which every resolution maps back.
 */
function declarations(outDir: string) {
  const scratch = mkdtempSync(join(tmpdir(), "genauth-mfa-client-dts-"));
  try {
    // The repository's own settings (tsconfig.json), emitting declarations; what a consumer sees (the
    // emitted .d.ts) is type-checked under the consumer's strictest settings by the tests.
    const compilerOptions = {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      outDir: join(scratch, "out"),
      rootDir: ROOT,
      typeRoots: [join(ROOT, "node_modules/@types")],
    };
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({
        extends: join(ROOT, "tsconfig.json"),
        compilerOptions,
        files: [join(ROOT, "src/client/index.ts"), join(ROOT, "src/msw/index.ts")],
        include: [],
      }),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "--project", scratch], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    // Each declaration file the entries' public types reach, under its name in the package.
    const layout: Array<[string, string, Array<[string, string]>]> = [
      [
        "src/client/index.d.ts",
        "index.d.ts",
        [
          ['"../../generated/openapi.d.ts"', '"./openapi-types.js"'],
          ['"../../generated/names.d.ts"', '"./names.js"'],
        ],
      ],
      [
        "src/msw/index.d.ts",
        "msw.d.ts",
        [
          ['"../fidelity/scenario.ts"', '"./scenario.js"'],
          ['"../fidelity/contract-warning-event.ts"', '"./contract-warning-event.js"'],
        ],
      ],
      ["src/fidelity/scenario.d.ts", "scenario.d.ts", [['"../../generated/names.d.ts"', '"./names.js"']]],
      ["src/fidelity/contract-warning-event.d.ts", "contract-warning-event.d.ts", []],
    ];
    for (const [from, to, links] of layout) {
      const relinked = links.reduce((text, [a, b]) => text.replaceAll(a, b), readFileSync(join(scratch, "out", from), "utf8"));
      if (/from "\.\.?\/(?!openapi-types\.js|names\.js|scenario\.js|contract-warning-event\.js)/.test(relinked))
        throw new Error(`${to} imports a file outside the package`);
      writeFileSync(join(outDir, to), relinked);
    }
    copyFileSync(join(ROOT, "generated/openapi.d.ts"), join(outDir, "openapi-types.d.ts"));
    copyFileSync(join(ROOT, "generated/names.d.ts"), join(outDir, "names.d.ts"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Writes the client package into `outDir` (emptied first) and returns the directory. */
export async function buildClientPackage(outDir: string): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const pkg = manifest();
  // Both entries run in browsers and in Node alike, so they are bundled the same way.
  const entry = { bundle: true, format: "esm", platform: "neutral", target: "es2022", legalComments: "none", logLevel: "warning" } as const;
  await build({
    ...entry,
    entryPoints: [join(ROOT, "src/client/index.ts")],
    outfile: join(outDir, "index.js"),
    external: Object.keys(pkg.dependencies as object),
  });
  // The /msw entry: the fidelity core with the contract embedded, for Mock Service Worker, and the
  // domain for its stateful mode. Its graph reaches CommonJS packages with only a `main` (qrcode's
  // core, dijkstrajs), which the neutral platform does not read by default.
  await build({
    ...entry,
    entryPoints: [join(ROOT, "src/msw/index.ts")],
    outfile: join(outDir, "msw.js"),
    external: ["msw", ...MSW_DEPENDENCIES],
    mainFields: ["module", "main"],
  });
  declarations(outDir);
  copyFileSync(join(ROOT, "openapi.yaml"), join(outDir, "openapi.yaml"));
  copyFileSync(join(ROOT, "generated/openapi.json"), join(outDir, "openapi.json"));
  copyFileSync(join(ROOT, "CHANGELOG.md"), join(outDir, "CHANGELOG.md"));
  writeFileSync(join(outDir, "README.md"), readme(pkg.version as string));
  writeFileSync(join(outDir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  return outDir;
}

/**
 * What a browser downloads for the main entry: the package's index.js with openapi-fetch bundled
 * in, minified and gzipped, in bytes.
 */
export const browserBundleBytes = (packageDir: string): Promise<number> => gzippedBundleBytes(join(packageDir, "index.js"), []);

/** The minified and gzipped size, in bytes, of one entry of the package bundled for a browser, `external` left out. */
async function gzippedBundleBytes(entry: string, external: string[]): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    nodePaths: [join(ROOT, "node_modules")],
    external,
    write: false,
    logLevel: "warning",
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

/** What a browser downloads for the /msw entry besides msw, ajv and ajv-formats: msw.js minified and gzipped, in bytes. */
export const mswBundleBytes = (packageDir: string): Promise<number> =>
  gzippedBundleBytes(join(packageDir, "msw.js"), ["msw", ...MSW_DEPENDENCIES]);

/** The parts of the /msw bundle a reader would name, by the share of its minified bytes each takes. */
const MSW_PARTS: Array<[string, RegExp]> = [
  ["libphonenumber-js's metadata and parser", /node_modules\/libphonenumber-js\//],
  ["the contract (generated/openapi.json)", /^generated\//],
  ["the messages, en-US and zh-CN", /^src\/messages\//],
  ["the QR matrix (qrcode's core, dijkstrajs)", /node_modules\/(qrcode|dijkstrajs)\//],
  ["the domain (deflate included) and the in-memory store", /^src\/(domain|store)\//],
  ["the fidelity core, validators' glue, handlers", /^src\//],
];

/** The /msw bundle's minified bytes by part, from its sources: what the budget pays for. */
export async function mswBundleParts(): Promise<Array<{ part: string; share: number }>> {
  const result = await build({
    entryPoints: [join(ROOT, "src/msw/index.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["msw", ...MSW_DEPENDENCIES],
    write: false,
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.values(result.metafile!.outputs)[0]!.inputs;
  const total = Object.values(inputs).reduce((n, i) => n + i.bytesInOutput, 0);
  const sums = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const part = MSW_PARTS.find(([, test]) => test.test(path))?.[0] ?? "other";
    sums.set(part, (sums.get(part) ?? 0) + bytesInOutput);
  }
  return [...sums].map(([part, bytes]) => ({ part, share: bytes / total })).sort((a, b) => b.share - a.share);
}

const readme = (version: string) => `# ${CLIENT_PACKAGE}

The typed client, DTO types and OpenAPI contract of GenAuth's MFA enrollment API, version ${version}.
ESM, for Node 20+ and for browsers through any bundler. The client's one runtime dependency is
openapi-fetch; \`ajv\` and \`ajv-formats\`, also listed, are loaded only by the \`/msw\` entry (the MSW
handlers' validators), so a bundle of the client alone never carries them.

\`\`\`ts
import { createClient, type FactorDto } from "${CLIENT_PACKAGE}";

const client = createClient({ baseUrl: "https://your-app.genauth.ai", accessToken });
const { data, error } = await client.listEnrolledFactors();
if (error) console.log(error.statusCode, error.message); // GenAuth answers HTTP 200 even on failure
else data.forEach((factor: FactorDto) => console.log(factor.factorType));
\`\`\`

\`data\` is GenAuth's \`data\` (\`null\` for \`enrollFactor\` and \`resetFactor\`, which return none), and
\`envelope\` the whole success body (\`statusCode\`, \`message\`, \`requestId\`). To install it before it is
on the registry, from the tarball \`npm run pack\` writes in a checkout of genauth-mfa-contract:

\`\`\`sh
npm install /path/to/dist/packages/${CLIENT_PACKAGE}-${version}.tgz
\`\`\`

- Every schema of the contract is exported as a type under GenAuth's name (\`SendEnrollFactorRequestDto\`,
  \`FactorDto\`, \`ErrorRespDto\`, ...), with \`paths\` and \`components\` for openapi-fetch and friends.
- \`ExampleNames\` (each operation's named examples) and \`Language\` are unions generated from the
  contract: a misspelt scenario in \`/msw\`'s \`setScenario\`, or a misspelt \`lang\`, does not compile.
- The contract itself ships as \`${CLIENT_PACKAGE}/openapi.yaml\` and \`${CLIENT_PACKAGE}/openapi.json\`.

The mock, the reference server, the docs and the contract suite are the \`genauth-mfa\` command of the
\`genauth-mfa-contract\` package.
`;
