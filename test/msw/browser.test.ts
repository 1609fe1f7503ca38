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
import { Secret, TOTP } from "otpauth";
const baseUrl = "https://your-app.genauth.ai";
const genauth = createGenAuthHandlers({ baseUrl });
const statefulUrl = "https://stateful.genauth.ai";
const stateful = createGenAuthHandlers({ baseUrl: statefulUrl, stateful: true });
await setupWorker(...genauth.handlers, ...stateful.handlers).start({
  quiet: true, onUnhandledRequest: "error", serviceWorker: { url: "/mockServiceWorker.js" },
});
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
// The stateful handlers, on the browser's WebCrypto and the in-memory store.
const alice = createClient({ baseUrl: statefulUrl, accessToken: "alice" });
await alice.sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber: "18812345678" } });
const smsToken = (await alice.sendEnrollFactorRequest({ factorType: "EMAIL", profile: { email: "alice@example.com" } }))
  .data.enrollmentToken;
const emailCode = (await (await fetch(statefulUrl + "/dev/outbox?to=alice@example.com")).json()).data[0].code;
const boundEmail = await alice.enrollFactor({ factorType: "EMAIL", enrollmentToken: smsToken, enrollmentData: { passCode: emailCode } });
const started = (await alice.sendEnrollFactorRequest({ factorType: "OTP" })).data;
const secret = new URL(started.otpData.qrCodeUri).searchParams.get("secret");
const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate();
const boundOtp = await alice.enrollFactor({
  factorType: "OTP", enrollmentToken: started.enrollmentToken, enrollmentData: { passCode: totp },
});
const listed = (await alice.listEnrolledFactors()).data.map((f) => f.factorType);
window.results = {
  stateful: {
    boundEmail: boundEmail.error ?? "bound", boundOtp: boundOtp.error ?? "bound", listed,
    smsCodes: stateful.outbox("+8618812345678").length, qr: started.otpData.qrCodeDataUrl.slice(0, 22),
  },
  otp: otp.data?.otpData?.qrCodeUri, sms: sms.data?.enrollmentToken, badInput: badInput.error, noToken: noToken.error?.statusCode,
  preferred: preferred.error?.statusCode, inToken: inToken.error?.statusCode,
  chinese: chinese.error?.message, failed: failed.error?.statusCode, retried: retried.envelope?.statusCode,
};
`;

describe.runIf(BROWSER_TESTS)("the MSW handlers in a real browser, through the service worker", () => {
  let server: Server;
  let url = "";

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: ROOT, loader: "js" },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
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
      const handle = await page
        .waitForFunction(() => (window as unknown as { results?: unknown }).results, undefined, { timeout: 30_000 })
        .catch(() => undefined);
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
        stateful: { boundEmail: "bound", boundOtp: "bound", listed: ["EMAIL", "OTP"], smsCodes: 1, qr: "data:image/png;base64," },
      });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
