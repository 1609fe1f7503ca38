import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jwksTokenVerifier, MAX_ACCESS_TOKEN_LENGTH } from "../../src/server/access-tokens.ts";
import { buildApp } from "../../src/server/app.ts";
import { DEV_TOKEN_ALG, DEV_TOKEN_ISSUER } from "../../src/server/keys.ts";
import { tokenOfLength } from "../support/padded-token.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";
import { useCleanups } from "../support/cleanups.ts";

const LIST = "/api/v3/list-enrolled-factors";
const seconds = (ms: number) => Math.floor(ms / 1000);
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const defer = useCleanups();

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
  defer(() => t.app.close());
});

/** The answer to listEnrolledFactors with this Authorization header (none when undefined). */
async function listWith(app: FastifyInstance, authorization: string | undefined) {
  const response = await app.inject({ method: "GET", url: LIST, headers: authorization === undefined ? {} : { authorization } });
  const body = response.json() as { statusCode: number; message: string; requestId: string; data?: unknown };
  expect(response.statusCode).toBe(200);
  expect(response.headers["x-request-id"]).toBe(body.requestId);
  return body;
}

/** A development-style token signed with `key`, with any header or claims overridden. */
function devStyleToken(key: CryptoKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: DEV_TOKEN_ALG, ...header }).sign(key);
}

