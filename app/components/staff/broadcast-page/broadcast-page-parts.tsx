/**
 * What the broadcast page's sections share (app/routes/staff.broadcasts_.$id.tsx): their props,
 * the UTC date format, and a post form that carries the CSRF token and keeps the page's language.
 */
import type { ReactNode } from "react";
import type { BroadcastPage } from "~/staff/broadcast-page.server";
import type { BroadcastStrings } from "~/staff/broadcast-strings";
import type { StaffLanguage } from "~/staff/staff-strings";
import { CsrfField } from "../csrf-field";

/** What every section reads: the page's data, its strings and language. */
export interface SectionProps {
  page: BroadcastPage;
  strings: BroadcastStrings;
  lang: StaffLanguage;
}

/** "2026-12-20 04:00 UTC" from an ISO instant. */
export function dateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A post to this page keeping its language, with the session's CSRF token. */
export function PostForm({
  csrf,
  lang,
  children,
  className,
}: {
  csrf: string;
  lang: StaffLanguage;
  children: ReactNode;
  className?: string;
}) {
  return (
    <form method="post" action={`?lang=${lang}`} className={className}>
      <CsrfField token={csrf} />
      {children}
    </form>
  );
}
