import { describe, expect, it } from "vitest";
import { createLimitedServer, DEFAULT_CONNECTION_LIMITS } from "../../src/http/connection-limits.ts";

describe("createLimitedServer", () => {
  it("sets the header, request and keep-alive timeouts and the connection cap, with a one-second sweep", () => {
    const server = createLimitedServer(() => {}, {
      requestMs: 7000,
      headersMs: 3000,
      keepAliveMs: 4000,
      maxConnections: 12,
      maxConnectionsPerClient: 6,
    });
    expect(server).toMatchObject({ requestTimeout: 7000, headersTimeout: 3000, keepAliveTimeout: 4000, maxConnections: 12 });
  });

  it("uses the reference server's defaults, which the mock shares", () => {
    const server = createLimitedServer(() => {});
    expect(server).toMatchObject({ requestTimeout: 10_000, headersTimeout: 5000, keepAliveTimeout: 5000, maxConnections: 1024 });
    expect(DEFAULT_CONNECTION_LIMITS).toEqual({
      requestMs: 10_000,
      headersMs: 5000,
      keepAliveMs: 5000,
      maxConnections: 1024,
      maxConnectionsPerClient: 256,
    });
  });
});
