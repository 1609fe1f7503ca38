import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../src/store/postgres-store.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { freshPostgresDatabase, postgresAdminUrl } from "../support/postgres-database.ts";
import { postgresSchema, sqliteSchema, type DatabaseSchema } from "./database-schema.ts";

// The two dialects' migrations are written apart (SQLite has four, PostgreSQL five: its fifth only
// rewrote take_send), so nothing but this keeps their tables in step. A table or index that one
// dialect lacks makes one store slower or looser than the other, which the conformance suite,
// seeing only answers, would not notice.

/** PostgreSQL records its schema's version in a table; SQLite keeps it in PRAGMA user_version. */
const POSTGRES_BOOKKEEPING = ["schema_migrations"];

// Without PostgreSQL (and outside CI, where its absence fails the run) these are skipped, as the
// PostgreSQL store's own tests are.
describe.skipIf(!postgresAdminUrl)("the schemas of a fresh SQLite file and a fresh PostgreSQL database", () => {
  let dir: string;
  let sqlitePath: string;
  let sqlite: DatabaseSchema;
  let postgres: DatabaseSchema;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mfa-schema-"));
    sqlitePath = join(dir, "mfa.sqlite");
    await openSqliteStore(sqlitePath).close();
    const url = await freshPostgresDatabase();
    await (await openPostgresStore({ url, poolSize: 1 })).close();
    sqlite = sqliteSchema(sqlitePath);
    postgres = await postgresSchema(url, POSTGRES_BOOKKEEPING);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("hold the same tables", () => {
    expect(Object.keys(sqlite).sort()).toEqual(Object.keys(postgres).sort());
  });

  it("give each table the same columns, refusing NULL in the same ones", () => {
    for (const table of Object.keys(sqlite)) expect(postgres[table]?.columns, table).toEqual(sqlite[table]!.columns);
  });

  it("key each table by the same columns and hold the same unique constraints", () => {
    for (const table of Object.keys(sqlite)) {
      expect(postgres[table]?.primaryKey, table).toEqual(sqlite[table]!.primaryKey);
      expect(postgres[table]?.unique, table).toEqual(sqlite[table]!.unique);
    }
  });

  it("index each table under the same names over the same columns", () => {
    for (const table of Object.keys(sqlite)) expect(postgres[table]?.indexes, table).toEqual(sqlite[table]!.indexes);
  });

  it("are read closely enough that one index less in one dialect is a difference", () => {
    // Guards the comparison against passing on two schemas it read as empty. Runs last: it changes the file.
    const [table, index] = Object.entries(sqlite).flatMap(([name, t]) => Object.keys(t.indexes).map((i) => [name, i] as const))[0] ?? [];
    expect(index, "an index in the SQLite schema").toBeDefined();
    const db = new Database(sqlitePath);
    try {
      db.exec(`DROP INDEX ${index}`);
    } finally {
      db.close();
    }
    expect(sqliteSchema(sqlitePath)[table!]?.indexes).not.toEqual(postgres[table!]?.indexes);
  });
});
