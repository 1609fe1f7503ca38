import { expect } from "vitest";
import { operations } from "../../src/contract/operations.ts";
import { totpFor } from "../contract-suite/support/totp-clock.ts";
import { send, type TestApp } from "./test-app.ts";

type OperationId =
  | "sendEnrollFactorRequest"
  | "enrollFactor"
  | "listFactorsToEnroll"
  | "listEnrolledFactors"
  | "getFactor"
  | "resetFactor"
  | "mfaOtpVerify"
  | "mfaOtpRecover";

/** The reference server's paths, by operationId, as openapi.yaml declares them. */
export const PATHS = Object.fromEntries(operations.map((op) => [op.operationId, op.path])) as Record<OperationId, string>;

/** The base32 secret an `otpauth://` URI carries. */
export const secretOf = (qrCodeUri: string): string => new URL(qrCodeUri).searchParams.get("secret")!;

/**
 * The TOTP an authenticator app shows for `secret` at `timestamp`, computed by the `otpauth`
 * package rather than by the server's own code, so a shared mistake cannot hide itself.
 */
export function independentTotp(secret: string, timestamp: number): string {
  return totpFor(`otpauth://totp/x?secret=${secret}`, timestamp);
}

/** A 6-digit code that is not the secret's TOTP at any step within two of `timestamp`'s. */
export function wrongTotp(secret: string, timestamp: number): string {
  const near = new Set([-2, -1, 0, 1, 2].map((step) => independentTotp(secret, timestamp + step * 30_000)));
  let code = Number(independentTotp(secret, timestamp));
  do code = (code + 1) % 1_000_000;
  while (near.has(String(code).padStart(6, "0")));
  return String(code).padStart(6, "0");
}

/** What an OTP enrollment that was started hands back, with the secret read out of its URI. */
export interface StartedOtp {
  enrollmentToken: string;
  qrCodeUri: string;
  qrCodeDataUrl: string;
  recoveryCode: string;
  secret: string;
}

/** Starts binding an authenticator app and fails the test if the server refuses. */
export async function startOtp(t: TestApp, token: string): Promise<StartedOtp> {
  const { body } = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, { factorType: "OTP" });
  expect(body.statusCode, body.message).toBe(200);
  const { enrollmentToken, otpData } = body.data;
  return { enrollmentToken, ...otpData, secret: secretOf(otpData.qrCodeUri) };
}

/**
 * Binds an authenticator app for the token's user, then moves the clock one TOTP step on: the
 * TOTP used to bind is spent, so the next check needs the following step's code.
 */
export async function enrollOtp(t: TestApp, token: string): Promise<StartedOtp> {
  const started = await startOtp(t, token);
  const passCode = independentTotp(started.secret, t.clock.now());
  const { body } = await send(t.app, "POST", PATHS.enrollFactor, token, {
    factorType: "OTP",
    enrollmentToken: started.enrollmentToken,
    enrollmentData: { passCode },
  });
  expect(body.statusCode, body.message).toBe(200);
  t.clock.advance(30_000);
  return started;
}

/** Starts binding a factor whose code goes to `to`, and returns the enrollment token and the code the outbox received. */
async function startWithCode(
  t: TestApp,
  token: string,
  request: { factorType: "SMS" | "EMAIL"; profile: Record<string, string> },
  to: string,
) {
  const { body } = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, request);
  expect(body.statusCode, body.message).toBe(200);
  const code = t.outbox.messagesTo(to).at(-1)!.code;
  return { enrollmentToken: body.data.enrollmentToken as string, code };
}

/** Starts binding a phone number and returns the enrollment token and the code the outbox received. */
export const startSms = (t: TestApp, token: string, phoneNumber: string, e164 = `+86${phoneNumber}`) =>
  startWithCode(t, token, { factorType: "SMS", profile: { phoneNumber } }, e164);

/** Starts binding an email address and returns the enrollment token and the code the outbox received. */
export const startEmail = (t: TestApp, token: string, email: string) =>
  startWithCode(t, token, { factorType: "EMAIL", profile: { email } }, email);

/** Binds a phone number for the token's user with the code the outbox received. */
export async function enrollSms(t: TestApp, token: string, phoneNumber: string): Promise<void> {
  const { enrollmentToken, code } = await startSms(t, token, phoneNumber);
  const { body } = await send(t.app, "POST", PATHS.enrollFactor, token, {
    factorType: "SMS",
    enrollmentToken,
    enrollmentData: { passCode: code },
  });
  expect(body.statusCode, body.message).toBe(200);
}

/** Binds a face for the token's user with a photo URL. */
export async function enrollFace(t: TestApp, token: string, photo = "https://files.example.com/face/alice.jpg"): Promise<void> {
  const started = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, { factorType: "FACE" });
  expect(started.body.statusCode, started.body.message).toBe(200);
  const { body } = await send(t.app, "POST", PATHS.enrollFactor, token, {
    factorType: "FACE",
    enrollmentToken: started.body.data.enrollmentToken,
    enrollmentData: { photo },
  });
  expect(body.statusCode, body.message).toBe(200);
}

/** The user's bound factors, as listEnrolledFactors shows them. */
export async function enrolledFactors(
  t: TestApp,
  token: string,
): Promise<Array<{ factorId: string; factorType: string; profile: Record<string, string> }>> {
  const { body } = await send(t.app, "GET", PATHS.listEnrolledFactors, token);
  expect(body.statusCode, body.message).toBe(200);
  return body.data;
}
