import { GenAuthError } from "../contract/envelope.ts";
import type { MfaStoreOps, SendWindow } from "../store/store.ts";
import { msg, type Message } from "../messages/catalogue.ts";
import { secondsUntil, type MfaContext, type User } from "./mfa-context.ts";
import { DAY_MS, DEFAULT_START_LIMITS, HOUR_MS } from "./send-limits.ts";

/**
 * The budget every take pays into. Starts have no budget for everyone (one user cannot spend
 * another's starts, and a shared one would let a few users lock everyone out of binding), so this
 * one is never reached: the largest budget SEND_LIMIT_GLOBAL_MINUTE allows.
 */
const UNBOUNDED_BUDGET = 1_000_000;

/**
 * Counts an OTP or FACE start against the user's caps, with the send caps' exact rings (one store
 * call, in the caller's transaction, before any secret is drawn). A refusal is returned, not thrown,
 * and names the window that frees last, so "retry in" is a time at which a start can pass.
 */
export async function takeStartSlot(
  ctx: MfaContext,
  tx: MfaStoreOps,
  user: User,
  factorType: "OTP" | "FACE",
): Promise<GenAuthError | undefined> {
  const { userPerHour, userPerDay } = ctx.startLimits ?? DEFAULT_START_LIMITS;
  const count = (n: number) => (n === 1 ? msg("oneStart") : msg("someStarts", { n }));
  const windows: Array<SendWindow & { refusal: (seconds: number) => Message }> = [
    {
      cap: userPerHour,
      windowMs: HOUR_MS,
      refusal: (seconds: number) => msg("userHourlyStartCap", { factorType, count: count(userPerHour), seconds }),
    },
    {
      cap: userPerDay,
      windowMs: DAY_MS,
      refusal: (seconds: number) => msg("userDailyStartCap", { factorType, count: count(userPerDay), seconds }),
    },
  ].filter((w) => w.cap > 0);
  if (windows.length === 0) return undefined;
  const now = ctx.now();
  const ring = { key: `start:${factorType.toLowerCase()}:${user.id}`, windows: windows.map(({ cap, windowMs }) => ({ cap, windowMs })) };
  const take = await tx.takeSend(now, [ring], { key: "all:start", cap: UNBOUNDED_BUDGET });
  if (take.taken) return undefined;
  const refusals = windows
    .map((w, i) => ({ until: take.rings[0]![i], refusal: w.refusal }))
    .filter((r): r is { until: number; refusal: (s: number) => Message } => r.until !== undefined);
  // Only the budget can refuse with no window full, and it is never reached; if it ever were, the
  // answer would still be a 429 that says when to retry.
  if (refusals.length === 0)
    return new GenAuthError(429, msg("tooManyEnrollmentStarts", { seconds: secondsUntil(take.budget ?? now, now) }));
  const latest = refusals.reduce((a, b) => (b.until > a.until ? b : a));
  return new GenAuthError(429, latest.refusal(secondsUntil(latest.until, now)));
}
