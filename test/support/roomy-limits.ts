/**
 * Send caps (SEND_LIMIT_*) off per user (0) and far beyond any test's traffic for everyone, and the
 * OTP and FACE start caps (START_LIMIT_*) off, for the processes of tests, benches and load runs that
 * are about something else: they set their limits explicitly instead of inheriting defaults meant
 * for production.
 */
export const ROOMY_SEND_LIMIT_ENV = {
  SEND_LIMIT_USER_HOUR: "0",
  SEND_LIMIT_USER_DAY: "0",
  SEND_LIMIT_GLOBAL_MINUTE: "1000000",
  START_LIMIT_USER_HOUR: "0",
  START_LIMIT_USER_DAY: "0",
} as const;

/** The same send caps as options, for the stateful MSW handlers. */
export const ROOMY_SEND_LIMIT_OPTIONS = {
  userPerHour: Number(ROOMY_SEND_LIMIT_ENV.SEND_LIMIT_USER_HOUR),
  userPerDay: Number(ROOMY_SEND_LIMIT_ENV.SEND_LIMIT_USER_DAY),
  globalPerMinute: Number(ROOMY_SEND_LIMIT_ENV.SEND_LIMIT_GLOBAL_MINUTE),
};

/** The same start caps as options, for the stateful MSW handlers. */
export const ROOMY_START_LIMIT_OPTIONS = {
  userPerHour: Number(ROOMY_SEND_LIMIT_ENV.START_LIMIT_USER_HOUR),
  userPerDay: Number(ROOMY_SEND_LIMIT_ENV.START_LIMIT_USER_DAY),
};
