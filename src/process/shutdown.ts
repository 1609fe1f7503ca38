import type { ChildProcess } from "node:child_process";

// How the product's processes stop: the mock, the reference server and npm start's launcher each
// stop once, on the first SIGINT or SIGTERM, and exit. Supervisors (systemd, Docker, Kubernetes, an
// IDE's stop button) give a stop 10 s before they kill, so every deadline here falls within that.

/** A process's graceful stop, begun once. */
export class Shutdown {
  readonly #deadlineMs: number | undefined;
  #stop: (() => Promise<unknown>) | undefined;
  #stopping = false;

  /** `deadlineMs`: how long the stop may take before the process exits with 1 anyway; none by default. */
  constructor(options: { deadlineMs?: number } = {}) {
    this.#deadlineMs = options.deadlineMs;
  }

  /** Whether the stop has begun: a server answers its readiness probe as draining from then on. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** From now on, SIGINT and SIGTERM begin the stop, which runs `stop`. A second signal changes nothing. */
  onSignals(stop: () => Promise<unknown>): void {
    this.#stop = stop;
    process.on("SIGINT", () => this.begin());
    process.on("SIGTERM", () => this.begin());
  }

  /**
   * Begins the stop, as a signal does: runs `stop` once, then exits with `code`, or with 1 when `stop`
   * fails or the deadline passes first.
   */
  begin(code = 0): void {
    if (this.#stopping) return;
    this.#stopping = true;
    if (this.#deadlineMs !== undefined) setTimeout(() => process.exit(1), this.#deadlineMs).unref();
    (this.#stop ?? (async () => undefined))().then(
      () => process.exit(code),
      (error: Error) => {
        console.error(`Shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  }
}

/** Stops a child process: SIGTERM, then SIGKILL if it has not exited after `killAfterMs`. Resolves once it has exited. */
export function stopChild(child: ChildProcess, killAfterMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
