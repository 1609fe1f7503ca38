import { SignJWT, type CryptoKey } from "jose";
import { DEV_TOKEN_ALG, DEV_TOKEN_ISSUER } from "./keys.ts";

/** What a development access token says. */
export interface DevTokenClaims {
  sub: string;
  /** Extra claims, such as `username` or `email`, which name the account in authenticator apps. */
  claims?: Record<string, unknown>;
  /** A span ("24h") from `issuedAt`, or an absolute expiry in seconds since the epoch. */
  expiresIn?: string | number;
  /** Seconds since the epoch; now by default (tests pass their manual clock's). */
  issuedAt?: number;
}

/** Signs a development access token the reference server accepts: `npm run token`, and its tests, use this. */
export function signDevToken(privateKey: CryptoKey, { sub, claims = {}, expiresIn = "1h", issuedAt }: DevTokenClaims): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: DEV_TOKEN_ALG }).setSubject(sub).setIssuer(DEV_TOKEN_ISSUER);
  return (issuedAt === undefined ? jwt.setIssuedAt() : jwt.setIssuedAt(issuedAt)).setExpirationTime(expiresIn).sign(privateKey);
}
