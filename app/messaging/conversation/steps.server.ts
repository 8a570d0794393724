/**
 * The subscribe conversation and the answers to HELP and unknown text. Each step reads the
 * subscriber and the message and returns the replies to send and the subscriber fields to change;
 * the caller (inbound.server.ts) writes both in the message's transaction.
 *
 * JOIN → language menu (skipped when the keyword itself is in a language, e.g. СТАРТ; its
 * languages follow the number's country, so a Russian number is offered Russian and the Central
 * Asian languages) → country menu (only for numbers from outside the programme's countries) →
 * region menu → "Where are you now?" (only when the number is not from the home country just
 * chosen) → confirmation with the hotline for where they are.
 *
 * HELP from someone whose current place is unknown asks "Where are you now?" first (when the
 * settings list destinations), remembers the answer, and answers with the hotlines for that place
 * and their nationality (replies-hotlines.ts, hotlinesForPlace). MOVED asks again.
 */
import type { SubscriberUpdate, Subscriber } from "~/audience/subscribers.server";
import type { ConversationState } from "~/db/schema";
import { ANOTHER_COUNTRY, countryName, endonym, HOME_OF_LOCALE, isCountry, isLocale, type Country, type Locale } from "~/i18n/locales";
import type { SmsReplyTexts } from "~/i18n/sms-replies";
import type { ConversationContent } from "./message-content.server";
import {
  languageOptions,
  MIGRANT_LANGUAGES_BY_COUNTRY,
  placeLabel,
  placeOptions,
  renderCountryMenu,
  renderLanguageMenu,
  renderPlaceMenu,
  renderRegionMenu,
  smsCountryName,
} from "./menus";
import { normalizeKeyword, parseMenuChoice } from "~/i18n/keyword-normalize";
import { confirmationHotline, hotlinesForPlace, renderHelpReply } from "../replies-hotlines";
import { fillTemplate, withStopHint } from "../replies-texts";

export interface StepContext {
  content: ConversationContent;
  texts(locale: Locale): SmsReplyTexts;
  /** Country of the sender's number, when it is one of the programme's. */
  numberCountry: Country | null;
  /**
   * ISO country of the sender's number wherever it is (RU, TR, AE…; null when the numbering plan
   * cannot tell): where the SIM is from, which is often where a migrant works.
   */
  numberIsoCountry: string | null;
}

export interface StepResult {
  replies: string[];
  update: SubscriberUpdate;
  /** Set when the replies answer HELP with hotlines: what they were chosen for. */
  help?: HelpFacts;
}

/**
 * What a HELP answer was chosen for (the `help_requested` reach event's dimensions): where the
 * person is (an ISO country, ANOTHER_COUNTRY, or null: not known, taken as home) and the
 * nationality used (chosen, or guessed from the language; null if neither).
 */
export interface HelpFacts {
  place: string | null;
  nationality: string | null;
}

/**
 * The locale to answer in: theirs, else the keyword's, else the country's default from site
 * settings, else the country's first language built in (LANGUAGES_BY_COUNTRY), else English.
 * Content only improves the answer: without it (a failed read gives null) the built-in default
 * stands in.
 */
export async function replyLocale(
  ctx: StepContext,
  subscriber: Pick<Subscriber, "locale" | "country"> | null,
  keywordLocale?: Locale,
): Promise<Locale> {
  if (subscriber?.locale && isLocale(subscriber.locale)) return subscriber.locale;
  if (keywordLocale) return keywordLocale;
  const country = subscriberCountry(ctx, subscriber);
  return (await ctx.content.defaultLocaleFor(country)) ?? builtInLocale(country);
}

/** The reply locale from what is built in alone: no content read, nothing that can fail. */
export function localeWithoutContent(
  numberCountry: Country | null,
  subscriber: Pick<Subscriber, "locale" | "country"> | null,
  keywordLocale?: Locale,
): Locale {
  if (subscriber?.locale && isLocale(subscriber.locale)) return subscriber.locale;
  if (keywordLocale) return keywordLocale;
  const stored = subscriber?.country;
  return builtInLocale(stored && isCountry(stored) ? stored : numberCountry);
}

function builtInLocale(country: Country | null): Locale {
  return (country ? languageOptions(country)[0] : undefined) ?? "en";
}

