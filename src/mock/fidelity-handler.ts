import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { errorEnvelope, newRequestId } from "../contract/envelope.ts";
import { HEALTHY, OPERATIONAL_PATHS } from "../http/operational-paths.ts";
import { responseValidator } from "../contract/validators.ts";
import { createFidelity, type ContractWarningEvent, type ExampleSource } from "../fidelity/answer.ts";
import { embeddedExamples } from "../fidelity/embedded-examples.ts";
import type { StatefulMock } from "../fidelity/stateful-mock.ts";
import { ScenarioStore } from "../fidelity/scenarios.ts";
import { languageOf, msg, render } from "../messages/catalogue.ts";
import { reshapeDynamicBody } from "./dynamic-body.ts";

/** What the mock's front needs to know about the Prism behind it, or the state it keeps instead. */
export interface FidelityOptions {
  /** Prism, which serves the examples; none with `stateful`, where the embedded contract does. */
  prismUrl?: string;
  dynamic: boolean;
  /** `--stateful`: the reference server's domain in memory answers, as the MSW handlers' does. */
  stateful?: StatefulMock;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The mock's HTTP front: Node's request becomes a Fetch Request for the fidelity core (the one the
 * MSW handlers use too), Prism supplies the bodies, and the core's Response goes back out. A
 * network failure the core asks for (Response.error()) is a connection closed with no answer.
 */
export function createFidelityHandler(options: FidelityOptions): Handler {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  // With `stateful` nothing is forwarded (the examples are the embedded contract's), so no Prism is needed.
  const prism = new URL(options.prismUrl ?? "http://127.0.0.1:0");

  /** Sends the (already validated) request on to Prism, body text as received. */
  function forward(request: Request, payload: string | undefined, prefer: string | undefined) {
    const headers: Record<string, string> = { authorization: request.headers.get("authorization") ?? "" };
    if (payload !== undefined) headers["content-type"] = "application/json";
    if (prefer) headers.prefer = prefer;
    const url = new URL(request.url);
    const send = () =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const out = httpRequest({ agent, host: prism.hostname, port: prism.port, method: request.method, path: url.pathname + url.search, headers }, (answer) => {
          const chunks: Buffer[] = [];
          answer.on("data", (c: Buffer) => chunks.push(c));
          answer.on("end", () => resolve({ status: answer.statusCode ?? 500, text: Buffer.concat(chunks).toString("utf8") }));
        });
        out.on("error", (error: NodeJS.ErrnoException) => {
          // Prism closes a kept-alive connection after a few idle seconds; a request sent on it just
          // as it closes fails with ECONNRESET before Prism has read it. Node's documentation advises
          // sending it again then. Each failed socket is discarded, so the retries end with a fresh
          // connection, whose failure is a real one.
          if (out.reusedSocket && error.code === "ECONNRESET") send().then(resolve, reject);
          else reject(error);
        });
        out.end(payload);
      });
    return send();
  }

  // Prism serves the named example. In dynamic mode it generates a body, which is shaped like
  // GenAuth's, checked against the contract, and drawn again when json-schema-faker misses (it does
  // not always honour a pattern together with a length).
  const fromPrism: ExampleSource = async ({ op, request, bodyText, body, prefer, generate, language }) => {
    for (let attempt = 0; attempt < (generate ? 10 : 1); attempt++) {
      const answer = await forward(request, bodyText, prefer);
      if (answer.status !== 200) return { failure: msg("mockUpstreamFailed", { operationId: op.operationId, status: answer.status }) };
      if (!generate) return { text: answer.text };
      const reshaped = await reshapeDynamicBody(op, body, JSON.parse(answer.text), language);
      // Generated bodies must keep our own targets' guarantees, not only GenAuth's.
      if (responseValidator(op.operationId, "reference")(reshaped)) return { text: JSON.stringify(reshaped), generated: true };
    }
    return { failure: msg("mockGenerationFailed", { operationId: op.operationId }) };
  };

  // One warning line per request served with X-Contract-Warning; its value is already percent-encoded.
  const onWarning = ({ method, path, warning }: ContractWarningEvent) => console.warn(`contract warning: ${method} ${path}: ${warning}`);
  const examples = options.stateful ? embeddedExamples : fromPrism;
  const answer = createFidelity({ examples, dynamic: options.dynamic, scenarios: new ScenarioStore(), onWarning, ...(options.stateful && { stateful: options.stateful }) });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A liveness probe for orchestrators, on the mock process only; not part of GenAuth's contract.
    if (req.method === "GET" && (req.url ?? "").split("?")[0] === OPERATIONAL_PATHS.health) {
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
      res.end(JSON.stringify(HEALTHY));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
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
