/**
 * "Where are you now?" over the real webhook, with a dataset whose settings list destinations and
 * whose hotlines include lines for people abroad: consulates' lines in Russia, Iran and the UAE,
 * a destination's lines for everyone, a line for Kyrgyz citizens anywhere and IOM's international
 * line. HELP from someone whose place is unknown asks first, in their language, remembers the
 * answer and gives the lines for that place and their nationality; JOIN asks when the number is
 * not from home; MOVED asks again; STOP works in the middle of the question.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { countryName } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { smsSegments } from "~/messaging/sms-segments";
import { DATABASE_KINDS } from "../setup/test-database";
import { ABROAD_HOTLINES as ABROAD, HOTLINES, TEST_DESTINATIONS, writeInboundTestDataset } from "./twilio-inbound-dataset";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";

const { ky, tg, ur, en } = DEFAULT_SMS_REPLIES;
const fa = DEFAULT_SMS_REPLIES["fa-AF"];

/** The numbered lines of a menu. */
function options(menu: string): string[] {
  return menu.split("\n").filter((line) => /^\d+ /.test(line));
}

/** Every national hotline number of the dataset: none may reach someone outside that country. */
const NATIONAL = [...Object.values(HOTLINES)];

describe.each(DATABASE_KINDS)("help where you are (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind, { CONTENT_DATASET_DIR: writeInboundTestDataset({ abroad: true }) });
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

  /** The menu number of a place. */
  function numberOf(menu: string, name: string): string {
    const line = options(menu).find((option) => option.endsWith(` ${name}`));
    expect(line, `${name} in\n${menu}`).toBeDefined();
    return line!.split(" ")[0]!;
  }

  it("a Kyrgyz SIM in Moscow: HELP asks where they are, then gives the consulate's line in Russia; later HELPs remember", async () => {
    const from = freshNumber("+996", "55");
    const helpsIn = async (country: string) =>
      Number(
        (
          await runSql<{ n: number }>(
            server.db,
            sql`
        select count(*)::int as n from reach_events where event = 'help_requested' and country = ${country}`,
          )
        ).rows[0]!.n,
      );
    const helpsBefore = { RU: await helpsIn("RU"), KG: await helpsIn("KG") };
    const question = await exchange(from, "ЖАРДАМ");
    expect(question.startsWith(`${ky.placeMenuHeader}\n`)).toBe(true);
    // Home first, then the destinations, then "another country"; in Kyrgyz.
    expect(options(question)).toEqual([
      `1 ${countryName("KG", "ky")}`,
      ...TEST_DESTINATIONS.map((country, index) => `${index + 2} ${countryName(country, "ky")}`),
      `9 ${ky.anotherCountryOption}`,
    ]);
    expect(question.endsWith(ky.stopHint)).toBe(true);
    expect(smsSegments(question).segments).toBeLessThanOrEqual(3);
    expect(await server.subscriberOf(from)).toMatchObject({
      country: "KG",
      currentPlace: null,
      conversation: { step: "choose-place", then: "help" },
    });

    const answer = await exchange(from, numberOf(question, countryName("RU", "ky")));
    expect(answer).toContain(ABROAD.ruForKyrgyz);
    expect(answer.indexOf(ABROAD.ruForKyrgyz)).toBeLessThan(answer.indexOf(ABROAD.ruForEveryone) >>> 0);
    expect(answer).not.toContain(ABROAD.ruForTajiks);
    for (const national of NATIONAL) expect(answer).not.toContain(national);
    expect(smsSegments(answer).segments).toBe(1);
    expect(await server.subscriberOf(from)).toMatchObject({ currentPlace: "RU", conversation: null });

    // Counted once, with the answer, where the person is (Russia), not by the SIM: the question alone counted nothing.
    expect([await helpsIn("RU"), await helpsIn("KG")]).toEqual([helpsBefore.RU + 1, helpsBefore.KG]);

    // Known now: the next HELP answers at once, and is counted in Russia again.
    expect(await exchange(from, "HELP")).toBe(answer);
    expect([await helpsIn("RU"), await helpsIn("KG")]).toEqual([helpsBefore.RU + 2, helpsBefore.KG]);

    // Back home: MOVED (in Kyrgyz) asks again, and home gives the national hotline.
    const again = await exchange(from, "көчтүм");
    expect(again.startsWith(ky.placeMenuHeader)).toBe(true);
    const home = await exchange(from, "1");
    expect(home).toContain(HOTLINES.kgNational);
    expect(home).not.toContain(ABROAD.kgCitizensAnywhere);
    expect(await server.subscriberOf(from)).toMatchObject({ currentPlace: "KG" });
    // MOVED's question counted nothing; its answer counts at home.
    expect([await helpsIn("RU"), await helpsIn("KG")]).toEqual([helpsBefore.RU + 2, helpsBefore.KG + 1]);
  });

  it("a Russian SIM with a Tajik speaker: JOIN asks where they are after the country, and confirms with the Tajik consulate in Russia", async () => {
    const from = freshNumber("+7", "916");
    const languages = await exchange(from, "JOIN");
    const countries = await exchange(from, numberOf(languages, "Тоҷикӣ"));
    const place = await exchange(from, numberOf(countries, countryName("TJ", "tg")));
    // Tajikistan has no regions in this dataset: the place question comes next, in Tajik.
    expect(place.startsWith(`${tg.placeMenuHeader}\n`)).toBe(true);
    expect(options(place)[0]).toBe(`1 ${countryName("TJ", "tg")}`);
    expect(await server.subscriberOf(from)).toMatchObject({
      locale: "tg",
      country: "TJ",
      conversation: { step: "choose-place", then: "confirm" },
    });

    const confirmation = await exchange(from, numberOf(place, countryName("RU", "tg")));
    expect(confirmation).toContain(countryName("RU", "tg"));
    expect(confirmation).toContain(ABROAD.ruForTajiks);
    expect(await server.subscriberOf(from)).toMatchObject({ status: "active", country: "TJ", currentPlace: "RU", conversation: null });

    const help = await exchange(from, "HELP");
    expect(help).toContain(ABROAD.ruForTajiks);
    expect(help).not.toContain(ABROAD.ruForKyrgyz);
    expect(smsSegments(help).segments).toBe(1);
  });

  it("a Kazakh SIM with a Kyrgyz speaker: home is Kyrgyzstan (its regions), then asked where they are: Kazakhstan", async () => {
    const from = freshNumber("+7", "701");
    const languages = await exchange(from, "JOIN");
    const regions = await exchange(from, numberOf(languages, "Кыргызча"));
    expect(regions.startsWith(ky.regionMenuHeader)).toBe(true);
    const place = await exchange(from, "1");
    expect(place.startsWith(ky.placeMenuHeader)).toBe(true);
    expect(options(place)[0]).toBe(`1 ${countryName("KG", "ky")}`);
    const confirmation = await exchange(from, numberOf(place, countryName("KZ", "ky")));
    expect(confirmation).toContain(ABROAD.kzForKyrgyz);
    expect(await server.subscriberOf(from)).toMatchObject({ country: "KG", locale: "ky", currentPlace: "KZ", status: "active" });
  });

  it("a Russian SIM with a Tajik speaker who only asks for help: asked in Tajik, home guessed from the language, answered in Tajik", async () => {
    const from = freshNumber("+7", "916");
    const question = await exchange(from, "КӮМАК");
    expect(question.startsWith(tg.placeMenuHeader)).toBe(true);
    expect(options(question)[0]).toBe(`1 ${countryName("TJ", "tg")}`);
    const answer = await exchange(from, countryName("RU", "tg"));
    expect(answer).toContain(ABROAD.ruForTajiks);
    // The guess picks the line; it is not recorded as where they are from.
    expect(await server.subscriberOf(from)).toMatchObject({ locale: "tg", country: null, currentPlace: "RU" });
  });

  it("an Afghan in Iran on an Iranian SIM: Dari question, Iran named in Dari, the line for Afghans in Iran", async () => {
    const from = freshNumber("+98", "912");
    const question = await exchange(from, "کمک");
    expect(question.startsWith(fa.placeMenuHeader)).toBe(true);
    expect(options(question)[0]).toBe(`1 ${countryName("AF", "fa-AF")}`);
    const answer = await exchange(from, countryName("IR", "fa-AF"));
    expect(answer).toContain(ABROAD.irForAfghans);
    for (const national of NATIONAL) expect(answer).not.toContain(national);
    expect(smsSegments(answer).segments).toBe(1);
    expect(await server.subscriberOf(from)).toMatchObject({ currentPlace: "IR" });
  });

  it("a Pakistani in the UAE: JOIN in Urdu, Pakistan chosen, UAE answered: the consulate's line first, then the workers' line", async () => {
    const from = freshNumber("+971", "50");
    const languages = await exchange(from, "JOIN");
    const countries = await exchange(from, numberOf(languages, "اردو"));
    const place = await exchange(from, numberOf(countries, countryName("PK", "ur")));
    expect(place.startsWith(ur.placeMenuHeader)).toBe(true);
    const confirmation = await exchange(from, numberOf(place, countryName("AE", "ur")));
    expect(confirmation).toContain(ABROAD.aeForPakistanis);

    const help = await exchange(from, "مدد");
    expect(help).toContain(ABROAD.aeForPakistanis);
    expect(help.indexOf(ABROAD.aeForPakistanis)).toBeLessThan(
      help.includes(ABROAD.aeForEveryone) ? help.indexOf(ABROAD.aeForEveryone) : Infinity,
    );
    expect(smsSegments(help).segments).toBe(1);
    expect(await server.subscriberOf(from)).toMatchObject({ country: "PK", currentPlace: "AE" });
  });

  it("a number from a country with no entries: another country gets the international lines, never a national hotline", async () => {
    const from = freshNumber("+48", "50");
    const question = await exchange(from, "HELP");
    // Nothing says where they are from: no home in the menu.
    expect(question.startsWith(en.placeMenuHeader)).toBe(true);
    expect(options(question)).toHaveLength(TEST_DESTINATIONS.length + 1);
    const answer = await exchange(from, String(TEST_DESTINATIONS.length + 1));
    expect(answer).toContain(ABROAD.iomAnywhere);
    for (const national of [...NATIONAL, ...Object.values(ABROAD).filter((n) => n !== ABROAD.iomAnywhere)]) {
      expect(answer).not.toContain(national);
    }
    expect(await server.subscriberOf(from)).toMatchObject({ currentPlace: "ZZ" });

    // A Kyrgyz reader there also gets the line for Kyrgyz citizens anywhere, before IOM's.
    const kyrgyz = freshNumber("+48", "50");
    const kyQuestion = await exchange(kyrgyz, "ЖАРДАМ");
    const kyAnswer = await exchange(kyrgyz, numberOf(kyQuestion, ky.anotherCountryOption));
    expect(kyAnswer).toContain(ABROAD.kgCitizensAnywhere);
    for (const national of NATIONAL) expect(kyAnswer).not.toContain(national);
    expect(smsSegments(kyAnswer).segments).toBe(1);
  });

  it("HELP in the middle of a JOIN: the place is asked and answered, then the region menu is waiting again", async () => {
    const from = freshNumber("+996", "55");
    const regions = await exchange(from, "БАШТОО");
    expect(regions.startsWith(ky.regionMenuHeader)).toBe(true);
    const question = await exchange(from, "HELP");
    expect(question.startsWith(ky.placeMenuHeader)).toBe(true);
    const help = await exchange(from, "1");
    expect(help).toContain(HOTLINES.kgNational);
    expect(await server.subscriberOf(from)).toMatchObject({ currentPlace: "KG", conversation: { step: "choose-region" } });
    const confirmation = await exchange(from, numberOf(regions, "Ош облусу"));
    expect(confirmation).toContain(HOTLINES.kgOsh);
    expect(await server.subscriberOf(from)).toMatchObject({ regionCode: "KG-O", conversation: null, status: "active" });
  });

  it("STOP in the middle of the question opts out at once; the answer that follows gets nothing", async () => {
    const from = freshNumber("+996", "55");
    await exchange(from, "JOIN");
    const question = await exchange(from, "HELP");
    expect(question.startsWith(ky.placeMenuHeader)).toBe(true);
    const confirmation = await exchange(from, "ТОКТОТ");
    expect(confirmation).toBe(ky.stopConfirmation);
    expect(await server.subscriberOf(from)).toMatchObject({ status: "opted_out" });
    const count = (await server.repliesTo(from)).length;
    await sendOk(server, from, "2");
    expect(await server.repliesTo(from)).toHaveLength(count);
    expect(await server.subscriberOf(from)).toMatchObject({ status: "opted_out", currentPlace: null });
  });

  it("an answer that is no place repeats the question; STOP spelled in English still stops", async () => {
    const from = freshNumber("+93", "70");
    const question = await exchange(from, "مرسته");
    const again = await exchange(from, "42");
    expect(again.startsWith(DEFAULT_SMS_REPLIES.ps.invalidChoice)).toBe(true);
    expect(options(again)).toEqual(options(question));
    await exchange(from, "stop");
    expect(await server.subscriberOf(from)).toMatchObject({ status: "opted_out" });
  });
});
