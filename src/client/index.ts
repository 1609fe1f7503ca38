import createFetchClient from "openapi-fetch";
import type { Language } from "../../generated/names.d.ts";
import type { components, paths } from "../../generated/openapi.d.ts";

type Schemas = components["schemas"];

/** GenAuth's error envelope: what every failed call resolves to in `error`. */
export type GenAuthErrorEnvelope = Schemas["ErrorRespDto"];

/** What a success carries in `data`: GenAuth's `data`, or `null` for an operation that returns none. */
export type DataOf<T> = T extends { data: infer D } ? D : null;

/**
 * A call's outcome, errors as values: `data` is GenAuth's `data` (what the call is for), `envelope`
 * the whole success body (`statusCode` 200, `message`, `requestId`), and `error` the GenAuth error
 * envelope. GenAuth answers HTTP 200 even on failure, so the client looks at the body's `statusCode`,
 * and a caller never has to.
 */
export type Result<T> =
  | { data: DataOf<T>; envelope: T; error?: never; response: Response }
  /** `response` is absent when no HTTP answer arrived (a network failure). */
  | { data?: never; envelope?: never; error: GenAuthErrorEnvelope; response?: Response };

/** Options for {@link createClient}. */
export interface ClientOptions {
  /** The mock, the reference server, or a GenAuth application host, e.g. `https://your-app.genauth.ai`. */
  baseUrl: string;
  /** The user's access token. Sent raw in `Authorization`, as GenAuth's official SDK does. */
  accessToken?: string | undefined;
  /** The application ID, sent as `x-authing-app-id`. */
  appId?: string | undefined;
  /**
   * The language of the answers' messages, sent as `x-genauth-lang` as genauth-node-sdk sends it:
   * `en-US` (the mock's and the reference server's default) or `zh-CN`.
   */
  lang?: Language | undefined;
  /** A fetch to use instead of the global one (a test double, or a fetch with a proxy). */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Extra headers for every request, such as `Prefer: example=throttled` against the mock. */
  headers?: Record<string, string> | undefined;
}

/** The failure an HTTP answer that is not GenAuth's stands for (a proxy error, a wrong base URL). */
function transportError(response: Response, body: unknown): GenAuthErrorEnvelope {
  const envelope = body as Partial<GenAuthErrorEnvelope> | undefined;
  if (envelope && typeof envelope.statusCode === "number" && typeof envelope.message === "string") {
    return envelope as GenAuthErrorEnvelope;
  }
  return {
    statusCode: response.status >= 500 ? 502 : 499,
    message: `HTTP ${response.status} ${response.statusText} from ${response.url}`,
    requestId: response.headers.get("x-request-id") ?? "unknown",
  };
}

type Envelope = { statusCode: number };
type Outcome<T> = { data?: T | GenAuthErrorEnvelope; error?: unknown; response: Response };

/**
 * The failure a thrown fetch stands for: the network (499: the request never got an answer) or a
 * body that is not JSON (502: something other than GenAuth answered). `response` is then absent.
 */
function thrown(error: unknown): GenAuthErrorEnvelope {
  const reason = error instanceof Error ? error.message : String(error);
  const notJson = error instanceof SyntaxError;
  return {
    statusCode: notJson ? 502 : 499,
    message: notJson ? `The answer is not JSON: ${reason}` : `The request failed: ${reason}`,
    requestId: "unknown",
  };
}

async function settle<T extends Envelope>(call: Promise<Outcome<T>>): Promise<Result<T>> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch (error) {
    return { error: thrown(error) };
  }
  const { data, error, response } = outcome;
  if (data === undefined) return { error: transportError(response, error), response };
  if (data.statusCode === 200) {
    const envelope = data as T;
    return { data: ((envelope as { data?: unknown }).data ?? null) as DataOf<T>, envelope, response };
  }
  return { error: data as GenAuthErrorEnvelope, response };
}

/** Builds a typed client for GenAuth's MFA enrollment API. It runs in browsers and in Node 20. */
export function createClient(options: ClientOptions) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.accessToken) headers.authorization = options.accessToken;
  if (options.appId) headers["x-authing-app-id"] = options.appId;
  if (options.lang) headers["x-genauth-lang"] = options.lang;
  // Spread, not `fetch: options.fetch`: under exactOptionalPropertyTypes openapi-fetch's option
  // may be absent but never undefined.
  const api = createFetchClient<paths>({ baseUrl: options.baseUrl, headers, ...(options.fetch && { fetch: options.fetch }) });

  return {
    /** Starts binding a factor; returns the enrollment token (and, for OTP, the QR code). */
    sendEnrollFactorRequest: (body: Schemas["SendEnrollFactorRequestDto"]) =>
      settle<Schemas["SendEnrollFactorRequestRespDto"]>(api.POST("/api/v3/send-enroll-factor-request", { body })),
    /** Finishes binding a factor with its code or photo. */
    enrollFactor: (body: Schemas["EnrollFactorDto"]) => settle<Schemas["EnrollFactorRespDto"]>(api.POST("/api/v3/enroll-factor", { body })),
    /** The factor types the user can still bind. */
    listFactorsToEnroll: () => settle<Schemas["ListFactorsToEnrollRespDto"]>(api.GET("/api/v3/list-factors-to-enroll")),
    /** The factors the user has bound. */
    listEnrolledFactors: () => settle<Schemas["ListEnrolledFactorsRespDto"]>(api.GET("/api/v3/list-enrolled-factors")),
    /** One bound factor. */
    getFactor: (query: { factorId: string }) => settle<Schemas["GetFactorRespDto"]>(api.GET("/api/v3/get-factor", { params: { query } })),
    /** Unbinds a factor. */
    resetFactor: (body: Schemas["ResetFactorDto"]) => settle<Schemas["ResetFactorRespDto"]>(api.POST("/api/v3/reset-factor", { body })),
    /** Checks a TOTP against the bound OTP factor. */
    mfaOtpVerify: (body: Schemas["MfaOtpVerityDto"]) =>
      settle<Schemas["MfaOtpVerityRespDto"]>(api.POST("/api/v3/mfa-totp-verify", { body })),
    /** Spends the OTP recovery code and returns its replacement. */
    mfaOtpRecover: (body: Schemas["MfaOtpRecoverDto"]) =>
      settle<Schemas["MfaOtpRecoverRespDto"]>(api.POST("/api/v3/mfa-totp-recovery", { body })),
  };
}

/** The client {@link createClient} builds. */
export type GenAuthMfaClient = ReturnType<typeof createClient>;
// Every schema's type under its GenAuth name (FactorDto, ErrorRespDto, ...), plus paths and components.
export type * from "../../generated/openapi.d.ts";
export type { ExampleNames, Language } from "../../generated/names.d.ts";
