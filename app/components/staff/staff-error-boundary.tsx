/**
 * Error boundary of the staff pages: a 403 says the role does not allow it, a 401 (a page asked
 * for by something other than a browser, without a session) links the sign-in, in both staff
 * languages (the boundary has no loader data to pick one); anything else is the site's error page.
 */
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { STAFF_LANGUAGES, staffStrings } from "~/staff/staff-strings";
import { GeneralErrorBoundary } from "../error-boundary";

export function StaffErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <div className="staff" data-error-status={403}>
        {STAFF_LANGUAGES.map((lang) => {
          const strings = staffStrings(lang);
          return (
            <section key={lang} lang={lang} aria-labelledby={`forbidden-${lang}`}>
              <h1 id={`forbidden-${lang}`}>{strings.forbiddenTitle}</h1>
              <p>{strings.forbiddenText}</p>
              <p>
                <a href={`/staff/account?lang=${lang}`}>{strings.myAccount}</a>
              </p>
            </section>
          );
        })}
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 401) {
    return (
      <div className="staff" data-error-status={401}>
        {STAFF_LANGUAGES.map((lang) => {
          const strings = staffStrings(lang);
          return (
            <section key={lang} lang={lang} aria-labelledby={`sign-in-${lang}`}>
              <h1 id={`sign-in-${lang}`}>{strings.signInTitle}</h1>
              <p>
                <a href={`/staff/sign-in?lang=${lang}`}>{strings.sessionEnded}</a>
              </p>
            </section>
          );
        })}
      </div>
    );
  }
  return <GeneralErrorBoundary />;
}
