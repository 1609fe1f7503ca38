import { describe, expect, it } from "vitest";
import { prettyLine, prettyStream } from "../../src/server/log-format.ts";
import { buildTestApp, send } from "../support/test-app.ts";

describe("the pretty log format", () => {
  it("writes each request of a running server as readable lines, not JSON", async () => {
    let written = "";
    const t = await buildTestApp({ logger: { level: "info", stream: prettyStream({ write: (text: string) => (written += text) }) } });
    try {
      await send(t.app, "GET", "/api/v3/list-factors-to-enroll", await t.tokenFor("pretty-user"));
    } finally {
      await t.app.close();
    }
    const lines = written.trimEnd().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}answered GET \/api\/v3\/list-factors-to-enroll \d+ ms \([0-9a-f-]{36}\)$/),
    ]);
  });

  it("keeps an error's message and its stack, indented under the line", () => {
    const line = prettyLine(
      JSON.stringify({ level: 50, time: 0, msg: "internal fault", reqId: "r-1", err: { message: "boom", stack: "Error: boom\n    at x" } }),
    );
    expect(line).toBe("00:00:00.000 ERROR internal fault (r-1)\n    Error: boom\n        at x");
  });

  it("passes a line that is not JSON on as it came", () => {
    expect(prettyLine("not json\n")).toBe("not json");
  });
});
