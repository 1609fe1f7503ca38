import { describe, expect, it } from "vitest";
import { openMemoryStore, UniqueViolation } from "../../src/store/memory-store.ts";
import { factor, storeConformance } from "./store-conformance.ts";

// The stateful mock's store. Its "instances" are handles on one store, as SQLite's are on one file:
// two mocks never share their memory.
storeConformance({
  name: "in-memory",
  async database() {
    const store = openMemoryStore();
    return async () => store;
  },
});

describe("the in-memory store", () => {
  it("refuses a second factor of one type with SQLite's error and code", async () => {
    const store = openMemoryStore();
    await store.insertFactor(factor());
    const refused = store.insertFactor(factor({ factorId: "factor-2" }));
    await expect(refused).rejects.toBeInstanceOf(UniqueViolation);
    await expect(refused).rejects.toMatchObject({
      code: "SQLITE_CONSTRAINT_UNIQUE",
      message: "UNIQUE constraint failed: factors.user_id, factors.factor_type",
    });
  });

  it("keeps a session's step-up apart from a session whose name joins the same parts differently", async () => {
    const store = openMemoryStore();
    await store.setStepUpAt("a", "b,c", 5);
    expect(await store.otpGuard("a,b", "c")).toStrictEqual({});
    expect(await store.otpGuard("a", "b,c")).toStrictEqual({ stepUpAt: 5 });
  });

  it("hands out copies, so that a caller's edit of a record never reaches the store", async () => {
    const store = openMemoryStore();
    await store.insertFactor(factor());
    const found = (await store.findFactor("user-1", "factor-1"))!;
    found.profile.issuer = "edited";
    found.lastTotpStep = 1;
    expect(await store.findFactor("user-1", "factor-1")).toStrictEqual(factor());
  });

  it("undoes a failed transaction's writes in reverse order, including a record written twice", async () => {
    const store = openMemoryStore();
    const failures = { userId: "user-1", count: 1, consecutive: 1, escalation: 0, lastFailureAt: 1 };
    await store.setOtpFailures(failures);
    const work = store.transaction(async (tx) => {
      await tx.setOtpFailures({ ...failures, count: 2, consecutive: 2, lastFailureAt: 2 });
      await tx.setOtpFailures({ ...failures, count: 0, consecutive: 3, escalation: 1, lastFailureAt: 3, lockedUntil: 10 });
      await tx.setStepUpAt("user-1", "laptop", 5);
      throw new Error("rolled back");
    });
    await expect(work).rejects.toThrow("rolled back");
    expect(await store.otpGuard("user-1", "laptop")).toStrictEqual({ failures });
  });
});
