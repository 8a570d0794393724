/** What sections need beyond their own fields: the campaign around them and its hotlines. */
import type { Hotline } from "~/content/schemas";

export interface SectionContext {
  campaignSlug: string;
  /** Default countries of a hotline block that names none. */
  campaignCountries: readonly string[];
  /** The campaign's pages, for calls to action that point at one. */
  pages: ReadonlyArray<{ slug: string; title: string }>;
  /** Hotlines of every country the sections mention. */
  hotlines: readonly Hotline[];
  /**
   * Subscribe by SMS: the campaign's keyword and number (or the site's number), and the volunteer
   * code the visitor's referral link carried (`?via=`), printed after the keyword.
   */
  subscribe: { keyword: string | null; number: string | null; code?: string | null };
}
