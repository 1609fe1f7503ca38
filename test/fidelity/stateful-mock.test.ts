import { describe, expect, it } from "vitest";
import { DEFAULT_STEP_UP_SECONDS, DEFAULT_TOTP_LOCKOUT_SECONDS, DEFAULT_USER_POOL_NAME } from "../../src/domain/mfa-defaults.ts";
import { nodePorts } from "../../src/domain/node-ports.ts";
import { DEFAULT_SEND_LIMITS, DEFAULT_START_LIMITS } from "../../src/domain/send-limits.ts";
import { sessionOf } from "../../src/domain/token-session.ts";
import { DEFAULT_CODE_LENGTH } from "../../src/domain/verification-code.ts";
import { mockUser } from "../../src/fidelity/stateful-mock.ts";
import { loadServerConfig } from "../../src/server/config.ts";

describe("the stateful mock", () => {
  it("defaults to the reference server's settings", () => {
    const server = loadServerConfig({});
    expect([server.STEP_UP_SECONDS, server.TOTP_LOCKOUT_SECONDS, server.OTP_ISSUER]).toEqual([
      DEFAULT_STEP_UP_SECONDS,
      DEFAULT_TOTP_LOCKOUT_SECONDS,
      DEFAULT_USER_POOL_NAME,
    ]);
    expect({
      userPerHour: server.SEND_LIMIT_USER_HOUR,
      userPerDay: server.SEND_LIMIT_USER_DAY,
      globalPerMinute: server.SEND_LIMIT_GLOBAL_MINUTE,
    }).toEqual(DEFAULT_SEND_LIMITS);
    expect({ userPerHour: server.START_LIMIT_USER_HOUR, userPerDay: server.START_LIMIT_USER_DAY }).toEqual(DEFAULT_START_LIMITS);
    expect(server.VERIFY_CODE_LENGTH).toBe(DEFAULT_CODE_LENGTH);
  });

  const jwt = (claims: object) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
  const userOf = (token: string) => mockUser(nodePorts, token);

  it("makes each access token a user, named in an authenticator app by its JWT's claims when it has them", async () => {
    expect(await userOf("alice")).toMatchObject({ id: "alice", label: "mock-user" });
    expect(await userOf(jwt({ sub: "u-1", email: "bob@example.com" }))).toMatchObject({ label: "bob@example.com" });
    expect(await userOf(jwt({ sub: "u-1", username: "carol", email: "c@example.com" }))).toMatchObject({ label: "carol" });
    expect((await userOf(jwt({ sub: "x".repeat(500) }))).label).toHaveLength(48);
    expect((await userOf("not.a-jwt.at-all")).label).toBe("mock-user");
  });

  it("gives each token a session of its own, named as the server names a token's with neither sid nor jti", async () => {
    expect((await userOf("alice")).session).toBe(await sessionOf(nodePorts, {}, "alice"));
    expect((await userOf("alice")).session).not.toBe((await userOf("bob")).session);
    const withSid = jwt({ sub: "u-1", sid: "s-1" });
    expect((await userOf(withSid)).session).toBe(await sessionOf(nodePorts, {}, withSid));
  });

  it("reads a phone number or email address from a JWT's claims, and lets an opaque token's user bind a face", async () => {
    expect((await userOf(jwt({ sub: "u-1", email: "bob@example.com" }))).hasPhoneOrEmail).toBe(true);
    expect((await userOf(jwt({ sub: "u-1", phone_number: "+8618812345678", phone_number_verified: false }))).hasPhoneOrEmail).toBe(false);
    expect((await userOf(jwt({ sub: "u-1" }))).hasPhoneOrEmail).toBe(false);
    expect((await userOf("alice")).hasPhoneOrEmail).toBe(true);
  });
});
