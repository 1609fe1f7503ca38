/**
 * The PostgreSQL schema's history, one entry per version, applied in order and never edited once
 * released: the schema_migrations table records how far a database has come. Times are epoch
 * milliseconds in BIGINT, and profiles JSON text, exactly as in SQLite, so both stores return the
 * same records.
 */
export const postgresMigrations: readonly string[] = [
  `CREATE TABLE send_limits (
     destination TEXT PRIMARY KEY,
     last_sent_at BIGINT NOT NULL
   );
   CREATE INDEX send_limits_last_sent ON send_limits (last_sent_at);
   CREATE TABLE enrollments (
     token_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     factor_type TEXT NOT NULL CHECK (factor_type IN ('OTP', 'SMS', 'EMAIL', 'FACE')),
     profile TEXT NOT NULL,
     code_hash TEXT,
     secret_cipher TEXT,
     recovery_hash TEXT,
     created_at BIGINT NOT NULL,
     expires_at BIGINT NOT NULL,
     failed_attempts INTEGER NOT NULL DEFAULT 0,
     consumed_at BIGINT,
     revoked_at BIGINT
   );
   CREATE INDEX enrollments_expiry ON enrollments (expires_at);
   CREATE TABLE factors (
     factor_id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     factor_type TEXT NOT NULL CHECK (factor_type IN ('OTP', 'SMS', 'EMAIL', 'FACE')),
     profile TEXT NOT NULL,
     secret_cipher TEXT,
     recovery_hash TEXT,
     last_totp_step BIGINT,
     created_at BIGINT NOT NULL,
     UNIQUE (user_id, factor_type)
   );
   CREATE TABLE otp_failures (
     user_id TEXT PRIMARY KEY,
     count INTEGER NOT NULL,
     locked_until BIGINT
   );`,
  // Rate limits beyond one code per destination per minute (per user and channel, and a global
  // budget) count rows in a window; step-ups are a time per user; pending enrollments are capped per user.
  `CREATE TABLE sends (
     key TEXT NOT NULL,
     at BIGINT NOT NULL,
     send_id TEXT NOT NULL,
     PRIMARY KEY (key, at, send_id)
   );
   CREATE INDEX sends_at ON sends (at);
   CREATE TABLE step_ups (
     user_id TEXT PRIMARY KEY,
     at BIGINT NOT NULL
   );
   CREATE INDEX enrollments_user ON enrollments (user_id, created_at);`,
  // The send log goes: a key's recent sends live in one row (a ring of at most 101 times, the
  // largest cap plus one), read and written once per send; the destinations' minute, which
  // send_limits held, is the same kind of ring and moves into it. The channel budgets count per
  // calendar minute in shares (send_budgets, 16 rows a channel), so that sends from many instances
  // do not queue on one row. Both are seeded from the log, so no limit is forgotten across the
  // upgrade. take_send checks and takes a send in one round trip.
  `CREATE TABLE recent_sends (
     key TEXT PRIMARY KEY,
     times BIGINT[] NOT NULL,
     last_at BIGINT NOT NULL
   );
   CREATE INDEX recent_sends_last_at ON recent_sends (last_at);
   CREATE TABLE send_budgets (
     key TEXT NOT NULL,
     shard INTEGER NOT NULL,
     minute BIGINT NOT NULL,
     used INTEGER NOT NULL,
     PRIMARY KEY (key, shard)
   );
   -- Waits for every old instance's send in flight, and keeps them from writing the log until the
   -- seed is copied (see docs/scaling.md, "Upgrading").
   LOCK TABLE sends, send_limits IN EXCLUSIVE MODE;
   INSERT INTO recent_sends (key, times, last_at)
     SELECT key, array_agg(at ORDER BY at), max(at) FROM (
       SELECT key, at, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS n FROM sends WHERE key NOT LIKE 'all:%'
     ) AS newest WHERE n <= 101 GROUP BY key;
   INSERT INTO recent_sends (key, times, last_at) SELECT destination, ARRAY[last_sent_at], last_sent_at FROM send_limits;
   INSERT INTO send_budgets (key, shard, minute, used)
     SELECT key, shard, minute, n / 16 + CASE WHEN shard < n % 16 THEN 1 ELSE 0 END
     FROM (
       SELECT key, at - at % 60000 AS minute, count(*)::int AS n FROM sends
       WHERE at - at % 60000 = (extract(epoch FROM clock_timestamp()) * 1000)::bigint / 60000 * 60000 AND key LIKE 'all:%'
       GROUP BY key, minute
     ) AS this_minute, generate_series(0, 15) AS shard;
   DROP TABLE sends;
   DROP TABLE send_limits;
   CREATE FUNCTION take_send(
     p_at BIGINT, p_keys TEXT[], p_sizes INTEGER[], p_window_keys INTEGER[], p_window_caps INTEGER[], p_window_ms BIGINT[],
     p_budget_key TEXT, p_budget_cap INTEGER, p_first_shard INTEGER,
     OUT taken BOOLEAN, OUT untils BIGINT[], OUT budget_until BIGINT, OUT shard INTEGER
   ) LANGUAGE plpgsql AS $fn$
   DECLARE
     v_times BIGINT[];
     v_n INTEGER;
     v_cap INTEGER;
     v_minute BIGINT := p_at - p_at % 60000;
     v_shards INTEGER;
   BEGIN
     taken := true;
     untils := array_fill(NULL::BIGINT, ARRAY[coalesce(array_length(p_window_keys, 1), 0)]);
     -- Rings first, in key order, so that two sends never wait on each other in a circle.
     INSERT INTO recent_sends (key, times, last_at) SELECT k, '{}', 0 FROM unnest(p_keys) AS k ORDER BY k ON CONFLICT (key) DO NOTHING;
     PERFORM 1 FROM recent_sends WHERE key = ANY (p_keys) ORDER BY key FOR UPDATE;
     FOR i IN 1 .. coalesce(array_length(p_window_keys, 1), 0) LOOP
       SELECT times INTO v_times FROM recent_sends WHERE key = p_keys[p_window_keys[i]];
       v_n := coalesce(array_length(v_times, 1), 0);
       v_cap := p_window_caps[i];
       IF v_n >= v_cap AND v_times[v_n - v_cap + 1] + p_window_ms[i] > p_at THEN
         untils[i] := v_times[v_n - v_cap + 1] + p_window_ms[i];
         taken := false;
       END IF;
     END LOOP;
     IF NOT EXISTS (SELECT 1 FROM send_budgets WHERE key = p_budget_key) THEN
       INSERT INTO send_budgets (key, shard, minute, used)
         SELECT p_budget_key, s, 0, 0 FROM generate_series(0, 15) AS s ON CONFLICT DO NOTHING;
     END IF;
     SELECT count(*) INTO v_shards FROM send_budgets WHERE key = p_budget_key;
     -- A share with room, starting from a random one: a share another send holds is skipped, not
     -- waited for. Refused sends only look.
     IF taken THEN
       SELECT b.shard INTO shard FROM send_budgets AS b
         WHERE b.key = p_budget_key
           AND (CASE WHEN b.minute = v_minute THEN b.used ELSE 0 END)
             < p_budget_cap / v_shards + CASE WHEN b.shard < p_budget_cap % v_shards THEN 1 ELSE 0 END
         ORDER BY (b.shard - p_first_shard + v_shards) % v_shards LIMIT 1 FOR UPDATE SKIP LOCKED;
     ELSE
       SELECT b.shard INTO shard FROM send_budgets AS b
         WHERE b.key = p_budget_key
           AND (CASE WHEN b.minute = v_minute THEN b.used ELSE 0 END)
             < p_budget_cap / v_shards + CASE WHEN b.shard < p_budget_cap % v_shards THEN 1 ELSE 0 END
         LIMIT 1;
     END IF;
     IF shard IS NULL THEN
       budget_until := v_minute + 60000;
       taken := false;
     END IF;
     IF NOT taken THEN
       shard := NULL;
       RETURN;
     END IF;
     UPDATE send_budgets AS b SET used = CASE WHEN b.minute = v_minute THEN b.used + 1 ELSE 1 END, minute = v_minute
       WHERE b.key = p_budget_key AND b.shard = take_send.shard;
     UPDATE recent_sends AS r
       SET times = ARRAY(SELECT t FROM (SELECT t FROM unnest(r.times || p_at) AS t ORDER BY t DESC LIMIT u.size) AS newest ORDER BY t),
           last_at = greatest(r.last_at, p_at)
       FROM unnest(p_keys, p_sizes) AS u(k, size) WHERE r.key = u.k;
   END
   $fn$;`,
  // A step-up belongs to the session it happened in (the access token's sid, jti or digest), not to
  // the user: session_step_ups replaces step_ups, whose per-user rows could be given to no one
  // session and are not copied (a user mid-change checks a TOTP again). step_ups stays, so that
  // old instances still running during a rolling upgrade keep answering (with the old per-user
  // rule) until they are replaced; nothing new reads it. Lock-outs escalate: consecutive counts
  // wrong codes since the last success (NIST's count; 100 lock until an operator unlocks),
  // escalation how many lock-outs in a row the next one follows. They are seeded from what the old
  // row tells: a lock-out time there means one lock-out, so ten failures, since the last success.
  `CREATE TABLE session_step_ups (
     user_id TEXT NOT NULL,
     session TEXT NOT NULL,
     at BIGINT NOT NULL,
     PRIMARY KEY (user_id, session)
   );
   CREATE INDEX session_step_ups_at ON session_step_ups (at);
   ALTER TABLE otp_failures
     ADD COLUMN consecutive INTEGER NOT NULL DEFAULT 0,
     ADD COLUMN escalation INTEGER NOT NULL DEFAULT 0,
     ADD COLUMN last_failure_at BIGINT;
   UPDATE otp_failures SET
     consecutive = count + CASE WHEN locked_until IS NULL THEN 0 ELSE 10 END,
     escalation = CASE WHEN locked_until IS NULL THEN 0 ELSE 1 END;`,
  // take_send in fewer statements, each of which costs PostgreSQL an executor start and end: a
  // ring's first send (every send to a new number) inserts its row with the send in it instead of
  // inserting an empty row and updating it (a second row version and index entries), and takes it
  // out again if the send is refused; only rings that already existed are locked, checked and
  // updated; and a budget share is chosen and counted in one UPDATE. Same arguments, same answers.
  `CREATE OR REPLACE FUNCTION take_send(
     p_at BIGINT, p_keys TEXT[], p_sizes INTEGER[], p_window_keys INTEGER[], p_window_caps INTEGER[], p_window_ms BIGINT[],
     p_budget_key TEXT, p_budget_cap INTEGER, p_first_shard INTEGER,
     OUT taken BOOLEAN, OUT untils BIGINT[], OUT budget_until BIGINT, OUT shard INTEGER
   ) LANGUAGE plpgsql AS $fn$
   DECLARE
     v_windows INTEGER := coalesce(array_length(p_window_keys, 1), 0);
     v_minute BIGINT := p_at - p_at % 60000;
     v_new TEXT[];
     v_ring RECORD;
     v_n INTEGER;
     v_cap INTEGER;
     v_shards INTEGER;
   BEGIN
     taken := true;
     untils := array_fill(NULL::BIGINT, ARRAY[v_windows]);
     -- Rings that do not exist yet are created holding this send, in key order, so that two sends
     -- never wait on each other in a circle; a send racing for the same new ring waits here until
     -- this one ends, then finds the ring and checks it below.
     WITH created AS (
       INSERT INTO recent_sends (key, times, last_at) SELECT DISTINCT k, ARRAY[p_at], p_at FROM unnest(p_keys) AS k ORDER BY k
       ON CONFLICT (key) DO NOTHING RETURNING key
     )
     SELECT coalesce(array_agg(key), '{}') INTO v_new FROM created;
     -- The rings that were there: locked in key order and checked. A new ring was empty.
     IF cardinality(v_new) < cardinality(p_keys) THEN
       FOR v_ring IN SELECT r.key, r.times FROM recent_sends AS r
           WHERE r.key = ANY (p_keys) AND NOT r.key = ANY (v_new) ORDER BY r.key FOR UPDATE LOOP
         v_n := coalesce(array_length(v_ring.times, 1), 0);
         FOR i IN 1 .. v_windows LOOP
           v_cap := p_window_caps[i];
           IF p_keys[p_window_keys[i]] = v_ring.key AND v_n >= v_cap AND v_ring.times[v_n - v_cap + 1] + p_window_ms[i] > p_at THEN
             untils[i] := v_ring.times[v_n - v_cap + 1] + p_window_ms[i];
             taken := false;
           END IF;
         END LOOP;
       END LOOP;
     END IF;
     SELECT count(*) INTO v_shards FROM send_budgets WHERE key = p_budget_key;
     IF v_shards = 0 THEN
       INSERT INTO send_budgets (key, shard, minute, used)
         SELECT p_budget_key, s, 0, 0 FROM generate_series(0, 15) AS s ON CONFLICT DO NOTHING;
       SELECT count(*) INTO v_shards FROM send_budgets WHERE key = p_budget_key;
     END IF;
     -- A share with room, starting from a random one, counted at once: a share another send holds
     -- is skipped, not waited for. Refused sends only look.
     IF taken THEN
       UPDATE send_budgets AS b SET used = CASE WHEN b.minute = v_minute THEN b.used + 1 ELSE 1 END, minute = v_minute
         WHERE b.key = p_budget_key AND b.shard = (
           SELECT s.shard FROM send_budgets AS s
           WHERE s.key = p_budget_key
             AND (CASE WHEN s.minute = v_minute THEN s.used ELSE 0 END)
               < p_budget_cap / v_shards + CASE WHEN s.shard < p_budget_cap % v_shards THEN 1 ELSE 0 END
           ORDER BY (s.shard - p_first_shard + v_shards) % v_shards LIMIT 1 FOR UPDATE SKIP LOCKED
         )
         RETURNING b.shard INTO shard;
     ELSE
       SELECT b.shard INTO shard FROM send_budgets AS b
         WHERE b.key = p_budget_key
           AND (CASE WHEN b.minute = v_minute THEN b.used ELSE 0 END)
             < p_budget_cap / v_shards + CASE WHEN b.shard < p_budget_cap % v_shards THEN 1 ELSE 0 END
         LIMIT 1;
     END IF;
     IF shard IS NULL THEN
       budget_until := v_minute + 60000;
       taken := false;
     END IF;
     IF NOT taken THEN
       shard := NULL;
       -- The rings this send created go again: it was not sent.
       IF cardinality(v_new) > 0 THEN
         DELETE FROM recent_sends WHERE key = ANY (v_new);
       END IF;
       RETURN;
     END IF;
     IF cardinality(v_new) < cardinality(p_keys) THEN
       UPDATE recent_sends AS r
         SET times = ARRAY(SELECT t FROM (SELECT t FROM unnest(r.times || p_at) AS t ORDER BY t DESC LIMIT u.size) AS newest ORDER BY t),
             last_at = greatest(r.last_at, p_at)
         FROM unnest(p_keys, p_sizes) AS u(k, size) WHERE r.key = u.k AND NOT r.key = ANY (v_new);
     END IF;
   END
   $fn$;`,
  // Fewer rows a send: a destination's row says who took its newest send (holder, a digest of the
  // user's id, and held_at, that send's time), where a second ring under "asked:<holder>:<key>"
  // said it in a row of its own. Each asked ring seeds its destination's row when it holds the
  // destination's newest send, then goes. take_send gains the holders and answers whether each
  // ring's newest send is its holder's. The nine arguments of the version before stay for old
  // instances still running during a rolling upgrade, but only as a call of the new one with no
  // holders: one take in force, and a send an old instance writes is nobody's (docs/scaling.md,
  // "Upgrading"). The trim of a user's unused enrollments reads only unused ones, in its order,
  // from an index of its own (the same columns as SQLite's).
  `ALTER TABLE recent_sends ADD COLUMN holder TEXT, ADD COLUMN held_at BIGINT;
   UPDATE recent_sends AS d SET holder = substr(a.key, 7, 32), held_at = a.times[cardinality(a.times)]
     FROM recent_sends AS a
     WHERE a.key LIKE 'asked:%' AND d.key = substr(a.key, 40) AND d.times[cardinality(d.times)] = a.times[cardinality(a.times)];
   DELETE FROM recent_sends WHERE key LIKE 'asked:%';
   DROP INDEX enrollments_user;
   CREATE INDEX enrollments_user ON enrollments (user_id, created_at, token_hash, consumed_at) WHERE consumed_at IS NULL;
   CREATE FUNCTION take_send(
     p_at BIGINT, p_keys TEXT[], p_holders TEXT[], p_sizes INTEGER[], p_window_keys INTEGER[], p_window_caps INTEGER[],
     p_window_ms BIGINT[], p_budget_key TEXT, p_budget_cap INTEGER, p_first_shard INTEGER,
     OUT taken BOOLEAN, OUT untils BIGINT[], OUT budget_until BIGINT, OUT shard INTEGER, OUT mine BOOLEAN[]
   ) LANGUAGE plpgsql AS $fn$
   DECLARE
     v_windows INTEGER := coalesce(array_length(p_window_keys, 1), 0);
     v_minute BIGINT := p_at - p_at % 60000;
     v_new TEXT[];
     v_ring RECORD;
     v_n INTEGER;
     v_cap INTEGER;
     v_shards INTEGER;
   BEGIN
     taken := true;
     untils := array_fill(NULL::BIGINT, ARRAY[v_windows]);
     mine := array_fill(false, ARRAY[cardinality(p_keys)]);
     -- Rings that do not exist yet are created holding this send, in key order, so that two sends
     -- never wait on each other in a circle; a send racing for the same new ring waits here until
     -- this one ends, then finds the ring and checks it below.
     WITH created AS (
       INSERT INTO recent_sends (key, times, last_at, holder, held_at)
         SELECT DISTINCT ON (k) k, ARRAY[p_at], p_at, h, CASE WHEN h IS NULL THEN NULL ELSE p_at END
         FROM unnest(p_keys, p_holders) AS u(k, h) ORDER BY k
       ON CONFLICT (key) DO NOTHING RETURNING key
     )
     SELECT coalesce(array_agg(key), '{}') INTO v_new FROM created;
     -- The rings that were there: locked in key order and checked. A new ring was empty, and nobody's.
     IF cardinality(v_new) < cardinality(p_keys) THEN
       FOR v_ring IN SELECT r.key, r.times, r.holder, r.held_at FROM recent_sends AS r
           WHERE r.key = ANY (p_keys) AND NOT r.key = ANY (v_new) ORDER BY r.key FOR UPDATE LOOP
         v_n := coalesce(array_length(v_ring.times, 1), 0);
         FOR i IN 1 .. v_windows LOOP
           v_cap := p_window_caps[i];
           IF p_keys[p_window_keys[i]] = v_ring.key AND v_n >= v_cap AND v_ring.times[v_n - v_cap + 1] + p_window_ms[i] > p_at THEN
             untils[i] := v_ring.times[v_n - v_cap + 1] + p_window_ms[i];
             taken := false;
           END IF;
         END LOOP;
         FOR j IN 1 .. cardinality(p_keys) LOOP
           IF p_keys[j] = v_ring.key THEN
             mine[j] := coalesce(v_ring.holder = p_holders[j] AND v_ring.held_at = v_ring.times[v_n], false);
           END IF;
         END LOOP;
       END LOOP;
     END IF;
     SELECT count(*) INTO v_shards FROM send_budgets WHERE key = p_budget_key;
     IF v_shards = 0 THEN
       INSERT INTO send_budgets (key, shard, minute, used)
         SELECT p_budget_key, s, 0, 0 FROM generate_series(0, 15) AS s ON CONFLICT DO NOTHING;
       SELECT count(*) INTO v_shards FROM send_budgets WHERE key = p_budget_key;
     END IF;
     -- A share with room, starting from a random one, counted at once: a share another send holds
     -- is skipped, not waited for. Refused sends only look.
     IF taken THEN
       UPDATE send_budgets AS b SET used = CASE WHEN b.minute = v_minute THEN b.used + 1 ELSE 1 END, minute = v_minute
         WHERE b.key = p_budget_key AND b.shard = (
           SELECT s.shard FROM send_budgets AS s
           WHERE s.key = p_budget_key
             AND (CASE WHEN s.minute = v_minute THEN s.used ELSE 0 END)
               < p_budget_cap / v_shards + CASE WHEN s.shard < p_budget_cap % v_shards THEN 1 ELSE 0 END
           ORDER BY (s.shard - p_first_shard + v_shards) % v_shards LIMIT 1 FOR UPDATE SKIP LOCKED
         )
         RETURNING b.shard INTO shard;
     ELSE
       SELECT b.shard INTO shard FROM send_budgets AS b
         WHERE b.key = p_budget_key
           AND (CASE WHEN b.minute = v_minute THEN b.used ELSE 0 END)
             < p_budget_cap / v_shards + CASE WHEN b.shard < p_budget_cap % v_shards THEN 1 ELSE 0 END
         LIMIT 1;
     END IF;
     IF shard IS NULL THEN
       budget_until := v_minute + 60000;
       taken := false;
     END IF;
     IF NOT taken THEN
       shard := NULL;
       -- The rings this send created go again: it was not sent.
       IF cardinality(v_new) > 0 THEN
         DELETE FROM recent_sends WHERE key = ANY (v_new);
       END IF;
       RETURN;
     END IF;
     IF cardinality(v_new) < cardinality(p_keys) THEN
       UPDATE recent_sends AS r
         SET times = ARRAY(SELECT t FROM (SELECT t FROM unnest(r.times || p_at) AS t ORDER BY t DESC LIMIT u.size) AS newest ORDER BY t),
             last_at = greatest(r.last_at, p_at),
             holder = u.h,
             held_at = CASE WHEN u.h IS NULL THEN NULL ELSE p_at END
         FROM unnest(p_keys, p_sizes, p_holders) AS u(k, size, h) WHERE r.key = u.k AND NOT r.key = ANY (v_new);
     END IF;
   END
   $fn$;
   CREATE OR REPLACE FUNCTION take_send(
     p_at BIGINT, p_keys TEXT[], p_sizes INTEGER[], p_window_keys INTEGER[], p_window_caps INTEGER[], p_window_ms BIGINT[],
     p_budget_key TEXT, p_budget_cap INTEGER, p_first_shard INTEGER,
     OUT taken BOOLEAN, OUT untils BIGINT[], OUT budget_until BIGINT, OUT shard INTEGER
   ) LANGUAGE sql AS $fn$
     SELECT t.taken, t.untils, t.budget_until, t.shard
     FROM take_send(p_at, p_keys, array_fill(NULL::TEXT, ARRAY[cardinality(p_keys)]), p_sizes, p_window_keys, p_window_caps,
       p_window_ms, p_budget_key, p_budget_cap, p_first_shard) AS t
   $fn$;`,
];
