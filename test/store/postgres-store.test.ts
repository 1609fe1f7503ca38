import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { postgresMigrations } from "../../src/store/postgres-migrations.ts";
import { openPostgresStore } from "../../src/store/postgres-store.ts";
import { freshPostgresDatabase, postgresAdminUrl } from "../support/postgres-database.ts";
import { storeConformance } from "./store-conformance.ts";

// Without PostgreSQL (and outside CI, where its absence fails the run) these are skipped; the
// run's global setup has already said how to install it.
describe.skipIf(!postgresAdminUrl)("PostgreSQL", () => {
  storeConformance({
    name: "PostgreSQL",
    async database() {
      const url = await freshPostgresDatabase();
      return () => openPostgresStore({ url, poolSize: 5 });
    },
  });

  const clients: pg.Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
  });
  async function query(url: string, text: string) {
    const client = new pg.Client({ connectionString: url });
    clients.push(client);
    await client.connect();
    return (await client.query(text)).rows;
  }

  describe("migrations", () => {
    it("brings a new database to the latest version once, even when two instances open it at the same moment", async () => {
      const url = await freshPostgresDatabase();
      const stores = await Promise.all([openPostgresStore({ url }), openPostgresStore({ url })]);
      await Promise.all(stores.map((s) => s.close()));
      expect(await query(url, "SELECT version FROM schema_migrations ORDER BY version")).toStrictEqual(
        postgresMigrations.map((_, i) => ({ version: i + 1 })),
      );
    });

    it("refuses a database written by a newer version with a message that says so", async () => {
      const url = await freshPostgresDatabase();
      await (await openPostgresStore({ url })).close();
      await query(url, "INSERT INTO schema_migrations (version) VALUES (99)");
      await expect(openPostgresStore({ url })).rejects.toThrow(/written by a newer version.*schema version 99/);
    });
  });
});
