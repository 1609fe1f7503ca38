import { DeliveryError, type MessageTransport } from "./transport.ts";

/** Options of the SMS webhook transport. */
export interface SmsWebhookOptions {
  /** The gateway endpoint that receives `{ to, text, code }` as a JSON POST. */
  url: string;
  /** How long the whole request, body included, may take. */
  timeoutMs: number;
  /** The fetch to use; the global one by default. */
  fetch?: typeof fetch;
}

/** Hands SMS codes to an HTTP gateway as a JSON POST; any 2xx answer means the gateway took it. */
export function createSmsWebhookTransport(options: SmsWebhookOptions): MessageTransport {
  const fetchFn = options.fetch ?? fetch;
  return {
    name: "sms-webhook",
    async deliver(message) {
      let response: Response;
      try {
        response = await fetchFn(options.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ to: message.to, text: message.text, code: message.code }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new DeliveryError("unreachable", "sms-webhook", unreachableDetail(error, options.timeoutMs), neverConnected(error));
      }
      // Drained so the connection can be reused; the status has already decided the outcome,
      // so a body that breaks off does not turn an accepted message into a failure.
      await response.arrayBuffer().catch(() => {});
      // A 4xx says the gateway did not take the message; a 5xx may come after it was sent.
      const notSent = response.status >= 400 && response.status < 500;
      if (!response.ok) throw new DeliveryError("rejected", "sms-webhook", `the gateway answered HTTP ${response.status}`, notSent);
    },
  };
}

/** System errors raised before any byte reached the gateway: the name did not resolve, or nothing listened. */
const BEFORE_CONNECTING = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EHOSTUNREACH", "ENETUNREACH"]);

/** Whether the request certainly never reached the gateway (so the code was certainly not sent). */
function neverConnected(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === "string" && BEFORE_CONNECTING.has(cause.code);
}

/** Why the request got no answer, in words that never repeat the request, which holds the code. */
function unreachableDetail(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return `the gateway did not answer: timed out after ${timeoutMs} ms`;
  // undici reports "fetch failed" and keeps the system error (ECONNREFUSED, ENOTFOUND, ...) as the cause.
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : "network error";
  return `could not reach the gateway (${code})`;
}
