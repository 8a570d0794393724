/**
 * Data-subject requests over HTTP, on subscribers made by the real inbound webhook: an admin types
 * a number; the page says what is held and never shows the number (nor does its address); the
 * export is a JSON attachment, never cached, with the number and texts decrypted; the erasure,
 * after a confirmation, leaves the database as the person's own DELETE does and cannot be undone;
 * a number never seen is "nothing held". Every step is audited without the number, and nothing
 * the app logged during the test holds it. Only admins get in. Both databases.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/audit/audit-log.server";
import { isOptedOut } from "~/audience/opt-out.server";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { outboxMessages } from "~/db/schema";
import { dumpDatabase, numberForms, rowsIdentifying } from "../setup/database-dump";
import { DATABASE_KINDS } from "../setup/test-database";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";
import { signInAs, staffPost, type TestStaffSession } from "./staff-session-kit";
import { expectOnlyTheQuickExitScript } from "./site-helpers";

/** "+996 555 123 456": the number as a person would dictate it, not as stored. */
function spaced(e164: string): string {
  return `${e164.slice(0, 4)} ${e164.slice(4, 7)} ${e164.slice(7, 10)} ${e164.slice(10)}`;
}

/** Every form of the number that must never appear (E.164, digits, national part, as typed). */
function forbidden(e164: string): string[] {
  return [...numberForms(e164), spaced(e164), e164.slice(4)];
}

