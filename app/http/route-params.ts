/**
 * URL parameters of the public routes, parsed with zod: a parameter that cannot name anything we
 * publish (an unknown locale, a slug with characters no slug has) is a 404 before any content
 * query, which also keeps junk URLs out of the content cache.
 */
import { z } from "zod";
import { LOCALES } from "~/i18n/locales";
import { notFound } from "./route-errors";

export const localeParam = z.enum(LOCALES);
/** Sanity slugs as the Studio generates them: letters, digits, hyphens and underscores. */
export const slugParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/);

/** The parsed parameters, or a 404. */
export function parseParamsOr404<S extends z.ZodType>(schema: S, params: Readonly<Record<string, string | undefined>>): z.output<S> {
  const result = schema.safeParse(params);
  if (!result.success) notFound();
  return result.data;
}
