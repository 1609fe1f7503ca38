import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** A throwaway PostgreSQL server, and how to make databases on it. */
export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  urlFor(database: string): string;
  /** The pid of the process that runs the server (runuser's, as root), for measuring its tree. */
  pid: number;
  /** Creates an empty database of a fresh name and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** How to get PostgreSQL, said once wherever its tests are skipped. */
export const POSTGRES_HINT = "PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL tests are skipped.";

/** The directory of PostgreSQL's server binaries (Debian keeps them off PATH), or undefined. */
export function postgresBinDir(): string | undefined {
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return existsSync(join(dir, "initdb")) && existsSync(join(dir, "postgres")) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A port on loopback that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// PostgreSQL refuses to run as root, so as root its programs run as the postgres user that
// Debian's package creates; anyone else runs them as themselves.
function asClusterOwner(dir: string): (command: string, args: string[]) => [string, string[]] {
  if (process.getuid?.() !== 0) return (command, args) => [command, args];
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  chownSync(dir, uid, gid);
  return (command, args) => ["runuser", ["-u", "postgres", "--", command, ...args]];
}

async function waitUntilAccepting(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited with ${server.exitCode}:\n${output()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not accept connections within 30 s: ${(error as Error).message}\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts a PostgreSQL server of its own in a temporary directory, on a free loopback port with
 * trust authentication and no fsync: a test database, never anyone's data. Any cluster that the
 * package's install started is left alone (it has its own port and directory).
 */
export async function startPostgresCluster(binDir: string): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), "genauth-mfa-pg-"));
  chmodSync(dir, 0o700);
  const run = asClusterOwner(dir);
  const data = join(dir, "data");
  const [initdb, initArgs] = run(join(binDir, "initdb"), [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "postgres",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  execFileSync(initdb, initArgs, { stdio: ["ignore", "pipe", "pipe"] });
  const port = await freePort();
  const settings = [
    "listen_addresses=127.0.0.1",
    `port=${port}`,
    `unix_socket_directories=${dir}`,
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
  ];
  const [postgres, args] = run(join(binDir, "postgres"), ["-D", data, ...settings.flatMap((s) => ["-c", s])]);
  // Its own process group, so that stopping it reaches the server however it was launched.
  const server = spawn(postgres, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  // A watchdog outlives this process to stop the cluster if it dies without stopping it (a killed
  // test run), so that no cluster is left holding memory and a port.
  spawn(
    "sh",
    ["-c", `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -QUIT -${server.pid} 2>/dev/null; sleep 5; rm -rf '${dir}'`],
    {
      stdio: "ignore",
      detached: true,
    },
  ).unref();
  let output = "";
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8192));
  server.stdout!.on("data", collect);
  server.stderr!.on("data", collect);
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  try {
    await waitUntilAccepting(urlFor("postgres"), server, () => output);
  } catch (error) {
    server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let databases = 0;
  return {
    urlFor,
    pid: server.pid!,
    async createDatabase() {
      const name = `mfa_${process.pid}_${++databases}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: urlFor("postgres") });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return urlFor(name);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (server.exitCode !== null || server.signalCode !== null) return done();
        server.once("exit", done);
        // SIGQUIT: PostgreSQL's immediate shutdown; nothing here needs to survive.
        process.kill(-server.pid!, "SIGQUIT");
        setTimeout(() => server.exitCode === null && process.kill(-server.pid!, "SIGKILL"), 5000).unref();
      }),
  };
}