describe.each(DATABASE_KINDS)("staff data requests (%s)", (kind) => {
  let server: InboundServer;
  let admin: TestStaffSession;

  beforeAll(async () => {
    server = await startInboundServer(kind);
    admin = await signInAs(server, "admin");
  });
  afterAll(() => server?.close());

  const get = (path: string, session: TestStaffSession | null = admin) =>
    fetch(`${server.url}${path}`, { headers: session ? session.headers : { Accept: "text/html" }, redirect: "manual" });

  /** Opens a request for the number; returns the request page's path. */
  async function openRequest(number: string, session = admin): Promise<string> {
    const response = await staffPost(server, session, "/staff/data-requests", { number });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/staff\/data-requests\/[A-Za-z0-9_-]{32}\?lang=en$/);
    return location.split("?")[0]!;
  }

  function expectNoNumber(text: string, e164: string): void {
    for (const form of forbidden(e164)) expect(text, `contains ${form}`).not.toContain(form);
    expect(text).not.toContain(phoneBlindIndex(server.keyring, e164));
  }

  it("shows what is held without the number, exports it decrypted, and audits the export without it", async () => {
    const number = freshNumber("+996", "55");
    for (const body of ["JOIN", "1"]) await sendOk(server, number, body);
    const subscriber = (await server.subscriberOf(number))!;
    const logsBefore = server.logs.length;

    const form = await get("/staff/data-requests");
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toContain("no-store");
    const formHtml = await form.text();
    expect(formHtml).toMatch(/<input[^>]*name="number"/);
    expectOnlyTheQuickExitScript(formHtml);

    const path = await openRequest(spaced(number));
    const page = await get(`${path}?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Subscriber since");
    expect(html).toContain(`<dd>${subscriber.id}</dd>`);
    expect(html).toContain("Kyrgyzstan");
    expectNoNumber(html, number);

    const exported = await staffPost(server, admin, `${path}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toContain("application/json");
    expect(exported.headers.get("content-disposition")).toMatch(/^attachment; filename="data-export-\d+-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(exported.headers.get("content-disposition")).not.toContain(number.slice(1));
    expect(exported.headers.get("cache-control")).toContain("no-store");
    const file = (await exported.json()) as {
      number: string;
      held: boolean;
      subscription: { id: number };
      outboxMessages: Array<{ body: string | null }>;
      inboundMessages: unknown[];
    };
    expect(file.number).toBe(number);
    expect(file.held).toBe(true);
    expect(file.subscription.id).toBe(subscriber.id);
    expect(file.inboundMessages).toHaveLength(2);
    expect(file.outboxMessages.length).toBeGreaterThan(0);
    expect(file.outboxMessages.every((message) => typeof message.body === "string" && message.body.length > 0)).toBe(true);
    expect(file.outboxMessages.map((message) => message.body)).toEqual(await server.repliesTo(number));

    // The lookup itself is audited (it tells the admin whether the person is held), without the number.
    const [lookup] = await listAudit(server.db, { action: "data-looked-up", limit: 1 });
    expect(lookup).toMatchObject({ actorUserId: admin.user.id, targetType: "subscriber", targetId: String(subscriber.id) });
    expect(JSON.stringify(lookup)).not.toContain(number.slice(-6));

    const [entry] = await listAudit(server.db, { action: "data-exported", limit: 1 });
    expect(entry).toMatchObject({
      actorUserId: admin.user.id,
      actorLabel: admin.user.email,
      targetType: "subscriber",
      targetId: String(subscriber.id),
    });
    expectNoNumber(JSON.stringify(entry), number);

    const logs = server.logs.slice(logsBefore).join("");
    expect(logs).toContain("data-subject export downloaded");
    expectNoNumber(logs, number);
    // Nor the request's id (its pages' addresses are logged as /staff/data-requests/[request]).
    expect(logs).not.toContain(path.split("/").pop()!);
  });

  it("erases as the DELETE keyword does, after a confirmation, audited, and nothing undoes it", async () => {
    const number = freshNumber("+996", "55");
    const deleted = freshNumber("+996", "70");
    for (const body of ["JOIN", "1"]) {
      await sendOk(server, number, body);
      await sendOk(server, deleted, body);
    }
    await sendOk(server, deleted, "DELETE");
    const subscriber = (await server.subscriberOf(number))!;
    const logsBefore = server.logs.length;

    const path = await openRequest(number);
    const confirm = await get(`${path}?step=erase&lang=en`);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain("Erase this number&#x27;s data for good?");
    expect(confirmHtml).toMatch(/<input[^>]*name="confirm"/);

    // Without the box ticked, nothing happens.
    const unconfirmed = await staffPost(server, admin, path, { intent: "erase" });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm.");
    expect(await server.subscriberOf(number)).toBeDefined();

    const erased = await staffPost(server, admin, path, { intent: "erase", confirm: "yes" });
    expect(erased.status).toBe(303);
    expect(erased.headers.get("location")).toBe(`${path}?lang=en`);
    const after = await (await get(`${path}?lang=en`)).text();
    expect(after).toContain("Erased.");
    // No undo: the page offers no form but signing out, and the export has nothing left to give.
    expect([...after.matchAll(/<form/g)]).toHaveLength(1);
    expect((await staffPost(server, admin, `${path}/export`)).status).toBe(303);

    // The same state as the person's own DELETE: no subscription, nothing identifies either number
    // but the tombstone, and both stay opted out.
    expect(await server.subscriberOf(number)).toBeUndefined();
    expect(await server.subscriberOf(deleted)).toBeUndefined();
    const rows = await dumpDatabase(server.db);
    expect(rowsIdentifying(rows, number, server.keyring)).toEqual([]);
    // The keyword's DELETE also queues a confirmation to the phone, scrubbed once sent; the
    // admin's erasure sends none (decision 025), so it has no such row at all.
    expect(
      rowsIdentifying(
        rows.filter((row) => row.table !== "public.outbox_messages"),
        deleted,
        server.keyring,
      ),
    ).toEqual([]);
    const confirmation = await server.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.recipientIndex, phoneBlindIndex(server.keyring, deleted)));
    expect(confirmation.map((row) => row.optOutExempt)).toEqual(["erase-confirmation"]);
    expect(await isOptedOut(server.db, phoneBlindIndex(server.keyring, number))).toBe(true);
    // A text from the number (not a join keyword) brings nothing back.
    await sendOk(server, number, "HELP");
    expect(await server.subscriberOf(number)).toBeUndefined();

    const [entry] = await listAudit(server.db, { action: "data-erased", limit: 1 });
    expect(entry).toMatchObject({ actorUserId: admin.user.id, targetType: "subscriber", targetId: String(subscriber.id) });
    expect(entry!.details).toMatchObject({ held: true });
    expectNoNumber(JSON.stringify(entry), number);
    const logs = server.logs.slice(logsBefore).join("");
    expect(logs).toContain("data-subject erasure done");
    expectNoNumber(logs, number);
  });

  it("answers 'nothing held' for a number never seen, and still audits the export as 'not found'", async () => {
    const number = freshNumber("+93", "70");
    const path = await openRequest(number);
    const html = await (await get(`${path}?lang=en`)).text();
    expect(html).toContain("Nothing is held about this number");
    expect(html).toContain("There is nothing to erase.");
    expect(html).not.toContain("step=erase");
    expectNoNumber(html, number);

    const exported = await staffPost(server, admin, `${path}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain("data-export-not-found-");
    expect(await exported.json()).toMatchObject({ number, held: false, subscription: null, outboxMessages: [] });
    const [entry] = await listAudit(server.db, { action: "data-exported", limit: 1 });
    expect(entry).toMatchObject({ targetType: "subscriber", targetId: "not found", details: { held: false } });
    expect(await listAudit(server.db, { action: "data-looked-up", limit: 1 })).toEqual([
      expect.objectContaining({ targetType: "subscriber", targetId: "not found" }),
    ]);
  });

  it("refuses what is not a phone number without echoing it, in English and Russian", async () => {
    const typed = "+996 12 34";
    const response = await staffPost(server, admin, "/staff/data-requests", { number: typed });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("This is not a valid phone number.");
    expect(html).not.toContain(typed);
    const ru = await staffPost(server, admin, "/staff/data-requests?lang=ru", { number: "12345" });
    expect(await ru.text()).toContain("Это не номер телефона.");
  });

  it("keeps each request to the admin who opened it", async () => {
    const number = freshNumber("+996", "55");
    const path = await openRequest(number);
    const otherAdmin = await signInAs(server, "admin");
    const response = await get(`${path}?lang=en`, otherAdmin);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/staff/data-requests?expired&lang=en");
    expect((await staffPost(server, otherAdmin, `${path}/export`)).status).toBe(303);
    expect((await get("/staff/data-requests/not-a-request-id?lang=en")).status).toBe(303);
  });

  it("lets only admins in: other roles get 403, no session goes to sign-in (pages) or gets nothing (posts)", async () => {
    const path = await openRequest(freshNumber("+996", "55"));
    for (const role of ["viewer", "editor", "approver"] as const) {
      const session = await signInAs(server, role);
      expect((await get("/staff/data-requests", session)).status).toBe(403);
      expect((await get(`${path}?lang=en`, session)).status).toBe(403);
      expect((await staffPost(server, session, "/staff/data-requests", { number: freshNumber("+996", "55") })).status).toBe(403);
      expect((await staffPost(server, session, `${path}/export`)).status).toBe(403);
      expect((await staffPost(server, session, path, { intent: "erase", confirm: "yes" })).status).toBe(403);
    }
    const anonymous = await get("/staff/data-requests", null);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toMatch(/^\/staff\/sign-in\?next=/);
    const post = await fetch(`${server.url}${path}/export`, { method: "POST", redirect: "manual", headers: { Origin: server.url } });
    expect([303, 401]).toContain(post.status);
    expect(post.headers.get("content-disposition")).toBeNull();
  });
});
