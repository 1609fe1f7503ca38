import { composedStartSend } from "./composed-start-send.ts";
import { queuedWrites } from "./queued-writes.ts";
import { minuteOf, refusal, type RingState, withoutSend, withTaken } from "./send-rings.ts";
import { serial } from "./serial.ts";
import type { EnrollmentRecord, FactorRecord, MfaStore, MfaStoreOps, OtpFailureRecord, OtpGuard } from "./store.ts";

/**
 * The error a second factor of one type for one user meets: SQLite's own message and code, since
 * this store keeps SQLite's promise (one writer at a time, so no caller needs to retry on it).
 */
export class UniqueViolation extends Error {
  readonly code = "SQLITE_CONSTRAINT_UNIQUE";
  constructor(constraint: string) {
    super(`UNIQUE constraint failed: ${constraint}`);
    this.name = "UniqueViolation";
  }
}

// One map per table, keyed as the table's primary key is: a table that a migration adds is a map here.
interface Tables {
  enrollments: Map<string, EnrollmentRecord>;
  factors: Map<string, FactorRecord>;
  otpFailures: Map<string, OtpFailureRecord>;
  /** Keyed by user and session together (sessionStepUpKey), as session_step_ups is. */
  sessionStepUps: Map<string, { at: number }>;
  recentSends: Map<string, RingState & { lastAt: number }>;
  sendBudgets: Map<string, { minute: number; used: number }>;
}

/** The tables and the one way to change them, which logs what a transaction's write replaced. */
class Memory {
  readonly tables: Tables = {
    enrollments: new Map(),
    factors: new Map(),
    otpFailures: new Map(),
    sessionStepUps: new Map(),
    recentSends: new Map(),
    sendBudgets: new Map(),
  };
  /** While a transaction runs, how to undo each write it made, newest last. */
  undo: Array<() => void> | undefined;

  /** Sets a row, or deletes it for `undefined`. */
  put<K, V>(table: Map<K, V>, key: K, value: V | undefined): void {
    if (this.undo) {
      const had = table.has(key);
      const before = table.get(key);
      this.undo.push(() => (had ? table.set(key, before!) : table.delete(key)));
    }
    if (value === undefined) table.delete(key);
    else table.set(key, value);
  }

  /** Deletes the rows that pass the test; returns how many. */
  deleteWhere<V>(table: Map<string, V>, test: (value: V) => boolean): number {
    let count = 0;
    for (const [key, value] of table) {
      if (!test(value)) continue;
      this.put(table, key, undefined);
      count++;
    }
    return count;
  }
}

/** A record without its undefined fields, so that an absent optional field stays absent, as the other stores return it. */
const defined = <T extends object>(record: T): T => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
const copyEnrollment = (r: EnrollmentRecord): EnrollmentRecord => Object.assign({}, r, { profile: { ...r.profile } });
const copyFactor = (r: FactorRecord): FactorRecord => Object.assign({}, r, { profile: { ...r.profile } });
// A pair of strings as one key that no other pair gives: JSON quotes and escapes each part.
const sessionStepUpKey = (userId: string, session: string) => JSON.stringify([userId, session]);
const byTokenHash = (a: EnrollmentRecord, b: EnrollmentRecord) => (a.tokenHash < b.tokenHash ? -1 : a.tokenHash > b.tokenHash ? 1 : 0);

