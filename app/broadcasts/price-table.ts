/**
 * The price table cost estimates are computed from: SMS priced per segment and WhatsApp per
 * template message by Meta category, per destination country, with a `default` row for any country
 * not listed. Deployments replace the example below with their provider's current prices through
 * a JSON file of the same shape (`PRICE_TABLE_FILE`, loaded by price-table.server.ts).
 */
import { z } from "zod";

/**
 * WhatsApp template categories as Meta prices them (per delivered template message since July
 * 2025); `service` is free-form text inside the 24-hour customer-care window.
 */
export const WHATSAPP_CATEGORIES = ["marketing", "utility", "authentication", "service"] as const;
export type WhatsAppCategory = (typeof WHATSAPP_CATEGORIES)[number];

const price = z.number().min(0).max(100);
const countryKey = z.string().regex(/^([A-Z]{2}|default)$/, 'keys are ISO 3166-1 alpha-2 country codes or "default"');
const withDefault = <T extends z.ZodType>(row: T) =>
  z.record(countryKey, row).refine((rows) => "default" in rows, 'needs a "default" row for countries not listed');

export const priceTableSchema = z.object({
  /** ISO 4217 code the prices are in. */
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like USD"),
  /** True for illustrative prices: every estimate made with them says so. */
  example: z.boolean().default(false),
  /** Where the prices come from and when they were checked; shown with estimates. */
  note: z.string().optional(),
  sms: z.object({ perSegment: withDefault(price) }),
  whatsapp: z.object({
    perMessage: withDefault(
      z.object(Object.fromEntries(WHATSAPP_CATEGORIES.map((c) => [c, price])) as Record<WhatsAppCategory, typeof price>),
    ),
  }),
});
export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * EXAMPLE PRICES, NOT REAL TARIFFS. Round numbers of a plausible order of magnitude, so a bare
 * install can show what an estimate looks like; they are not any provider's price list.
 */
export const EXAMPLE_PRICE_TABLE: PriceTable = Object.freeze(
  priceTableSchema.parse({
    currency: "USD",
    example: true,
    note: "Example prices, not real tariffs: set PRICE_TABLE_FILE to your provider's current price list.",
    sms: {
      perSegment: { default: 0.1, KG: 0.15, KZ: 0.1, TJ: 0.2, UZ: 0.2, AF: 0.15, PK: 0.1, IQ: 0.15 },
    },
    whatsapp: {
      perMessage: {
        default: { marketing: 0.08, utility: 0.02, authentication: 0.02, service: 0 },
        KZ: { marketing: 0.05, utility: 0.01, authentication: 0.01, service: 0 },
        PK: { marketing: 0.05, utility: 0.01, authentication: 0.01, service: 0 },
        IQ: { marketing: 0.05, utility: 0.01, authentication: 0.01, service: 0 },
      },
    },
  }),
) as PriceTable;
