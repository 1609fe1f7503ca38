import { parseArgs } from "node:util";
import { ConfigError } from "../config/parse-config.ts";
import { MAX_CONSECUTIVE_OTP_FAILURES, unlockOtp } from "../domain/otp-lockout.ts";
import type { OtpFailureRecord } from "../store/store.ts";
import { loadServerConfig } from "./config.ts";
import { openConfiguredStore } from "./open-store.ts";

// `npm run unlock -- --sub <userId>` lifts a user's TOTP lock-out in the database the server with
// the same environment uses (DATABASE_URL, or DATA_DIR's SQLite file): after 100 wrong codes in a
// row, nothing else does. It runs beside a running server; the next check reads the change.
const USAGE = "Usage: npm run unlock -- --sub <userId>";

/** What the operator is told about the lock-out that was found. */
function described(sub: string, found: OtpFailureRecord | undefined, now: number): string {
  if (found && found.consecutive >= MAX_CONSECUTIVE_OTP_FAILURES) {
    return `Unlocked ${sub}: ${found.consecutive} wrong codes in a row had locked TOTP checks and factor changes until now.`;
  }
  if (found?.lockedUntil !== undefined && found.lockedUntil > now) {
    return `Unlocked ${sub}: a lock-out had ${Math.ceil((found.lockedUntil - now) / 1000)} seconds left.`;
  }
  if (found) return `${sub} was not locked out; the count of wrong codes starts again.`;
  return `${sub} has no wrong codes on record; there was nothing to unlock.`;
}

try {
  const { values } = parseArgs({ options: { sub: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(
      `${USAGE}\nLifts the user's TOTP lock-out, timed or (after ${MAX_CONSECUTIVE_OTP_FAILURES} wrong codes in a row) for good, ` +
        "in the server's database. The escalation of later lock-outs stays, and decays with quiet periods as usual.",
    );
    process.exit(0);
  }
  if (!values.sub) throw new ConfigError(USAGE);
  const store = await openConfiguredStore(loadServerConfig());
  try {
    const found = await unlockOtp(store, values.sub);
    await store.committed();
    console.log(described(values.sub, found, Date.now()));
  } finally {
    await store.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Could not unlock: ${(error as Error).message}`);
  process.exit(1);
}
