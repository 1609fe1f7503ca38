import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOMY_SEND_LIMIT_ENV } from "./roomy-limits.ts";
import { spawnService, type Service } from "./spawn-service.ts";

/** Options for {@link startReferenceServer}. */
export interface ReferenceServerOptions {
  /** Its DATA_DIR: a fresh directory in the system's temporary directory unless given. */
  dataDir?: string;
  /** Variables added to the environment below, or overriding it. */
  env?: Record<string, string>;
  /** From source under tsx, or bundled as `npm run server` runs it (see spawnService). */
  runner?: "tsx" | "bundle";
}

/**
 * Starts the reference server in a process of its own, on a free port, with request logs off and
 * the send and start caps out of reach: the tests, benches and load runs that start it are about
 * something else, and set the caps explicitly rather than inheriting production's. `devToken` finds
 * the key that signs its development tokens in its DATA_DIR. The caller stops it; a DATA_DIR made
 * here is removed once the process has stopped, one given is left to its owner.
 */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<Service & { dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "genauth-mfa-server-"));
  const env = { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...ROOMY_SEND_LIMIT_ENV, ...options.env };
  const server = await spawnService("src/server/main.ts", env, undefined, undefined, [], options.runner);
  if (options.dataDir !== undefined) return { ...server, dataDir };
  const stop = async (signal?: NodeJS.Signals) => {
    const code = await server.stop(signal);
    rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  return { ...server, stop, dataDir };
}