function subscriberCountry(ctx: StepContext, subscriber: Pick<Subscriber, "country"> | null): Country | null {
  const stored = subscriber?.country;
  return stored && isCountry(stored) ? stored : ctx.numberCountry;
}

/** JOIN (or a campaign keyword): consent is recorded by the caller; this starts the menus. */
export async function startSubscription(
  ctx: StepContext,
  subscriber: Subscriber,
  join: { locale?: Locale; campaign?: string },
): Promise<StepResult> {
  // The campaign is recorded at once (audience filters and sequences use it); a plain JOIN
  // keeps the campaign the number joined before.
  const joined: SubscriberUpdate = join.campaign ? { campaign: join.campaign } : {};
  // English keywords (JOIN, START) are printed on posters in every country: they say nothing
  // about the reader's language, so only a keyword in another language skips the language menu.
  if (join.locale && join.locale !== "en") return mergeUpdate(await afterLanguage(ctx, subscriber, join.locale, join.campaign), joined);
  const options = languageOptions(subscriberCountry(ctx, subscriber), ctx.numberIsoCountry);
  return {
    replies: [renderLanguageMenu(options, ctx.texts)],
    update: { ...joined, conversation: { step: "choose-language", options: [...options], ...campaignOf(join.campaign) } },
  };
}

/** An answer while a menu is waiting (anything that is not a keyword). */
export async function answerMenu(ctx: StepContext, subscriber: Subscriber, state: ConversationState, body: string): Promise<StepResult> {
  const choice = parseMenuChoice(body);
  if (state.step === "choose-language") {
    const picked = pick(state.options, choice) ?? state.options.find((o) => isLocale(o) && sameWord(endonym(o), body));
    if (picked && isLocale(picked)) return afterLanguage(ctx, subscriber, picked, state.campaign);
    const options = state.options.filter(isLocale);
    const texts = ctx.texts(options[0] ?? "en");
    return { replies: [`${texts.invalidChoice}\n${renderLanguageMenu(options, ctx.texts)}`], update: {} };
  }

  const locale = await replyLocale(ctx, subscriber);
  const texts = ctx.texts(locale);
  if (state.step === "choose-place") {
    const picked = pick(state.options, choice) ?? state.options.find((place) => sameWord(placeLabel(place, locale, texts), body));
    if (!picked) {
      return { replies: [`${texts.invalidChoice}\n${renderPlaceMenu(state.options, locale, texts)}`], update: {} };
    }
    const moved: SubscriberUpdate = { currentPlace: picked, conversation: state.then === "help" ? (state.resume ?? null) : null };
    const country = subscriberCountry(ctx, subscriber);
    if (state.then === "confirm" && country) {
      return mergeUpdate(await confirm(ctx, locale, country, subscriber.regionCode, picked), moved);
    }
    return mergeUpdate(await helpAt(ctx, subscriber, locale, picked), moved);
  }
  if (state.step === "choose-country") {
    const picked = pick(state.options, choice) ?? state.options.find((c) => sameWord(countryName(c, locale), body));
    if (picked && isCountry(picked)) return regionStep(ctx, subscriber, locale, picked, 0, state.campaign, { country: picked });
    const menu = renderCountryMenu(locale, texts);
    return {
      replies: [`${texts.invalidChoice}\n${menu.text}`],
      update: { conversation: { step: "choose-country", options: menu.options, ...campaignOf(state.campaign) } },
    };
  }

  const country = subscriberCountry(ctx, subscriber);
  if (!country) return { replies: [withStopHint(texts.unknownMenu, texts)], update: { conversation: null } };
  if (isMoreChoice(body)) return regionStep(ctx, subscriber, locale, country, (state.page ?? 0) + 1, state.campaign, {});
  const regions = await ctx.content.regions(locale, country);
  const picked = pick(state.options, choice) ?? regions.find((region) => sameWord(region.name, body))?.code;
  if (picked) return finishSubscription(ctx, subscriber, locale, country, picked, state.campaign);
  const again = await regionStep(ctx, subscriber, locale, country, state.page ?? 0, state.campaign, {});
  return { replies: again.replies.map((text) => `${texts.invalidChoice}\n${text}`), update: again.update };
}

