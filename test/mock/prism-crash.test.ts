import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { spawnService } from "../support/spawn-service.ts";

describe("the mock when Prism dies under it", () => {
  it("stops with exit code 1 and says why, rather than answering 500 for ever", async () => {
    const mock = await spawnService("src/mock/main.ts", { MOCK_PORT: "0" });
    const children = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(mock.process.pid)], { encoding: "utf8" });
    const prism = children.split("\n").find((line) => line.includes("prism-cli"));
    expect(prism).toBeDefined();
    const exited = new Promise<number | null>((resolve) => mock.process.once("exit", resolve));
    process.kill(Number(prism!.trim().split(/\s+/)[0]), "SIGKILL");
    expect(await exited).toBe(1);
    expect(mock.output()).toContain("Prism stopped unexpectedly");
  });
});
