import type { IncomingMessage, ServerResponse } from "node:http";

/** The request headers a browser may send cross-origin: GenAuth's own, and Prism's Prefer. */
const ALLOWED_HEADERS = "Authorization, Content-Type, Prefer, x-authing-app-id, x-genauth-app-id";

/** Lets any origin call the mock from a browser, and read the request id. */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Expose-Headers", "X-Request-Id");
}

/** Answers a CORS preflight. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  applyCors(req, res);
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? ALLOWED_HEADERS);
  res.setHeader("Access-Control-Max-Age", "600");
  res.writeHead(204).end();
}
