import type { SendBudget, SendRing, SendTake, SendWindow } from "./store.ts";

// The arithmetic of rings and budget shares, for the store that evaluates them in process (SQLite).
// PostgreSQL's take_send function does the same in SQL: the conformance suite holds both to it.

/** A budget's minute: the calendar minute a moment falls in. */
export const MINUTE_MS = 60_000;

/** The start of the calendar minute `at` falls in. */
export const minuteOf = (at: number): number => at - (((at % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);

/** How many send times a ring keeps: its largest cap, plus one so that one send can be handed back exactly. */
export const ringSize = (windows: readonly SendWindow[]): number => Math.max(0, ...windows.map((w) => w.cap)) + 1;

/**
 * When a window frees, if it is full at `at`: the cap-th newest send leaves the window then.
 * `times` is oldest first. A cap is at least 1 (the configuration refuses 0).
 */
export function fullUntil(times: readonly number[], window: SendWindow, at: number): number | undefined {
  if (times.length < window.cap) return undefined;
  const until = times[times.length - window.cap]! + window.windowMs;
  return until > at ? until : undefined;
}

/** A ring with `at` added, kept in order and to `size` entries. */
export function withSend(times: readonly number[], at: number, size: number): number[] {
  return [...times, at].sort((a, b) => a - b).slice(-size);
}

/** A ring with one occurrence of `at` removed. */
export function withoutSend(times: readonly number[], at: number): number[] {
  const i = times.indexOf(at);
  return i < 0 ? [...times] : [...times.slice(0, i), ...times.slice(i + 1)];
}

/** What a store keeps of one ring: its send times, oldest first, and who made the send at `heldAt`. */
export interface RingState {
  times: number[];
  holder?: string;
  heldAt?: number;
}

/**
 * Whether the ring's newest send is its asker's: the holder recorded with a send counts only while
 * that send is still the newest, so a send handed back, or one written by a version that records
 * no holder, leaves the answer at false, the one that tells nothing.
 */
export const isMine = (ring: SendRing, state: RingState): boolean =>
  ring.holder !== undefined && state.holder === ring.holder && state.heldAt === state.times.at(-1);

/** The state a ring keeps once `at` is taken in it: its times to `size`, and the send's holder. */
export const withTaken = (ring: SendRing, state: RingState, at: number): RingState => ({
  times: withSend(state.times, at, ringSize(ring.windows)),
  ...(ring.holder === undefined ? {} : { holder: ring.holder, heldAt: at }),
});

/** Share `shard` of a budget of `cap` split `shards` ways: the shares differ by one at most and add up to `cap`. */
export const shareOf = (cap: number, shards: number, shard: number): number => Math.floor(cap / shards) + (shard < cap % shards ? 1 : 0);

/**
 * The refusal of a send, if any ring's window is full or the budget's share is spent, from the rings'
 * states (in the order of `rings`) and the share's sends this minute; undefined when it may pass.
 */
export function refusal(
  at: number,
  rings: readonly SendRing[],
  held: readonly RingState[],
  used: number,
  budget: SendBudget,
): SendTake | undefined {
  const untils = rings.map((r, i) => r.windows.map((w) => fullUntil(held[i]!.times, w, at)));
  const budgetUntil = used >= budget.cap ? minuteOf(at) + MINUTE_MS : undefined;
  if (budgetUntil === undefined && untils.every((u) => u.every((t) => t === undefined))) return undefined;
  return { taken: false, rings: untils, budget: budgetUntil, mine: rings.map((r, i) => isMine(r, held[i]!)) };
}
