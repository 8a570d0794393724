/**
 * Journey: a migrant subscribes by text message, on the dev phone (/dev/phone, the local
 * transport and the dispatch-outbox job as `npm start` runs them): JOIN → language → (country) →
 * region → (where are you now) → confirmation, then HELP and STOP, reading each reply as it
 * arrives (the page refreshes itself while one is pending). The test answers each menu the way a
 * person would, by reading it: the option whose label is their language, their country, where
 * they are.
 *
 * What is sensible (app/messaging/conversation/steps.server.ts, menus.ts): a number from Russia is
 * offered Russian first and, being from outside the programme's countries, is asked where the
 * person is from and where they are now; a Turkish number is offered Dari first and the same; an
 * Iraqi number is offered Arabic first and asked neither (home is where the number is from), so
 * its first HELP asks where the person is now. The confirmation and the HELP answer carry a hotline
 * of the country where the person is.
 *
 * On a phone-sized screen the person taps a preset number; on a desktop they type a number of
 * the same country (a fresh one, so each run starts a new conversation).
 */
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { endonym, type Locale } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { createLogger } from "~/lib/logger.server";
import { smsCountryName } from "~/messaging/conversation/menus";
import { createTransport } from "~/messaging/transports/transports.server";
import { findJob } from "../../../jobs/job-table";
import { registerJobs, type JobsHandle } from "../../../jobs/scheduler";
import { startTestServer, type TestServer } from "../../setup/test-server";
import { launchChromium, NO_CHROMIUM } from "../chromium";
import { screenshot, VIEWPORTS } from "./journey-kit";

type Menu = "language" | "country" | "region" | "place" | "confirmation";

const MIGRANTS = [
  {
    locale: "ru",
    home: "KG",
    here: "RU",
    preset: "+7 900 000 01 08",
    typed: "+79000000208",
    menus: ["language", "country", "region", "place", "confirmation"],
    helpAsksPlace: false,
  },
  {
    locale: "fa-AF",
    home: "AF",
    here: "TR",
    preset: "+90 530 000 01 09",
    typed: "+905300000209",
    menus: ["language", "country", "region", "place", "confirmation"],
    helpAsksPlace: false,
  },
  {
    locale: "ar",
    home: "IQ",
    here: "IQ",
    preset: "+964 770 000 0107",
    typed: "+9647700000207",
    menus: ["language", "region", "confirmation"],
    helpAsksPlace: true,
  },
] as const satisfies ReadonlyArray<{
  locale: Locale;
  home: string;
  here: string;
  preset: string;
  typed: string;
  menus: readonly Menu[];
  helpAsksPlace: boolean;
}>;

/** "Вы подписаны. Помощь ({region}): {hotline}" → "Вы подписаны. Помощь (": what every confirmation starts with. */
const templateStart = (template: string) => template.slice(0, template.indexOf("{"));
const digitsOf = (text: string) => text.replace(/[^\d+]/g, "");

