/**
 * The hotline directory's "I am from … / I am in …" filter through HTTP, on the sample dataset:
 * a plain GET form in every locale (no script), and for a pair the lines where the reader is
 * (a consulate of their own country first), then home's, then the international lines; never
 * another country's consulate or another destination's lines. Junk in the query string gives the
 * whole directory, and international lines sit under "Anywhere in the world", not a country.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countryName, direction, LOCALES, type Locale } from "~/i18n/locales";
import { format, uiStrings } from "~/i18n/ui-strings";
import { startTestServer, type TestServer } from "../setup/test-server";
import { anchors, elements, get, htmlElement, text, expectOnlyTheQuickExitScript } from "./site-helpers";

/** Sample lines (campaigns/hotlines-abroad.ndjson, hotlines-central-asia.ndjson). */
const LINE = {
  ruForKyrgyz: "tel:+70000000501",
  ruForTajiks: "tel:+70000000511",
  ruForEveryone: "tel:+70000000531",
  aeForPakistanis: "tel:+971000000101",
  irForAfghans: "tel:+980000000101",
  kgNational: "tel:+996000000101",
  kgCitizensAnywhere: "tel:+996000000131",
  iom: "tel:+41000000101",
} as const;

const SAMPLE_DESTINATIONS = ["RU", "KZ", "TR", "AE", "SA", "IR", "DE"];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** The page's `tel:` links, in order, split at its `<h2>` headings (text of each heading → links). */
function sections(html: string): Array<{ heading: string; links: string[] }> {
  return html
    .split(/<h2[\s>]/i)
    .slice(1)
    .map((part) => ({
      heading: text(`<h2 ${part.slice(0, part.indexOf("</h2>"))}`)
        .replace(/^[^>]*>/, "")
        .trim(),
      links: anchors(part)
        .map((a) => a.href ?? "")
        .filter((href) => href.startsWith("tel:")),
    }));
}

async function page(locale: Locale, query: string) {
  const fetched = await get(`${server.url}/${locale}/hotlines${query}`);
  expect(fetched.status).toBe(200);
  expectOnlyTheQuickExitScript(fetched.html);
  expect(htmlElement(fetched.html)).toMatchObject({ lang: locale, dir: direction(locale) });
  return fetched.html;
}

describe("the place form", () => {
  it.each(LOCALES)("/%s/hotlines offers I am from / I am in as a GET form, in the reader's language", async (locale) => {
    const html = await page(locale, "");
    const strings = uiStrings(locale);
    const [form] = elements(html, "form");
    expect(form).toMatchObject({ method: "get", action: `/${locale}/hotlines` });
    expect(elements(html, "select").map((select) => select.name)).toEqual(["from", "region", "in"]);
    const body = text(html);
    for (const label of [strings.placeFilterFrom, strings.placeFilterIn, strings.placeFilterSubmit, strings.placeFilterAnother]) {
      expect(body).toContain(label);
    }
    const values = elements(html, "option").map((option) => option.value);
    for (const country of SAMPLE_DESTINATIONS) expect(values).toContain(country);
    expect(values).toContain("ZZ");
    // Destination names in the reader's language (CLDR).
    for (const country of SAMPLE_DESTINATIONS) expect(body).toContain(countryName(country, locale));
  });
});

describe("a pair", () => {
  it("from Kyrgyzstan, in Russia: the Kyrgyz consulate's line and Russia's open lines, then home, then anywhere", async () => {
    const html = await page("en", "?from=KG&in=RU");
    const found = sections(html);
    const headings = found.map((section) => section.heading);
    const here = found.find((section) => section.heading === "Where you are: Russia");
    const home = found.find((section) => section.heading === "At home: Kyrgyzstan");
    const anywhere = found.find((section) => section.heading === "Anywhere in the world");
    expect(headings.indexOf("Where you are: Russia")).toBeLessThan(headings.indexOf("At home: Kyrgyzstan"));
    expect(here?.links[0]).toBe(LINE.ruForKyrgyz);
    expect(here?.links).toContain(LINE.ruForEveryone);
    expect(here?.links).not.toContain(LINE.ruForTajiks);
    expect(home?.links).toContain(LINE.kgNational);
    expect(anywhere?.links).toEqual(expect.arrayContaining([LINE.kgCitizensAnywhere, LINE.iom]));
    // Nothing of other destinations.
    expect(html).not.toContain(LINE.aeForPakistanis);
    expect(html).not.toContain(LINE.irForAfghans);
    // The form keeps the choice.
    const selected = elements(html, "option")
      .filter((option) => "selected" in option)
      .map((option) => option.value);
    expect(selected).toEqual(["KG", "", "RU"]);
  });

  it("from Afghanistan, in Iran, in Dari (right to left): the line for Afghans in Iran, headings in Dari", async () => {
    const html = await page("fa-AF", "?from=AF&in=IR");
    const strings = uiStrings("fa-AF");
    const found = sections(html);
    const here = found.find((section) => section.heading === format(strings.hotlinesHere, { country: countryName("IR", "fa-AF") }));
    expect(here?.links).toContain(LINE.irForAfghans);
    expect(found.map((section) => section.heading)).toContain(format(strings.hotlinesAtHome, { country: countryName("AF", "fa-AF") }));
  });

  it("from Tajikistan, in another country: the international lines first, never another nationality's line", async () => {
    const html = await page("tg", "?from=TJ&in=ZZ");
    const found = sections(html);
    const anywhere = found.find((section) => section.heading === uiStrings("tg").hotlinesAnywhere);
    expect(found.findIndex((section) => section === anywhere)).toBeLessThan(
      found.findIndex((section) => section.heading === format(uiStrings("tg").hotlinesAtHome, { country: countryName("TJ", "tg") })),
    );
    expect(anywhere?.links).toContain(LINE.iom);
    expect(html).not.toContain(LINE.kgCitizensAnywhere);
    expect(html).not.toContain(LINE.ruForTajiks);
  });

  it("answers junk in the query string with the whole directory", async () => {
    const whole = sections(await page("en", ""));
    const junk = sections(await page("en", "?from=XX&in=%3Cb%3E"));
    expect(junk).toEqual(whole);
  });

  it("lists international lines under 'Anywhere in the world', not under the country of their office", async () => {
    const found = sections(await page("en", ""));
    expect(found.map((section) => section.heading)).not.toContain("Switzerland");
    expect(found.find((section) => section.heading === "Anywhere in the world")?.links).toEqual(
      expect.arrayContaining([LINE.iom, LINE.kgCitizensAnywhere]),
    );
  });
});
