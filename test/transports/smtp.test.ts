import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { describe, expect, it } from "vitest";
import { createSmtpTransport } from "../../src/transports/smtp.ts";
import { codeText, DeliveryError, type CodeMessage } from "../../src/transports/transport.ts";
import { useCleanups } from "../support/cleanups.ts";

// A server that answers gets a deadline it cannot miss even on a busy machine: only the cases about a
// silent server depend on the timeout, and they set a short one of their own.
const ANSWERING_SERVER_MS = 30_000;

const MESSAGE: CodeMessage = { channel: "email", to: "alice@example.com", code: "482913", text: codeText("482913", 300) };
const FROM = "no-reply@example.com";

const defer = useCleanups();

/** A real SMTP server on a free local port; plain text, since the transport must work without TLS too. */
async function startSmtpServer(hooks: Partial<SMTPServerOptions>): Promise<number> {
  const server = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], logger: false, ...hooks });
  defer(() => new Promise<void>((resolve) => server.close(resolve)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.server.address() as AddressInfo).port;
}

/** Answers one line from the client, or the new connection itself when `line` is null. */
type Converse = (line: string | null, socket: Socket) => void;

/** A plain TCP server that answers through `converse` (by default, never); its sockets are destroyed on stop. */
async function startRawServer(converse: Converse = () => {}): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    let pending = "";
    socket.on("data", (chunk) => {
      pending += String(chunk);
      for (let end = pending.indexOf("\r\n"); end >= 0; end = pending.indexOf("\r\n")) {
        converse(pending.slice(0, end), socket);
        pending = pending.slice(end + 2);
      }
    });
    converse(null, socket);
  });
  defer(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * An SMTP server that takes the whole message and then, instead of its final reply, sends a
 * continuation line every 100 ms forever: every socket read succeeds, so only a deadline on the
 * whole exchange ends it.
 */
function dripAfterData(): Converse {
  let inData = false;
  return (line, socket) => {
    if (inData) {
      if (line !== ".") return; // a line of the message itself
      inData = false;
      const drip = setInterval(() => socket.write("250-still working\r\n"), 50);
      socket.on("close", () => clearInterval(drip));
    } else if (line === null) socket.write("220 slow.example.com ESMTP\r\n");
    else if (/^DATA/i.test(line)) {
      inData = true;
      socket.write("354 go ahead\r\n");
    } else socket.write("250 ok\r\n");
  };
}

/** A port that was free a moment ago, so nothing answers on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function deliveryFailure(promise: Promise<void>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("createSmtpTransport", () => {
  it("sends the code to the recipient's envelope address with the verification subject", async () => {
    const received: { rcptTo: string[]; mailFrom: string | false; raw: string }[] = [];
    const port = await startSmtpServer({
      onData(stream, session, callback) {
        let raw = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => (raw += chunk));
        stream.on("end", () => {
          const { mailFrom, rcptTo } = session.envelope;
          received.push({ rcptTo: rcptTo.map((rcpt) => rcpt.address), mailFrom: mailFrom ? mailFrom.address : false, raw });
          callback();
        });
      },
    });
    await createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: ANSWERING_SERVER_MS }).deliver(MESSAGE);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ rcptTo: ["alice@example.com"], mailFrom: FROM });
    expect(received[0]!.raw).toContain("Subject: Your verification code");
    expect(received[0]!.raw).toContain("482913");
  });

  it("with requireTLS, sends nothing over a connection the server does not upgrade with STARTTLS", async () => {
    let received = 0;
    const port = await startSmtpServer({
      onData(stream, _session, callback) {
        received++;
        stream.resume();
        stream.on("end", () => callback());
      },
    });
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 1000, requireTLS: true });
    const error = await deliveryFailure(transport.deliver(MESSAGE));
    expect(error.message).not.toContain("482913");
    expect(received).toBe(0);
  });

  it("uses the message's own subject when it carries one, in the user's language", async () => {
    const raws: string[] = [];
    const port = await startSmtpServer({
      onData(stream, _session, callback) {
        let raw = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => (raw += chunk));
        stream.on("end", () => {
          raws.push(raw);
          callback();
        });
      },
    });
    await createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 1000 }).deliver({
      ...MESSAGE,
      subject: "您的验证码",
    });
    // A non-ASCII subject travels MIME-encoded (RFC 2047): decode it before comparing.
    const header = /^Subject: (.*)$/m.exec(raws[0]!)![1]!;
    const decoded = header.replace(/=\?UTF-8\?B\?([^?]+)\?=/gi, (_all, b64: string) => Buffer.from(b64, "base64").toString("utf8"));
    expect(decoded.replace(/\s+/g, "")).toBe("您的验证码");
  });

  it("rejects with kind rejected and the SMTP reply code when the server refuses the recipient with 550", async () => {
    const port = await startSmtpServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      },
    });
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: ANSWERING_SERVER_MS });
    const error = await deliveryFailure(transport.deliver(MESSAGE));
    expect(error).toMatchObject({ kind: "rejected", gateway: "smtp", certainlyNotSent: true });
    expect(error.message).toContain("550");
    expect(error.message).not.toContain("482913");
  });

  it("rejects with kind unreachable when nothing listens on the server's port", async () => {
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${await freePort()}`, from: FROM, timeoutMs: ANSWERING_SERVER_MS });
    const error = await deliveryFailure(transport.deliver(MESSAGE));
    expect(error).toMatchObject({ kind: "unreachable", gateway: "smtp", certainlyNotSent: true });
    expect(error.message).not.toContain("482913");
  });

  it("rejects with kind unreachable when the server accepts the connection but never greets", { timeout: 5000 }, async () => {
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${await startRawServer()}`, from: FROM, timeoutMs: 300 });
    const error = await deliveryFailure(transport.deliver(MESSAGE));
    expect(error.kind).toBe("unreachable");
  });

  it("rejects with kind unreachable once the whole send outlasts its deadline, even while the server keeps talking", {
    timeout: 10_000,
  }, async () => {
    // The drip keeps the socket busy far more often than its idle timeout, so only the whole-send
    // deadline can end the exchange, even when a busy machine stalls this process for a second.
    const transport = createSmtpTransport({
      url: `smtp://127.0.0.1:${await startRawServer(dripAfterData())}`,
      from: FROM,
      timeoutMs: 1500,
    });
    const error = await deliveryFailure(transport.deliver(MESSAGE));
    expect(error.kind).toBe("unreachable");
    expect(error.certainlyNotSent).toBe(false); // the message was already sent when the server went slow
    expect(error.message).toContain("no answer within 2500 ms");
  });
});
