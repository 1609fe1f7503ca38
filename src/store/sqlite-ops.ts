import {
  enrollmentChangeValues,
  enrollmentValues,
  factorChangeValues,
  factorValues,
  otpFailureValues,
  toEnrollment,
  toFactor,
  toOtpFailures,
  toOtpGuard,
} from "./rows.ts";
import { minuteOf, refusal, type RingState, withoutSend, withTaken } from "./send-rings.ts";
import type { SqliteStatements } from "./sqlite-statements.ts";
import { composedStartSend } from "./composed-start-send.ts";
import type { MfaStoreOps } from "./store.ts";

// The SQLite store's calls, synchronous underneath: each runs its statements to the end before
// another call starts, and the store runs transactions one at a time, so a read-check-write here
// needs no lock. The store decides which of them queue; these only read and write.

/** Runs writes inside the open batch of the group commit (group-commit.ts). */
export type Write = <T>(work: () => T) => T;

type Ops<K extends keyof MfaStoreOps> = Pick<MfaStoreOps, K>;

/** The send rings and the budget, checked and counted in this process (send-rings.ts has the arithmetic). */
function sendOps(st: SqliteStatements["sends"], write: Write): Ops<"takeSend" | "giveBackSend" | "recentSends" | "pruneRecentSends"> {
  const ringOf = (key: string): RingState => {
    const row = st.ring.get(key);
    if (!row) return { times: [] };
    const times = JSON.parse(row.times) as number[];
    return row.holder === null ? { times } : { times, holder: row.holder, heldAt: row.held_at! };
  };
  /** The budget's one share (one writer needs no more): its sends so far this minute. */
  const usedThisMinute = (key: string, at: number): number => {
    const share = st.budgetShare.get(key);
    return share?.minute === minuteOf(at) ? share.used : 0;
  };
  return {
    takeSend: async (at, rings, budget) => {
      const held = rings.map((r) => ringOf(r.key));
      // When the rings have room, one statement takes from the budget if it has room too. The share is
      // read apart only for a refusal (a ring full or the share spent), which names whichever frees last.
      const taken =
        !refusal(at, rings, held, 0, budget) && write(() => st.takeFromBudget.run(budget.key, minuteOf(at), budget.cap).changes === 1);
      if (!taken) return refusal(at, rings, held, usedThisMinute(budget.key, at), budget)!;
      write(() => {
        for (const [i, r] of rings.entries()) {
          const { times, holder, heldAt } = withTaken(r, held[i]!, at);
          st.upsertRing.run(r.key, JSON.stringify(times), at, holder ?? null, heldAt ?? null);
        }
      });
      return { taken: true, shard: 0 };
    },
    giveBackSend: async (send) => {
      write(() => {
        for (const key of new Set(send.ringKeys)) {
          const { times } = ringOf(key);
          if (times.includes(send.at)) st.setRingTimes.run(JSON.stringify(withoutSend(times, send.at)), key);
        }
        const used = usedThisMinute(send.budgetKey, send.at);
        if (used > 0) st.upsertBudget.run(send.budgetKey, minuteOf(send.at), used - 1);
      });
    },
    recentSends: async (key) => ringOf(key).times,
    pruneRecentSends: async (before) => write(() => st.pruneRings.run(before).changes + st.pruneBudgets.run(minuteOf(before)).changes),
  };
}

/** A user's wrong codes and their sessions' step-ups. */
function guardOps(
  st: SqliteStatements["guard"],
  write: Write,
): Ops<"otpGuard" | "setStepUpAt" | "pruneStepUps" | "otpFailures" | "setOtpFailures"> {
  return {
    otpGuard: async (userId, session) => toOtpGuard(st.guard.get({ userId, session })!),
    setStepUpAt: async (userId, session, at) => {
      write(() => st.upsertStepUp.run(userId, session, at));
    },
    pruneStepUps: async (before) => write(() => st.pruneStepUps.run(before).changes),
    otpFailures: async (userId) => {
      const row = st.failures.get(userId);
      return row && toOtpFailures(row);
    },
    setOtpFailures: async (record) => {
      write(() => st.upsertFailures.run(...otpFailureValues(record)));
    },
  };
}

/** Started enrollments. */
function enrollmentOps(
  st: SqliteStatements["enrollments"],
  write: Write,
): Ops<"trimPendingEnrollments" | "insertEnrollment" | "findEnrollment" | "updateEnrollment" | "pruneEnrollments"> {
  return {
    trimPendingEnrollments: async (userId, keep) => write(() => st.trimPending.run(userId, keep).changes),
    insertEnrollment: async (record, keepPending) => {
      write(() => {
        st.insert.run(...enrollmentValues(record));
        if (keepPending !== undefined) st.trimPending.run(record.userId, keepPending);
      });
    },
    findEnrollment: async (tokenHash) => {
      const row = st.find.get(tokenHash);
      return row && toEnrollment(row);
    },
    updateEnrollment: async (tokenHash, change) => {
      write(() => st.update.run(...enrollmentChangeValues(change), tokenHash));
    },
    pruneEnrollments: async (before) => write(() => st.prune.run(before).changes),
  };
}

/** Bound factors. */
function factorOps(
  st: SqliteStatements["factors"],
  write: Write,
): Ops<"insertFactor" | "findFactor" | "findFactorByType" | "listFactors" | "updateFactor" | "deleteFactor"> {
  return {
    insertFactor: async (record) => {
      write(() => st.insert.run(...factorValues(record)));
    },
    findFactor: async (userId, factorId) => {
      const row = st.find.get(userId, factorId);
      return row && toFactor(row);
    },
    findFactorByType: async (userId, factorType) => {
      const row = st.findByType.get(userId, factorType);
      return row && toFactor(row);
    },
    listFactors: async (userId) => st.list.all(userId).map(toFactor),
    updateFactor: async (factorId, change) => {
      write(() => st.update.run(...factorChangeValues(change), factorId));
    },
    deleteFactor: async (userId, factorId) => write(() => st.delete.run(userId, factorId).changes === 1),
  };
}

/** Every call of the store over its statements, for use inside a transaction (or queued outside one). */
export function sqliteOps(st: SqliteStatements, write: Write): MfaStoreOps {
  const ops = Object.assign(
    sendOps(st.sends, write),
    guardOps(st.guard, write),
    enrollmentOps(st.enrollments, write),
    factorOps(st.factors, write),
  );
  return { startSend: composedStartSend(ops), ...ops };
}
