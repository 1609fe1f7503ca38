import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { startPrism, freePort } from "../src/mock/prism-process.ts";
import { spawnService } from "../test/support/spawn-service.ts";
import { postgresBinDir, startPostgresCluster } from "../test/support/postgres-cluster.ts";
import {
  browserBundleBytes,
  buildClientPackage,
  MSW_SIZE_BUDGET_BYTES,
  mswBundleBytes,
  mswBundleParts,
  SIZE_BUDGET_BYTES,
} from "../scripts/client-package.ts";
import { load, type Figures } from "./load.ts";
import { rssMb, startServer, treeCpuSeconds, waitUntilAnswering } from "./services.ts";
import { loadDevSigningKey } from "../src/server/keys.ts";
import { signDevToken } from "../src/server/dev-tokens.ts";
import { DEFAULT_SEND_LIMITS } from "../src/domain/send-limits.ts";

// `npm run bench [-- --seconds 10]`: every figure is a ratio against a baseline measured in this
// same run, because absolute numbers drift on a shared 2-core machine. It asserts nothing.
// `--only sqlite,postgres` runs some parts alone (the ceiling always runs): sqlite, otp, postgres,
// memory, mock, start, client. Comparing a change on a busy machine means running the same part
// before and after, back to back, several times.
const PARTS = ["sqlite", "otp", "postgres", "memory", "mock", "start", "client"] as const;
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    "memory-seconds": { type: "string", default: "60" },
    only: { type: "string", default: PARTS.join(",") },
  },
});
const only = new Set(values.only.split(",").map((part) => part.trim()));
for (const part of only)
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: no part ${part}; the parts are ${PARTS.join(", ")}`);
const runs = (part: (typeof PARTS)[number]) => only.has(part);
const SECONDS = Number(values.seconds);
const MEMORY_SECONDS = Number(values["memory-seconds"]);
const CONNECTIONS = 50;
const json = { "content-type": "application/json" };
let phone = 0;
const smsBody = () => JSON.stringify({ factorType: "SMS", profile: { phoneNumber: `188${String(phone++).padStart(8, "0")}` } });
const otpBody = JSON.stringify({ factorType: "OTP" });
const rows: Array<{ figure: string; value: string; baseline: string; ratio: string; goal: string }> = [];
const results: Record<string, unknown> = { date: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS };
const f1 = (n: number) => n.toFixed(1);
const row = (figure: string, value: string, baseline = "", ratio = "", goal = "") => rows.push({ figure, value, baseline, ratio, goal });
const wrongCell = (f: Figures) =>
  Object.entries(f.wrongBodies)
    .map(([code, { count }]) => `${count}× ${code}`)
    .join(", ");
const failuresCell = (f: Figures) =>
  f.errors + f.non200 + f.wrongStatus ? `, ${f.errors} errors, ${f.wrongStatus} wrong${f.wrongStatus ? ` (${wrongCell(f)})` : ""}` : "";
const rpsCell = (f: Figures) =>
  `${f1(f.okRps)} req/s ok${f.okRps < f.rps - 0.5 ? ` of ${f1(f.rps)}` : ""}, p50 ${f.p50} ms, p99 ${f.p99} ms${failuresCell(f)}`;

// 1. The ceiling, then SMS sends in two scenarios on each store.
const ceiling = await spawnService("bench/ceiling-server.ts", {});
// The ceiling gets the same client work as the server (a fresh POST body per request), so that the
// ratio measures the server and not the load generator.
const base = await load({
  url: ceiling.url,
  connections: CONNECTIONS,
  durationSeconds: SECONDS,
  method: "POST",
  headers: json,
  body: smsBody,
});
await ceiling.stop();
results.ceiling = base;
row("node:http ceiling", rpsCell(base));

/** What one scenario on one store measured. */
interface SendFigures {
  sms: Figures;
  cpuMsPerSend: number;
  /** The server's CPU use during the run, in cores (1 = one core busy throughout). */
  serverCores: number;
  dbCpuMsPerSend?: number;
  roundTripsPerSend?: number;
}

/**
 * From the server's own metrics: sends answered (all, and statusCode 200), codes delivered,
 * PostgreSQL round trips so far, and connections busy or awaited.
 */
async function counts(
  url: string,
): Promise<{ answered: number; ok: number; delivered: number; roundTrips: number; connectionsBusy: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const sum = (re: RegExp) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
  return {
    answered: sum(/^mfa_requests_total\{operation="sendEnrollFactorRequest",[^}]*\} (\d+)/gm),
    ok: sum(/^mfa_requests_total\{operation="sendEnrollFactorRequest",status_code="200"\} (\d+)/gm),
    delivered: sum(/^mfa_codes_sent_total\{channel="sms"\} (\d+)/gm),
    roundTrips: sum(/^mfa_store_round_trips_total (\d+)/gm),
    connectionsBusy:
      sum(/^mfa_store_connections\{state="total"\} (\d+)/gm) -
      sum(/^mfa_store_connections\{state="idle"\} (\d+)/gm) +
      sum(/^mfa_store_connections\{state="waiting"\} (\d+)/gm),
  };
}

/**
 * Waits until the server has answered every request left in flight when the load stopped (the
 * count stands still for a second, and no store connection is in use or awaited): their work
 * would otherwise land in the next window's CPU and round trips, while the load generator never
 * counted them. On a busy machine a send can take longer than a second, and one still in flight
 * had made its first round trips without being answered, inflating the round trips per send.
 */
async function settled(url: string): Promise<Awaited<ReturnType<typeof counts>>> {
  let last = await counts(url);
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await counts(url);
    if (now.answered === last.answered && now.connectionsBusy === 0) return now;
    last = now;
  }
  return last;
}

/**
 * Scenario A: one user and one token, caps out of reach: the path of a send. Scenario B: a user
 * and a fresh token per request (so JWT verification, which the server caches per token, is paid
 * on every send), the per-user caps at their defaults and the budget at 60,000 a minute: a tenant.
 */
async function measureSends(scenario: "A" | "B", storeEnv: Record<string, string>, dbPid?: number): Promise<SendFigures> {
  const server = await startServer({ ...storeEnv, ...(scenario === "B" && SCENARIO_B_LIMITS) });
  try {
    const url = `${server.url}/api/v3/send-enroll-factor-request`;
    let headers: Record<string, string> | (() => Record<string, string>) = { ...json, authorization: server.token };
    if (scenario === "B") {
      // Enough tokens for three times the one-user rate, signed before the clock starts; should
      // they run out, the run goes round them again (a second send by those users, still under 5).
      const { privateKey } = await loadDevSigningKey(server.dataDir);
      const wanted = Math.min(200_000, Math.ceil(3 * Math.max(200, scenarioA.get(storeName(storeEnv))?.sms.okRps ?? 1000) * (SECONDS + 3)));
      const tokens = await Promise.all(
        Array.from({ length: wanted }, (_, i) => signDevToken(privateKey, { sub: `bench-b-${i}`, expiresIn: "2h" })),
      );
      let next = 0;
      headers = () => ({ ...json, authorization: tokens[next++ % tokens.length]! });
    }
    await load({ url, connections: CONNECTIONS, durationSeconds: 3, method: "POST", headers, body: smsBody }); // warm-up (JIT)
    const before = await settled(server.url);
    const [cpuBefore, dbBefore] = [treeCpuSeconds(server.process.pid!), dbPid ? treeCpuSeconds(dbPid) : 0];
    const sms = await load({
      url,
      connections: CONNECTIONS,
      durationSeconds: SECONDS,
      method: "POST",
      headers,
      body: smsBody,
      expectStatusCode: 200,
    });
    // CPU over the load's wall time, before the tail is drained (the server busy in cores)...
    const cpuDuring = treeCpuSeconds(server.process.pid!) - cpuBefore;
    // ...and per send once the requests in flight are answered, counted by the server itself.
    const after = await settled(server.url);
    const cpu = treeCpuSeconds(server.process.pid!) - cpuBefore;
    // Per successful send: a refused or failed send is not a send (and costs less). Counted by the
    // codes delivered, not the answers: the load generator stops with sends in flight and closes
    // their connections, and those sends are done (and paid for) without an answer being counted.
    const sends = Math.max(1, after.delivered - before.delivered);
    const refused = after.answered - after.ok - (before.answered - before.ok);
    return {
      sms,
      cpuMsPerSend: (cpu * 1000) / sends,
      serverCores: cpuDuring / SECONDS,
      ...(dbPid && {
        dbCpuMsPerSend: ((treeCpuSeconds(dbPid) - dbBefore) * 1000) / sends,
        // Refused sends make round trips too, so this divides by them as well.
        roundTripsPerSend: (after.roundTrips - before.roundTrips) / Math.max(1, sends + refused),
      }),
    };
  } finally {
    await server.stop();
  }
}

const SCENARIO_B_LIMITS = {
  SEND_LIMIT_USER_HOUR: String(DEFAULT_SEND_LIMITS.userPerHour),
  SEND_LIMIT_USER_DAY: String(DEFAULT_SEND_LIMITS.userPerDay),
  SEND_LIMIT_GLOBAL_MINUTE: "60000",
};
const storeName = (env: Record<string, string>) => (env.DATABASE_URL ? "PostgreSQL" : "SQLite");
const scenarioA = new Map<string, SendFigures>();
const sendResults: Record<string, unknown> = {};

/** Measures both scenarios on one store, each on a fresh database, and adds their rows. */
async function sendRows(storeEnv: () => Promise<Record<string, string>>, dbPid?: number): Promise<void> {
  for (const scenario of ["A", "B"] as const) {
    const env = await storeEnv();
    const name = storeName(env);
    const f = await measureSends(scenario, env, dbPid);
    if (scenario === "A") scenarioA.set(name, f);
    sendResults[`${name} ${scenario}`] = f;
    const what = scenario === "A" ? "one user, caps off" : "a user and a fresh token per send, default caps";
    row(
      `SMS send, ${name}, scenario ${scenario} (${what}), successful`,
      rpsCell(f.sms),
      `${f1(base.rps)} req/s`,
      (f.sms.okRps / base.rps).toFixed(2),
      GOALS[`${name} ${scenario}`] ?? "",
    );
    const db = f.dbCpuMsPerSend === undefined ? "" : ` + ${f.dbCpuMsPerSend.toFixed(2)} ms PostgreSQL`;
    row(
      `  CPU per send (server${db ? " + database" : ""}); server busy`,
      `${f.cpuMsPerSend.toFixed(2)} ms${db}; ${f.serverCores.toFixed(2)} cores`,
    );
    if (f.roundTripsPerSend !== undefined) row("  round trips to PostgreSQL per send", f.roundTripsPerSend.toFixed(2), "", "", "<= 6");
  }
}
const GOALS: Record<string, string> = {
  "SQLite A": ">= 0.15, CPU <= 0.3 ms",
  "SQLite B": "CPU <= 0.6 ms",
  "PostgreSQL A": "CPU <= 1.5 ms in all",
};

if (runs("sqlite")) await sendRows(async () => ({})); // startServer gives each server a fresh data directory
// OTP sends, one user: the QR code's CPU, and the latency one client sees.
if (runs("otp")) {
  const server = await startServer();
  const url = `${server.url}/api/v3/send-enroll-factor-request`;
  const auth = { ...json, authorization: server.token };
  await load({ url, connections: CONNECTIONS, durationSeconds: 3, method: "POST", headers: auth, body: otpBody }); // warm-up
  const otp = await load({
    url,
    connections: CONNECTIONS,
    durationSeconds: SECONDS,
    method: "POST",
    headers: auth,
    body: otpBody,
    expectStatusCode: 200,
  });
  const otpOne = await load({
    url,
    connections: 1,
    durationSeconds: Math.max(3, SECONDS / 2),
    method: "POST",
    headers: auth,
    body: otpBody,
    expectStatusCode: 200,
  });
  await server.stop();
  results.otp = { otp, otpOneConnection: otpOne };
  const sms = scenarioA.get("SQLite")?.sms;
  row(
    "server OTP send (SQLite)",
    rpsCell(otp),
    sms ? `${f1(sms.rps)} req/s (SMS, A)` : "",
    sms ? (otp.rps / sms.rps).toFixed(2) : "",
    ">= 0.10",
  );
  row("server OTP send p50, 1 connection", `${otpOne.p50} ms (${f1(otpOne.rps)} req/s)`, "", "", "<= 2 ms");
}

// The same on PostgreSQL: a throwaway local cluster (fsync off, as in the tests), so this measures
// the server's own cost per request plus the round trips, not a disk. The server and PostgreSQL
// share two cores here, so the pool is sized for them: with 20 connections PostgreSQL spent about
// half as much CPU again per send on backends waiting for each other, and the transactions held
// all 16 budget shares often enough to refuse a few sends (docs/scaling.md).
const binDir = runs("postgres") ? postgresBinDir() : undefined;
if (binDir) {
  const cluster = await startPostgresCluster(binDir);
  await sendRows(async () => ({ DATABASE_URL: await cluster.createDatabase(), DATABASE_POOL_SIZE: "8" }), cluster.pid);
  await cluster.stop();
  const [pg, lite] = [scenarioA.get("PostgreSQL")!.sms, scenarioA.get("SQLite")?.sms];
  if (lite) row("  PostgreSQL vs SQLite (scenario A)", "", `${f1(lite.okRps)} req/s`, (pg.okRps / lite.okRps).toFixed(2), ">= 0.5 (aim)");
} else if (runs("postgres")) {
  row("SMS send, PostgreSQL", "not measured: PostgreSQL is not installed (apt-get install postgresql)");
}
results.sends = sendResults;

// 2. Memory under 100 connections of SMS sends: RSS at the half and at the end.
if (runs("memory")) {
  const soakServer = await startServer();
  const soakAuth = { ...json, authorization: soakServer.token };
  const soakUrl = `${soakServer.url}/api/v3/send-enroll-factor-request`;
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMb(soakServer.process.pid!)), 1000);
  const soak = await load({
    url: soakUrl,
    connections: 100,
    durationSeconds: MEMORY_SECONDS,
    method: "POST",
    headers: soakAuth,
    body: smsBody,
    expectStatusCode: 200,
  });
  clearInterval(sampler);
  const half = samples[Math.floor(samples.length / 2) - 1] ?? 0;
  const end = samples.at(-1) ?? 0;
  results.memory = { seconds: MEMORY_SECONDS, rssMbAtHalf: half, rssMbAtEnd: end, samples, soak };
  row(
    `server RSS after ${MEMORY_SECONDS} s at 100 connections`,
    `${f1(end)} MB (at ${MEMORY_SECONDS / 2} s: ${f1(half)} MB)`,
    "",
    (end / half).toFixed(2),
    "<= 150 MB, no growth",
  );
  row("  load during the soak", rpsCell(soak));
  await soakServer.stop();
}

// 3. The mock against bare Prism on the same document and request.
if (runs("mock")) {
  const prism = await startPrism({ specPath: "openapi.yaml", dynamic: false });
  await load({
    url: `${prism.url}/api/v3/send-enroll-factor-request`,
    connections: 10,
    durationSeconds: 2,
    method: "POST",
    headers: { ...json, authorization: "x" },
    body: otpBody,
  }); // warm-up
  const mockHeaders = { ...json, authorization: "bench-token" };
  const bare = await load({
    url: `${prism.url}/api/v3/send-enroll-factor-request`,
    connections: 10,
    durationSeconds: SECONDS,
    method: "POST",
    headers: mockHeaders,
    body: otpBody,
    expectStatusCode: 200,
  });
  await prism.stop();
  const mockPort = await freePort();
  const mockStart = Date.now();
  const mock = spawn("npm", ["run", "-s", "mock"], {
    env: { ...process.env, MOCK_PORT: String(mockPort) },
    stdio: "ignore",
    detached: true,
  });
  const mockUrl = `http://127.0.0.1:${mockPort}/api/v3/send-enroll-factor-request`;
  const mockReady = await waitUntilAnswering(mockUrl, { method: "POST", headers: mockHeaders, body: otpBody });
  await load({ url: mockUrl, connections: 10, durationSeconds: 2, method: "POST", headers: mockHeaders, body: otpBody }); // warm-up
  const faithful = await load({
    url: mockUrl,
    connections: 10,
    durationSeconds: SECONDS,
    method: "POST",
    headers: mockHeaders,
    body: otpBody,
    expectStatusCode: 200,
  });
  process.kill(-mock.pid!, "SIGINT");
  results.mock = { barePrism: bare, mock: faithful, startMs: mockReady - mockStart };
  row("bare Prism, 10 connections", rpsCell(bare));
  row(
    "mock (fidelity layer + Prism)",
    rpsCell(faithful),
    `${f1(bare.rps)} req/s`,
    (faithful.rps / bare.rps).toFixed(2),
    ">= 0.80, p99 <= 20 ms",
  );
  row("mock start to first answer", `${mockReady - mockStart} ms`, "", "", "<= 3000 ms");
}

