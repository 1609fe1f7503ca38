import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/parse-config.ts";
import { openOptionalSqliteStore, SQLITE_MISSING } from "../../src/server/optional-sqlite.ts";

/** An error as Node's loader throws it for a package that is not installed. */
const notFound = Object.assign(new Error("Cannot find package 'better-sqlite3' imported from /app/src/store/sqlite-store.ts"), {
  code: "ERR_MODULE_NOT_FOUND",
});

describe("openOptionalSqliteStore", () => {
  it("says in one line what to do when better-sqlite3 is not installed", async () => {
    const opening = openOptionalSqliteStore(":memory:", "NORMAL", () => Promise.reject(notFound));
    await expect(opening).rejects.toBeInstanceOf(ConfigError);
    await expect(opening).rejects.toThrow(SQLITE_MISSING);
    expect(SQLITE_MISSING).toMatch(/npm install better-sqlite3.*DATABASE_URL/);
  });

  it("says the same when the package is there but its native build is not", async () => {
    const noBinding = new Error(
      "Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node",
    );
    const opening = openOptionalSqliteStore(":memory:", "NORMAL", async () => ({
      openSqliteStore: () => {
        throw noBinding;
      },
    }));
    await expect(opening).rejects.toThrow(SQLITE_MISSING);
  });

  it("lets any other failure through as it is", async () => {
    const opening = openOptionalSqliteStore(":memory:", "NORMAL", async () => ({
      openSqliteStore: () => {
        throw new Error("disk full");
      },
    }));
    await expect(opening).rejects.toThrow("disk full");
  });

  it("opens the SQLite store when better-sqlite3 is installed", async () => {
    const store = await openOptionalSqliteStore(":memory:", "NORMAL");
    await store.close();
  });
});
