/**
 * `/staff/volunteers`: volunteers per region and the reach their links brought (any staff user,
 * small-number rules), session reports to confirm (editors and up, audited as
 * volunteer-session-confirmed), and for admins the accounts, with a button to disable an abusive
 * one (audited as volunteer-disabled). English and Russian; no JavaScript; never cached.
 */
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { publishedText, type PublishedCount } from "~/analytics/small-numbers";
import { recordAudit } from "~/audit/audit-log.server";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { countryName } from "~/i18n/locales";
import { format } from "~/i18n/ui-strings";
import { roleAllows } from "~/staff/roles";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffForm, requireStaffUser } from "~/staff/staff-session.server";
import { staffLanguage } from "~/staff/staff-strings";
import { volunteerStaffStrings } from "~/staff/volunteer-strings";
import { orFallback } from "~/http/route-errors";
import { parseReferralCode } from "~/volunteers/referral-code";
import { confirmSessionReport } from "~/volunteers/session-reports.server";
import { disableVolunteer, pendingSessionReports, volunteerAccounts, volunteersByRegion } from "~/volunteers/staff-volunteers.server";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers: HeadersFunction = () => STAFF_PAGE_HEADERS;

const REACH_DAYS = 28;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "viewer");
  const lang = staffLanguage(request);
  const url = new URL(request.url);
  const today = context.now().toISOString().slice(0, 10);
  const isAdmin = roleAllows(user.role, "admin");
  const code = parseReferralCode(url.searchParams.get("code") ?? "") ?? undefined;
  const [table, reports, accounts, regions] = await Promise.all([
    volunteersByRegion(context.db, { today, days: REACH_DAYS }),
    roleAllows(user.role, "editor") ? pendingSessionReports(context.db) : Promise.resolve([]),
    isAdmin ? volunteerAccounts(context.db, { code }) : Promise.resolve([]),
    orFallback(context.content.regions(lang), []),
  ]);
  const regionName = new Map(regions.map((region) => [region.code, region.name]));
  const place = (country: string, region: string) => ({ country: countryName(country, lang), region: regionName.get(region) ?? region });
  return data({
    user: { displayName: user.displayName, role: user.role, csrfToken: user.csrfToken },
    lang,
    days: REACH_DAYS,
    table: { ...table, rows: table.rows.map((row) => place(row.country, row.region)) },
    reports: reports.map((report) => ({ ...report, ...place(report.country, report.region) })),
    accounts: accounts.map((account) => ({ ...account, ...place(account.country, account.region) })),
    code: code ?? "",
    done: url.searchParams.get("done"),
  });
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm-report"), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("disable"), id: z.coerce.number().int().positive() }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, form } = await requireStaffForm(request, context, "editor");
  const lang = staffLanguage(request);
  const parsed = ActionSchema.safeParse({ intent: form.get("intent"), id: form.get("id") });
  if (!parsed.success) return data({ error: "notFound" as const }, { status: 400 });
  const { intent, id } = parsed.data;
  const actor = { userId: user.id, label: user.email };
  if (intent === "disable") {
    if (!roleAllows(user.role, "admin")) throw new Response("This needs the admin role.", { status: 403, headers: STAFF_PAGE_HEADERS });
    if (!(await disableVolunteer(context.db, id, context.now()))) return data({ error: "notFound" as const }, { status: 409 });
    await recordAudit(context.db, { actor, action: "volunteer-disabled", target: { type: "volunteer", id: String(id) } }, context.now());
  } else {
    if (!(await confirmSessionReport(context.db, id, context.now()))) return data({ error: "notFound" as const }, { status: 409 });
    await recordAudit(
      context.db,
      { actor, action: "volunteer-session-confirmed", target: { type: "volunteer-session-report", id: String(id) } },
      context.now(),
    );
  }
  throw redirect(`/staff/volunteers?lang=${lang}&done=${intent}-${id}`, { status: 303, headers: { "Cache-Control": "no-store" } });
}

