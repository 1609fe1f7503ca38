import { createRemoteJWKSet, errors, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { API_CODES } from "../../generated/api-codes.ts";
import { GenAuthError } from "../contract/envelope.ts";
import type { User } from "../domain/mfa-context.ts";
import { nodePorts } from "../domain/node-ports.ts";
import { sessionKey, vouchesPhoneOrEmail } from "../domain/token-session.ts";
import { DEV_TOKEN_ALG, DEV_TOKEN_ISSUER } from "./keys.ts";
import { msg, type Message } from "../messages/catalogue.ts";

/** Turns an access token into the user it was issued to, or throws a 401 GenAuthError. */
export type TokenVerifier = (token: string) => Promise<User>;

const unauthorized = (why: Message) => new GenAuthError(401, why, API_CODES.notLoggedIn);
const keysUnavailable = () => new GenAuthError(503, msg("issuerKeysUnavailable"));

/** The longest account label, percent-encoded, that keeps an otpauth URI within the contract's limits. */
export const MAX_ENCODED_LABEL = 192;
/** The longest user id accepted: GenAuth's are 24 hex digits, other issuers' UUIDs or URLs. */
export const MAX_SUB_LENGTH = 255;

/**
 * The longest access token accepted, in characters (an Authorization header is Latin-1, so bytes).
 * GenAuth's are about 1 KB; 8 KB leaves room for an issuer that packs roles or groups into its
 * tokens, and bounds what a token costs to parse and verify. A longer one gets 401 unread.
 */
export const MAX_ACCESS_TOKEN_LENGTH = 8192;

/**
 * The longest prefix of `name` whose percent-encoding fits in `maxEncoded` characters, in one pass
 * over at most `maxEncoded` code points: every code point encodes to at least one character, so
 * none past that many can fit, and an issuer's 11 KB claim costs no more than a short one.
 */
export function cutLabel(name: string, maxEncoded = MAX_ENCODED_LABEL, encode: (s: string) => string = encodeURIComponent): string {
  const chars: string[] = [];
  let length = 0;
  for (const char of name) {
    if (chars.length === maxEncoded) break;
    length += encode(char).length;
    if (length > maxEncoded) break;
    chars.push(char);
  }
  // Joined, the label is a string of its own. Built with += it was a chain of one node per
  // character (about 6 KB for 192), and a slice of the claim would keep the whole claim alive:
  // either way each cached user cost kilobytes where a few hundred bytes will do.
  return chars.join("");
}

/**
 * Whether a contact claim (OpenID Connect's `phone_number` or `email`) names one the issuer stands
 * by: present, and not marked unverified by its `_verified` claim. An issuer that sends no
 * `_verified` claim is taken at its word: the claim is the account's own field.
 */
function userOf(payload: JWTPayload, token: string): User {
  // A sub that is not a string (an array, an object) would reach the store as something else: an
  // array ["victim"] acted as the user "victim".
  const sub: unknown = payload.sub;
  if (sub === undefined) throw unauthorized(msg("tokenNoSub"));
  if (typeof sub !== "string" || sub.length === 0 || sub.length > MAX_SUB_LENGTH) {
    throw unauthorized(msg("tokenSubRejected", { max: MAX_SUB_LENGTH }));
  }
  const name = [payload.username, payload.preferred_username, payload.email, sub].find(
    (v): v is string => typeof v === "string" && v.length > 0,
  )!;
  // Claims are the issuer's, of any length: the label an authenticator app shows is cut to fit.
  // The server's ports digest synchronously, so the session is named without a wait.
  return {
    id: sub,
    session: nodePorts.sha256(sessionKey(payload, token)),
    label: cutLabel(name),
    hasPhoneOrEmail: vouchesPhoneOrEmail(payload),
  };
}

/** The answer to a token jose refused: 401 naming why, or 503 when the keys cannot be fetched. Anything else is rethrown. */
function tokenFailure(error: unknown): GenAuthError {
  if (error instanceof GenAuthError) return error;
  if (error instanceof errors.JWTExpired) return unauthorized(msg(error.claim === "iat" ? "tokenTooOld" : "tokenExpired"));
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthorized(msg("tokenBadSignature"));
  if (error instanceof errors.JWTClaimValidationFailed) return unauthorized(msg("tokenClaimRejected", { claim: error.claim }));
  if (error instanceof errors.JWKSNoMatchingKey) return unauthorized(msg("tokenUnknownKey"));
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthorized(msg("tokenAlgorithmRejected"));
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return keysUnavailable();
  if (error instanceof errors.JOSEError) return unauthorized(msg("tokenNotJwt"));
  throw error;
}

/** How many verified tokens a verifier remembers. */
export const TOKEN_CACHE_ENTRIES = 10_000;

/**
 * A verifier with a small cache of tokens already verified, so that a client making many calls
 * with one token pays for one signature check. An entry lives no longer than its token does, and
 * no longer than the keys that verified it: when `keys()` returns (or promises) another generation
 * (the JWKS rotated), every cached verification is dropped and tokens are checked against the new keys.
 * An entry is the token's SHA-256 and the user (an id of at most 255 characters, a label of at most
 * 192), never the token: a few hundred bytes whatever the token's size, so the full cache stays
 * within a few megabytes. It held the tokens themselves, and 8,200 tokens of 12 KB ran a 128 MB
 * heap out of memory.
 */
function cached(
  verify: (token: string) => Promise<JWTPayload>,
  now: () => number,
  keys: () => unknown = () => undefined,
  size = TOKEN_CACHE_ENTRIES,
): TokenVerifier {
  const seen = new Map<string, { user: User; exp: number }>();
  let generation: unknown;
  return async (token) => {
    if (token.length > MAX_ACCESS_TOKEN_LENGTH) throw unauthorized(msg("tokenTooLong", { max: MAX_ACCESS_TOKEN_LENGTH }));
    // The generation is known at once unless the keys must be fetched: a cached token waits for nothing.
    const asked = keys();
    const current = asked instanceof Promise ? await asked : asked;
    if (current !== generation) {
      seen.clear();
      generation = current;
    }
    const digest = nodePorts.sha256(token);
    const hit = seen.get(digest);
    if (hit && hit.exp > now()) return hit.user;
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      throw tokenFailure(error);
    }
    const user = userOf(payload, token);
    if (seen.size >= size) seen.delete(seen.keys().next().value!);
    seen.set(digest, { user, exp: payload.exp ? payload.exp * 1000 : now() + 60_000 });
    return user;
  };
}

