/**
 * "Exit this page" (the GOV.UK pattern): a real link, first after the skip link, sticky at the top,
 * working without JavaScript. `rel="noreferrer"` so the neutral site never learns where the reader
 * came from. Counted by a `ping` (sent as the browser leaves, never delaying the exit).
 */
import { quickExitPingPath } from "~/analytics/tracked-links";
import { useLocale } from "./locale-context";

export const DEFAULT_QUICK_EXIT_URL = "https://www.google.com";

export function QuickExit({ href }: { href: string }) {
  const { locale, strings } = useLocale();
  return (
    <div className="quick-exit">
      <a href={href} ping={quickExitPingPath(locale)} rel="nofollow noreferrer" aria-describedby="quick-exit-hint" data-quick-exit="">
        {strings.quickExit}
      </a>
      <span id="quick-exit-hint" className="visually-hidden">
        {strings.quickExitHint}
      </span>
    </div>
  );
}
