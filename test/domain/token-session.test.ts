import { describe, expect, it } from "vitest";
import { sessionOf as digestOf, vouchesPhoneOrEmail, type TokenClaims } from "../../src/domain/token-session.ts";
import { ports } from "../support/ports.ts";

/** The session on this run's ports. */
const sessionOf = (claims: TokenClaims, token: string) => digestOf(ports, claims, token);

describe("the session an access token belongs to", () => {
  it("is named by the sid claim when there is one, whatever the jti or the token", async () => {
    expect(await sessionOf({ sid: "s-1", jti: "a" }, "token-a")).toBe(await sessionOf({ sid: "s-1", jti: "b" }, "token-b"));
    expect(await sessionOf({ sid: "s-1" }, "token-a")).not.toBe(await sessionOf({ sid: "s-2" }, "token-a"));
  });

  it("is named by the jti claim when there is no sid, so each token of such an issuer is a session of its own", async () => {
    expect(await sessionOf({ jti: "a" }, "token-a")).toBe(await sessionOf({ jti: "a" }, "token-b"));
    expect(await sessionOf({ jti: "a" }, "token-a")).not.toBe(await sessionOf({ jti: "b" }, "token-a"));
  });

  it("is named by the token itself when it has neither claim", async () => {
    expect(await sessionOf({}, "token-a")).toBe(await sessionOf({}, "token-a"));
    expect(await sessionOf({}, "token-a")).not.toBe(await sessionOf({}, "token-b"));
  });

  it("ignores a sid or jti that is not a non-empty string, and never lets a sid stand for a jti of the same value", async () => {
    expect(await sessionOf({ sid: ["s-1"], jti: "a" } as never, "t")).toBe(await sessionOf({ jti: "a" }, "t"));
    expect(await sessionOf({ sid: "", jti: "a" }, "t")).toBe(await sessionOf({ jti: "a" }, "t"));
    expect(await sessionOf({ jti: 7 } as never, "t")).toBe(await sessionOf({}, "t"));
    expect(await sessionOf({ sid: "x" }, "t")).not.toBe(await sessionOf({ jti: "x" }, "t"));
  });

  it("is a fixed-length digest, so that no claim of any length and no token reach the store", async () => {
    const session = await sessionOf({ sid: "s".repeat(10_000) }, "token-a");
    expect(session).toMatch(/^[0-9a-f]{64}$/);
    expect(await sessionOf({}, "header.payload.signature")).not.toContain("payload");
  });

  it("reads a phone number or email address from the claims unless its _verified claim says false", () => {
    expect(vouchesPhoneOrEmail({ email: "a@example.com" })).toBe(true);
    expect(vouchesPhoneOrEmail({ phone_number: "+8618812345678", phone_number_verified: true })).toBe(true);
    expect(vouchesPhoneOrEmail({ email: "a@example.com", email_verified: false })).toBe(false);
    expect(vouchesPhoneOrEmail({ email: " ", phone_number: 7 })).toBe(false);
    expect(vouchesPhoneOrEmail({})).toBe(false);
  });
});
