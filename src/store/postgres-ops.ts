import { randomInt } from "node:crypto";
import type pg from "pg";
import { statement, type Queryable } from "./postgres-connections.ts";
import { enrollmentSql, factorSql, guardSql, sendSql, startSendSql, type Lock } from "./postgres-statements.ts";
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
  type EnrollmentRow,
  type FactorRow,
  type OtpFailureRow,
  type OtpGuardRow,
} from "./rows.ts";
import { minuteOf, ringSize } from "./send-rings.ts";
import type { MfaStoreOps, SendBudget, SendRing, SendTake } from "./store.ts";

/** Shares of each channel's budget, as take_send creates them. */
const BUDGET_SHARDS = 16;

type Ops<K extends keyof MfaStoreOps> = Pick<MfaStoreOps, K>;

/** Runs statements on one connection or the pool: all rows, the first row, or how many rows changed. */
function runnerOn(db: Queryable) {
  const run = <R extends pg.QueryResultRow>(text: string, values: unknown[]) => db.query<R>(statement(text, values));
  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => (await run<R>(text, values)).rows[0];
  const count = async (text: string, values: unknown[]) => (await run(text, values)).rowCount ?? 0;
  return { run, one, count };
}

type Runner = ReturnType<typeof runnerOn>;

/** What take_send answers: untils holds one time or NULL per window, in the order they were given; mine one flag per ring. */
interface TakeSendRow {
  taken: boolean;
  untils: Array<number | null>;
  budget_until: number | null;
  shard: number | null;
  mine: boolean[];
}

/** take_send's arguments: the windows flattened, each naming its ring by position (from 1). */
function takeSendValues(at: number, rings: readonly SendRing[], budget: SendBudget): unknown[] {
  const windows = rings.flatMap((r, i) => r.windows.map((w) => ({ ring: i + 1, ...w })));
  return [
    at,
    rings.map((r) => r.key),
    rings.map((r) => r.holder ?? null),
    rings.map((r) => ringSize(r.windows)),
    windows.map((w) => w.ring),
    windows.map((w) => w.cap),
    windows.map((w) => w.windowMs),
    budget.key,
    budget.cap,
    randomInt(BUDGET_SHARDS),
  ];
}

/** What take_send answered, in the rings' shape. */
function toSendTake(row: TakeSendRow, rings: readonly SendRing[]): SendTake {
  if (row.taken) return { taken: true, shard: row.shard! };
  const untils = row.untils.map((u) => (u === null ? undefined : Number(u)));
  let next = 0;
  return {
    taken: false,
    rings: rings.map((r) => r.windows.map(() => untils[next++])),
    budget: row.budget_until ?? undefined,
    mine: row.mine,
  };
}

/** A row whose columns may all be NULL (a LEFT JOIN that found nothing). */
type Nullable<R> = { [K in keyof R]: R[K] | null };

/** The send rings and the budget's shares, checked and counted by take_send in the database. */
function sendOps(q: Runner): Ops<"startSend" | "takeSend" | "giveBackSend" | "recentSends" | "pruneRecentSends"> {
  return {
    startSend: async ({ at, rings, budget, enrollment, keepPending, unlessBound }) => {
      const values = [...takeSendValues(at, rings, budget), ...enrollmentValues(enrollment), keepPending, unlessBound];
      const row = (await q.one<Nullable<TakeSendRow> & { factors: FactorRow[] }>(startSendSql, values))!;
      const factors = row.factors.map(toFactor);
      return row.taken === null ? { factors } : { factors, take: toSendTake(row as TakeSendRow, rings) };
    },
    takeSend: async (at, rings, budget) => toSendTake((await q.one<TakeSendRow>(sendSql.take, takeSendValues(at, rings, budget)))!, rings),
    giveBackSend: async (send) => {
      await q.run(sendSql.giveBack, [[...new Set(send.ringKeys)], send.at, send.budgetKey, send.shard, minuteOf(send.at)]);
    },
    recentSends: async (key) => (await q.one<{ times: number[] }>(sendSql.ring, [key]))?.times.map(Number) ?? [],
    pruneRecentSends: async (before) =>
      (await q.count(sendSql.pruneRings, [before])) + (await q.count(sendSql.pruneBudgets, [minuteOf(before)])),
  };
}

/** A user's wrong codes and their sessions' step-ups. */
function guardOps(q: Runner, lock: Lock): Ops<"otpGuard" | "setStepUpAt" | "pruneStepUps" | "otpFailures" | "setOtpFailures"> {
  return {
    otpGuard: async (userId, session) => toOtpGuard((await q.one<OtpGuardRow>(guardSql.guard(lock), [userId, session]))!),
    setStepUpAt: async (userId, session, at) => {
      await q.run(guardSql.upsertStepUp, [userId, session, at]);
    },
    pruneStepUps: (before) => q.count(guardSql.pruneStepUps, [before]),
    otpFailures: async (userId) => {
      const row = await q.one<OtpFailureRow>(guardSql.failures(lock), [userId]);
      return row && toOtpFailures(row);
    },
    setOtpFailures: async (record) => {
      await q.run(guardSql.upsertFailures, otpFailureValues(record));
    },
  };
}

/** Started enrollments. */
function enrollmentOps(
  q: Runner,
  lock: Lock,
): Ops<"trimPendingEnrollments" | "insertEnrollment" | "findEnrollment" | "updateEnrollment" | "pruneEnrollments"> {
  return {
    trimPendingEnrollments: (userId, keep) => q.count(enrollmentSql.trimPending, [userId, keep]),
    insertEnrollment: async (record, keepPending) => {
      await q.run(enrollmentSql.insert, [...enrollmentValues(record), keepPending ?? null]);
    },
    findEnrollment: async (tokenHash) => {
      const row = await q.one<EnrollmentRow>(enrollmentSql.find(lock), [tokenHash]);
      return row && toEnrollment(row);
    },
    updateEnrollment: async (tokenHash, change) => {
      await q.run(enrollmentSql.update, [...enrollmentChangeValues(change), tokenHash]);
    },
    pruneEnrollments: (before) => q.count(enrollmentSql.prune, [before]),
  };
}

/** Bound factors. */
function factorOps(
  q: Runner,
  lock: Lock,
): Ops<"insertFactor" | "findFactor" | "findFactorByType" | "listFactors" | "updateFactor" | "deleteFactor"> {
  return {
    insertFactor: async (record) => {
      await q.run(factorSql.insert, factorValues(record));
    },
    findFactor: async (userId, factorId) => {
      const row = await q.one<FactorRow>(factorSql.find, [userId, factorId]);
      return row && toFactor(row);
    },
    findFactorByType: async (userId, factorType) => {
      const row = await q.one<FactorRow>(factorSql.findByType(lock), [userId, factorType]);
      return row && toFactor(row);
    },
    listFactors: async (userId) => (await q.run<FactorRow>(factorSql.list(lock), [userId])).rows.map(toFactor),
    updateFactor: async (factorId, change) => {
      await q.run(factorSql.update, [...factorChangeValues(change), factorId]);
    },
    deleteFactor: async (userId, factorId) => (await q.count(factorSql.delete, [userId, factorId])) === 1,
  };
}

/** The store's calls over one connection or the pool; inside a transaction, reads lock what they read. */
export function postgresOps(db: Queryable, inTransaction: boolean): MfaStoreOps {
  const q = runnerOn(db);
  const lock: Lock = inTransaction ? " FOR UPDATE" : "";
  return Object.assign(sendOps(q), guardOps(q, lock), enrollmentOps(q, lock), factorOps(q, lock));
}
