import type { TestProject } from "vitest/node";
import { POSTGRES_HINT, postgresBinDir, startPostgresCluster } from "./postgres-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The throwaway cluster's admin URL, or undefined when PostgreSQL is not installed. */
    postgresAdminUrl: string | undefined;
  }
}

/**
 * Starts one throwaway PostgreSQL cluster for the run. Without PostgreSQL the tests that need it
 * skip, with one line saying how to get it; under CI=true a missing PostgreSQL fails the run.
 */
export default async function setup(project: TestProject) {
  const binDir = postgresBinDir();
  if (!binDir) {
    if (process.env.CI === "true") throw new Error(`CI=true and ${POSTGRES_HINT.replace("are skipped", "cannot run")}`);
    console.warn(POSTGRES_HINT);
    project.provide("postgresAdminUrl", undefined);
    return;
  }
  const cluster = await startPostgresCluster(binDir);
  project.provide("postgresAdminUrl", cluster.urlFor("postgres"));
  return () => cluster.stop();
}
