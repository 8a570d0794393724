/**
 * The reach dashboard's filters, read from GET query parameters (the page and its CSV take the
 * same ones, so a CSV link is the page's URL with `.csv`): date range, campaign, locale, channel,
 * and the staff interface language. Dates are widened to whole ISO weeks (Monday to Sunday, UTC):
 * weeks are the finest time grain any figure is published at, so two date ranges can never be
 * subtracted to reveal one day (docs/decisions/022-small-number-suppression.md).
 */
import { z } from "zod";
import { LOCALES, type Locale } from "~/i18n/locales";
import { REACH_CHANNELS, type ReachChannel } from "./reach-events";

/** The staff interface languages of this page. */
export const REACH_UI_LANGUAGES = ["en", "ru"] as const;
export type ReachUiLanguage = (typeof REACH_UI_LANGUAGES)[number];

const DAY_MS = 86_400_000;
/** The default range: the four weeks up to and including this one. */
export const DEFAULT_WEEKS = 4;
/** The longest range, so one request stays cheap. */
export const MAX_WEEKS = 106;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date (YYYY-MM-DD)")
  .refine(
    (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    "must be a real date",
  );

/** Empty select values mean "all". */
const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal("").transform(() => undefined), schema]).optional();

export const reachQuerySchema = z.object({
  from: optional(isoDate),
  to: optional(isoDate),
  campaign: optional(z.string().regex(/^[a-z0-9][a-z0-9-]{0,95}$/, "must be a campaign slug")),
  locale: optional(z.enum(LOCALES)),
  channel: optional(z.enum(REACH_CHANNELS)),
  lang: optional(z.enum(REACH_UI_LANGUAGES)),
});

/** Filters as the query reads them: whole weeks, and the optional dimensions. */
export interface ReachFilters {
  /** Monday of the first week (YYYY-MM-DD). */
  from: string;
  /** Sunday of the last week. */
  to: string;
  /** Mondays of every week in the range, oldest first. */
  weeks: string[];
  campaign?: string;
  locale?: Locale;
  channel?: ReachChannel;
}

export type ReachFilterParse =
  { ok: true; filters: ReachFilters; lang?: ReachUiLanguage } | { ok: false; problems: string[]; lang?: ReachUiLanguage };

const day = (date: Date) => date.toISOString().slice(0, 10);
const at = (value: string) => new Date(`${value}T00:00:00Z`);

/** Monday (UTC) of the ISO week of a day. */
export function weekStart(value: string): string {
  const date = at(value);
  return day(new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS));
}

/** Parses the query; `today` (the injected clock's date) anchors the default range. */
export function parseReachFilters(params: URLSearchParams, today: Date): ReachFilterParse {
  const raw = Object.fromEntries(
    ["from", "to", "campaign", "locale", "channel", "lang"].map((name) => [name, params.get(name) ?? undefined]),
  );
  const parsed = reachQuerySchema.safeParse(raw);
  const lang = reachQuerySchema.shape.lang.safeParse(raw.lang).data;
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`), lang };
  const { from, to, campaign, locale, channel } = parsed.data;
  const lastDay = to ?? day(today);
  const firstWeek = weekStart(from ?? day(new Date(at(weekStart(lastDay)).getTime() - (DEFAULT_WEEKS - 1) * 7 * DAY_MS)));
  const lastWeek = weekStart(lastDay);
  if (firstWeek > lastWeek) return { ok: false, problems: ["from: must not be after to"], lang };
  const weeks: string[] = [];
  for (let t = at(firstWeek).getTime(); t <= at(lastWeek).getTime(); t += 7 * DAY_MS) weeks.push(day(new Date(t)));
  if (weeks.length > MAX_WEEKS) return { ok: false, problems: [`to: the range may span at most ${MAX_WEEKS} weeks`], lang };
  const filters: ReachFilters = { from: firstWeek, to: day(new Date(at(lastWeek).getTime() + 6 * DAY_MS)), weeks };
  if (campaign) filters.campaign = campaign;
  if (locale) filters.locale = locale;
  if (channel) filters.channel = channel;
  return { ok: true, filters, lang: parsed.data.lang };
}

/** The query string of a set of filters (for the CSV link and the form's values). */
export function reachFilterQuery(filters: ReachFilters, lang?: ReachUiLanguage): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.campaign) params.set("campaign", filters.campaign);
  if (filters.locale) params.set("locale", filters.locale);
  if (filters.channel) params.set("channel", filters.channel);
  if (lang) params.set("lang", lang);
  return params.toString();
}
