/**
 * The subscribe conversation and the answers to HELP and unknown text. Each step reads the
 * subscriber and the message and returns the replies to send and the subscriber fields to change;
 * the caller (inbound.server.ts) writes both in the message's transaction.
 *
 * JOIN → language menu (skipped when the keyword itself is in a language, e.g. СТАРТ) →
 * country menu (only for numbers from outside the programme's countries) → region menu →
 * confirmation with the region's hotline.
 */
import type { SubscriberUpdate, Subscriber } from "~/audience/subscribers.server";
import type { ConversationState } from "~/db/schema";
import { countryName, endonym, isCountry, isLocale, type Country, type Locale } from "~/i18n/locales";
import type { SmsReplyTexts } from "~/i18n/sms-replies";
import type { ConversationContent } from "./conversation-content.server";
import { languageOptions, renderCountryMenu, renderLanguageMenu, renderRegionMenu } from "./conversation-menus";
import { normalizeKeyword, parseMenuChoice } from "./keyword-normalize";
import { confirmationHotline, hotlinesForArea, renderHelpReply } from "./replies-hotlines";
import { fillTemplate, withStopHint } from "./replies-texts";

export interface StepContext {
  content: ConversationContent;
  texts(locale: Locale): SmsReplyTexts;
  /** Country of the sender's number (E.164 prefix), when it is one of the programme's. */
  numberCountry: Country | null;
}

export interface StepResult {
  replies: string[];
  update: SubscriberUpdate;
}

/** The locale to answer in: theirs, else the keyword's, else the country default, else English. */
export async function replyLocale(
  ctx: StepContext,
  subscriber: Pick<Subscriber, "locale" | "country"> | null,
  keywordLocale?: Locale,
): Promise<Locale> {
  if (subscriber?.locale && isLocale(subscriber.locale)) return subscriber.locale;
  if (keywordLocale) return keywordLocale;
  return (await ctx.content.defaultLocaleFor(subscriberCountry(ctx, subscriber))) ?? "en";
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
  const options = languageOptions(subscriberCountry(ctx, subscriber));
  return {
    replies: [renderLanguageMenu(options, ctx.texts)],
    update: { ...joined, conversation: { step: "choose-language", options: [...options], ...campaignOf(join.campaign) } },
  };
}

/** An answer while a menu is waiting (anything that is not a keyword). */
export async function answerMenu(
  ctx: StepContext,
  subscriber: Subscriber,
  state: ConversationState,
  body: string,
): Promise<StepResult> {
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
  if (state.step === "choose-country") {
    const picked = pick(state.options, choice) ?? state.options.find((c) => sameWord(countryName(c, locale), body));
    if (picked && isCountry(picked)) return regionStep(ctx, locale, picked, 0, state.campaign, { country: picked });
    const menu = renderCountryMenu(locale, texts);
    return {
      replies: [`${texts.invalidChoice}\n${menu.text}`],
      update: { conversation: { step: "choose-country", options: menu.options, ...campaignOf(state.campaign) } },
    };
  }

  const country = subscriberCountry(ctx, subscriber);
  if (!country) return { replies: [withStopHint(texts.unknownMenu, texts)], update: { conversation: null } };
  if (isMoreChoice(body)) return regionStep(ctx, locale, country, (state.page ?? 0) + 1, state.campaign, {});
  const regions = await ctx.content.regions(locale, country);
  const picked =
    pick(state.options, choice) ?? regions.find((region) => sameWord(region.name, body))?.code;
  if (picked) return confirm(ctx, locale, country, picked);
  const again = await regionStep(ctx, locale, country, state.page ?? 0, state.campaign, {});
  return { replies: again.replies.map((text) => `${texts.invalidChoice}\n${text}`), update: again.update };
}

/** HELP: the hotlines for their area, in their language, in one segment where possible. */
export async function answerHelp(ctx: StepContext, subscriber: Subscriber, keywordLocale?: Locale): Promise<StepResult> {
  const locale = await replyLocale(ctx, subscriber, keywordLocale);
  const hotlines = hotlinesForArea(await ctx.content.hotlines(locale), {
    country: subscriberCountry(ctx, subscriber),
    regionCode: subscriber.regionCode,
  });
  return { replies: [renderHelpReply(ctx.texts(locale), hotlines)], update: {} };
}

/** Text we do not understand, with no menu waiting: the keywords, briefly. */
export async function answerUnknown(ctx: StepContext, subscriber: Subscriber): Promise<StepResult> {
  const texts = ctx.texts(await replyLocale(ctx, subscriber));
  return { replies: [withStopHint(texts.unknownMenu, texts)], update: {} };
}

async function afterLanguage(ctx: StepContext, subscriber: Subscriber, locale: Locale, campaign?: string): Promise<StepResult> {
  const country = subscriberCountry(ctx, subscriber);
  if (country) return regionStep(ctx, locale, country, 0, campaign, { locale });
  const menu = renderCountryMenu(locale, ctx.texts(locale));
  return {
    replies: [menu.text],
    update: { locale, conversation: { step: "choose-country", options: menu.options, ...campaignOf(campaign) } },
  };
}

async function regionStep(
  ctx: StepContext,
  locale: Locale,
  country: Country,
  page: number,
  campaign: string | undefined,
  update: SubscriberUpdate,
): Promise<StepResult> {
  const regions = await ctx.content.regions(locale, country);
  // No regions in the content for this country: subscribe to the country as a whole.
  if (regions.length === 0) return mergeUpdate(await confirm(ctx, locale, country, null), update);
  const menu = renderRegionMenu(regions, page, ctx.texts(locale));
  return {
    replies: [menu.text],
    update: {
      ...update,
      conversation: { step: "choose-region", options: regions.map((r) => r.code), page: menu.page, ...campaignOf(campaign) },
    },
  };
}

async function confirm(ctx: StepContext, locale: Locale, country: Country, regionCode: string | null): Promise<StepResult> {
  const texts = ctx.texts(locale);
  const regionName =
    (regionCode ? (await ctx.content.regions(locale, country)).find((r) => r.code === regionCode)?.name : undefined) ??
    countryName(country, locale);
  const hotline = confirmationHotline(hotlinesForArea(await ctx.content.hotlines(locale), { country, regionCode }));
  const text = hotline
    ? fillTemplate(texts.confirmation, { region: regionName, hotline })
    : fillTemplate(texts.confirmationNoHotline, { region: regionName });
  return { replies: [withStopHint(text, texts)], update: { country, regionCode, conversation: null } };
}

function mergeUpdate(result: StepResult, update: SubscriberUpdate): StepResult {
  return { replies: result.replies, update: { ...update, ...result.update } };
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
