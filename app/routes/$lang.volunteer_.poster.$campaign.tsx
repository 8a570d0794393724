/**
 * `/:lang/volunteer/poster/:campaign`: the signed-in volunteer's printable A4 poster for a
 * campaign (app/components/share-poster.tsx, from the sharing work): its QR code opens the
 * volunteer's referral link, its hotline is for the volunteer's country and region, and its SMS
 * call to action is the campaign's join keyword followed by the volunteer's code, which credits
 * them when a new number sends it (decision 027, "Subscriptions"). Personal (it carries their
 * code): only for the session's volunteer, never cached or indexed.
 */
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale } from "~/components/locale-context";
import { PhoneDisplayProvider } from "~/components/phone-number-text";
import { SharePoster } from "~/components/share-poster";
import { requireCampaign } from "~/http/campaign-content.server";
import { NO_STORE } from "~/http/cache-control";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { posterContent } from "~/http/poster-content.server";
import { orFallback } from "~/http/route-errors";
import { localeParam, parseParamsOr404, slugParam } from "~/http/route-params";
import { absoluteUrl } from "~/http/site-urls";
import { todayIsoDate } from "~/http/today";
import { uiStrings } from "~/i18n/ui-strings";
import { volunteerProfile } from "~/volunteers/accounts.server";
import { joinWithCodeInvitation } from "~/volunteers/join-referral";
import { volunteerIdOfSession, sessionIdFromCookie } from "~/volunteers/volunteer-session.server";
import { referralPath, volunteerPath } from "~/volunteers/volunteer-urls";
import posterStylesheet from "~/styles/poster.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: posterStylesheet }];

const PERSONAL_HEADERS = { "Cache-Control": NO_STORE, "X-Robots-Tag": "noindex" };

export const headers: HeadersFunction = () => PERSONAL_HEADERS;

const ParamsSchema = z.object({ lang: localeParam, campaign: slugParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { lang: locale, campaign: slug } = parseParamsOr404(ParamsSchema, params);
  const sessionId = sessionIdFromCookie(request.headers.get("cookie"), context.env.SESSION_SECRET);
  const volunteerId = await volunteerIdOfSession(context.db, sessionId, context.now());
  const profile = volunteerId === null ? null : await volunteerProfile(context.db, context.keyring, volunteerId);
  if (!profile) throw redirect(volunteerPath(locale), { status: 303, headers: PERSONAL_HEADERS });
  const campaign = await requireCampaign(context, locale, slug, todayIsoDate(context.now()));
  // Our SMS number: the campaign's own, else the site's (as the campaign page's call to action).
  const settings = campaign.sms?.number ? null : await orFallback(context.content.siteSettings(locale), null);
  const { poster, phoneDisplay } = await posterContent(context.content, {
    locale,
    campaign,
    url: absoluteUrl(context.env.PUBLIC_BASE_URL, referralPath(profile.referralCode, campaign.slug)),
    country: campaign.countries.includes(profile.country) ? profile.country : null,
    region: campaign.countries.includes(profile.country) ? profile.region : null,
    subscribe: joinWithCodeInvitation(campaign.sms, settings?.smsNumber, profile.referralCode),
  });
  return data({ locale, title: campaign.title, poster, phoneDisplay }, { headers: PERSONAL_HEADERS });
}

export default function VolunteerPoster() {
  const { poster, phoneDisplay, locale } = useLoaderData<typeof loader>();
  const { strings } = useLocale();
  return (
    <PhoneDisplayProvider display={phoneDisplay}>
      <div className="poster-controls">
        <p>{strings.posterPrintHint}</p>
        <p>
          <a href={volunteerPath(locale)}>{strings.volunteerTitle}</a>
        </p>
      </div>
      <SharePoster {...poster} />
    </PhoneDisplayProvider>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: page, params, error }) => {
  if (!page || error) return errorPageMeta(params, error);
  return [{ title: `${page.title}: ${uiStrings(page.locale).volunteerPoster}` }, { name: "robots", content: "noindex" }];
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
