/**
 * `/staff/reach.csv`: the reach dashboard's figures as CSV, with the same filters (the page's
 * query string) and from the same protected model, so it holds exactly what the page shows, "<5"
 * and hidden figures included (app/analytics/reach-csv.ts). For any signed-in staff user (a 401
 * without a session: a download is not a page); each download is audited with its filters.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reachCsv } from "~/analytics/reach-csv";
import { recordAudit } from "~/audit/audit-log.server";
import { NO_STORE } from "~/http/cache-control";
import { loadReachDashboard } from "~/staff/reach-page.server";
import { requireStaffUser } from "~/staff/staff-session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "viewer");
  const { dashboard, problems } = await loadReachDashboard(request, context);
  // A download must not silently hold other figures than asked for.
  if (problems)
    return new Response(`Filters could not be read: ${problems.join("; ")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": NO_STORE },
    });
  const { from, to, campaign, locale, channel } = dashboard.filters;
  await recordAudit(
    context.db,
    {
      actor: { userId: user.id, label: user.email },
      action: "reach-exported",
      target: { type: "reach-figures", id: `${from}/${to}` },
      details: { from, to, campaign: campaign ?? null, locale: locale ?? null, channel: channel ?? null },
    },
    context.now(),
  );
  return new Response(reachCsv(dashboard), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="reach-${from}-${to}.csv"`,
      "Cache-Control": NO_STORE,
      "X-Robots-Tag": "noindex, nofollow",
    },
  });
}
