/**
 * What an error page (500, 503) can still show: the hotline numbers, in the reader's language when
 * possible, and the configured quick-exit address. Read through the content source like any page
 * (memory, the stored snapshot, or the backend), but never waited on for long: an error page is
 * sent within `deadlineMs` with whatever was at hand. The hotline directory is linked only when its
 * own content was at hand, so the page never sends a reader to another error.
 */
import type { ContentSource } from "~/content/content-source";
import type { Hotline } from "~/content/schemas";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { hotlineNumbers, phoneDisplayFor, type PhoneDisplay } from "./phone-display.server";

export interface ErrorPageContent {
  /** Every hotline at hand (sample ones only outside production, as the content source decides). */
  hotlines: Hotline[];
  /** The directory (`/:lang/hotlines`) would render now. */
  directoryAvailable: boolean;
  quickExitUrl: string | null;
  /** How each number is shown (made here: the numbering metadata stays on the server). */
  display: PhoneDisplay;
}

export const NO_ERROR_PAGE_CONTENT: ErrorPageContent = { hotlines: [], directoryAvailable: false, quickExitUrl: null, display: {} };

/**
 * Long enough for memory, the snapshot, a healthy backend, or the content source's own answer from
 * memory or snapshot when the backend is slow (2 s); short for a reader waiting on an error.
 */
const DEFAULT_DEADLINE_MS = 2_500;

/** The value, or undefined if it fails or takes longer than the deadline (a late failure is swallowed). */
async function within<T>(pending: Promise<T>, deadline: Promise<undefined>): Promise<T | undefined> {
  const settled = pending.catch(() => undefined);
  return Promise.race([settled, deadline]);
}

export async function errorPageContent(
  content: ContentSource,
  locale: Locale,
  deadlineMs: number = DEFAULT_DEADLINE_MS,
): Promise<ErrorPageContent> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), deadlineMs);
  });
  try {
    const [hotlines, settings] = await Promise.all([
      within(content.hotlines(locale), deadline),
      within(content.siteSettings(locale), deadline),
    ]);
    // The quick-exit address is the same in every language, and numbers are too: the default
    // locale's beat none.
    const fallbackLocale = locale === DEFAULT_LOCALE ? undefined : DEFAULT_LOCALE;
    const [fallbackHotlines, fallbackSettings] = await Promise.all([
      hotlines || !fallbackLocale ? undefined : within(content.hotlines(fallbackLocale), deadline),
      settings || !fallbackLocale ? undefined : within(content.siteSettings(fallbackLocale), deadline),
    ]);
    const atHand = hotlines ?? fallbackHotlines ?? [];
    return {
      hotlines: atHand,
      display: phoneDisplayFor(hotlineNumbers(atHand)),
      directoryAvailable: hotlines !== undefined,
      quickExitUrl: (settings ?? fallbackSettings)?.quickExitUrl ?? null,
    };
  } finally {
    clearTimeout(timer);
  }
}
