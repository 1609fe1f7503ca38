import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { handlers } from "../../src/server/routes/handlers.ts";
import { enrollOtp, startSms } from "../support/enroll.ts";
import { buildTestApp, send } from "../support/test-app.ts";

describe("the server's logs", () => {
  it("never carry a code, secret, recovery code, enrollment token or access token, even at trace level", async () => {
    let logs = "";
    const stream = new Writable({
      write: (chunk, _encoding, done) => {
        logs += chunk.toString();
        done();
      },
    });
    const failing = {
      ...handlers,
      listEnrolledFactors: () => {
        throw new Error("an internal fault");
      },
    };
    const t = await buildTestApp({ logger: { level: "trace", stream }, handlers: failing });
    try {
      const token = await t.tokenFor("logged-user", { username: "logged" });
      const otp = await enrollOtp(t, token);
      const sms = await startSms(t, token, "18812345678");
      await send(t.app, "POST", "/api/v3/enroll-factor", token, {
        factorType: "SMS",
        enrollmentToken: sms.enrollmentToken,
        enrollmentData: { passCode: sms.code },
      });
      await send(t.app, "GET", "/api/v3/list-enrolled-factors", token); // an internal fault, logged with its stack
      await send(t.app, "POST", "/api/v3/mfa-totp-verify", token, { totp: "000000" });

      expect(logs.length).toBeGreaterThan(0);
      const secrets = [token, otp.secret, otp.recoveryCode, otp.enrollmentToken, sms.code, sms.enrollmentToken].filter(Boolean) as string[];
      expect(secrets.length).toBeGreaterThanOrEqual(5);
      for (const secret of secrets) expect(logs).not.toContain(secret);
    } finally {
      await t.app.close();
    }
  });
});
