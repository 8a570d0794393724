/**
 * What the broadcast page (/staff/broadcasts/:id) shows for one broadcast or sequence: its
 * approval state for the current content (and earlier approved versions), the audience by country
 * and language with the estimated cost, the schedule in each zone's local time, a preview of
 * every language's text as an SMS (direction, segments, encoding), the staff user's masked test
 * phone, and every run with its progress and failures by kind. Counts only; no number or body
 * of anyone but the content itself.
 */
import { sql } from "drizzle-orm";
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import { approvalsOf, selfApprovalAllowed, type ApprovalRecord } from "~/broadcasts/approvals.server";
import type { BroadcastDocument, SequenceDocument, WhatsAppTemplate } from "~/broadcasts/broadcast-spec";
import { broadcastContentHash, sequenceContentHash, shortHash, type ApprovalSubject } from "~/broadcasts/content-hash";
import type { CostEstimate } from "~/broadcasts/cost-estimate";
import { audienceZones } from "~/broadcasts/due-occurrence";
import { regionZones } from "~/broadcasts/plan.server";
import { loadPriceTable } from "~/broadcasts/price-table.server";
import { estimateBroadcast, runProgress, type RunProgress } from "~/broadcasts/progress.server";
import { nextOccurrence, occurrenceLocalTime } from "~/broadcasts/recurrence";
import { resolveTexts, RunTextMissingError, zoneRows, type RunText } from "~/broadcasts/run-spec";
import { listRuns, type RunSource, type RunSummary } from "~/broadcasts/runs.server";
import { describeSamplePolicy, samplePolicy } from "~/broadcasts/sample-policy";
import { formatWallClock, instantOfWallClock, parseLocalDateTime } from "~/broadcasts/zoned-time";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { Env } from "~/env.server";
import { direction, LOCALES, type Locale } from "~/i18n/locales";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { smsSegments, type SmsEncoding } from "~/messaging/sms-segments";
import { maskPhone, testPhoneOf } from "./test-phones.server";

export type PageDocument = { subject: "broadcast"; doc: BroadcastDocument } | { subject: "sequence"; doc: SequenceDocument };

/** The broadcast or sequence with this id in the content, or null. */
export async function findPageDocument(content: Pick<ContentSource, "broadcasts" | "sequences">, id: string): Promise<PageDocument | null> {
  const broadcast = (await content.broadcasts()).find((doc) => doc.id === id);
  if (broadcast) return { subject: "broadcast", doc: broadcast };
  const sequence = (await content.sequences()).find((doc) => doc.id === id);
  return sequence ? { subject: "sequence", doc: sequence } : null;
}

/** The document's current content hash, or null when it cannot be sent (a text is missing). */
export function currentHash(page: PageDocument): string | null {
  try {
    return page.subject === "broadcast" ? broadcastContentHash(page.doc) : sequenceContentHash(page.doc);
  } catch (error) {
    if (error instanceof RunTextMissingError) return null;
    throw error;
  }
}

export function runSourceFor(subject: ApprovalSubject): RunSource {
  return subject === "broadcast" ? "broadcast" : "sequence-step";
}

export interface ApprovalView {
  id: number;
  shortHash: string;
  current: boolean;
  recipients: number;
  preparedById: number;
  preparedBy: string;
  preparedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  recipientCap: number | null;
}

export interface TextPreview {
  locale: Locale;
  dir: "ltr" | "rtl";
  textLocale: Locale;
  body: string;
  segments: number;
  encoding: SmsEncoding;
  characters: number;
  nonGsm: string[];
  contentSid: string | null;
}

export interface ScheduleRow {
  zone: string;
  countries: string[];
  /** The audience's regions in this zone (all of the countries' regions when it names none), by name. */
  regions: string[];
  local: string;
  utc: string;
}

export interface RunView {
  run: Omit<RunSummary, "createdAt"> & { createdAt: string };
  progress: RunProgress;
}

export interface BroadcastPage {
  subject: ApprovalSubject;
  id: string;
  title: string;
  status: string;
  isSample: boolean;
  samplePolicy: string;
  hash: string | null;
  shortHash: string | null;
  /** The live submission of the current content (approved or waiting), if any. */
  current: ApprovalView | null;
  /** Approved versions that are not the current content, newest first. */
  older: ApprovalView[];
  selfApprovalMax: number;
  /** Whether this user may approve the current submission (not theirs, or theirs and small enough). */
  mayApproveCurrent: boolean;
  estimate: CostEstimate | null;
  estimatesProblem: string | null;
  schedule: { mode: "at" | "asap" | "recurring" | "days"; time: string; window: { start: string; end: string }; rows: ScheduleRow[] };
  /** One group per step for a sequence (day offset), one group for a broadcast. */
  previews: Array<{ label: string | null; texts: TextPreview[] }>;
  testPhone: string | null;
  runs: RunView[];
  failuresByKind: Record<string, number>;
  now: string;
}

