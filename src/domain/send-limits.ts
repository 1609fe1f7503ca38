// The send and start caps the server is configured with, and the windows they count in. They sit apart from
// send-slots.ts, which applies them, so that the context that carries them (mfa-context.ts), the
// configuration and the server's pruning can read them without importing the slot logic.

/** One code per phone number or address per minute, as GenAuth documents. */
export const SEND_INTERVAL_MS = 60_000;
/** The window of the per-user hourly cap. */
export const HOUR_MS = 3_600_000;
/** The window of the per-user daily cap: the longest a send is remembered. */
export const DAY_MS = 86_400_000;

/**
 * How many codes may be sent beyond one per destination per minute, for each channel (SMS and
 * email) separately. These caps are this server's own, not GenAuth's: they stop one access token
 * from texting any number of numbers (SMS pumping) and bound what a tenant can be billed.
 */
export interface SendLimits {
  /** Codes one user may be sent in any hour (exact; at most MAX_USER_SEND_LIMIT, 0 for no cap). */
  userPerHour: number;
  /** Codes one user may be sent in any 24 hours (exact; at most MAX_USER_SEND_LIMIT, 0 for no cap). */
  userPerDay: number;
  /** Codes all users together may be sent in each calendar minute (on PostgreSQL within the bound docs/scaling.md gives). */
  globalPerMinute: number;
}

/** The defaults: 5 codes per user per hour, 10 per day, 100 per minute in all. */
export const DEFAULT_SEND_LIMITS: Readonly<SendLimits> = { userPerHour: 5, userPerDay: 10, globalPerMinute: 100 };

/**
 * The largest per-user cap: each user's recent send times are kept in one row, read and written on
 * every send, so the row's length is bounded. A per-user cap of 0 turns that cap off.
 */
export const MAX_USER_SEND_LIMIT = 100;

/**
 * How many OTP and FACE bindings one user may start, each type counted apart. An SMS or EMAIL start
 * is already counted as a code sent (SendLimits); these two send nothing, but an OTP start draws a
 * secret and renders a QR code (about 2 ms of CPU), and every start writes an enrollment, so one
 * access token looping on them slowed every other user. These caps are this server's own, not GenAuth's.
 */
export interface StartLimits {
  /** Starts of one type one user may make in any hour (exact; at most MAX_USER_SEND_LIMIT, 0 for no cap). */
  userPerHour: number;
  /** Starts of one type one user may make in any 24 hours (exact; at most MAX_USER_SEND_LIMIT, 0 for no cap). */
  userPerDay: number;
}

/**
 * The defaults: 100 starts of a type per user in any hour and in any 24 hours, the largest cap. A
 * person binding an app or a face needs a few; a contract-suite run needs about 16 OTP and 9 FACE
 * starts for its user, and five runs in a row with one user must pass (about 80 OTP starts within
 * minutes), so the hour's cap cannot be lower by default. A deployment that wants a tighter burst
 * sets START_LIMIT_USER_HOUR lower: the day's cap stays what bounds a user in the long run.
 */
export const DEFAULT_START_LIMITS: Readonly<StartLimits> = { userPerHour: 100, userPerDay: 100 };

/** The largest cap: starts are counted in the same one-row rings as codes sent. */
export const MAX_USER_START_LIMIT = MAX_USER_SEND_LIMIT;
