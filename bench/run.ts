import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { startPrism, freePort } from "../src/mock/prism-process.ts";
import { spawnService } from "../test/support/spawn-service.ts";
import { postgresBinDir, startPostgresCluster } from "../test/support/postgres-cluster.ts";
import { browserBundleBytes, buildClientPackage, SIZE_BUDGET_BYTES } from "../scripts/client-package.ts";
import { load, type Figures } from "./load.ts";
import { rssMb, startServer, treeCpuSeconds, waitUntilAnswering } from "./services.ts";

// `npm run bench [-- --seconds 10]`: every figure is a ratio against a baseline measured in this
// same run, because absolute numbers drift on a shared 2-core machine. It asserts nothing.
const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, "memory-seconds": { type: "string", default: "60" } } });
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
const rpsCell = (f: Figures) =>
  `${f1(f.okRps)} req/s ok${f.okRps < f.rps - 0.5 ? ` of ${f1(f.rps)}` : ""}, p50 ${f.p50} ms, p99 ${f.p99} ms${f.errors + f.non200 + f.wrongStatus ? `, ${f.errors} errors, ${f.wrongStatus} wrong` : ""}`;

// 1. The ceiling and the reference server.
const ceiling = await spawnService("bench/ceiling-server.ts", {});
// The ceiling gets the same client work as the server (a fresh POST body per request), so that the
// ratio measures the server and not the load generator.
const base = await load({ url: ceiling.url, connections: CONNECTIONS, durationSeconds: SECONDS, method: "POST", headers: json, body: smsBody });
await ceiling.stop();
const server = await startServer();
const auth = { ...json, authorization: server.token };
const sendUrl = `${server.url}/api/v3/send-enroll-factor-request`;
await load({ url: sendUrl, connections: CONNECTIONS, durationSeconds: 3, method: "POST", headers: auth, body: smsBody }); // warm-up (JIT)
const cpuBefore = treeCpuSeconds(server.process.pid!);
const sms = await load({ url: sendUrl, connections: CONNECTIONS, durationSeconds: SECONDS, method: "POST", headers: auth, body: smsBody, expectStatusCode: 200 });
// CPU per successful send, the figure a capacity model scales from (docs/scaling.md).
const smsCpuMs = ((treeCpuSeconds(server.process.pid!) - cpuBefore) * 1000) / Math.max(1, sms.okRps * SECONDS);
const otp = await load({ url: sendUrl, connections: CONNECTIONS, durationSeconds: SECONDS, method: "POST", headers: auth, body: otpBody, expectStatusCode: 200 });
const otpOne = await load({ url: sendUrl, connections: 1, durationSeconds: Math.max(3, SECONDS / 2), method: "POST", headers: auth, body: otpBody, expectStatusCode: 200 });
results.ceiling = base;
results.server = { sms, otp, otpOneConnection: otpOne, smsCpuMsPerSend: smsCpuMs };
row("node:http ceiling", rpsCell(base));
// Only sends answered statusCode 200 count: a throttled or failed send is not a send.
row("server SMS send (SQLite), successful", rpsCell(sms), `${f1(base.rps)} req/s`, (sms.okRps / base.rps).toFixed(2), ">= 0.25");
row("  server CPU per SMS send (SQLite)", `${smsCpuMs.toFixed(2)} ms`);
row("server OTP send", rpsCell(otp), `${f1(sms.rps)} req/s (SMS)`, (otp.rps / sms.rps).toFixed(2), ">= 0.10");
row("server OTP send p50, 1 connection", `${otpOne.p50} ms (${f1(otpOne.rps)} req/s)`, "", "", "<= 2 ms");
row("server OTP send vs ceiling", "", `${f1(base.rps)} req/s`, (otp.rps / base.rps).toFixed(2));

// 1b. The same SMS send path on PostgreSQL: a throwaway local cluster (fsync off, as in the tests),
// so this measures the server's own cost per request plus the round trips, not a disk.
const binDir = postgresBinDir();
if (binDir) {
  await server.stop();
  const cluster = await startPostgresCluster(binDir);
  const onPostgres = await startServer({ DATABASE_URL: await cluster.createDatabase(), DATABASE_POOL_SIZE: "20" });
  const pgAuth = { ...json, authorization: onPostgres.token };
  const pgUrl = `${onPostgres.url}/api/v3/send-enroll-factor-request`;
  await load({ url: pgUrl, connections: CONNECTIONS, durationSeconds: 3, method: "POST", headers: pgAuth, body: smsBody }); // warm-up
  const [appBefore, dbBefore] = [treeCpuSeconds(onPostgres.process.pid!), treeCpuSeconds(cluster.pid)];
  const pgSms = await load({ url: pgUrl, connections: CONNECTIONS, durationSeconds: SECONDS, method: "POST", headers: pgAuth, body: smsBody, expectStatusCode: 200 });
  const sends = Math.max(1, pgSms.okRps * SECONDS);
  const appCpuMs = ((treeCpuSeconds(onPostgres.process.pid!) - appBefore) * 1000) / sends;
  const dbCpuMs = ((treeCpuSeconds(cluster.pid) - dbBefore) * 1000) / sends;
  await onPostgres.stop();
  await cluster.stop();
  results.postgres = { sms: pgSms, appCpuMsPerSend: appCpuMs, dbCpuMsPerSend: dbCpuMs };
  row("server SMS send (PostgreSQL), successful", rpsCell(pgSms), `${f1(base.rps)} req/s`, (pgSms.okRps / base.rps).toFixed(2));
  row("  CPU per SMS send: server / PostgreSQL", `${appCpuMs.toFixed(2)} ms / ${dbCpuMs.toFixed(2)} ms`);
  row("  PostgreSQL vs SQLite", "", `${f1(sms.okRps)} req/s`, (pgSms.okRps / sms.okRps).toFixed(2));
} else {
  row("server SMS send (PostgreSQL)", "not measured: PostgreSQL is not installed (apt-get install postgresql)");
}
const soakServer = binDir ? await startServer() : server;
const soakAuth = { ...json, authorization: soakServer.token };
const soakUrl = `${soakServer.url}/api/v3/send-enroll-factor-request`;

