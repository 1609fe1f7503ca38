import { fullUntil, MINUTE_MS, minuteOf, ringSize, withoutSend, withSend } from "./send-rings.ts";
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
  recentSends: Map<string, { times: number[]; lastAt: number }>;
  sendBudgets: Map<string, { minute: number; used: number }>;
}

/** A record without its undefined fields, so that an absent optional field stays absent, as the other stores return it. */
const defined = <T extends object>(record: T): T => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
const copyEnrollment = (r: EnrollmentRecord): EnrollmentRecord => ({ ...r, profile: { ...r.profile } });
const copyFactor = (r: FactorRecord): FactorRecord => ({ ...r, profile: { ...r.profile } });
// A pair of strings as one key that no other pair gives: JSON quotes and escapes each part.
const sessionStepUpKey = (userId: string, session: string) => JSON.stringify([userId, session]);

/**
 * An MfaStore in memory, for the stateful mock (in a browser, a service worker, or the mock's own
 * process): the same promise as the SQLite store, which the store-conformance suite holds it to.
 * Transactions and writes take turns on one queue, as SQLite's do; a transaction that throws has its
 * writes undone from a log of what each one replaced. Everything is gone when the store is.
 */
export function openMemoryStore(): MfaStore {
  const tables: Tables = {
    enrollments: new Map(),
    factors: new Map(),
    otpFailures: new Map(),
    sessionStepUps: new Map(),
    recentSends: new Map(),
    sendBudgets: new Map(),
  };
  // While a transaction runs, what each write replaced (undefined: the key was absent), newest last.
  let undo: Array<() => void> | undefined;

  function put<K, V>(table: Map<K, V>, key: K, value: V | undefined): void {
    if (undo) {
      const had = table.has(key);
      const before = table.get(key);
      undo.push(() => (had ? table.set(key, before!) : table.delete(key)));
    }
    if (value === undefined) table.delete(key);
    else table.set(key, value);
  }

  const timesOf = (key: string) => tables.recentSends.get(key)?.times ?? [];
  const usedThisMinute = (key: string, at: number) => {
    const share = tables.sendBudgets.get(key);
    return share?.minute === minuteOf(at) ? share.used : 0;
  };
  const factorsOf = (userId: string) =>
    [...tables.factors.values()].filter((f) => f.userId === userId).sort((a, b) => a.createdAt - b.createdAt || (a.factorId < b.factorId ? -1 : 1));
  /**
   * SQLite's trim: the user's unused enrollments (not consumed: waiting, revoked or expired alike),
   * newest first and by token hash within one moment, and all but the first `keep` deleted.
   */
  function trim(userId: string, keep: number): number {
    const unused = [...tables.enrollments.values()]
      .filter((r) => r.userId === userId && r.consumedAt === undefined)
      .sort((a, b) => b.createdAt - a.createdAt || (a.tokenHash < b.tokenHash ? -1 : a.tokenHash > b.tokenHash ? 1 : 0));
    for (const r of unused.slice(keep)) put(tables.enrollments, r.tokenHash, undefined);
    return Math.max(0, unused.length - keep);
  }
  function guard(userId: string, session: string): OtpGuard {
    const failures = tables.otpFailures.get(userId);
    const stepUp = tables.sessionStepUps.get(sessionStepUpKey(userId, session));
    return { ...(failures && { failures: { ...failures } }), ...(stepUp && { stepUpAt: stepUp.at }) };
  }
  function deleteWhere<V>(table: Map<string, V>, test: (value: V) => boolean): number {
    let count = 0;
    for (const [key, value] of table) if (test(value)) (put(table, key, undefined), count++);
    return count;
  }

  const ops: MfaStoreOps = {
    takeSend: async (at, rings, budget) => {
      const held = rings.map((r) => timesOf(r.key));
      const untils = rings.map((r, i) => r.windows.map((w) => fullUntil(held[i]!, w, at)));
      const used = usedThisMinute(budget.key, at);
      const budgetUntil = used >= budget.cap ? minuteOf(at) + MINUTE_MS : undefined;
      if (budgetUntil !== undefined || untils.some((u) => u.some((t) => t !== undefined))) return { taken: false, rings: untils, budget: budgetUntil };
      rings.forEach((r, i) => {
        const lastAt = Math.max(tables.recentSends.get(r.key)?.lastAt ?? at, at);
        put(tables.recentSends, r.key, { times: withSend(held[i]!, at, ringSize(r.windows)), lastAt });
      });
      put(tables.sendBudgets, budget.key, { minute: minuteOf(at), used: used + 1 });
      return { taken: true, shard: 0 };
    },
    giveBackSend: async (send) => {
      for (const key of new Set(send.ringKeys)) {
        const ring = tables.recentSends.get(key);
        if (ring?.times.includes(send.at)) put(tables.recentSends, key, { ...ring, times: withoutSend(ring.times, send.at) });
      }
      const used = usedThisMinute(send.budgetKey, send.at);
      if (used > 0) put(tables.sendBudgets, send.budgetKey, { minute: minuteOf(send.at), used: used - 1 });
    },
    recentSends: async (key) => [...timesOf(key)],
    pruneRecentSends: async (before) =>
      deleteWhere(tables.recentSends, (r) => r.lastAt < before) + deleteWhere(tables.sendBudgets, (b) => b.minute < minuteOf(before)),

    otpGuard: async (userId, session) => guard(userId, session),
    setStepUpAt: async (userId, session, at) => {
      const key = sessionStepUpKey(userId, session);
      // An earlier time never replaces a later one, as SQLite's max(at, excluded.at) keeps it.
      put(tables.sessionStepUps, key, { at: Math.max(at, tables.sessionStepUps.get(key)?.at ?? at) });
    },
    pruneStepUps: async (before) => deleteWhere(tables.sessionStepUps, (s) => s.at < before),

    insertEnrollment: async (record, keepPending) => {
      if (tables.enrollments.has(record.tokenHash)) throw new UniqueViolation("enrollments.token_hash");
      put(tables.enrollments, record.tokenHash, defined(copyEnrollment(record)));
      if (keepPending !== undefined) trim(record.userId, keepPending);
    },
    trimPendingEnrollments: async (userId, keep) => trim(userId, keep),
    findEnrollment: async (tokenHash) => {
      const found = tables.enrollments.get(tokenHash);
      return found && copyEnrollment(found);
    },
    updateEnrollment: async (tokenHash, change) => {
      const found = tables.enrollments.get(tokenHash);
      if (found) put(tables.enrollments, tokenHash, { ...found, ...defined(change) });
    },
    pruneEnrollments: async (before) => deleteWhere(tables.enrollments, (r) => r.expiresAt < before),

    insertFactor: async (record) => {
      if (tables.factors.has(record.factorId)) throw new UniqueViolation("factors.factor_id");
      if (factorsOf(record.userId).some((f) => f.factorType === record.factorType)) throw new UniqueViolation("factors.user_id, factors.factor_type");
      put(tables.factors, record.factorId, defined(copyFactor(record)));
    },
    findFactor: async (userId, factorId) => {
      const found = tables.factors.get(factorId);
      return found?.userId === userId ? copyFactor(found) : undefined;
    },
    findFactorByType: async (userId, factorType) => {
      const found = factorsOf(userId).find((f) => f.factorType === factorType);
      return found && copyFactor(found);
    },
    listFactors: async (userId) => factorsOf(userId).map(copyFactor),
    updateFactor: async (factorId, change) => {
      const found = tables.factors.get(factorId);
      if (found) put(tables.factors, factorId, { ...found, ...defined(change) });
    },
    deleteFactor: async (userId, factorId) => {
      if (tables.factors.get(factorId)?.userId !== userId) return false;
      put(tables.factors, factorId, undefined);
      return true;
    },

    otpFailures: async (userId) => {
      const found = tables.otpFailures.get(userId);
      return found && { ...found };
    },
    setOtpFailures: async (record) => put(tables.otpFailures, record.userId, defined({ ...record })),
  };

  // One queue for transactions and for writes outside them, so that a write never lands between a
  // transaction's read and its write.
  const queue = serial();
  const transaction = <T>(work: (tx: MfaStoreOps) => Promise<T>): Promise<T> =>
    queue(async () => {
      const log: Array<() => void> = [];
      undo = log;
      try {
        return await work(ops);
      } catch (error) {
        for (const step of log.reverse()) step();
        throw error;
      } finally {
        undo = undefined;
      }
    });
  const queued = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => (...args: A) => queue(() => call(...args));

  return {
    ...ops,
    takeSend: queued(ops.takeSend),
    giveBackSend: queued(ops.giveBackSend),
    pruneRecentSends: queued(ops.pruneRecentSends),
    setStepUpAt: queued(ops.setStepUpAt),
    pruneStepUps: queued(ops.pruneStepUps),
    trimPendingEnrollments: queued(ops.trimPendingEnrollments),
    insertEnrollment: queued(ops.insertEnrollment),
    updateEnrollment: queued(ops.updateEnrollment),
    pruneEnrollments: queued(ops.pruneEnrollments),
    insertFactor: queued(ops.insertFactor),
    updateFactor: queued(ops.updateFactor),
    deleteFactor: queued(ops.deleteFactor),
    setOtpFailures: queued(ops.setOtpFailures),
    transaction,
    // Nothing to wait for: a write is done when its call resolves.
    committed: () => Promise.resolve(),
    ready: () => Promise.resolve(),
    poolUsage: () => ({ total: 1, idle: undo ? 0 : 1, waiting: 0 }),
    close: () => queue(() => undefined),
  };
}
