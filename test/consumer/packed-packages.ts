import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The tarballs `npm run pack` wrote: the client's, then the command's. */
    tarballs: string[];
  }
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Packs both packages once for every file of `npm run test:consumer`: each file installs them into
 * a project of its own, and two packs at once would overwrite each other's tarballs.
 */
export default function setup(project: TestProject): void {
  const stdout = execFileSync("npm", ["run", "-s", "pack"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  project.provide("tarballs", stdout.trim().split("\n"));
}
