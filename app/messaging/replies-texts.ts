/**
 * The reply texts a conversation uses in one locale: the built-in defaults
 * (app/i18n/sms-replies/) with CMS overrides merged over them. An override is used only when it
 * is a non-empty string that keeps the placeholders its key needs, so a half-edited CMS text
 * can never drop the hotline number from a confirmation.
 */
import { z } from "zod";
import type { Locale } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES, SMS_REPLY_KEYS, SMS_REPLY_PLACEHOLDERS, type SmsReplyKey, type SmsReplyTexts } from "~/i18n/sms-replies";
import { format } from "~/i18n/ui-strings";

/** Overrides for one locale, as the CMS gives them (unknown keys and empty values ignored). */
export type ReplyTextOverrides = Partial<Record<SmsReplyKey, string | null | undefined>>;

const overrideValue = z.string().trim().min(1).max(480);

export function resolveReplyTexts(locale: Locale, overrides?: ReplyTextOverrides | null): SmsReplyTexts {
  const defaults = DEFAULT_SMS_REPLIES[locale];
  if (!overrides) return defaults;
  const merged: SmsReplyTexts = { ...defaults };
  for (const key of SMS_REPLY_KEYS) {
    const parsed = overrideValue.safeParse(overrides[key]);
    if (!parsed.success) continue;
    const required = SMS_REPLY_PLACEHOLDERS[key] ?? [];
    if (required.every((name) => parsed.data.includes(`{${name}}`))) merged[key] = parsed.data;
  }
  return merged;
}

/** Ends a reply with how to stop, the rule for every message but the STOP and DELETE confirmations. */
export function withStopHint(text: string, texts: SmsReplyTexts): string {
  return `${text}\n${texts.stopHint}`;
}

/** Fills `{name}` placeholders. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return format(template, values);
}
