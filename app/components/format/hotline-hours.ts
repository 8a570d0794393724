/**
 * Opening hours in the reader's language: weekday names and times from CLDR via Intl, the hotline's
 * time zone shown as a UTC offset ("GMT+6"), computed from tzdata, never hard-coded.
 */
import type { Locale } from "~/i18n/locales";
import type { Hotline } from "~/content/schemas";
import { dateTimeFormat, listFormat } from "./intl-cache";

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Weekday = (typeof WEEK)[number];

const weekdayNames = new Map<Locale, readonly string[]>();

// 2024-01-01 was a Monday: a reference week for naming weekdays, computed once per locale.
function weekdayName(day: Weekday, locale: Locale): string {
  let names = weekdayNames.get(locale);
  if (!names) {
    const format = dateTimeFormat(locale, { weekday: "short", timeZone: "UTC" });
    names = WEEK.map((_, index) => format.format(new Date(Date.UTC(2024, 0, 1 + index, 12))));
    weekdayNames.set(locale, names);
  }
  return names[WEEK.indexOf(day)]!;
}

/** Runs of consecutive days ("Mon–Fri", "Sun"), in week order. */
function dayRanges(days: readonly Weekday[], locale: Locale): string[] {
  const indexes = [...new Set(days.map((day) => WEEK.indexOf(day)))].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const index of indexes) {
    const last = runs[runs.length - 1];
    if (last && index === last[1] + 1) last[1] = index;
    else runs.push([index, index]);
  }
  return runs.map(([from, to]) =>
    from === to ? weekdayName(WEEK[from]!, locale) : `${weekdayName(WEEK[from]!, locale)}–${weekdayName(WEEK[to]!, locale)}`,
  );
}

const clocks = new Map<string, string>();

/** "09:00" in the locale's digits; there are at most 1,440 times per locale. */
function clock(time: string, locale: Locale): string {
  const key = `${locale} ${time}`;
  let text = clocks.get(key);
  if (text === undefined) {
    const [hours, minutes] = time.split(":").map(Number);
    const date = new Date(Date.UTC(2024, 0, 1, hours ?? 0, minutes ?? 0));
    text = dateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(date);
    clocks.set(key, text);
  }
  return text;
}

const offsetLabels = new Map<string, string>();

/**
 * "GMT+6" for Asia/Bishkek, in the reader's locale. Remembered per hour: offsets change only at
 * daylight-saving transitions, which happen on the hour.
 */
export function timeZoneOffsetLabel(timeZone: string, locale: Locale, now: Date = new Date()): string {
  const key = `${timeZone} ${locale} ${now.toISOString().slice(0, 13)}`;
  let label = offsetLabels.get(key);
  if (label === undefined) {
    const parts = dateTimeFormat(locale, { timeZone, timeZoneName: "shortOffset" }).formatToParts(now);
    label = parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
    // Keys of past hours are never read again: start afresh rather than grow forever.
    if (offsetLabels.size > 1_000) offsetLabels.clear();
    offsetLabels.set(key, label);
  }
  return label;
}

/** Hours of a hotline that is not open around the clock, e.g. "Mon–Fri 09:00–18:00 (GMT+6)". */
export function formatHours(hours: Hotline["hours"], locale: Locale): string {
  const list = listFormat(locale, { type: "conjunction" });
  const days = hours.days && hours.days.length > 0 ? list.format(dayRanges(hours.days, locale)) : "";
  const times = hours.opens && hours.closes ? `${clock(hours.opens, locale)}–${clock(hours.closes, locale)}` : "";
  const zone = times ? `(${timeZoneOffsetLabel(hours.timezone, locale)})` : "";
  return [days, times, zone].filter(Boolean).join(" ");
}
