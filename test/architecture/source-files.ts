import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Every TypeScript file under `dir`, its subfolders included. */
export function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTs(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}
