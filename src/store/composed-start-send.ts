import type { MfaStoreOps } from "./store.ts";

/**
 * startSend made of the store's own calls, one after the other, for the stores with one writer
 * (SQLite, memory): their calls cost no round trip, and their queue keeps anything from landing
 * between them.
 */
export const composedStartSend =
  (ops: Omit<MfaStoreOps, "startSend">): MfaStoreOps["startSend"] =>
  async ({ at, rings, budget, enrollment, keepPending, unlessBound }) => {
    const factors = await ops.listFactors(enrollment.userId);
    if (factors.some((f) => unlessBound.includes(f.factorType))) return { factors };
    const take = await ops.takeSend(at, rings, budget);
    if (take.taken) await ops.insertEnrollment(enrollment, keepPending);
    return { factors, take };
  };
