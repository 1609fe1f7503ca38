import { createServer, type RequestListener, type Server } from "node:http";
import { guardConnections } from "./connection-ledger.ts";

/** Limits that keep slow or numerous clients from holding a server. */
export interface ConnectionLimits {
  /** How long a whole request (headers and body) may take. */
  requestMs: number;
  /** How long the headers may take. */
  headersMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveMs: number;
  /** Connections beyond this many are dropped as they arrive. */
  maxConnections: number;
  /** Connections one client (an IPv4 address, an IPv6 /64) may hold at once, so that one cannot take them all. */
  maxConnectionsPerClient: number;
}

/**
 * The reference server's defaults, which the mock shares. 256 connections a client leave room for
 * the bench, the load run and the contract suite (whose three workers opened 112 at once from one
 * address), and keep one client to a quarter of the server.
 */
export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = {
  requestMs: 10_000,
  headersMs: 5000,
  keepAliveMs: 5000,
  maxConnections: 1024,
  maxConnectionsPerClient: 256,
};

/**
 * An HTTP server that enforces the limits. Node enforces headersTimeout and requestTimeout only when
 * it sweeps its connections, every 30 s by default; a one-second sweep makes a trickling client go
 * within a second of its limit.
 */
export function createLimitedServer(handler: RequestListener, limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS): Server {
  const server = createServer(
    { connectionsCheckingInterval: 1000, headersTimeout: limits.headersMs, requestTimeout: limits.requestMs },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  server.keepAliveTimeout = limits.keepAliveMs;
  guardConnections(server, limits);
  return server;
}
