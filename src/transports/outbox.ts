import type { CodeMessage, MessageTransport } from "./transport.ts";

/** A code message the outbox printed and kept. */
export interface OutboxMessage extends CodeMessage {
  /** When the outbox took the message, as an ISO 8601 timestamp. */
  sentAt: string;
}

/** Options of the development outbox. */
export interface OutboxOptions {
  /** Where each message's one-line summary goes; stdout by default. */
  print?: (line: string) => void;
  /** How many messages, across all destinations, the outbox keeps before dropping the oldest. */
  capacity?: number;
}

/** The development outbox, which also lets a developer or a test read the codes it was given. */
export type OutboxTransport = MessageTransport & {
  /** The kept messages for one normalised destination, oldest first. */
  messagesTo(to: string): OutboxMessage[];
};

/**
 * Prints lines to stdout, gathered into one write per event-loop turn: under load, a write (and a
 * console.log's formatting) per message cost the SMS path a tenth of its throughput.
 */
function batchedStdout(): (line: string) => void {
  let pending = "";
  return (line) => {
    if (pending === "")
      setImmediate(() => {
        process.stdout.write(pending);
        pending = "";
      });
    pending += `${line}\n`;
  };
}

/** Prints each code message on one line and keeps the latest ones in memory instead of sending them. */
export function createOutboxTransport(options: OutboxOptions = {}): OutboxTransport {
  const print = options.print ?? batchedStdout();
  const capacity = options.capacity ?? 1000;
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`outbox capacity must be a positive integer, got ${capacity}`);
  // One bounded list rather than one per destination: a long-running dev server that is sent
  // codes for many numbers must not grow without limit.
  // The time is kept as a number and written out only when asked for: a send is the hot path,
  // reading the outbox is not. The oldest message leaves with shift(), which V8 does in place.
  const kept: Array<CodeMessage & { at: number }> = [];
  return {
    name: "outbox",
    async deliver(message) {
      print(`[outbox] ${message.channel} to ${message.to}: ${message.text}`);
      kept.push({ channel: message.channel, to: message.to, code: message.code, text: message.text, at: Date.now() });
      while (kept.length > capacity) kept.shift();
    },
    messagesTo(to) {
      // Copies, so a caller cannot edit what the outbox holds.
      return kept
        .filter((message) => message.to === to)
        .map(({ at, ...message }) => Object.assign(message, { sentAt: new Date(at).toISOString() }));
    },
  };
}

/** The path both the reference server and the stateful mock serve their outbox at: `GET /dev/outbox?to=`. */
export const OUTBOX_PATH = "/dev/outbox";

/**
 * The destination an outbox query names, normalised as the outbox keeps it, or undefined when `to`
 * is missing or blank. An unencoded "+" in a query string arrives as a space; a phone number never
 * starts with one.
 */
export function outboxRecipient(raw: unknown): string | undefined {
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  return raw.replace(/^ /, "+").trim().toLowerCase();
}