/**
 * HELP: the hotlines for where they are, in their language, in one segment where possible. When
 * nobody has said where they are yet, asks first ("Where are you now?") and answers after.
 */
export async function answerHelp(ctx: StepContext, subscriber: Subscriber, keywordLocale?: Locale): Promise<StepResult> {
  const locale = await replyLocale(ctx, subscriber, keywordLocale);
  if (subscriber.currentPlace === null) {
    const asked = await askPlace(ctx, subscriber, locale, "help");
    if (asked) return keepLanguage(asked, subscriber, keywordLocale);
  }
  return helpAt(ctx, subscriber, locale, subscriber.currentPlace);
}

/** MOVED ("I have moved"): asks where they are now, then answers with the hotlines there. */
export async function answerMoved(ctx: StepContext, subscriber: Subscriber, keywordLocale?: Locale): Promise<StepResult> {
  const locale = await replyLocale(ctx, subscriber, keywordLocale);
  const asked = await askPlace(ctx, subscriber, locale, "help");
  // No destinations in the content (or no content): nothing to choose from, the hotlines as before.
  return asked ? keepLanguage(asked, subscriber, keywordLocale) : helpAt(ctx, subscriber, locale, subscriber.currentPlace);
}

/**
 * "Where are you now?": home (their country, the number's, or the one their language suggests),
 * the settings' destinations, another country. Null when the settings list no destinations.
 */
async function askPlace(
  ctx: StepContext,
  subscriber: Subscriber,
  locale: Locale,
  then: "help" | "confirm",
  campaign?: string,
): Promise<StepResult | null> {
  const destinations = await ctx.content.destinations();
  if (destinations.length === 0) return null;
  const options = placeOptions(nationalityOf(ctx, subscriber, locale), destinations);
  // HELP in the middle of a JOIN: that menu waits again once the place is answered.
  const waiting = subscriber.conversation;
  const resume = then === "help" && waiting && waiting.step !== "choose-place" ? { resume: waiting } : {};
  return {
    replies: [renderPlaceMenu(options, locale, ctx.texts(locale))],
    update: { conversation: { step: "choose-place", options, then, ...campaignOf(campaign), ...resume } },
  };
}

/**
 * A question asked in the language of the keyword (КӮМАК) is answered in it too: the subscriber
 * without a language of their own keeps it for the answer to come.
 */
function keepLanguage(result: StepResult, subscriber: Subscriber, keywordLocale: Locale | undefined): StepResult {
  if (subscriber.locale || !keywordLocale || keywordLocale === "en") return result;
  return { ...result, update: { locale: keywordLocale, ...result.update } };
}

/** The HELP answer for a place (null: unknown, taken as home). */
async function helpAt(ctx: StepContext, subscriber: Subscriber, locale: Locale, place: string | null): Promise<StepResult> {
  const nationality = nationalityOf(ctx, subscriber, locale);
  const hotlines = hotlinesForPlace(await ctx.content.hotlines(locale), {
    place,
    nationality,
    regionCode: subscriber.regionCode,
    locale,
  });
  return { replies: [renderHelpReply(ctx.texts(locale), hotlines)], update: {}, help: { place, nationality } };
}

/**
 * Where they are from: the country they chose (or their number's programme country), else the
 * one their language suggests. A guess from the language is never stored: it only picks the
 * consulate's line and the menu's first place.
 */
function nationalityOf(ctx: StepContext, subscriber: Pick<Subscriber, "country">, locale: Locale): Country | null {
  return subscriberCountry(ctx, subscriber) ?? HOME_OF_LOCALE[locale] ?? null;
}

/** Text we do not understand, with no menu waiting: the keywords, briefly. */
export async function answerUnknown(ctx: StepContext, subscriber: Subscriber): Promise<StepResult> {
  const texts = ctx.texts(await replyLocale(ctx, subscriber));
  return { replies: [withStopHint(texts.unknownMenu, texts)], update: {} };
}

