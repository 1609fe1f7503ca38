import { describe, expect, it } from "vitest";
import { createClient } from "../../src/client/index.ts";

/** A fetch that answers every request with one body, and records what it was asked. */
function answering(body: unknown, init: ResponseInit = { status: 200 }) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(typeof body === "string" ? body : JSON.stringify(body), {
      headers: { "content-type": "application/json" },
      ...init,
    });
  };
  return { fetch, requests };
}

const envelope = { statusCode: 429, message: "retry in 42 seconds", requestId: "9b2c8d4e-5f6a-4b7c-8d9e-2f3a4b5c6d7e" };

describe("createClient", () => {
  it("sends the access token raw in Authorization and the app id in x-authing-app-id, as GenAuth's SDK does", async () => {
    const { fetch, requests } = answering({ statusCode: 200, message: "ok", data: [] });
    await createClient({ baseUrl: "http://api.test", accessToken: "raw-token", appId: "app-1", fetch }).listEnrolledFactors();
    expect(requests[0]!.headers.get("authorization")).toBe("raw-token");
    expect(requests[0]!.headers.get("x-authing-app-id")).toBe("app-1");
    expect(requests[0]!.url).toBe("http://api.test/api/v3/list-enrolled-factors");
  });

  it("puts an HTTP 200 answer whose statusCode is not 200 into error, not data", async () => {
    const { fetch } = answering(envelope);
    const result = await createClient({ baseUrl: "http://api.test", fetch }).sendEnrollFactorRequest({ factorType: "OTP" });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(envelope);
  });

  it("puts a statusCode 200 answer's data into data, and the whole body into envelope", async () => {
    const body = { statusCode: 200, message: "ok", data: { verified: true }, requestId: "r" };
    const { fetch, requests } = answering(body);
    const result = await createClient({ baseUrl: "http://api.test", fetch }).mfaOtpVerify({ totp: "123456" });
    expect(result.data).toEqual({ verified: true });
    expect(result.envelope).toEqual(body);
    expect(result.error).toBeUndefined();
    expect(await requests[0]!.json()).toEqual({ totp: "123456" });
  });

  it("gives data null for a success that carries no data, as enrollFactor's does", async () => {
    const body = { statusCode: 200, message: "", requestId: "r" };
    const { fetch } = answering(body);
    const result = await createClient({ baseUrl: "http://api.test", fetch }).enrollFactor({
      factorType: "SMS",
      enrollmentToken: "t",
      enrollmentData: { passCode: "123456" },
    });
    expect(result.data).toBeNull();
    expect(result.envelope).toEqual(body);
    expect(result.error).toBeUndefined();
  });

  it("sends getFactor's factorId in the query string", async () => {
    const { fetch, requests } = answering(envelope);
    await createClient({ baseUrl: "http://api.test", fetch }).getFactor({ factorId: "6571c1f8a3d2e4b5c6d7e8f9" });
    expect(new URL(requests[0]!.url).searchParams.get("factorId")).toBe("6571c1f8a3d2e4b5c6d7e8f9");
  });

  it("turns an HTTP error that carries no envelope into one, so callers handle one shape", async () => {
    const { fetch } = answering("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" });
    const { error } = await createClient({ baseUrl: "http://api.test", fetch }).listFactorsToEnroll();
    expect(error).toMatchObject({ statusCode: 502, message: expect.stringContaining("HTTP 502") });
  });

  it("keeps a GenAuth envelope that arrives with an HTTP error status", async () => {
    const { fetch } = answering({ statusCode: 404, message: "No operation", requestId: "r" }, { status: 404 });
    const { error } = await createClient({ baseUrl: "http://api.test", fetch }).listFactorsToEnroll();
    expect(error).toEqual({ statusCode: 404, message: "No operation", requestId: "r" });
  });

  it("passes extra headers such as Prefer through", async () => {
    const { fetch, requests } = answering(envelope);
    await createClient({ baseUrl: "http://api.test", fetch, headers: { Prefer: "example=throttled" } }).listEnrolledFactors();
    expect(requests[0]!.headers.get("prefer")).toBe("example=throttled");
  });
});

describe("createClient when no GenAuth answer arrives", () => {
  it("returns a network failure as a 499 error value instead of throwing", async () => {
    const fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const result = await createClient({ baseUrl: "http://api.test", fetch }).listEnrolledFactors();
    expect(result.error).toMatchObject({ statusCode: 499, message: expect.stringContaining("fetch failed") });
    expect(result.response).toBeUndefined();
  });

  it("returns an HTTP 200 page that is not JSON as a 502 error value instead of throwing", async () => {
    const fetch = async () => new Response("<html>captive portal</html>", { status: 200, headers: { "content-type": "application/json" } });
    const { error } = await createClient({ baseUrl: "http://api.test", fetch }).listEnrolledFactors();
    expect(error).toMatchObject({ statusCode: 502, message: expect.stringContaining("not JSON") });
  });
});
