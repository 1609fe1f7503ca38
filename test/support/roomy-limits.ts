import type { SendLimits, StartLimits } from "../../src/domain/send-limits.ts";

// The caps for tests, benches and load runs that are about something else and send many codes or
// start many bindings: they set their limits explicitly instead of inheriting defaults meant for
// production. One set of values, in the domain's shape; the processes' environment is derived from it.

/** Per-user send caps off (0) and a budget for everyone far beyond any test's traffic. */
export const ROOMY_SEND_LIMITS: SendLimits = { userPerHour: 0, userPerDay: 0, globalPerMinute: 1_000_000 };
/** The OTP and FACE start caps off. */
export const ROOMY_START_LIMITS: StartLimits = { userPerHour: 0, userPerDay: 0 };

/** The same caps as the environment a server or mock process reads them from (SEND_LIMIT_*, START_LIMIT_*). */
export const ROOMY_SEND_LIMIT_ENV = {
  SEND_LIMIT_USER_HOUR: String(ROOMY_SEND_LIMITS.userPerHour),
  SEND_LIMIT_USER_DAY: String(ROOMY_SEND_LIMITS.userPerDay),
  SEND_LIMIT_GLOBAL_MINUTE: String(ROOMY_SEND_LIMITS.globalPerMinute),
  START_LIMIT_USER_HOUR: String(ROOMY_START_LIMITS.userPerHour),
  START_LIMIT_USER_DAY: String(ROOMY_START_LIMITS.userPerDay),
};