export interface BroadcastPageServices {
  db: Database;
  content: ContentSource;
  env: Pick<Env, "PRICE_TABLE_FILE" | "BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS" | "messagingTransport" | "isProduction">;
  keyring: PhoneKeyring;
  logger: Logger;
  now: () => Date;
}

async function userNames(db: Database, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const list = sql.join(
    [...new Set(ids)].map((id) => sql`${id}`),
    sql`, `,
  );
  const result = await runSql<{ id: number; display_name: string }>(
    db,
    sql`select id::int as id, display_name from staff_users where id in (${list})`,
  );
  return new Map(result.rows.map((row) => [Number(row.id), row.display_name]));
}

function approvalViews(records: readonly ApprovalRecord[], names: Map<number, string>, hash: string | null): ApprovalView[] {
  return records.map((record) => ({
    id: record.id,
    shortHash: shortHash(record.contentHash),
    current: record.contentHash === hash,
    recipients: record.recipients,
    preparedById: record.preparedBy,
    preparedBy: names.get(record.preparedBy) ?? `#${record.preparedBy}`,
    preparedAt: record.preparedAt.toISOString(),
    approvedBy: record.approvedBy === null ? null : (names.get(record.approvedBy) ?? `#${record.approvedBy}`),
    approvedAt: record.approvedAt?.toISOString() ?? null,
    recipientCap: record.recipientCap,
  }));
}

function previewsOf(
  messages: Partial<Record<Locale, string>>,
  templates: Partial<Record<Locale, WhatsAppTemplate>>,
  fallback: Locale,
  locales: readonly Locale[],
): TextPreview[] {
  let texts: RunText[];
  try {
    texts = resolveTexts(messages, templates, fallback);
  } catch (error) {
    if (error instanceof RunTextMissingError) return [];
    throw error;
  }
  const shown = new Set(locales.length > 0 ? locales : LOCALES);
  return texts
    .filter((text) => shown.has(text.locale))
    .map((text) => {
      const info = smsSegments(text.body);
      return {
        locale: text.locale,
        // The direction of the text as written: an RTL locale falling back to English shows English.
        dir: direction(text.textLocale),
        textLocale: text.textLocale,
        body: text.body,
        segments: info.segments,
        encoding: info.encoding,
        characters: info.characters,
        nonGsm: info.nonGsmCharacters,
        contentSid: text.contentSid,
      };
    });
}

/** The next delivery in each zone of the audience, in its local time and in UTC, with the regions it covers. */
async function scheduleOf(page: PageDocument, content: ContentSource, now: Date, lang: Locale): Promise<BroadcastPage["schedule"]> {
  const window = { ...page.doc.sendWindow };
  if (page.subject === "sequence") {
    const days = [...page.doc.steps].map((step) => step.dayOffset).sort((a, b) => a - b);
    return { mode: "days", time: days.join(", "), window, rows: [] };
  }
  const broadcast = page.doc;
  const allZones = zoneRows(await regionZones(content));
  const zones = audienceZones(broadcast, allZones);
  const regions = await content.regions(lang);
  const { countries, regionCodes } = broadcast.audience;
  const countriesOf = (zone: string) => [...new Set(allZones.filter((row) => row.zone === zone).map((row) => row.country))].sort();
  const regionsOf = (zone: string) =>
    regions
      .filter(
        (region) =>
          region.timezone === zone &&
          (countries.length === 0 || (countries as readonly string[]).includes(region.country)) &&
          (regionCodes.length === 0 || regionCodes.includes(region.code)),
      )
      .map((region) => region.name)
      .sort();
  const { schedule } = broadcast;
  if (schedule.mode === "whenApproved") return { mode: "asap", time: "", window, rows: [] };
  if (schedule.mode === "at") {
    const wall = parseLocalDateTime(schedule.sendAt);
    const rows = wall
      ? zones.map((zone) => ({
          zone,
          countries: countriesOf(zone),
          regions: regionsOf(zone),
          local: formatWallClock(wall).slice(0, 16),
          utc: instantOfWallClock(wall, zone).toISOString(),
        }))
      : [];
    return { mode: "at", time: schedule.sendAt.replace("T", " "), window, rows };
  }
  const rows: ScheduleRow[] = [];
  for (const zone of zones) {
    const next = nextOccurrence({ cron: schedule.recurrence, timeZone: zone }, now);
    if (next) {
      rows.push({
        zone,
        countries: countriesOf(zone),
        regions: regionsOf(zone),
        local: occurrenceLocalTime({ cron: schedule.recurrence, timeZone: zone }, next).slice(0, 16),
        utc: next.toISOString(),
      });
    }
  }
  return { mode: "recurring", time: schedule.recurrence, window, rows };
}

