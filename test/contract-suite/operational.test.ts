import { describe, expect } from "vitest";
import { HEALTHY, OPERATIONAL_PATHS } from "../../src/http/operational-paths.ts";
import { contractCase } from "./basis.ts";
import { target } from "./target.ts";

// Our addition, not GenAuth's: the probe orchestrators call on a process, so neither in-process
// handlers nor a real deployment are asked for it. It is not an undeclared path, so the
// undeclared-path cases never use it.
describe(`the ${target.name}'s liveness probe (not part of GenAuth's contract)`, () => {
  contractCase("answers GET /healthz with HTTP 200 and no access token", { ours: "the liveness probe", needs: ["socket"] }, async () => {
    const response = await fetch(`${target.baseUrl}${OPERATIONAL_PATHS.health}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual(HEALTHY);
  });
});
