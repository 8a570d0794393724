/**
 * Debian's chromium for the browser tests (playwright-core never downloads a browser here), with
 * the flags this sandboxed, offline machine needs: without the background-networking flags
 * chromium keeps trying to reach Google's hosts.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { missing } from "../setup/requirements";
import { QUICK_EXIT_SCRIPT_PATH } from "~/components/quick-exit-script";

export const CHROMIUM = "/usr/bin/chromium";
/** True when browser tests are skipped here (never in CI, where a missing Chromium fails the run). */
export const NO_CHROMIUM = missing("Chromium", existsSync(CHROMIUM), "apt-get install -y chromium");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** WCAG 2.2 A and AA, as axe tags them. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];

/**
 * Starts the browser. Under scripts/test-time-travel.sh the tests run with libfaketime preloaded,
 * and Chromium hangs with it: the browser keeps the real clock (it only renders what the server,
 * on the moved clock, sends).
 */
export function launchChromium(): Promise<Browser> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== "LD_PRELOAD" && !name.startsWith("FAKETIME")) env[name] = value;
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env });
}

/** Every script but the quick exit's, the one a page that does not hydrate carries (decision 028). */
export const SCRIPTS_BUT_QUICK_EXIT = `script:not([src="${QUICK_EXIT_SCRIPT_PATH}"])`;
