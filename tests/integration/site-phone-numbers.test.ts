/**
 * Phone numbers on the public pages, over HTTP with the sample dataset: every hotline number and
 * the SMS number shown in international format (formatted by the loader with libphonenumber, or
 * grouped by us when it reaches nobody), inside the `tel` isolate that keeps it left-to-right in
 * right-to-left pages, while links keep the E.164 form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayPhoneNumber } from "~/audience/phone-number";
import { createContentSource } from "~/content/content-source.server";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import { SAMPLE_DATASET_DIR } from "../mocks/sanity";
import { startTestServer, type TestServer } from "../setup/test-server";
import { get } from "./site-helpers";

const content = createContentSource({
  env: parseEnv({ NODE_ENV: "test", CONTENT_DATASET_DIR: SAMPLE_DATASET_DIR }),
  logger: createLogger({ level: "silent" }),
});

/** The text of every `<span class="tel">` of a page. */
function telSpans(html: string): string[] {
  return [...html.matchAll(/<span class="tel">([^<]*)<\/span>/g)].map((match) => match[1]!);
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("phone numbers on public pages", () => {
  it.each(["en", "ru", "fa-AF", "ar"] as const)(
    "/%s/hotlines shows every number in international format, left-to-right",
    async (locale) => {
      const hotlines = await content.hotlines(locale);
      const numbers = hotlines.flatMap((hotline) =>
        [hotline.phone, hotline.sms, hotline.whatsapp, hotline.telegram].filter((n): n is string => Boolean(n)),
      );
      expect(numbers.length).toBeGreaterThan(0);
      const page = await get(`${server.url}/${locale}/hotlines`);
      expect(page.status).toBe(200);
      const shown = telSpans(page.html);
      // A hotline serving several regions is listed under each.
      expect(new Set(shown)).toEqual(new Set(numbers.map(displayPhoneNumber)));
      // Links keep the E.164 form, whatever is shown.
      for (const hotline of hotlines) {
        if (hotline.phone) expect(page.html).toContain(`href="tel:${hotline.phone}"`);
        if (hotline.sms) expect(page.html).toContain(`href="sms:${hotline.sms}"`);
        // WhatsApp through the counted redirect, which answers with wa.me/<E.164 digits> (reach-site-capture.test.ts).
        if (hotline.whatsapp) expect(page.html).toContain(`href="/go/hotline/${hotline._id}/whatsapp?lang=${locale}"`);
      }
    },
  );

  it("formats the sample numbers readably: the country's grouping when valid, threes when unassigned", async () => {
    const page = await get(`${server.url}/en/hotlines`);
    const shown = telSpans(page.html);
    expect(shown).toContain("+996 000 000 101"); // no such Kyrgyz range: grouped in threes
    expect(shown).toContain("+7 000 000 0401"); // an unassigned +7 range
    expect(shown).toContain("+992 00 000 0201"); // Tajik mobile ranges start with 00: formatted as one
    expect(shown.every((number) => /^\+\d{1,3} \d/.test(number))).toBe(true);
  });

  it("shows the campaign's SMS number in the subscribe call to action", async () => {
    const settings = await content.siteSettings("ky");
    expect(settings?.smsNumber).toBeTruthy();
    const page = await get(`${server.url}/ky/know-before-you-go`);
    expect(page.status).toBe(200);
    expect(telSpans(page.html)).toContain(displayPhoneNumber(settings!.smsNumber!));
    expect(page.html).toContain(`href="sms:${settings!.smsNumber}?body=`);
  });
});
