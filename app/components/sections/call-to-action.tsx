/**
 * Calls to action. Subscribe: "Text KEYWORD to NUMBER" with an `sms:` link that pre-fills the
 * keyword (followed by the volunteer's code on a page reached through their link), and the STOP hint. Volunteer: a link to the volunteer page (sign-up and sign-in).
 * Page: a link to the campaign page.
 */
import type { Section } from "~/content/schemas";
import { campaignPagePath } from "~/http/site-urls";
import { volunteerPath } from "~/volunteers/volunteer-urls";
import { formatNodes } from "../format/format-nodes";
import { useLocale } from "../locale-context";
import { PhoneNumberText } from "../phone-number-text";
import type { SectionContext } from "./section-context";

type CallToActionData = Extract<Section, { _type: "callToAction" }>;

export function CallToAction({ section, context }: { section: CallToActionData; context: SectionContext }) {
  const { locale, strings } = useLocale();
  const campaignKeyword = section.keyword ?? context.subscribe.keyword;
  // Through a volunteer's link: "JOIN K7QX2MAB" credits them if the reader chooses to send it (decision 027).
  const keyword = campaignKeyword && context.subscribe.code ? `${campaignKeyword} ${context.subscribe.code}` : campaignKeyword;
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
              number: <PhoneNumberText number={number} />,
            })}
          </p>
          <p>
            <a className="button" href={`sms:${number}?body=${encodeURIComponent(keyword)}`}>
              {strings.sendSms} <PhoneNumberText number={number} />
            </a>
          </p>
          <p>{strings.smsStopHint}</p>
        </>
      ) : null}
      {section.action === "volunteer" ? (
        <p>
          <a className="button" href={volunteerPath(locale)}>
            {strings.volunteerCta}
          </a>
        </p>
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
