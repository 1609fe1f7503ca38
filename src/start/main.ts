import { spawn, type ChildProcess } from "node:child_process";
import { npmScriptCommand } from "../npm-script.ts";
import { Shutdown, stopChild } from "../process/shutdown.ts";
import { projectRoot } from "../project-root.ts";

// `npm start`: the mock and the reference server side by side, each in its own process with the
// command line of `npm run mock` and `npm run server`, their output prefixed; Ctrl-C stops both.
const ROOT = projectRoot();
const children: ChildProcess[] = [];
const urls: Record<string, string> = {};
// No deadline of its own: each child is killed after 9 s, past the server's own 8 s drain.
const shutdown = new Shutdown();

function run(name: "mock" | "server"): void {
  const { command, args } = npmScriptCommand(name);
  // The children write into pipes, so they cannot see the terminal this launcher writes to: they are
  // told its choice of log format instead.
  const env = Object.assign({}, process.env, { LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json") });
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const relay = (chunk: Buffer, out: NodeJS.WriteStream) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line) continue;
      out.write(`[${name}] ${line}\n`);
      const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
      if (url) ready(name, url);
    }
  };
  child.stdout!.on("data", (c: Buffer) => relay(c, process.stdout));
  child.stderr!.on("data", (c: Buffer) => relay(c, process.stderr));
  child.on("exit", (code) => {
    if (!shutdown.stopping) {
      console.error(`[${name}] stopped unexpectedly (exit code ${code}); stopping everything.`);
      shutdown.begin(1);
    }
  });
}

// The walkthroughs bind user-1: the README's binds +86 188 1234 5678, docs/authenticator-app.md's an
// authenticator app. The banner's line uses another user and number, so that trying it first costs
// a walkthrough neither the number's minute nor a 409.
const BANNER_USER = "try-it";
const BANNER_PHONE = "18887654321";

function ready(name: string, url: string): void {
  urls[name] = url;
  if (!urls.mock || !urls.server) return;
  console.log(`
GenAuth MFA is running:
  mock (Prism, the contract's examples):  ${urls.mock}
  reference server (real TOTP, codes):    ${urls.server}
  API reference:                           npm run docs, then open dist/docs/index.html

Try the mock (any token works there):
  curl -s -X POST ${urls.mock}/api/v3/send-enroll-factor-request -H 'Authorization: any-token' \\
    -H 'Content-Type: application/json' -d '{"factorType":"OTP"}'

Try the server (with a token from: npm run token -- --sub ${BANNER_USER}); its code shows up below as an [outbox] line:
  curl -s -X POST ${urls.server}/api/v3/send-enroll-factor-request \\
    -H "Authorization: $(npm run -s token -- --sub ${BANNER_USER})" \\
    -H 'Content-Type: application/json' -d '{"factorType":"SMS","profile":{"phoneNumber":"${BANNER_PHONE}"}}'

Press Ctrl-C to stop both.`);
}

shutdown.onSignals(() => Promise.all(children.map((child) => stopChild(child, 9000))));
run("mock");
run("server");
