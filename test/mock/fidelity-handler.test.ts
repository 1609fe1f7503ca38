import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createFidelityHandler } from "../../src/mock/fidelity-handler.ts";
import { validatorsFor } from "../../src/contract/validators.ts";
import { useCleanups } from "../support/cleanups.ts";

const defer = useCleanups();

async function listen(server: Server): Promise<string> {
  defer(() => new Promise((resolve) => server.close(resolve)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// Prism's own failure shape (RFC 7807), which GenAuth never sends.
const PROBLEM = {
  type: "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
  title: "Invalid request",
  status: 422,
  detail: "Prism refused it",
};

describe("the mock when Prism answers with something other than HTTP 200", () => {
  it("answers with HTTP 200 and GenAuth's 500 envelope naming the operation, never Prism's problem+json", async () => {
    // A stand-in for Prism, so the test decides what it answers: the real one answers 200 to what the layer forwards.
    const prismUrl = await listen(
      createServer((_req, res) => res.writeHead(422, { "content-type": "application/problem+json" }).end(JSON.stringify(PROBLEM))),
    );
    const mockUrl = await listen(createServer(createFidelityHandler({ prismUrl, dynamic: false })));

    const response = await fetch(`${mockUrl}/api/v3/send-enroll-factor-request`, {
      method: "POST",
      headers: { authorization: "any-token", "content-type": "application/json" },
      body: JSON.stringify({ factorType: "OTP" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body).toMatchObject({
      statusCode: 500,
      message: expect.stringContaining("sendEnrollFactorRequest"),
      requestId: expect.any(String),
    });
    expect(body.message).toContain("HTTP 422");
    expect(body).not.toHaveProperty("type");
    expect(body).not.toHaveProperty("title");
    expect(validatorsFor("sendEnrollFactorRequest").response(body)).toBe(true);
  });
});

describe("the mock's kept-alive connections to Prism", () => {
  it("sends a request again on a new connection when Prism closes a kept-alive one as the request goes out", async () => {
    // A stand-in for Prism that answers the first request on each connection and drops the
    // connection on the second, as Prism does when its idle timeout and a new request meet.
    const EXAMPLE = { statusCode: 200, message: "", requestId: "x", data: [{ factorType: "OTP" }] };
    let connections = 0;
    const prism = createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { served?: boolean };
      if (socket.served) return socket.destroy();
      socket.served = true;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(EXAMPLE));
    });
    prism.on("connection", () => connections++);
    const mockUrl = await listen(createServer(createFidelityHandler({ prismUrl: await listen(prism), dynamic: false })));

    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${mockUrl}/api/v3/list-factors-to-enroll`, { headers: { authorization: "any-token" } });
      expect(await response.json()).toMatchObject({ statusCode: 200, data: EXAMPLE.data });
    }
    // The second and third requests each found their kept-alive connection dropped, and went again.
    expect(connections).toBe(3);
  });
});
