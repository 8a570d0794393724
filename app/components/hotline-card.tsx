/**
 * One hotline: how to reach it (call, SMS, WhatsApp, Telegram as plain links that open the phone's
 * own apps), when it answers, in which languages, whether it is free, and when the number was
 * last checked.
 */
import { hotlinePingPath, hotlineRedirectPath, type HotlineTapKind } from "~/analytics/tracked-links";
import type { Hotline } from "~/content/schemas";
import type { Locale } from "~/i18n/locales";
import { format, type UiStrings } from "~/i18n/ui-strings";
import { formatDate } from "./format/dates";
import { cachedCountryName, cachedEndonym, listFormat } from "./format/intl-cache";
import { formatHours } from "./format/hotline-hours";
import { phoneDigits } from "./format/phone-number";
import { useLocale } from "./locale-context";
import { PhoneNumberText } from "./phone-number-text";

/** Deep links per channel; wa.me and t.me take the international number without `+`. */
export function hotlineLinks(hotline: Hotline): Array<{ channel: "call" | "sms" | "whatsapp" | "telegram"; href: string; number: string }> {
  const links: Array<{ channel: "call" | "sms" | "whatsapp" | "telegram"; href: string; number: string }> = [];
  if (hotline.phone) links.push({ channel: "call", href: `tel:${hotline.phone}`, number: hotline.phone });
  if (hotline.sms) links.push({ channel: "sms", href: `sms:${hotline.sms}`, number: hotline.sms });
  if (hotline.whatsapp)
    links.push({ channel: "whatsapp", href: `https://wa.me/${phoneDigits(hotline.whatsapp)}`, number: hotline.whatsapp });
  if (hotline.telegram)
    links.push({ channel: "telegram", href: `https://t.me/+${phoneDigits(hotline.telegram)}`, number: hotline.telegram });
  return links;
}

const TAP_KIND: Record<ReturnType<typeof hotlineLinks>[number]["channel"], HotlineTapKind> = {
  call: "tel",
  sms: "sms",
  whatsapp: "whatsapp",
  telegram: "telegram",
};

/**
 * The link as rendered: web targets through the counted redirect, `tel:` and `sms:` direct with a
 * counting ping (app/analytics/tracked-links.ts says why).
 */
function trackedLink(hotline: Hotline, link: ReturnType<typeof hotlineLinks>[number], locale: string): { href: string; ping?: string } {
  const kind = TAP_KIND[link.channel];
  if (link.href.startsWith("https:")) return { href: hotlineRedirectPath(hotline._id, kind, locale) };
  return { href: link.href, ping: hotlinePingPath(hotline._id, kind, locale) };
}

export function HotlineCard({ hotline, headingLevel = 3 }: { hotline: Hotline; headingLevel?: 3 | 4 }) {
  const { locale, strings } = useLocale();
  const Heading = `h${headingLevel}` as "h3" | "h4";
  const channelLabel = { call: strings.call, sms: strings.sendSms, whatsapp: strings.whatsapp, telegram: strings.telegram };
  const regionNames = hotline.regions.map((region) => region.name ?? region.code);
  const languages = listFormat(locale, { type: "conjunction" }).format(hotline.languages.map(cachedEndonym));
  return (
    <article className="hotline">
      <Heading>{hotline.organization}</Heading>
      {hotline.description ? <p>{hotline.description}</p> : null}
      {hotline.freeOfCharge ? (
        <p>
          <strong>{strings.freeOfCharge}</strong>
        </p>
      ) : null}
      <ul className="actions">
        {hotlineLinks(hotline).map((link, index) => (
          <li key={link.channel}>
            <a
              className={index === 0 ? "button" : "button button-secondary"}
              {...trackedLink(hotline, link, locale)}
              rel={link.href.startsWith("https:") ? "noopener noreferrer" : undefined}
              data-channel={link.channel}
            >
              {channelLabel[link.channel]} <PhoneNumberText number={link.number} />
            </a>
          </li>
        ))}
      </ul>
      <dl className="facts">
        <dt>{strings.hours}</dt>
        <dd>
          {hotline.hours.open24h ? strings.open24h : formatHours(hotline.hours, locale)}
          {hotline.hours.note ? ` (${hotline.hours.note})` : null}
        </dd>
        {languages ? (
          <>
            <dt>{strings.languagesSpoken}</dt>
            <dd>{languages}</dd>
          </>
        ) : null}
        {hotline.nationalities.length > 0 ? (
          <>
            <dt>{strings.servesNationals}</dt>
            <dd>
              {listFormat(locale, { type: "conjunction" }).format(
                hotline.nationalities.map((country) => cachedCountryName(country, locale)),
              )}
            </dd>
          </>
        ) : null}
        <dt>{strings.servesRegions}</dt>
        <dd>{servedArea(hotline, regionNames, locale, strings)}</dd>
      </dl>
      <p className="verified">
        <time dateTime={hotline.lastVerifiedAt}>{format(strings.lastVerified, { date: formatDate(hotline.lastVerifiedAt, locale) })}</time>
      </p>
    </article>
  );
}

/** Where the line helps: anywhere (international), its city abroad, its regions, or its whole country. */
function servedArea(hotline: Hotline, regionNames: readonly string[], locale: Locale, strings: UiStrings): string {
  if (hotline.international) return strings.hotlinesAnywhere;
  if (regionNames.length > 0) return listFormat(locale, { type: "conjunction" }).format(regionNames);
  return hotline.city ?? strings.nationwide;
}

/** Hotlines of some countries, each country under its own name. */
export function HotlineList({ hotlines, headingLevel = 3 }: { hotlines: readonly Hotline[]; headingLevel?: 3 | 4 }) {
  const { strings } = useLocale();
  if (hotlines.length === 0) return <p>{strings.hotlinesNone}</p>;
  return (
    <>
      {hotlines.map((hotline) => (
        <HotlineCard key={hotline._id} hotline={hotline} headingLevel={headingLevel} />
      ))}
    </>
  );
}
