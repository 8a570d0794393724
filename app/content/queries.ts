/**
 * Every GROQ query the microsites and jobs run, defined once and used by both backends (Sanity
 * Content Lake and groq-js over the local dataset), so they must stay within what groq-js 1.x
 * evaluates.
 *
 * Parameters (all JSON values; missing ones make the Content Lake answer 400):
 *   $locale      Sanity field key of the requested locale (`fa_AF`), see `fieldKey()`
 *   $fallback    field key read when the requested locale is empty (`en`)
 *   $localeCode  URL code of the requested locale (`fa-AF`), as listed in `campaign.locales`
 *   $today       YYYY-MM-DD, for campaign start and end dates
 *   $slug        campaign slug;  $page  page slug
 *   $countries   ISO 3166-1 alpha-2 codes; an empty array means every country
 *   $includeSample  whether hotlines flagged `isSample` may be returned (never in production)
 *
 * Localized fields are projected to one string with `coalesce(field[$locale], field[$fallback])`.
 * Every query returns an array (at most one element for the by-slug queries) so each document can
 * be validated, and skipped, on its own. Shapes match the zod schemas in ./schemas.ts.
 * GROQ reference: https://www.sanity.io/docs/groq-syntax
 */
import { DEFAULT_LOCALE, fieldKey, type Locale, type LocaleFieldKey } from "~/i18n/locales";

/**
 * Marks a template literal as GROQ for editor highlighting and joins it, like the `groq` package
 * (not installed here). Interpolations are query fragments defined in this file, never user input:
 * values always travel as parameters.
 */
export function groq(strings: TemplateStringsArray, ...fragments: string[]): string {
  return strings.reduce((query, part, index) => query + part + (fragments[index] ?? ""), "");
}

/** A localized value (`localeString`, `localeText` or `localeBlockContent`) in the requested locale. */
function localized(path: string): string {
  return `coalesce(${path}[$locale], ${path}[$fallback])`;
}

/**
 * A campaign is live and within its dates today: in the scope of the campaign document itself
 * (`campaignIsLive()`) or of a page through its reference (`campaignIsLive("campaign->")`).
 * Pages test their campaign by dereference, not with `campaign._ref in *[…]._id`: groq-js
 * evaluates such a subquery once per document filtered, which made a page lookup cost ~300 ms
 * on the local dataset (a dereference is a lookup by id).
 */
function campaignIsLive(via = ""): string {
  return `${via}status == "live"
  && (!defined(${via}startDate) || ${via}startDate <= $today)
  && (!defined(${via}endDate) || ${via}endDate >= $today)`;
}
const CAMPAIGN_IS_LIVE = campaignIsLive();

/** The campaign publishes the requested locale (in its own scope, or through `via`). */
function campaignPublishesLocale(via = ""): string {
  return `$localeCode in ${via}locales`;
}
const CAMPAIGN_PUBLISHES_LOCALE = campaignPublishesLocale();

const SECTIONS_PROJECTION = groq`"sections": coalesce(sections[]{
  _key,
  _type,
  _type == "storySection" => {
    "heading": ${localized("heading")},
    "body": ${localized("body")}
  },
  _type == "signsChecklist" => {
    "heading": ${localized("heading")},
    "intro": ${localized("intro")},
    "items": items[]{ _key, "text": ${localized("text")} }
  },
  _type == "mythFact" => {
    "heading": ${localized("heading")},
    "items": items[]{ _key, "myth": ${localized("myth")}, "fact": ${localized("fact")} }
  },
  _type == "safeMigrationSteps" => {
    "heading": ${localized("heading")},
    "steps": steps[]{ _key, "title": ${localized("title")}, "text": ${localized("text")} }
  },
  _type == "hotlineBlock" => {
    "heading": ${localized("heading")},
    "intro": ${localized("intro")},
    countries
  },
  _type == "callToAction" => {
    "heading": ${localized("heading")},
    "text": ${localized("text")},
    action,
    keyword,
    pageSlug
  },
  _type == "faq" => {
    "heading": ${localized("heading")},
    "items": items[]{ _key, "question": ${localized("question")}, "answer": ${localized("answer")} }
  }
}, [])`;

const CAMPAIGN_SUMMARY_PROJECTION = groq`
  _id,
  _type,
  "slug": slug.current,
  "title": ${localized("title")},
  "summary": ${localized("summary")},
  countries,
  locales,
  startDate,
  endDate,
  "reviewStatus": reviewStatus[$locale]`;

/** The singleton site settings (an array of zero or one). */
export const SITE_SETTINGS_QUERY = groq`*[_type == "siteSettings" && _id == "siteSettings"]{
  _id,
  _type,
  "organizationName": ${localized("organizationName")},
  "defaultLocaleByCountry": coalesce(defaultLocaleByCountry[]{ _key, country, locale }, []),
  quickExitUrl,
  "footerText": ${localized("footerText")},
  "privacyNotice": ${localized("privacyNotice")},
  smsNumber,
  "destinations": coalesce(destinations, []),
  "volunteerGuardianConsent": ${localized("volunteerGuardianConsent")}
}`;

