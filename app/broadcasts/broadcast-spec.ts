/**
 * Broadcasts and sequences as the jobs read them from content: every locale at once (a broadcast
 * goes to people of many languages), references resolved to codes and slugs, Studio shapes
 * (arrays of `{locale, …}`, `{key, value}` pairs) turned into plain records. The content layer
 * parses documents into these types with zod (app/content/broadcast-schemas.ts) and skips, with
 * a report, any document that does not fit.
 */
import type { Country, Locale } from "~/i18n/locales";
import type { SendWindow } from "./send-window";

export type BroadcastChannel = "sms" | "whatsapp" | "subscriberPreference";
export type BroadcastStatus = "draft" | "scheduled" | "paused" | "cancelled";

/** An approved WhatsApp template (Twilio Content API): sent outside the 24-hour window. */
export interface WhatsAppTemplate {
  contentSid: string;
  /** Placeholder → value: `{ "1": "…" }` fills `{{1}}`. */
  variables: Record<string, string>;
}

export type BroadcastScheduleSpec =
  /** `sendAt` is a recipient-local "YYYY-MM-DD HH:MM" (a `T` separator is accepted too). */
  | { mode: "at"; sendAt: string }
  | { mode: "whenApproved" }
  /** Five cron fields on each recipient's own clock. */
  | { mode: "recurring"; recurrence: string };

export interface BroadcastAudience {
  /** Empty: every country. */
  countries: Country[];
  /** ISO 3166-2 region codes; empty: whole countries. */
  regionCodes: string[];
  /** Empty: every locale. */
  locales: Locale[];
  /** Only subscribers whose consent is at least this many days old. */
  minSubscriptionDays: number | null;
  /** Only subscribers who joined through this campaign's keyword. */
  campaignSlug: string | null;
}

export interface BroadcastDocument {
  id: string;
  title: string;
  /** The campaign the broadcast belongs to, and that campaign's fallback locale. */
  campaignSlug: string;
  fallbackLocale: Locale;
  /** Text per locale; locales without text are absent (never empty strings). */
  messages: Partial<Record<Locale, string>>;
  channel: BroadcastChannel;
  whatsappTemplates: Partial<Record<Locale, WhatsAppTemplate>>;
  audience: BroadcastAudience;
  schedule: BroadcastScheduleSpec;
  sendWindow: SendWindow;
  status: BroadcastStatus;
  maxRecipients: number | null;
  /** `_updatedAt`: identifies the version a run was planned from. */
  updatedAt: string;
  /**
   * Sample content (the shipped dataset): sent only where no message can reach a real phone
   * (./sample-policy.ts). False unless the document says `isSample: true`.
   */
  isSample: boolean;
}

export interface SequenceStep {
  /** The step's `_key`: stable across edits, so a run per step survives reordering. */
  key: string;
  dayOffset: number;
  messages: Partial<Record<Locale, string>>;
  whatsappTemplate: WhatsAppTemplate | null;
}

export interface SequenceDocument {
  id: string;
  title: string;
  campaignSlug: string;
  fallbackLocale: Locale;
  active: boolean;
  steps: SequenceStep[];
  sendWindow: SendWindow;
  /** Sample content, as for broadcasts: enrolls no one where messages can reach real phones. */
  isSample: boolean;
}

/** The text for a locale: its own, else the fallback locale's; null only when both are missing. */
export function textForLocale(messages: Partial<Record<Locale, string>>, locale: Locale | null, fallback: Locale): string | null {
  const own = locale ? messages[locale]?.trim() : undefined;
  if (own) return own;
  return messages[fallback]?.trim() || null;
}
