/**
 * `GET /healthz` for load balancers and uptime checks: database round trip and content backend
 * state. 200 when `ok`, `degraded` (the backend fails; content last read by this process is served
 * from memory) or `stale` (the backend fails and content comes from the stored snapshot, whose age
 * is `content.snapshot.ageSeconds`); 503 when `down` (database down or no content to serve). The
 * detail lists hotlines not verified for HOTLINE_STALE_DAYS, for staff; they do not change the
 * status.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkDatabase } from "~/db/health.server";
import { orFallback } from "~/http/route-errors";
import { NO_STORE } from "~/http/cache-control";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { findStaleHotlines } from "~/content/stale-hotlines.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const [database] = await Promise.all([
    checkDatabase(context.db),
    // A cheap, cached read, so the status reflects the backend now and not only the last page view.
    orFallback(context.content.siteSettings(DEFAULT_LOCALE), null),
  ]);
  const content = context.content.status();
  const hotlines = content.ok ? await orFallback(findStaleHotlines(context.content, context.env.HOTLINE_STALE_DAYS), null) : null;
  const status = !database.ok || !content.ok ? "down" : content.servingSnapshot ? "stale" : content.servingStale ? "degraded" : "ok";
  return Response.json(
    {
      status,
      database,
      content,
      hotlines: hotlines && {
        staleAfterDays: hotlines.staleAfterDays,
        staleCount: hotlines.stale.length,
        stale: hotlines.stale,
      },
    },
    { status: status === "down" ? 503 : 200, headers: { "Cache-Control": NO_STORE } },
  );
}
