import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** The run's throwaway PostgreSQL cluster (test/support/postgres-setup.ts), if PostgreSQL is installed. */
export const postgresAdminUrl = inject("postgresAdminUrl");

/** Creates an empty database of a fresh name on the run's cluster and returns its URL. */
export async function freshPostgresDatabase(): Promise<string> {
  if (!postgresAdminUrl) throw new Error("PostgreSQL is not available");
  const name = `mfa_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.href;
}
