/**
 * `/staff/reach`: what the campaigns reached, for campaign staff and donors. Totals per campaign,
 * weekly page views per campaign, counts per country and region with bar charts, a map of the
 * seven programme countries shaded by page views (with the same figures in a table beside it), and
 * the funnels page view → hotline tap / subscription and message queued → delivered. Filters are
 * GET parameters (date range, campaign, language, channel) and work without JavaScript; the CSV
 * link (`/staff/reach.csv`) carries the same ones. Every count under 5 shows as "<5", and no total
 * or filter can reveal one (docs/decisions/022-small-number-suppression.md). English or Russian
 * (`?lang=ru`, else Accept-Language). For any signed-in staff user (viewer and up,
 * app/staff/staff-session.server.ts); no script, never cached or indexed.
 */
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { reachFilterQuery } from "~/analytics/reach-filters";
import { REACH_CHANNELS } from "~/analytics/reach-events";
import { BarChart, FigureTable, Funnel } from "~/components/reach/reach-figures";
import { ReachMap } from "~/components/reach/reach-map";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { endonym, LOCALES } from "~/i18n/locales";
import { format } from "~/i18n/ui-strings";
import { loadReachPage } from "~/staff/reach-page.server";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffUser } from "~/staff/staff-session.server";
import { reachStrings } from "~/staff/reach-strings";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers: HeadersFunction = () => STAFF_PAGE_HEADERS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "viewer");
  return data({
    ...(await loadReachPage(request, context)),
    user: { displayName: user.displayName, role: user.role, csrfToken: user.csrfToken },
  });
}

export default function StaffReach() {
  const { dashboard, lang, problems, campaignChoices, regionNames, countryNames, map, attribution, user } = useLoaderData<typeof loader>();
  const strings = reachStrings(lang);
  const { filters } = dashboard;
  const otherLang = lang === "en" ? "ru" : "en";
  const campaignLabel = (id: string) => id || strings.noCampaign;
  const countryLabel = (id: string) => (id ? (countryNames[id] ?? id) : strings.unknownCountry);
  const regionLabel = (id: string) => (id ? `${regionNames[id] ?? id} (${id})` : strings.unknownRegion);
  const metricLabel = (id: string) => strings.metrics[id as keyof typeof strings.metrics] ?? id;
  const empty = dashboard.campaigns.rows.length === 0 && dashboard.countries.columnTotals?.every((count) => count.kind !== "shown");
  return (
    <StaffLayout
      user={user}
      lang={lang}
      path="/staff/reach"
      className="staff-reach"
      otherLanguageHref={`/staff/reach?${reachFilterQuery(filters, otherLang)}`}
    >
      <h1>{strings.title}</h1>
      <p>{strings.intro}</p>
      <p className="staff-notice">{strings.smallNumbers}</p>
      {problems ? (
        <p role="alert" className="staff-error">
          {format(strings.problems, { problems: problems.join("; ") })}
        </p>
      ) : null}

      <form method="get" className="reach-filters" aria-labelledby="reach-filters-title">
        <h2 id="reach-filters-title">{strings.filters}</h2>
        <input type="hidden" name="lang" value={lang} />
        <div className="reach-filter-fields">
          <label>
            {strings.from}
            <input type="date" name="from" defaultValue={filters.from} />
          </label>
          <label>
            {strings.to}
            <input type="date" name="to" defaultValue={filters.to} />
          </label>
          <label>
            {strings.campaign}
            <select name="campaign" defaultValue={filters.campaign ?? ""}>
              <option value="">{strings.all}</option>
              {campaignChoices.map((campaign) => (
                <option key={campaign} value={campaign}>
                  {campaign}
                </option>
              ))}
            </select>
          </label>
          <label>
            {strings.locale}
            <select name="locale" defaultValue={filters.locale ?? ""}>
              <option value="">{strings.all}</option>
              {LOCALES.map((locale) => (
                <option key={locale} value={locale} lang={locale}>
                  {endonym(locale)} ({locale})
                </option>
              ))}
            </select>
          </label>
          <label>
            {strings.channel}
            <select name="channel" defaultValue={filters.channel ?? ""}>
              <option value="">{strings.all}</option>
              {REACH_CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {strings.channels[channel]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" className="reach-button">
          {strings.apply}
        </button>
      </form>
      <p>{format(strings.weeks, { from: filters.from, to: filters.to })}</p>
      <p className="reach-links">
        <a href={`/staff/reach.csv?${reachFilterQuery(filters, lang)}`} download>
          {strings.downloadCsv}
        </a>
        <a href={`/staff/reach?${reachFilterQuery(filters, otherLang)}`} lang={otherLang} hrefLang={otherLang}>
          {strings.otherLanguage}
        </a>
      </p>
      {empty ? <p role="status">{strings.noFigures}</p> : null}

      <h2>{strings.byCampaign}</h2>
      <FigureTable
        table={dashboard.campaigns}
        caption={strings.byCampaignCaption}
        strings={strings}
        rowHeader={strings.campaign}
        rowLabel={campaignLabel}
        columnLabel={metricLabel}
      />

      <h2>{strings.funnels}</h2>
      <div className="reach-funnels">
        <Funnel title={strings.siteFunnel} steps={dashboard.funnels.site} strings={strings} />
        <Funnel title={strings.messageFunnel} steps={dashboard.funnels.messages} strings={strings} />
      </div>

      <h2>{strings.trend}</h2>
      <BarChart
        label={strings.trendChart}
        strings={strings}
        bars={dashboard.trend.rows.map((row) => ({ id: row.id, label: row.id, count: row.total ?? { kind: "small" } }))}
      />
      <FigureTable
        table={dashboard.trend}
        caption={strings.trendCaption}
        strings={strings}
        rowHeader={strings.week}
        rowLabel={(id) => id}
        columnLabel={campaignLabel}
      />

      <h2>{strings.byCountry}</h2>
      <BarChart
        label={strings.countryChart}
        strings={strings}
        bars={dashboard.countries.rows.map((row) => ({ id: row.id, label: countryLabel(row.id), count: row.cells[0]! }))}
      />
      <FigureTable
        table={dashboard.countries}
        caption={strings.byCountryCaption}
        strings={strings}
        rowHeader={strings.country}
        rowLabel={countryLabel}
        columnLabel={metricLabel}
      />

      <h2>{strings.map}</h2>
      <ReachMap
        map={map}
        regions={dashboard.regions}
        regionNames={regionNames}
        countryNames={countryNames}
        attribution={attribution}
        strings={strings}
      />

      {dashboard.regions.map((table) => {
        const country = countryLabel(table.id.slice("regions-".length));
        return (
          <section key={table.id} aria-labelledby={`${table.id}-title`}>
            <h3 id={`${table.id}-title`}>{format(strings.regionsOf, { country })}</h3>
            <FigureTable
              table={table}
              caption={format(strings.regionsCaption, { country })}
              strings={strings}
              rowHeader={strings.region}
              rowLabel={regionLabel}
              columnLabel={metricLabel}
            />
          </section>
        );
      })}
    </StaffLayout>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${reachStrings(loaded?.lang ?? "en").title} · staff` },
  { name: "robots", content: "noindex, nofollow" },
];

export function ErrorBoundary() {
  return <StaffErrorBoundary />;
}
