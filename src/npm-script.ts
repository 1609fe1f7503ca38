import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./project-root.ts";

const scripts = (): Record<string, string> =>
  JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")).scripts as Record<string, string>;

/** The command line of the `node ...` script that runs a given entry point, such as src/server/main.ts. */
export function npmScriptRunning(entry: string): { command: string; args: string[] } {
  const all = scripts();
  const name = Object.keys(all).find((n) => /^(exec )?node /.test(all[n]!) && all[n]!.endsWith(` ${entry}`));
  if (!name) throw new Error(`no package.json script runs ${entry}`);
  return npmScriptCommand(name);
}

/**
 * The command line of one of package.json's `[exec] node ...` scripts, with this Node binary in
 * front, so that a launcher can run exactly what `npm run <name>` runs (the same flags) without
 * npm's own start-up cost.
 */
export function npmScriptCommand(name: string): { command: string; args: string[] } {
  const [program, ...args] = npmScriptWords(name);
  if (program !== "node") throw new Error(`package.json script "${name}" is not a plain node command`);
  return { command: process.execPath, args };
}

/**
 * The words of one of package.json's scripts, such as `["vitest", "run", "--project", "contract"]`.
 * A leading `exec` is the shell's (it hands npm's signals straight to Node) and is left out.
 */
export function npmScriptWords(name: string): string[] {
  return (scripts()[name] ?? "")
    .replace(/^exec /, "")
    .split(/\s+/)
    .filter(Boolean);
}
