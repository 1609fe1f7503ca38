import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ACCESS_TOKEN_LENGTH, TOKEN_CACHE_ENTRIES } from "../../src/server/access-tokens.ts";
import { signDevToken } from "../../src/server/dev-tokens.ts";
import { loadDevSigningKey } from "../../src/server/keys.ts";
import { rssMb } from "../../bench/services.ts";
import { paddingFor, tokenOfLength } from "../support/padded-token.ts";
import { spawnService, type Service } from "../support/spawn-service.ts";

// The attack: distinct valid tokens, each padded to the most the server accepts and each used once,
// to fill the cache of verified tokens. When that cache held the tokens themselves, 8,200 tokens of
// 12 KB ran the 128 MB heap out of memory. The server runs as `npm run server` does (its Node flags
// included), and its resident memory is read from /proc while the tokens arrive.
// The ceiling docs/operations.md gives ("Load" under "Deploying it"); with cut labels built by +=
// (a chain of 192 nodes each) it read 174 MB.
const RSS_CEILING_MB = 150;
const TOKENS = TOKEN_CACHE_ENTRIES;
const AT_ONCE = 50;

let server: Service;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-token-memory-"));
  server = await spawnService(
    "src/server/main.ts",
    { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    undefined,
    undefined,
    [],
    "bundle",
  );
});

afterAll(async () => {
  await server?.stop("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

async function listFactorsToEnroll(token: string): Promise<number> {
  const response = await fetch(`${server.url}/api/v3/list-factors-to-enroll`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { statusCode: number }).statusCode;
}

describe("distinct tokens of the maximum size, each used once", () => {
  it(`keeps the server up and under ${RSS_CEILING_MB} MB of RSS through ${TOKENS} of them, and refuses a 12 KB token`, async () => {
    const { privateKey } = await loadDevSigningKey(dataDir);
    const issuedAt = Math.floor(Date.now() / 1000);
    // Users of one width and one issue time make tokens of one length: the padding is found once.
    const user = (i: number) => `attacker-${String(i).padStart(6, "0")}`;
    const sign = (i: number, padding: string) =>
      signDevToken(privateKey, { sub: user(i), claims: { username: `${user(i)}-${padding}` }, issuedAt, expiresIn: issuedAt + 3600 });
    const padding = await paddingFor(MAX_ACCESS_TOKEN_LENGTH, (p) => sign(0, p));
    const length = (await sign(0, padding)).length;
    expect(length).toBeGreaterThanOrEqual(MAX_ACCESS_TOKEN_LENGTH - 1);

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.process.pid!))), 50);
    const answers = new Map<number, number>();
    try {
      let next = 0;
      const worker = async () => {
        while (next < TOKENS) {
          const token = await sign(next++, padding);
          const status = await listFactorsToEnroll(token);
          answers.set(status, (answers.get(status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: AT_ONCE }, worker));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssMb(server.process.pid!));
    console.log(`peak RSS ${peak.toFixed(1)} MB over ${TOKENS} tokens of ${length} characters`);
    expect(Object.fromEntries(answers)).toEqual({ 200: TOKENS });
    expect(server.process.exitCode).toBeNull();
    expect(peak).toBeLessThan(RSS_CEILING_MB);

    const tooLong = await tokenOfLength(12 * 1024, (p) => sign(TOKENS, p));
    expect(await listFactorsToEnroll(tooLong)).toBe(401);
  });
});
