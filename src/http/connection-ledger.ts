import type { Server, ServerResponse } from "node:http";
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
  const ledger = new ConnectionLedger(limits);
  server.on("connection", (socket: Socket) => ledger.admit(socket));
  // Ahead of the application's own listener, so that a request answered at once is already counted.
  server.prependListener("request", (request, response) => ledger.track(request.socket, response));
}

/** The connections of one server, by socket and by client, and which of them are idle. */
class ConnectionLedger {
  private readonly entries = new Map<Socket, Entry>();
  private readonly clients = new Map<string, Client>();
  /** Every idle connection, the longest idle first: a Set keeps its insertion order. */
  private readonly idle = new Set<Socket>();
  private readonly reclaimAt: number;

  constructor(private readonly limits: LedgerLimits) {
    this.reclaimAt = reclaimThreshold(limits.maxConnections);
  }

  /** Takes a new connection in, making room for it, or closes it when its client has none to give. */
  admit(socket: Socket): void {
    const key = clientKey(socket.remoteAddress);
    const held = this.clients.get(key);
    if (held && held.open >= this.limits.maxConnectionsPerClient && !this.reclaim(first(held.idle))) {
      socket.destroy();
      return;
    }
    if (this.entries.size + 1 >= this.reclaimAt) this.reclaim(first(this.idle));
    // Read again: a reclaim may have closed the client's last connection, and forgotten the client.
    let client = this.clients.get(key);
    if (!client) {
      client = { key, open: 0, idle: new Set() };
      this.clients.set(key, client);
    }
    client.open++;
    const entry: Entry = { client, inFlight: 0 };
    this.entries.set(socket, entry);
    this.markIdle(socket, entry);
    socket.once("close", () => this.release(socket));
  }

  /** Marks a connection busy while a request is in progress on it, and idle again once its last answer is sent. */
  track(socket: Socket, response: ServerResponse): void {
    const entry = this.entries.get(socket);
    if (!entry) return;
    entry.inFlight++;
    this.markBusy(socket, entry);
    response.once("close", () => {
      // A connection that ends with its answer was released already and stays out of the ledger.
      if (--entry.inFlight === 0 && this.entries.get(socket) === entry && !socket.destroyed) this.markIdle(socket, entry);
    });
  }

  private markIdle(socket: Socket, entry: Entry): void {
    this.idle.add(socket);
    entry.client.idle.add(socket);
  }

  private markBusy(socket: Socket, entry: Entry): void {
    this.idle.delete(socket);
    entry.client.idle.delete(socket);
  }

  // Counted out at once, not on 'close' (which comes a tick later), so the next accept sees the room.
  private release(socket: Socket): void {
    const entry = this.entries.get(socket);
    if (!entry) return;
    this.entries.delete(socket);
    this.markBusy(socket, entry);
    if (--entry.client.open === 0) this.clients.delete(entry.client.key);
  }

  private reclaim(socket: Socket | undefined): boolean {
    if (!socket) return false;
    this.release(socket);
    socket.destroy();
    return true;
  }
}

const first = (sockets: Set<Socket>): Socket | undefined => sockets.values().next().value;
