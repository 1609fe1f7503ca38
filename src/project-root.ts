import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's root: the nearest folder above this module that holds openapi.yaml. Found by
 * walking up, so it holds whether the code runs from src/ under tsx or from a bundle in dist/.
 */
export function projectRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, "openapi.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`openapi.yaml not found above ${fileURLToPath(from)}`);
    dir = up;
  }
  return dir;
}
