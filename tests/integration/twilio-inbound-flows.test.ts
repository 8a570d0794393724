/**
 * The subscribe conversation and HELP over the real webhook: JOIN → language → region →
 * confirmation for a Kyrgyz, an Afghan and an Iraqi number, with the texts in the chosen
 * language and the region's hotline in the confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { smsSegments } from "~/messaging/sms-segments";
import { MAX_MENU_SEGMENTS } from "~/messaging/conversation/menus";
import { DATABASE_KINDS } from "../setup/test-database";
import { HOTLINES } from "./twilio-inbound-dataset";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";

const { ky, ru, en, ar, ckb } = DEFAULT_SMS_REPLIES;
const dari = DEFAULT_SMS_REPLIES["fa-AF"];

/** The number a menu line gives an option ("12 کابل" → 12), or null when not on this page. */
function menuNumber(menu: string, name: string): number | null {
  for (const line of menu.split("\n")) {
    const match = /^(\d+) (.+)$/.exec(line);
    if (match && match[2] === name) return Number(match[1]);
  }
  return null;
}

describe.each(DATABASE_KINDS)("inbound conversations (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind);
  });
  afterAll(() => server?.close());

  /** Sends and returns the one new reply it caused. */
  async function exchange(from: string, body: string): Promise<string> {
    const before = (await server.repliesTo(from)).length;
    await sendOk(server, from, body);
    const replies = await server.repliesTo(from);
    expect(replies.length, `one reply to "${body}"`).toBe(before + 1);
    return replies.at(-1)!;
  }

  /** Answers a (possibly paginated) menu with the option's number, paging with 0 as needed. */
  async function choose(from: string, menu: string, name: string): Promise<string> {
    let page = menu;
    for (let pages = 0; pages < 6; pages += 1) {
      const number = menuNumber(page, name);
      if (number !== null) return exchange(from, String(number));
      page = await exchange(from, "0");
    }
    throw new Error(`"${name}" is on no page of the menu`);
  }

  it("Kyrgyz number: language menu (ky, ru, en), region menu in Kyrgyz, confirmation with the Osh hotline", async () => {
    const from = freshNumber("+996", "55");
    const languages = await exchange(from, "JOIN");
    expect(languages).toContain(ky.languageMenuHeader);
    expect(languages).toContain("1 Кыргызча\n2 Русский\n3 English");
    expect(languages.endsWith(ky.stopHint)).toBe(true);

    const regions = await exchange(from, "1");
    expect(regions.startsWith(ky.regionMenuHeader)).toBe(true);
    expect(regions).toContain("Ош облусу");
    expect(regions).not.toContain("Ошская область");
    expect(regions.endsWith(ky.stopHint)).toBe(true);

    const confirmation = await choose(from, regions, "Ош облусу");
    expect(confirmation).toContain("Сиз жазылдыңыз");
    expect(confirmation).toContain(HOTLINES.kgOsh);
    expect(confirmation).toContain("Ош облусу");
    expect(confirmation.endsWith(ky.stopHint)).toBe(true);

    const subscriber = await server.subscriberOf(from);
    expect(subscriber).toMatchObject({ status: "active", locale: "ky", country: "KG", regionCode: "KG-O", conversation: null });
    expect(subscriber?.consentAt).toBeInstanceOf(Date);

    // HELP with a region: that region's hotline first, in Kyrgyz, in one SMS segment.
    const help = await exchange(from, "HELP");
    expect(help).toContain(HOTLINES.kgOsh);
    expect(help.endsWith(ky.stopHint)).toBe(true);
    expect(smsSegments(help).segments).toBe(1);
  });

  it("Kyrgyz number choosing Russian gets the region menu and confirmation in Russian", async () => {
    const from = freshNumber("+996", "70");
    await exchange(from, "START");
    const regions = await exchange(from, "2");
    expect(regions.startsWith(ru.regionMenuHeader)).toBe(true);
    const confirmation = await choose(from, regions, "Чуйская область");
    expect(confirmation).toContain("Вы подписаны");
    // No hotline serves Chüy in particular: the nationwide one.
    expect(confirmation).toContain(HOTLINES.kgNational);
    expect((await server.subscriberOf(from))?.locale).toBe("ru");
  });

  it("Afghan number: Dari and Pashto menu, 34 provinces in pages of at most three segments, Kabul hotline", async () => {
    const from = freshNumber("+93", "70");
    const languages = await exchange(from, "JOIN");
    expect(languages).toContain("1 دری\n2 پښتو\n3 English");

    const firstPage = await exchange(from, "1");
    expect(firstPage.startsWith(dari.regionMenuHeader)).toBe(true);
    expect(firstPage).toContain(dari.moreOption);
    expect(smsSegments(firstPage).segments).toBeLessThanOrEqual(MAX_MENU_SEGMENTS);

    // Page through the whole list once: every province exactly once, numbering continuous.
    const seen: number[] = [];
    let page = firstPage;
    for (let i = 0; i < 10; i += 1) {
      const numbers = page
        .split("\n")
        .map((line) => /^(\d+) /.exec(line)?.[1])
        .filter(Boolean)
        .map(Number)
        .filter((n) => n > 0);
      if (numbers[0] === 1 && seen.length > 0) break;
      seen.push(...numbers);
      expect(smsSegments(page).segments).toBeLessThanOrEqual(MAX_MENU_SEGMENTS);
      page = await exchange(from, "0");
    }
    expect(seen).toEqual(Array.from({ length: 34 }, (_, i) => i + 1));

    const confirmation = await choose(from, page, "کابل");
    expect(confirmation).toContain("شما عضو شدید");
    expect(confirmation).toContain(HOTLINES.afKabul);
    expect(confirmation.endsWith(dari.stopHint)).toBe(true);
    expect(await server.subscriberOf(from)).toMatchObject({ locale: "fa-AF", country: "AF", regionCode: "AF-KAB" });
  });

  it("Iraqi number: Arabic and Sorani menu, Sorani region menu, Erbil hotline", async () => {
    const from = freshNumber("+964", "750");
    const languages = await exchange(from, "JOIN");
    expect(languages).toContain("1 العربية\n2 کوردیی ناوەندی");
    expect(languages).toContain(ar.languageMenuHeader);
    expect(languages).toContain(ckb.languageMenuHeader);

    const regions = await exchange(from, "2");
    expect(regions.startsWith(ckb.regionMenuHeader)).toBe(true);
    const confirmation = await choose(from, regions, "هەولێر");
    expect(confirmation).toContain("بەشداربوویت");
    expect(confirmation).toContain(HOTLINES.iqErbil);
    expect(confirmation.endsWith(ckb.stopHint)).toBe(true);
    expect(await server.subscriberOf(from)).toMatchObject({ locale: "ckb", country: "IQ", regionCode: "IQ-AR" });
  });

  it("a region may be answered by name, and Persian digits count as numbers", async () => {
    const from = freshNumber("+93", "79");
    await exchange(from, "JOIN");
    await exchange(from, "۱"); // Dari, written with an Extended Arabic-Indic digit
    const confirmation = await exchange(from, "هرات");
    expect(confirmation).toContain(HOTLINES.afNational);
    expect((await server.subscriberOf(from))?.regionCode).toBe("AF-HER");
  });

  it("an answer that is not on the menu repeats the menu with a hint", async () => {
    const from = freshNumber("+996", "77");
    await exchange(from, "JOIN");
    const again = await exchange(from, "7");
    expect(again.startsWith(ky.invalidChoice)).toBe(true);
    expect(again).toContain("1 Кыргызча");
    expect((await server.subscriberOf(from))?.conversation).toMatchObject({ step: "choose-language" });
  });

  it("a number from outside the seven countries gets all languages, then a country menu", async () => {
    const from = "+447400900" + String(Date.now() % 1000).padStart(3, "0");
    const languages = await exchange(from, "JOIN");
    expect(languages.split("\n").filter((line) => /^\d+ /.test(line))).toHaveLength(11);
    const countries = await exchange(from, "1"); // English
    expect(countries.startsWith(en.countryMenuHeader)).toBe(true);
    const regions = await choose(from, countries, "Kyrgyzstan");
    expect(regions.startsWith(en.regionMenuHeader)).toBe(true);
    const confirmation = await choose(from, regions, "Osh Region");
    expect(confirmation).toContain(HOTLINES.kgOsh);
    expect(await server.subscriberOf(from)).toMatchObject({ locale: "en", country: "KG", regionCode: "KG-O" });
  });

  it("the campaign keyword SAFE subscribes like JOIN and remembers the campaign", async () => {
    const from = freshNumber("+996", "50");
    const languages = await exchange(from, "safe");
    expect(languages).toContain("1 Кыргызча");
    const subscriber = await server.subscriberOf(from);
    expect(subscriber?.status).toBe("active");
    expect(subscriber?.conversation).toMatchObject({ step: "choose-language", campaign: "safe-work" });
    // Recorded on the subscriber at once (audience filters and sequences), and kept after the menus.
    expect(subscriber?.campaign).toBe("safe-work");
    await exchange(from, "1"); // Кыргызча → the region menu
    await exchange(from, "1"); // the first region → confirmation
    expect(await server.subscriberOf(from)).toMatchObject({ campaign: "safe-work", conversation: null });
  });

  it("HELP without a region: the country's nationwide hotline in the country's default language", async () => {
    const from = freshNumber("+964", "770");
    const help = await exchange(from, "HELP");
    expect(help).toContain(HOTLINES.iqNational);
    expect(help).not.toContain(HOTLINES.iqErbil);
    expect(help.endsWith(ar.stopHint)).toBe(true);
    expect(smsSegments(help).segments).toBe(1);
    // HELP does not subscribe.
    expect((await server.subscriberOf(from))?.status).toBe("pending");
  });

  it("HELP from an unknown country, with no destinations and no international line in the content: no other country's hotline, in English", async () => {
    const from = "+447400901" + String(Date.now() % 1000).padStart(3, "0");
    const help = await exchange(from, "HELP");
    // Another country's national hotline would send a person in London to a line in Bishkek.
    expect(help).toBe(`${en.noHotline}\n${en.stopHint}`);
    for (const number of Object.values(HOTLINES)) expect(help).not.toContain(number);
  });

  it("unknown text gets the short keyword menu in the country's language", async () => {
    const from = freshNumber("+996", "77");
    const menu = await exchange(from, "hello, who is this?");
    expect(menu).toBe(`${ky.unknownMenu}\n${ky.stopHint}`);
  });
});
