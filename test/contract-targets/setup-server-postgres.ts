import type { TestProject } from "vitest/node";
import { POSTGRES_HINT, postgresBinDir, startPostgresCluster } from "../support/postgres-cluster.ts";
import { startServerTarget } from "./setup-server.ts";

/** The reference server on PostgreSQL: a throwaway cluster, one database, DATABASE_URL pointing at it. */
export default async function setup(project: TestProject) {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error(POSTGRES_HINT.replace("are skipped", "cannot run"));
  const cluster = await startPostgresCluster(binDir);
  try {
    const stopServer = await startServerTarget(project, { DATABASE_URL: await cluster.createDatabase() });
    return async () => {
      await stopServer();
      await cluster.stop();
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
