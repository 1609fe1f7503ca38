import { join } from "node:path";
import { openPostgresStore } from "../store/postgres-store.ts";
import type { MfaStore } from "../store/store.ts";
import type { ServerConfig } from "./config.ts";
import { openOptionalSqliteStore } from "./optional-sqlite.ts";

/**
 * The store the configuration names: PostgreSQL at DATABASE_URL, or the SQLite file in DATA_DIR.
 * The server and the operator's commands (`genauth-mfa unlock`) open it the one way, so that a
 * command always acts on the data the server uses. `onQuery` counts PostgreSQL's round trips.
 */
export function openConfiguredStore(
  config: Pick<ServerConfig, "DATABASE_URL" | "DATABASE_POOL_SIZE" | "DATA_DIR" | "DB_DURABILITY">,
  onQuery?: () => void,
): Promise<MfaStore> {
  return config.DATABASE_URL
    ? openPostgresStore({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, ...(onQuery && { onQuery }) })
    : openOptionalSqliteStore(join(config.DATA_DIR, "mfa.sqlite"), config.DB_DURABILITY);
}
