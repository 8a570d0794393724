/**
 * The scheduler (jobs/scheduler.ts) with real node-cron under fake timers: a slow run is never
 * doubled, the start-up run counts as a run, stop() waits for runs in flight and asks them to end,
 * jobs that cannot work under the configuration are left out. On PostgreSQL, two schedulers (two
 * workers) with the same singleton job: each tick's work is done once.
 */
import cron from "node-cron";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { createContentSource } from "~/content/content-source.server";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import type { JobContext } from "../../jobs/job-context";
import type { JobDefinition } from "../../jobs/job-run";
import { createLocalTransport } from "~/messaging/transports/local-transport.server";
import { dispatchSchedule, JOB_TABLE, jobNames } from "../../jobs/job-table";
import { registerJobs, SLOW_RUN_WARNING_MS, type RegisterJobsOptions } from "../../jobs/scheduler";
import { VALID_DATASET_DIR } from "../fixtures/content";
import { createTestDatabase, NO_POSTGRES, type TestDatabase } from "../setup/test-database";

const testEnv = (overrides: Record<string, string> = {}) => parseEnv({ NODE_ENV: "test", LOG_LEVEL: "debug", ...overrides });

/** A logger whose JSON lines the test reads. */
function capturedLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } }) };
}

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

function options(testDb: TestDatabase, overrides: Partial<RegisterJobsOptions> = {}) {
  const env = testEnv({ CONTENT_DATASET_DIR: VALID_DATASET_DIR });
  const { logger, lines } = capturedLogger();
  const keyring = phoneKeyringFromEnv(env);
  const base: RegisterJobsOptions = {
    db: testDb.db,
    dbKind: testDb.kind,
    env,
    logger,
    keyring,
    content: createContentSource({ env, logger }),
    transport: createLocalTransport({ db: testDb.db, keyring }),
    ...overrides,
  };
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { options: base, logged };
}

/** A job that counts its runs and waits for the test to let it finish. */
function slowJob(overrides: Partial<JobDefinition<{ run: number }>> = {}) {
  const state = { started: 0, finished: 0, gates: [] as Array<ReturnType<typeof gate>>, contexts: [] as JobContext[] };
  const job: JobDefinition<{ run: number }> = {
    name: "slow-job",
    schedule: "* * * * * *",
    singleton: false,
    async run(context) {
      state.started += 1;
      state.contexts.push(context);
      const wait = gate();
      state.gates.push(wait);
      await wait.promise;
      state.finished += 1;
      return { run: state.started };
    },
    ...overrides,
  };
  return { job, state };
}

describe("scheduler with fake timers", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase("pglite");
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    vi.setSystemTime(new Date("2026-12-01T00:00:00.500Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never doubles a slow run: ticks while it is in flight are skipped", async () => {
    const { job, state } = slowJob();
    const { options: base, logged } = options(testDb);
    const handle = registerJobs({ ...base, table: [job] });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.started).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.started).toBe(1);
    expect(logged().filter((line) => line.msg === "job tick skipped: previous run still in flight").length).toBeGreaterThanOrEqual(4);

    state.gates[0]!.open();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.finished).toBe(1);
    expect(state.started).toBe(2);
    state.gates[1]!.open();
    await handle.stop();
    const runs = logged().filter((line) => line.msg === "job run" && line.job === "slow-job");
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ run: 1, durationMs: expect.any(Number) });
  });

  it("warns while a run lasts past SLOW_RUN_WARNING_MS, once per period, and no more once it ends", async () => {
    const { job, state } = slowJob();
    const { options: base, logged } = options(testDb);
    const handle = registerJobs({ ...base, table: [job] });
    const stillGoing = () => logged().filter((line) => line.msg === "job run still going");
    await vi.advanceTimersByTimeAsync(500);
    expect(state.started).toBe(1);
    await vi.advanceTimersByTimeAsync(SLOW_RUN_WARNING_MS - 100);
    expect(stillGoing()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(stillGoing()).toEqual([expect.objectContaining({ level: 40, job: "slow-job", runningMs: expect.any(Number) })]);
    await vi.advanceTimersByTimeAsync(SLOW_RUN_WARNING_MS);
    expect(stillGoing()).toHaveLength(2);
    state.gates[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.finished).toBe(1);
    await handle.stop();
    await vi.advanceTimersByTimeAsync(3 * SLOW_RUN_WARNING_MS);
    expect(stillGoing()).toHaveLength(2);
  });

  it("runs a runOnStart job at once, and the first ticks do not double it", async () => {
    const { job, state } = slowJob({ runOnStart: true });
    const { options: base } = options(testDb);
    const handle = registerJobs({ ...base, table: [job] });
    await vi.advanceTimersByTimeAsync(0);
    expect(state.started).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(state.started).toBe(1);
    state.gates[0]!.open();
    await handle.stop();
  });

  it("stop() signals runs in flight, waits for them, and no tick runs afterwards", async () => {
    const { job, state } = slowJob();
    const { options: base, logged } = options(testDb);
    const handle = registerJobs({ ...base, table: [job] });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.started).toBe(1);

    let stopped = false;
    const stopping = handle.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(state.contexts[0]!.signal.aborted).toBe(true);
    expect(stopped).toBe(false);
    state.gates[0]!.open();
    await stopping;
    expect(state.finished).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.started).toBe(1);
    expect(logged().some((line) => line.msg === "jobs stopped")).toBe(true);
    expect(cron.getTasks().size).toBe(0);
  });

  it("a failing run is logged once as failed and the next tick runs again", async () => {
    let calls = 0;
    const job: JobDefinition = {
      name: "flaky-job",
      schedule: "* * * * * *",
      singleton: false,
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error("provider down");
        return { ok: true };
      },
    };
    const { options: base, logged } = options(testDb);
    const handle = registerJobs({ ...base, table: [job] });
    await vi.advanceTimersByTimeAsync(2_000);
    await handle.stop();
    expect(calls).toBe(2);
    const lines = logged().filter((line) => line.job === "flaky-job" && line.msg !== "job tick skipped: previous run still in flight");
    expect(lines.map((line) => line.msg)).toEqual(["job failed", "job run"]);
    expect(lines[0]).toMatchObject({ error: { name: "Error" }, level: 50 });
    // An error's message is never logged (errorFacts): it may quote a query's parameters.
    expect(JSON.stringify(lines[0])).not.toContain("provider down");
  });

  it("registers every job of the table, without sending jobs when messaging is off", async () => {
    const { options: base } = options(testDb);
    const all = registerJobs(base);
    // PostHog delivery only when POSTHOG_API_KEY is set (not in the test configuration).
    expect(all.names).toEqual(jobNames().filter((name) => name !== "deliver-posthog"));
    const quiet = registerJobs({ ...base, env: { ...base.env, messagingEnabled: false } });
    expect(quiet.names).toEqual(["purge-retention", "flag-stale-hotlines", "refresh-reach-rollups", "purge-reach-events"]);
    await vi.advanceTimersByTimeAsync(0);
    await all.stop();
    await quiet.stop();
  });
});