describe("access tokens on the development verifier", () => {
  it.each([
    { name: "the raw token, as GenAuth's Node SDK sends it", header: (token: string) => token },
    { name: "a Bearer token", header: (token: string) => `Bearer ${token}` },
    { name: "a lowercase bearer token", header: (token: string) => `bearer ${token}` },
    { name: "an uppercase BEARER token", header: (token: string) => `BEARER ${token}` },
    { name: "a Bearer token with extra spaces around it", header: (token: string) => `  Bearer   ${token}  ` },
  ])("accepts $name", async ({ header }) => {
    const body = await listWith(t.app, header(await t.tokenFor("alice")));
    expect(body).toMatchObject({ statusCode: 200, data: [] });
  });

  const nowSeconds = () => seconds(t.clock.now());
  const rejected: { name: string; header: () => Promise<string | undefined>; words: string[] }[] = [
    { name: "no Authorization header", header: async () => undefined, words: ["Authorization", "no access token"] },
    { name: "an empty Authorization header", header: async () => "", words: ["no access token"] },
    { name: "a Bearer prefix with no token", header: async () => "Bearer ", words: ["no access token"] },
    { name: "the word Bearer alone", header: async () => "Bearer", words: ["no access token"] },
    { name: "a random string", header: async () => "Bearer 7c1f0e9a-not-a-jwt", words: ["not a valid JWT"] },
    { name: "three dots of garbage", header: async () => "a.b.c", words: ["not a valid JWT"] },
    { name: "Basic credentials", header: async () => "Basic YWxpY2U6aHVudGVyMg==", words: ["not a valid JWT"] },
    {
      name: "a token signed by another Ed25519 key",
      header: async () => {
        const { privateKey } = await generateKeyPair(DEV_TOKEN_ALG);
        return `Bearer ${await devStyleToken(privateKey, { sub: "alice", iss: DEV_TOKEN_ISSUER, exp: nowSeconds() + 3600 })}`;
      },
      words: ["signature"],
    },
    {
      name: "a token whose payload was edited after signing",
      header: async () => {
        const [head, , signature] = (await t.tokenFor("alice")).split(".");
        return `${head}.${b64url({ sub: "mallory", iss: DEV_TOKEN_ISSUER, exp: nowSeconds() + 3600 })}.${signature}`;
      },
      words: ["signature"],
    },
    {
      name: "an expired token",
      header: async () => {
        const token = await t.tokenFor("alice", {}, 60);
        t.clock.advance(61_000);
        return token;
      },
      words: ["expired"],
    },
    {
      name: "a token without a sub claim",
      header: async () => devStyleToken(t.signingKey, { iss: DEV_TOKEN_ISSUER, exp: nowSeconds() + 3600 }),
      words: ["sub"],
    },
    {
      // jose checks sub's presence, not its type: an array reached the store and acted as its element.
      name: "a token whose sub is an array naming another user",
      header: async () => devStyleToken(t.signingKey, { sub: ["victim"], iss: DEV_TOKEN_ISSUER, exp: nowSeconds() + 3600 }),
      words: ["sub", "string"],
    },
    {
      name: "a token whose sub is an empty string",
      header: async () => devStyleToken(t.signingKey, { sub: "", iss: DEV_TOKEN_ISSUER, exp: nowSeconds() + 3600 }),
      words: ["sub"],
    },
    {
      name: "a token whose sub is longer than 255 characters",
      header: async () => devStyleToken(t.signingKey, { sub: "u".repeat(256), iss: DEV_TOKEN_ISSUER, exp: nowSeconds() + 3600 }),
      words: ["sub", "255"],
    },
    {
      name: "a token without an exp claim",
      header: async () => devStyleToken(t.signingKey, { sub: "alice", iss: DEV_TOKEN_ISSUER }),
      words: ["exp"],
    },
    {
      name: "a token from another issuer",
      header: async () => devStyleToken(t.signingKey, { sub: "alice", iss: "https://elsewhere.example", exp: nowSeconds() + 3600 }),
      words: ["iss"],
    },
    {
      name: 'a token with alg "none" and no signature',
      header: async () =>
        `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ sub: "alice", iss: DEV_TOKEN_ISSUER, exp: nowSeconds() + 3600 })}.`,
      words: ["algorithm"],
    },
    {
      name: "a token signed with HS256",
      header: async () =>
        new SignJWT({ sub: "alice", iss: DEV_TOKEN_ISSUER, exp: nowSeconds() + 3600 })
          .setProtectedHeader({ alg: "HS256" })
          .sign(new TextEncoder().encode("a shared secret anyone could guess")),
      words: ["algorithm"],
    },
  ];

  it.each(rejected)("refuses $name with statusCode 401 and a message naming the reason", async ({ header, words }) => {
    const body = await listWith(t.app, await header());
    expect(body.statusCode).toBe(401);
    expect(body.message).toMatch(/^Unauthorized: /);
    for (const word of words) expect(body.message).toContain(word);
    expect(body).not.toHaveProperty("data");
  });

  it("accepts a token of the maximum length, and refuses a longer one with statusCode 401 naming the limit", async () => {
    const longest = await tokenOfLength(MAX_ACCESS_TOKEN_LENGTH, (padding) => t.tokenFor("alice", { groups: padding }));
    expect(longest.length).toBeGreaterThanOrEqual(MAX_ACCESS_TOKEN_LENGTH - 1);
    expect((await listWith(t.app, `Bearer ${longest}`)).statusCode).toBe(200);
    // A 12 KB token with padded claims, as in the attack that filled the cache with tokens.
    const tooLong = await tokenOfLength(12 * 1024, (padding) => t.tokenFor("alice", { groups: padding }));
    const body = await listWith(t.app, `Bearer ${tooLong}`);
    expect(body.statusCode).toBe(401);
    expect(body.message).toContain(String(MAX_ACCESS_TOKEN_LENGTH));
  });

  it("refuses a token it accepted before once the token has expired, despite its cache", async () => {
    const token = await t.tokenFor("alice", {}, 60);
    expect((await send(t.app, "GET", LIST, token)).body.statusCode).toBe(200);
    t.clock.advance(61_000);
    const body = await listWith(t.app, token);
    expect(body.statusCode).toBe(401);
    expect(body.message).toContain("expired");
  });

  it("tells users apart by the sub claim", async () => {
    const alice = await t.tokenFor("alice");
    const started = await send(t.app, "POST", "/api/v3/send-enroll-factor-request", alice, { factorType: "OTP" });
    expect(started.body.statusCode).toBe(200);
    // Alice's OTP enrollment holds her label; Bob, with his own token, has nothing bound.
    expect(started.body.data.otpData.qrCodeUri).toContain(":alice?");
    expect((await send(t.app, "GET", LIST, await t.tokenFor("bob"))).body.data).toEqual([]);
  });
});