/** Live campaigns publishing the locale, newest start first. */
export const LIVE_CAMPAIGNS_QUERY = groq`*[_type == "campaign" && ${CAMPAIGN_IS_LIVE} && ${CAMPAIGN_PUBLISHES_LOCALE}]{
  ${CAMPAIGN_SUMMARY_PROJECTION}
} | order(coalesce(startDate, "0000-01-01") desc, slug asc)`;

/** One live campaign publishing the locale, with its landing page and page list. */
export const CAMPAIGN_BY_SLUG_QUERY = groq`*[_type == "campaign" && slug.current == $slug && ${CAMPAIGN_IS_LIVE} && ${CAMPAIGN_PUBLISHES_LOCALE}][0...1]{
  ${CAMPAIGN_SUMMARY_PROJECTION},
  fallbackLocale,
  "hero": {
    "heading": ${localized("hero.heading")},
    "text": ${localized("hero.text")},
    "imageUrl": hero.image.asset->url,
    "imageAlt": ${localized("hero.image.alt")}
  },
  "share": {
    "text": ${localized("share.text")},
    "title": ${localized("share.title")},
    "imageUrl": share.image.asset->url
  },
  ${SECTIONS_PROJECTION},
  "pages": *[_type == "page" && campaign._ref == ^._id] | order(coalesce(order, 0) asc, slug.current asc){
    _id,
    "slug": slug.current,
    "title": ${localized("title")},
    "description": ${localized("description")}
  },
  "sms": sms{ keyword, number }
}`;

/** One page of a live campaign publishing the locale. */
export const PAGE_BY_SLUG_QUERY = groq`*[_type == "page" && slug.current == $page
  && campaign->_type == "campaign" && campaign->slug.current == $slug
  && ${campaignIsLive("campaign->")} && ${campaignPublishesLocale("campaign->")}
][0...1]{
  _id,
  _type,
  "slug": slug.current,
  "title": ${localized("title")},
  "description": ${localized("description")},
  "order": coalesce(order, 0),
  ${SECTIONS_PROJECTION}
}`;

/**
 * Hotlines, optionally for some countries, ordered by country, priority (missing = last),
 * organization. References to regions that do not exist (deleted) are left out.
 */
export const HOTLINES_QUERY = groq`*[_type == "hotline"
  && (count($countries) == 0 || country in $countries)
  && ($includeSample || isSample != true)
]{
  _id,
  _type,
  "organization": ${localized("organization")},
  "description": ${localized("description")},
  country,
  "regions": coalesce(regions[defined(@->_id)]->{ code, "name": ${localized("name")} }, []),
  phone,
  sms,
  whatsapp,
  telegram,
  "hours": hours{ open24h, days, opens, closes, timezone, "note": ${localized("note")} },
  "languages": coalesce(languages, []),
  "nationalities": coalesce(nationalities, []),
  "city": ${localized("city")},
  "international": coalesce(international, false),
  freeOfCharge,
  lastVerifiedAt,
  isSample,
  priority
} | order(country asc, coalesce(priority, 1000000) asc, organization asc, _id asc)`;

/** Regions (oblasts, provinces) with their names in the locale. */
export const REGIONS_QUERY = groq`*[_type == "region"]{
  _id,
  _type,
  code,
  country,
  "name": ${localized("name")},
  timezone
} | order(country asc, code asc)`;

/** One entry per live campaign and per page of a live campaign, with the locales it publishes. */
export const SITEMAP_QUERY = groq`*[
  (_type == "campaign" && ${CAMPAIGN_IS_LIVE})
  || (_type == "page" && campaign->_type == "campaign" && ${campaignIsLive("campaign->")})
]{
  _id,
  _type,
  _type == "campaign" => { "campaign": slug.current, "page": null, locales },
  _type == "page" => { "campaign": campaign->slug.current, "page": slug.current, "locales": campaign->locales },
  "updatedAt": coalesce(_updatedAt, _createdAt, $today)
} | order(campaign asc, coalesce(page, "") asc)`;

/** `$locale`, `$fallback` and `$localeCode` for a locale. */
export function localeParams(locale: Locale): { locale: LocaleFieldKey; fallback: LocaleFieldKey; localeCode: Locale } {
  return { locale: fieldKey(locale), fallback: fieldKey(DEFAULT_LOCALE), localeCode: locale };
}

/** SMS/WhatsApp keywords added in the Studio (all locales at once: matching is locale-independent). */
export const SMS_KEYWORDS_QUERY = groq`*[_type == "keyword" && defined(intent)]{
  _id, _type, intent, words, "campaign": campaign->slug.current
}`;

/** The singleton of reply texts that override the built-in ones (all locales at once). */
export const SMS_REPLIES_QUERY = groq`*[_type == "smsReplies" && _id == "smsReplies"]`;

