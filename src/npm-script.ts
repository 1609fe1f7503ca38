import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./project-root.ts";

/**
 * The command line of one of package.json's `node ...` scripts, with this Node binary in front, so
 * that a launcher can run exactly what `npm run <name>` runs (the same flags) without npm's own
 * start-up cost.
 */
export function npmScriptCommand(name: string): { command: string; args: string[] } {
  const scripts = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")).scripts as Record<string, string>;
  const [program, ...args] = (scripts[name] ?? "").split(/\s+/).filter(Boolean);
  if (program !== "node") throw new Error(`package.json script "${name}" is not a plain node command`);
  return { command: process.execPath, args };
}
