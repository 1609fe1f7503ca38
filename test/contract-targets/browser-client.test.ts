import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_TESTS, launchChromium } from "../support/browser.ts";
import { target } from "../contract-suite/target.ts";

const CLIENT = fileURLToPath(new URL("../../src/client/index.ts", import.meta.url));

// The typed client, bundled for the browser (esbuild fails on any Node-only import), running in
// real Chromium on a page from another origin: the target must answer the preflight and the call.
describe.runIf(BROWSER_TESTS && target.name !== "remote")(`the client in a browser against the ${target.name}`, () => {
  let page: Server;
  let pageUrl = "";

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [CLIENT],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    const script = bundle.outputFiles[0]!.text;
    const html = `<!doctype html><title>MFA</title><script type="module">
      import { createClient } from "/client.js";
      const client = createClient({ baseUrl: ${JSON.stringify(target.baseUrl)}, accessToken: ${JSON.stringify(target.accessToken)} });
      const ok = await client.sendEnrollFactorRequest({ factorType: "OTP" });
      const bad = await client.sendEnrollFactorRequest({ factorType: "SMS", profile: {} });
      window.outcome = { uri: ok.data?.otpData?.qrCodeUri, badStatus: bad.error?.statusCode, badMessage: bad.error?.message };
    </script>`;
    page = createServer((req, res) => {
      const js = req.url === "/client.js";
      res.writeHead(200, { "content-type": js ? "text/javascript" : "text/html" }).end(js ? script : html);
    });
    await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
    pageUrl = `http://localhost:${(page.address() as { port: number }).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => page.close(() => resolve())));

  it("binds OTP and reads a GenAuth error from a page on another origin", async () => {
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(pageUrl);
      const outcome = await tab.waitForFunction(() => (window as unknown as { outcome?: unknown }).outcome, undefined, { timeout: 15_000 });
      const value = (await outcome.jsonValue()) as { uri?: string; badStatus?: number; badMessage?: string };
      expect(value.uri).toMatch(/^otpauth:\/\/totp\//);
      expect(value.badStatus).toBe(400);
      expect(value.badMessage).toContain("profile.phoneNumber");
    } finally {
      await browser.close();
    }
  }, 60_000);
});
