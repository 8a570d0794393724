/**
 * Calls to action. Subscribe: "Text KEYWORD to NUMBER" with an `sms:` link that pre-fills the
 * keyword, and the STOP hint. Volunteer: the text only, until the site has a volunteer page.
 * Page: a link to the campaign page.
 */
import type { Section } from "~/content/schemas";
import { campaignPagePath } from "~/http/site-urls";
import { formatNodes } from "../format/format-nodes";
import { formatPhoneNumber } from "../format/phone-number";
import { useLocale } from "../locale-context";
import type { SectionContext } from "./section-context";

type CallToActionData = Extract<Section, { _type: "callToAction" }>;

export function CallToAction({ section, context }: { section: CallToActionData; context: SectionContext }) {
  const { locale, strings } = useLocale();
  const keyword = section.keyword ?? context.subscribe.keyword;
  const number = context.subscribe.number;
  const page = section.pageSlug ? context.pages.find((candidate) => candidate.slug === section.pageSlug) : undefined;
  return (
    <section className="share" data-section={`cta-${section.action}`}>
      <h2>{section.heading}</h2>
      <p>{section.text}</p>
      {section.action === "subscribe" && keyword && number ? (
        <>
          <p>
            {formatNodes(strings.subscribeBySms, {
              keyword: <strong lang="en">{keyword}</strong>,
              number: <span className="tel">{formatPhoneNumber(number)}</span>,
            })}
          </p>
          <p>
            <a className="button" href={`sms:${number}?body=${encodeURIComponent(keyword)}`}>
              {strings.sendSms} <span className="tel">{formatPhoneNumber(number)}</span>
            </a>
          </p>
          <p>{strings.smsStopHint}</p>
        </>
      ) : null}
      {section.action === "page" && section.pageSlug ? (
        <p>
          <a className="button" href={campaignPagePath(locale, context.campaignSlug, section.pageSlug)}>
            {page?.title ?? section.heading}
          </a>
        </p>
      ) : null}
    </section>
  );
}
