import { decodeJwt } from "jose";
import net from "node:net";
import { describe, expect, it, vi } from "vitest";
import { sessionOf } from "../../src/domain/token-session.ts";
import { openPostgresStore } from "../../src/store/postgres-store.ts";
import { freshPostgresDatabase, postgresAdminUrl } from "../support/postgres-database.ts";
import { buildTestApp, send } from "../support/test-app.ts";
import { uniquePhoneNumber } from "../contract-suite/support/unique.ts";
import { useCleanups } from "../support/cleanups.ts";

// Each write to PostgreSQL is a round trip: a statement alone, or what a transaction asks for
// before it waits for an answer (BEGIN with the first of them). On a network each costs the server a
// wait, and on any host a wake-up of the database and CPU in the driver: the count of an SMS send is a
// budget (issue 17: at most 6), held here by counting both the round trips the store reports and
// the writes its sockets make while the server answers one request (the test app's requests use none).
describe.skipIf(!postgresAdminUrl)("round trips to PostgreSQL", () => {
  const defer = useCleanups();

  async function counting() {
    const counter = { roundTrips: 0 };
    const store = await openPostgresStore({ url: await freshPostgresDatabase(), poolSize: 2, onQuery: () => void counter.roundTrips++ });
    defer(() => store.close());
    return { counter, t: await buildTestApp({ store }) };
  }

  /** The round trips the store reported, and the writes to sockets, while one request was answered. */
  async function during(counter: { roundTrips: number }, request: () => Promise<{ body: { statusCode: number; message?: string } }>) {
    const writes = [vi.spyOn(net.Socket.prototype, "_write"), vi.spyOn(net.Socket.prototype, "_writev")];
    defer(() => {
      for (const spy of writes) spy.mockRestore();
    });
    const before = counter.roundTrips;
    const answer = await request();
    expect(answer.body.statusCode, answer.body.message).toBe(200);
    return { roundTrips: counter.roundTrips - before, writes: writes.reduce((n, spy) => n + spy.mock.calls.length, 0) };
  }

  it("makes 2 round trips for an SMS send with the default caps: the factors, the slot and the enrollment, then COMMIT", async () => {
    const { counter, t } = await counting();
    const token = await t.tokenFor("round-trip-user");
    const made = await during(counter, () =>
      send(t.app, "POST", "/api/v3/send-enroll-factor-request", token, {
        factorType: "SMS",
        profile: { phoneNumber: uniquePhoneNumber() },
      }),
    );
    expect(made).toEqual({ roundTrips: 2, writes: 2 });
  });

  it("makes 4 round trips for an SMS send by a user with an authenticator app: the step-up first, then the statement again", async () => {
    const { counter, t } = await counting();
    const token = await t.tokenFor("otp-user");
    await t.mfa.store.insertFactor({
      factorId: "0123456789abcdef01234567",
      userId: "otp-user",
      factorType: "OTP",
      profile: {},
      secretCipher: "x",
      createdAt: t.clock.now(),
    });
    await t.mfa.store.setStepUpAt("otp-user", await sessionOf(t.mfa.ports, decodeJwt(token), token), t.clock.now());
    const made = await during(counter, () =>
      send(t.app, "POST", "/api/v3/send-enroll-factor-request", token, {
        factorType: "SMS",
        profile: { phoneNumber: uniquePhoneNumber() },
      }),
    );
    // The factors, the lock-out and step-up, the send's statement again, COMMIT: nothing is taken
    // before the step-up is known to hold.
    expect(made).toEqual({ roundTrips: 4, writes: 4 });
  });
});
