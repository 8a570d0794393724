/**
 * `/staff/account`: one's own staff account. Turn on the second factor (TOTP: a QR code and the
 * key as text, confirmed with a code; app/staff/second-factor.server.ts), turn it off with a
 * current code (unless STAFF_REQUIRE_2FA requires it of the role), and sign out everywhere. Reachable by an approver or admin who must still enrol (STAFF_REQUIRE_2FA sends
 * them here first). Forms work without JavaScript.
 */
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { recordAudit } from "~/audit/audit-log.server";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { format } from "~/i18n/ui-strings";
import { confirmEnrolment, enrolmentOffer, turnOffSecondFactor } from "~/staff/second-factor.server";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { clearStaffCookie, requireStaffForm, requireStaffUser, secondFactorRequired } from "~/staff/staff-session.server";
import { revokeUserSessions } from "~/staff/staff-sessions.server";
import { roleName, staffLanguage, staffStrings } from "~/staff/staff-strings";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers: HeadersFunction = () => STAFF_PAGE_HEADERS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "viewer", { enrolment: true });
  const url = new URL(request.url);
  return data(
    {
      lang: staffLanguage(request),
      user: { displayName: user.displayName, role: user.role, csrfToken: user.csrfToken, email: user.email },
      hasSecondFactor: user.hasSecondFactor,
      mayTurnOff: user.hasSecondFactor && !secondFactorRequired(context.env, user.role),
      offer: user.hasSecondFactor ? null : await enrolmentOffer(context.env.SESSION_SECRET, user),
      enrolRequired: url.searchParams.get("enrol") === "required" && !user.hasSecondFactor,
      done: DONE[url.searchParams.get("done") ?? ""] ?? null,
    },
    { headers: STAFF_PAGE_HEADERS },
  );
}

const DONE: Partial<Record<string, "enrolled" | "turnedOff">> = { enrolled: "enrolled", "turned-off": "turnedOff" };

type AccountActionResult = { error: "enrolRefused" | "turnOffRefused" | "turnOffLimited" | "turnOffRequired" };

const accountForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("enrol"), sealed: z.string().max(500), code: z.string().max(20) }),
  z.object({ intent: z.literal("turn-off"), code: z.string().max(20) }),
  z.object({ intent: z.literal("sign-out-everywhere") }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, form } = await requireStaffForm(request, context, "viewer", { enrolment: true });
  const lang = staffLanguage(request);
  const parsed = accountForm.safeParse(Object.fromEntries(form));
  const refused = (error: AccountActionResult["error"], status: number) =>
    data<AccountActionResult>({ error }, { status, headers: STAFF_PAGE_HEADERS });
  if (!parsed.success) return refused(form.get("intent") === "turn-off" ? "turnOffRefused" : "enrolRefused", 400);
  const now = context.now();
  if (parsed.data.intent === "turn-off") {
    if (secondFactorRequired(context.env, user.role)) return refused("turnOffRequired", 409);
    const circumstances = { sessionSecret: context.env.SESSION_SECRET, clientAddress: context.clientAddress ?? "", now };
    const result = await turnOffSecondFactor(context.db, user, parsed.data.code, circumstances);
    if (!result.ok) return result.problem === "limited" ? refused("turnOffLimited", 429) : refused("turnOffRefused", 400);
    throw redirect(`/staff/account?done=turned-off&lang=${lang}`, { status: 303, headers: STAFF_PAGE_HEADERS });
  }
  if (parsed.data.intent === "sign-out-everywhere") {
    await revokeUserSessions(context.db, user.id, now);
    await recordAudit(
      context.db,
      { actor: { userId: user.id, label: user.email }, action: "sign-out-everywhere", target: { type: "staff-user", id: String(user.id) } },
      now,
    );
    throw redirect(`/staff/sign-in?signed-out=1&lang=${lang}`, {
      status: 303,
      headers: { ...STAFF_PAGE_HEADERS, "Set-Cookie": await clearStaffCookie(context.env) },
    });
  }
  const enrolled = await confirmEnrolment(context.db, context.env.SESSION_SECRET, user, parsed.data.sealed, parsed.data.code, now);
  if (!enrolled) return refused("enrolRefused", 400);
  throw redirect(`/staff/account?done=enrolled&lang=${lang}`, { status: 303, headers: STAFF_PAGE_HEADERS });
}

export default function StaffAccount() {
  const { lang, user, hasSecondFactor, mayTurnOff, offer, enrolRequired, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as AccountActionResult | undefined;
  const strings = staffStrings(lang);
  return (
    <StaffLayout user={user} lang={lang} path="/staff/account">
      <h1>{strings.accountTitle}</h1>
      <p>{format(strings.accountWho, { email: user.email, role: roleName(strings, user.role) })}</p>
      {done ? (
        <p role="status" className="staff-notice">
          {strings[done]}
        </p>
      ) : null}

      <h2>{strings.secondFactorTitle}</h2>
      {enrolRequired ? (
        <p role="alert" className="staff-error">
          {strings.secondFactorRequired}
        </p>
      ) : null}
      {hasSecondFactor || !offer ? (
        <>
          <p>{strings.secondFactorOn}</p>
          {mayTurnOff ? (
            <>
              <p>{strings.turnOffIntro}</p>
              {actionData?.error ? (
                <p role="alert" className="staff-error" id="turn-off-error">
                  {strings[actionData.error]}
                </p>
              ) : null}
              <form method="post" className="staff-form">
                <CsrfField token={user.csrfToken} />
                <input type="hidden" name="intent" value="turn-off" />
                <label>
                  {strings.code}
                  <input
                    name="code"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    pattern="[0-9 ]{6,7}"
                    maxLength={7}
                    required
                    aria-describedby={actionData?.error ? "turn-off-error" : undefined}
                  />
                </label>
                <button type="submit" className="staff-danger">
                  {strings.turnOff}
                </button>
              </form>
            </>
          ) : (
            <p>{strings.turnOffRequired}</p>
          )}
        </>
      ) : (
        <>
          <p>{strings.secondFactorOff}</p>
          {actionData?.error ? (
            <p role="alert" className="staff-error" id="enrol-error">
              {strings[actionData.error]}
            </p>
          ) : null}
          <p>{strings.enrolSteps}</p>
          {/* The QR code is our own SVG (the qrcode package), never user input. */}
          <div className="staff-qr" role="img" aria-label={strings.qrLabel} dangerouslySetInnerHTML={{ __html: offer.qrSvg }} />
          <p>
            {strings.secretLabel}: <code className="staff-secret">{offer.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
          </p>
          <form method="post" className="staff-form">
            <CsrfField token={user.csrfToken} />
            <input type="hidden" name="intent" value="enrol" />
            <input type="hidden" name="sealed" value={offer.sealed} />
            <label>
              {strings.code}
              <input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                maxLength={7}
                required
                aria-describedby={actionData?.error ? "enrol-error" : undefined}
              />
            </label>
            <button type="submit">{strings.enrol}</button>
          </form>
        </>
      )}

      <h2>{strings.sessionsTitle}</h2>
      <p>{strings.sessionsText}</p>
      <form method="post" className="staff-form">
        <CsrfField token={user.csrfToken} />
        <input type="hidden" name="intent" value="sign-out-everywhere" />
        <button type="submit">{strings.signOutEverywhere}</button>
      </form>
    </StaffLayout>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${staffStrings(loaded?.lang ?? "en").accountTitle} · staff` },
  { name: "robots", content: "noindex, nofollow" },
];

export function ErrorBoundary() {
  return <StaffErrorBoundary />;
}
