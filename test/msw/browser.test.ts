import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_TESTS, launchChromium } from "../support/browser.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WORKER = join(dirname(createRequire(import.meta.url).resolve("msw/package.json")), "lib", "mockServiceWorker.js");

// A page registers MSW's service worker with the GenAuth handlers, then calls GenAuth's host with
// the typed client. The host does not exist: every answer comes from the worker, in Chromium.
const PAGE_SCRIPT = `
import { setupWorker } from "msw/browser";
import { createGenAuthHandlers } from ${JSON.stringify(join(ROOT, "src/msw/index.ts"))};
import { createClient } from ${JSON.stringify(join(ROOT, "src/client/index.ts"))};
const baseUrl = "https://your-app.genauth.ai";
const genauth = createGenAuthHandlers({ baseUrl });
await setupWorker(...genauth.handlers).start({ quiet: true, onUnhandledRequest: "error", serviceWorker: { url: "/mockServiceWorker.js" } });
const client = (accessToken, headers) => createClient({ baseUrl, accessToken, headers });
const otp = await client("t").sendEnrollFactorRequest({ factorType: "OTP" });
const sms = await client("t").sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber: "18812345678" } });
const badInput = await client("t").sendEnrollFactorRequest({ factorType: "SMS", profile: {} });
const noToken = await client(undefined).listEnrolledFactors();
const preferred = await client("t", { Prefer: "example=throttled" }).sendEnrollFactorRequest({ factorType: "OTP" });
const inToken = await client("scenario=throttled").sendEnrollFactorRequest({ factorType: "OTP" });
const chinese = await client(undefined, { "x-authing-lang": "zh-CN" }).listEnrolledFactors();
genauth.setScenario("flaky", { networkFailures: 1 });
const failed = await client("flaky").listEnrolledFactors();
const retried = await client("flaky").listEnrolledFactors();
window.results = {
  otp: otp.data?.otpData?.qrCodeUri, sms: sms.data?.enrollmentToken, badInput: badInput.error, noToken: noToken.error?.statusCode,
  preferred: preferred.error?.statusCode, inToken: inToken.error?.statusCode,
  chinese: chinese.error?.message, failed: failed.error?.statusCode, retried: retried.envelope?.statusCode,
};
`;

describe.runIf(BROWSER_TESTS)("the MSW handlers in a real browser, through the service worker", () => {
  let server: Server;
  let url = "";

  beforeAll(async () => {
    const bundle = await build({ stdin: { contents: PAGE_SCRIPT, resolveDir: ROOT, loader: "js" }, bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent" });
    const files: Record<string, [string, string]> = {
      "/": ["text/html", '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>'],
      "/page.js": ["text/javascript", bundle.outputFiles[0]!.text],
      "/mockServiceWorker.js": ["text/javascript", readFileSync(WORKER, "utf8")],
    };
    server = createServer((req, res) => {
      const file = files[req.url ?? "/"];
      if (!file) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": file[0] }).end(file[1]);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  }, 60_000);
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("answers the client's calls to GenAuth's host as the mock does, with no server behind it", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(url);
      const handle = await page.waitForFunction(() => (window as unknown as { results?: unknown }).results, undefined, { timeout: 30_000 }).catch(() => undefined);
      expect(errors).toEqual([]);
      const results = (await handle?.jsonValue()) as Record<string, unknown>;
      expect(results).toMatchObject({
        otp: expect.stringMatching(/^otpauth:\/\/totp\//),
        sms: expect.any(String),
        badInput: { statusCode: 400, message: expect.stringContaining("phoneNumber") },
        noToken: 401,
        preferred: 429,
        inToken: 429,
        chinese: expect.stringMatching(/[\u4e00-\u9fff]/),
        failed: 499,
        retried: 200,
      });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
