import { resolve } from "node:path";
import type { Service } from "../test/support/spawn-service.ts";

/** A reference server started by a checkout's own bench code, and that checkout's way to sign its tokens. */
export interface CheckoutServer {
  checkout: string;
  server: Service & { dataDir: string };
  /** The server's process: a launcher may sit above it, and its CPU is the whole tree's. */
  pid: number;
  /** A dev token for a user of this server, as that checkout's own signer makes it. */
  sign(payload: { sub: string; claims?: Record<string, unknown>; expiresIn: string }): Promise<string>;
}

/**
 * The reference server of a checkout: this one's, or another's with its dependencies installed
 * (`npm ci` there), started by that checkout's own bench code from its own sources, so that two
 * commits are measured under one load generator and one mix.
 */
export async function checkoutServer(checkout = "."): Promise<CheckoutServer> {
  const root = resolve(checkout);
  const services = await import(`${root}/bench/services.ts`);
  const { loadDevSigningKey } = await import(`${root}/src/server/keys.ts`);
  const { signDevToken } = await import(`${root}/src/server/dev-tokens.ts`);
  const server = await services.startServer();
  const { privateKey } = await loadDevSigningKey(server.dataDir);
  return { checkout: root, server, pid: server.process.pid, sign: (payload) => signDevToken(privateKey, payload) };
}