/** The send rings and budgets, as SQLite keeps them (one budget share: one writer needs no more). */
function sendOps(m: Memory): Pick<MfaStoreOps, "takeSend" | "giveBackSend" | "recentSends" | "pruneRecentSends"> {
  const { recentSends, sendBudgets } = m.tables;
  const ringOf = (key: string): RingState => recentSends.get(key) ?? { times: [] };
  const usedThisMinute = (key: string, at: number) => {
    const share = sendBudgets.get(key);
    return share?.minute === minuteOf(at) ? share.used : 0;
  };
  return {
    takeSend: async (at, rings, budget) => {
      const held = rings.map((r) => ringOf(r.key));
      const used = usedThisMinute(budget.key, at);
      const refused = refusal(at, rings, held, used, budget);
      if (refused) return refused;
      rings.forEach((r, i) => {
        const lastAt = Math.max(recentSends.get(r.key)?.lastAt ?? at, at);
        m.put(recentSends, r.key, Object.assign(withTaken(r, held[i]!, at), { lastAt }));
      });
      m.put(sendBudgets, budget.key, { minute: minuteOf(at), used: used + 1 });
      return { taken: true, shard: 0 };
    },
    giveBackSend: async (send) => {
      for (const key of new Set(send.ringKeys)) {
        const ring = recentSends.get(key);
        if (ring?.times.includes(send.at)) m.put(recentSends, key, Object.assign({}, ring, { times: withoutSend(ring.times, send.at) }));
      }
      const used = usedThisMinute(send.budgetKey, send.at);
      if (used > 0) m.put(sendBudgets, send.budgetKey, { minute: minuteOf(send.at), used: used - 1 });
    },
    recentSends: async (key) => [...ringOf(key).times],
    pruneRecentSends: async (before) =>
      m.deleteWhere(recentSends, (r) => r.lastAt < before) + m.deleteWhere(sendBudgets, (b) => b.minute < minuteOf(before)),
  };
}

/** A user's failures, and the step-ups of their sessions: SQLite's otp_failures and session_step_ups. */
function guardOps(m: Memory): Pick<MfaStoreOps, "otpGuard" | "setStepUpAt" | "pruneStepUps" | "otpFailures" | "setOtpFailures"> {
  const { otpFailures, sessionStepUps } = m.tables;
  const failuresOf = (userId: string) => {
    const found = otpFailures.get(userId);
    return found && { ...found };
  };
  return {
    otpGuard: async (userId, session): Promise<OtpGuard> => {
      const failures = failuresOf(userId);
      const stepUp = sessionStepUps.get(sessionStepUpKey(userId, session));
      return Object.assign({}, failures && { failures }, stepUp && { stepUpAt: stepUp.at });
    },
    setStepUpAt: async (userId, session, at) => {
      const key = sessionStepUpKey(userId, session);
      // An earlier time never replaces a later one, as SQLite's max(at, excluded.at) keeps it.
      m.put(sessionStepUps, key, { at: Math.max(at, sessionStepUps.get(key)?.at ?? at) });
    },
    pruneStepUps: async (before) => m.deleteWhere(sessionStepUps, (s) => s.at < before),
    otpFailures: async (userId) => failuresOf(userId),
    // Every field replaced: a time the record leaves out is cleared, as SQLite's upsert sets it NULL.
    setOtpFailures: async (record) => m.put(otpFailures, record.userId, defined({ ...record })),
  };
}

/** Enrollments, with SQLite's trim of a user's unused ones. */
function enrollmentOps(
  m: Memory,
): Pick<MfaStoreOps, "insertEnrollment" | "trimPendingEnrollments" | "findEnrollment" | "updateEnrollment" | "pruneEnrollments"> {
  const { enrollments } = m.tables;
  /**
   * The user's unused enrollments (not consumed: waiting, revoked or expired alike), newest first
   * and the greater token hash first within one millisecond (as the SQL stores read their index
   * backwards), and all but the first `keep` deleted; returns how many went.
   */
  function trim(userId: string, keep: number): number {
    const unused = [...enrollments.values()].filter((r) => r.userId === userId && r.consumedAt === undefined);
    unused.sort((a, b) => b.createdAt - a.createdAt || byTokenHash(b, a));
    for (const r of unused.slice(keep)) m.put(enrollments, r.tokenHash, undefined);
    return Math.max(0, unused.length - keep);
  }
  return {
    insertEnrollment: async (record, keepPending) => {
      if (enrollments.has(record.tokenHash)) throw new UniqueViolation("enrollments.token_hash");
      m.put(enrollments, record.tokenHash, defined(copyEnrollment(record)));
      if (keepPending !== undefined) trim(record.userId, keepPending);
    },
    trimPendingEnrollments: async (userId, keep) => trim(userId, keep),
    findEnrollment: async (tokenHash) => {
      const found = enrollments.get(tokenHash);
      return found && copyEnrollment(found);
    },
    updateEnrollment: async (tokenHash, change) => {
      const found = enrollments.get(tokenHash);
      if (found) m.put(enrollments, tokenHash, Object.assign({}, found, defined(change)));
    },
    pruneEnrollments: async (before) => m.deleteWhere(enrollments, (r) => r.expiresAt < before),
  };
}

