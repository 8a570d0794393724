/**
 * `/staff/users` (admins): every staff user with role, password, second factor and state; add a
 * user (the set-password link is shown once, in the answer to the post, and stored only hashed),
 * change a role, disable (signed out everywhere) or enable, issue a new set-password link, reset a
 * lost second factor (after a confirmation page, `?reset-second-factor=<id>`; signed out
 * everywhere). Every change audited (app/staff/staff-users.server.ts, second-factor.server.ts).
 * An admin cannot disable, demote or reset themself here (no lock-out by a slip, and no way
 * round the second factor for a stolen admin session); the last active admin is kept either way.
 * No JavaScript.
 */
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { format } from "~/i18n/ui-strings";
import { STAFF_ROLES } from "~/staff/roles";
import { resetSecondFactor } from "~/staff/second-factor.server";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffForm, requireStaffUser } from "~/staff/staff-session.server";
import { roleName, staffLanguage, staffStrings } from "~/staff/staff-strings";
import {
  addStaffUser,
  createPasswordLink,
  findStaffUserByEmail,
  listStaffUsers,
  setStaffUserDisabled,
  setStaffUserRole,
  StaffUserError,
} from "~/staff/staff-users.server";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers: HeadersFunction = () => STAFF_PAGE_HEADERS;

const resetQuery = z.coerce.number().int().positive();

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "admin");
  const users = await listStaffUsers(context.db);
  // The confirmation step of a second-factor reset, as a page of its own (works without JavaScript).
  const resetId = resetQuery.safeParse(new URL(request.url).searchParams.get("reset-second-factor"));
  const resetUser = resetId.success
    ? users.find((row) => row.id === resetId.data && row.id !== user.id && row.totpSecretEncrypted !== null)
    : undefined;
  return data(
    {
      lang: staffLanguage(request),
      user: { id: user.id, displayName: user.displayName, role: user.role, csrfToken: user.csrfToken },
      users: users.map((row) => ({
        id: row.id,
        email: row.email,
        displayName: row.displayName,
        role: row.role,
        hasPassword: row.passwordHash !== null,
        hasSecondFactor: row.totpSecretEncrypted !== null,
        disabled: row.disabledAt !== null,
      })),
      confirmReset: resetUser ? { email: resetUser.email, displayName: resetUser.displayName } : null,
    },
    { headers: STAFF_PAGE_HEADERS },
  );
}

const role = z.enum(STAFF_ROLES);
const email = z.string().trim().min(1).max(254);
const usersForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), email, displayName: z.string().trim().max(100).optional(), role }),
  z.object({ intent: z.literal("role"), email, role }),
  z.object({ intent: z.literal("disable"), email }),
  z.object({ intent: z.literal("enable"), email }),
  z.object({ intent: z.literal("link"), email }),
  // Only from the confirmation page: the field is what says the admin confirmed.
  z.object({ intent: z.literal("reset-second-factor"), email, confirm: z.literal("yes") }),
]);

type UsersActionResult =
  | { done: "added" | "link"; email: string; link: string }
  | { done: "saved" }
  | { done: "reset"; email: string }
  | { error: StaffUserError["code"] | "self" | "self-second-factor" | "invalid-role" };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, form } = await requireStaffForm(request, context, "admin");
  const parsed = usersForm.safeParse(Object.fromEntries(form));
  const answer = (result: UsersActionResult, status = 200) => data(result, { status, headers: STAFF_PAGE_HEADERS });
  if (!parsed.success) return answer({ error: "invalid-email" }, 400);
  const input = parsed.data;
  const actor = { userId: user.id, label: user.email };
  const now = context.now();
  const base = context.env.PUBLIC_BASE_URL;
  try {
    switch (input.intent) {
      case "add": {
        const added = await addStaffUser(context.db, { email: input.email, role: input.role, displayName: input.displayName }, actor, now);
        return answer({ done: "added", email: added.email, link: `${base}${await createPasswordLink(context.db, added.id, now)}` });
      }
      case "link": {
        const target = await findStaffUserByEmail(context.db, input.email);
        if (!target) return answer({ error: "no-such-user" }, 400);
        return answer({ done: "link", email: target.email, link: `${base}${await createPasswordLink(context.db, target.id, now, actor)}` });
      }
      case "reset-second-factor": {
        if (input.email.toLowerCase() === user.email) return answer({ error: "self-second-factor" }, 409);
        const target = await resetSecondFactor(context.db, input.email, actor, now);
        return answer({ done: "reset", email: target.email });
      }
      case "role":
      case "disable":
      case "enable": {
        if (input.email.toLowerCase() === user.email && input.intent !== "enable") return answer({ error: "self" }, 409);
        if (input.intent === "role") await setStaffUserRole(context.db, input.email, input.role, actor, now);
        else await setStaffUserDisabled(context.db, input.email, input.intent === "disable", actor, now);
        return answer({ done: "saved" });
      }
    }
  } catch (error) {
    if (error instanceof StaffUserError) return answer({ error: error.code }, error.code === "no-such-user" ? 400 : 409);
    throw error;
  }
}

