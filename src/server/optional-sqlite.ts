import { ConfigError } from "../config/parse-config.ts";
import type { MfaStore } from "../store/store.ts";

type SqliteModule = typeof import("../store/sqlite-store.ts");

/** What the server says when it needs SQLite and better-sqlite3 is not there. */
export const SQLITE_MISSING =
  "The reference server keeps its state in SQLite through better-sqlite3, an optional dependency that is not installed here " +
  "(its native build failed, or the install used --omit=optional). Install it with `npm install better-sqlite3`, " +
  "or set DATABASE_URL to a PostgreSQL database. The mock and the contract suite do not need it.";

/** Whether an error is better-sqlite3 missing: its package, or its native build. */
function isSqliteMissing(error: unknown): boolean {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return /better-sqlite3/.test(message);
  return /better_sqlite3\.node|Could not locate the bindings file/.test(String(message));
}

/**
 * Opens the SQLite store, loading better-sqlite3 only now: it is an optional dependency (a native
 * build), so `mock` and `contract` run where it failed to build. Missing, it is a one-line
 * ConfigError that says what to do, not a module resolution stack.
 */
export async function openOptionalSqliteStore(
  path: string,
  durability: "NORMAL" | "FULL",
  load: () => Promise<Pick<SqliteModule, "openSqliteStore">> = () => import("../store/sqlite-store.ts"),
): Promise<MfaStore> {
  try {
    const { openSqliteStore } = await load();
    return openSqliteStore(path, durability);
  } catch (error) {
    if (isSqliteMissing(error)) throw new ConfigError(SQLITE_MISSING);
    throw error;
  }
}
