/**
 * `/staff/audit.csv` (admin): the audit entries the page's filters select, all of them (not one
 * page), as CSV (app/staff/audit-csv.server.ts). A download: no session answers 401. Filters that
 * cannot be read refuse the download (400) rather than export other entries than asked for.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NO_STORE } from "~/http/cache-control";
import { auditCsv } from "~/staff/audit-csv.server";
import { parseAuditFilters } from "~/staff/audit-page.server";
import { requireStaffUser } from "~/staff/staff-session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context, "admin");
  const { filters, problems } = parseAuditFilters(new URL(request.url).searchParams);
  if (problems.length > 0)
    return new Response(`Filters could not be read: ${problems.join(", ")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": NO_STORE },
    });
  const day = context.now().toISOString().slice(0, 10);
  return new Response(await auditCsv(context.db, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${day}.csv"`,
      "Cache-Control": NO_STORE,
      "X-Robots-Tag": "noindex, nofollow",
    },
  });
}
