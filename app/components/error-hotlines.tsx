/**
 * The hotline numbers an error page still carries, by country, each a plain `tel:` (or `sms:`)
 * link that works without the rest of the site, with the sample notice when they are examples.
 * The content comes from the server entry (error-page-content.server.ts) through a React context,
 * because an error boundary has no loader of its own.
 */
import { createContext, useContext } from "react";
import type { Hotline } from "~/content/schemas";
import { hotlinesPath, localeHomePath } from "~/http/site-urls";
import { COUNTRIES, type Locale } from "~/i18n/locales";
import { cachedCountryName } from "./format/intl-cache";
import { useLocale } from "./locale-context";
import { SampleContentNotice } from "./notices";

/** What the server could gather for this error page (see app/http/error-page-content.server.ts). */
export interface ErrorPageHotlines {
  hotlines: readonly Hotline[];
  directoryAvailable: boolean;
  quickExitUrl: string | null;
  /** E.164 → display form, made on the server. */
  display: Readonly<Record<string, string>>;
}

const ErrorPageContext = createContext<ErrorPageHotlines | null>(null);

export const ErrorPageProvider = ErrorPageContext.Provider;

export function useErrorPageContent(): ErrorPageHotlines | null {
  return useContext(ErrorPageContext);
}

/** Programme countries first, in programme order; any other after them. */
function byCountry(hotlines: readonly Hotline[]): Array<[string, Hotline[]]> {
  const groups = new Map<string, Hotline[]>();
  for (const hotline of hotlines) groups.set(hotline.country, [...(groups.get(hotline.country) ?? []), hotline]);
  const rank = (country: string) => {
    const index = (COUNTRIES as readonly string[]).indexOf(country);
    return index >= 0 ? index : COUNTRIES.length;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The number to call, else to text: links that need nothing but the phone itself. */
function directLink(hotline: Hotline): { href: string; number: string; kind: "call" | "sms" } | null {
  if (hotline.phone) return { href: `tel:${hotline.phone}`, number: hotline.phone, kind: "call" };
  if (hotline.sms) return { href: `sms:${hotline.sms}`, number: hotline.sms, kind: "sms" };
  return null;
}

/** `sampleNotice`: false where the page already says its numbers are samples (the site layout does). */
export function ErrorHotlines({
  hotlines,
  display,
  sampleNotice,
}: {
  hotlines: readonly Hotline[];
  display: Readonly<Record<string, string>>;
  sampleNotice: boolean;
}) {
  const { locale, strings } = useLocale();
  const reachable = hotlines.filter((hotline) => directLink(hotline) !== null);
  if (reachable.length === 0) return null;
  return (
    <section aria-labelledby="error-hotlines" data-error-hotlines="">
      <h2 id="error-hotlines">{strings.hotlinesTitle}</h2>
      {sampleNotice && reachable.some((hotline) => hotline.isSample) ? <SampleContentNotice /> : null}
      {byCountry(reachable).map(([country, group]) => (
        <div key={country}>
          <h3>{cachedCountryName(country, locale)}</h3>
          <ul>
            {group.map((hotline) => {
              const link = directLink(hotline);
              if (!link) return null;
              return (
                <li key={hotline._id}>
                  {hotline.organization}:{" "}
                  <a className="tap" href={link.href}>
                    {link.kind === "call" ? strings.call : strings.sendSms}{" "}
                    <span className="tel" dir="ltr">
                      {display[link.number] ?? link.number}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The ways on from an error page: the hotline directory when it can still render, and home. */
export function ErrorPageLinks({ locale, directoryAvailable }: { locale: Locale; directoryAvailable: boolean }) {
  const { strings } = useLocale();
  return (
    <ul className="jump">
      {directoryAvailable ? (
        <li>
          <a className="tap" href={hotlinesPath(locale)}>
            {strings.hotlinesLink}
          </a>
        </li>
      ) : null}
      <li>
        <a className="tap" href={localeHomePath(locale)}>
          {strings.backHome}
        </a>
      </li>
    </ul>
  );
}
