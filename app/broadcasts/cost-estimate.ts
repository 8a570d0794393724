/**
 * What a broadcast will cost before it is scheduled: recipients per country, locale and channel,
 * times the message's size (SMS segments of that locale's text; one message for WhatsApp),
 * times the price table's unit price for the destination country. Pure: no I/O.
 *
 * Money is added up in integer millionths of the currency, so a million recipients at 0.0735 per
 * segment sum exactly; amounts are returned as plain numbers of the currency.
 */
import type { Locale } from "~/i18n/locales";
import { smsSegments } from "~/messaging/sms-segments";
import type { PriceTable, WhatsAppCategory } from "./price-table";

export type Channel = "sms" | "whatsapp";

/** Subscribers matching the audience, counted by country, locale and preferred channel. */
export interface AudienceGroup {
  country: string;
  locale: Locale;
  channel: Channel;
  recipients: number;
}

export interface CostEstimateInput {
  audience: readonly AudienceGroup[];
  /** The broadcast's SMS text per locale. */
  texts: Partial<Record<Locale, string>>;
  /** Used for a locale with no text, as the broadcast will be (never an empty message). */
  fallbackLocale?: Locale;
  /** What the WhatsApp template is billed as (campaign messages are usually marketing). */
  whatsappCategory?: WhatsAppCategory;
  prices: PriceTable;
}

/** One audience group priced. `units` = segments for SMS, messages for WhatsApp. */
export interface CostLine extends AudienceGroup {
  /** SMS: the locale whose text is sent (differs from `locale` when the fallback is used). */
  textLocale: Locale;
  unitsPerRecipient: number;
  units: number;
  unitPrice: number;
  /** "default" when the table has no row for the country. */
  priceRow: "country" | "default";
  cost: number;
}

export interface CostEstimate {
  currency: string;
  /** True when estimated from example prices: show it next to every figure. */
  example: boolean;
  note: string | null;
  lines: CostLine[];
  /** SMS segments of each locale's text as sent. */
  segmentsByLocale: Partial<Record<Locale, number>>;
  byCountry: Record<string, { recipients: number; cost: number }>;
  byLocale: Partial<Record<Locale, { recipients: number; cost: number }>>;
  byChannel: Partial<Record<Channel, { recipients: number; cost: number }>>;
  recipients: number;
  total: number;
}

/** A locale in the audience has no text and no fallback text to send instead. */
export class MissingBroadcastTextError extends Error {
  constructor(readonly locale: Locale) {
    super(`the broadcast has no text for locale ${locale} and no fallback text`);
    this.name = "MissingBroadcastTextError";
  }
}

const MICROS = 1_000_000;
const toMicros = (amount: number) => Math.round(amount * MICROS);
const fromMicros = (micros: number) => micros / MICROS;

function unitPriceFor(prices: PriceTable, channel: Channel, country: string, category: WhatsAppCategory) {
  if (channel === "sms") {
    const own = prices.sms.perSegment[country];
    return { price: own ?? prices.sms.perSegment.default!, row: own === undefined ? ("default" as const) : ("country" as const) };
  }
  const own = prices.whatsapp.perMessage[country];
  return {
    price: (own ?? prices.whatsapp.perMessage.default!)[category],
    row: own === undefined ? ("default" as const) : ("country" as const),
  };
}

function add<K extends string>(
  totals: Partial<Record<K, { recipients: number; micros: number }>>,
  key: K,
  recipients: number,
  micros: number,
): void {
  const entry = (totals[key] ??= { recipients: 0, micros: 0 });
  entry.recipients += recipients;
  entry.micros += micros;
}

function inCurrency<K extends string>(totals: Partial<Record<K, { recipients: number; micros: number }>>) {
  const out: Partial<Record<K, { recipients: number; cost: number }>> = {};
  for (const [key, value] of Object.entries(totals) as Array<[K, { recipients: number; micros: number }]>) {
    out[key] = { recipients: value.recipients, cost: fromMicros(value.micros) };
  }
  return out;
}

/**
 * Prices every audience group; throws `MissingBroadcastTextError` for an SMS group whose locale has
 * no text and no fallback text. Groups with no recipients are left out.
 */
export function estimateBroadcastCost(input: CostEstimateInput): CostEstimate {
  const category = input.whatsappCategory ?? "marketing";
  const segmentsByLocale: Partial<Record<Locale, number>> = {};
  const textLocaleFor = (locale: Locale): Locale => {
    if (input.texts[locale]?.trim()) return locale;
    if (input.fallbackLocale && input.texts[input.fallbackLocale]?.trim()) return input.fallbackLocale;
    throw new MissingBroadcastTextError(locale);
  };

  const byCountry: Record<string, { recipients: number; micros: number }> = {};
  const byLocale: Partial<Record<Locale, { recipients: number; micros: number }>> = {};
  const byChannel: Partial<Record<Channel, { recipients: number; micros: number }>> = {};
  let totalMicros = 0;
  let recipients = 0;
  const lines: CostLine[] = [];

  for (const group of input.audience) {
    if (group.recipients <= 0) continue;
    // WhatsApp does not split messages: a template is billed once per recipient, whatever its text.
    const textLocale = group.channel === "sms" ? textLocaleFor(group.locale) : group.locale;
    const unitsPerRecipient =
      group.channel === "sms" ? (segmentsByLocale[textLocale] ??= smsSegments(input.texts[textLocale]!).segments) : 1;
    const { price, row } = unitPriceFor(input.prices, group.channel, group.country, category);
    const units = unitsPerRecipient * group.recipients;
    const micros = units * toMicros(price);
    lines.push({ ...group, textLocale, unitsPerRecipient, units, unitPrice: price, priceRow: row, cost: fromMicros(micros) });
    add(byCountry, group.country, group.recipients, micros);
    add(byLocale, group.locale, group.recipients, micros);
    add(byChannel, group.channel, group.recipients, micros);
    totalMicros += micros;
    recipients += group.recipients;
  }

  return {
    currency: input.prices.currency,
    example: input.prices.example,
    note: input.prices.note ?? null,
    lines,
    segmentsByLocale,
    byCountry: inCurrency(byCountry) as Record<string, { recipients: number; cost: number }>,
    byLocale: inCurrency(byLocale),
    byChannel: inCurrency(byChannel),
    recipients,
    total: fromMicros(totalMicros),
  };
}
