/**
 * `/staff/sign-in`: email and password, then the 6-digit code for a user with a second factor.
 * A new session id at each step (a cookie set before sign-in is never adopted; the password
 * step's session opens nothing until the code is given). Refusals all read the same, and are
 * rate-limited per account and per client (app/staff/sign-in.server.ts). No JavaScript.
 */
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { checkRequestOrigin } from "~/staff/request-origin.server";
import { limitedMessage, safeNext, STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { signInWithCode, signInWithPassword, type SignInResult } from "~/staff/sign-in.server";
import { clearStaffCookie, csrfTokenMatches, findStaffSession, refusedPost, startStaffSession } from "~/staff/staff-session.server";
import { revokeSession } from "~/staff/staff-sessions.server";
import { staffLanguage, staffStrings } from "~/staff/staff-strings";
import staffStylesheet from "~/styles/staff.css";
import { readPostedForm } from "~/http/form-body.server";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const result = new Headers(STAFF_PAGE_HEADERS);
  const retryAfter = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retryAfter) result.set("Retry-After", retryAfter);
  return result;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const next = safeNext(url.searchParams.get("next"));
  const session = await findStaffSession(request, context);
  if (session?.complete) throw redirect(next, { status: 303, headers: STAFF_PAGE_HEADERS });
  return data(
    {
      lang: staffLanguage(request),
      next,
      step: session ? ("code" as const) : ("password" as const),
      csrfToken: session?.csrfToken ?? null,
      notice: url.searchParams.has("signed-out")
        ? ("signedOut" as const)
        : url.searchParams.has("password-set")
          ? ("passwordSet" as const)
          : url.searchParams.has("next")
            ? ("sessionEnded" as const)
            : null,
    },
    { headers: STAFF_PAGE_HEADERS },
  );
}

const passwordForm = z.object({
  intent: z.literal("password"),
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1_000),
  next: z.string().optional(),
});
const codeForm = z.object({ intent: z.literal("code"), code: z.string().trim().max(20), csrf: z.string(), next: z.string().optional() });
const restartForm = z.object({ intent: z.literal("restart"), csrf: z.string() });
const signInForm = z.discriminatedUnion("intent", [passwordForm, codeForm, restartForm]);

export async function action({ request, context }: ActionFunctionArgs) {
  const origin = checkRequestOrigin(request, context.env);
  if (!origin.ok) throw refusedPost(origin.reason);
  const lang = staffLanguage(request);
  const strings = staffStrings(lang);
  const parsed = signInForm.safeParse(Object.fromEntries(await readPostedForm(request)));
  if (!parsed.success) return data({ error: strings.refused }, { status: 400, headers: STAFF_PAGE_HEADERS });
  const form = parsed.data;
  const now = context.now();
  const circumstances = { sessionSecret: context.env.SESSION_SECRET, clientAddress: context.clientAddress ?? "", now };
  const existing = await findStaffSession(request, context);
  const signInPage = `/staff/sign-in?${new URLSearchParams({ lang, ...(form.intent !== "restart" && form.next ? { next: safeNext(form.next) } : {}) })}`;

  if (form.intent !== "password") {
    // The code step and "start again" belong to the session the password step opened.
    if (!existing || existing.complete || !csrfTokenMatches(form.csrf, existing.csrfToken)) {
      throw redirect(signInPage, { status: 303, headers: STAFF_PAGE_HEADERS });
    }
    if (form.intent === "restart") {
      await revokeSession(context.db, existing.idHash, now);
      throw redirect(signInPage, { status: 303, headers: { ...STAFF_PAGE_HEADERS, "Set-Cookie": await clearStaffCookie(context.env) } });
    }
    const result = await signInWithCode(context.db, existing.user.id, form.code, circumstances);
    if (result.kind !== "signed-in") return refusal(result, strings.codeRefused, strings, now);
    await revokeSession(context.db, existing.idHash, now);
    const { setCookie } = await startStaffSession(context, result.userId, true);
    throw redirect(safeNext(form.next), { status: 303, headers: { ...STAFF_PAGE_HEADERS, "Set-Cookie": setCookie } });
  }

  const result = await signInWithPassword(context.db, { email: form.email, password: form.password }, circumstances);
  if (result.kind !== "signed-in") return refusal(result, strings.refused, strings, now);
  // Whatever session the browser had (another user's, a pending one) ends: one fresh id per sign-in.
  if (existing) await revokeSession(context.db, existing.idHash, now);
  const { setCookie } = await startStaffSession(context, result.userId, false);
  const location = result.needsSecondFactor ? signInPage : safeNext(form.next);
  throw redirect(location, { status: 303, headers: { ...STAFF_PAGE_HEADERS, "Set-Cookie": setCookie } });
}

function refusal(
  result: Exclude<SignInResult, { kind: "signed-in" }>,
  refusedText: string,
  strings: ReturnType<typeof staffStrings>,
  now: Date,
) {
  if (result.kind === "limited") {
    const seconds = Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 1000));
    return data(
      { error: limitedMessage(strings, result.retryAt, now) },
      { status: 429, headers: { ...STAFF_PAGE_HEADERS, "Retry-After": String(seconds) } },
    );
  }
  return data({ error: refusedText }, { status: 401, headers: STAFF_PAGE_HEADERS });
}

export default function StaffSignIn() {
  const { lang, next, step, csrfToken, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const strings = staffStrings(lang);
  const error = actionData && "error" in actionData ? actionData.error : null;
  const self = `/staff/sign-in?${new URLSearchParams({ lang, next })}`;
  return (
    <StaffLayout
      user={null}
      lang={lang}
      otherLanguageHref={`/staff/sign-in?${new URLSearchParams({ lang: lang === "en" ? "ru" : "en", next })}`}
    >
      <h1>{step === "code" ? strings.codeTitle : strings.signInTitle}</h1>
      {notice && !error ? (
        <p role="status" className="staff-notice">
          {strings[notice]}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="staff-error" id="sign-in-error">
          {error}
        </p>
      ) : null}
      {step === "code" && csrfToken ? (
        <>
          <p>{strings.codeIntro}</p>
          <form method="post" action={self} className="staff-form">
            <input type="hidden" name="intent" value="code" />
            <input type="hidden" name="next" value={next} />
            <CsrfField token={csrfToken} />
            <label>
              {strings.code}
              <input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                maxLength={7}
                required
                aria-describedby={error ? "sign-in-error" : undefined}
              />
            </label>
            <button type="submit">{strings.confirm}</button>
          </form>
          <form method="post" action={self} className="staff-form-secondary">
            <input type="hidden" name="intent" value="restart" />
            <CsrfField token={csrfToken} />
            <button type="submit">{strings.startAgain}</button>
          </form>
        </>
      ) : (
        <>
          <p>{strings.signInIntro}</p>
          <form method="post" action={self} className="staff-form">
            <input type="hidden" name="intent" value="password" />
            <input type="hidden" name="next" value={next} />
            <label>
              {strings.email}
              <input name="email" type="email" autoComplete="username" required aria-describedby={error ? "sign-in-error" : undefined} />
            </label>
            <label>
              {strings.password}
              <input name="password" type="password" autoComplete="current-password" required />
            </label>
            <button type="submit">{strings.signIn}</button>
          </form>
        </>
      )}
    </StaffLayout>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${staffStrings(loaded?.lang ?? "en").signInTitle} · staff` },
  { name: "robots", content: "noindex, nofollow" },
];

export function ErrorBoundary() {
  return <StaffErrorBoundary />;
}
