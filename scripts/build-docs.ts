/**
 * Builds the HTML reference into dist/docs/index.html with Redocly, Redoc's JavaScript inlined, and
 * makes it work with no network at all: Redoc's footer badge fetches its logo from Redocly's CDN at
 * view time, so that one image is replaced by an inline SVG.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUTPUT = "dist/docs/index.html";
const BADGE = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#0044d4"/></svg>')}`;

execFileSync("npx", ["redocly", "build-docs", "openapi.yaml", "--inlineBundle", "--output", OUTPUT], {
  cwd: ROOT,
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
const html = readFileSync(`${ROOT}/${OUTPUT}`, "utf8").replace(/https:\/\/cdn\.redoc(?:ly)?\.(?:ly|com)\/[\w./-]+\.svg/g, BADGE);
writeFileSync(`${ROOT}/${OUTPUT}`, html);
console.log(`Wrote ${OUTPUT}: open it in any browser, no network needed.`);
