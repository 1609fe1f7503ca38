// Runs a TypeScript entry point of the product: `node scripts/launch.mjs src/server/main.ts [args]`.
// The npm scripts run it with `exec`, so that the shell npm starts is replaced by Node and the
// SIGINT or SIGTERM that npm forwards reaches this process instead of stopping at the shell.
// esbuild bundles the project's own code into one file (packages stay in node_modules) and plain
// Node runs it. Compared with a TypeScript loader this starts faster and saves the loader's own
// thread and memory, which the server's start-up and memory budgets feel.
import "./exit-with-parent.cjs";
import { build, stop } from "esbuild";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/launch.mjs <entry.ts> [args...]");
  process.exit(2);
}
// The .env of the working directory (the project's, under npm scripts), or the file ENV_FILE names
// (ENV_FILE=none for none), before anything reads the environment. Variables already set win over
// the file, so a one-off `PORT=3001 npm run server` still works. Processes this one starts inherit
// the result.
const envFile = process.env.ENV_FILE || ".env";
if (envFile !== "none" && existsSync(envFile)) process.loadEnvFile(envFile);
// One folder per process, so that two launches at once never read each other's half-written bundle.
// Split into chunks: a module the entry imports dynamically keeps its packages' imports to itself,
// so the server loads better-sqlite3 (an optional dependency) only when it opens the SQLite store,
// and `mock` never does. Every dynamic import runs while the entry boots, before the folder goes.
const outdir = join(root, "dist", "run", `${basename(entry, ".ts")}.${process.pid}`);
const outfile = join(outdir, `${basename(entry, ".ts")}.mjs`);
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [join(root, entry)],
  outdir,
  outExtension: { ".js": ".mjs" },
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "inline",
  logLevel: "warning",
});
// esbuild's service process would otherwise live as long as the product does.
await stop();
process.argv = [process.argv[0], join(root, entry), ...args];
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
