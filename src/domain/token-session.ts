import type { DomainPorts, MaybePromise } from "./ports.ts";

/** An access token's claims, as its issuer wrote them (verified on the server, only read by the mock). */
export type TokenClaims = Record<string, unknown>;

/**
 * What names the session an access token belongs to, which a step-up is recorded for: its `sid`
 * claim (the issuer's session, shared by every token refreshed within it), else its `jti` (RFC 9068
 * requires one in every access token: then each token is a session of its own), else the token
 * itself. Another access token of the same user, a stolen one say, names another session, so it
 * does not inherit a step-up the real user made.
 *
 * An issuer that puts `sid` in its access tokens lets a user refresh their token without checking
 * a TOTP again; one that sends only `jti` (or neither) asks for a new step-up with each new token.
 * The kind is part of the key, so that a `sid` and a `jti` of the same value differ.
 */
export function sessionKey(claims: TokenClaims, token: string): string {
  const claim = (name: "sid" | "jti") => {
    const value: unknown = claims[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const sid = claim("sid");
  if (sid !== undefined) return `sid:${sid}`;
  const jti = claim("jti");
  if (jti !== undefined) return `jti:${jti}`;
  return `token:${token}`;
}

/**
 * The session an access token belongs to: the SHA-256 of its {@link sessionKey}, so that neither a
 * claim of any length nor the token reaches the store. Synchronous on the server's ports.
 */
export const sessionOf = (ports: DomainPorts, claims: TokenClaims, token: string): MaybePromise<string> =>
  ports.sha256(sessionKey(claims, token));

const vouched = (value: unknown, verified: unknown) => typeof value === "string" && value.trim() !== "" && verified !== false;

/**
 * Whether the claims show a phone number or an email address bound to the account (`phone_number`
 * or `email`, unless its `_verified` claim says false): GenAuth binds a face only for such a user.
 */
export const vouchesPhoneOrEmail = (claims: TokenClaims): boolean =>
  vouched(claims.phone_number, claims.phone_number_verified) || vouched(claims.email, claims.email_verified);
