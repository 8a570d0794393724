/**
 * The development admin: on a development `npm start` with no staff user yet, `dev-admin@localhost`
 * (admin) is created and a one-time set-password link printed, so a newcomer reaches the staff
 * pages with no set-up. While that admin still has no password, each start prints a fresh link.
 * Never outside NODE_ENV=development: not in production, not in tests (checked here, not by the
 * caller, so no entry point can get it wrong).
 */
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { addStaffUser, countStaffUsers, createPasswordLink, findStaffUserByEmail } from "./staff-users.server";

export const DEV_ADMIN_EMAIL = "dev-admin@localhost";

/** The set-password link to print, or null when there is nothing to do (or not development). */
export async function ensureDevAdmin(db: Database, env: Pick<Env, "NODE_ENV" | "PUBLIC_BASE_URL">, now: Date): Promise<string | null> {
  if (env.NODE_ENV !== "development") return null;
  let admin = await findStaffUserByEmail(db, DEV_ADMIN_EMAIL);
  if (!admin) {
    if ((await countStaffUsers(db)) > 0) return null;
    admin = await addStaffUser(
      db,
      { email: DEV_ADMIN_EMAIL, role: "admin", displayName: "Development admin" },
      { userId: null, label: "system" },
      now,
    );
  }
  if (admin.passwordHash || admin.disabledAt) return null;
  return `${env.PUBLIC_BASE_URL}${await createPasswordLink(db, admin.id, now)}`;
}
