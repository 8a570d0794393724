/** Broadcast cost estimates (app/broadcasts/cost-estimate.ts) and the price table they use. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { estimateBroadcastCost, MissingBroadcastTextError } from "~/broadcasts/cost-estimate";
import { EXAMPLE_PRICE_TABLE, priceTableSchema, type PriceTable } from "~/broadcasts/price-table";
import { loadPriceTable, PriceTableError } from "~/broadcasts/price-table.server";

const PRICES: PriceTable = priceTableSchema.parse({
  currency: "EUR",
  sms: { perSegment: { default: 0.05, KG: 0.0735, AF: 0.2 } },
  whatsapp: {
    perMessage: {
      default: { marketing: 0.06, utility: 0.02, authentication: 0.02, service: 0 },
      IQ: { marketing: 0.04, utility: 0.01, authentication: 0.01, service: 0 },
    },
  },
});

// GSM-7 fits 160 characters in one segment; Cyrillic needs UCS-2: 70 in one, 67 per part beyond.
const EN_ONE_SEGMENT = "Know your rights abroad. Free hotline: 0800 000 000. Reply STOP to end.";
const RU_TWO_SEGMENTS = "Знайте свои права за границей. Бесплатная горячая линия: 0800 000 000. СТОП — отписка.";

describe("estimateBroadcastCost", () => {
  it("prices SMS per segment of each locale's text and WhatsApp per message, per country", () => {
    const estimate = estimateBroadcastCost({
      audience: [
        { country: "KG", locale: "ru", channel: "sms", recipients: 1_000_000 },
        { country: "KG", locale: "en", channel: "sms", recipients: 10 },
        { country: "PK", locale: "en", channel: "sms", recipients: 3 },
        { country: "IQ", locale: "ar", channel: "whatsapp", recipients: 100 },
        { country: "UZ", locale: "ru", channel: "whatsapp", recipients: 5 },
      ],
      texts: { en: EN_ONE_SEGMENT, ru: RU_TWO_SEGMENTS },
      prices: PRICES,
    });
    expect(estimate.segmentsByLocale).toEqual({ ru: 2, en: 1 });
    expect(estimate.currency).toBe("EUR");
    expect(estimate.example).toBe(false);
    const kgRu = estimate.lines.find((line) => line.country === "KG" && line.locale === "ru")!;
    // Exact in spite of floating point: 2 × 1,000,000 × 0.0735.
    expect(kgRu).toMatchObject({ unitsPerRecipient: 2, units: 2_000_000, unitPrice: 0.0735, priceRow: "country", cost: 147_000 });
    expect(estimate.lines.find((line) => line.country === "PK")).toMatchObject({ priceRow: "default", unitPrice: 0.05, cost: 0.15 });
    expect(estimate.lines.find((line) => line.country === "IQ")).toMatchObject({ units: 100, unitPrice: 0.04, cost: 4 });
    expect(estimate.lines.find((line) => line.country === "UZ")).toMatchObject({ units: 5, priceRow: "default", cost: 0.3 });
    expect(estimate.byCountry).toEqual({
      KG: { recipients: 1_000_010, cost: 147_000.735 },
      PK: { recipients: 3, cost: 0.15 },
      IQ: { recipients: 100, cost: 4 },
      UZ: { recipients: 5, cost: 0.3 },
    });
    expect(estimate.byChannel).toEqual({ sms: { recipients: 1_000_013, cost: 147_000.885 }, whatsapp: { recipients: 105, cost: 4.3 } });
    expect(estimate.byLocale.ru).toEqual({ recipients: 1_000_005, cost: 147_000.3 });
    expect(estimate.recipients).toBe(1_000_118);
    expect(estimate.total).toBe(147_005.185);
  });

  it("bills WhatsApp by the template category asked for", () => {
    const estimate = estimateBroadcastCost({
      audience: [{ country: "IQ", locale: "ar", channel: "whatsapp", recipients: 10 }],
      texts: {},
      whatsappCategory: "utility",
      prices: PRICES,
    });
    expect(estimate.total).toBe(0.1);
  });

  it("uses the fallback locale's text where a locale has none, and refuses when there is no text at all", () => {
    const estimate = estimateBroadcastCost({
      audience: [{ country: "AF", locale: "ps", channel: "sms", recipients: 4 }],
      texts: { en: EN_ONE_SEGMENT, ps: "  " },
      fallbackLocale: "en",
      prices: PRICES,
    });
    expect(estimate.lines[0]).toMatchObject({ locale: "ps", textLocale: "en", unitsPerRecipient: 1, cost: 0.8 });
    expect(() =>
      estimateBroadcastCost({
        audience: [{ country: "AF", locale: "ps", channel: "sms", recipients: 4 }],
        texts: { ru: RU_TWO_SEGMENTS },
        prices: PRICES,
      }),
    ).toThrow(MissingBroadcastTextError);
  });

  it("skips empty groups and says when the prices are only an example", () => {
    const estimate = estimateBroadcastCost({
      audience: [{ country: "TJ", locale: "tg", channel: "sms", recipients: 0 }],
      texts: {},
      prices: EXAMPLE_PRICE_TABLE,
    });
    expect(estimate).toMatchObject({ lines: [], total: 0, recipients: 0, example: true });
    expect(estimate.note).toMatch(/not real tariffs/i);
  });
});

describe("price tables", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function fileWith(content: string): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), "price-table-"));
    const file = path.join(dir, "prices.json");
    await writeFile(file, content);
    return file;
  }

  it("uses the example table when PRICE_TABLE_FILE is not set", async () => {
    expect(await loadPriceTable({})).toBe(EXAMPLE_PRICE_TABLE);
    expect(EXAMPLE_PRICE_TABLE.example).toBe(true);
  });

  it("loads a configured table", async () => {
    const file = await fileWith(JSON.stringify(PRICES));
    expect(await loadPriceTable({ PRICE_TABLE_FILE: file })).toEqual(PRICES);
  });

  it.each([
    ["not JSON", "{", /cannot be read as JSON/],
    ["no default row", JSON.stringify({ ...PRICES, sms: { perSegment: { KG: 0.1 } } }), /default/],
    ["a bad country key", JSON.stringify({ ...PRICES, sms: { perSegment: { default: 0.1, Kyrgyzstan: 0.1 } } }), /Kyrgyzstan/],
    ["a negative price", JSON.stringify({ ...PRICES, sms: { perSegment: { default: -1 } } }), /sms/],
  ])("refuses a file with %s", async (_, content, message) => {
    const file = await fileWith(content);
    await expect(loadPriceTable({ PRICE_TABLE_FILE: file })).rejects.toThrow(PriceTableError);
    await expect(loadPriceTable({ PRICE_TABLE_FILE: file })).rejects.toThrow(message);
  });

  it("refuses a missing file", async () => {
    await expect(loadPriceTable({ PRICE_TABLE_FILE: "/nonexistent/prices.json" })).rejects.toThrow(PriceTableError);
  });
});
