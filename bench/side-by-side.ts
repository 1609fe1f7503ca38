import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { checkoutServer } from "./checkout-server.ts";
import { anyShape, MIXED_SHAPES, pick, type Shape } from "./mixed-shapes.ts";
import { statFields, treeCpuSeconds } from "./services.ts";

// `npm run load:side-by-side -- --against <checkout> [--shapes mix,sms,enrolled] [--seconds 15]
// [--rounds 3] [--connections 24]`: this checkout's reference server and another checkout's (its
// dependencies installed), both at once under the same mix from one load generator, and each
// one's CPU per request. Alternating `npm run load` runs compare two commits only as well as the
// machine holds still; side by side, its swings hit both servers alike, so the ratio of their CPU
// per request holds where throughputs move by a quarter. This checkout against itself reads about
// 1.00 (0.96 to 1.04 on a two-core machine): a ratio within that says nothing.
const { values } = parseArgs({
  options: {
    against: { type: "string" },
    shapes: { type: "string", default: "mix" },
    seconds: { type: "string", default: "15" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "24" },
  },
});
if (!values.against) {
  console.error("usage: npm run load:side-by-side -- --against <another checkout> [--shapes mix,sms,...] [--seconds 15] [--rounds 3]");
  process.exit(2);
}
const shapeNames = values.shapes.split(",");
const unknown = shapeNames.filter((name) => name !== "mix" && !(name in MIXED_SHAPES));
if (unknown.length > 0) {
  console.error(`unknown shapes: ${unknown.join(", ")}; known: mix, ${Object.keys(MIXED_SHAPES).join(", ")}`);
  process.exit(2);
}

/** CPU seconds of a process's main thread, and of its others: the store's checkpointer, the collector's helpers, libuv's pool. */
function threadCpu(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const fields = statFields(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      if (tid === String(pid)) main += seconds;
      else others += seconds;
    } catch {
      // a thread gone meanwhile
    }
  }
  return { main, others };
}

/** A checkout's reference server, with 500 users' tokens. */
async function boot(checkout: string) {
  const target = await checkoutServer(checkout);
  const tokens: string[] = await Promise.all(
    Array.from({ length: 500 }, (_, i) =>
      target.sign({ sub: `load-user-${i}`, claims: { username: `load-${i}`, email: `load-${i}@example.com` }, expiresIn: "2h" }),
    ),
  );
  return { ...target, tokens };
}
type Target = Awaited<ReturnType<typeof boot>>;

const load = (target: Target, shape: () => Shape, seconds: number) =>
  autocannon({
    url: target.server.url,
    connections: Number(values.connections),
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const s = shape();
          const body = s.body === undefined ? undefined : JSON.stringify(s.body);
          return {
            ...req,
            method: s.method,
            path: s.path,
            headers: { authorization: pick(target.tokens), "content-type": "application/json" },
            body,
          };
        },
      },
    ],
  });

const started: Target[] = [];
try {
  const ours = await boot(".");
  started.push(ours);
  const theirs = await boot(values.against);
  started.push(theirs);
  console.log(`This checkout (${ours.checkout}) against ${theirs.checkout}, ${values.connections} connections each, at once.`);
  for (const name of shapeNames) {
    const shape = name === "mix" ? anyShape : MIXED_SHAPES[name]!;
    await Promise.all([load(ours, shape, 3), load(theirs, shape, 3)]); // both warmed alike
    const ratios: number[] = [];
    for (let round = 0; round < Number(values.rounds); round++) {
      const before = [ours, theirs].map((t) => ({ tree: treeCpuSeconds(t.pid), threads: threadCpu(t.pid) }));
      const results = await Promise.all([load(ours, shape, Number(values.seconds)), load(theirs, shape, Number(values.seconds))]);
      const perRequest = [ours, theirs].map((t, i) => {
        const n = results[i]!.requests.total;
        const threads = threadCpu(t.pid);
        const us = (seconds: number) => ((seconds * 1e6) / n).toFixed(0);
        return {
          cpu: ((treeCpuSeconds(t.pid) - before[i]!.tree) * 1e6) / n,
          main: us(threads.main - before[i]!.threads.main),
          others: us(threads.others - before[i]!.threads.others),
          rps: results[i]!.requests.average.toFixed(0),
        };
      });
      const [a, b] = perRequest as [(typeof perRequest)[0], (typeof perRequest)[0]];
      ratios.push(a.cpu / b.cpu);
      const side = (f: typeof a) => `${f.cpu.toFixed(0)} µs/req (main thread ${f.main}, others ${f.others}) at ${f.rps} req/s`;
      console.log(`${name.padEnd(9)} ours ${side(a)}; theirs ${side(b)}; ours/theirs ${(a.cpu / b.cpu).toFixed(3)}`);
    }
    console.log(
      `${name}: ours/theirs ${(ratios.reduce((x, y) => x + y) / ratios.length).toFixed(3)} on average over ${ratios.length} rounds`,
    );
  }
} finally {
  // Whichever started is stopped, also when the other checkout's server would not start.
  for (const target of started) await target.server.stop();
}
