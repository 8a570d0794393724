/**
 * `/staff/data-requests` (admin): type in a phone number someone asked about. The post opens a
 * short-lived request record holding the number encrypted server-side and redirects to it
 * (`/staff/data-requests/<request id>`, the child route, shown instead of this form); the number
 * is never put back into the page, not even into the field after a mistake. No JavaScript.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useOutlet } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { dataRequestStrings } from "~/staff/data-request-strings";
import { openDataRequest } from "~/staff/data-requests.server";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffForm, requireStaffUser } from "~/staff/staff-session.server";
import { staffLanguage } from "~/staff/staff-strings";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers = () => STAFF_PAGE_HEADERS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "admin");
  const expired = new URL(request.url).searchParams.has("expired");
  return data(
    { lang: staffLanguage(request), user: { displayName: user.displayName, role: user.role, csrfToken: user.csrfToken }, expired },
    { headers: STAFF_PAGE_HEADERS },
  );
}

const lookUpForm = z.object({ number: z.string().max(64) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, form } = await requireStaffForm(request, context, "admin");
  const lang = staffLanguage(request);
  const parsed = lookUpForm.safeParse({ number: form.get("number") ?? "" });
  const opened = parsed.success
    ? await openDataRequest(context, user, parsed.data.number, context.now())
    : ({ ok: false, problem: "invalid-number" } as const);
  if (!opened.ok) return data({ error: "invalidNumber" as const }, { status: 400, headers: STAFF_PAGE_HEADERS });
  throw redirect(`/staff/data-requests/${opened.requestId}?lang=${lang}`, { status: 303, headers: STAFF_PAGE_HEADERS });
}

export default function StaffDataRequests() {
  const { lang, user, expired } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A request's page (the child route) replaces the number form.
  const outlet = useOutlet();
  if (outlet) return outlet;
  const strings = dataRequestStrings(lang);
  const error = actionData?.error ? strings.invalidNumber : expired ? strings.expired : null;
  return (
    <StaffLayout user={user} lang={lang} path="/staff/data-requests">
      <h1>{strings.title}</h1>
      <p>{strings.intro}</p>
      {error ? (
        <p role="alert" className="staff-error" id="number-error">
          {error}
        </p>
      ) : null}
      <form method="post" action={`/staff/data-requests?lang=${lang}`} className="staff-form" autoComplete="off">
        <CsrfField token={user.csrfToken} />
        <label htmlFor="number">{strings.numberLabel}</label>
        <p id="number-hint" className="staff-hint">
          {strings.numberHint}
        </p>
        <input
          id="number"
          name="number"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={64}
          aria-describedby={actionData?.error ? "number-hint number-error" : "number-hint"}
          aria-invalid={actionData?.error ? true : undefined}
          dir="ltr"
        />
        <button type="submit">{strings.lookUp}</button>
      </form>
    </StaffLayout>
  );
}

export const meta: MetaFunction = () => [{ title: "Data requests · Staff" }, { name: "robots", content: "noindex, nofollow" }];

export const ErrorBoundary = StaffErrorBoundary;
