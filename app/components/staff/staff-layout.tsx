/**
 * The shell of every staff page: who is signed in and with which role, links to the staff pages
 * that role may open (app/staff/staff-nav.ts), a sign-out button (a form: works without
 * JavaScript, carries the CSRF token), a link to the other staff language, then the page.
 */
import type { ReactNode } from "react";
import { format } from "~/i18n/ui-strings";
import { roleAllows, type StaffRole } from "~/staff/roles";
import { STAFF_NAV } from "~/staff/staff-nav";
import { roleName, staffStrings, type StaffLanguage } from "~/staff/staff-strings";
import { CsrfField } from "./csrf-field";

export interface StaffLayoutUser {
  displayName: string;
  role: StaffRole;
  csrfToken: string;
}

export interface StaffLayoutProps {
  /** The signed-in user; null on the sign-in and set-password pages. */
  user: StaffLayoutUser | null;
  lang: StaffLanguage;
  /** The current path, marked in the navigation (`aria-current`). */
  path?: string;
  /** The same page in the other language (default: this path with `?lang=`). */
  otherLanguageHref?: string;
  /** Extra class names for the page's box (e.g. "staff-reach" for the wide layout). */
  className?: string;
  children: ReactNode;
}

export function StaffLayout({ user, lang, path, otherLanguageHref, className, children }: StaffLayoutProps) {
  const strings = staffStrings(lang);
  const otherLang: StaffLanguage = lang === "en" ? "ru" : "en";
  const otherHref = otherLanguageHref ?? `${path ?? ""}?lang=${otherLang}`;
  return (
    <div className={`staff${className ? ` ${className}` : ""}`} lang={lang}>
      <div className="staff-bar">
        <p className="staff-bar-title">{strings.staffArea}</p>
        {user ? (
          <>
            <nav aria-label={strings.nav} className="staff-nav">
              <ul>
                {STAFF_NAV.filter((item) => roleAllows(user.role, item.role)).map((item) => (
                  <li key={item.path}>
                    <a href={`${item.path}?lang=${lang}`} aria-current={path === item.path ? "page" : undefined}>
                      {item.label[lang]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <p className="staff-who">{format(strings.signedInAs, { name: user.displayName, role: roleName(strings, user.role) })}</p>
            <form method="post" action="/staff/sign-out" className="staff-sign-out">
              <CsrfField token={user.csrfToken} />
              <button type="submit">{strings.signOut}</button>
            </form>
          </>
        ) : null}
        <a href={otherHref} lang={otherLang} hrefLang={otherLang} className="staff-lang">
          {strings.otherLanguage}
        </a>
      </div>
      {children}
    </div>
  );
}
