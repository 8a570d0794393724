/**
 * `/staff/broadcasts/:id`: one broadcast (or sequence) before and while it goes out. Its approval
 * for the current content (four eyes, docs/decisions/024-four-eyes-approval.md): editors submit
 * it, approvers approve or revoke; the audience per country and language with the estimated cost;
 * the schedule in each zone's local time; every language's text as the phone shows it (direction,
 * SMS segments and encoding); "send a test to my phone" (editors); every run's progress with
 * failures by kind explained, and pause / resume / cancel (approvers). Viewers see it all.
 * English or Russian (`?lang=`). No JavaScript: every action is a form, progress is refreshed by
 * a link; never cached or indexed.
 */
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Approval, TestSend } from "~/components/staff/broadcast-page/approval-sections";
import { Audience, Delivery, Preview, Schedule } from "~/components/staff/broadcast-page/figure-sections";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { isLocale, type Locale } from "~/i18n/locales";
import { format } from "~/i18n/ui-strings";
import {
  approveCurrent,
  controlRun,
  dropTestPhone,
  revoke,
  saveTestPhone,
  sendTest,
  submitCurrent,
  type ActionResult,
} from "~/staff/broadcast-actions.server";
import { findPageDocument, loadBroadcastPage } from "~/staff/broadcast-page.server";
import { broadcastStrings, type BroadcastStrings } from "~/staff/broadcast-strings";
import { roleAllows, type StaffRole } from "~/staff/roles";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffForm, requireStaffUser } from "~/staff/staff-session.server";
import { staffLanguage } from "~/staff/staff-strings";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers: HeadersFunction = () => new Headers(STAFF_PAGE_HEADERS);

const idParam = z.string().min(1).max(200);

async function pageDocument(params: { id?: string }, context: LoaderFunctionArgs["context"]) {
  const id = idParam.safeParse(params.id);
  const page = id.success ? await findPageDocument(context.content, id.data) : null;
  if (!page) throw new Response("No broadcast or sequence with this id.", { status: 404, headers: STAFF_PAGE_HEADERS });
  return page;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "viewer");
  const page = await pageDocument(params, context);
  const url = new URL(request.url);
  const lang = staffLanguage(request);
  return data(
    {
      lang,
      user: { displayName: user.displayName, role: user.role, csrfToken: user.csrfToken },
      page: await loadBroadcastPage(context, page, user.id, lang),
      done: url.searchParams.get("done"),
    },
    { headers: STAFF_PAGE_HEADERS },
  );
}

const runId = z.coerce.number().int().positive();
const actionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("approve"), approvalId: z.coerce.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("revoke"), approvalId: z.coerce.number().int().positive() }),
  z.object({ intent: z.enum(["pause", "resume", "cancel"]), runId }),
  z.object({ intent: z.literal("test-phone"), phone: z.string().trim().min(1).max(40) }),
  z.object({ intent: z.literal("test-phone-remove") }),
  z.object({ intent: z.literal("test-send"), locale: z.string().refine(isLocale) }),
]);

/** The least role for each action: editors prepare and test, approvers approve and control runs. */
const NEEDED: Record<z.infer<typeof actionForm>["intent"], StaffRole> = {
  submit: "editor",
  "test-phone": "editor",
  "test-phone-remove": "editor",
  "test-send": "editor",
  approve: "approver",
  revoke: "approver",
  pause: "approver",
  resume: "approver",
  cancel: "approver",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, form } = await requireStaffForm(request, context, "editor");
  const lang = staffLanguage(request);
  const strings = broadcastStrings(lang);
  const parsed = actionForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: strings.error_badForm }, { status: 400, headers: STAFF_PAGE_HEADERS });
  const input = parsed.data;
  if (!roleAllows(user.role, NEEDED[input.intent])) {
    throw new Response(`This needs the ${NEEDED[input.intent]} role.`, { status: 403, headers: STAFF_PAGE_HEADERS });
  }
  const page = await pageDocument(params, context);
  let result: ActionResult;
  switch (input.intent) {
    case "submit":
      result = await submitCurrent(context, user, page, input.hash);
      break;
    case "approve":
      result = await approveCurrent(context, user, page, input.approvalId, input.hash);
      break;
    case "revoke":
      result = await revoke(context, user, page, input.approvalId);
      break;
    case "pause":
    case "resume":
    case "cancel":
      result = await controlRun(context, user, page, input.intent, input.runId);
      break;
    case "test-phone":
      result = await saveTestPhone(context, user, input.phone);
      break;
    case "test-phone-remove":
      result = await dropTestPhone(context, user);
      break;
    case "test-send":
      result = await sendTest(context, user, page, input.locale as Locale);
      break;
  }
  if (!result.ok) {
    return data({ error: format(strings[result.error], result.values ?? {}) }, { status: result.status, headers: STAFF_PAGE_HEADERS });
  }
  // Post/redirect/get: a refresh does not repeat the action.
  const query = new URLSearchParams({ lang, done: result.done });
  throw redirect(`/staff/broadcasts/${encodeURIComponent(page.doc.id)}?${query}`, { status: 303, headers: STAFF_PAGE_HEADERS });
}

export default function StaffBroadcastPage() {
  const { lang, user, page, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const strings = broadcastStrings(lang);
  const path = `/staff/broadcasts/${encodeURIComponent(page.id)}`;
  const doneMessage = done && `done_${done}` in strings ? strings[`done_${done}` as keyof BroadcastStrings] : null;
  const can = (role: StaffRole) => roleAllows(user.role, role);
  return (
    <StaffLayout user={user} lang={lang} path="/staff/broadcasts" otherLanguageHref={`${path}?lang=${lang === "en" ? "ru" : "en"}`}>
      <main id="main" className="staff-broadcast">
        <p>
          <a href={`/staff/broadcasts?lang=${lang}`}>{strings.back}</a>
        </p>
        <h1>
          {page.title}
          {page.isSample ? <strong className="staff-sample"> {strings.sample}</strong> : null}
        </h1>
        <p className="staff-meta">
          {page.subject === "broadcast" ? strings.broadcast : strings.sequence} · {format(strings.studioStatus, { status: page.status })}
        </p>
        {page.isSample ? <p className="staff-notice">{format(strings.sampleNote, { policy: page.samplePolicy })}</p> : null}
        {doneMessage ? (
          <p role="status" className="staff-notice">
            {doneMessage}
          </p>
        ) : null}
        {actionData && "error" in actionData ? (
          <p role="alert" className="staff-error">
            {actionData.error}
          </p>
        ) : null}

        <Approval page={page} strings={strings} lang={lang} csrf={user.csrfToken} can={can} />
        <Delivery page={page} strings={strings} lang={lang} csrf={user.csrfToken} can={can} path={path} />
        <Audience page={page} strings={strings} lang={lang} />
        <Schedule page={page} strings={strings} />
        <Preview page={page} strings={strings} lang={lang} />
        {can("editor") ? <TestSend page={page} strings={strings} lang={lang} csrf={user.csrfToken} /> : null}
      </main>
    </StaffLayout>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.page.title ?? "Broadcast"} · staff` },
  { name: "robots", content: "noindex, nofollow" },
  // With the site-wide no-referrer policy browsers send `Origin: null` on form posts; the
  // request-origin check reads Sec-Fetch-Site as well, but the real origin is better evidence.
  { name: "referrer", content: "same-origin" },
];

export function ErrorBoundary() {
  return <StaffErrorBoundary />;
}
