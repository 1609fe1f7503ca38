import { GenAuthError } from "../contract/envelope.ts";
import type { MfaStoreOps, SendBudget, SendRing, SendTake, TakenSend } from "../store/store.ts";
import { sha256 } from "./digests.ts";
import { secondsUntil, type MfaContext, type User } from "./mfa-context.ts";
import { DAY_MS, HOUR_MS, SEND_INTERVAL_MS } from "./send-limits.ts";
import { msg, type Message } from "../messages/catalogue.ts";

export type Channel = "sms" | "email";

/** A send taken, to hand back if the delivery certainly did not happen. */
export type TakenSlot = TakenSend;

interface Refusal {
  until: number | undefined;
  message: (retrySeconds: number) => Message;
}

/**
 * Who asks, as the destination's ring records it beside its newest send, to tell whose request
 * holds that minute. The user's id is hashed so that it has a fixed shape whatever the issuer's ids
 * look like, and so that the store keeps no id beside a phone number or address.
 */
export const askerOf = async (ctx: MfaContext, user: User): Promise<string> => (await sha256(ctx.ports, user.id)).slice(0, 32);

/** A send as the store takes it, and how to word its refusal. */
export interface SendAsk {
  at: number;
  rings: SendRing[];
  budget: SendBudget;
  /** The refusal of a send the store did not take: the limit that frees last, by name. */
  refusal(take: SendTake & { taken: false }): GenAuthError;
}

/**
 * The send to take for a code to a destination: the destination's minute, one code from the
 * user's hour and day, and one from the channel's budget for this minute, all or none in one store
 * call. A refusal names the limit that frees last, so "retry in" is a time at which a send can pass.
 *
 * The destination's minute is GenAuth's rule, whoever asked, so another user's request refuses this
 * one too. But its time left is told only to the user who took the minute: anyone else hears the
 * whole minute, which is still a time at which the send can pass, so that asking for a code to a
 * number does not say when someone else asked for one. `asker` is `askerOf(ctx, user)`.
 */
export function sendAsk(ctx: MfaContext, user: User, channel: Channel, destinationKey: string, asker: string): SendAsk {
  const now = ctx.now();
  const sms = channel === "sms";
  const count = (n: number) => (n === 1 ? msg(sms ? "oneSmsCode" : "oneEmailCode") : msg(sms ? "someSmsCodes" : "someEmailCodes", { n }));
  const { userPerHour, userPerDay, globalPerMinute } = ctx.sendLimits;
  const minute = [{ cap: 1, windowMs: SEND_INTERVAL_MS }];
  const rings: SendRing[] = [{ key: destinationKey, windows: minute, holder: asker }];
  const userWindows = [
    { cap: userPerHour, windowMs: HOUR_MS, refusal: (seconds: number) => msg("userHourlyCodeCap", { count: count(userPerHour), seconds }) },
    { cap: userPerDay, windowMs: DAY_MS, refusal: (seconds: number) => msg("userDailyCodeCap", { count: count(userPerDay), seconds }) },
  ].filter((w) => w.cap > 0);
  if (userWindows.length > 0)
    rings.push({ key: `user:${channel}:${user.id}`, windows: userWindows.map(({ cap, windowMs }) => ({ cap, windowMs })) });
  const refusal = (take: SendTake & { taken: false }) => {
    // A refusal holds each ring's windows' times in the order of `rings`: the user's ring is the second.
    const destinationUntil = take.rings[0]![0];
    const heldByOther = destinationUntil !== undefined && !take.mine[0];
    // In the order a tie is named in: the destination's minute first.
    const refusals: Refusal[] = [
      {
        until: heldByOther ? now + SEND_INTERVAL_MS : destinationUntil,
        message: (seconds) => msg(sms ? "phoneCodeSentRecently" : "emailCodeSentRecently", { seconds }),
      },
      ...userWindows.map((w, i) => ({ until: take.rings[1]![i], message: w.refusal })),
      {
        until: take.budget,
        message: (seconds) => msg("globalCodeCap", { what: msg(sms ? "smsCodes" : "emailCodes"), limit: globalPerMinute, seconds }),
      },
    ];
    const latest = refusals
      .filter((r): r is Refusal & { until: number } => r.until !== undefined)
      .reduce((a, b) => (b.until > a.until ? b : a));
    return new GenAuthError(429, latest.message(secondsUntil(latest.until, now)));
  };
  return { at: now, rings, budget: { key: `all:${channel}`, cap: globalPerMinute }, refusal };
}

/** The slot the store took for `ask`, or its refusal. */
export const slotOf = (ask: SendAsk, take: SendTake): TakenSlot | GenAuthError =>
  take.taken ? { at: ask.at, ringKeys: ask.rings.map((r) => r.key), budgetKey: ask.budget.key, shard: take.shard } : ask.refusal(take);

/** Hands a slot back after a delivery that certainly did not happen; a later send to the destination keeps its minute. */
export function giveBackSendSlot(tx: MfaStoreOps, slot: TakenSlot): Promise<void> {
  return tx.giveBackSend(slot);
}
