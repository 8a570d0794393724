/**
 * The database crashing and coming back in the middle of a broadcast: a job worker process
 * (`npm run jobs`) drains 5,000 rows from a throwaway PostgreSQL cluster; once the fake Twilio has accepted 1,500
 * the cluster is stopped in immediate mode (a crash: sessions cut mid-statement, no checkpoint,
 * recovery on start) and started again a moment later. The same dispatcher carries on: nothing
 * is lost, nothing is sent twice. Sends whose outcome could not be recorded while the database
 * was away are looked up at the fake before anything resends them.
 * PostgreSQL only (PGlite lives inside the process: it cannot restart under a running one); the
 * server binaries (initdb, pg_ctl) come from /usr/lib/postgresql or PG_BIN_DIR.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { migrateDatabase } from "~/db/migrate.server";
import { startFakeTwilioServer, type FakeTwilioServer } from "../fixtures/fake-twilio-server";
import { missing } from "../setup/requirements";
import { exactlyOnceProblems, seedDueBroadcast, statusCounts, until, untilDrained } from "./fault-kit";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "./postgres-cluster";
import { startWorker, stopWorker } from "./worker-process";

const RECIPIENTS = 5_000;
const RESTART_AT = 1_500;
const binDir = postgresBinDir();

describe.skipIf(missing("PostgreSQL server binaries", binDir !== null, "apt-get install -y postgresql, or set PG_BIN_DIR"))(
  "PostgreSQL restarting mid-dispatch",
  () => {
    let fake: FakeTwilioServer;
    let cluster: PostgresCluster;
    let database: DatabaseHandle;
    let url: string;

    beforeAll(async () => {
      fake = await startFakeTwilioServer();
      cluster = await startPostgresCluster(binDir!);
      const admin = new pg.Client({ connectionString: cluster.adminUrl });
      await admin.connect();
      await admin.query("create database faults");
      await admin.end();
      url = cluster.urlFor("faults");
      database = await openDatabase({ kind: "postgres", url });
      await migrateDatabase(database);
    }, 60_000);
    afterAll(async () => {
      await database?.close();
      await cluster?.destroy();
      await fake?.close();
    });

    it(`loses and duplicates nothing of ${RECIPIENTS.toLocaleString("en")} messages when the database crashes and restarts`, async () => {
      const { numbers } = await seedDueBroadcast(database.db, RECIPIENTS);
      const worker = startWorker({
        database: { kind: "postgres", url },
        twilioOrigin: fake.origin,
        env: { OUTBOX_BATCH_SIZE: "100", OUTBOX_LEASE_SECONDS: "5" },
      });
      await worker.ready;
      await until(() => fake.api.acceptedCount >= RESTART_AT, 60_000, `${RESTART_AT} messages at the fake`);
      await cluster.stop("immediate");
      const acceptedWhenDown = fake.api.acceptedCount;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await cluster.start();

      await untilDrained(database.db, 90_000);
      expect(await stopWorker(worker), worker.tail()).toEqual({ code: 0, signal: null });
      expect(acceptedWhenDown).toBeLessThan(RECIPIENTS);
      // The crash really hit the worker: it saw statements fail.
      const errors = worker
        .logs()
        .filter((line) => line.level >= 50)
        .map((line) => line.msg);
      expect(errors.length).toBeGreaterThan(0);

      expect(await statusCounts(database.db)).toEqual({ sent: RECIPIENTS });
      expect(exactlyOnceProblems(fake.api, numbers)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
      expect(fake.api.acceptedCount).toBe(RECIPIENTS);
      expect([...fake.api.createsByOutboxId.values()].every((count) => count === 1)).toBe(true);
      console.info(
        `stopped after ${acceptedWhenDown} accepted; worker errors while down: ${JSON.stringify(countBy(errors))}; ` +
          `provider lookups afterwards: ${fake.api.listCalls().length}`,
      );
    }, 150_000);
  },
);

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