/**
 * In the scope of any document: not a draft. The published perspective (Sanity backend) and the
 * local dataset loader already leave drafts out; the jobs send real messages from these
 * documents, so the queries they read say it themselves too.
 */
const NOT_A_DRAFT = groq`!(_id in path("drafts.**"))`;

/**
 * The sample mark; absent means a real document. Anything but a boolean is passed through for the
 * schema to refuse: `isSample == true` would quietly read a mistyped "true" as real content.
 */
const IS_SAMPLE = groq`"isSample": coalesce(isSample, false)`;

/** A WhatsApp template (`contentSid` and `{ key, value }` variables), as stored. */
const WHATSAPP_TEMPLATE_FIELDS = groq`contentSid, "variables": coalesce(variables[]{ key, value }, [])`;

/**
 * Broadcasts the jobs may have to act on (scheduled, paused or cancelled: every status but
 * "draft"), with every locale's text (`localeSmsText`, field keys like `fa_AF`) rather than one
 * locale's. References are projected to what the jobs use (campaign slug and fallback locale,
 * region codes); a reference that resolves to nothing projects `null`, which the schema rejects
 * (a deleted region must not silently widen the audience to its whole country). Keys are those
 * of `BroadcastDocument`; app/content/broadcast-schemas.ts parses and reshapes them.
 */
export const BROADCASTS_QUERY = groq`*[_type == "broadcast" && ${NOT_A_DRAFT} && status != "draft"]{
  _id,
  _type,
  "id": _id,
  "updatedAt": _updatedAt,
  title,
  "campaignSlug": campaign->slug.current,
  "fallbackLocale": campaign->fallbackLocale,
  messages,
  channel,
  "whatsappTemplates": coalesce(whatsappTemplates[]{ locale, ${WHATSAPP_TEMPLATE_FIELDS} }, []),
  "audience": {
    "countries": coalesce(audience.countries, []),
    "regionCodes": coalesce(audience.regions[]->code, []),
    "locales": coalesce(audience.locales, []),
    "minSubscriptionDays": audience.minSubscriptionDays,
    "campaignRef": audience.campaign._ref,
    "campaignSlug": audience.campaign->slug.current
  },
  "schedule": schedule{ mode, sendAt, recurrence },
  "sendWindow": schedule.sendWindow{ start, end },
  status,
  maxRecipients,
  ${IS_SAMPLE}
} | order(_id asc)`;

/**
 * Every sequence (active or not: the jobs stop enrolling into an inactive one), with every
 * locale's text of each step. Each step carries its campaign's fallback locale so that a step
 * without text in it can be dropped (and reported) on its own. Keys are those of
 * `SequenceDocument` (see app/content/broadcast-schemas.ts).
 */
export const SEQUENCES_QUERY = groq`*[_type == "sequence" && ${NOT_A_DRAFT}]{
  _id,
  _type,
  "id": _id,
  title,
  "campaignSlug": campaign->slug.current,
  "fallbackLocale": campaign->fallbackLocale,
  active,
  ${IS_SAMPLE},
  "steps": coalesce(steps[]{
    _key,
    "key": _key,
    dayOffset,
    "messages": message,
    "fallbackLocale": ^.campaign->fallbackLocale,
    "whatsappTemplate": whatsappTemplate{ ${WHATSAPP_TEMPLATE_FIELDS} }
  }, [])
} | order(_id asc)`;

/** Volunteer missions running on $today (started, not ended), newest first. */
export const MISSIONS_QUERY = groq`*[_type == "mission" && ${NOT_A_DRAFT} && startDate <= $today && (!defined(endDate) || endDate >= $today)]{
  _id,
  "title": ${localized("title")},
  "description": ${localized("description")},
  "campaign": campaign->slug.current,
  goalKind,
  goalCount,
  startDate,
  endDate
} | order(startDate desc, _id asc)`;

/**
 * The published documents every public-page and SMS query reads, for the copy kept in the database
 * (docs/decisions/012-content-snapshot.md): evaluating the queries above over it with groq-js gives
 * what the Content Lake would. Broadcasts and sequences are left out on purpose: the jobs send real
 * messages from them and must wait for the Content Lake rather than act on an old copy. Image
 * assets are reduced to the fields the queries dereference (`asset->url`); their metadata (palette,
 * blur hash, EXIF) is most of an asset document's size.
 */
export const CONTENT_SNAPSHOT_QUERY = groq`{
  "documents": *[_type in ["siteSettings", "campaign", "page", "hotline", "region", "keyword", "smsReplies", "mission"] && ${NOT_A_DRAFT}],
  "assets": *[_type == "sanity.imageAsset" && _id in (
    *[_type == "campaign" && ${NOT_A_DRAFT}].hero.image.asset._ref + *[_type == "campaign" && ${NOT_A_DRAFT}].share.image.asset._ref
  )]{ _id, _type, url }
}`;
