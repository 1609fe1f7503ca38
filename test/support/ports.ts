import { inject } from "vitest";
import { nodePorts } from "../../src/domain/node-ports.ts";
import type { DomainPorts } from "../../src/domain/ports.ts";
import { createSecretBox, type SecretBox } from "../../src/domain/secret-box.ts";
import { createWebSecretBox } from "../../src/domain/web-secret-box.ts";
import { webPorts } from "../../src/domain/web-ports.ts";
import { openMemoryStore } from "../../src/store/memory-store.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { MfaStore } from "../../src/store/store.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Which runtime the domain tests run on: the server's (node:crypto, zlib, SQLite) or a browser's. */
    portSet?: PortSet;
  }
}

/**
 * `node`: the server's ports and store. `web`: what the stateful mock runs on in a browser, WebCrypto,
 * CompressionStream and the in-memory store. The domain tests run once on each (vitest.config.ts).
 */
export type PortSet = "node" | "web";

/** This run's port set: what the vitest project provides, and the server's outside vitest (a bench script). */
export const portSet: PortSet = (() => {
  try {
    return inject("portSet") ?? "node";
  } catch {
    return "node";
  }
})();

/** The domain's ports for this run. */
export const ports: DomainPorts = portSet === "web" ? webPorts : nodePorts;

/** The AES-GCM port for this run. */
export const secretBoxOf = (key: Uint8Array): SecretBox =>
  portSet === "web" ? createWebSecretBox(key) : createSecretBox(Buffer.from(key));

/** A fresh store for this run: SQLite in memory on the server's port set, the in-memory store on a browser's. */
export const freshStore = (): MfaStore => (portSet === "web" ? openMemoryStore() : openSqliteStore(":memory:"));
