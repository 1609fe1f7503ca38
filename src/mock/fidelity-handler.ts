import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { errorEnvelope, newRequestId } from "../contract/envelope.ts";
import { HEALTHY, OPERATIONAL_PATHS } from "../http/operational-paths.ts";
import { createFidelity, type ContractWarningEvent } from "../fidelity/answer.ts";
import { embeddedExamples } from "../fidelity/embedded-examples.ts";
import type { StatefulMock } from "../fidelity/stateful-mock.ts";
import { ScenarioStore } from "../fidelity/scenarios.ts";
import { languageOf, msg, render } from "../messages/catalogue.ts";
import { prismSource } from "./prism-source.ts";

/** What the mock's front needs to know about the Prism behind it, or the state it keeps instead. */
export interface FidelityHandlerOptions {
  /** Prism, which serves the examples; none with `stateful`, where the embedded contract does. */
  prismUrl?: string;
  dynamic: boolean;
  /** `--stateful`: the reference server's domain in memory answers, as the MSW handlers' does. */
  stateful?: StatefulMock;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The mock's HTTP front: Node's request becomes a Fetch Request for the fidelity core (the one the
 * MSW handlers use too), Prism supplies the bodies (prism-source.ts), and the core's Response goes
 * back out. A network failure the core asks for (Response.error()) is a connection closed with no
 * answer.
 */
export function createFidelityHandler(options: FidelityHandlerOptions): Handler {
  // One warning line per request served with X-Contract-Warning; its value is already percent-encoded.
  const onWarning = ({ method, path, warning }: ContractWarningEvent) => console.warn(`contract warning: ${method} ${path}: ${warning}`);
  // With `stateful` nothing is forwarded (the examples are the embedded contract's), so no Prism is needed.
  const examples = options.stateful || options.prismUrl === undefined ? embeddedExamples : prismSource(options.prismUrl);
  const answer = createFidelity({
    examples,
    dynamic: options.dynamic,
    scenarios: new ScenarioStore(),
    onWarning,
    ...(options.stateful && { stateful: options.stateful }),
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A liveness probe for orchestrators, on the mock process only; not part of GenAuth's contract.
    if (req.method === "GET" && (req.url ?? "").split("?")[0] === OPERATIONAL_PATHS.health) {
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
      res.end(JSON.stringify(HEALTHY));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
    const init: RequestInit & { duplex?: "half" } = { method: req.method ?? "GET", headers };
    if (hasBody) Object.assign(init, { body: Readable.toWeb(req) as ReadableStream, duplex: "half" });
    const response = await answer(new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, init));
    if (response.type === "error") {
      req.socket.destroy();
      return;
    }
    // The rest of an oversized body is never read, so the connection cannot carry another request.
    if (hasBody && !req.complete) res.setHeader("Connection", "close");
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
  }

  return (req, res) => {
    handle(req, res).catch((error: Error) => {
      console.error(`The mock failed to answer ${req.method} ${req.url}: ${error.message}`);
      if (res.headersSent) return;
      const requestId = newRequestId();
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Request-Id": requestId });
      res.end(JSON.stringify(errorEnvelope(500, render(msg("mockFailed"), languageOf(req.headers)), requestId)));
    });
  };
}
