/**
 * `npm run pack`: builds the client package from src/client and generated/, then packs it and this
 * package (the `genauth-mfa` command) into dist/packages/ as the tarballs a registry would serve.
 * Prints the tarballs' paths, one a line. Nothing is published.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../src/project-root.ts";
import { buildClientPackage, CLIENT_PACKAGE } from "./client-package.ts";

const ROOT = projectRoot();
const OUT = join(ROOT, "dist/packages");

/** Packs one package folder into OUT with npm's own `pack`, and returns the tarball's path. */
function pack(dir: string): string {
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", OUT], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [packed] = JSON.parse(output) as Array<{ filename: string }>;
  return join(OUT, packed!.filename);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const clientDir = await buildClientPackage(join(ROOT, "dist/package-src", CLIENT_PACKAGE));
console.log(pack(clientDir));
console.log(pack(ROOT));
