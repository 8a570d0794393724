/**
 * The "Copy link" button of the share links is an enhancement for pages that hydrate (a
 * volunteer's page): the server's HTML has only the labelled read-only field; once React has
 * hydrated, the button appears and copies the address with the clipboard API. No page of the
 * site hydrates the component yet, so the test bundles it (esbuild, which Remix's compiler
 * brings) into a page served on a secure origin, as a hydrating route would.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShareLinks, type ShareLinksProps } from "~/components/share-links";
import { uiStrings } from "~/i18n/ui-strings";
import { launchChromium, NO_CHROMIUM } from "./chromium";

const ORIGIN = "https://share.test";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PROPS: ShareLinksProps = {
  url: "https://protect.example.org/r/Zq8kT3xw/know-before-you-go",
  text: "مخکې له تګه پوه شه",
  title: "مخکې له تګه پوه شه",
  locale: "ps",
};

async function clientBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { createElement } from "react";
import { hydrateRoot } from "react-dom/client";
import { ShareLinks } from "~/components/share-links";
hydrateRoot(document.getElementById("root"), createElement(ShareLinks, JSON.parse(document.getElementById("props").textContent)));`,
      resolveDir: ROOT,
      loader: "tsx",
    },
    bundle: true,
    write: false,
    format: "iife",
    jsx: "automatic",
    alias: { "~": `${ROOT}app` },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

function page(script: string | null): string {
  const html = renderToString(createElement(ShareLinks, PROPS));
  const props = JSON.stringify(PROPS).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="ps" dir="rtl"><head><meta charset="utf-8"><title>t</title></head><body><main><div id="root">${html}</div>
<script type="application/json" id="props">${props}</script>${script === null ? "" : `<script>${script}</script>`}</main></body></html>`;
}

describe.skipIf(NO_CHROMIUM)("the copy-link button", () => {
  let browser: Browser;
  let context: BrowserContext;
  let script: string;

  beforeAll(async () => {
    script = await clientBundle();
    browser = await launchChromium();
    context = await browser.newContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ORIGIN });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("is absent without JavaScript: the read-only field is there to select and copy", async () => {
    const tab = await context.newPage();
    await context.route(`${ORIGIN}/static`, (route) => route.fulfill({ contentType: "text/html", body: page(null) }));
    await tab.goto(`${ORIGIN}/static`);
    expect(await tab.locator("button").count()).toBe(0);
    expect(await tab.getByLabel(uiStrings("ps").shareLinkLabel).inputValue()).toBe(PROPS.url);
    await tab.close();
  });

  it("appears after hydration and copies the address", async () => {
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    await context.route(`${ORIGIN}/hydrated`, (route) => route.fulfill({ contentType: "text/html", body: page(script) }));
    await tab.goto(`${ORIGIN}/hydrated`);
    const button = tab.getByRole("button", { name: uiStrings("ps").copyLink });
    await button.click();
    await expect.poll(() => tab.getByRole("status").innerText()).toBe(uiStrings("ps").linkCopied);
    expect(await tab.evaluate(() => navigator.clipboard.readText())).toBe(PROPS.url);
    expect(errors).toEqual([]);
    await tab.close();
  });
});
