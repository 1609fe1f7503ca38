import { rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodePorts } from "../domain/node-ports.ts";
import { createSecretBox } from "../domain/secret-box.ts";
import { createStatefulMock, type StatefulMockOptions } from "../fidelity/stateful-mock.ts";
import { mockSpecPath } from "./mock-spec.ts";
import { startPrism } from "./prism-process.ts";

/** A started mock: a request handler to mount, in front of its own Prism process. */
export interface Mock {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  stop(): Promise<void>;
  onCrash(listener: (output: string) => void): void;
}

/**
 * Starts Prism on a private port and builds the fidelity layer in front of it. It never listens.
 * With `stateful`, no Prism: the reference server's domain answers from memory, on the server's
 * ports (node:crypto), exactly as the MSW handlers' stateful mode does in a browser.
 */
export async function createMock(options: {
  dynamic: boolean;
  stateful?: StatefulMockOptions;
  log?: (line: string) => void;
}): Promise<Mock> {
  if (options.stateful) {
    const { createFidelityHandler } = await import("./fidelity-handler.ts");
    const stateful = createStatefulMock({ ports: nodePorts, secretBox: (key) => createSecretBox(Buffer.from(key)) }, options.stateful);
    return { handler: createFidelityHandler({ dynamic: false, stateful }), stop: async () => {}, onCrash: () => {} };
  }
  // Prism takes about two seconds to boot; the fidelity layer (the compiled contract) loads meanwhile.
  const specPath = mockSpecPath(options.dynamic);
  const [prism, { createFidelityHandler }] = await Promise.all([
    startPrism({ specPath, dynamic: options.dynamic, log: options.log }),
    import("./fidelity-handler.ts"),
  ]);
  const stop = async () => {
    await prism.stop();
    if (options.dynamic) rmSync(specPath, { force: true }); // the derived copy, never openapi.yaml
  };
  return { handler: createFidelityHandler({ prismUrl: prism.url, dynamic: options.dynamic }), stop, onCrash: prism.onCrash };
}
