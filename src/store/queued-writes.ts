import type { Serial } from "./serial.ts";
import type { MfaStoreOps } from "./store.ts";

/**
 * The calls of a store with one writer (SQLite, memory), each write queued behind the transactions.
 * A transaction's work is asynchronous, so a write made outside it could land between its read and
 * its write, or inside its savepoint; in the queue it waits until the transaction ends. Reads go
 * straight through: one cannot break a transaction, though it may see what a running one wrote so far.
 */
export function queuedWrites(ops: MfaStoreOps, queue: Serial): MfaStoreOps {
  const queued =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A) =>
      queue(() => call(...args));
  return Object.assign({}, ops, {
    startSend: queued(ops.startSend),
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
  });
}
