import type { Server } from "node:http";
import type { Socket } from "node:net";
import { clientKey } from "./client-key.ts";

/** The caps a ledger holds a server's connections to. */
export interface LedgerLimits {
  /** The server's cap on all connections (net.Server's maxConnections drops any past it). */
  maxConnections: number;
  /** Connections one client (one IPv4 address, one IPv6 /64) may hold at once. */
  maxConnectionsPerClient: number;
}

interface Client {
  key: string;
  open: number;
  /** This client's connections with no request in progress, the longest idle first. */
  idle: Set<Socket>;
}

interface Entry {
  client: Client;
  inFlight: number;
}

/**
 * The open connections reach this many before each new one costs the longest-idle connection its
 * place: a 16th of the cap (at least one) is kept for newcomers, so the cap is not where a server
 * held by idle sockets starts refusing.
 */
export const reclaimThreshold = (maxConnections: number) => maxConnections - Math.max(1, Math.floor(maxConnections / 16));

/**
 * Holds a server's connections to per-client and global caps as they are accepted, before any byte
 * of a request is read (so no forwarded header can speak for a client here: the peer address is
 * all there is). A connection is idle while no request is in progress on it: from its accept until
 * its first request's headers are in, and between keep-alive requests. A client at its cap gives up
 * its own longest-idle connection for the new one, or the new one is closed when all of its
 * connections are busy; and once the server nears its global cap, each new connection closes the
 * longest-idle one of anyone's. Sockets that hold a place and send nothing are what is closed, and
 * requests in progress are never cut.
 */
export function guardConnections(server: Server, limits: LedgerLimits): void {
  const entries = new Map<Socket, Entry>();
  const clients = new Map<string, Client>();
  /** Every idle connection, the longest idle first: a Set keeps its insertion order. */
  const idle = new Set<Socket>();
  const reclaimAt = reclaimThreshold(limits.maxConnections);

  const markIdle = (socket: Socket, entry: Entry) => {
    idle.add(socket);
    entry.client.idle.add(socket);
  };
  const markBusy = (socket: Socket, entry: Entry) => {
    idle.delete(socket);
    entry.client.idle.delete(socket);
  };
  // Counted out at once, not on 'close' (which comes a tick later), so the next accept sees the room.
  const release = (socket: Socket) => {
    const entry = entries.get(socket);
    if (!entry) return;
    entries.delete(socket);
    markBusy(socket, entry);
    if (--entry.client.open === 0) clients.delete(entry.client.key);
  };
  const reclaim = (socket: Socket | undefined) => {
    if (!socket) return false;
    release(socket);
    socket.destroy();
    return true;
  };

  server.on("connection", (socket: Socket) => {
    const key = clientKey(socket.remoteAddress);
    const held = clients.get(key);
    if (held && held.open >= limits.maxConnectionsPerClient && !reclaim(first(held.idle))) {
      socket.destroy();
      return;
    }
    if (entries.size + 1 >= reclaimAt) reclaim(first(idle));
    // Read again: a reclaim may have closed the client's last connection, and forgotten the client.
    let client = clients.get(key);
    if (!client) {
      client = { key, open: 0, idle: new Set() };
      clients.set(key, client);
    }
    client.open++;
    const entry: Entry = { client, inFlight: 0 };
    entries.set(socket, entry);
    markIdle(socket, entry);
    socket.once("close", () => release(socket));
  });

  // Ahead of the application's own listener, so that a request answered at once is already counted.
  server.prependListener("request", (request, response) => {
    const socket = request.socket;
    const entry = entries.get(socket);
    if (!entry) return;
    entry.inFlight++;
    markBusy(socket, entry);
    response.once("close", () => {
      // A connection that ends with its answer was released already and stays out of the ledger.
      if (--entry.inFlight === 0 && entries.get(socket) === entry && !socket.destroyed) markIdle(socket, entry);
    });
  });
}

const first = (sockets: Set<Socket>): Socket | undefined => sockets.values().next().value;
