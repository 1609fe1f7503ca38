import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadDevSigningKey } from "../../src/server/keys.ts";
import { startReferenceServer } from "../support/reference-server.ts";
import type { Service } from "../support/spawn-service.ts";
import { totpFor } from "../contract-suite/support/totp-clock.ts";
import { signDevToken } from "../../src/server/dev-tokens.ts";
import { useCleanups } from "../support/cleanups.ts";

const defer = useCleanups();

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "genauth-mfa-faults-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// These tests are about crashes and slow peers, not the send caps, which are set out of reach.
async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<Service> {
  const server = await startReferenceServer({ dataDir, env });
  defer(() => server.stop("SIGKILL"));
  return server;
}

// biome-ignore lint/suspicious/noExplicitAny: a test reads data's fields only once statusCode says 200
type Answer = { statusCode: number; apiCode?: number; data?: any };

async function post(url: string, token: string, body: unknown) {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: token, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Answer;
}

/** Whether fetch failed because the server went away (refused, reset, or cut off mid-answer). */
function droppedConnection(error: unknown): boolean {
  if (!(error instanceof TypeError) || !["fetch failed", "terminated"].includes(error.message)) return false;
  const code = (error.cause as { code?: string } | undefined)?.code;
  return ["ECONNREFUSED", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"].includes(code ?? "");
}

describe("kill -9 under load, then a restart on the same data directory", () => {
  it("keeps every acknowledged binding, leaves an intact database, and never reopens a consumed token", async () => {
    const dataDir = tempDir();
    let server = await startServer(dataDir);
    const { privateKey } = await loadDevSigningKey(dataDir);
    const tokenFor = (sub: string) => signDevToken(privateKey, { sub });

    const acknowledged: Array<{ token: string; enroll: unknown }> = [];
    const unexpected: unknown[] = [];
    let stop = false;
    let next = 0;
    const worker = async () => {
      while (!stop) {
        const token = await tokenFor(`crash-user-${next++}`);
        try {
          const sent = await post(`${server.url}/api/v3/send-enroll-factor-request`, token, { factorType: "OTP" });
          if (sent.statusCode !== 200) continue;
          const passCode = totpFor(sent.data.otpData.qrCodeUri, Date.now() - 30_000);
          const enroll = { factorType: "OTP", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { passCode } };
          const bound = await post(`${server.url}/api/v3/enroll-factor`, token, enroll);
          if (bound.statusCode === 200) acknowledged.push({ token, enroll });
        } catch (error) {
          // A connection that died with the server carried no acknowledgement; anything else is a fault.
          if (!droppedConnection(error)) unexpected.push(error);
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    const deadline = Date.now() + 30_000;
    while (acknowledged.length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (acknowledged.length < 40) stop = true;
    expect(acknowledged.length, "the server acknowledged too few bindings before the kill").toBeGreaterThanOrEqual(40);
    await server.stop("SIGKILL");
    stop = true;
    await Promise.all(workers);
    expect(unexpected).toEqual([]);

    const db = new Database(join(dataDir, "mfa.sqlite"));
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();

    server = await startServer(dataDir);
    for (const { token, enroll } of acknowledged) {
      const listed = await (await fetch(`${server.url}/api/v3/list-enrolled-factors`, { headers: { authorization: token } })).json();
      expect(listed.data.map((f: { factorType: string }) => f.factorType)).toEqual(["OTP"]);
      expect(await post(`${server.url}/api/v3/enroll-factor`, token, enroll)).toMatchObject({ statusCode: 422, apiCode: 6112 });
    }
  }, 90_000);
});

describe("slow and numerous clients", () => {
  function trickle(port: number, bytes: string, everyMs: number): { socket: Socket; closed: Promise<number> } {
    const socket = connect(port, "127.0.0.1");
    const started = Date.now();
    let i = 0;
    const timer = setInterval(() => {
      if (i < bytes.length && !socket.destroyed) socket.write(bytes[i++]!);
    }, everyMs);
    const closed = new Promise<number>((resolve) =>
      socket.on("close", () => {
        clearInterval(timer);
        resolve(Date.now() - started);
      }),
    );
    socket.on("error", () => {});
    defer(() => socket.destroy());
    return { socket, closed };
  }

  it("cuts off clients that trickle their headers or body, and keeps answering everyone else meanwhile", async () => {
    const server = await startServer(tempDir(), { HEADERS_TIMEOUT_MS: "1000", REQUEST_TIMEOUT_MS: "2000" });
    const port = Number(new URL(server.url).port);
    const headers = `POST /api/v3/send-enroll-factor-request HTTP/1.1\r\nHost: x\r\nAuthorization: t\r\nX-Slow: ${"a".repeat(500)}`;
    const slowHeaders = Array.from({ length: 20 }, () => trickle(port, headers, 100));
    const slowBody = trickle(
      port,
      `POST /api/v3/enroll-factor HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n${"{".repeat(400)}`,
      100,
    );

    const answer = await fetch(`${server.url}/api/v3/list-factors-to-enroll`, { headers: { authorization: "x" } });
    expect((await answer.json()).statusCode).toBe(401);

    const times = await Promise.all([...slowHeaders, slowBody].map((c) => c.closed));
    // Each was cut off by the server within its limit plus Node's one-second sweep (and slack),
    // long before its bytes could all have arrived (50 s and more at this pace).
    for (const ms of times) expect(ms).toBeLessThan(10_000);
  });

  it("holds connections under MAX_CONNECTIONS and serves again once they go", async () => {
    const server = await startServer(tempDir(), { MAX_CONNECTIONS: "10" });
    const port = Number(new URL(server.url).port);
    const sockets = await Promise.all(
      Array.from(
        { length: 15 },
        () =>
          new Promise<Socket>((resolve) => {
            const s = connect(port, "127.0.0.1", () => resolve(s));
            s.on("error", () => {});
            defer(() => s.destroy());
          }),
      ),
    );
    // Past the cap a connection is dropped as it arrives, and near it the longest-idle one goes to
    // make room (these send nothing, so all are idle): at least five go, and fewer than ten stay.
    const closed = () => sockets.filter((s) => s.destroyed || s.closed).length;
    const deadline = Date.now() + 10_000;
    while (closed() < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    expect(closed()).toBeGreaterThanOrEqual(5);
    expect(15 - closed()).toBeLessThan(10);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const answer = await fetch(`${server.url}/api/v3/list-factors-to-enroll`, { headers: { authorization: "x" } });
    expect((await answer.json()).statusCode).toBe(401);
  });
});

describe("an SMTP server that accepts the connection and never answers", () => {
  it("answers an EMAIL send with 601 after the delivery timeout, keeps the address's minute spent, serves others meanwhile", async () => {
    const hung: Server = createServer((socket) => socket.on("error", () => {}));
    await new Promise<void>((r) => hung.listen(0, "127.0.0.1", r));
    defer(() => new Promise((r) => hung.close(r)));
    const smtpPort = (hung.address() as { port: number }).port;
    const dataDir = tempDir();
    const server = await startServer(dataDir, { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, DELIVERY_TIMEOUT_MS: "300" });
    const { privateKey } = await loadDevSigningKey(dataDir);
    const token = await signDevToken(privateKey, { sub: "hung" });
    const email = { factorType: "EMAIL", profile: { email: "hung@example.com" } };

    const started = Date.now();
    const pending = post(`${server.url}/api/v3/send-enroll-factor-request`, token, email);
    const meanwhile = await post(`${server.url}/api/v3/send-enroll-factor-request`, token, { factorType: "OTP" });
    expect(meanwhile.statusCode).toBe(200);
    const answer = await pending;
    expect(answer).toMatchObject({ statusCode: 601 });
    expect(Date.now() - started).toBeLessThan(300 + 1000 + 3000); // the timeout, the transport's deadline margin, slack
    // The outcome is unknown (the message may have gone out), so the address's minute stays spent.
    expect((await post(`${server.url}/api/v3/send-enroll-factor-request`, token, email)).statusCode).toBe(429);
  });
});
