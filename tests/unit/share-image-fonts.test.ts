/**
 * The preview images' fonts (npm packages, decision 026) have a glyph for every letter the eleven
 * locales write: whole alphabets (Cyrillic with the Kazakh, Kyrgyz and Tajik letters, Uzbek
 * Latin with its ʻ, Arabic with the Persian, Pashto, Urdu and Sorani letters and both digit sets),
 * every sample campaign title and the generic image's text. satori reports text no font covers
 * (renderShareImage's missingGlyphs); a Hebrew word shows that it does.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fieldKey, LOCALES, type Locale } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import { renderShareImage } from "~/sharing/share-image.server";

const ALPHABETS: Readonly<Record<string, { locale: Locale; text: string }>> = {
  Russian: { locale: "ru", text: "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя «» — №" },
  "Kazakh and Kyrgyz": { locale: "kk", text: "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі" },
  Tajik: { locale: "tg", text: "Ғғ Ӣӣ Ққ Ӯӯ Ҳҳ Ҷҷ" },
  "Uzbek Latin": { locale: "uz", text: "ABCDEFGHIJKLMNOPQRSTUVXYZ abcdefghijklmnopqrstuvxyz Oʻ oʻ Gʻ gʻ maʼlumot “” 0123456789" },
  Arabic: { locale: "ar", text: "ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي ء آ أ ؤ إ ئ ة ى ٠١٢٣٤٥٦٧٨٩ ، ؛ ؟" },
  "Persian (Dari)": { locale: "fa-AF", text: "پ چ ژ گ ک ی ۀ ‌ ۰۱۲۳۴۵۶۷۸۹ « »" },
  Pashto: { locale: "ps", text: "ټ ډ ړ ښ ږ ځ څ ې ۍ ئ ګ ڼ" },
  Urdu: { locale: "ur", text: "ٹ ڈ ڑ ں ے ۓ ھ ہ ۂ ۔" },
  "Sorani Kurdish": { locale: "ckb", text: "ڵ ڕ ۆ ێ ە ڤ" },
};

const CAMPAIGNS_DIR = new URL("../../campaigns/", import.meta.url);
const campaignTitles = readdirSync(CAMPAIGNS_DIR)
  .filter((name) => name.endsWith(".ndjson"))
  .flatMap((name) => readFileSync(new URL(name, CAMPAIGNS_DIR), "utf8").split("\n"))
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { _type: string; title?: Record<string, string> })
  .filter((document) => document._type === "campaign");

async function missing(locale: Locale, text: string): Promise<string[]> {
  return (await renderShareImage({ locale, title: text, host: "protect.example.org" })).missingGlyphs;
}

describe("the preview image fonts", () => {
  it.each(Object.entries(ALPHABETS))("draw every letter of %s", async (_name, { locale, text }) => {
    expect(await missing(locale, text)).toEqual([]);
  });

  it.each(LOCALES)("draw the sample campaign titles and the generic image's text in %s", async (locale) => {
    expect(campaignTitles.length).toBeGreaterThanOrEqual(2);
    for (const campaign of campaignTitles) expect(await missing(locale, campaign.title![fieldKey(locale)]!)).toEqual([]);
    expect(await missing(locale, uiStrings(locale).campaignsIntro)).toEqual([]);
  });

  it("report a script they do not cover instead of failing", async () => {
    expect((await missing("en", "שלום")).join("")).toContain("שלום");
  });
});
