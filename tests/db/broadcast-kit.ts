/**
 * Shared set-up for the broadcast tests: subscribers seeded with really encrypted numbers (so
 * the dispatcher can decrypt and the fake Twilio can count per number), broadcast and sequence
 * documents as the content layer returns them, regions with their zones, and a content source
 * that serves those documents (the same interface the jobs use).
 */
import { sql } from "drizzle-orm";
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import type { RegionZone } from "~/broadcasts/run-spec";
import { encryptPhone, phoneBlindIndex, type PhoneKeyring } from "~/audience/phone-crypto.server";
import type { ContentSource } from "~/content/content-source";
import type { Region } from "~/content/schemas";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

/** One region per country, with the zone its people live in. */
export const TEST_REGIONS: ReadonlyArray<RegionZone & { name: string }> = [
  { code: "KG-GB", country: "KG", timezone: "Asia/Bishkek", name: "Bishkek" },
  { code: "KZ-75", country: "KZ", timezone: "Asia/Almaty", name: "Almaty" },
  { code: "TJ-DU", country: "TJ", timezone: "Asia/Dushanbe", name: "Dushanbe" },
  { code: "UZ-TK", country: "UZ", timezone: "Asia/Tashkent", name: "Tashkent" },
  { code: "AF-KAB", country: "AF", timezone: "Asia/Kabul", name: "Kabul" },
  { code: "PK-IS", country: "PK", timezone: "Asia/Karachi", name: "Islamabad" },
  { code: "IQ-BG", country: "IQ", timezone: "Asia/Baghdad", name: "Baghdad" },
];

/** A number per country prefix (the last digits vary with `n`). */
export function testNumber(country: string, n: number): string {
  const prefix: Record<string, string> = { KG: "+996555", KZ: "+7701", TJ: "+992900", UZ: "+998901", AF: "+93701", PK: "+92300", IQ: "+964770" };
  return `${prefix[country] ?? "+44770"}${String(n).padStart(7, "0")}`;
}

export interface SeedSubscriber {
  phone: string;
  country?: string | null;
  regionCode?: string | null;
  locale?: string | null;
  channel?: "sms" | "whatsapp";
  campaign?: string | null;
  status?: "pending" | "active" | "opted_out";
  consentAt?: Date;
  lastInboundAt?: Date | null;
  conversation?: object | null;
}

/** Inserts subscribers in chunks (one statement per 2,000); returns their ids in order. */
export async function seedSubscribers(db: Database, keyring: PhoneKeyring, subscribers: readonly SeedSubscriber[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < subscribers.length; start += 2_000) {
    const chunk = subscribers.slice(start, start + 2_000).map((s) => ({
      ciphertext: encryptPhone(keyring, s.phone),
      blind: phoneBlindIndex(keyring, s.phone),
      channel: s.channel ?? "sms",
      locale: s.locale === undefined ? "ru" : s.locale,
      country: s.country === undefined ? "KG" : s.country,
      region: s.regionCode === undefined ? null : s.regionCode,
      campaign: s.campaign ?? null,
      status: s.status ?? "active",
      consent: (s.consentAt ?? new Date("2026-01-01T00:00:00Z")).toISOString(),
      inbound: s.lastInboundAt ? s.lastInboundAt.toISOString() : null,
      conversation: s.conversation ?? null,
    }));
    const inserted = await runSql<{ id: string | number }>(db, sql`
      insert into subscribers (phone_ciphertext, phone_index, channel, locale, country, region_code, campaign, status,
        consent_at, consent_source, last_inbound_at, conversation)
      select ciphertext, blind, channel, locale, country, region, campaign, status, consent::timestamptz, 'sms-keyword',
        inbound::timestamptz, conversation
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as x(ciphertext text, blind text, channel text, locale text, country text, region text, campaign text, status text,
             consent text, inbound text, conversation jsonb)
      returning id::text as id`);
    ids.push(...inserted.rows.map((row) => Number(row.id)));
  }
  return ids;
}

export function broadcastDoc(overrides: Partial<BroadcastDocument> = {}): BroadcastDocument {
  return {
    id: "broadcast-test",
    title: "Test broadcast",
    campaignSlug: "know-before-you-go",
    fallbackLocale: "en",
    messages: { en: "Before you go: check your contract.", ru: "Перед отъездом проверьте договор.", ky: "Кетер алдында келишимди текшериңиз." },
    channel: "sms",
    whatsappTemplates: {},
    audience: { countries: [], regionCodes: [], locales: [], minSubscriptionDays: null, campaignSlug: null },
    schedule: { mode: "at", sendAt: "2026-12-01T10:00" },
    sendWindow: { start: "09:00", end: "20:00" },
    status: "scheduled",
    approvedAt: null,
    maxRecipients: null,
    updatedAt: "2026-11-01T00:00:00Z",
    ...overrides,
  };
}

export function sequenceDoc(overrides: Partial<SequenceDocument> = {}): SequenceDocument {
  return {
    id: "sequence-test",
    title: "Welcome sequence",
    campaignSlug: "know-before-you-go",
    fallbackLocale: "en",
    active: true,
    steps: [
      { key: "welcome", dayOffset: 0, messages: { en: "Welcome.", ru: "Добро пожаловать." }, whatsappTemplate: null },
      { key: "contract", dayOffset: 3, messages: { en: "Check your contract before you sign." }, whatsappTemplate: null },
    ],
    sendWindow: { start: "09:00", end: "20:00" },
    ...overrides,
  };
}

/** Serves the given documents as the content layer would (mutable: tests edit them between ticks). */
export function documentsContent(documents: { broadcasts?: BroadcastDocument[]; sequences?: SequenceDocument[] } = {}): Pick<ContentSource, "broadcasts" | "sequences" | "regions"> & {
  broadcastList: BroadcastDocument[];
  sequenceList: SequenceDocument[];
} {
  const broadcastList = documents.broadcasts ?? [];
  const sequenceList = documents.sequences ?? [];
  return {
    broadcastList,
    sequenceList,
    broadcasts: async () => broadcastList,
    sequences: async () => sequenceList,
    regions: async (): Promise<Region[]> => TEST_REGIONS.map((r) => ({ _id: `region-${r.code}`, ...r })),
  };
}

export interface BroadcastRowView {
  subscriber_id: number;
  channel: string;
  body: string | null;
  content_sid: string | null;
  status: string;
  due_ms: number;
  closes_ms: number | null;
  segments: number;
  sender: string | null;
  error_code: string | null;
}

export async function broadcastRows(db: Database, runId?: number): Promise<BroadcastRowView[]> {
  const result = await runSql<BroadcastRowView>(db, sql`
    select subscriber_id::int as subscriber_id, channel, body, content_sid, status, segments::int as segments, sender, error_code,
      (extract(epoch from next_attempt_at) * 1000)::float8 as due_ms,
      (extract(epoch from window_closes_at) * 1000)::float8 as closes_ms
    from outbox_messages where broadcast_run_id is not null ${runId === undefined ? sql`` : sql`and broadcast_run_id = ${runId}`}
    order by subscriber_id`);
  return result.rows.map((row) => ({
    ...row,
    subscriber_id: Number(row.subscriber_id),
    due_ms: Number(row.due_ms),
    closes_ms: row.closes_ms === null ? null : Number(row.closes_ms),
  }));
}
