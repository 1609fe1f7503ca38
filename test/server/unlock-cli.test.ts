import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { scriptCommandLine } from "../../src/cli/run-script.ts";
import { MAX_CONSECUTIVE_OTP_FAILURES } from "../../src/domain/otp-lockout.ts";
import { openPostgresStore } from "../../src/store/postgres-store.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { MfaStore } from "../../src/store/store.ts";
import { freshPostgresDatabase, postgresAdminUrl } from "../support/postgres-database.ts";
import { useCleanups } from "../support/cleanups.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NOW = Date.now();
/** Alice after 100 wrong codes in a row: locked until an operator unlocks her, at the top of the escalation. */
const HARD_LOCKED = { userId: "alice", count: 0, consecutive: MAX_CONSECUTIVE_OTP_FAILURES, escalation: 10, lastFailureAt: NOW };

const defer = useCleanups();

/** Runs a command line with the given environment, the way an operator's shell would, and returns its output. */
async function run(args: string[], env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: "", ...env },
  });
  return stdout;
}

/** The stores the command must reach, each opened by the test, seeded, and closed before the command runs. */
const stores: Array<{ name: string; skip: boolean; open(): Promise<{ store: () => Promise<MfaStore>; env: Record<string, string> }> }> = [
  {
    name: "SQLite in DATA_DIR",
    skip: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "unlock-"));
      defer(() => rmSync(dir, { recursive: true, force: true }));
      return { store: async () => openSqliteStore(join(dir, "mfa.sqlite")), env: { DATA_DIR: dir } };
    },
  },
  {
    name: "PostgreSQL at DATABASE_URL",
    skip: !postgresAdminUrl,
    async open() {
      const url = await freshPostgresDatabase();
      return { store: () => openPostgresStore({ url, poolSize: 1 }), env: { DATABASE_URL: url } };
    },
  },
];

describe.each(stores)("unlocking a user on $name", ({ skip, open }) => {
  it.skipIf(skip)("lifts the lock-out of 100 wrong codes in a row with npm run unlock, and keeps the escalation", async () => {
    const { store, env } = await open();
    const before = await store();
    await before.setOtpFailures(HARD_LOCKED);
    await before.setOtpFailures({ userId: "bob", count: 3, consecutive: 3, escalation: 0, lastFailureAt: NOW });
    await before.close();

    const stdout = await run([...scriptCommandLine("unlock"), "--sub", "alice"], env);
    expect(stdout).toContain(`Unlocked alice: ${MAX_CONSECUTIVE_OTP_FAILURES} wrong codes in a row`);

    const after = await store();
    defer(() => after.close());
    expect(await after.otpFailures("alice")).toStrictEqual({ ...HARD_LOCKED, consecutive: 0 });
    expect(await after.otpFailures("bob")).toStrictEqual({ userId: "bob", count: 3, consecutive: 3, escalation: 0, lastFailureAt: NOW });
  });
});

// The switchboard's dispatch is checked in test/cli/main.test.ts; this runs it once, end to end.
describe("genauth-mfa unlock", () => {
  it("says so, and succeeds, when the user has nothing to unlock", async () => {
    const { env } = await stores[0]!.open();
    const stdout = await run([join(ROOT, "bin/genauth-mfa.mjs"), "unlock", "--sub", "carol"], env);
    expect(stdout).toContain("carol has no wrong codes on record");
  });
});