export default function StaffVolunteers() {
  const { user, lang, days, table, reports, accounts, code, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const strings = volunteerStaffStrings(lang);
  const text = (count: PublishedCount) => publishedText(count, strings.hidden);
  const [doneIntent, doneId] = done?.split(/-(?=\d+$)/) ?? [];
  const canConfirm = roleAllows(user.role, "editor");
  const isAdmin = roleAllows(user.role, "admin");
  return (
    <StaffLayout user={user} lang={lang} path="/staff/volunteers">
      <h1>{strings.title}</h1>
      <p>{format(strings.intro, { days })}</p>
      <p>{strings.smallNumbers}</p>
      {doneIntent && doneId ? (
        <p role="status" className="staff-notice">
          {format(doneIntent === "disable" ? strings.disabledDone : strings.confirmed, { id: doneId })}
        </p>
      ) : null}
      {actionData && "error" in actionData ? (
        <p role="alert" className="staff-error">
          {strings.notFound}
        </p>
      ) : null}

      <h2>{strings.byRegion}</h2>
      {table.rows.length === 0 ? (
        <p>{strings.none}</p>
      ) : (
        <div className="staff-scroll" role="region" aria-label={strings.byRegion} tabIndex={0}>
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{strings.country}</th>
                <th scope="col">{strings.region}</th>
                <th scope="col">{strings.volunteers}</th>
                <th scope="col">{strings.visits}</th>
                <th scope="col">{strings.hotlineTaps}</th>
                <th scope="col">{strings.attendees}</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={`${row.country}-${row.region}`}>
                  <td>{row.country}</td>
                  <th scope="row">{row.region}</th>
                  {table.cells[index]!.map((cell, column) => (
                    <td key={column}>{text(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {strings.total}
                </th>
                {table.columnTotals.map((cell, column) => (
                  <td key={column}>{text(cell)}</td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}

      {canConfirm ? (
        <>
          <h2>{strings.reports}</h2>
          {reports.length === 0 ? (
            <p>{strings.reportsNone}</p>
          ) : (
            <div className="staff-scroll" role="region" aria-label={strings.reports} tabIndex={0}>
              <table className="staff-table">
                <thead>
                  <tr>
                    <th scope="col">{strings.campaign}</th>
                    <th scope="col">{strings.region}</th>
                    <th scope="col">{strings.heldOn}</th>
                    <th scope="col">{strings.attendees}</th>
                    <th scope="col">
                      <span className="visually-hidden">{strings.confirm}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {reports.map((report) => (
                    <tr key={report.id}>
                      <td>{report.campaign}</td>
                      <td>
                        {report.region}, {report.country}
                      </td>
                      <td>{report.heldOn}</td>
                      <td>{report.attendees}</td>
                      <td>
                        <form method="post">
                          <CsrfField token={user.csrfToken} />
                          <input type="hidden" name="intent" value="confirm-report" />
                          <input type="hidden" name="id" value={report.id} />
                          <button type="submit">{strings.confirm}</button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}

      {isAdmin ? (
        <>
          <h2>{strings.accounts}</h2>
          <p>{strings.accountsIntro}</p>
          <form method="get" className="staff-filters">
            <input type="hidden" name="lang" value={lang} />
            <label htmlFor="volunteer-code">{strings.findCode}</label>
            <input id="volunteer-code" name="code" defaultValue={code} maxLength={8} />
            <button type="submit">{strings.find}</button>
          </form>
          <div className="staff-scroll" role="region" aria-label={strings.accounts} tabIndex={0}>
            <table className="staff-table">
              <thead>
                <tr>
                  <th scope="col">{strings.nickname}</th>
                  <th scope="col">{strings.code}</th>
                  <th scope="col">{strings.region}</th>
                  <th scope="col">{strings.created}</th>
                  <th scope="col">{strings.status}</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((account) => (
                  <tr key={account.id}>
                    <th scope="row">{account.nickname}</th>
                    <td>
                      <code>{account.referralCode}</code>
                    </td>
                    <td>
                      {account.region}, {account.country}
                    </td>
                    <td>{account.createdOn}</td>
                    <td>
                      {account.disabled ? (
                        strings.disabled
                      ) : (
                        <form method="post">
                          <CsrfField token={user.csrfToken} />
                          <input type="hidden" name="intent" value="disable" />
                          <input type="hidden" name="id" value={account.id} />
                          <button type="submit" aria-label={`${strings.disable}: ${account.nickname}`}>
                            {strings.disable}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </StaffLayout>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: volunteerStaffStrings(page?.lang ?? "en").title },
  { name: "robots", content: "noindex, nofollow" },
];

export function ErrorBoundary() {
  return <StaffErrorBoundary />;
}
