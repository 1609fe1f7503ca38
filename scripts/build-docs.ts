/**
 * Builds the HTML reference into dist/docs/index.html (or `--out DIR`) with Redocly, Redoc's
 * JavaScript inlined, and makes it work with no network at all: Redoc's footer badge fetches its
 * logo from Redocly's CDN at view time, so that one image is replaced by an inline SVG.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { docsView } from "../src/contract/docs-view.ts";
import { spec } from "../src/contract/spec.ts";
import { projectRoot } from "../src/project-root.ts";

const ROOT = projectRoot();
const { values } = parseArgs({ options: { out: { type: "string", default: join(ROOT, "dist/docs") } } });
const OUTPUT = join(resolve(values.out!), "index.html");
const BADGE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#0044d4"/></svg>';
const BADGE = `data:image/svg+xml,${encodeURIComponent(BADGE_SVG)}`;

// Redocly's own bin, resolved like any dependency, so that this works from an installed package too
// (where `npx redocly` would look for it in the wrong folder).
const manifestPath = createRequire(join(ROOT, "package.json")).resolve("@redocly/cli/package.json");
const { bin } = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: Record<string, string> };
const redocly = join(dirname(manifestPath), bin.redocly!);

// Redocly prints its progress and two boxed notices (Node 20's end of life, Redoc 3) on every build.
// Those are dropped; any other line is shown, and on a failure everything is.
const CHATTER = [/^\s*[╔║╚]/, /^Found redocly\.yaml/, /^Prerendering docs/, /bundled successfully in/, /^\s*$/];
mkdirSync(dirname(OUTPUT), { recursive: true });
// The reference shows each example's key and every element's provenance mark (docs-view.ts), from a
// copy of the contract written beside the output; openapi.yaml itself is read as it is.
const VIEW = join(dirname(OUTPUT), "openapi.docs.json");
writeFileSync(VIEW, JSON.stringify(docsView(spec)));
const build = spawnSync(process.execPath, [redocly, "build-docs", VIEW, "--inlineBundle", "--output", OUTPUT], {
  cwd: ROOT,
  encoding: "utf8",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
rmSync(VIEW, { force: true });
const said = `${build.stdout ?? ""}${build.stderr ?? ""}`;
if (build.status !== 0) {
  process.stderr.write(said);
  console.error(`npm run docs: Redocly failed to build the reference (${build.error?.message ?? `exit code ${build.status}`}).`);
  process.exit(1);
}
const unexpected = said.split("\n").filter((line) => !CHATTER.some((chatter) => chatter.test(line)));
if (unexpected.length) console.error(unexpected.join("\n"));
const html = readFileSync(OUTPUT, "utf8").replace(/https:\/\/cdn\.redoc(?:ly)?\.(?:ly|com)\/[\w./-]+\.svg/g, BADGE);
writeFileSync(OUTPUT, html);
console.log(`Wrote ${OUTPUT}: open it in any browser, no network needed.`);
