import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { awayFromStepBoundary, totpFor } from "../test/contract-suite/support/totp-clock.ts";
import { checkoutServer } from "./checkout-server.ts";
import { rssMb, treeCpuSeconds } from "./services.ts";
import { spawnService } from "../test/support/spawn-service.ts";
import { ROOMY_SEND_LIMIT_ENV } from "../test/support/roomy-limits.ts";
import { anyShape, pick, randomToken } from "./mixed-shapes.ts";

// `npm run load [-- --seconds 60 --connections 100] [--server <checkout>]`: mixed traffic on every
// operation from many users against the reference server, plus workers walking the whole OTP flow.
// It reports what it measured; expected outcomes (429, 404, 6110...) are not errors, an HTTP error
// or a 5xx is. `--server` puts another checkout's server (its dependencies installed) under the same
// load, so that two commits run back to back are compared under one load generator and one mix.
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    connections: { type: "string", default: "100" },
    users: { type: "string", default: "500" },
    server: { type: "string", default: "." },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);

// The machine's ceiling in this same run: a node:http server that does nothing, under as many
// connections, each request with a token and a JSON body as below, so that the throughput reads as
// a ratio that survives a busy machine. A tenth of the run (at least 5 s) is enough for it.
const ceilingService = await spawnService("bench/ceiling-server.ts", {});
const ceiling = await autocannon({
  url: ceilingService.url,
  connections: CONNECTIONS,
  duration: Math.max(5, Math.round(SECONDS / 10)),
  requests: [
    {
      setupRequest: (req) => ({
        ...req,
        method: "POST",
        headers: { authorization: randomToken(), "content-type": "application/json" },
        body: JSON.stringify({ factorType: "OTP" }),
      }),
    },
  ],
});
await ceilingService.stop();

const target = await checkoutServer(values.server);
const { server } = target;
const tokens = await Promise.all(
  Array.from({ length: Number(values.users) }, (_, i) =>
    // An email address on each account, so that FACE starts are served rather than refused (apiCode 1703).
    target.sign({ sub: `load-user-${i}`, claims: { username: `load-${i}`, email: `load-${i}@example.com` }, expiresIn: "2h" }),
  ),
);