export default function StaffUsers() {
  const { lang, user, users, confirmReset } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as UsersActionResult | undefined;
  const strings = staffStrings(lang);
  return (
    <StaffLayout user={user} lang={lang} path="/staff/users">
      <h1>{strings.usersTitle}</h1>
      <p>{strings.usersIntro}</p>
      {result && "link" in result ? (
        <div role="status" className="staff-notice">
          <p>{format(result.done === "added" ? strings.added : strings.linkIssued, { email: result.email })}</p>
          <p>
            <code className="staff-secret">{result.link}</code>
          </p>
        </div>
      ) : null}
      {result && "done" in result && result.done === "reset" ? (
        <p role="status" className="staff-notice">
          {format(strings.resetDone, { email: result.email })}
        </p>
      ) : null}
      {confirmReset && !result ? (
        <section className="staff-notice" aria-labelledby="confirm-reset">
          <h2 id="confirm-reset">{format(strings.resetTitle, { email: confirmReset.email })}</h2>
          <p>{strings.resetText}</p>
          <form method="post" action={`/staff/users?lang=${lang}`} className="staff-actions">
            <CsrfField token={user.csrfToken} />
            <input type="hidden" name="intent" value="reset-second-factor" />
            <input type="hidden" name="email" value={confirmReset.email} />
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" className="staff-danger">
              {strings.resetConfirm}
            </button>
            <a href={`/staff/users?lang=${lang}`}>{strings.resetCancel}</a>
          </form>
        </section>
      ) : null}
      {result && "done" in result && result.done === "saved" ? (
        <p role="status" className="staff-notice">
          {strings.userDone}
        </p>
      ) : null}
      {result && "error" in result ? (
        <p role="alert" className="staff-error">
          {strings[`userError_${result.error}`]}
        </p>
      ) : null}

      <h2 id="add-user">{strings.addUser}</h2>
      <form method="post" className="staff-form" aria-labelledby="add-user">
        <CsrfField token={user.csrfToken} />
        <input type="hidden" name="intent" value="add" />
        <label>
          {strings.email}
          <input name="email" type="email" autoComplete="off" required />
        </label>
        <label>
          {strings.displayName}
          <input name="displayName" autoComplete="off" maxLength={100} />
        </label>
        <label>
          {strings.role}
          <select name="role" defaultValue="viewer">
            {STAFF_ROLES.map((option) => (
              <option key={option} value={option}>
                {roleName(strings, option)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{strings.add}</button>
      </form>

      <h2>{strings.usersTitle}</h2>
      <div className="staff-scroll" role="region" aria-label={strings.usersTable} tabIndex={0}>
        <table className="staff-table">
          <caption className="visually-hidden">{strings.usersTable}</caption>
          <thead>
            <tr>
              <th scope="col">{strings.colUser}</th>
              <th scope="col">{strings.colRole}</th>
              <th scope="col">{strings.colPassword}</th>
              <th scope="col">{strings.colSecondFactor}</th>
              <th scope="col">{strings.colStatus}</th>
              <th scope="col">{strings.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((row) => {
              const self = row.id === user.id;
              return (
                <tr key={row.id}>
                  <th scope="row">
                    {row.displayName} {self ? strings.you : null}
                    <span className="staff-meta">{row.email}</span>
                  </th>
                  <td>{roleName(strings, row.role)}</td>
                  <td>{row.hasPassword ? strings.yes : strings.no}</td>
                  <td>{row.hasSecondFactor ? strings.yes : strings.no}</td>
                  <td>{row.disabled ? strings.disabled : strings.active}</td>
                  <td>
                    {self ? null : (
                      <div className="staff-actions staff-user-actions">
                        <form method="post">
                          <CsrfField token={user.csrfToken} />
                          <input type="hidden" name="intent" value="role" />
                          <input type="hidden" name="email" value={row.email} />
                          <select name="role" defaultValue={row.role} aria-label={`${strings.role}: ${row.email}`}>
                            {STAFF_ROLES.map((option) => (
                              <option key={option} value={option}>
                                {roleName(strings, option)}
                              </option>
                            ))}
                          </select>
                          <button type="submit">
                            {strings.changeRole}
                            <span className="visually-hidden"> {row.email}</span>
                          </button>
                        </form>
                        <form method="post">
                          <CsrfField token={user.csrfToken} />
                          <input type="hidden" name="intent" value={row.disabled ? "enable" : "disable"} />
                          <input type="hidden" name="email" value={row.email} />
                          <button type="submit" className={row.disabled ? undefined : "staff-danger"}>
                            {row.disabled ? strings.enable : strings.disable}
                            <span className="visually-hidden"> {row.email}</span>
                          </button>
                        </form>
                        <form method="post">
                          <CsrfField token={user.csrfToken} />
                          <input type="hidden" name="intent" value="link" />
                          <input type="hidden" name="email" value={row.email} />
                          <button type="submit">
                            {strings.newLink}
                            <span className="visually-hidden"> {row.email}</span>
                          </button>
                        </form>
                        {row.hasSecondFactor ? (
                          <a href={`/staff/users?${new URLSearchParams({ "reset-second-factor": String(row.id), lang })}#confirm-reset`}>
                            {strings.resetSecondFactor}
                            <span className="visually-hidden"> {row.email}</span>
                          </a>
                        ) : null}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </StaffLayout>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${staffStrings(loaded?.lang ?? "en").usersTitle} · staff` },
  { name: "robots", content: "noindex, nofollow" },
];

export function ErrorBoundary() {
  return <StaffErrorBoundary />;
}
