import type { JWTPayload } from "jose";
import { sha256 } from "../domain/digests.ts";

/**
 * The session an access token belongs to, which a step-up is recorded for: its `sid` claim (the
 * issuer's session, shared by every token refreshed within it), else its `jti` (RFC 9068 requires
 * one in every access token: then each token is a session of its own), else a digest of the token
 * itself. Another access token of the same user, a stolen one say, names another session, so it
 * does not inherit a step-up the real user made.
 *
 * An issuer that puts `sid` in its access tokens lets a user refresh their token without checking
 * a TOTP again; one that sends only `jti` (or neither) asks for a new step-up with each new token.
 * The result is a digest, so that neither a claim of any length nor the token reaches the store,
 * and the kind is part of what is digested, so that a `sid` and a `jti` of the same value differ.
 */
export function sessionOf(payload: JWTPayload, token: string): string {
  const claim = (name: "sid" | "jti") => {
    const value: unknown = payload[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const sid = claim("sid");
  if (sid !== undefined) return sha256(`sid:${sid}`);
  const jti = claim("jti");
  if (jti !== undefined) return sha256(`jti:${jti}`);
  return sha256(`token:${token}`);
}
