import { randomUUID } from "node:crypto";
import { SignJWT, type CryptoKey } from "jose";
import { DEV_TOKEN_ALG, DEV_TOKEN_ISSUER } from "./keys.ts";

/** What a development access token says. */
export interface DevTokenClaims {
  sub: string;
  /** Extra claims, such as `username` or `email`, which name the account in authenticator apps. */
  claims?: Record<string, unknown>;
  /**
   * The session the token belongs to (its `sid` claim). Tokens of one session share its step-up,
   * as a real issuer's refreshed tokens do; a token without one is a session of its own (its `jti`).
   */
  sid?: string;
  /** A span ("24h") from `issuedAt`, or an absolute expiry in seconds since the epoch. */
  expiresIn?: string | number;
  /** Seconds since the epoch; now by default (tests pass their manual clock's). */
  issuedAt?: number;
}

/**
 * Signs a development access token the reference server accepts: `npm run token`, and its tests,
 * use this. Every token gets a fresh `jti`, as RFC 9068 asks of access tokens, so that two tokens
 * minted in the same second for the same user are still two sessions unless `sid` joins them.
 */
export function signDevToken(
  privateKey: CryptoKey,
  { sub, claims = {}, sid, expiresIn = "1h", issuedAt }: DevTokenClaims,
): Promise<string> {
  const jwt = new SignJWT(Object.assign({}, claims, sid !== undefined && { sid }))
    .setProtectedHeader({ alg: DEV_TOKEN_ALG })
    .setSubject(sub)
    .setIssuer(DEV_TOKEN_ISSUER)
    .setJti(randomUUID());
  return (issuedAt === undefined ? jwt.setIssuedAt() : jwt.setIssuedAt(issuedAt)).setExpirationTime(expiresIn).sign(privateKey);
}
