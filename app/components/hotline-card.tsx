/**
 * One hotline: how to reach it (call, SMS, WhatsApp, Telegram as plain links that open the phone's
 * own apps), when it answers, in which languages, whether it is free, and when the number was
 * last checked.
 */
import type { Hotline } from "~/content/schemas";
import { format } from "~/i18n/ui-strings";
import { formatDate } from "./format/dates";
import { cachedEndonym, listFormat } from "./format/intl-cache";
import { formatHours } from "./format/hotline-hours";
import { formatPhoneNumber, phoneDigits } from "./format/phone-number";
import { useLocale } from "./locale-context";

/** Deep links per channel; wa.me and t.me take the international number without `+`. */
export function hotlineLinks(hotline: Hotline): Array<{ channel: "call" | "sms" | "whatsapp" | "telegram"; href: string; number: string }> {
  const links: Array<{ channel: "call" | "sms" | "whatsapp" | "telegram"; href: string; number: string }> = [];
  if (hotline.phone) links.push({ channel: "call", href: `tel:${hotline.phone}`, number: hotline.phone });
  if (hotline.sms) links.push({ channel: "sms", href: `sms:${hotline.sms}`, number: hotline.sms });
  if (hotline.whatsapp) links.push({ channel: "whatsapp", href: `https://wa.me/${phoneDigits(hotline.whatsapp)}`, number: hotline.whatsapp });
  if (hotline.telegram) links.push({ channel: "telegram", href: `https://t.me/+${phoneDigits(hotline.telegram)}`, number: hotline.telegram });
  return links;
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
              href={link.href}
              rel={link.href.startsWith("https:") ? "noopener noreferrer" : undefined}
            >
              {channelLabel[link.channel]} <span className="tel">{formatPhoneNumber(link.number)}</span>
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
        <dt>{strings.servesRegions}</dt>
        <dd>{regionNames.length > 0 ? listFormat(locale, { type: "conjunction" }).format(regionNames) : strings.nationwide}</dd>
      </dl>
      <p className="verified">
        <time dateTime={hotline.lastVerifiedAt}>
          {format(strings.lastVerified, { date: formatDate(hotline.lastVerifiedAt, locale) })}
        </time>
      </p>
    </article>
  );
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
