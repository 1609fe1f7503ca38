import { describe, expect, it } from "vitest";
import { sessionOf } from "../../src/server/token-session.ts";

describe("the session an access token belongs to", () => {
  it("is named by the sid claim when there is one, whatever the jti or the token", () => {
    expect(sessionOf({ sid: "s-1", jti: "a" }, "token-a")).toBe(sessionOf({ sid: "s-1", jti: "b" }, "token-b"));
    expect(sessionOf({ sid: "s-1" }, "token-a")).not.toBe(sessionOf({ sid: "s-2" }, "token-a"));
  });

  it("is named by the jti claim when there is no sid, so each token of such an issuer is a session of its own", () => {
    expect(sessionOf({ jti: "a" }, "token-a")).toBe(sessionOf({ jti: "a" }, "token-b"));
    expect(sessionOf({ jti: "a" }, "token-a")).not.toBe(sessionOf({ jti: "b" }, "token-a"));
  });

  it("is named by the token itself when it has neither claim", () => {
    expect(sessionOf({}, "token-a")).toBe(sessionOf({}, "token-a"));
    expect(sessionOf({}, "token-a")).not.toBe(sessionOf({}, "token-b"));
  });

  it("ignores a sid or jti that is not a non-empty string, and never lets a sid stand for a jti of the same value", () => {
    expect(sessionOf({ sid: ["s-1"], jti: "a" } as never, "t")).toBe(sessionOf({ jti: "a" }, "t"));
    expect(sessionOf({ sid: "", jti: "a" }, "t")).toBe(sessionOf({ jti: "a" }, "t"));
    expect(sessionOf({ jti: 7 } as never, "t")).toBe(sessionOf({}, "t"));
    expect(sessionOf({ sid: "x" }, "t")).not.toBe(sessionOf({ jti: "x" }, "t"));
  });

  it("is a fixed-length digest, so that no claim of any length and no token reach the store", () => {
    const session = sessionOf({ sid: "s".repeat(10_000) }, "token-a");
    expect(session).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionOf({}, "header.payload.signature")).not.toContain("payload");
  });
});
