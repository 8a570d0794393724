/**
 * `/staff/audit` (admin): the audit log, newest first, 50 entries a page. Filters by action, who
 * acted, target type and a range of UTC days are a GET form (no JavaScript); "Older entries"
 * pages on the entry id (keyset), so a page stays the same while new entries arrive. Entries hold
 * no phone number, address or message text (app/audit/audit-log.server.ts refuses them).
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { format } from "~/i18n/ui-strings";
import { AUDIT_ACTIONS, type AuditAction } from "~/audit/audit-log.server";
import { auditFilterQuery, loadAuditPage, parseAuditFilters } from "~/staff/audit-page.server";
import { auditStrings } from "~/staff/audit-strings";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffUser } from "~/staff/staff-session.server";
import { staffLanguage } from "~/staff/staff-strings";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers = () => STAFF_PAGE_HEADERS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "admin");
  const lang = staffLanguage(request);
  const { filters, problems } = parseAuditFilters(new URL(request.url).searchParams);
  const page = await loadAuditPage(context.db, filters);
  return data(
    { lang, user: { displayName: user.displayName, role: user.role, csrfToken: user.csrfToken }, filters, problems, ...page },
    { headers: STAFF_PAGE_HEADERS },
  );
}

export default function StaffAudit() {
  const { lang, user, filters, problems, entries, olderBefore, actors, targetTypes } = useLoaderData<typeof loader>();
  const strings = auditStrings(lang);
  const otherLang = lang === "en" ? "ru" : "en";
  const actionLabel = (action: string) => strings.actions[action as AuditAction] ?? action;
  return (
    <StaffLayout
      user={user}
      lang={lang}
      path="/staff/audit"
      otherLanguageHref={`/staff/audit?${auditFilterQuery(filters, otherLang, filters.before)}`}
      className="staff-audit"
    >
      <h1>{strings.title}</h1>
      <p>{strings.intro}</p>
      {problems.length > 0 ? (
        <p role="alert" className="staff-error">
          {format(strings.badFilters, { problems: problems.join(", ") })}
        </p>
      ) : null}

      <form method="get" action="/staff/audit" className="staff-filters" aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title">{strings.filters}</h2>
        <input type="hidden" name="lang" value={lang} />
        <div className="staff-filter-fields">
          <label>
            {strings.action}
            <select name="action" defaultValue={filters.action ?? ""}>
              <option value="">{strings.all}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {strings.actions[action]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {strings.actor}
            <select name="actor" defaultValue={filters.actor === undefined ? "" : String(filters.actor)}>
              <option value="">{strings.all}</option>
              {actors.map((actor) => (
                <option key={actor.id} value={actor.id}>
                  {actor.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {strings.targetType}
            <select name="targetType" defaultValue={filters.targetType ?? ""}>
              <option value="">{strings.all}</option>
              {targetTypes.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          <label>
            {strings.from}
            <input type="date" name="from" defaultValue={filters.from ?? ""} />
          </label>
          <label>
            {strings.to}
            <input type="date" name="to" defaultValue={filters.to ?? ""} />
          </label>
        </div>
        <button type="submit">{strings.apply}</button> <a href={`/staff/audit?lang=${lang}`}>{strings.reset}</a>
      </form>
      <p>
        <a href={`/staff/audit.csv?${auditFilterQuery(filters, lang)}`} download>
          {strings.downloadCsv}
        </a>
      </p>

      {entries.length === 0 ? (
        <p role="status">{strings.none}</p>
      ) : (
        <div className="staff-scroll" role="region" aria-label={strings.caption} tabIndex={0}>
          <table className="staff-table audit-table">
            <caption>{strings.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{strings.at}</th>
                <th scope="col">{strings.actor}</th>
                <th scope="col">{strings.action}</th>
                <th scope="col">{strings.target}</th>
                <th scope="col">{strings.details}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-audit-id={entry.id}>
                  <td>
                    <time
                      dateTime={entry.at.toISOString()}
                    >{`${entry.at.toISOString().slice(0, 10)} ${entry.at.toISOString().slice(11, 19)}`}</time>
                  </td>
                  <td>{entry.actorLabel}</td>
                  <td data-action={entry.action}>{actionLabel(entry.action)}</td>
                  <td>{entry.targetType ? `${entry.targetType}: ${entry.targetId ?? ""}` : ""}</td>
                  <td>
                    {Object.entries(entry.details)
                      .map(([key, value]) => `${key}: ${String(value)}`)
                      .join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="staff-pages" aria-label={strings.caption}>
        {filters.before !== undefined ? <a href={`/staff/audit?${auditFilterQuery(filters, lang)}`}>{strings.newest}</a> : null}{" "}
        {olderBefore !== null ? (
          <a href={`/staff/audit?${auditFilterQuery(filters, lang, olderBefore)}`} rel="next">
            {strings.older}
          </a>
        ) : null}
      </nav>
    </StaffLayout>
  );
}

export const meta: MetaFunction = () => [{ title: "Audit log · Staff" }, { name: "robots", content: "noindex, nofollow" }];

export const ErrorBoundary = StaffErrorBoundary;