async function afterLanguage(ctx: StepContext, subscriber: Subscriber, locale: Locale, campaign?: string): Promise<StepResult> {
  const country = subscriberCountry(ctx, subscriber);
  // A Kazakh SIM, Kyrgyz chosen: home is Kyrgyzstan (its regions), and the place is asked next.
  const migrantHome = country && MIGRANT_LANGUAGES_BY_COUNTRY[country]?.includes(locale) ? HOME_OF_LOCALE[locale] : undefined;
  if (migrantHome) return regionStep(ctx, subscriber, locale, migrantHome, 0, campaign, { locale, country: migrantHome });
  if (country) return regionStep(ctx, subscriber, locale, country, 0, campaign, { locale });
  const menu = renderCountryMenu(locale, ctx.texts(locale));
  return {
    replies: [menu.text],
    update: { locale, conversation: { step: "choose-country", options: menu.options, ...campaignOf(campaign) } },
  };
}

async function regionStep(
  ctx: StepContext,
  subscriber: Subscriber,
  locale: Locale,
  country: Country,
  page: number,
  campaign: string | undefined,
  update: SubscriberUpdate,
): Promise<StepResult> {
  const regions = await ctx.content.regions(locale, country);
  // No regions in the content for this country: subscribe to the country as a whole.
  if (regions.length === 0) return mergeUpdate(await finishSubscription(ctx, subscriber, locale, country, null, campaign), update);
  const menu = renderRegionMenu(regions, page, ctx.texts(locale));
  return {
    replies: [menu.text],
    update: {
      ...update,
      conversation: { step: "choose-region", options: regions.map((r) => r.code), page: menu.page, ...campaignOf(campaign) },
    },
  };
}

/**
 * Home country and region chosen: the confirmation, unless the number is from another country
 * than home (a Russian SIM, a Tajik reader) and nobody has said where they are: then "Where are
 * you now?" first, and the confirmation after the answer. A home SIM abroad (+996 in Moscow) is
 * asked at its first HELP.
 */
async function finishSubscription(
  ctx: StepContext,
  subscriber: Subscriber,
  locale: Locale,
  country: Country,
  regionCode: string | null,
  campaign: string | undefined,
): Promise<StepResult> {
  const abroad = ctx.numberIsoCountry !== null && ctx.numberIsoCountry !== country;
  if (abroad && subscriber.currentPlace === null) {
    const asked = await askPlace(ctx, { ...subscriber, country }, locale, "confirm", campaign);
    if (asked) return mergeUpdate(asked, { country, regionCode });
  }
  return confirm(ctx, locale, country, regionCode, subscriber.currentPlace);
}

async function confirm(
  ctx: StepContext,
  locale: Locale,
  country: Country,
  regionCode: string | null,
  place: string | null,
): Promise<StepResult> {
  const texts = ctx.texts(locale);
  const abroad = place !== null && place !== country && place !== ANOTHER_COUNTRY;
  const regionName = abroad
    ? smsCountryName(place, locale)
    : ((regionCode ? (await ctx.content.regions(locale, country)).find((r) => r.code === regionCode)?.name : undefined) ??
      smsCountryName(country, locale));
  const hotline = confirmationHotline(
    hotlinesForPlace(await ctx.content.hotlines(locale), { place, nationality: country, regionCode, locale }),
  );
  const text = hotline
    ? fillTemplate(texts.confirmation, { region: regionName, hotline })
    : fillTemplate(texts.confirmationNoHotline, { region: regionName });
  return { replies: [withStopHint(text, texts)], update: { country, regionCode, conversation: null } };
}

function mergeUpdate(result: StepResult, update: SubscriberUpdate): StepResult {
  return { ...result, update: { ...update, ...result.update } };
}

/** "0" (in any digits) asks for the next page of a long menu. */
export function isMoreChoice(body: string): boolean {
  return normalizeKeyword(body) === "0";
}

/** The option a 1-based menu number stands for. */
function pick(options: readonly string[], choice: number | null): string | undefined {
  return choice !== null && choice >= 1 ? options[choice - 1] : undefined;
}

/** "русский", "Русский!" and "РУССКИЙ" all name the same option. */
function sameWord(name: string, body: string): boolean {
  const wanted = normalizeKeyword(name);
  return wanted.length > 0 && wanted === normalizeKeyword(body);
}

function campaignOf(campaign: string | undefined): { campaign?: string } {
  return campaign ? { campaign } : {};
}