/** Bound factors, one of each type per user. */
function factorOps(
  m: Memory,
): Pick<MfaStoreOps, "insertFactor" | "findFactor" | "findFactorByType" | "listFactors" | "updateFactor" | "deleteFactor"> {
  const { factors } = m.tables;
  const factorsOf = (userId: string) =>
    [...factors.values()]
      .filter((f) => f.userId === userId)
      .sort((a, b) => a.createdAt - b.createdAt || (a.factorId < b.factorId ? -1 : 1));
  return {
    insertFactor: async (record) => {
      if (factors.has(record.factorId)) throw new UniqueViolation("factors.factor_id");
      if (factorsOf(record.userId).some((f) => f.factorType === record.factorType))
        throw new UniqueViolation("factors.user_id, factors.factor_type");
      m.put(factors, record.factorId, defined(copyFactor(record)));
    },
    findFactor: async (userId, factorId) => {
      const found = factors.get(factorId);
      return found?.userId === userId ? copyFactor(found) : undefined;
    },
    findFactorByType: async (userId, factorType) => {
      const found = factorsOf(userId).find((f) => f.factorType === factorType);
      return found && copyFactor(found);
    },
    listFactors: async (userId) => factorsOf(userId).map(copyFactor),
    updateFactor: async (factorId, change) => {
      const found = factors.get(factorId);
      if (found) m.put(factors, factorId, Object.assign({}, found, defined(change)));
    },
    deleteFactor: async (userId, factorId) => {
      if (factors.get(factorId)?.userId !== userId) return false;
      m.put(factors, factorId, undefined);
      return true;
    },
  };
}

/**
 * An MfaStore in memory, for the stateful mock (in a browser, a service worker, or the mock's own
 * process): the same promise as the SQLite store, which the store-conformance suite holds it to.
 * Transactions and writes take turns on one queue, as SQLite's do; a transaction that throws has its
 * writes undone from a log of what each one replaced. Everything is gone when the store is.
 */
export function openMemoryStore(): MfaStore {
  const m = new Memory();
  const calls = Object.assign(sendOps(m), guardOps(m), enrollmentOps(m), factorOps(m));
  const ops: MfaStoreOps = { startSend: composedStartSend(calls), ...calls };
  // One queue for transactions and for writes outside them, so that a write never lands between a
  // transaction's read and its write.
  const queue = serial();
  const transaction = <T>(work: (tx: MfaStoreOps) => Promise<T>): Promise<T> =>
    queue(async () => {
      const log: Array<() => void> = [];
      m.undo = log;
      try {
        return await work(ops);
      } catch (error) {
        for (const step of log.reverse()) step();
        throw error;
      } finally {
        m.undo = undefined;
      }
    });
  return {
    transaction,
    // Nothing to wait for: a write is done when its call resolves.
    committed: () => Promise.resolve(),
    ready: () => Promise.resolve(),
    poolUsage: () => ({ total: 1, idle: m.undo ? 0 : 1, waiting: 0 }),
    close: () => queue(() => undefined),
    ...queuedWrites(ops, queue),
  };
}