const byStatus: Record<string, number> = {};
const samples400: string[] = [];
let running = true;
let flows = 0;
let flowFailures = 0;
// Workers that walk the real flow: bind OTP with a TOTP, verify, reset. Each has users of its own,
// so that two workers never race to bind the same user's OTP (the loser would rightly get 409).
const flowTokens = await Promise.all(
  Array.from({ length: 5 }, (_, worker) => target.sign({ sub: `flow-user-${worker}`, expiresIn: "2h" })),
);
// biome-ignore lint/suspicious/noExplicitAny: the flow reads data's fields only once statusCode says 200
type Answer = { statusCode: number; data?: any };
async function flowWorker(token: string): Promise<void> {
  while (running) {
    const post = async (path: string, body: unknown) =>
      (await (
        await fetch(server.url + path, {
          method: "POST",
          headers: { authorization: token, "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).json()) as Answer;
    const sent = await post("/api/v3/send-enroll-factor-request", { factorType: "OTP" });
    if (sent.statusCode !== 200) continue; // 409: another worker holds this user's OTP right now
    const uri = sent.data.otpData.qrCodeUri;
    // The previous step's TOTP binds and the current one verifies; a step boundary crossed between
    // computing and checking would turn the first into a step too old.
    await awayFromStepBoundary(2000);
    const bound = await post("/api/v3/enroll-factor", {
      factorType: "OTP",
      enrollmentToken: sent.data.enrollmentToken,
      enrollmentData: { passCode: totpFor(uri, Date.now() - 30_000) },
    });
    const verified = await post("/api/v3/mfa-totp-verify", { totp: totpFor(uri) });
    const list = (await (
      await fetch(`${server.url}/api/v3/list-enrolled-factors`, { headers: { authorization: token } })
    ).json()) as Answer;
    const otp = list.data?.find((f: { factorType: string }) => f.factorType === "OTP");
    if (otp) await post("/api/v3/reset-factor", { factorId: otp.factorId });
    flows++;
    if (bound.statusCode !== 200 || verified.data?.verified !== true) {
      flowFailures++;
      console.error("OTP flow failed:", JSON.stringify(bound), JSON.stringify(verified));
    }
  }
}

const rss: number[] = [];
const sampler = setInterval(() => rss.push(rssMb(target.pid)), 1000);
const walkers = flowTokens.map(flowWorker);
// The server's CPU over the run, per request: unlike throughput, it hardly moves when other work
// shares the machine, so it compares two commits measured at different moments.
const cpuBefore = treeCpuSeconds(target.pid);
const result = await autocannon({
  url: server.url,
  connections: CONNECTIONS,
  duration: SECONDS,
  requests: [
    {
      setupRequest: (req) => {
        const shape = anyShape();
        return {
          ...req,
          method: shape.method,
          path: shape.path,
          headers: { authorization: pick(tokens), "content-type": "application/json" },
          body: shape.body === undefined ? undefined : JSON.stringify(shape.body),
        } as typeof req;
      },
      onResponse: (status, body) => {
        const code = status === 200 ? (/"statusCode":(\d+)/.exec(body)?.[1] ?? "unparsed") : `HTTP ${status}`;
        byStatus[code] = (byStatus[code] ?? 0) + 1;
        if (code === "400" && samples400.length < 5) samples400.push(body.slice(0, 160));
      },
    },
  ],
});
const serverCpu = treeCpuSeconds(target.pid) - cpuBefore;
running = false;
await Promise.all(walkers);
clearInterval(sampler);
await server.stop();

const fiveXX = Object.entries(byStatus)
  .filter(([code]) => Number(code) >= 500)
  .reduce((n, [, c]) => n + c, 0);
console.log(
  `Mixed load: ${SECONDS} s, ${values.connections} connections, ${values.users} users, all operations, ` +
    "plus 5 workers walking the OTP flow" +
    (values.server === "." ? "" : `, against the server of ${target.checkout}`),
);
const roomy = Object.entries(ROOMY_SEND_LIMIT_ENV).map(([name, value]) => `${name}=${value}`);
// Another checkout's server is started by that checkout's own bench code, with its own settings.
console.log(
  values.server === "."
    ? `Send and start caps set out of reach (${roomy.join(", ")}), ` +
        "so no user is throttled after five codes or 100 starts; the caps are tested with their defaults in npm test."
    : `Caps and limits as ${target.checkout}'s own bench code sets them.`,
);
const reached = result.requests.average / ceiling.requests.average;
console.table({
  throughput: `${result.requests.average.toFixed(1)} req/s (${result.requests.total} requests)`,
  "node:http ceiling, same run": `${ceiling.requests.average.toFixed(1)} req/s: the load reached ${reached.toFixed(2)}× of it`,
  "server CPU per request": `${((serverCpu * 1000) / result.requests.total).toFixed(3)} ms (${(serverCpu / SECONDS).toFixed(2)} cores)`,
  latency: `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  "transport errors and timeouts": String(result.errors + result.timeouts),
  "HTTP status other than 200": String(result.non2xx),
  "5xx envelopes": String(fiveXX),
  "body statusCodes": JSON.stringify(byStatus),
  "OTP flows completed (failed)": `${flows} (${flowFailures})`,
  "server RSS (MB) start/middle/end": [rss[0], rss[Math.floor(rss.length / 2)], rss.at(-1)].map((v) => (v ?? 0).toFixed(0)).join(" / "),
});
if (samples400.length) console.log("400 answers, for example:", samples400);
process.exit(result.errors + result.timeouts + result.non2xx + fiveXX + flowFailures === 0 ? 0 : 1);
