/**
 * The reach dashboard's interface strings, in English and Russian (the staff pages' languages;
 * the other staff pages are English only so far). Chosen by `?lang=` or else Accept-Language.
 * Placeholders are `{name}`, filled by `format` (app/i18n/ui-strings.ts).
 */
import { parseAcceptLanguage } from "~/http/accept-language";
import type { ReachUiLanguage } from "~/analytics/reach-filters";
import type { ReachMetric } from "~/analytics/reach-metrics";

const en = {
  title: "Reach",
  intro: "What the campaigns reached, counted without identifying anyone: no phone number, address or visitor is stored, only counts.",
  smallNumbers:
    "“<5” means fewer than 5. “hidden” means 5 or more, hidden so that a small count beside it cannot be worked out from a total. Counts under 5 for one week, place, language and channel are left out of every figure, so no filter can reveal them by subtraction.",
  weeks: "Whole weeks, Monday to Sunday (UTC): {from} to {to}.",
  filters: "Filters",
  from: "From",
  to: "To",
  campaign: "Campaign",
  locale: "Language",
  channel: "Channel",
  all: "All",
  apply: "Show",
  downloadCsv: "Download these figures (CSV)",
  otherLanguage: "Русский",
  problems: "Some filters could not be read and the defaults are shown instead: {problems}",
  byCampaign: "By campaign",
  byCampaignCaption: "Counts per campaign for the chosen weeks",
  trend: "Weekly page views by campaign",
  trendCaption: "Page views per week and campaign",
  trendChart: "Bar chart of page views per week, all campaigns together. The same figures are in the table.",
  byCountry: "By country and region",
  byCountryCaption: "Counts per country",
  countryChart: "Bar chart of page views per country. The same figures are in the table.",
  regionsOf: "Regions of {country}",
  regionsCaption: "Counts per region of {country}",
  map: "Map of page views by region",
  mapDescription: "The seven programme countries with their regions shaded by page views. The table beside the map holds the same figures.",
  mapTable: "Page views by region",
  mapOthers: "Regions not listed have fewer than 5 page views, or none.",
  legend: "Legend",
  legendNone: "Fewer than 5, or hidden",
  legendRange: "{low} to {high}",
  funnels: "Funnels",
  siteFunnel: "From page view to hotline tap and subscription",
  messageFunnel: "From message queued to delivered",
  rateOf: "{rate}% of {base}",
  rateUnknown: "no rate: a figure is under 5 or hidden",
  total: "Total",
  week: "Week of",
  country: "Country",
  region: "Region",
  noCampaign: "(no campaign)",
  unknownCountry: "Unknown country",
  unknownRegion: "Unknown region",
  hidden: "hidden",
  noFigures: "No figures of 5 or more for these filters.",
  attribution: "Map shapes: amCharts geodata",
} as const;

export type ReachStringKey = keyof typeof en;
export type ReachStrings = { readonly [K in ReachStringKey]: string } & {
  metrics: Record<ReachMetric, string>;
  channels: Record<"web" | "sms" | "whatsapp", string>;
};

const ru: { readonly [K in ReachStringKey]: string } = {
  title: "Охват",
  intro:
    "Кого достигли кампании — только числа, без данных, по которым можно узнать человека: ни номеров телефонов, ни адресов, ни посетителей.",
  smallNumbers:
    "«<5» — меньше 5. «скрыто» — 5 или больше, скрыто, чтобы по итогу нельзя было вычислить малое число рядом. Числа меньше 5 за одну неделю по одному месту, языку и каналу не входят ни в один показатель, поэтому никакой фильтр не раскроет их вычитанием.",
  weeks: "Целые недели, с понедельника по воскресенье (UTC): с {from} по {to}.",
  filters: "Фильтры",
  from: "С",
  to: "По",
  campaign: "Кампания",
  locale: "Язык",
  channel: "Канал",
  all: "Все",
  apply: "Показать",
  downloadCsv: "Скачать эти показатели (CSV)",
  otherLanguage: "English",
  problems: "Некоторые фильтры не удалось прочитать, показаны значения по умолчанию: {problems}",
  byCampaign: "По кампаниям",
  byCampaignCaption: "Показатели по кампаниям за выбранные недели",
  trend: "Просмотры страниц по неделям и кампаниям",
  trendCaption: "Просмотры страниц по неделям и кампаниям",
  trendChart: "Столбчатая диаграмма просмотров страниц по неделям, все кампании вместе. Те же числа — в таблице.",
  byCountry: "По странам и регионам",
  byCountryCaption: "Показатели по странам",
  countryChart: "Столбчатая диаграмма просмотров страниц по странам. Те же числа — в таблице.",
  regionsOf: "Регионы: {country}",
  regionsCaption: "Показатели по регионам: {country}",
  map: "Карта просмотров страниц по регионам",
  mapDescription: "Семь стран программы; регионы закрашены по числу просмотров страниц. Те же числа — в таблице рядом с картой.",
  mapTable: "Просмотры страниц по регионам",
  mapOthers: "У регионов, которых нет в списке, меньше 5 просмотров страниц или нет совсем.",
  legend: "Условные обозначения",
  legendNone: "Меньше 5 или скрыто",
  legendRange: "от {low} до {high}",
  funnels: "Воронки",
  siteFunnel: "От просмотра страницы до звонка на горячую линию и подписки",
  messageFunnel: "От сообщения в очереди до доставки",
  rateOf: "{rate}% от «{base}»",
  rateUnknown: "без доли: показатель меньше 5 или скрыт",
  total: "Итого",
  week: "Неделя с",
  country: "Страна",
  region: "Регион",
  noCampaign: "(без кампании)",
  unknownCountry: "Страна неизвестна",
  unknownRegion: "Регион неизвестен",
  hidden: "скрыто",
  noFigures: "Для этих фильтров нет показателей от 5 и больше.",
  attribution: "Контуры карты: amCharts geodata",
};

const METRICS: Record<ReachUiLanguage, Record<ReachMetric, string>> = {
  en: {
    page_view: "Page views",
    hotline_tap: "Hotline taps",
    subscribed: "Subscriptions",
    message_sent: "Messages queued",
    message_delivered: "Delivered",
    message_failed: "Failed",
  },
  ru: {
    page_view: "Просмотры страниц",
    hotline_tap: "Нажатия на горячую линию",
    subscribed: "Подписки",
    message_sent: "Сообщения в очереди",
    message_delivered: "Доставлено",
    message_failed: "Не доставлено",
  },
};

const CHANNELS: Record<ReachUiLanguage, Record<"web" | "sms" | "whatsapp", string>> = {
  en: { web: "Web", sms: "SMS", whatsapp: "WhatsApp" },
  ru: { web: "Сайт", sms: "SMS", whatsapp: "WhatsApp" },
};

const STRINGS: Record<ReachUiLanguage, { readonly [K in ReachStringKey]: string }> = { en, ru };

export function reachStrings(lang: ReachUiLanguage): ReachStrings {
  return { ...STRINGS[lang], metrics: METRICS[lang], channels: CHANNELS[lang] };
}

/** `?lang=` when given, else the first of en/ru in Accept-Language, else English. */
export function reachLanguage(requested: ReachUiLanguage | undefined, acceptLanguage: string | null): ReachUiLanguage {
  if (requested) return requested;
  for (const { tag } of parseAcceptLanguage(acceptLanguage)) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "en" || primary === "ru") return primary;
  }
  return "en";
}
