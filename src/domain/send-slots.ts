import { GenAuthError } from "../contract/envelope.ts";
import type { MfaStoreOps, SendRing, TakenSend } from "../store/store.ts";
import { secondsUntil, type MfaContext, type User } from "./mfa-context.ts";
import { DAY_MS, HOUR_MS, SEND_INTERVAL_MS } from "./send-limits.ts";
import { msg, type Message } from "../messages/catalogue.ts";

export type Channel = "sms" | "email";

/** A send taken, to hand back if the delivery certainly did not happen. */
export type TakenSlot = TakenSend;

interface Limit {
  ring: number;
  refusal: (retrySeconds: number) => Message;
}

/**
 * Takes the destination's minute, one code from the user's hour and day, and one from the channel's
 * budget for this minute: all or none, in one store call. A refusal is returned, not thrown, and
 * names the limit that frees last, so "retry in" is a time at which a send can pass.
 */
export async function takeSendSlot(ctx: MfaContext, tx: MfaStoreOps, user: User, channel: Channel, destinationKey: string): Promise<TakenSlot | GenAuthError> {
  const now = ctx.now();
  const sms = channel === "sms";
  const count = (n: number) => (n === 1 ? msg(sms ? "oneSmsCode" : "oneEmailCode") : msg(sms ? "someSmsCodes" : "someEmailCodes", { n }));
  const { userPerHour, userPerDay, globalPerMinute } = ctx.sendLimits;
  const rings: SendRing[] = [{ key: destinationKey, windows: [{ cap: 1, windowMs: SEND_INTERVAL_MS }] }];
  // In the order a tie is named in: the destination's minute first.
  const limits: Limit[] = [{ ring: 0, refusal: (seconds) => msg(sms ? "phoneCodeSentRecently" : "emailCodeSentRecently", { seconds }) }];
  const userWindows = [
    { cap: userPerHour, windowMs: HOUR_MS, refusal: (seconds: number) => msg("userHourlyCodeCap", { count: count(userPerHour), seconds }) },
    { cap: userPerDay, windowMs: DAY_MS, refusal: (seconds: number) => msg("userDailyCodeCap", { count: count(userPerDay), seconds }) },
  ].filter((w) => w.cap > 0);
  if (userWindows.length > 0) {
    rings.push({ key: `user:${channel}:${user.id}`, windows: userWindows.map(({ cap, windowMs }) => ({ cap, windowMs })) });
    for (const w of userWindows) limits.push({ ring: 1, refusal: w.refusal });
  }
  const budgetKey = `all:${channel}`;
  const take = await tx.takeSend(now, rings, { key: budgetKey, cap: globalPerMinute });
  if (take.taken) return { at: now, ringKeys: rings.map((r) => r.key), budgetKey, shard: take.shard };
  const refusals = [
    ...take.rings.flat().map((until, i) => ({ until, message: limits[i]!.refusal })),
    { until: take.budget, message: (seconds: number) => msg("globalCodeCap", { what: msg(sms ? "smsCodes" : "emailCodes"), limit: globalPerMinute, seconds }) },
  ].filter((r): r is { until: number; message: (s: number) => Message } => r.until !== undefined);
  const latest = refusals.reduce((a, b) => (b.until > a.until ? b : a));
  return new GenAuthError(429, latest.message(secondsUntil(latest.until, now)));
}

/** Hands a slot back after a delivery that certainly did not happen; a later send to the destination keeps its minute. */
export function giveBackSendSlot(tx: MfaStoreOps, slot: TakenSlot): Promise<void> {
  return tx.giveBackSend(slot);
}