describe("access tokens on the JWKS verifier", () => {
  const JWKS_PATH = "/.well-known/jwks.json";
  const ISSUER = "https://issuer.example";
  const AUDIENCE = "app-1";
  let signingKey: CryptoKey;
  let publicJwk: JWK;

  // RSA key generation is slow, so one issuer key serves every test here.
  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    signingKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "RS256", use: "sig" };
  });

  /** A real HTTP server on a free local port; closed after the test. */
  async function startServer(listener: RequestListener): Promise<string> {
    const server: Server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    defer(() => new Promise((resolve) => server.close(resolve)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Publishes the public key as an issuer does, at /.well-known/jwks.json. */
  const startIssuer = () =>
    startServer((req, res) => {
      if (req.url !== JWKS_PATH) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [publicJwk] }));
    });

  /** A port that was free a moment ago, so nothing answers on it. */
  async function closedPortUrl(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return `http://127.0.0.1:${port}`;
  }

  async function appTrusting(base: string): Promise<FastifyInstance> {
    const app = buildApp({ mfa: t.mfa, verifyToken: jwksTokenVerifier(`${base}${JWKS_PATH}`, ISSUER, AUDIENCE, Date.now) });
    defer(() => app.close());
    await app.ready();
    return app;
  }

  function issuerToken(claims: { iss?: string; aud?: string; kid?: string; key?: CryptoKey; alg?: string } = {}) {
    return new SignJWT({ username: "alice" })
      .setProtectedHeader({ alg: claims.alg ?? "RS256", kid: claims.kid ?? "key-1" })
      .setSubject("alice")
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(claims.key ?? signingKey);
  }

  it("refuses an ID token from the same issuer, however the issuer marks it, and accepts the access token forms", async () => {
    const app = await appTrusting(await startIssuer());
    const signed = (claims: Record<string, unknown>, typ?: string) =>
      new SignJWT({ username: "alice", ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "key-1", ...(typ && { typ }) })
        .setSubject("alice")
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(signingKey);
    const refused = [
      await signed({ nonce: "n-0S6_WzA2Mj", at_hash: "77QmUPtjPfzWtF2AnpK9RQ" }),
      await signed({}, "id_token+jwt"),
      await signed({ token_use: "id" }),
      await signed({ typ: "ID" }),
    ];
    for (const token of refused) {
      const body = await listWith(app, `Bearer ${token}`);
      expect(body).toMatchObject({ statusCode: 401, message: expect.stringContaining("not an access token") });
    }
    for (const token of [await signed({}, "at+jwt"), await signed({}, "JWT"), await signed({ token_use: "access", typ: "Bearer" })]) {
      expect((await listWith(app, `Bearer ${token}`)).statusCode).toBe(200);
    }
  });

  it("puts the user of tokens of one sign-in (one sid) in one session, a token without sid in a session of its own by jti", async () => {
    const verify = jwksTokenVerifier(`${await startIssuer()}${JWKS_PATH}`, ISSUER, AUDIENCE, Date.now);
    const signed = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "key-1" })
        .setSubject("alice")
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(signingKey);
    const first = await verify(await signed({ sid: "sign-in-1", jti: "a" }));
    const refreshed = await verify(await signed({ sid: "sign-in-1", jti: "b" }));
    const otherSignIn = await verify(await signed({ sid: "sign-in-2", jti: "c" }));
    const jtiOnly = [await verify(await signed({ jti: "d" })), await verify(await signed({ jti: "e" }))];
    expect(first).toMatchObject({ id: "alice", session: refreshed.session });
    expect(otherSignIn.session).not.toBe(first.session);
    expect(jtiOnly[0]!.session).not.toBe(jtiOnly[1]!.session);
  });

  it("refuses a token issued longer ago than the maximum age, whatever its exp", async () => {
    const base = await startIssuer();
    const app = buildApp({
      mfa: t.mfa,
      verifyToken: jwksTokenVerifier(`${base}${JWKS_PATH}`, ISSUER, AUDIENCE, Date.now, { maxTokenAgeSeconds: 3600 }),
    });
    defer(() => app.close());
    const now = Math.floor(Date.now() / 1000);
    const old = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .setSubject("alice")
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now + 365 * 86_400)
      .sign(signingKey);
    expect(await listWith(app, `Bearer ${old}`)).toMatchObject({ statusCode: 401, message: expect.stringContaining("older than") });
    expect((await listWith(app, `Bearer ${await issuerToken()}`)).statusCode).toBe(200);
  });

  it("drops its cached verifications when the issuer rotates its keys, so a token of a withdrawn key is refused", async () => {
    let published: JWK[] = [publicJwk];
    const base = await startServer((req, res) => {
      if (req.url !== JWKS_PATH) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published }));
    });
    // Keys count as stale at once, so each request looks at the published set, as one would after jose's 10 minutes.
    const app = buildApp({
      mfa: t.mfa,
      verifyToken: jwksTokenVerifier(`${base}${JWKS_PATH}`, ISSUER, AUDIENCE, Date.now, { cacheMaxAgeMs: 0 }),
    });
    defer(() => app.close());
    const token = `Bearer ${await issuerToken()}`;
    expect((await listWith(app, token)).statusCode).toBe(200); // verified and cached
    const next = await generateKeyPair("ES256");
    published = [{ ...(await exportJWK(next.publicKey)), kid: "key-2", alg: "ES256", use: "sig" }];
    expect(await listWith(app, token)).toMatchObject({ statusCode: 401, message: expect.stringContaining("does not publish") });
  });

  it("accepts a token signed by the published key with the expected issuer and audience", async () => {
    const app = await appTrusting(await startIssuer());
    expect(await listWith(app, `Bearer ${await issuerToken()}`)).toMatchObject({ statusCode: 200, data: [] });
  });

  it("refuses a token for another audience with statusCode 401 naming the aud claim", async () => {
    const app = await appTrusting(await startIssuer());
    const body = await listWith(app, `Bearer ${await issuerToken({ aud: "app-2" })}`);
    expect(body.statusCode).toBe(401);
    expect(body.message).toContain("aud claim");
  });

  it("refuses a token from another issuer with statusCode 401 naming the iss claim", async () => {
    const app = await appTrusting(await startIssuer());
    const body = await listWith(app, `Bearer ${await issuerToken({ iss: "https://impostor.example" })}`);
    expect(body.statusCode).toBe(401);
    expect(body.message).toContain("iss claim");
  });

  it("refuses a token signed by a key the issuer does not publish with statusCode 401", async () => {
    const app = await appTrusting(await startIssuer());
    const { privateKey } = await generateKeyPair("ES256");
    const body = await listWith(app, `Bearer ${await issuerToken({ kid: "key-2", key: privateKey, alg: "ES256" })}`);
    expect(body.statusCode).toBe(401);
    expect(body.message).toContain("does not publish");
  });

  it("answers statusCode 503 when the issuer's JWKS endpoint cannot be reached", async () => {
    const app = await appTrusting(await closedPortUrl());
    const body = await listWith(app, `Bearer ${await issuerToken()}`);
    expect(body.statusCode).toBe(503);
    expect(body.message).toContain("keys could not be fetched");
  });

  it("answers statusCode 503 when the issuer's JWKS endpoint fails with HTTP 500", async () => {
    const app = await appTrusting(await startServer((_req, res) => void res.writeHead(500).end("down")));
    const body = await listWith(app, `Bearer ${await issuerToken()}`);
    expect(body.statusCode).toBe(503);
  });
});

