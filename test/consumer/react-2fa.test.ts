import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BROWSER_TESTS, launchChromium } from "../support/browser.ts";
import { decodeQrDataUrl } from "../contract-suite/support/decode-qr.ts";
import { awayFromStepBoundary, totpFor } from "../contract-suite/support/totp-clock.ts";

// examples/react-2fa, built as its README says from the packed client tarball, and walked in
// Chromium against the stateful MSW handlers in the page: the two bindings, an error, and unbinding.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = join(ROOT, "examples/react-2fa");
/** Where the walk's screenshots are kept, as the run's artefacts. */
const ARTEFACTS = join(ROOT, "dist/artefacts/react-2fa");
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "genauth-mfa-react-2fa-"));
const app = join(scratch, "react-2fa");
let server: Server | undefined;
let browser: Browser | undefined;
let url = "";

async function sh(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, { cwd: app, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { message: string; stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

/** Serves the built app's files, as any static host would. */
function serveStatic(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(dir, path === "/" ? "index.html" : path);
    try {
      const body = readFileSync(file.startsWith(dir) ? file : join(dir, "index.html"));
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })),
  );
}

beforeAll(async () => {
  if (!BROWSER_TESTS) return;
  const [clientTarball] = inject("tarballs");
  cpSync(EXAMPLE, app, { recursive: true, filter: (src) => !/\/(node_modules|dist)$|mockServiceWorker\.js$/.test(src) });
  const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
  manifest.dependencies["genauth-mfa-client"] = `file:${clientTarball}`;
  writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
  await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"]);
  await sh("npx", ["msw", "init", "public", "--no-save"]);
  await sh("npx", ["tsc"]);
  await sh("npx", ["vite", "build"]);
  ({ server, url } = await serveStatic(join(app, "dist")));
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
}

const bound = (page: Page) =>
  page.locator("li[data-factor-type]").evaluateAll((items) => items.map((li) => li.getAttribute("data-factor-type")));

describe.runIf(BROWSER_TESTS)("the react-2fa example app, built from the client tarball and driven in Chromium", () => {
  it("binds an authenticator app by its QR code and a phone by the outbox's code, refuses a wrong code, and unbinds both", async () => {
    const page = await browser!.newPage({ viewport: { width: 800, height: 700 } });
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));
    await page.goto(url);

    // A fresh user: nothing bound, every method offered.
    await page.getByText("No second factor yet").waitFor();
    expect(await bound(page)).toEqual([]);
    await shoot(page, "1-fresh-user");

    // The authenticator app: the QR code is read as a phone would read it, and a TOTP computed from it.
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    const qr = page.getByAltText("QR code for your authenticator app");
    const decoded = decodeQrDataUrl((await qr.getAttribute("src"))!);
    expect(decoded.text).toMatch(/^otpauth:\/\/totp\//);
    await awayFromStepBoundary();
    const totp = totpFor(decoded.text!);
    await page.getByLabel("Code from the app").fill(totp === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/statusCode 400/);
    await page.getByLabel("Code from the app").fill(totp);
    await shoot(page, "2-otp-qr-code");
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(() => bound(page)).toEqual(["OTP"]);
    expect(await page.getByRole("button", { name: "Set up authenticator app" }).count()).toBe(0);
    expect(await page.getByRole("alert").count()).toBe(0);

    // The phone number: the code comes from the mock's outbox, as a tester reads it from a phone.
    await page.getByRole("button", { name: "Add a phone number" }).click();
    await page.getByLabel("Phone number", { exact: true }).fill("18812345678");
    await page.getByRole("button", { name: "Send code" }).click();
    const code = page.getByTestId("outbox-code");
    await expect.poll(() => code.textContent()).toMatch(/^\d{4,8}$/);
    await page.getByLabel("Code", { exact: true }).fill((await code.textContent())!);
    await shoot(page, "3-sms-code");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => bound(page)).toEqual(["OTP", "SMS"]);
    await expect.poll(() => page.locator('li[data-factor-type="SMS"]').textContent()).toContain("188****5678");
    await shoot(page, "4-both-bound");

    // Unbinding, within the step-up that binding the app gave this session.
    await page.getByRole("button", { name: "Remove text message" }).click();
    await expect.poll(() => bound(page)).toEqual(["OTP"]);
    await page.getByRole("button", { name: "Remove authenticator app" }).click();
    await expect.poll(() => bound(page)).toEqual([]);
    await page.getByRole("button", { name: "Set up authenticator app" }).waitFor();
    expect(failures).toEqual([]);
    await page.close();
  }, 120_000);
});
