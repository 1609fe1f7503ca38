import { CONTRACT_WARNING_HEADER } from "../contract/warning-header.ts";

/** Request headers by lower-case name, as Node and the Fetch API both give them. */
type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/** The request headers a browser may send cross-origin: GenAuth's own, and Prism's Prefer. */
const ALLOWED_HEADERS = "Authorization, Content-Type, Prefer, x-authing-app-id, x-genauth-app-id";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Headers that let any origin call the API from a browser and read the request id and the contract warnings. */
export function corsHeaders(request: IncomingHttpHeaders): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": first(request.origin) ?? "*",
    Vary: "Origin",
    "Access-Control-Expose-Headers": `X-Request-Id, ${CONTRACT_WARNING_HEADER}`,
  };
}

/** Headers that answer a CORS preflight. */
export function preflightHeaders(request: IncomingHttpHeaders): Record<string, string> {
  return {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": first(request["access-control-request-headers"]) ?? ALLOWED_HEADERS,
    "Access-Control-Max-Age": "600",
    ...corsHeaders(request),
  };
}
