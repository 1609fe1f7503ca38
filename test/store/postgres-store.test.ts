import pg from "pg";
import { describe, expect, it } from "vitest";
import { postgresMigrations } from "../../src/store/postgres-migrations.ts";
import { openPostgresStore } from "../../src/store/postgres-store.ts";
import { freshPostgresDatabase, postgresAdminUrl } from "../support/postgres-database.ts";
import {
  ASKERS,
  enrollment,
  expectHoldersSeeded,
  expectUpgradedRows,
  factor,
  minuteRing,
  ringsBeforeHolders,
  storeConformance,
} from "./store-conformance.ts";
import { useCleanups } from "../support/cleanups.ts";

const NOW = 1_700_000_000_000;

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

  const defer = useCleanups();
  async function query(url: string, text: string) {
    const client = new pg.Client({ connectionString: url });
    defer(() => client.end());
    await client.connect();
    return (await client.query(text)).rows;
  }

  describe("prepared statements", () => {
    it("keeps answering when a newer instance's migration changes the columns of statements it has prepared", async () => {
      const url = await freshPostgresDatabase();
      const store = await openPostgresStore({ url, poolSize: 2 });
      try {
        const factor = { factorId: "f1", userId: "alice", factorType: "SMS" as const, profile: {}, createdAt: 1 };
        await store.insertFactor(factor);
        // Each connection of the pool prepares the statements, in and out of a transaction.
        await Promise.all([store.listFactors("alice"), store.transaction((tx) => tx.listFactors("alice"))]);
        await query(url, "ALTER TABLE factors ADD COLUMN added_later TEXT");
        expect(await store.listFactors("alice")).toEqual([factor]);
        expect(await store.transaction((tx) => tx.listFactors("alice"))).toEqual([factor]);
        expect(await Promise.all([store.listFactors("alice"), store.transaction((tx) => tx.listFactors("alice"))])).toEqual([
          [factor],
          [factor],
        ]);
      } finally {
        await store.close();
      }
    });
  });

  describe("pending enrollments", () => {
    it("trims one user's pending enrollments from two instances at once without a deadlock", async () => {
      // A DELETE takes its rows in the order of a hash of their keys, so two trims that overlap took
      // rows in opposite orders now and then: before the trim locked with SKIP LOCKED, this case
      // deadlocked in each of three runs.
      const url = await freshPostgresDatabase();
      const stores = await Promise.all([openPostgresStore({ url, poolSize: 4 }), openPostgresStore({ url, poolSize: 4 })]);
      const client = new pg.Client({ connectionString: url });
      defer(() => client.end());
      await client.connect();
      try {
        for (let round = 0; round < 40; round++) {
          const user = `user-${round}`;
          await client.query(`INSERT INTO enrollments (token_hash, user_id, factor_type, profile, created_at, expires_at)
            SELECT '${user}-' || i, '${user}', 'SMS', '{}', i, 10000 FROM generate_series(1, 40) AS i`);
          const trims = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((k) => stores[k % 2]!.trimPendingEnrollments(user, k * 3)));
          expect(trims.filter((t) => t.status === "rejected")).toEqual([]);
          expect((await client.query(`SELECT count(*)::int AS n FROM enrollments WHERE user_id = '${user}'`)).rows).toEqual([{ n: 3 }]);
        }
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });

  describe("migrations", () => {
    it("brings a new database to the latest version once, even when two instances open it at the same moment", async () => {
      const url = await freshPostgresDatabase();
      const stores = await Promise.all([openPostgresStore({ url }), openPostgresStore({ url })]);
      await Promise.all(stores.map((s) => s.close()));
      expect(await query(url, "SELECT version FROM schema_migrations ORDER BY version")).toStrictEqual(
        postgresMigrations.map((_, i) => ({ version: i + 1 })),
      );
    });

    it("upgrades a database that still has the send log and keeps every limit it held, then drops the log", async () => {
      const url = await freshPostgresDatabase();
      const now = Date.now();
      await query(
        url,
        `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
        ${postgresMigrations[0]} ${postgresMigrations[1]}
        INSERT INTO schema_migrations (version) VALUES (1), (2);
        INSERT INTO sends (key, at, send_id) SELECT 'user:sms:alice', ${now} - i * 1000, 's' || i FROM generate_series(0, 4) AS i;
        INSERT INTO sends (key, at, send_id) VALUES ('all:sms', ${now}, 's0');
        INSERT INTO send_limits (destination, last_sent_at) VALUES ('sms:+8613800000001', ${now});`,
      );
      const store = await openPostgresStore({ url });
      try {
        expect(await store.recentSends("user:sms:alice")).toEqual([4, 3, 2, 1, 0].map((i) => now - i * 1000));
        const user = { key: "user:sms:alice", windows: [{ cap: 5, windowMs: 3_600_000 }] };
        const take = await store.takeSend(now + 1, [{ key: "sms:+8613800000001", windows: [{ cap: 1, windowMs: 60_000 }] }, user], {
          key: "all:sms",
          cap: 1,
        });
        expect(take).toMatchObject({ taken: false, rings: [[now + 60_000], [now - 4000 + 3_600_000]] });
      } finally {
        await store.close();
      }
      expect(await query(url, "SELECT tablename FROM pg_tables WHERE tablename IN ('sends', 'send_limits')")).toEqual([]);
    });

    it("upgrades to session step-ups and escalating lock-outs, keeping factors, enrollments, limits and failures", async () => {
      const url = await freshPostgresDatabase();
      await query(
        url,
        `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
        ${postgresMigrations[0]} ${postgresMigrations[1]} ${postgresMigrations[2]}
        INSERT INTO schema_migrations (version) VALUES (1), (2), (3);
        INSERT INTO factors (factor_id, user_id, factor_type, profile, secret_cipher, recovery_hash, created_at)
          VALUES ('factor-1', 'user-1', 'OTP', '${JSON.stringify(factor().profile)}', 'cipher', 'recovery-hash', ${NOW});
        INSERT INTO enrollments (token_hash, user_id, factor_type, profile, created_at, expires_at)
          VALUES ('token-hash-1', 'user-1', 'SMS', '${JSON.stringify(enrollment().profile)}', ${NOW}, ${NOW + 300_000});
        INSERT INTO recent_sends (key, times, last_at) VALUES ('sms:+8613800000000', ARRAY[${NOW}]::bigint[], ${NOW});
        INSERT INTO otp_failures (user_id, count, locked_until) VALUES ('user-1', 0, ${NOW + 900_000}), ('user-2', 4, NULL);
        INSERT INTO step_ups (user_id, at) VALUES ('user-1', ${NOW});`,
      );
      const store = await openPostgresStore({ url });
      try {
        await expectUpgradedRows(store);
      } finally {
        await store.close();
      }
    });

    it("upgrades to the asker in the number's own row, keeping who took each newest send and dropping the asked rings", async () => {
      const url = await freshPostgresDatabase();
      const rows = ringsBeforeHolders.map(([key, times]) => `('${key}', ARRAY[${times.join(", ")}]::bigint[], ${times.at(-1)})`);
      await query(
        url,
        `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
        ${postgresMigrations.slice(0, 5).join("\n")}
        INSERT INTO schema_migrations (version) VALUES (1), (2), (3), (4), (5);
        INSERT INTO recent_sends (key, times, last_at) VALUES ${rows.join(", ")};`,
      );
      const store = await openPostgresStore({ url });
      try {
        await expectHoldersSeeded(store);
      } finally {
        await store.close();
      }
      expect(await query(url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'enrollments_user'")).toEqual([
        { indexdef: expect.stringMatching(/WHERE \(consumed_at IS NULL\)$/) },
      ]);
    });

    it("keeps the previous take_send for old instances during a rolling upgrade, and the sends they take are nobody's", async () => {
      const url = await freshPostgresDatabase();
      await (await openPostgresStore({ url })).close();
      // The arguments an instance of the previous version passes: no holders.
      const oldTake = (at: number, key: string) =>
        query(
          url,
          `SELECT taken FROM take_send(${at}, ARRAY['${key}'], ARRAY[2], ARRAY[1], ARRAY[1], ARRAY[60000]::bigint[], 'all:sms', 100, 0)`,
        );
      const store = await openPostgresStore({ url });
      try {
        const ask = (at: number, key: string, holder: string) =>
          store.takeSend(at, [minuteRing(key, holder)], { key: "all:sms", cap: 100 });
        expect(await oldTake(NOW, "sms:+8613800000005")).toEqual([{ taken: true }]);
        // The old entry point still holds the number's minute: it is the new take, without holders.
        expect(await oldTake(NOW + 500, "sms:+8613800000005")).toEqual([{ taken: false }]);
        expect(await ask(NOW + 1000, "sms:+8613800000005", ASKERS.alice)).toMatchObject({ taken: false, mine: [false] });
        // alice's send, then an old instance's a minute later: the newest is no longer hers.
        expect(await ask(NOW, "sms:+8613800000006", ASKERS.alice)).toMatchObject({ taken: true });
        expect(await oldTake(NOW + 60_000, "sms:+8613800000006")).toEqual([{ taken: true }]);
        expect(await ask(NOW + 61_000, "sms:+8613800000006", ASKERS.alice)).toMatchObject({ taken: false, mine: [false] });
      } finally {
        await store.close();
      }
    });

    it("refuses a database written by a newer version with a message that says so", async () => {
      const url = await freshPostgresDatabase();
      await (await openPostgresStore({ url })).close();
      await query(url, "INSERT INTO schema_migrations (version) VALUES (99)");
      await expect(openPostgresStore({ url })).rejects.toThrow(/written by a newer version.*schema version 99/);
    });
  });
});
