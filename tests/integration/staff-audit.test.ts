/**
 * The audit log page over HTTP: newest first, 50 a page with an "Older entries" link paging on
 * the entry id (keyset), filters by action, actor, target type and UTC days as a GET form that
 * keeps them across pages, an unreadable filter named and left out, English and Russian, admins
 * only. Entries are seeded through recordAudit with their own instants. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/audit/audit-log.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { signInAs, type TestStaffSession } from "./staff-session-kit";
import { expectOnlyTheQuickExitScript } from "./site-helpers";

const DAY = 86_400_000;
const BASE = new Date("2026-06-01T10:00:00Z");
const at = (days: number, minutes = 0) => new Date(BASE.getTime() + days * DAY + minutes * 60_000);

/** The audit ids on a page, in page order. */
function ids(html: string): number[] {
  return [...html.matchAll(/data-audit-id="(\d+)"/g)].map((match) => Number(match[1]));
}
function actions(html: string): string[] {
  return [...html.matchAll(/data-action="([^"]+)"/g)].map((match) => match[1]!);
}
function olderLink(html: string): string | null {
  const match = /<a href="([^"]+)" rel="next">/.exec(html);
  return match ? match[1]!.replaceAll("&amp;", "&") : null;
}

describe.each(DATABASE_KINDS)("staff audit log (%s)", (kind) => {
  let server: TestServer;
  let admin: TestStaffSession;
  let approver: TestStaffSession;

  beforeAll(async () => {
    server = await startTestServer({ databaseKind: kind });
    admin = await signInAs(server, "admin");
    approver = await signInAs(server, "approver");
    const adminActor = { userId: admin.user.id, label: admin.user.email };
    const approverActor = { userId: approver.user.id, label: approver.user.email };
    // 55 pauses by the approver on day 0, then one of each kind over the next days.
    for (let i = 0; i < 55; i += 1) {
      await recordAudit(
        server.db,
        { actor: approverActor, action: "run-paused", target: { type: "broadcast-run", id: String(i) } },
        at(0, i),
      );
    }
    await recordAudit(
      server.db,
      { actor: adminActor, action: "user-added", target: { type: "staff-user", id: "9" }, details: { role: "editor" } },
      at(1),
    );
    await recordAudit(
      server.db,
      { actor: adminActor, action: "data-erased", target: { type: "subscriber", id: "41" }, details: { held: true } },
      at(2),
    );
    await recordAudit(
      server.db,
      { actor: { userId: null, label: "cli" }, action: "role-changed", target: { type: "staff-user", id: "9" } },
      at(3),
    );
  });
  afterAll(() => server?.close());

  const page = async (query: string, session: TestStaffSession = admin) => {
    const response = await fetch(`${server.url}/staff/audit?${query}`, { headers: session.headers, redirect: "manual" });
    return { status: response.status, html: await response.text(), response };
  };

  it("lists newest first, 50 a page, and pages on the id", async () => {
    const first = await page("lang=en");
    expect(first.status).toBe(200);
    expect(first.response.headers.get("cache-control")).toContain("no-store");
    expectOnlyTheQuickExitScript(first.html);
    const firstIds = ids(first.html);
    expect(firstIds).toHaveLength(50);
    expect([...firstIds].sort((a, b) => b - a)).toEqual(firstIds);
    expect(actions(first.html).slice(0, 3)).toEqual(["role-changed", "data-erased", "user-added"]);
    expect(first.html).toContain("subscriber: 41");
    expect(first.html).toContain("held: true");

    const next = olderLink(first.html);
    expect(next).toMatch(/^\/staff\/audit\?lang=en&before=\d+$/);
    const second = await page(next!.split("?")[1]!);
    expect(ids(second.html)).toHaveLength(8);
    expect(Math.max(...ids(second.html))).toBeLessThan(Math.min(...firstIds));
    expect(olderLink(second.html)).toBeNull();
    expect(second.html).toContain("Newest entries");
  });

  it("filters by action, actor, target type and days, and keeps the filters when paging", async () => {
    expect(actions((await page("action=data-erased")).html)).toEqual(["data-erased"]);
    expect(actions((await page(`actor=${admin.user.id}`)).html)).toEqual(["data-erased", "user-added"]);
    expect(actions((await page("targetType=staff-user")).html)).toEqual(["role-changed", "user-added"]);
    // Days are whole UTC days, the last one included.
    expect(actions((await page("from=2026-06-02&to=2026-06-03")).html)).toEqual(["data-erased", "user-added"]);
    expect(actions((await page("from=2026-06-04")).html)).toEqual(["role-changed"]);

    const paused = await page(`action=run-paused&actor=${approver.user.id}`);
    expect(ids(paused.html)).toHaveLength(50);
    const next = olderLink(paused.html)!;
    expect(next).toContain("action=run-paused");
    expect(next).toContain(`actor=${approver.user.id}`);
    expect(ids((await page(next.split("?")[1]!)).html)).toHaveLength(5);
    // The form shows the filters it applied.
    expect(paused.html).toMatch(/<option value="run-paused" selected="">/);
  });

  it("downloads every entry the filters select as CSV, past the page's 50", async () => {
    const response = await fetch(`${server.url}/staff/audit.csv?action=run-paused&lang=en`, { headers: admin.headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe('"id","at","actor_user_id","actor","action","target_type","target_id","details"');
    expect(lines).toHaveLength(56);
    expect(lines[1]).toContain('"run-paused","broadcast-run","54",""');
    const erased = await (await fetch(`${server.url}/staff/audit.csv?action=data-erased`, { headers: admin.headers })).text();
    expect(erased).toContain('"data-erased","subscriber","41","held=true"');
    // A filter it cannot read refuses the download rather than export other entries.
    expect((await fetch(`${server.url}/staff/audit.csv?from=yesterday`, { headers: admin.headers })).status).toBe(400);
    // Linked from the page with the page's filters.
    expect((await page("action=run-paused")).html).toContain('href="/staff/audit.csv?lang=en&amp;action=run-paused"');
  });

  it("names a filter it cannot read and shows the rest", async () => {
    const { status, html } = await page("action=drop-table&from=2026-02-31&targetType=subscriber");
    expect(status).toBe(200);
    expect(html).toContain("Some filters could not be read and were left out: action, from");
    expect(actions(html)).toEqual(["data-erased"]);
  });

  it("speaks Russian", async () => {
    const { html } = await page("lang=ru&action=data-erased");
    expect(html).toContain("Журнал действий");
    expect(html).toContain("Удалены персональные данные");
  });

  it("is for admins only", async () => {
    for (const role of ["viewer", "editor", "approver"] as const) {
      const session = role === "approver" ? approver : await signInAs(server, role);
      expect((await page("", session)).status).toBe(403);
    }
    const anonymous = await fetch(`${server.url}/staff/audit`, { headers: { Accept: "text/html" }, redirect: "manual" });
    expect(anonymous.status).toBe(303);
  });
});
