import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devToken } from "../support/dev-token.ts";
import { spawnService, type Service } from "../support/spawn-service.ts";

// The attack: one client holds 1,100 idle sockets (more than MAX_CONNECTIONS, 1024) and reopens each
// one 250 ms after the server closes it, with no token. Before per-client caps, 58 of 60 requests
// from everyone else failed. The server runs as `npm run server` does, with the default limits, on
// 127.0.0.2: the attacker connects from 127.0.0.1 and the legitimate client from 127.0.0.2, two
// addresses of this machine's loopback.
const HOST = "127.0.0.2";
const ATTACKER = "127.0.0.1";
const CLIENT = "127.0.0.2";
const SOCKETS = 1100;

let server: Service;
let dataDir: string;
let token: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-flood-"));
  server = await spawnService(
    "src/server/main.ts",
    { PORT: "0", HOST, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    undefined,
    undefined,
    [],
    "bundle",
  );
  token = await devToken(dataDir, "flood-bystander");
});

afterAll(async () => {
  await server?.stop("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** Holds `count` silent sockets from `from`, each reopened 250 ms after the server closes it, until stopped. */
function flood(port: number, from: string, count: number) {
  let running = true;
  const sockets = new Set<Socket>();
  let reopened = 0;
  const hold = () => {
    if (!running) return;
    const socket = connect({ port, host: HOST, localAddress: from });
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => {
      sockets.delete(socket);
      reopened++;
      setTimeout(hold, 250);
    });
  };
  for (let i = 0; i < count; i++) hold();
  return {
    reopened: () => reopened,
    stop() {
      running = false;
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** One list-factors-to-enroll from `from` on a connection of its own: the body's statusCode, or how it failed. */
function listFactorsToEnroll(port: number, from: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: HOST,
        port,
        path: "/api/v3/list-factors-to-enroll",
        localAddress: from,
        agent: false,
        headers: { authorization: `Bearer ${token}` },
        timeout: 15_000,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk));
        res.on("end", () => resolve((JSON.parse(body) as { statusCode: number }).statusCode));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

describe("a client that holds more idle sockets than MAX_CONNECTIONS and reopens each one", () => {
  it("leaves the server answering every request from another address", async () => {
    const port = Number(new URL(server.url).port);
    const attack = flood(port, ATTACKER, SOCKETS);
    try {
      // Sixty requests over about seven seconds: past HEADERS_TIMEOUT_MS (5 s), so that the server
      // has cut the attacker's silent sockets and they have come back at least once meanwhile.
      const answers: Array<number | string> = [];
      for (let i = 0; i < 60; i++) {
        answers.push(await listFactorsToEnroll(port, CLIENT));
        await new Promise((r) => setTimeout(r, 110));
      }
      expect(attack.reopened()).toBeGreaterThan(SOCKETS); // the attack really pressed on
      expect(answers).toEqual(Array(60).fill(200));
      expect(server.process.exitCode).toBeNull();
    } finally {
      attack.stop();
    }
  });
});
