/**
 * The staff gate, route by route: every entry of STAFF_ROUTES called with no session and with
 * each role. No session: a page sends to sign-in (303, back to the same path after), a download
 * answers 401. A role below the route's: 403. The route's role and above: what the route answers.
 * And no staff route file escapes the table.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleAllows, STAFF_ROLES, type StaffRole } from "~/staff/roles";
import { startTestServer, type TestServer } from "../setup/test-server";
import { signInAs, type TestStaffSession } from "./staff-session-kit";
import { STAFF_OPEN_ROUTES, STAFF_ROUTES, type StaffRouteCase } from "./staff-routes";

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes", import.meta.url));

/**
 * `staff.reach[.]csv.ts` → `/staff/reach.csv`, `staff.set-password.$token.tsx` → `/staff/set-password/$token`,
 * `staff.broadcasts_.$id.tsx` → `/staff/broadcasts/$id` (a trailing `_` only opts out of the parent's layout).
 */
function routePath(file: string): string {
  const name = file.replace(/\.(tsx|ts)$/, "").replaceAll("[.]", "\u0000");
  const segments = name.split(".").map((segment) => segment.replace(/_$/, ""));
  return `/${segments.join("/").replaceAll("\u0000", ".")}`.replace(/\/_index$/, "");
}

function matches(pattern: string, path: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/\$[A-Za-z]+/g, "[^/]+")}$`);
  return regex.test(path.split("?")[0]!);
}

describe("every staff route file is in the table", () => {
  it.each(readdirSync(ROUTES_DIR).filter((file) => file.startsWith("staff.")))("%s", (file) => {
    const path = routePath(file);
    const covered = STAFF_ROUTES.some((route) => matches(path, route.path)) || STAFF_OPEN_ROUTES.includes(path);
    expect(covered, `${path}: add it to STAFF_ROUTES (tests/integration/staff-routes.ts)`).toBe(true);
  });
});

describe("the staff gate, route by route and role by role", () => {
  let server: TestServer;
  const sessions = new Map<StaffRole, TestStaffSession>();

  beforeAll(async () => {
    server = await startTestServer();
    for (const role of STAFF_ROLES) sessions.set(role, await signInAs(server, role));
  });
  afterAll(async () => {
    await server?.close();
  });

  function call(route: StaffRouteCase, session: TestStaffSession | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: route.kind === "page" ? "text/html" : "text/csv", Origin: server.url };
    if (session) headers.Cookie = session.cookie;
    return fetch(`${server.url}${route.path}`, {
      method: route.method,
      redirect: "manual",
      headers,
      ...(route.method === "POST" ? { body: new URLSearchParams({ ...route.form, ...(session ? { csrf: session.csrfToken } : {}) }) } : {}),
    });
  }

  it("answers a page asked for without a session by something other than a browser with 401 and a sign-in link", async () => {
    const response = await fetch(`${server.url}/staff/account`, { headers: { Accept: "*/*" }, redirect: "manual" });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/<a href="\/staff\/sign-in\?lang=en">Sign in to continue\.<\/a>/);
  });

  const cells = STAFF_ROUTES.flatMap((route) => [null, ...STAFF_ROLES].map((role) => [route, role] as const));

  it.each(cells.map(([route, role]) => [`${route.method} ${route.path} (${route.name})`, role ?? "no session", route, role] as const))(
    "%s as %s",
    async (_label, _who, route, role) => {
      const response = await call(route, role ? sessions.get(role)! : null);
      if (role === null) {
        if (route.kind === "download") {
          expect(response.status).toBe(401);
        } else {
          expect(response.status).toBe(303);
          expect(response.headers.get("location")).toBe(`/staff/sign-in?${new URLSearchParams({ next: route.path })}`);
        }
      } else if (!roleAllows(role, route.role)) {
        expect(response.status).toBe(403);
      } else {
        expect(route.allowed).toContain(response.status);
      }
      expect(response.headers.get("cache-control")).toContain("no-store");
    },
  );
});