/** Verifies development tokens signed by `npm run token`. */
export function devTokenVerifier(publicKey: CryptoKey, now: () => number): TokenVerifier {
  const options = {
    issuer: DEV_TOKEN_ISSUER,
    algorithms: [DEV_TOKEN_ALG],
    requiredClaims: ["exp", "sub"],
    currentDate: undefined as Date | undefined,
  };
  return cached(async (token) => {
    try {
      return (await jwtVerify(token, publicKey, Object.assign({}, options, { currentDate: new Date(now()) }))).payload;
    } catch (error) {
      // The usual cause is a token minted for another DATA_DIR (each has its own key): say so.
      if (error instanceof errors.JWSSignatureVerificationFailed) {
        throw unauthorized(msg("devTokenBadSignature"));
      }
      throw error;
    }
  }, now);
}

/** Options of the JWKS verifier. */
export interface JwksOptions {
  /** The oldest token accepted, by its `iat`, in seconds (TOKEN_MAX_AGE_SECONDS). */
  maxTokenAgeSeconds?: number;
  /** How long fetched keys count as fresh before they are fetched again; jose's 10 minutes by default. */
  cacheMaxAgeMs?: number;
}

/** Header `typ` values of an access token: RFC 9068's, and the plain one most issuers write. */
const ACCESS_TOKEN_TYPES = new Set(["jwt", "at+jwt", "application/at+jwt"]);
/** Claims OpenID Connect defines for ID tokens only. */
const ID_TOKEN_CLAIMS = ["nonce", "at_hash", "c_hash"] as const;

/**
 * Refuses a token its issuer marks as something other than an access token: an ID token (or a
 * refresh or logout token) from the same issuer carries the same signature, issuer and often the
 * same audience. Issuers mark them in the header's `typ` (RFC 9068), a `token_use` claim (Cognito),
 * a `typ` claim (Keycloak), or the ID-token-only claims of OpenID Connect.
 */
function assertAccessToken(payload: JWTPayload, headerType: string | undefined): void {
  // The mark is the issuer's own wording (a typ, a claim's name), quoted as is in every language.
  const notAccess = (mark: string) => unauthorized(msg("tokenNotAccessToken", { mark }));
  if (headerType !== undefined && !ACCESS_TOKEN_TYPES.has(headerType.toLowerCase())) throw notAccess(`typ=${headerType}`);
  if (payload.token_use !== undefined && payload.token_use !== "access") throw notAccess(`token_use=${String(payload.token_use)}`);
  if (typeof payload.typ === "string" && payload.typ.toLowerCase() !== "bearer") throw notAccess(`typ=${payload.typ}`);
  const idClaim = ID_TOKEN_CLAIMS.find((claim) => payload[claim] !== undefined);
  if (idClaim) throw notAccess(idClaim);
}

/** Verifies a real issuer's tokens (a GenAuth tenant's RS256 access tokens) against its published JWKS. */
export function jwksTokenVerifier(
  jwksUrl: string,
  issuer: string | undefined,
  audience: string | undefined,
  now: () => number,
  options: JwksOptions = {},
): TokenVerifier {
  const remote = createRemoteJWKSet(new URL(jwksUrl), {
    timeoutDuration: 5000,
    cooldownDuration: 30_000,
    ...(options.cacheMaxAgeMs !== undefined && { cacheMaxAge: options.cacheMaxAgeMs }),
  });
  // Cached verifications must not outlive a rotation: once the keys are stale they are fetched
  // again before a cached answer is given (at most once per cooldown while the issuer is down,
  // when the cached answers stand), and a new key set drops the cache.
  let lastFailure = -Infinity;
  const generation = () => {
    if (remote.fresh || Date.now() - lastFailure < 30_000) return remote.jwks();
    return remote
      .reload()
      .catch(() => {
        lastFailure = Date.now();
      })
      .then(() => remote.jwks());
  };
  // An issuer whose JWKS cannot be fetched is unavailable, not a sign of a bad token. jose reports
  // an unreachable endpoint with fetch's own TypeError, and a non-200 or non-JSON answer with a bare
  // JOSEError (code ERR_JOSE_GENERIC); only the specific JOSE errors speak about the token itself.
  const keys: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (error instanceof errors.JOSEError && error.code !== errors.JOSEError.code) throw error;
      throw keysUnavailable();
    }
  };
  return cached(
    async (token) => {
      const { payload, protectedHeader } = await jwtVerify(token, keys, {
        issuer,
        audience,
        requiredClaims: ["exp", "sub"],
        currentDate: new Date(now()),
        ...(options.maxTokenAgeSeconds !== undefined && { maxTokenAge: options.maxTokenAgeSeconds }),
      });
      assertAccessToken(payload, protectedHeader.typ);
      return payload;
    },
    now,
    generation,
  );
}