describe.skipIf(NO_CHROMIUM)("journey: a migrant subscribes on the dev phone", () => {
  let server: TestServer;
  let dispatcher: JobsHandle;
  let browser: Browser;
  const phonesIn = new Map<string, string[]>();

  beforeAll(async () => {
    server = await startTestServer({ env: { OUTBOX_DISPATCH_INTERVAL_MS: "300" } });
    const logger = createLogger({ level: "silent" });
    const keyring = phoneKeyringFromEnv(server.env);
    const transport = createTransport(server.env, { db: server.db, keyring, logger });
    dispatcher = registerJobs({
      db: server.db,
      dbKind: "pglite",
      env: server.env,
      logger,
      transport,
      keyring,
      content: server.content,
      table: [findJob("dispatch-outbox")!],
    });
    for (const { locale, here } of MIGRANTS) {
      const lines = await server.content.hotlines(locale);
      phonesIn.set(
        here,
        lines
          .filter((line) => line.country === here)
          .flatMap((line) => [line.phone, line.sms, line.whatsapp].filter((n): n is string => !!n)),
      );
    }
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await dispatcher?.stop();
    await server?.close();
  });

  describe.each(VIEWPORTS)("at $width×$height", (viewport) => {
    // Concurrent: each conversation waits on the page's two-second refresh far more than it computes.
    it.concurrent.each(MIGRANTS)(
      "JOIN, HELP and STOP in $locale from a $here number",
      async (migrant) => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        const texts = DEFAULT_SMS_REPLIES[migrant.locale];
        try {
          expect((await page.goto(`${server.url}/dev/phone`))?.status()).toBe(200);
          if (viewport.name === "phone") {
            await page.getByRole("link", { name: migrant.preset }).click();
          } else {
            await page.getByLabel("Or type any number").fill(migrant.typed);
            await page.getByRole("button", { name: "Open" }).click();
          }
          await page.waitForURL((url) => url.searchParams.has("number"));

          const seen: Menu[] = [];
          let replies = await send(page, "JOIN");
          for (let step = 0; step < 8; step += 1) {
            const text = replies.join("\n");
            if (text.includes(templateStart(texts.confirmation))) {
              seen.push("confirmation");
              break;
            }
            if (seen.length === 0) {
              // The language menu: the person's language is offered first for this number.
              expect(option(text, endonym(migrant.locale)), text).toBe("1");
              seen.push("language");
              replies = await send(page, "1");
            } else if (text.includes(texts.countryMenuHeader)) {
              seen.push("country");
              replies = await send(page, option(text, smsCountryName(migrant.home, migrant.locale)));
            } else if (text.includes(texts.regionMenuHeader)) {
              seen.push("region");
              replies = await send(page, "1");
            } else if (text.includes(texts.placeMenuHeader)) {
              seen.push("place");
              replies = await send(page, option(text, smsCountryName(migrant.here, migrant.locale)));
            } else {
              throw new Error(
                `unexpected reply after ${seen.join(" → ")}: ${JSON.stringify(text)} thread ${JSON.stringify(await page.locator(".dev-bubble-body").allTextContents())}`,
              );
            }
          }
          expect(seen).toEqual(migrant.menus);
          const hotlines = phonesIn.get(migrant.here)!;
          expect(
            hotlines.some((number) => digitsOf(replies.join("\n")).includes(number)),
            replies.join("\n"),
          ).toBe(true);

          // HELP from someone whose current place is not known yet (the Iraqi number was never asked)
          // asks "Where are you now?" first, then answers for that place.
          let help = (await send(page, "HELP")).join("\n");
          if (migrant.helpAsksPlace) {
            expect(help).toContain(texts.placeMenuHeader);
            help = (await send(page, option(help, smsCountryName(migrant.here, migrant.locale)))).join("\n");
          }
          // The answer is the place's hotlines (its header is dropped when it would cost an SMS segment).
          expect(help).not.toContain(texts.placeMenuHeader);
          expect(
            hotlines.some((number) => digitsOf(help).includes(number)),
            help,
          ).toBe(true);

          const stop = (await send(page, "STOP")).join("\n");
          expect(stop).toContain(texts.stopConfirmation);
          await page.locator(".dev-bubble").last().scrollIntoViewIfNeeded();
          await screenshot(page, `dev-phone-${migrant.locale}`);
        } finally {
          await context.close();
        }
      },
      120_000,
    );
  });
});

/** The number of the menu line whose label is `label` ("3 Кыргызстан" → "3"). */
function option(menu: string, label: string): string {
  for (const line of menu.split("\n")) {
    const match = /^(\d+) (.+)$/.exec(line.trim());
    if (match && match[2] === label) return match[1]!;
  }
  throw new Error(`no option "${label}" in: ${menu}`);
}

/**
 * Types and sends a message, then waits while the page refreshes itself (meta refresh) until
 * the replies have arrived; returns the new ones (the thread reads oldest first).
 */
async function send(page: Page, body: string): Promise<string[]> {
  const replies = page.locator(".dev-bubble-outbound .dev-bubble-body");
  const before = await replies.count();
  await page.getByLabel("Message").fill(body);
  await page.getByRole("button", { name: "Send" }).click();
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await page.waitForLoadState();
      const count = await replies.count();
      if (count > before && (await page.locator("[data-waiting]").count()) === 0) {
        return (await replies.allTextContents()).slice(before);
      }
    } catch {
      // The page was refreshing under us: look again.
    }
    if (Date.now() > deadline) throw new Error(`no reply to ${body}`);
    await page.waitForTimeout(200);
  }
}
