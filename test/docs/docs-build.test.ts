import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../src/contract/operations.ts";
import { spec } from "../../src/contract/spec.ts";
import { BROWSER_TESTS, launchChromium } from "../support/browser.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OUTPUT = join(ROOT, "dist/docs/index.html");
let html = "";
let printed = { stdout: "", stderr: "" };

describe("npm run docs", () => {
  beforeAll(async () => {
    printed = await promisify(execFile)("npm", ["run", "-s", "docs"], { cwd: ROOT });
    html = readFileSync(OUTPUT, "utf8");
  }, 60_000);

  it("says only where it wrote the reference when all goes well", () => {
    expect(printed.stdout).toBe(`Wrote ${OUTPUT}: open it in any browser, no network needed.\n`);
    expect(printed.stderr).toBe("");
  });

  it("writes one self-contained HTML file that loads no script, style, font or image from the network", () => {
    expect(html).toContain("<html");
    expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link[^>]+href=["']?(https?:)?\/\/[^>]*>/i);
    expect(html).not.toMatch(/@import\s+url\(["']?https?:/i);
  });

  it("documents every operation, tag and named example of the contract", () => {
    for (const op of operations) expect(html).toContain(op.operationId);
    for (const name of Object.keys(spec.components.examples)) expect(html).toContain(name);
  });

  it("shows each example's key beside its summary and its provenance mark, and each operation's mark", () => {
    expect(html).toContain("otp: OTP binding started (documented)");
    expect(html).toContain("throttled: Too many requests (invented)");
    expect(html).toContain("**Provenance:** invented here.");
    expect(html).toContain("**Provenance:** documented ([source](https://github.com/GenAuth-Official/genauth-docs/");
  });

  it("keeps Redocly's telemetry off in every script that runs it", () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    for (const script of Object.values(scripts).filter((s) => s.includes("redocly "))) expect(script).toContain("REDOCLY_TELEMETRY=off");
    expect(readFileSync(join(ROOT, "scripts/build-docs.ts"), "utf8")).toContain('REDOCLY_TELEMETRY: "off"');
  });

  it.runIf(BROWSER_TESTS)(
    "renders in a browser with the network cut off, and asks the network for nothing",
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const external: string[] = [];
        await page.route(/^(https?|wss?):/, (route) => {
          external.push(route.request().url());
          return route.abort();
        });
        await page.goto(pathToFileURL(OUTPUT).href);
        await page.getByRole("heading", { name: "Wire conventions" }).waitFor({ timeout: 15_000 });
        await page.getByText("MFA enrollment", { exact: true }).first().click();
        await page.getByText("Initiate a request to bind an MFA factor").first().click();
        await page.getByRole("heading", { name: "Initiate a request to bind an MFA factor" }).waitFor({ timeout: 15_000 });
        await page.getByText("GenAuth's iOS Guard sends exactly this, with no profile.").waitFor({ timeout: 15_000 });
        expect(await page.title()).toContain("GenAuth MFA enrollment API");
        await page.screenshot({ path: join(ROOT, "dist/docs/screenshot.png") });
        expect(external).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
