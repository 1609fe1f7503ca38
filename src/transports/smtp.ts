import { getSystemErrorName } from "node:util";
import nodemailer from "nodemailer";
import { codeSubject, DeliveryError, type MessageTransport } from "./transport.ts";

/** Options of the SMTP transport. */
export interface SmtpOptions {
  /** The server as a connection URL: `smtp://` (STARTTLS when offered; `?ignoreTLS=true` turns that off) or `smtps://`. */
  url: string;
  /** The sender address, e.g. `"My Pool" <no-reply@example.com>`. */
  from: string;
  /** How long connecting, the greeting and each socket read may take. */
  timeoutMs: number;
  /** Fail rather than send over `smtp://` when the server does not upgrade the connection with STARTTLS. */
  requireTLS?: boolean;
}

/** How much longer than one socket timeout a whole send may take before it is given up. */
const DEADLINE_MARGIN_MS = 1000;

/** Sends email codes through an SMTP server, one connection per message. */
export function createSmtpTransport(options: SmtpOptions): MessageTransport {
  // The object form lets the timeouts sit next to the URL: the second argument of
  // createTransport is the message defaults, not the connection options.
  const mailer = nodemailer.createTransport({
    url: options.url,
    // A code is sent rarely and must arrive now; a pool would keep idle connections that the
    // server drops, and the next code would fail on a dead socket.
    pool: false,
    requireTLS: options.requireTLS ?? false,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const deadlineMs = options.timeoutMs + DEADLINE_MARGIN_MS;
  return {
    name: "smtp",
    async deliver(message) {
      let timer: NodeJS.Timeout | undefined;
      // nodemailer's own timeouts cover each step, not the whole exchange; this bounds the total.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DeliveryError("unreachable", "smtp", `no answer within ${deadlineMs} ms`)), deadlineMs);
      });
      const send = mailer.sendMail({ from: options.from, to: message.to, subject: message.subject ?? codeSubject(), text: message.text });
      send.catch(() => {}); // once the deadline has won, a late failure must not go unhandled
      try {
        await Promise.race([send, deadline]);
      } catch (error) {
        throw toDeliveryError(error);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Sorts a nodemailer failure by whether the server answered; never echoes the message, which holds the code. */
function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const { code, responseCode, errno } = (error ?? {}) as { code?: unknown; responseCode?: unknown; errno?: unknown };
  const systemError = typeof errno === "number" && errno < 0 ? getSystemErrorName(errno) : undefined;
  // An SMTP error reply means the server did not accept the message: certainly not sent.
  if (typeof responseCode === "number") return new DeliveryError("rejected", "smtp", `the SMTP server answered ${responseCode}`, true);
  const reason = typeof code === "string" ? code : "connection failed";
  // A name that did not resolve, or a refused connection, never reached the server; a timeout or a
  // dropped connection might have come after the message was accepted.
  const neverConnected =
    code === "EDNS" || systemError === "ECONNREFUSED" || systemError === "EHOSTUNREACH" || systemError === "ENETUNREACH";
  return new DeliveryError("unreachable", "smtp", `could not reach the SMTP server (${reason})`, neverConnected);
}
