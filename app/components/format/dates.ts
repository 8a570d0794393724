/** Dates in the reader's locale and calendar digits (CLDR via Intl). */
import type { Locale } from "~/i18n/locales";
import { dateTimeFormat } from "./intl-cache";

/** A calendar date such as "12 March 2025"; `iso` may be a date or a date-time. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
}
