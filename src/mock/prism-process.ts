import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { connect, createServer } from "node:net";
import { stopChild } from "../process/shutdown.ts";
import { projectRoot } from "../project-root.ts";

/** A running Prism mock server, and how to stop it. */
export interface PrismProcess {
  url: string;
  stop(): Promise<void>;
  /** Called with Prism's last output if it exits without being asked to. */
  onCrash(listener: (output: string) => void): void;
}

/** Options for starting Prism. */
export interface PrismOptions {
  /** The OpenAPI file Prism serves. */
  specPath: string;
  /** Let json-schema-faker generate bodies instead of serving the examples. */
  dynamic: boolean;
  /** Where Prism's own log lines go. Without it Prism logs warnings only: its per-request info
   * lines halve its throughput. */
  log?: (line: string) => void;
  /** How long to wait for "Prism is listening" before giving up. */
  startTimeoutMs?: number;
}

function prismCli(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("@stoplight/prism-cli/package.json");
  const bin = (JSON.parse(readFileSync(pkgPath, "utf8")) as { bin: Record<string, string> }).bin.prism!;
  return join(dirname(pkgPath), bin);
}

/** A port the kernel just handed out and released, for a child process to bind. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/** How many ports to try: another process may take the free port before Prism binds it. */
const PORT_ATTEMPTS = 5;

/**
 * Starts Prism as a real child process on a private loopback port. CORS is left to the fidelity
 * layer in front of it, and multiprocess mode is off so that stopping this child stops all of Prism.
 * Prism cannot be handed a bound socket, so the port is picked free and released first; if another
 * process takes it meanwhile, Prism exits with EADDRINUSE and it is tried again on a new port.
 */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPrismOnce(options, await freePort());
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

class PortTaken extends Error {}

async function startPrismOnce(options: PrismOptions, port: number): Promise<PrismProcess> {
  const args = [prismCli(), "mock", options.specPath, "--host", "127.0.0.1", "--port", String(port)];
  args.push("--cors=false", "--multiprocess=false", "--errors=false", "--verboseLevel", options.log ? "info" : "warn");
  if (options.dynamic) args.push("--dynamic", "--json-schema-faker-fillProperties=false");
  // Prism stops when the mock does, even if the mock is killed with SIGKILL. It has a process group
  // of its own, so that Ctrl-C in a terminal reaches the mock alone, which answers what is in
  // flight before it stops Prism.
  const guard = ["--require", join(projectRoot(), "scripts", "exit-with-parent.cjs")];
  const child = spawn(process.execPath, [...guard, ...args], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    for (const line of text.split("\n")) if (line.trim()) options.log?.(line);
    output = (output + text).slice(-4096);
  });
  child.stderr!.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4096)));
  const exited = new Promise<never>((_resolve, reject) =>
    child.once("exit", (code) =>
      reject(
        output.includes("EADDRINUSE")
          ? new PortTaken(`port ${port} was taken`)
          : new Error(`Prism exited with code ${code} before it was ready:\n${output}`),
      ),
    ),
  );
  exited.catch(() => {});
  // Readiness is Prism itself answering on the port: at warn level it prints no "listening" line, and
  // a port that merely accepts connections may belong to whoever took it first.
  const limit = options.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + limit;
  try {
    while (!(await Promise.race([prismAnswers(url), exited]))) {
      if (Date.now() > deadline) throw new Error(`Prism did not start within ${limit} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  child.removeAllListeners("exit");
  let stopping = false;
  return {
    url,
    stop: () => {
      stopping = true;
      return stopChild(child, 3000);
    },
    onCrash: (listener) => child.once("exit", () => stopping || listener(output)),
  };
}

/** Whether Prism (and not some other listener) answers on a URL: its 404 for a path no spec has. */
async function prismAnswers(url: string): Promise<boolean> {
  if (!(await accepts(Number(new URL(url).port)))) return false;
  try {
    const answer = await fetch(`${url}/__prism-readiness`, { signal: AbortSignal.timeout(5000) });
    return (await answer.text()).includes("stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR");
  } catch {
    return false;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}
