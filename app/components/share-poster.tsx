/**
 * A printable A4 poster: title, short message, one hotline and a QR code to a page (the campaign,
 * or a volunteer's referral link). Its direction comes from its locale, so a Pashto poster reads
 * right to left even inside another page; the QR code and the address stay left to right. Print
 * layout in app/styles/poster.css (@page A4). The QR path is made by the loader
 * (app/sharing/poster-qr.server.ts) so no QR library reaches the browser. A volunteer's poster
 * also says how to subscribe with their code ("Text SAFE K7QX2MAB to …"), which credits them
 * without tying anyone's number to them (decision 027, "Subscriptions").
 */
import { useId } from "react";
import type { Hotline } from "~/content/schemas";
import { direction, type Locale } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import type { PosterQr } from "~/sharing/poster-qr.server";
import { formatNodes } from "./format/format-nodes";
import { PhoneNumberText } from "./phone-number-text";

export interface SharePosterProps {
  locale: Locale;
  title: string;
  message: string;
  hotline: Pick<Hotline, "organization" | "phone" | "sms" | "isSample"> | null;
  qr: PosterQr;
  /** The SMS call to action: the join keyword (with the volunteer's code) and our number. */
  subscribe?: { keyword: string; number: string } | null;
}

const QUIET_ZONE = 4;

export function SharePoster({ locale, title, message, hotline, qr, subscribe }: SharePosterProps) {
  const strings = uiStrings(locale);
  const qrTitleId = useId();
  const number = hotline?.phone ?? hotline?.sms ?? null;
  const side = qr.size + 2 * QUIET_ZONE;
  return (
    <article className="poster" lang={locale} dir={direction(locale)}>
      <h1 className="poster-title">{title}</h1>
      <p className="poster-message">{message}</p>
      {subscribe ? (
        <p className="poster-subscribe">
          {formatNodes(strings.subscribeBySms, {
            keyword: (
              <strong>
                <bdi>{subscribe.keyword}</bdi>
              </strong>
            ),
            number: <PhoneNumberText number={subscribe.number} />,
          })}
        </p>
      ) : null}
      <div className="poster-bottom">
        {hotline && number ? (
          <div className="poster-hotline">
            <p className="poster-label">{strings.posterHotline}</p>
            <p className="poster-organization">{hotline.organization}</p>
            <p className="poster-number">
              <PhoneNumberText number={number} />
            </p>
            {hotline.isSample ? <p className="poster-sample">{strings.sampleNotice}</p> : null}
          </div>
        ) : null}
        <figure className="poster-qr">
          <svg viewBox={`0 0 ${side} ${side}`} role="img" aria-labelledby={qrTitleId} shapeRendering="crispEdges">
            <title id={qrTitleId}>{qr.url}</title>
            <rect width={side} height={side} fill="#fff" />
            <path d={qr.path} fill="#000" />
          </svg>
          <figcaption>
            {strings.posterScan}
            <span className="poster-url" dir="ltr">
              {qr.url}
            </span>
          </figcaption>
        </figure>
      </div>
    </article>
  );
}
