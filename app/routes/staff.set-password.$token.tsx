/**
 * `/staff/set-password/:token`: the one-time link `npm run staff -- add` or an admin gives a new
 * staff user (24 hours, single use, the token stored hashed). Setting the password spends the
 * link and ends the user's other sessions; then they sign in. The token never reaches the logs
 * (app/http/loggable-path.ts) nor another site (the site's no-referrer policy). No JavaScript.
 */
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { format } from "~/i18n/ui-strings";
import { PASSWORD_MIN_LENGTH } from "~/staff/passwords.server";
import { checkRequestOrigin } from "~/staff/request-origin.server";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { refusedPost } from "~/staff/staff-session.server";
import { staffLanguage, staffStrings } from "~/staff/staff-strings";
import { passwordLinkUser, setPasswordWithLink } from "~/staff/staff-users.server";
import staffStylesheet from "~/styles/staff.css";
import { readPostedForm } from "~/http/form-body.server";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers: HeadersFunction = () => STAFF_PAGE_HEADERS;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await passwordLinkUser(context.db, params.token ?? "", context.now());
  return data({ lang: staffLanguage(request), email: user?.email ?? null }, { status: user ? 200 : 400, headers: STAFF_PAGE_HEADERS });
}

const setPasswordForm = z.object({ password: z.string().max(1_000), repeat: z.string().max(1_000) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const origin = checkRequestOrigin(request, context.env);
  if (!origin.ok) throw refusedPost(origin.reason);
  const lang = staffLanguage(request);
  const parsed = setPasswordForm.safeParse(Object.fromEntries(await readPostedForm(request)));
  if (!parsed.success) return data({ problem: "too-short" as const }, { status: 400, headers: STAFF_PAGE_HEADERS });
  if (parsed.data.password !== parsed.data.repeat)
    return data({ problem: "mismatch" as const }, { status: 400, headers: STAFF_PAGE_HEADERS });
  const result = await setPasswordWithLink(context.db, params.token ?? "", parsed.data.password, context.now());
  if (!result.ok) return data({ problem: result.problem }, { status: 400, headers: STAFF_PAGE_HEADERS });
  throw redirect(`/staff/sign-in?password-set=1&lang=${lang}`, { status: 303, headers: STAFF_PAGE_HEADERS });
}

export default function StaffSetPassword() {
  const { lang, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const strings = staffStrings(lang);
  const problem = actionData?.problem;
  if (!email || problem === "invalid-link") {
    return (
      <StaffLayout user={null} lang={lang}>
        <h1>{strings.linkInvalidTitle}</h1>
        <p>{strings.linkInvalid}</p>
      </StaffLayout>
    );
  }
  return (
    <StaffLayout user={null} lang={lang}>
      <h1>{strings.setPasswordTitle}</h1>
      <p>{format(strings.setPasswordIntro, { email })}</p>
      {problem ? (
        <p role="alert" className="staff-error" id="password-problem">
          {strings[`problem_${problem}`]}
        </p>
      ) : null}
      <form method="post" className="staff-form">
        {/* For password managers: which account this password belongs to. */}
        <input type="hidden" name="username" autoComplete="username" value={email} />
        <label>
          {strings.newPassword}
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN_LENGTH}
            required
            aria-describedby={problem ? "password-problem" : undefined}
          />
        </label>
        <label>
          {strings.repeatPassword}
          <input name="repeat" type="password" autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} required />
        </label>
        <button type="submit">{strings.savePassword}</button>
      </form>
    </StaffLayout>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${staffStrings(loaded?.lang ?? "en").setPasswordTitle} · staff` },
  { name: "robots", content: "noindex, nofollow" },
];

export function ErrorBoundary() {
  return <StaffErrorBoundary />;
}
