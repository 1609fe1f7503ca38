// The send caps the server is configured with, and the windows they count in. They sit apart from
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
