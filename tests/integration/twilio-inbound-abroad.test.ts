/**
 * Numbers from where migrants work, over the real webhook: a Russian, Turkish, Emirati or Iranian
 * mobile gets the language menu of the people who text from there (Russian and the Central Asian
 * languages; Dari and Pashto first; Urdu, Pashto, Dari, Arabic, Kurdish), in two SMS segments,
 * then the country menu. A landline texting by SMS gets no reply and no subscriber row, but its
 * STOP still takes effect; the same landline on WhatsApp is answered.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { optOutTombstones } from "~/db/schema";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { smsSegments } from "~/messaging/sms-segments";
import { DATABASE_KINDS } from "../setup/test-database";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";

const { ru, ky, kk, ur, fa } = { ...DEFAULT_SMS_REPLIES, fa: DEFAULT_SMS_REPLIES["fa-AF"] };

/** The numbered lines of a menu. */
function options(menu: string): string[] {
  return menu.split("\n").filter((line) => /^\d+ /.test(line));
}

describe.each(DATABASE_KINDS)("numbers from abroad (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind);
  });
  afterAll(() => server?.close());

  /** Sends from an address ("+7…" or "whatsapp:+7…") and returns the one new reply it caused. */
  async function exchange(from: string, body: string): Promise<string> {
    const number = from.replace(/^whatsapp:/, "");
    const before = (await server.repliesTo(number)).length;
    await sendOk(server, from, body);
    const replies = await server.repliesTo(number);
    expect(replies.length, `one reply to "${body}"`).toBe(before + 1);
    return replies.at(-1)!;
  }

  it("Russian mobile: Russian first, then Uzbek, Tajik, Kyrgyz, Kazakh; a Kyrgyz reader then picks the country", async () => {
    const from = freshNumber("+7", "916");
    const languages = await exchange(from, "JOIN");
    expect(languages.startsWith(`${ru.languageMenuHeader}\n`)).toBe(true);
    expect(options(languages)).toEqual(["1 Русский", "2 O‘zbek", "3 Тоҷикӣ", "4 Кыргызча", "5 Қазақ тілі", "6 English"]);
    expect(languages.endsWith(ru.stopHint)).toBe(true);
    expect(smsSegments(languages).segments).toBe(2);
    // Not a programme country: no country is recorded from the number.
    expect(await server.subscriberOf(from)).toMatchObject({ country: null, conversation: { step: "choose-language" } });

    const countries = await exchange(from, "4");
    expect(countries.startsWith(ky.countryMenuHeader)).toBe(true);
    expect(options(countries)[0]).toBe("1 Кыргызстан");
    await exchange(from, "1");
    expect(await server.subscriberOf(from)).toMatchObject({ locale: "ky", country: "KG", conversation: { step: "choose-region" } });
  });

  it("Turkish mobile: Dari and Pashto first, then Arabic, Sorani, Urdu, Uzbek", async () => {
    const languages = await exchange(freshNumber("+90", "532"), "JOIN");
    expect(languages.startsWith(`${fa.languageMenuHeader}\n`)).toBe(true);
    expect(options(languages)).toEqual(["1 دری", "2 پښتو", "3 العربية", "4 کوردیی ناوەندی", "5 اردو", "6 O‘zbek", "7 English"]);
    expect(smsSegments(languages).segments).toBe(2);
  });

  it("Emirati mobile on WhatsApp: Urdu, Pashto, Dari, Arabic, Kurdish first", async () => {
    const from = freshNumber("+971", "50");
    const languages = await exchange(`whatsapp:${from}`, "JOIN");
    expect(languages.startsWith(`${ur.languageMenuHeader}\n`)).toBe(true);
    expect(options(languages)).toEqual(["1 اردو", "2 پښتو", "3 دری", "4 العربية", "5 کوردیی ناوەندی", "6 English"]);
    expect(await server.subscriberOf(from)).toMatchObject({ channel: "whatsapp", country: null });
  });

  it("Iranian mobile: Dari first", async () => {
    const languages = await exchange(freshNumber("+98", "912"), "JOIN");
    expect(options(languages).slice(0, 2)).toEqual(["1 دری", "2 پښتو"]);
  });

  it("Kazakh mobile: Kazakh and Russian, then the languages of the Central Asians working there", async () => {
    const from = freshNumber("+7", "701");
    const languages = await exchange(from, "JOIN");
    expect(languages.startsWith(`${kk.languageMenuHeader}\n`)).toBe(true);
    expect(options(languages)).toEqual(["1 Қазақ тілі", "2 Русский", "3 O‘zbek", "4 Кыргызча", "5 Тоҷикӣ", "6 English"]);
    expect(await server.subscriberOf(from)).toMatchObject({ country: "KZ" });
  });

  it("a Moscow landline by SMS: no reply and no subscriber, but STOP opts it out; on WhatsApp it is answered", async () => {
    const landline = freshNumber("+7", "495", "FIXED_LINE");
    for (const body of ["JOIN", "HELP", "hello?"]) await sendOk(server, landline, body);
    expect(await server.repliesTo(landline)).toEqual([]);
    expect(await server.subscriberOf(landline)).toBeUndefined();
    expect(server.logs.join("")).toContain('"suppressed":"not-mobile"');

    await sendOk(server, landline, "STOP");
    expect(await server.repliesTo(landline)).toEqual([]);
    const tombstones = await server.db
      .select()
      .from(optOutTombstones)
      .where(eq(optOutTombstones.phoneIndex, phoneBlindIndex(server.keyring, landline)));
    expect(tombstones).toHaveLength(1);

    const office = freshNumber("+7", "495", "FIXED_LINE");
    const languages = await exchange(`whatsapp:${office}`, "JOIN");
    expect(options(languages)[0]).toBe("1 Русский");
    expect(await server.subscriberOf(office)).toMatchObject({ channel: "whatsapp", status: "active" });
  });

  it("a number in no assigned range is not answered at all", async () => {
    const unassigned = `+7600${String(Date.now() % 10_000_000).padStart(7, "0")}`;
    await sendOk(server, unassigned, "JOIN");
    expect(await server.repliesTo(unassigned)).toEqual([]);
    expect(await server.subscriberOf(unassigned)).toBeUndefined();
  });
});
