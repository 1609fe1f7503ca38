import { describe, expect, it } from "vitest";
import { DEFAULT_STEP_UP_SECONDS, DEFAULT_TOTP_LOCKOUT_SECONDS, DEFAULT_USER_POOL_NAME } from "../../src/domain/mfa-defaults.ts";
import { DEFAULT_SEND_LIMITS } from "../../src/domain/send-slots.ts";
import { DEFAULT_CODE_LENGTH } from "../../src/domain/verification-code.ts";
import { mockUser } from "../../src/fidelity/stateful-mock.ts";
import { loadServerConfig } from "../../src/server/config.ts";

describe("the stateful mock", () => {
  it("defaults to the reference server's settings", () => {
    const server = loadServerConfig({});
    expect([server.STEP_UP_SECONDS, server.TOTP_LOCKOUT_SECONDS, server.OTP_ISSUER]).toEqual([DEFAULT_STEP_UP_SECONDS, DEFAULT_TOTP_LOCKOUT_SECONDS, DEFAULT_USER_POOL_NAME]);
    expect({ userPerHour: server.SEND_LIMIT_USER_HOUR, userPerDay: server.SEND_LIMIT_USER_DAY, globalPerMinute: server.SEND_LIMIT_GLOBAL_MINUTE }).toEqual(DEFAULT_SEND_LIMITS);
    expect(server.VERIFY_CODE_LENGTH).toBe(DEFAULT_CODE_LENGTH);
  });

  it("makes each access token a user, named in an authenticator app by its JWT's claims when it has them", () => {
    const jwt = (claims: object) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    expect(mockUser("alice")).toEqual({ id: "alice", label: "mock-user" });
    expect(mockUser(jwt({ sub: "u-1", email: "bob@example.com" }))).toMatchObject({ label: "bob@example.com" });
    expect(mockUser(jwt({ sub: "u-1", username: "carol", email: "c@example.com" }))).toMatchObject({ label: "carol" });
    expect(mockUser(jwt({ sub: "x".repeat(500) })).label).toHaveLength(48);
    expect(mockUser("not.a-jwt.at-all").label).toBe("mock-user");
  });
});
