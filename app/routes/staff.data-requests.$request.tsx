/**
 * `/staff/data-requests/<request id>` (admin): what we hold about the number of one open request,
 * without the number; a form that downloads everything held (the export route); and erasure behind
 * a confirmation step (`?step=erase`, then a post with a confirming checkbox). The request id is
 * the admin's own and lives 15 minutes (app/staff/data-requests.server.ts); an unknown, expired or
 * someone else's id goes back to the number form. No JavaScript.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/staff/csrf-field";
import { HeldDataSummaryView } from "~/components/staff/held-data-summary";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { dataRequestStrings } from "~/staff/data-request-strings";
import { eraseDataRequest, findDataRequest, summarizeDataRequest } from "~/staff/data-requests.server";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffForm, requireStaffUser } from "~/staff/staff-session.server";
import { staffLanguage, type StaffLanguage } from "~/staff/staff-strings";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers = () => STAFF_PAGE_HEADERS;

function expiredRedirect(lang: StaffLanguage): Response {
  return redirect(`/staff/data-requests?expired&lang=${lang}`, { status: 303, headers: STAFF_PAGE_HEADERS });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "admin");
  const lang = staffLanguage(request);
  const url = new URL(request.url);
  const found = await findDataRequest(context, user, params.request ?? "", context.now());
  if (!found) throw expiredRedirect(lang);
  const page = {
    lang,
    user: { displayName: user.displayName, role: user.role, csrfToken: user.csrfToken },
    requestId: found.requestId,
    auditFailed: url.searchParams.get("audit") === "failed",
  };
  if (found.state === "erased") {
    return data({ ...page, state: "erased" as const, summary: null, confirming: false }, { headers: STAFF_PAGE_HEADERS });
  }
  const summary = await summarizeDataRequest(context.db, found);
  const confirming = url.searchParams.get("step") === "erase" && summary.held;
  return data({ ...page, state: "open" as const, summary, confirming }, { headers: STAFF_PAGE_HEADERS });
}

const eraseForm = z.object({ intent: z.literal("erase"), confirm: z.literal("yes").optional() });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, form } = await requireStaffForm(request, context, "admin");
  const lang = staffLanguage(request);
  const parsed = eraseForm.safeParse({ intent: form.get("intent"), confirm: form.get("confirm") ?? undefined });
  if (!parsed.success) throw new Response("Unknown form.", { status: 400, headers: STAFF_PAGE_HEADERS });
  const now = context.now();
  const found = await findDataRequest(context, user, params.request ?? "", now);
  if (!found) throw expiredRedirect(lang);
  const self = `/staff/data-requests/${found.requestId}?lang=${lang}`;
  if (found.state === "erased") throw redirect(self, { status: 303, headers: STAFF_PAGE_HEADERS });
  if (!parsed.data.confirm) return data({ error: "confirmRequired" as const }, { status: 400, headers: STAFF_PAGE_HEADERS });
  const { audited } = await eraseDataRequest(context, user, found, now);
  throw redirect(audited ? self : `${self}&audit=failed`, { status: 303, headers: STAFF_PAGE_HEADERS });
}

export default function StaffDataRequest() {
  const { lang, user, requestId, state, summary, confirming, auditFailed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const strings = dataRequestStrings(lang);
  const self = `/staff/data-requests/${requestId}`;
  const otherLang = lang === "en" ? "ru" : "en";
  const showConfirm = confirming || actionData?.error === "confirmRequired";
  return (
    <StaffLayout user={user} lang={lang} path="/staff/data-requests" otherLanguageHref={`${self}?lang=${otherLang}`}>
      <h1>{strings.title}</h1>
      {state === "erased" || !summary ? (
        <>
          <p role="status">{strings.erased}</p>
          {auditFailed ? (
            <p role="alert" className="staff-error">
              {strings.auditFailed}
            </p>
          ) : null}
        </>
      ) : showConfirm ? (
        <section aria-labelledby="confirm-title">
          <h2 id="confirm-title">{strings.confirmTitle}</h2>
          <p>{strings.confirmText}</p>
          {actionData?.error ? (
            <p role="alert" className="staff-error" id="confirm-error">
              {strings.confirmRequired}
            </p>
          ) : null}
          <form method="post" action={`${self}?lang=${lang}`} className="staff-form">
            <CsrfField token={user.csrfToken} />
            <input type="hidden" name="intent" value="erase" />
            <p className="staff-check">
              <input
                type="checkbox"
                id="confirm"
                name="confirm"
                value="yes"
                required
                aria-describedby={actionData?.error ? "confirm-error" : undefined}
              />
              <label htmlFor="confirm">{strings.confirmCheck}</label>
            </p>
            <button type="submit" className="staff-danger">
              {strings.confirmButton}
            </button>
          </form>
          <p>
            <a href={`${self}?lang=${lang}`}>{strings.back}</a>
          </p>
        </section>
      ) : (
        <>
          <h2>{strings.resultTitle}</h2>
          <HeldDataSummaryView summary={summary} strings={strings} lang={lang} />

          <section aria-labelledby="export-title">
            <h2 id="export-title">{strings.exportTitle}</h2>
            <p>{strings.exportText}</p>
            <form method="post" action={`${self}/export?lang=${lang}`} className="staff-form">
              <CsrfField token={user.csrfToken} />
              <button type="submit">{strings.exportButton}</button>
            </form>
          </section>

          <section aria-labelledby="erase-title">
            <h2 id="erase-title">{strings.eraseTitle}</h2>
            {summary.held ? (
              <>
                <p>{strings.eraseText}</p>
                <p>
                  <a href={`${self}?step=erase&lang=${lang}`}>{strings.eraseLink}</a>
                </p>
              </>
            ) : (
              <p>{strings.nothingToErase}</p>
            )}
          </section>
        </>
      )}
      <p>
        <a href={`/staff/data-requests?lang=${lang}`}>{strings.newRequest}</a>
      </p>
    </StaffLayout>
  );
}

export const meta: MetaFunction = () => [{ title: "Data request · Staff" }, { name: "robots", content: "noindex, nofollow" }];

export const ErrorBoundary = StaffErrorBoundary;
