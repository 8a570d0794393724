/**
 * Debian's chromium for the browser tests (playwright-core never downloads a browser here), with
 * the flags this sandboxed, offline machine needs: without the background-networking flags
 * chromium keeps trying to reach Google's hosts.
 */
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

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
