/**
 * Staff roles, each allowing what the ones before it allow: a viewer reads dashboards, an editor
 * prepares broadcasts and sends tests, an approver approves, pauses and cancels, an admin manages
 * users, settings and data requests. Checked on the server in every loader and action
 * (requireStaffUser / requireStaffForm in app/staff/staff-session.server.ts).
 */
export const STAFF_ROLES = ["viewer", "editor", "approver", "admin"] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === "string" && (STAFF_ROLES as readonly string[]).includes(value);
}

/** True when `role` may do what `needed` may (the roles are ordered). */
export function roleAllows(role: StaffRole, needed: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(needed);
}
