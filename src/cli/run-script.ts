import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { npmScriptWords } from "../npm-script.ts";
import { projectRoot } from "../project-root.ts";

const ROOT = projectRoot();

/** The bin script of an installed package, found the way Node resolves the package from here. */
function packageBin(name: string): string {
  const manifestPath = createRequire(join(ROOT, "package.json")).resolve(`${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: string | Record<string, string> };
  return join(dirname(manifestPath), typeof bin === "string" ? bin : bin[name]!);
}

/**
 * The command line of `npm run <name>` as this Node process can run it from any directory: `node`
 * becomes this Node binary, a package's command its bin script, and the package's own files
 * (scripts/launch.mjs) absolute paths. Other words stay as they are: the launcher reads its entry
 * point relative to the package.
 */
export function scriptCommandLine(name: string): string[] {
  const [program, ...words] = npmScriptWords(name);
  if (!program) throw new Error(`package.json has no script "${name}"`);
  const head = program === "node" ? [] : [packageBin(program)];
  const args = words.map((word) => (word.endsWith(".mjs") && existsSync(join(ROOT, word)) ? join(ROOT, word) : word));
  return [...head, ...args];
}

/**
 * Runs one npm script's command line with extra arguments and environment, in the caller's working
 * directory (where DATA_DIR and other relative paths belong), with the terminal attached. Resolves
 * with its exit code. Ctrl-C reaches the child from the terminal; a SIGTERM sent to this process is
 * passed on, so that the child shuts down gracefully either way.
 */
export function runScript(name: string, extraArgs: string[], env: Record<string, string>, cwd = process.cwd()): Promise<number> {
  const child = spawn(process.execPath, [...scriptCommandLine(name), ...extraArgs], {
    cwd,
    env: Object.assign({}, process.env, env),
    stdio: "inherit",
  });
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = pass("SIGINT");
  const onTerm = pass("SIGTERM");
  // The child gets the terminal's SIGINT itself; this process only waits for it to finish.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", onTerm);
  process.on("SIGHUP", onInt);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 1)));
    child.on("error", (error) => {
      console.error(`genauth-mfa could not start ${name}: ${error.message}`);
      resolve(1);
    });
  });
}
