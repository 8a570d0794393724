/**
 * Share links for a page: one plain link per network (no widget, no third-party script) and the
 * page's address in a labelled read-only field that works without JavaScript (select and copy).
 * Where the page hydrates (a volunteer's page), a "Copy link" button appears as an enhancement,
 * using the clipboard API; campaign pages ship no script, so there the field is the way to copy.
 * Reused by the volunteer page with a referral address: props are the address, text and title.
 */
import { useEffect, useId, useState } from "react";
import { sharePingPath, shareRedirectPath } from "~/analytics/tracked-links";
import type { Locale } from "~/i18n/locales";
import { uiStrings, type UiStringKey } from "~/i18n/ui-strings";
import { APP_SCHEME_NETWORKS, shareLinks, type ShareNetwork } from "~/sharing/share-links";

const NETWORK_LABEL: Record<ShareNetwork, UiStringKey> = {
  whatsapp: "whatsapp",
  telegram: "telegram",
  facebook: "facebook",
  vk: "vk",
  odnoklassniki: "odnoklassniki",
  x: "xNetwork",
  email: "email",
  sms: "sendSms",
};

export interface ShareLinksProps {
  /** The absolute address shared (a campaign page, or a volunteer's referral link). */
  url: string;
  text: string;
  /** E-mail subject and VK/OK title; the text when absent. */
  title?: string | null;
  locale: Locale;
  /**
   * Count taps as share_click of this campaign: web networks through the counted redirect
   * (/go/share/…, whose target the server builds from the campaign's content, so only for the
   * campaign's own address), mailto:/sms: by ping. Leave out for any other address.
   */
  countedFor?: { campaign: string };
}

export function ShareLinks({ url, text, title, locale, countedFor }: ShareLinksProps) {
  const strings = uiStrings(locale);
  const fieldId = useId();
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  // Runs only after hydration: without JavaScript the button is never rendered.
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && navigator.clipboard !== undefined), []);

  const links = shareLinks({ url, text, title }, locale).map(({ network, href }) => {
    if (!countedFor) return { network, href, ping: undefined };
    if (APP_SCHEME_NETWORKS.has(network)) return { network, href, ping: sharePingPath(network, locale, countedFor.campaign) };
    return { network, href: shareRedirectPath(network, locale, countedFor.campaign), ping: undefined };
  });

  return (
    <div className="share-links">
      <ul className="actions" aria-label={strings.shareLinksLabel}>
        {links.map(({ network, href, ping }) => (
          <li key={network}>
            <a className="button button-secondary" href={href} ping={ping} rel="nofollow noopener noreferrer" data-network={network}>
              {strings[NETWORK_LABEL[network]]}
            </a>
          </li>
        ))}
      </ul>
      <div className="copy-link">
        <label htmlFor={fieldId}>{strings.shareLinkLabel}</label>
        <input id={fieldId} type="url" readOnly value={url} dir="ltr" />
        {canCopy ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              void navigator.clipboard.writeText(url).then(() => setCopied(true));
            }}
          >
            {strings.copyLink}
          </button>
        ) : null}
        <p role="status" className={copied ? undefined : "visually-hidden"}>
          {copied ? strings.linkCopied : ""}
        </p>
      </div>
    </div>
  );
}