/** `lang`: the staff page's language, for region names. */
export async function loadBroadcastPage(
  services: BroadcastPageServices,
  page: PageDocument,
  userId: number,
  lang: Locale,
): Promise<BroadcastPage> {
  const now = services.now();
  const hash = currentHash(page);
  const records = await approvalsOf(services.db, page.subject, [page.doc.id]);
  const live = records.filter((record) => record.revokedAt === null);
  const names = await userNames(
    services.db,
    live.flatMap((record) => [record.preparedBy, ...(record.approvedBy === null ? [] : [record.approvedBy])]),
  );
  const views = approvalViews(live, names, hash);
  const current = views.find((view) => view.current) ?? null;
  const older = views.filter((view) => !view.current && view.approvedAt !== null);
  const max = services.env.BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS;

  let estimate: CostEstimate | null = null;
  let estimatesProblem: string | null = null;
  if (page.subject === "broadcast") {
    try {
      estimate = await estimateBroadcast(services.db, page.doc, await loadPriceTable(services.env));
    } catch (error) {
      const facts = errorFacts(error);
      services.logger.error({ error: facts, documentId: page.doc.id }, "staff: broadcast estimate unavailable");
      // Only a message this codebase wrote (a bad price table, a missing text), never a driver's.
      estimatesProblem = facts.message ?? "unavailable";
    }
  }
  const recipientsNow = Math.min(estimate?.recipients ?? 0, page.subject === "broadcast" ? (page.doc.maxRecipients ?? Infinity) : Infinity);
  const mayApproveCurrent =
    current !== null &&
    current.approvedAt === null &&
    (current.preparedById !== userId || selfApprovalAllowed(page.subject, Math.max(current.recipients, recipientsNow), max));

  const previews =
    page.subject === "broadcast"
      ? [
          {
            label: null,
            texts: previewsOf(page.doc.messages, page.doc.whatsappTemplates, page.doc.fallbackLocale, page.doc.audience.locales),
          },
        ]
      : [...page.doc.steps]
          .sort((a, b) => a.dayOffset - b.dayOffset)
          .map((step) => ({
            label: String(step.dayOffset),
            texts: previewsOf(
              step.messages,
              step.whatsappTemplate ? { [page.doc.fallbackLocale]: step.whatsappTemplate } : {},
              page.doc.fallbackLocale,
              [],
            ),
          }));

  const runs = await listRuns(services.db, { source: runSourceFor(page.subject), documentId: page.doc.id });
  const progress = await Promise.all(runs.map((run) => runProgress(services.db, run.id)));
  const failuresByKind: Record<string, number> = {};
  for (const each of progress) {
    for (const [kind, count] of Object.entries(each.failedByKind)) failuresByKind[kind] = (failuresByKind[kind] ?? 0) + count;
  }
  const testPhone = await testPhoneOf(services.db, services.keyring, userId);

  return {
    subject: page.subject,
    id: page.doc.id,
    title: page.doc.title,
    status: page.subject === "broadcast" ? page.doc.status : page.doc.active ? "active" : "inactive",
    isSample: page.doc.isSample,
    samplePolicy: describeSamplePolicy(samplePolicy(services.env)),
    hash,
    shortHash: hash ? shortHash(hash) : null,
    current,
    older,
    selfApprovalMax: max,
    mayApproveCurrent,
    estimate,
    estimatesProblem,
    schedule: await scheduleOf(page, services.content, now, lang),
    previews,
    testPhone: testPhone ? maskPhone(testPhone) : null,
    runs: runs.map((run, index) => ({ run: { ...run, createdAt: run.createdAt.toISOString() }, progress: progress[index]! })),
    failuresByKind,
    now: now.toISOString(),
  };
}
