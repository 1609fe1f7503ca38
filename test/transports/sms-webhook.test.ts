import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createSmsWebhookTransport } from "../../src/transports/sms-webhook.ts";
import { codeText, DeliveryError, type CodeMessage } from "../../src/transports/transport.ts";
import { useCleanups } from "../support/cleanups.ts";

const MESSAGE: CodeMessage = { channel: "sms", to: "+8618812345678", code: "123456", text: codeText("123456", 300) };

// A gateway that does answer gets a deadline it cannot miss even on a busy machine: only the cases
// about a silent gateway depend on the timeout, and they set a short one of their own.
const ANSWERING_GATEWAY_MS = 30_000;

const defer = useCleanups();

/** A real gateway on a free local port, answering each request with `handle`, and closed after the test. */
async function startGateway(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = await listeningGateway(handle);
  defer(() => {
    server.closeAllConnections(); // a gateway that never answers still holds its connection open
    return new Promise((resolve) => server.close(resolve));
  });
  return gatewayUrl(server);
}

/** A gateway listening on a free local port, which the caller closes. */
async function listeningGateway(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const gatewayUrl = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;

async function readAll(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  return body;
}

async function deliveryFailure(promise: Promise<void>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("createSmsWebhookTransport", () => {
  it("posts the destination, the text and the code as JSON and resolves on a 2xx answer", async () => {
    const received: { method?: string; type?: string; body?: unknown }[] = [];
    const url = await startGateway(async (req, res) => {
      received.push({ method: req.method, type: req.headers["content-type"], body: JSON.parse(await readAll(req)) });
      res.writeHead(202, { "content-type": "application/json" }).end('{"queued":true}');
    });
    await createSmsWebhookTransport({ url, timeoutMs: ANSWERING_GATEWAY_MS }).deliver(MESSAGE);
    expect(received).toEqual([
      { method: "POST", type: "application/json", body: { to: "+8618812345678", text: MESSAGE.text, code: "123456" } },
    ]);
  });

  it("rejects with kind rejected and the HTTP status when the gateway answers 503", async () => {
    const url = await startGateway((_req, res) => res.writeHead(503).end("busy"));
    const error = await deliveryFailure(createSmsWebhookTransport({ url, timeoutMs: ANSWERING_GATEWAY_MS }).deliver(MESSAGE));
    expect(error).toMatchObject({ kind: "rejected", gateway: "sms-webhook", certainlyNotSent: false });
    expect(error.message).toContain("HTTP 503");
    expect(error.message).not.toContain("123456");
  });

  it("rejects with kind unreachable when the gateway never answers within the timeout", async () => {
    const url = await startGateway(() => {});
    const error = await deliveryFailure(createSmsWebhookTransport({ url, timeoutMs: 300 }).deliver(MESSAGE));
    expect(error.kind).toBe("unreachable");
    expect(error.certainlyNotSent).toBe(false); // it may have sent the text before going quiet
    expect(error.message).toContain("timed out after 300 ms");
  });

  it("rejects with kind unreachable when nothing listens on the gateway's port", async () => {
    const gone = await listeningGateway(() => {});
    const url = gatewayUrl(gone);
    await new Promise((resolve) => gone.close(resolve));
    const error = await deliveryFailure(createSmsWebhookTransport({ url, timeoutMs: ANSWERING_GATEWAY_MS }).deliver(MESSAGE));
    expect(error).toMatchObject({ kind: "unreachable", certainlyNotSent: true });
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain("123456");
  });

  it("says a 4xx answer certainly sent nothing", async () => {
    const url = await startGateway((_req, res) => res.writeHead(422).end("bad number"));
    const error = await deliveryFailure(createSmsWebhookTransport({ url, timeoutMs: ANSWERING_GATEWAY_MS }).deliver(MESSAGE));
    expect(error).toMatchObject({ kind: "rejected", certainlyNotSent: true });
  });

  it("says a host name that does not resolve certainly sent nothing", async () => {
    const error = await deliveryFailure(
      createSmsWebhookTransport({ url: "https://sms-gateway.invalid/send", timeoutMs: 3000 }).deliver(MESSAGE),
    );
    expect(error).toMatchObject({ kind: "unreachable", certainlyNotSent: true });
  });
});
