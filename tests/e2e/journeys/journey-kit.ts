/**
 * What the journey tests share: the two screen sizes every journey runs at, and where their
 * screenshots go (tests/e2e/out/, git-ignored) so a reviewer can look at them after a run.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

export const VIEWPORTS = [
  { name: "phone", width: 360, height: 640 },
  { name: "desktop", width: 1280, height: 800 },
] as const;
export type Viewport = (typeof VIEWPORTS)[number];

export const SCREENSHOT_DIR = fileURLToPath(new URL("../out/", import.meta.url));

/** Saves `tests/e2e/out/<name>-<width>.png` (the directory is made on first use). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}-${width}.png`, fullPage: false });
}
