import { randomUUID } from "node:crypto";
import { GenAuthError } from "../contract/envelope.ts";
import type { MfaStoreOps, SendRecord } from "../store/store.ts";
import { secondsUntil, type MfaContext, type User } from "./mfa-context.ts";
import { msg, type Message } from "../messages/catalogue.ts";

/** One code per phone number or address per minute, as GenAuth documents. */
export const SEND_INTERVAL_MS = 60_000;

/**
 * How many codes may be sent beyond one per destination per minute, for each channel (SMS and
 * email) separately. These caps are this server's own, not GenAuth's: they stop one access token
 * from texting any number of numbers (SMS pumping) and bound what a tenant can be billed.
 */
export interface SendLimits {
  /** Codes one user may be sent in any hour. */
  userPerHour: number;
  /** Codes one user may be sent in any 24 hours. */
  userPerDay: number;
  /** Codes all users together may be sent in any minute. */
  globalPerMinute: number;
}

/** The defaults: 5 codes per user per hour, 10 per day, 100 per minute in all. Each limit is at least 1. */
export const DEFAULT_SEND_LIMITS: Readonly<SendLimits> = { userPerHour: 5, userPerDay: 10, globalPerMinute: 100 };

export type Channel = "sms" | "email";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A slot taken for one send, and what giving it back restores. */
export interface TakenSlot {
  destinationKey: string;
  at: number;
  /** The destination's previous send time, restored if the slot is handed back. */
  previous: number | undefined;
  send: SendRecord;
}

interface WindowLimit {
  key: string;
  limit: number;
  windowMs: number;
  refusal: (retrySeconds: number) => Message;
}

function windowLimits(ctx: MfaContext, user: User, channel: Channel): WindowLimit[] {
  const sms = channel === "sms";
  const what = msg(sms ? "smsCodes" : "emailCodes");
  const count = (n: number) => (n === 1 ? msg(sms ? "oneSmsCode" : "oneEmailCode") : msg(sms ? "someSmsCodes" : "someEmailCodes", { n }));
  const { userPerHour, userPerDay, globalPerMinute } = ctx.sendLimits;
  const userKey = `user:${channel}:${user.id}`;
  return [
    { key: userKey, limit: userPerHour, windowMs: HOUR_MS, refusal: (seconds) => msg("userHourlyCodeCap", { count: count(userPerHour), seconds }) },
    { key: userKey, limit: userPerDay, windowMs: DAY_MS, refusal: (seconds) => msg("userDailyCodeCap", { count: count(userPerDay), seconds }) },
    { key: `all:${channel}`, limit: globalPerMinute, windowMs: MINUTE_MS, refusal: (seconds) => msg("globalCodeCap", { what, limit: globalPerMinute, seconds }) },
  ];
}

/** When a window limit frees its next unit, if it is full now. Limits are at least 1 (the configuration refuses 0). */
async function fullUntil(tx: MfaStoreOps, limit: WindowLimit, now: number): Promise<number | undefined> {
  const recent = await tx.recentSends(limit.key, now - limit.windowMs + 1, limit.limit);
  return recent.length >= limit.limit ? recent[limit.limit - 1]! + limit.windowMs : undefined;
}

/**
 * Takes the destination's minute and one code from each of the user's and the channel's budgets,
 * all or none. The caller runs this inside a store transaction, which holds every key first, so
 * concurrent sends (and, on PostgreSQL, other instances) cannot both take the last unit. A refusal is returned, not
 * thrown, and names the limit that frees last, so "retry in" is a time at which a send can pass.
 */
export async function takeSendSlot(ctx: MfaContext, tx: MfaStoreOps, user: User, channel: Channel, destinationKey: string): Promise<TakenSlot | GenAuthError> {
  const now = ctx.now();
  const refusals: Array<{ until: number; message: (s: number) => Message }> = [];
  const limits = windowLimits(ctx, user, channel);
  await tx.holdKeys([destinationKey, ...limits.map((l) => l.key)]);
  const last = await tx.lastSentAt(destinationKey);
  if (last !== undefined && now - last < SEND_INTERVAL_MS) {
    refusals.push({ until: last + SEND_INTERVAL_MS, message: (seconds) => msg(channel === "sms" ? "phoneCodeSentRecently" : "emailCodeSentRecently", { seconds }) });
  }
  for (const limit of limits) {
    const until = await fullUntil(tx, limit, now);
    if (until !== undefined) refusals.push({ until, message: limit.refusal });
  }
  if (refusals.length > 0) {
    const latest = refusals.reduce((a, b) => (b.until > a.until ? b : a));
    return new GenAuthError(429, latest.message(secondsUntil(latest.until, now)));
  }
  await tx.setLastSentAt(destinationKey, now);
  const send: SendRecord = { id: randomUUID(), at: now, keys: limits.map((l) => l.key) };
  await tx.recordSend(send);
  return { destinationKey, at: now, previous: last, send };
}

/**
 * Hands a slot back after a delivery that certainly did not happen. The destination's minute goes
 * back only if it still holds this send: a slow gateway must not undo a later one.
 */
export async function giveBackSendSlot(tx: MfaStoreOps, slot: TakenSlot): Promise<void> {
  await tx.holdKeys([slot.destinationKey, ...slot.send.keys]);
  if ((await tx.lastSentAt(slot.destinationKey)) === slot.at) await tx.setLastSentAt(slot.destinationKey, slot.previous);
  await tx.forgetSend(slot.send);
}
