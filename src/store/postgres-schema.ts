import type pg from "pg";
import { postgresMigrations as migrations } from "./postgres-migrations.ts";
import { schemaSql } from "./postgres-statements.ts";
import { refuseNewerSchema } from "./schema-version.ts";

/** The number of the newest schema version this code knows. */
export const LATEST_VERSION = migrations.length;

/** The version of the schema a database holds (0 before the first migration). */
export async function postgresSchemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const { rows } = await db.query<{ version: number | null }>(schemaSql.version);
  return rows[0]?.version ?? 0;
}

/**
 * Brings the schema up to date in one transaction, under a lock that other instances wait on: a
 * failure leaves the database at the version it had.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // One instance migrates; the others wait here, then find nothing left to do.
    await client.query(schemaSql.lock);
    await client.query(schemaSql.createVersions);
    const current = await postgresSchemaVersion(client);
    refuseNewerSchema(current, LATEST_VERSION, { kind: "database" });
    for (let version = current + 1; version <= LATEST_VERSION; version++) {
      await client.query(migrations[version - 1]!);
      await client.query(schemaSql.recordVersion, [version]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
