/**
 * After counting everything (page views with a visitor address and user agent, a tel: ping, a
 * WhatsApp redirect, a JOIN → HELP → STOP conversation, the rollups, PostHog delivery), a dump of
 * the whole database holds no IP address, no user agent and no phone number, on both databases
 * (and in pg_dump's output on PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverToPostHog } from "~/analytics/posthog-sink.server";
import { refreshReachRollups } from "~/analytics/reach-rollup.server";
import { FAKE_POSTHOG_HOST, posthogFake } from "../mocks/posthog";
import { dumpDatabase, pgDumpText } from "../setup/database-dump";
import { DATABASE_KINDS } from "../setup/test-database";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";

const VISITOR_IP = "95.46.0.77";
const USER_AGENT =
  "Mozilla/5.0 (Linux; Android 14; ZZ-Privacy-Probe-9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

describe.each(DATABASE_KINDS)("what counting leaves in the database (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind, { TRUST_PROXY: "true" }, { reach: true });
    posthogFake.reset();
  });
  afterAll(() => server?.close());

  it("holds no IP address, user agent or phone number", async () => {
    const headers = { "user-agent": USER_AGENT, "x-forwarded-for": VISITOR_IP };
    expect(await fetch(`${server.url}/ru/hotlines`, { headers }).then(async (r) => (await r.text(), r.status))).toBe(200);
    const hotlines = await server.content.hotlines("en");
    const hotline = hotlines.find((candidate) => candidate.phone)!;
    const withWhatsapp = hotlines.find((candidate) => candidate.whatsapp);
    if (withWhatsapp) await fetch(`${server.url}/go/hotline/${withWhatsapp._id}/whatsapp?lang=en`, { headers, redirect: "manual" });
    await fetch(`${server.url}/go/ping/hotline/${hotline._id}/tel?lang=en`, {
      method: "POST",
      headers: { ...headers, "content-type": "text/ping" },
      body: "PING",
    });
    const from = freshNumber("+996", "55");
    for (const text of ["JOIN", "1", "HELP", "STOP"]) await sendOk(server, from, text);
    await server.reach!.flush();
    // Both wait for transactions still in flight on the server (a shared PostgreSQL): retried briefly.
    const deadline = Date.now() + 20_000;
    do {
      await refreshReachRollups(server.db);
      await deliverToPostHog(server.db, { apiKey: "phc_test", host: FAKE_POSTHOG_HOST });
      if (posthogFake.events.length >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    expect(posthogFake.events.length).toBeGreaterThanOrEqual(4);

    const rows = await dumpDatabase(server.db);
    const reachRows = rows.filter((row) => row.table.includes("reach_"));
    expect(reachRows.length).toBeGreaterThan(4);
    const texts = [rows.map((row) => row.row).join("\n"), (server.databaseUrl ? pgDumpText(server.databaseUrl) : null) ?? ""];
    const phoneForms = [from, from.slice(1), from.slice(4)];
    for (const text of texts) {
      expect(text).not.toContain(VISITOR_IP);
      expect(text).not.toContain("ZZ-Privacy-Probe");
      expect(text).not.toContain("Mozilla/5.0");
      for (const form of phoneForms) expect(text).not.toContain(form);
    }
    // What PostHog got holds none of it either.
    const sent = JSON.stringify(posthogFake.batches);
    expect(sent).not.toContain(VISITOR_IP);
    expect(sent).not.toContain("ZZ-Privacy-Probe");
    for (const form of phoneForms) expect(sent).not.toContain(form);
  });
});
