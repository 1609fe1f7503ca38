import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../project-root.ts";
import { commands, mainHelp, type Command } from "./commands.ts";
import { runScript } from "./run-script.ts";

// `genauth-mfa <command>`: a switchboard. Each command runs the command line of the npm script of
// the same job (`npm run mock`, `npm run server`, ...) with the same environment variables, so the
// CLI and the scripts cannot drift apart.
const ROOT = projectRoot();
const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const [name, ...args] = process.argv.slice(2);

/** Splits a pass-through command's own options (--help, --data-dir) from the script's. */
function splitPassThrough(command: Command, words: string[]) {
  const values: Record<string, string | boolean | undefined> = {};
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const [flag, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
    const option = flag.startsWith("--") ? command.options[flag.slice(2)] : undefined;
    if (word === "-h" || word === "--help") values.help = true;
    else if (option?.type === "string") values[flag.slice(2)] = inline ?? words[++i];
    else rest.push(word);
  }
  return { values, rest };
}

async function main(): Promise<number> {
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(mainHelp(version));
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    console.log(version);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`genauth-mfa: unknown command "${name}". Commands: ${Object.keys(commands).join(", ")}. Try genauth-mfa --help.`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  let rest: string[] = [];
  if (command.passThrough) ({ values, rest } = splitPassThrough(command, args));
  else {
    try {
      // No option is declared `multiple`, so no value is an array.
      values = parseArgs({ args, options: command.options, strict: true, allowPositionals: false }).values as typeof values;
    } catch (error) {
      console.error(`genauth-mfa ${name}: ${(error as Error).message}. Try genauth-mfa ${name} --help.`);
      return 2;
    }
  }
  if (values.help) {
    console.log(command.help);
    return 0;
  }
  const dispatch = command.dispatch(values, rest);
  if ("usage" in dispatch) {
    console.error(dispatch.usage);
    return 2;
  }
  // The suite runs from the package's own folder, where its vitest config and cases are; the
  // services run where the user is, so that DATA_DIR=./data lands there.
  const cwd = dispatch.script === "contract" ? ROOT : process.cwd();
  return runScript(dispatch.script, dispatch.args, dispatch.env, cwd);
}

process.exitCode = await main();
