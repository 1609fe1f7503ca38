import { DEFAULT_LANGUAGE, msg, render, type Language } from "../messages/catalogue.ts";

/** A verification code on its way to a phone or an inbox. */
export interface CodeMessage {
  channel: "sms" | "email";
  /** The normalised destination: an E.164 phone number or a lower-cased address. */
  to: string;
  code: string;
  /** The whole human-readable text, code included. */
  text: string;
  /** An email's subject line, in the user's language; transports without subjects ignore it. */
  subject?: string;
}

/** Delivers verification codes. Each real gateway (SMTP, an SMS webhook) and the dev outbox is one. */
export interface MessageTransport {
  /** A short name for logs and errors: "outbox", "smtp", "sms-webhook". */
  readonly name: string;
  /** Resolves once the gateway accepted the message; rejects with a DeliveryError otherwise. */
  deliver(message: CodeMessage): Promise<void>;
}

/**
 * A gateway that could not take the message. `unreachable` (refused, reset, timed out) maps to
 * GenAuth's 601 EndpointRequestError, `rejected` (it answered with an error) to 602.
 * `certainlyNotSent` says whether the message surely did not go out (the connection was refused,
 * the name did not resolve, the gateway answered that it did not send it), as opposed to an
 * unknown outcome (a timeout, a reset, a 5xx), after which the code may well arrive.
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: "unreachable" | "rejected",
    readonly gateway: string,
    detail: string,
    readonly certainlyNotSent = false,
  ) {
    super(`${gateway}: ${detail}`);
    this.name = "DeliveryError";
  }
}

/** The subject of an email that carries a code, in the language the user asked for. */
export function codeSubject(language: Language = DEFAULT_LANGUAGE): string {
  return render(msg("codeSubject"), language);
}

/** The text of a code message, the same for every channel, in the language the user asked for. */
export function codeText(code: string, ttlSeconds: number, language: Language = DEFAULT_LANGUAGE): string {
  return render(msg("codeText", { code, seconds: ttlSeconds }), language);
}
