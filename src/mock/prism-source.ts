import { Agent, request as httpRequest } from "node:http";
import { responseValidator } from "../contract/validators.ts";
import type { ExampleSource } from "../fidelity/answer.ts";
import { msg } from "../messages/catalogue.ts";
import { reshapeDynamicBody } from "./dynamic-body.ts";

/**
 * Answer bodies from the Prism at this URL. Prism serves the example the core chose. Asked for no
 * example (dynamic mode), it generates a body, which is shaped like GenAuth's, checked against the
 * contract, and drawn again when json-schema-faker misses (it does not always honour a pattern
 * together with a length).
 */
export function prismSource(prismUrl: string): ExampleSource {
  const forward = prismForwarder(prismUrl);
  return async ({ op, request, bodyText, body, example, language }) => {
    const generate = example === undefined;
    for (let attempt = 0; attempt < (generate ? 10 : 1); attempt++) {
      const answer = await forward(request, bodyText, generate ? undefined : `example=${example}`);
      if (answer.status !== 200) return { failure: msg("mockUpstreamFailed", { operationId: op.operationId, status: answer.status }) };
      if (!generate) return { text: answer.text };
      const reshaped = await reshapeDynamicBody(op, body, JSON.parse(answer.text), language);
      // Generated bodies must keep our own targets' guarantees, not only GenAuth's.
      if (responseValidator(op.operationId, "reference")(reshaped)) return { text: JSON.stringify(reshaped), generated: true };
    }
    return { failure: msg("mockGenerationFailed", { operationId: op.operationId }) };
  };
}

/** A function that sends an (already validated) request on to Prism, body text as received, over kept-alive connections. */
function prismForwarder(prismUrl: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const prism = new URL(prismUrl);
  return function forward(request: Request, payload: string | undefined, prefer: string | undefined) {
    const headers: Record<string, string> = { authorization: request.headers.get("authorization") ?? "" };
    if (payload !== undefined) headers["content-type"] = "application/json";
    if (prefer) headers.prefer = prefer;
    const url = new URL(request.url);
    const send = () =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const out = httpRequest(
          { agent, host: prism.hostname, port: prism.port, method: request.method, path: url.pathname + url.search, headers },
          (answer) => {
            const chunks: Buffer[] = [];
            answer.on("data", (c: Buffer) => chunks.push(c));
            answer.on("end", () => resolve({ status: answer.statusCode ?? 500, text: Buffer.concat(chunks).toString("utf8") }));
          },
        );
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
  };
}
