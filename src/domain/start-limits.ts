import { GenAuthError } from "../contract/envelope.ts";
import type { MfaStoreOps, SendWindow } from "../store/store.ts";
import { msg, type Message } from "../messages/catalogue.ts";
import { secondsUntil, type MfaContext, type User } from "./mfa-context.ts";
import { MAX_USER_SEND_LIMIT } from "./send-limits.ts";

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

/**
 * The budget every take pays into. Starts have no budget for everyone (one user cannot spend
 * another's starts, and a shared one would let a few users lock everyone out of binding), so this
 * one is never reached: the largest budget SEND_LIMIT_GLOBAL_MINUTE allows.
 */
const UNBOUNDED_BUDGET = 1_000_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Counts an OTP or FACE start against the user's caps, with the send caps' exact rings (one store
 * call, in the caller's transaction, before any secret is drawn). A refusal is returned, not thrown,
 * and names the window that frees last, so "retry in" is a time at which a start can pass.
 */
export async function takeStartSlot(ctx: MfaContext, tx: MfaStoreOps, user: User, factorType: "OTP" | "FACE"): Promise<GenAuthError | undefined> {
  const { userPerHour, userPerDay } = ctx.startLimits ?? DEFAULT_START_LIMITS;
  const count = (n: number) => (n === 1 ? msg("oneStart") : msg("someStarts", { n }));
  const windows: Array<SendWindow & { refusal: (seconds: number) => Message }> = [
    { cap: userPerHour, windowMs: HOUR_MS, refusal: (seconds: number) => msg("userHourlyStartCap", { factorType, count: count(userPerHour), seconds }) },
    { cap: userPerDay, windowMs: DAY_MS, refusal: (seconds: number) => msg("userDailyStartCap", { factorType, count: count(userPerDay), seconds }) },
  ].filter((w) => w.cap > 0);
  if (windows.length === 0) return undefined;
  const now = ctx.now();
  const ring = { key: `start:${factorType.toLowerCase()}:${user.id}`, windows: windows.map(({ cap, windowMs }) => ({ cap, windowMs })) };
  const take = await tx.takeSend(now, [ring], { key: "all:start", cap: UNBOUNDED_BUDGET });
  if (take.taken) return undefined;
  const refusals = windows.map((w, i) => ({ until: take.rings[0]?.[i], refusal: w.refusal })).filter((r): r is { until: number; refusal: (s: number) => Message } => r.until !== undefined);
  // Only the budget can refuse with no window full, and it is never reached; if it ever were, the
  // answer would still be a 429 that says when to retry.
  if (refusals.length === 0) return new GenAuthError(429, msg("tooManyEnrollmentStarts", { seconds: secondsUntil(take.budget ?? now, now) }));
  const latest = refusals.reduce((a, b) => (b.until > a.until ? b : a));
  return new GenAuthError(429, latest.refusal(secondsUntil(latest.until, now)));
}