// 4. `npm start` to both servers answering.
if (runs("start")) {
  const [startMock, startServerPort] = [await freePort(), await freePort()];
  const startDir = `${(await import("node:os")).tmpdir()}/genauth-mfa-bench-start-${process.pid}`;
  const t0 = Date.now();
  const all = spawn("npm", ["start"], {
    env: { ...process.env, MOCK_PORT: String(startMock), PORT: String(startServerPort), DATA_DIR: startDir, LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true,
  });
  const list = (port: number) =>
    waitUntilAnswering(`http://127.0.0.1:${port}/api/v3/list-factors-to-enroll`, { headers: { authorization: "x" } });
  const both = Math.max(await list(startMock), await list(startServerPort));
  process.kill(-all.pid!, "SIGINT");
  results.startMs = both - t0;
  row("npm start to both answering", `${both - t0} ms`, "", "", "<= 4000 ms");
}

// 5. What a browser downloads for genauth-mfa-client's main entry (deterministic: a test holds it to the budget).
if (runs("client")) {
  const clientDir = await buildClientPackage(
    `${(await import("node:os")).tmpdir()}/genauth-mfa-bench-client-${process.pid}/genauth-mfa-client`,
  );
  const clientBytes = await browserBundleBytes(clientDir);
  const mswBytes = await mswBundleBytes(clientDir);
  const mswParts = await mswBundleParts();
  results.clientBundleBytes = clientBytes;
  results.mswBundle = { bytes: mswBytes, parts: mswParts };
  rmSync(dirname(clientDir), { recursive: true, force: true });
  row(
    "genauth-mfa-client bundle, min+gzip",
    `${(clientBytes / 1024).toFixed(2)} KB (${clientBytes} B)`,
    "",
    "",
    `<= ${SIZE_BUDGET_BYTES / 1024} KB`,
  );
  // The /msw entry, stateful mode included, without msw, ajv and ajv-formats; then what it holds.
  row(
    "genauth-mfa-client/msw bundle, min+gzip",
    `${(mswBytes / 1024).toFixed(2)} KB (${mswBytes} B)`,
    "",
    "",
    `<= ${MSW_SIZE_BUDGET_BYTES / 1024} KB`,
  );
  for (const { part, share } of mswParts) row(`  ${part}`, `${(share * 100).toFixed(0)}% of the minified bytes`);
}

mkdirSync("bench", { recursive: true });
writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
console.table(rows);
console.log(
  "Written to bench/results.json. Scenario A: one user and one token, per-user caps off and the budget at 1,000,000 a minute (the path). " +
    "Scenario B: a user and a fresh token per send, so each request pays a JWT verification (the server caches verified tokens); " +
    "per-user caps at their defaults, the budget at 60,000 a minute (a tenant). " +
    "\"Server busy\" is the server's CPU time over the run's wall time: no idle share is printed, since on a machine where " +
    "the load generator shares the cores the server's idle time measures the generator as much as the server.",
);
process.exit(0);
