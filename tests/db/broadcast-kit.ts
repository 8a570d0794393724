/**
 * Shared set-up for the broadcast tests: subscribers seeded with really encrypted numbers (so
 * the dispatcher can decrypt and the fake Twilio can count per number), broadcast and sequence
 * documents as the content layer returns them, regions with their zones, and a content source
 * that serves those documents (the same interface the jobs use).
 */
import { sql } from "drizzle-orm";
import { approve as recordApproval, submitForApproval, type ApprovalRecord } from "~/broadcasts/approvals.server";
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import { broadcastContentHash, sequenceContentHash } from "~/broadcasts/content-hash";
import type { RegionZone } from "~/broadcasts/run-spec";
import { encryptPhone, phoneBlindIndex, type PhoneKeyring } from "~/audience/phone-crypto.server";
import type { ContentSource } from "~/content/content-source";
import type { Region } from "~/content/schemas";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { OUTBOX_BODY } from "~/outbox/outbox-row.server";

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

/** A valid mobile number per country (the last seven digits vary with `n`): the inbound path answers no other. */
export function testNumber(country: string, n: number): string {
  const prefix: Record<string, string> = {
    KG: "+99655",
    KZ: "+7701",
    TJ: "+99290",
    UZ: "+99890",
    AF: "+9370",
    PK: "+92300",
    IQ: "+964770",
  };
  return `${prefix[country] ?? "+44740"}${String(n).padStart(7, "0")}`;
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
  /** Where they are now (ISO country, `ZZ`), null when not asked. */
  currentPlace?: string | null;
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
      place: s.currentPlace ?? null,
    }));
    const inserted = await runSql<{ id: string | number }>(
      db,
      sql`
      insert into subscribers (phone_ciphertext, phone_index, channel, locale, country, region_code, campaign, status,
        consent_at, consent_source, last_inbound_at, conversation, current_place)
      select ciphertext, blind, channel, locale, country, region, campaign, status, consent::timestamptz, 'sms-keyword',
        inbound::timestamptz, conversation, place
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as x(ciphertext text, blind text, channel text, locale text, country text, region text, campaign text, status text,
             consent text, inbound text, conversation jsonb, place text)
      returning id::text as id`,
    );
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
    messages: {
      en: "Before you go: check your contract.",
      ru: "Перед отъездом проверьте договор.",
      ky: "Кетер алдында келишимди текшериңиз.",
    },
    channel: "sms",
    whatsappTemplates: {},
    audience: { countries: [], regionCodes: [], locales: [], minSubscriptionDays: null, campaignSlug: null },
    schedule: { mode: "at", sendAt: "2026-12-01T10:00" },
    sendWindow: { start: "09:00", end: "20:00" },
    status: "scheduled",
    maxRecipients: null,
    updatedAt: "2026-11-01T00:00:00Z",
    isSample: false,
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
    isSample: false,
    ...overrides,
  };
}

/** Serves the given documents as the content layer would (mutable: tests edit them between ticks). */
export function documentsContent(documents: { broadcasts?: BroadcastDocument[]; sequences?: SequenceDocument[] } = {}): Pick<
  ContentSource,
  "broadcasts" | "sequences" | "regions"
> & {
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
  const result = await runSql<BroadcastRowView>(
    db,
    sql`
    select subscriber_id::int as subscriber_id, channel, ${OUTBOX_BODY} as body, content_sid, status, segments::int as segments, sender, error_code,
      (extract(epoch from next_attempt_at) * 1000)::float8 as due_ms,
      (extract(epoch from window_closes_at) * 1000)::float8 as closes_ms
    from outbox_messages o where broadcast_run_id is not null ${runId === undefined ? sql`` : sql`and broadcast_run_id = ${runId}`}
    order by subscriber_id`,
  );
  return result.rows.map((row) => ({
    ...row,
    subscriber_id: Number(row.subscriber_id),
    due_ms: Number(row.due_ms),
    closes_ms: row.closes_ms === null ? null : Number(row.closes_ms),
  }));
}

/** The two people of a four-eyes approval in tests: an editor who prepares, an approver who approves. */
export async function approvalStaff(db: Database): Promise<{ preparer: number; approver: number }> {
  await runSql(
    db,
    sql`
    insert into staff_users (email, display_name, role) values
      ('preparer@kit.test', 'Kit preparer', 'editor'), ('approver@kit.test', 'Kit approver', 'approver')
    on conflict (email) do nothing`,
  );
  const users = await runSql<{ id: number; email: string }>(
    db,
    sql`select id::int as id, email from staff_users where email in ('preparer@kit.test', 'approver@kit.test')`,
  );
  const idOf = (email: string) => Number(users.rows.find((row) => row.email === email)!.id);
  return { preparer: idOf("preparer@kit.test"), approver: idOf("approver@kit.test") };
}

/**
 * Records a four-eyes approval of the document as it is now (its current content hash), as an
 * editor's submission and another person's approval on the staff page would: what the jobs need
 * before they send anything of it (docs/decisions/024-four-eyes-approval.md).
 */
export async function approve(db: Database, document: BroadcastDocument | SequenceDocument, now?: Date): Promise<ApprovalRecord> {
  const { preparer, approver } = await approvalStaff(db);
  const isSequence = "steps" in document;
  const hash = isSequence ? sequenceContentHash(document) : broadcastContentHash(document);
  const submitted = await submitForApproval(
    db,
    {
      subject: isSequence ? "sequence" : "broadcast",
      documentId: document.id,
      contentHash: hash,
      title: document.title,
      recipients: 0,
      preparedBy: preparer,
    },
    now,
  );
  if (submitted.approvedAt) return submitted;
  const approved = await recordApproval(
    db,
    { approvalId: submitted.id, approverId: approver, currentHash: hash, seenHash: hash, recipientsNow: 0, selfApprovalMax: 50 },
    now,
  );
  if (!approved.ok) throw new Error(`kit approval refused: ${approved.reason}`);
  return approved.approval;
}
