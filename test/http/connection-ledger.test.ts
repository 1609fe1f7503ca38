import { request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { reclaimThreshold } from "../../src/http/connection-ledger.ts";
import { createLimitedServer, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from "../../src/http/connection-limits.ts";
import { useCleanups } from "../support/cleanups.ts";

// 127.0.0.2 is a second loopback address on Linux: the server listens on it, and a client's source
// address is chosen with localAddress, so that two clients are two addresses.
const HOST = "127.0.0.2";
const ATTACKER = "127.0.0.1";
const OTHER = "127.0.0.2";

const defer = useCleanups();

// Header and request timeouts far beyond any wait here, so that only the ledger closes a silent socket.
const LIMITS: ConnectionLimits = {
  ...DEFAULT_CONNECTION_LIMITS,
  requestMs: 60_000,
  headersMs: 60_000,
  maxConnections: 16,
  maxConnectionsPerClient: 4,
};

/** A limited server on HOST; a request to /hold is answered only once `release()` is called. */
async function listen(limits: ConnectionLimits = LIMITS) {
  const held: ServerResponse[] = [];
  const server: Server = createLimitedServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === "/hold") held.push(res);
    else res.end("ok");
  }, limits);
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  defer(() => new Promise((resolve) => server.close(resolve)));
  defer(() => server.closeAllConnections());
  const port = (server.address() as { port: number }).port;
  const release = () => {
    for (const res of held.splice(0)) res.end("released");
  };
  return { port, held: () => held.length, release };
}

interface Peer {
  socket: Socket;
  closed: boolean;
}

/** A connection from `from` that sends nothing (or a request when `send` is given), and notes when the server closes it. */
async function open(port: number, from: string, send?: string): Promise<Peer> {
  const socket = connect({ port, host: HOST, localAddress: from });
  socket.on("error", () => {});
  socket.on("data", () => {});
  defer(() => socket.destroy());
  const peer: Peer = { socket, closed: false };
  socket.on("close", () => (peer.closed = true));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  if (send) socket.write(send);
  return peer;
}

const settle = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `condition` holds, for up to 10 s: the kernel completes connections before the server
 * takes them from its backlog, so on a busy machine the server's closing lags the client's connect.
 */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition() && Date.now() < deadline) await settle(20);
}

/** One GET on a connection of its own from `from`; its body, or the error that ended it. */
function get(port: number, from: string, path = "/"): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path, localAddress: from, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve(`failed: ${error.code}`));
    req.end();
  });
}

const HOLD = `GET /hold HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`;

describe("the per-client connection cap", () => {
  it("closes a client's new connection when all of its connections at the cap are busy, and answers another address", async () => {
    const { port, held, release } = await listen();
    const busy: Peer[] = [];
    for (let i = 0; i < LIMITS.maxConnectionsPerClient; i++) busy.push(await open(port, ATTACKER, HOLD));
    await until(() => held() === LIMITS.maxConnectionsPerClient);
    const extra = await open(port, ATTACKER);
    await until(() => extra.closed);
    expect(extra.closed).toBe(true);
    expect(busy.filter((p) => p.closed)).toHaveLength(0); // requests in progress are never cut
    expect(await get(port, OTHER)).toBe("ok");
    release();
  });

  it("gives a client at its cap its own longest-idle connection's place, so a keep-alive pool keeps working", async () => {
    const { port } = await listen();
    const idle: Peer[] = [];
    for (let i = 0; i < LIMITS.maxConnectionsPerClient; i++) idle.push(await open(port, ATTACKER));
    await settle();
    const fresh = await open(port, ATTACKER, `GET / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
    const answered = new Promise<string>((resolve) => fresh.socket.once("data", (chunk: Buffer) => resolve(chunk.toString())));
    expect(await answered).toContain("ok");
    await until(() => idle[0]!.closed);
    await settle();
    expect(idle.map((p) => p.closed)).toEqual([true, false, false, false]);
  });

  it("holds a client to a cap of one connection however often it reconnects", async () => {
    const { port } = await listen({ ...LIMITS, maxConnectionsPerClient: 1 });
    const peers: Peer[] = [];
    for (let i = 0; i < 4; i++) {
      peers.push(await open(port, ATTACKER));
      await until(() => peers.slice(0, -1).every((p) => p.closed));
    }
    await settle();
    expect(peers.map((p) => p.closed)).toEqual([true, true, true, false]);
  });

  it("counts no connection of another address against a client that holds its cap with silent sockets", async () => {
    const { port } = await listen();
    const silent = await Promise.all(Array.from({ length: 40 }, () => open(port, ATTACKER)));
    await until(() => silent.filter((p) => !p.closed).length <= LIMITS.maxConnectionsPerClient);
    await settle();
    expect(silent.filter((p) => !p.closed)).toHaveLength(LIMITS.maxConnectionsPerClient);
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(port, OTHER)));
    expect(answers).toEqual(Array(8).fill("ok"));
  });
});

describe("idle connections near the global cap", () => {
  it("closes the longest-idle connections before the cap is reached, so a newcomer is answered", async () => {
    const limits = { ...LIMITS, maxConnections: 16, maxConnectionsPerClient: 16 };
    const { port } = await listen(limits);
    const silent: Peer[] = [];
    for (let i = 0; i < 16; i++) silent.push(await open(port, ATTACKER));
    await until(() => silent.filter((p) => !p.closed).length < reclaimThreshold(16));
    await settle();
    const open_ = silent.filter((p) => !p.closed).length;
    expect(open_).toBeLessThan(reclaimThreshold(16));
    expect(silent.slice(0, 16 - open_).every((p) => p.closed)).toBe(true); // the oldest went first
    expect(await get(port, OTHER)).toBe("ok");
  });

  it("never closes a connection whose request is in progress to make room", async () => {
    const limits = { ...LIMITS, maxConnections: 16, maxConnectionsPerClient: 16 };
    const { port, held, release } = await listen(limits);
    const busy: Peer[] = [];
    for (let i = 0; i < 12; i++) busy.push(await open(port, ATTACKER, HOLD));
    await until(() => held() === 12);
    for (let i = 0; i < 8; i++) await open(port, OTHER);
    await settle();
    expect(busy.filter((p) => p.closed)).toHaveLength(0);
    release();
  });

  it("keeps at least one place free below the cap of a tiny server", () => {
    expect(reclaimThreshold(1024)).toBe(960);
    expect(reclaimThreshold(16)).toBe(15);
    expect(reclaimThreshold(10)).toBe(9);
  });
});
