import autocannon, { type Request } from "autocannon";

/** One measured run: requests per second, latency percentiles, and what went wrong. */
export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non200: number;
  /** Answers whose body statusCode was not the expected one. */
  wrongStatus: number;
  /** Those answers by their body's statusCode, each with the first message seen: what went wrong. */
  wrongBodies: Record<string, { count: number; message: string }>;
  total: number;
  /** Answers per second that carried the expected statusCode (all answers when none is expected). */
  okRps: number;
}

/** Options for one run of load against a URL. */
export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  method?: "GET" | "POST";
  /** Fixed headers, or a function that makes each request's (for a distinct token each). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** A fixed body, or a function that makes each request's body (for distinct phone numbers). */
  body?: string | (() => string);
  /** Paths and bodies to rotate through, for mixed traffic. */
  requests?: Request[];
  /** The body statusCode every answer should carry; others are counted in wrongStatus. */
  expectStatusCode?: number;
}

/** Runs autocannon (its own HTTP client, keep-alive, pipelining 1) and returns the figures. */
export async function load(options: LoadOptions): Promise<Figures> {
  let wrongStatus = 0;
  const wrongBodies: Figures["wrongBodies"] = {};
  const { body, headers } = options;
  const fixedHeaders = typeof headers === "function" ? undefined : headers;
  const perRequest = typeof body === "function" || typeof headers === "function";
  const requests: Request[] = options.requests ?? [
    {
      method: options.method ?? "GET",
      headers: fixedHeaders,
      ...(perRequest
        ? {
            setupRequest: (req: Request) => ({
              ...req,
              ...(typeof body === "function" ? { body: body() } : { body }),
              ...(typeof headers === "function" && { headers: headers() }),
            }),
          }
        : { body }),
      onResponse: (_status: number, responseBody: string) => {
        if (options.expectStatusCode === undefined) return;
        if (responseBody.startsWith(`{"statusCode":${options.expectStatusCode}`)) return;
        wrongStatus++;
        const code = /^\{"statusCode":(\d+)/.exec(responseBody)?.[1] ?? "unparsed";
        const seen = wrongBodies[code] ?? {
          count: 0,
          message: /"message":"([^"]{0,120})/.exec(responseBody)?.[1] ?? responseBody.slice(0, 120),
        };
        seen.count++;
        wrongBodies[code] = seen;
      },
    },
  ];
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: fixedHeaders,
    requests,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non200: result.non2xx,
    wrongStatus,
    wrongBodies,
    total: result.requests.total,
    okRps: (result.requests.total - wrongStatus - result.non2xx) / options.durationSeconds,
  };
}
