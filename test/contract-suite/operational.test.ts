import { describe, expect, it } from "vitest";
import { HEALTHY, OPERATIONAL_PATHS } from "../../src/http/operational-paths.ts";
import { target } from "./target.ts";

// Our addition, not GenAuth's: the probe orchestrators call. It is not an undeclared path, so the
// undeclared-path cases never use it, and a real deployment is not asked for it.
describe.runIf(target.name !== "remote")(`the ${target.name}'s liveness probe (not part of GenAuth's contract)`, () => {
  it("answers GET /healthz with HTTP 200 and no access token", async () => {
    const response = await fetch(`${target.baseUrl}${OPERATIONAL_PATHS.health}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual(HEALTHY);
  });
});
