/**
 * A broadcast "at 2026-12-01 10:00" for subscribers in all seven countries, run by the real jobs'
 * code on a fake clock: every 15 minutes from 00:00 UTC the planner ticks (plans the run when it
 * falls due, expands it) and the dispatcher drains what is due. Each recipient's message reaches
 * the fake Twilio exactly in the step where their own clock reaches 10:00: none earlier, none
 * later, one each. Subscribers without a region follow their country's zone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { planBroadcasts } from "~/broadcasts/plan.server";
import { samplePolicy } from "~/broadcasts/sample-policy";
import { DEFAULT_TIME_ZONE_BY_COUNTRY } from "~/broadcasts/send-window";
import { twilioFake } from "../mocks/twilio";
import {
  approve,
  broadcastDoc,
  documentsContent,
  seedSubscribers,
  TEST_REGIONS,
  testNumber,
  type SeedSubscriber,
} from "../db/broadcast-kit";
import { capturedLogger, outboxHarness, outboxRows, resetMessagingTables, testEnv } from "../db/outbox-kit";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const START = Date.parse("2026-12-01T00:00:00Z");
const STEP_MS = 15 * 60_000;
const END = Date.parse("2026-12-01T12:00:00Z");
/** 10:00 local in UTC, per zone (none of these zones keeps daylight saving time). */
const TEN_LOCAL_IN_UTC: Readonly<Record<string, string>> = {
  "Asia/Bishkek": "04:00", // UTC+6
  "Asia/Almaty": "05:00", // UTC+5 (since 2024)
  "Asia/Dushanbe": "05:00", // UTC+5
  "Asia/Tashkent": "05:00", // UTC+5
  "Asia/Kabul": "05:30", // UTC+4:30
  "Asia/Karachi": "05:00", // UTC+5
  "Asia/Baghdad": "07:00", // UTC+3
};

function localTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

describe.each(DATABASE_KINDS)("a 10:00 broadcast across seven time zones on %s (fake clock)", (kind) => {
  let testDb: TestDatabase;
  const env = testEnv({ OUTBOX_BATCH_SIZE: "10" });
  const keyring = phoneKeyringFromEnv(env);

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
  });

  it("sends each message in the first step at or after 10:00 on the recipient's own clock, exactly once", async () => {
    // Per country: three in its region, one without a region (the country's zone applies).
    const recipients: Array<SeedSubscriber & { phone: string; zone: string }> = [];
    let n = 0;
    for (const region of TEST_REGIONS) {
      for (let i = 0; i < 3; i += 1)
        recipients.push({
          phone: testNumber(region.country, (n += 1)),
          country: region.country,
          regionCode: region.code,
          zone: region.timezone,
        });
      recipients.push({
        phone: testNumber(region.country, (n += 1)),
        country: region.country,
        regionCode: null,
        zone: DEFAULT_TIME_ZONE_BY_COUNTRY[region.country]!,
      });
    }
    await seedSubscribers(testDb.db, keyring, recipients);
    const h = outboxHarness(testDb.db, { env });
    const content = documentsContent({ broadcasts: [broadcastDoc({ schedule: { mode: "at", sendAt: "2026-12-01T10:00" } })] });
    await approve(testDb.db, content.broadcastList[0]!);
    const { logger } = capturedLogger();

    const sentAtStep = new Map<string, number[]>();
    let runPlannedAt: number | null = null;
    for (let now = START; now <= END; now += STEP_MS) {
      const plan = await planBroadcasts({
        db: testDb.db,
        content,
        transport: h.transport,
        logger,
        samples: samplePolicy(env),
        now: new Date(now),
      });
      if (plan.runsCreated > 0) runPlannedAt ??= now;
      const callsBefore = twilioFake.calls.length;
      for (;;) {
        const report = await h.dispatch({ now: new Date(now) });
        if (report.claimed === 0) break;
      }
      for (const call of twilioFake.calls.slice(callsBefore)) {
        if (call.kind !== "create" || call.answered !== 201) continue;
        const to = call.params.To!;
        sentAtStep.set(to, [...(sentAtStep.get(to) ?? []), now]);
      }
    }

    // Planned in the first step at or after 03:50 UTC: ten minutes before Bishkek's 10:00.
    expect(runPlannedAt === null ? null : new Date(runPlannedAt).toISOString()).toBe("2026-12-01T04:00:00.000Z");
    const landed = recipients.map((r) => {
      const steps = sentAtStep.get(r.phone) ?? [];
      return {
        zone: r.zone,
        region: r.regionCode ?? null,
        sends: steps.length,
        utc: steps.map((at) => new Date(at).toISOString().slice(11, 16)),
        local: steps.map((at) => localTime(at, r.zone)),
      };
    });
    expect(landed).toEqual(
      recipients.map((r) => ({ zone: r.zone, region: r.regionCode ?? null, sends: 1, utc: [TEN_LOCAL_IN_UTC[r.zone]], local: ["10:00"] })),
    );
    expect(twilioFake.createCalls()).toHaveLength(recipients.length);
    // The rows agree: sent at the fake clock's step, which is 10:00 local.
    const rows = await outboxRows(testDb.db);
    expect(rows).toHaveLength(recipients.length);
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    const sentTimes = rows.map((row) => row.sent_at!.toISOString().slice(11, 16)).sort();
    expect(sentTimes).toEqual(recipients.map((r) => TEN_LOCAL_IN_UTC[r.zone]!).sort());
  });
});
