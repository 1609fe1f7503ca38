import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (apt-get install chromium), which the browser tests drive; undefined when absent. */
export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

/**
 * Whether the browser tests run. Locally they skip when Chromium is absent; under CI=true they
 * always run, so that a machine without Chromium fails them instead of passing without them.
 */
export const BROWSER_TESTS = CHROMIUM !== undefined || process.env.CI === "true";

/**
 * Launches headless Chromium with the flags this machine's closed network needs: no background
 * networking, no component updates, no sync, so the only requests are the page's own.
 */
export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error("Chromium is not installed (apt-get install chromium), and under CI=true the browser tests need it");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

if (!BROWSER_TESTS) console.warn("Chromium is not installed (apt-get install chromium): the browser tests are skipped.");
