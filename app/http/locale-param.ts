/**
 * The locale a URL is in: its `:lang` segment, or, for URLs no route knows (the `$` splat), their
 * first segment, so `/ru/no/such/page` still gets a Russian 404.
 */
import { isLocale, type Locale } from "~/i18n/locales";

export function localeFromParams(params: Readonly<Record<string, string | undefined>>): Locale | undefined {
  const segment = params.lang ?? params["*"]?.split("/")[0];
  return segment && isLocale(segment) ? segment : undefined;
}

/** The locale of a URL path's first segment (`/ky/…`), for handlers outside Remix's routes. */
export function localeFromPath(pathname: string): Locale | undefined {
  const segment = pathname.split("/")[1];
  return segment && isLocale(segment) ? segment : undefined;
}
