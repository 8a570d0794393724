/**
 * The real worker process SIGKILLed in the middle of a 10,000-recipient broadcast, at the very
 * moment the fake Twilio accepts its 3,333rd message (in the middle of a claimed batch: at least
 * that message reached Twilio and was never recorded, and later rows of the batch never left),
 * then a new one started on the same database: every recipient gets exactly one message,
 * counted at the fake, and every row ends sent. The rows the dead process left `sending` are
 * looked up at the fake (the list API) once their lease runs out: those found are recorded as
 * sent, the others sent once more, and nothing is resent blindly.
 *
 * The process is the one production runs (worker-process.ts): `npm run jobs` on PostgreSQL (a
 * throwaway database per run), `npm start`'s server.ts on PGlite. There the child owns the data
 * directory (the test closes its own handle before the child starts and opens it again only once
 * the child is gone), as the single web process owns it in production.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { startFakeTwilioServer, type FakeTwilioServer } from "../fixtures/fake-twilio-server";
import { missing } from "../setup/requirements";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  attemptCounts,
  createPgliteDirectory,
  exactlyOnceProblems,
  rowsByWorker,
  seedDueBroadcast,
  statusCounts,
  tempDir,
  untilDrained,
  untilFakeSettles,
} from "./fault-kit";
import { byProcess, missingServerBuild, startWorker, stopWorker, waitForExit, type WorkerDatabase } from "./worker-process";

const RECIPIENTS = 10_000;
const KILL_AT = 3_333;
/** The shortest lease the configuration allows: the restarted worker waits this long before reconciling. */
const OUTBOX = { OUTBOX_BATCH_SIZE: "200", OUTBOX_LEASE_SECONDS: "5", LOG_LEVEL: "debug" };
/** PGlite: how long the fake must stay quiet before the restarted server is stopped (lease + ticks). */
const QUIET_MS = 8_000;

describe.each(DATABASE_KINDS)("the job worker SIGKILLed mid-broadcast on %s", (kind) => {
  if (
    kind === "pglite" &&
    missing(
      "the PGlite SIGKILL test (server.ts serves the Remix build)",
      missingServerBuild() === null,
      "npm run build, or vitest without SKIP_REMIX_BUILD=1",
    )
  ) {
    it.skip("needs the Remix build");
    return;
  }
  let fake: FakeTwilioServer;
  let pgDatabase: TestDatabase | undefined;
  let pgliteDir: string | undefined;

  beforeAll(async () => {
    fake = await startFakeTwilioServer();
  });
  afterAll(async () => {
    await fake?.close();
    await pgDatabase?.close();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  });

  /** The parent's own connection: PGlite's is opened only while no child holds the directory. */
  async function openParent(): Promise<{ handle: DatabaseHandle; location: WorkerDatabase }> {
    if (kind === "postgres") {
      pgDatabase ??= await createTestDatabase("postgres");
      return { handle: pgDatabase.handle, location: { kind: "postgres", url: pgDatabase.url! } };
    }
    if (!pgliteDir) {
      pgliteDir = tempDir("faults-pglite-");
      return { handle: await createPgliteDirectory(pgliteDir), location: { kind: "pglite", dataDir: pgliteDir } };
    }
    return { handle: await openDatabase({ kind: "pglite", dataDir: pgliteDir }), location: { kind: "pglite", dataDir: pgliteDir } };
  }
  async function closeParent(handle: DatabaseHandle): Promise<void> {
    if (kind === "pglite") await handle.close();
  }

  it(`every one of ${RECIPIENTS.toLocaleString("en")} recipients gets exactly one message after a SIGKILL and a restart`, async () => {
    const parent = await openParent();
    const { numbers } = await seedDueBroadcast(parent.handle.db, RECIPIENTS);
    await closeParent(parent.handle);

    const first = startWorker({ database: parent.location, twilioOrigin: fake.origin, env: OUTBOX });
    // Killed from inside the fake, right after it accepted message KILL_AT and before the answer
    // leaves: that message is at Twilio and the worker never learns it.
    let acceptedAtKill: number | null = null;
    const handle = fake.api.handle.bind(fake.api);
    fake.api.handle = (...request) => {
      const answer = handle(...request);
      if (acceptedAtKill === null && fake.api.acceptedCount >= KILL_AT) {
        acceptedAtKill = fake.api.acceptedCount;
        first.child.kill("SIGKILL");
      }
      return answer;
    };
    await first.ready;
    expect(await waitForExit(first, 90_000)).toEqual({ code: null, signal: "SIGKILL" });
    fake.api.handle = handle;

    const afterKill = await openParent();
    const atKill = await statusCounts(afterKill.handle.db);
    await closeParent(afterKill.handle);
    // Requests already on the wire when it died may still have been accepted after the kill.
    const acceptedByFirst = fake.api.acceptedCount;
    const unrecorded = acceptedByFirst - (atKill.sent ?? 0);
    expect(acceptedAtKill).toBe(KILL_AT);
    expect(atKill.queued ?? 0).toBeGreaterThan(0);
    expect(unrecorded).toBeGreaterThanOrEqual(1);
    // Mid-batch: some leased rows reached Twilio unrecorded, others never left.
    const neverLeft = (atKill.sending ?? 0) - unrecorded;
    expect(neverLeft).toBeGreaterThan(0);

    const second = startWorker({ database: parent.location, twilioOrigin: fake.origin, env: OUTBOX });
    await second.ready;
    if (kind === "postgres") await untilDrained(pgDatabase!.db, 120_000);
    else await untilFakeSettles(fake.api, numbers, QUIET_MS, 120_000);
    expect(await stopWorker(second), second.tail()).toEqual({ code: 0, signal: null });

    const end = await openParent();
    try {
      expect(await statusCounts(end.handle.db)).toEqual({ sent: RECIPIENTS });
      expect(exactlyOnceProblems(fake.api, numbers)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
      expect(fake.api.createsByTo.size).toBe(RECIPIENTS);
      expect(fake.api.acceptedCount).toBe(RECIPIENTS);
      expect([...fake.api.createsByOutboxId.values()].every((count) => count === 1)).toBe(true);
      // Every row left sending was asked about at the provider: the unrecorded ones were found
      // there, the ones that never left were claimed again (a second attempt). (At least: on a
      // starved machine a lease of the second worker may run out too, which costs a lookup.)
      expect(fake.api.listCalls().length).toBeGreaterThanOrEqual(atKill.sending!);
      const attempts = await attemptCounts(end.handle.db);
      expect(
        Object.keys(attempts)
          .map(Number)
          .every((n) => n <= 2),
      ).toBe(true);
      expect(attempts[2] ?? 0).toBeGreaterThanOrEqual(neverLeft);
      const byWorker = byProcess(await rowsByWorker(end.handle.db), { first, second });
      expect(byWorker.first).toBeGreaterThan(0);
      expect(byWorker.second).toBeGreaterThan(0);
      console.info(
        `[${kind}] killed after ${KILL_AT} accepted; ${acceptedByFirst} reached the fake from the first worker, ` +
          `${unrecorded} of them unrecorded, ${neverLeft} leased rows never sent; ` +
          `${fake.api.listCalls().length} provider lookups; rows by attempts ${JSON.stringify(attempts)}, by worker ${JSON.stringify(byWorker)}`,
      );
    } finally {
      await closeParent(end.handle);
    }
  }, 240_000);
});
