import { URI } from "otpauth";
import { describe, expect, it } from "vitest";
import { otpauthUri } from "../../src/domain/otpauth-uri.ts";
import { generateTotpSecret } from "../../src/domain/totp.ts";
import { ports } from "../support/ports.ts";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe("otpauthUri", () => {
  it("follows the Key URI format: type totp, label issuer:account, then the parameters", () => {
    expect(otpauthUri({ issuer: "Test Pool", account: "alice@example.com" }, SECRET)).toBe(
      `otpauth://totp/Test%20Pool:alice%40example.com?secret=${SECRET}&issuer=Test%20Pool&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it("percent-encodes the issuer and the account in the label and the issuer parameter", () => {
    const uri = otpauthUri({ issuer: "Acme & Co/中文", account: "bob+mfa@example.com?x=1" }, SECRET);
    const [label, query] = uri.slice("otpauth://totp/".length).split("?");
    expect(label).toBe("Acme%20%26%20Co%2F%E4%B8%AD%E6%96%87:bob%2Bmfa%40example.com%3Fx%3D1");
    expect(new URLSearchParams(query).get("issuer")).toBe("Acme & Co/中文");
    expect(query!.split("&")).toHaveLength(5);
  });

  it("is read back by the otpauth package with the same secret, issuer, label, digits, period and algorithm", () => {
    const secret = generateTotpSecret(ports);
    const totp = URI.parse(otpauthUri({ issuer: "Test Pool", account: "alice@example.com" }, secret));
    expect(totp.secret.base32).toBe(secret);
    expect(totp).toMatchObject({ issuer: "Test Pool", label: "alice@example.com", digits: 6, period: 30, algorithm: "SHA1" });
  });

  it("keeps special characters intact through the otpauth package's parser", () => {
    const totp = URI.parse(otpauthUri({ issuer: "Acme & Co", account: "bob+mfa@example.com" }, SECRET));
    expect(totp).toMatchObject({ issuer: "Acme & Co", label: "bob+mfa@example.com" });
  });
});
