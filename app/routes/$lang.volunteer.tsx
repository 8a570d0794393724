/**
 * `/:lang/volunteer`: youth volunteers sign up and sign in with a code sent by SMS, then see
 * their links, their reach, missions and the leaderboard (docs/decisions/027-youth-volunteers.md).
 * No JavaScript, like every public page; never cached anywhere (a signed-in page is personal,
 * and the forms' answers are too). Only a volunteer who signs in gets a cookie.
 */
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type AppLoadContext,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale } from "~/components/locale-context";
import { VolunteerDashboard } from "~/components/volunteer/volunteer-dashboard";
import { CodeForm, ErrorSummary, SignInForm, SignUpForm } from "~/components/volunteer/volunteer-forms";
import { NO_STORE } from "~/http/cache-control";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { orServiceUnavailable } from "~/http/route-errors";
import { localeParam, parseParamsOr404 } from "~/http/route-params";
import { uiStrings } from "~/i18n/ui-strings";
import { handleVolunteerAction, type ActionData } from "~/volunteers/volunteer-actions.server";
import { loadVolunteerPage, type VolunteerPageDeps } from "~/volunteers/volunteer-page.server";
import { volunteerPath } from "~/volunteers/volunteer-urls";
import volunteerStylesheet from "~/styles/volunteer.css";
import { readPostedForm } from "~/http/form-body.server";
import { smsSegmentCount } from "~/messaging/sms-segments";

export const handle = STATIC_PAGE_HANDLE;

const ParamsSchema = z.object({ lang: localeParam });

const PERSONAL_HEADERS = { "Cache-Control": NO_STORE, "X-Robots-Tag": "noindex" };

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const result = new Headers(PERSONAL_HEADERS);
  const cookie = actionHeaders.get("Set-Cookie") ?? loaderHeaders.get("Set-Cookie");
  if (cookie) result.set("Set-Cookie", cookie);
  return result;
};

export const links: LinksFunction = () => [{ rel: "stylesheet", href: volunteerStylesheet }];

function pageDeps(context: AppLoadContext): VolunteerPageDeps {
  return {
    db: context.db,
    keyring: context.keyring,
    content: context.content,
    sessionSecret: context.env.SESSION_SECRET,
    isProduction: context.env.isProduction,
    baseUrl: context.env.PUBLIC_BASE_URL,
    senderFor: context.transport.senderFor,
    segmentsOf: smsSegmentCount,
    now: context.now,
  };
}

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const { lang: locale } = parseParamsOr404(ParamsSchema, params);
  return data(await orServiceUnavailable(loadVolunteerPage(pageDeps(context), request, locale)), { headers: PERSONAL_HEADERS });
}

export async function action({ params, context, request }: ActionFunctionArgs) {
  const { lang: locale } = parseParamsOr404(ParamsSchema, params);
  const outcome = await handleVolunteerAction(
    pageDeps(context),
    request,
    await readPostedForm(request),
    locale,
    context.clientAddress ?? "",
  );
  if (outcome.kind === "redirect") {
    const headers = new Headers(PERSONAL_HEADERS);
    if (outcome.setCookie) headers.set("Set-Cookie", outcome.setCookie);
    throw redirect(outcome.location, { status: 303, headers });
  }
  return data(outcome.data, { status: outcome.status ?? 200, headers: PERSONAL_HEADERS });
}

export default function Volunteer() {
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionData | undefined;
  const { strings } = useLocale();
  if (page.signedIn) {
    return (
      <VolunteerDashboard
        profile={page.profile}
        links={page.links}
        reach={page.reach}
        leaderboards={page.leaderboards}
        reports={page.reports}
        missions={page.missions}
        today={page.today}
        errors={answer?.step === "dashboard" ? answer.errors : []}
      />
    );
  }
  if (answer?.step === "code") {
    return (
      <>
        <h1>{strings.volunteerTitle}</h1>
        <CodeForm challenge={answer.challenge} error={answer.error} action={volunteerPath(page.locale)} />
      </>
    );
  }
  const signUpErrors = answer?.step === "sign-up" ? answer.errors : [];
  return (
    <>
      <h1>{strings.volunteerTitle}</h1>
      {page.deleted ? (
        <p className="notice" role="status">
          {strings.volunteerDeleted}
        </p>
      ) : null}
      <p className="lead">{strings.volunteerIntro}</p>
      <ErrorSummary errors={signUpErrors} />
      <SignUpForm
        countries={page.form.countries}
        ageGroups={page.form.ageGroups}
        guardianConsentText={page.form.guardianConsentText}
        errors={signUpErrors}
        values={answer?.step === "sign-up" ? answer.values : {}}
      />
      <SignInForm errors={answer?.step === "sign-in" ? answer.errors : []} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: page, params, error }) => {
  if (!page || error) return errorPageMeta(params, error);
  const strings = uiStrings(page.locale);
  return [{ title: strings.volunteerTitle }, { name: "robots", content: "noindex" }, { name: "referrer", content: "no-referrer" }];
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