// 2. Memory under 100 connections of SMS sends: RSS at the half and at the end.
const samples: number[] = [];
const sampler = setInterval(() => samples.push(rssMb(soakServer.process.pid!)), 1000);
const soak = await load({ url: soakUrl, connections: 100, durationSeconds: MEMORY_SECONDS, method: "POST", headers: soakAuth, body: smsBody, expectStatusCode: 200 });
clearInterval(sampler);
const half = samples[Math.floor(samples.length / 2) - 1] ?? 0;
const end = samples.at(-1) ?? 0;
results.memory = { seconds: MEMORY_SECONDS, rssMbAtHalf: half, rssMbAtEnd: end, samples, soak };
row(`server RSS after ${MEMORY_SECONDS} s at 100 connections`, `${f1(end)} MB (at ${MEMORY_SECONDS / 2} s: ${f1(half)} MB)`, "", (end / half).toFixed(2), "<= 150 MB, no growth");
row("  load during the soak", rpsCell(soak));
await soakServer.stop();

// 3. The mock against bare Prism on the same document and request.
const prism = await startPrism({ specPath: "openapi.yaml", dynamic: false });
await load({ url: `${prism.url}/api/v3/send-enroll-factor-request`, connections: 10, durationSeconds: 2, method: "POST", headers: { ...json, authorization: "x" }, body: otpBody }); // warm-up
const mockHeaders = { ...json, authorization: "bench-token" };
const bare = await load({ url: `${prism.url}/api/v3/send-enroll-factor-request`, connections: 10, durationSeconds: SECONDS, method: "POST", headers: mockHeaders, body: otpBody, expectStatusCode: 200 });
await prism.stop();
const mockPort = await freePort();
const mockStart = Date.now();
const mock = spawn("npm", ["run", "-s", "mock"], { env: { ...process.env, MOCK_PORT: String(mockPort) }, stdio: "ignore", detached: true });
const mockUrl = `http://127.0.0.1:${mockPort}/api/v3/send-enroll-factor-request`;
const mockReady = await waitUntilAnswering(mockUrl, { method: "POST", headers: mockHeaders, body: otpBody });
await load({ url: mockUrl, connections: 10, durationSeconds: 2, method: "POST", headers: mockHeaders, body: otpBody }); // warm-up
const faithful = await load({ url: mockUrl, connections: 10, durationSeconds: SECONDS, method: "POST", headers: mockHeaders, body: otpBody, expectStatusCode: 200 });
process.kill(-mock.pid!, "SIGINT");
results.mock = { barePrism: bare, mock: faithful, startMs: mockReady - mockStart };
row("bare Prism, 10 connections", rpsCell(bare));
row("mock (fidelity layer + Prism)", rpsCell(faithful), `${f1(bare.rps)} req/s`, (faithful.rps / bare.rps).toFixed(2), ">= 0.80, p99 <= 20 ms");
row("mock start to first answer", `${mockReady - mockStart} ms`, "", "", "<= 3000 ms");

// 4. `npm start` to both servers answering.
const [startMock, startServerPort] = [await freePort(), await freePort()];
const startDir = `${(await import("node:os")).tmpdir()}/genauth-mfa-bench-start-${process.pid}`;
const t0 = Date.now();
const all = spawn("npm", ["start"], { env: { ...process.env, MOCK_PORT: String(startMock), PORT: String(startServerPort), DATA_DIR: startDir, LOG_LEVEL: "warn" }, stdio: "ignore", detached: true });
const list = (port: number) => waitUntilAnswering(`http://127.0.0.1:${port}/api/v3/list-factors-to-enroll`, { headers: { authorization: "x" } });
const both = Math.max(await list(startMock), await list(startServerPort));
process.kill(-all.pid!, "SIGINT");
results.startMs = both - t0;
row("npm start to both answering", `${both - t0} ms`, "", "", "<= 4000 ms");

// 5. What a browser downloads for genauth-mfa-client's main entry (deterministic: a test holds it to the budget).
const clientDir = await buildClientPackage(`${(await import("node:os")).tmpdir()}/genauth-mfa-bench-client-${process.pid}/genauth-mfa-client`);
const clientBytes = await browserBundleBytes(clientDir);
results.clientBundleBytes = clientBytes;
rmSync(dirname(clientDir), { recursive: true, force: true });
row("genauth-mfa-client bundle, min+gzip", `${(clientBytes / 1024).toFixed(2)} KB (${clientBytes} B)`, "", "", `<= ${SIZE_BUDGET_BYTES / 1024} KB`);

mkdirSync("bench", { recursive: true });
writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
console.table(rows);
console.log("Written to bench/results.json. The server ran with its send caps set out of reach (SEND_LIMIT_*=1000000): this measures throughput, not the caps.");
process.exit(0);
