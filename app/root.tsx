/**
 * The document shell of every page: `<html lang dir>`, the stylesheet, skip link, quick exit,
 * header, sample-content notice and footer. Public pages (any matched route with
 * `handle.hydrate === false`) are sent without `<Scripts/>` and `<ScrollRestoration/>`: no
 * JavaScript reaches a campaign reader.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useParams, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useErrorPageContent } from "~/components/error-hotlines";
import { LocaleProvider } from "~/components/locale-context";
import { useNonce } from "~/components/nonce-context";
import { SampleContentNotice } from "~/components/notices";
import { DEFAULT_QUICK_EXIT_URL, QuickExit } from "~/components/quick-exit";
import { QUICK_EXIT_SCRIPT_PATH } from "~/components/quick-exit-script";
import { SiteFooter } from "~/components/site-footer";
import { SiteHeader } from "~/components/site-header";
import { isStaticPage } from "~/http/hydration";
import { localeFromParams } from "~/http/locale-param";
import { orFallback } from "~/http/route-errors";
import { DEFAULT_LOCALE, direction, type Locale } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import stylesheetUrl from "~/styles/site.css";

// Loader data types as Single Fetch serializes them (plain objects, no `json()` wrapper).
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/** The classic compiler fingerprints the file name; served from public/build with a year's cache. */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheetUrl }];

function localeOf(params: Readonly<Record<string, string | undefined>>): Locale {
  return localeFromParams(params) ?? DEFAULT_LOCALE;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const locale = localeOf(params);
  // The chrome must render even when content is down, so the 503 page still has a quick exit.
  const [settings, sampleContent] = await Promise.all([
    orFallback(context.content.siteSettings(locale), null),
    orFallback(context.content.servesSampleData(), false),
  ]);
  return {
    locale,
    baseUrl: context.env.PUBLIC_BASE_URL,
    sampleContent,
    site: {
      name: settings?.organizationName ?? null,
      quickExitUrl: settings?.quickExitUrl ?? DEFAULT_QUICK_EXIT_URL,
      footerText: settings?.footerText ?? null,
      privacyNotice: settings?.privacyNotice ?? null,
      smsNumber: settings?.smsNumber ?? null,
    },
  };
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const params = useParams();
  const matches = useMatches();
  const nonce = useNonce();
  // Set by the server entry on 5xx pages only (see app/http/error-page-content.server.ts).
  const errorPage = useErrorPageContent();
  const locale = data?.locale ?? localeOf(params);
  const hydrate = !isStaticPage(matches.map((match) => match.handle));
  return (
    <html lang={locale} dir={direction(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Stylesheets first: a route's own stylesheet may come as a head tag (app/http/hidden-route.ts) and must follow the site's. */}
        <Links />
        <Meta />
        {/* No favicon request: one round trip less on a slow network. */}
        <link rel="icon" href="data:," />
        {/* The only script of a public page: Back does not return to a page left by the quick exit (decision 028). */}
        <script src={QUICK_EXIT_SCRIPT_PATH} defer />
      </head>
      <body>
        <LocaleProvider locale={locale}>
          <a className="skip-link" href="#main">
            {uiStrings(locale).skipToContent}
          </a>
          <QuickExit href={errorPage?.quickExitUrl ?? data?.site.quickExitUrl ?? DEFAULT_QUICK_EXIT_URL} />
          <SiteHeader siteName={data?.site.name ?? uiStrings(locale).homeLink} hotlinesLink={errorPage?.directoryAvailable ?? true} />
          <main id="main" tabIndex={-1}>
            <div className="wrap">
              {data?.sampleContent ? <SampleContentNotice /> : null}
              {children}
            </div>
          </main>
          <SiteFooter footerText={data?.site.footerText ?? null} privacyNotice={data?.site.privacyNotice ?? null} />
        </LocaleProvider>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.site.name ?? uiStrings(DEFAULT_LOCALE).homeLink }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
