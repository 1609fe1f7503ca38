import { randomInt } from "node:crypto";

// The requests of the mixed load, by name: every operation, from many users, as `npm run load`
// sends them and `npm run load:side-by-side` compares them one by one. Expected refusals (429, 404,
// 6110...) are part of the mix; only an HTTP error or a 5xx is a failure.

/** One request of the mix: its method, path and JSON body. */
export interface Shape {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
}

export const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;
export const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[randomInt(16)]).join("");
export const randomToken = () => Buffer.from(Array.from({ length: 128 }, () => randomInt(256))).toString("base64");

/** Each request of the mix, drawn afresh for every request sent. */
export const MIXED_SHAPES: Readonly<Record<string, () => Shape>> = {
  sms: () => ({
    method: "POST",
    path: "/api/v3/send-enroll-factor-request",
    body: { factorType: "SMS", profile: { phoneNumber: `139${String(randomInt(1e8)).padStart(8, "0")}` } },
  }),
  email: () => ({
    method: "POST",
    path: "/api/v3/send-enroll-factor-request",
    body: { factorType: "EMAIL", profile: { email: `u${randomInt(1e9)}@example.com` } },
  }),
  otpOrFace: () => ({ method: "POST", path: "/api/v3/send-enroll-factor-request", body: { factorType: pick(["OTP", "FACE"]) } }),
  enroll: () => ({
    method: "POST",
    path: "/api/v3/enroll-factor",
    body: { factorType: "SMS", enrollmentToken: randomToken(), enrollmentData: { passCode: "123456" } },
  }),
  toEnroll: () => ({ method: "GET", path: "/api/v3/list-factors-to-enroll" }),
  enrolled: () => ({ method: "GET", path: "/api/v3/list-enrolled-factors" }),
  getFactor: () => ({ method: "GET", path: `/api/v3/get-factor?factorId=${hex(24)}` }),
  reset: () => ({ method: "POST", path: "/api/v3/reset-factor", body: { factorId: hex(24) } }),
  totp: () => ({ method: "POST", path: "/api/v3/mfa-totp-verify", body: { totp: String(randomInt(1e6)).padStart(6, "0") } }),
  recovery: () => ({ method: "POST", path: "/api/v3/mfa-totp-recovery", body: { recoveryCode: hex(24).match(/.{4}/g)!.join("-") } }),
};

/** A request of the whole mix: each shape equally likely. */
export const anyShape = (): Shape => pick(Object.values(MIXED_SHAPES))();
