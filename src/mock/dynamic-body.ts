import { randomBytes } from "node:crypto";
import { nodePorts } from "../domain/node-ports.ts";
import { otpauthUri } from "../domain/otpauth-uri.ts";
import { qrCodeDataUrl } from "../domain/qr-code.ts";
import { generateRecoveryCode } from "../domain/recovery-code.ts";
import { generateTotpSecret } from "../domain/totp.ts";
import { mintEnrollmentToken } from "../domain/enrollment-token.ts";
import { newRequestId } from "../contract/envelope.ts";
import { exampleFactorId } from "../fidelity/choose-example.ts";
import type { Operation } from "../contract/operations.ts";
import { msg, render, type Language } from "../messages/catalogue.ts";

/**
 * Makes a body json-schema-faker generated agree with the request, as GenAuth's would: GenAuth's
 * message and a UUID request id, a token
 * shaped like the ones the server mints, `otpData` only for OTP, and then a real secret, a URI that
 * carries it and a QR code that decodes to it, instead of strings that merely match their patterns.
 */
export async function reshapeDynamicBody(op: Operation, request: unknown, body: unknown, language: Language): Promise<unknown> {
  // Every success carries GenAuth's wording, in the language asked for, and a UUID request id, not lorem ipsum.
  Object.assign(body as object, { message: render(msg("success"), language), requestId: newRequestId() });
  const list = (body as { data?: unknown }).data;
  if (Array.isArray(list)) {
    // A user has at most one factor of each type, and each type is left to bind at most once.
    const seen = new Set<unknown>();
    (body as { data: unknown[] }).data = list.filter((item) => {
      const type = (item as { factorType?: unknown }).factorType;
      return !seen.has(type) && seen.add(type);
    });
  }
  // A listed factor gets the examples' ID for its type, which getFactor and resetFactor then know,
  // rather than lorem ipsum (or nothing: json-schema-faker sometimes leaves the read-only factorId out).
  if (op.operationId === "listEnrolledFactors") {
    for (const item of (body as { data: Array<{ factorId?: string; factorType?: string }> }).data) {
      item.factorId = exampleFactorId(item.factorType) ?? randomBytes(12).toString("hex");
    }
  }
  if (op.operationId !== "sendEnrollFactorRequest") return body;
  const data = (body as { data?: Record<string, unknown> }).data;
  if (!data) return body;
  data.enrollmentToken = mintEnrollmentToken(nodePorts);
  if ((request as { factorType?: string }).factorType !== "OTP") {
    delete data.otpData;
    return body;
  }
  const qrCodeUri = otpauthUri({ issuer: "userPoolName", account: "mock-user" }, generateTotpSecret(nodePorts));
  data.otpData = { qrCodeUri, qrCodeDataUrl: await qrCodeDataUrl(nodePorts, qrCodeUri), recoveryCode: generateRecoveryCode(nodePorts) };
  return body;
}
