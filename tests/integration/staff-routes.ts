/**
 * Every staff route and action, with the least role allowed to use it: the table test
 * (staff-routes.test.ts) calls each with no session and with each role. A helper adding a staff
 * route or action appends its entries here; the test fails when a route file under
 * app/routes/staff.* has no entry (or is not listed as open to everyone in STAFF_OPEN_ROUTES).
 */
import type { StaffRole } from "~/staff/roles";

/** A broadcast of the sample dataset (the table test's content). */
const SAMPLE_BROADCAST = "broadcast-know-before-you-go-sample";

export interface StaffRouteCase {
  /** What the request does, for the test's name. */
  name: string;
  method: "GET" | "POST";
  /** Path and query; a route with a parameter gets a real or made-up value. */
  path: string;
  /** POST only: the form fields (the session's CSRF token is added). Harmless values: the test runs them for every role. */
  form?: Record<string, string>;
  /** The least role allowed. */
  role: StaffRole;
  /** "page": no session sends to sign-in (303); "download": no session answers 401. */
  kind: "page" | "download";
  /** Statuses an allowed role may get (a refused action with a reason counts as allowed through the gate). */
  allowed: readonly number[];
}

export const STAFF_ROUTES: StaffRouteCase[] = [
  { name: "broadcasts page", method: "GET", path: "/staff/broadcasts", role: "viewer", kind: "page", allowed: [200] },
  {
    name: "pause a run",
    method: "POST",
    path: "/staff/broadcasts",
    form: { intent: "pause", runId: "999999" },
    role: "approver",
    kind: "page",
    allowed: [409],
  },
  { name: "reach page", method: "GET", path: "/staff/reach", role: "viewer", kind: "page", allowed: [200] },
  { name: "reach CSV", method: "GET", path: "/staff/reach.csv", role: "viewer", kind: "download", allowed: [200] },
  { name: "volunteers page", method: "GET", path: "/staff/volunteers", role: "viewer", kind: "page", allowed: [200] },
  {
    name: "confirm a volunteer's session report",
    method: "POST",
    path: "/staff/volunteers",
    form: { intent: "confirm-report", id: "999999" },
    role: "editor",
    kind: "page",
    allowed: [409],
  },
  {
    name: "disable a volunteer account",
    method: "POST",
    path: "/staff/volunteers",
    form: { intent: "disable", id: "999999" },
    role: "admin",
    kind: "page",
    allowed: [409],
  },
  { name: "account page", method: "GET", path: "/staff/account", role: "viewer", kind: "page", allowed: [200] },
  {
    name: "enrol a second factor",
    method: "POST",
    path: "/staff/account",
    form: { intent: "enrol", sealed: "not-sealed", code: "000000" },
    role: "viewer",
    kind: "page",
    allowed: [400],
  },
  {
    name: "turn off one's second factor",
    method: "POST",
    path: "/staff/account",
    form: { intent: "turn-off", code: "000000" },
    role: "viewer",
    kind: "page",
    allowed: [400],
  },
  { name: "users page", method: "GET", path: "/staff/users", role: "admin", kind: "page", allowed: [200] },
  {
    name: "confirm a second-factor reset",
    method: "GET",
    path: "/staff/users?reset-second-factor=999999",
    role: "admin",
    kind: "page",
    allowed: [200],
  },
  {
    name: "reset a second factor",
    method: "POST",
    path: "/staff/users",
    form: { intent: "reset-second-factor", email: "nobody@staff.test", confirm: "yes" },
    role: "admin",
    kind: "page",
    allowed: [400],
  },
  {
    name: "issue a password link",
    method: "POST",
    path: "/staff/users",
    form: { intent: "link", email: "nobody@staff.test" },
    role: "admin",
    kind: "page",
    allowed: [400],
  },
  { name: "audit log page", method: "GET", path: "/staff/audit?action=data-erased", role: "admin", kind: "page", allowed: [200] },
  { name: "audit log CSV", method: "GET", path: "/staff/audit.csv?action=data-erased", role: "admin", kind: "download", allowed: [200] },
  { name: "data requests page", method: "GET", path: "/staff/data-requests", role: "admin", kind: "page", allowed: [200] },
  {
    name: "open a data request",
    method: "POST",
    path: "/staff/data-requests",
    // Not a phone number: refused with a reason, so no request record is made.
    form: { number: "12345" },
    role: "admin",
    kind: "page",
    allowed: [400],
  },
  // A made-up request id: the admin is sent back to the number form, as for an expired request.
  { name: "a data request", method: "GET", path: `/staff/data-requests/${"A".repeat(32)}`, role: "admin", kind: "page", allowed: [303] },
  {
    name: "erase a data request's number",
    method: "POST",
    path: `/staff/data-requests/${"A".repeat(32)}`,
    form: { intent: "erase", confirm: "yes" },
    role: "admin",
    kind: "page",
    allowed: [303],
  },
  {
    name: "export a data request",
    method: "POST",
    path: `/staff/data-requests/${"A".repeat(32)}/export`,
    role: "admin",
    kind: "page",
    allowed: [303],
  },
  // The broadcast page (four-eyes approval, preview, test send): a sample broadcast of the dataset.
  { name: "broadcast page", method: "GET", path: `/staff/broadcasts/${SAMPLE_BROADCAST}`, role: "viewer", kind: "page", allowed: [200] },
  {
    name: "submit a broadcast (a hash that is not the content's)",
    method: "POST",
    path: `/staff/broadcasts/${SAMPLE_BROADCAST}`,
    form: { intent: "submit", hash: "0".repeat(64) },
    role: "editor",
    kind: "page",
    allowed: [409],
  },
  {
    name: "send a test (no test phone set)",
    method: "POST",
    path: `/staff/broadcasts/${SAMPLE_BROADCAST}`,
    form: { intent: "test-send", locale: "en" },
    role: "editor",
    kind: "page",
    allowed: [409],
  },
  {
    name: "set a test phone (not a number)",
    method: "POST",
    path: `/staff/broadcasts/${SAMPLE_BROADCAST}`,
    form: { intent: "test-phone", phone: "not a number" },
    role: "editor",
    kind: "page",
    allowed: [400],
  },
  {
    name: "approve a broadcast (no such approval)",
    method: "POST",
    path: `/staff/broadcasts/${SAMPLE_BROADCAST}`,
    form: { intent: "approve", approvalId: "999999", hash: "0".repeat(64) },
    role: "approver",
    kind: "page",
    allowed: [409],
  },
  {
    name: "revoke an approval (no such approval)",
    method: "POST",
    path: `/staff/broadcasts/${SAMPLE_BROADCAST}`,
    form: { intent: "revoke", approvalId: "999999" },
    role: "approver",
    kind: "page",
    allowed: [409],
  },
  {
    name: "pause a run of a broadcast (no such run)",
    method: "POST",
    path: `/staff/broadcasts/${SAMPLE_BROADCAST}`,
    form: { intent: "pause", runId: "999999" },
    role: "approver",
    kind: "page",
    allowed: [409],
  },
];

/** Staff routes open without a session (their own tests cover them). */
export const STAFF_OPEN_ROUTES: readonly string[] = ["/staff/sign-in", "/staff/sign-out", "/staff/set-password/$token"];
