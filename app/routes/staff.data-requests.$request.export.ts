/**
 * `POST /staff/data-requests/<request id>/export` (admin): everything held about the request's
 * number as a JSON download, the one place the number and the message texts appear decrypted.
 * A resource route: the browser saves the answer (Content-Disposition: attachment) and stays on
 * the page. Never cached. Audited as `data-exported` before the file is sent
 * (app/staff/data-requests.server.ts).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { NO_STORE } from "~/http/cache-control";
import { exportDataRequest, findDataRequest } from "~/staff/data-requests.server";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffForm } from "~/staff/staff-session.server";
import { staffLanguage } from "~/staff/staff-strings";

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireStaffForm(request, context, "admin");
  const lang = staffLanguage(request);
  const now = context.now();
  const found = await findDataRequest(context, user, params.request ?? "", now);
  if (!found) throw redirect(`/staff/data-requests?expired&lang=${lang}`, { status: 303, headers: STAFF_PAGE_HEADERS });
  // Erased through this request: nothing is left to export but what the page already says.
  if (found.state === "erased")
    throw redirect(`/staff/data-requests/${found.requestId}?lang=${lang}`, { status: 303, headers: STAFF_PAGE_HEADERS });
  const file = await exportDataRequest(context, user, found, now);
  return new Response(file.body, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": NO_STORE,
      "X-Content-Type-Options": "nosniff",
      "X-Robots-Tag": "noindex, nofollow",
    },
  });
}
