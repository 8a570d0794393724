/**
 * `/staff/sign-out`: a form post (with the CSRF token) ends this session; a GET signs nobody out
 * (a link or an image could), it only leads to the account page. The cookie is cleared either way.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { recordAudit } from "~/audit/audit-log.server";
import { checkRequestOrigin } from "~/staff/request-origin.server";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { clearStaffCookie, csrfTokenMatches, findStaffSession, refusedPost } from "~/staff/staff-session.server";
import { revokeSession } from "~/staff/staff-sessions.server";
import { staffLanguage } from "~/staff/staff-strings";
import { readPostedForm } from "~/http/form-body.server";

export function loader() {
  throw redirect("/staff/account", { status: 303, headers: STAFF_PAGE_HEADERS });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const origin = checkRequestOrigin(request, context.env);
  if (!origin.ok) throw refusedPost(origin.reason);
  const form = await readPostedForm(request);
  const session = await findStaffSession(request, context);
  const now = context.now();
  if (session) {
    if (!csrfTokenMatches(form.get("csrf"), session.csrfToken)) throw refusedPost("the form's security token is missing or out of date");
    await revokeSession(context.db, session.idHash, now);
    if (session.complete) {
      await recordAudit(
        context.db,
        {
          actor: { userId: session.user.id, label: session.user.email },
          action: "sign-out",
          target: { type: "staff-user", id: String(session.user.id) },
        },
        now,
      );
    }
  }
  throw redirect(`/staff/sign-in?signed-out=1&lang=${staffLanguage(request)}`, {
    status: 303,
    headers: { ...STAFF_PAGE_HEADERS, "Set-Cookie": await clearStaffCookie(context.env) },
  });
}