describe("account labels from long claims", () => {
  // 1,900 CJK characters are 5,700 bytes of UTF-8, about the longest such claim a token within
  // MAX_ACCESS_TOKEN_LENGTH (8,192 characters) can carry; 2,500 no longer fit in one.
  it("cuts a 1900-character username so that the OTP answer stays within the contract", async () => {
    const { buildTestApp, send } = await import("../support/test-app.ts");
    const { responseValidator } = await import("../../src/contract/validators.ts");
    const { decodeQrDataUrl } = await import("../contract-suite/support/decode-qr.ts");
    const t = await buildTestApp();
    try {
      const token = await t.tokenFor("long-user", { username: "名".repeat(1900) });
      const { body } = await send(t.app, "POST", "/api/v3/send-enroll-factor-request", token, { factorType: "OTP" });
      expect(body.statusCode).toBe(200);
      expect(responseValidator("sendEnrollFactorRequest", "reference")(body)).toBe(true);
      expect(decodeQrDataUrl(body.data.otpData.qrCodeDataUrl).text).toBe(body.data.otpData.qrCodeUri);
    } finally {
      await t.app.close();
    }
  });
});

describe("cutting an account label", () => {
  it("cuts an over-long claim to the longest prefix whose encoding fits, and keeps a short one whole", async () => {
    const { cutLabel, MAX_ENCODED_LABEL } = await import("../../src/server/access-tokens.ts");
    expect(cutLabel("alice")).toBe("alice");
    const cut = cutLabel("名".repeat(11_000));
    expect(encodeURIComponent(cut).length).toBeLessThanOrEqual(MAX_ENCODED_LABEL);
    expect(encodeURIComponent(`${cut}名`).length).toBeGreaterThan(MAX_ENCODED_LABEL);
    expect(cutLabel("a".repeat(11_000))).toBe("a".repeat(MAX_ENCODED_LABEL));
    // A surrogate pair is never split.
    expect(cutLabel("😀".repeat(100))).toBe("😀".repeat(Math.floor(MAX_ENCODED_LABEL / 12)));
  });

  it("does a bounded amount of work on an 11 KB claim: it encodes each kept character once and stops", async () => {
    const { cutLabel, MAX_ENCODED_LABEL } = await import("../../src/server/access-tokens.ts");
    let encoded = 0;
    const counting = (s: string) => {
      encoded += s.length;
      return encodeURIComponent(s);
    };
    for (const claim of ["a".repeat(11_000), "名".repeat(11_000), "é".repeat(11_000)]) {
      encoded = 0;
      cutLabel(claim, MAX_ENCODED_LABEL, counting);
      // The old cut re-encoded the whole label once per character removed: about 60 million characters here.
      expect(encoded).toBeLessThanOrEqual(MAX_ENCODED_LABEL + 2);
    }
  });
});