describe("job table", () => {
  it("has valid schedules, unique names, and only idempotent work as singletons", () => {
    expect(new Set(jobNames()).size).toBe(JOB_TABLE.length);
    const env = testEnv();
    for (const job of JOB_TABLE) {
      const schedule = typeof job.schedule === "string" ? job.schedule : job.schedule(env);
      expect(cron.validate(schedule), `${job.name}: ${schedule}`).toBe(true);
    }
    const singleton = Object.fromEntries(JOB_TABLE.map((job) => [job.name, job.singleton]));
    // The dispatcher must not take the lock: many workers dispatch at once (SKIP LOCKED).
    expect(singleton).toEqual({
      "dispatch-outbox": false,
      "reconcile-unknown-sends": false,
      "purge-retention": true,
      "flag-stale-hotlines": false,
      // Planning and enrollment once per tick; their inserts are idempotent anyway (unique run, subscriber key).
      "plan-broadcasts": true,
      "enroll-sequences": true,
      // Reach: the rollup refresh and the purge are idempotent; one process at a time is enough.
      "refresh-reach-rollups": true,
      "purge-reach-events": true,
      "deliver-posthog": true,
    });
  });

  it.each([
    [1_000, "* * * * * *"],
    [200, "* * * * * *"],
    [5_000, "*/5 * * * * *"],
    [120_000, "*/59 * * * * *"],
  ])("dispatches every OUTBOX_DISPATCH_INTERVAL_MS=%i → %s", (interval, expected) => {
    expect(dispatchSchedule(interval)).toBe(expected);
  });
});

describe.skipIf(NO_POSTGRES)("two schedulers on postgres (real time)", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("a singleton job's tick is worked by one worker only", async () => {
    const slots: number[] = [];
    const job: JobDefinition = {
      name: "singleton-every-second",
      schedule: "* * * * * *",
      singleton: true,
      run: async () => {
        slots.push(Math.floor(Date.now() / 1000));
        await new Promise((resolve) => setTimeout(resolve, 600));
        return {};
      },
    };
    const a = options(testDb);
    const b = options(testDb);
    const workers = [registerJobs({ ...a.options, table: [job] }), registerJobs({ ...b.options, table: [job] })];
    await new Promise((resolve) => setTimeout(resolve, 3_300));
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(slots.length).toBeGreaterThanOrEqual(2);
    expect(new Set(slots).size).toBe(slots.length);
    const skipped = [...a.logged(), ...b.logged()].filter((line) => line.status === "skipped" && line.job === "singleton-every-second");
    expect(skipped.length).toBeGreaterThanOrEqual(1);
  });
});
