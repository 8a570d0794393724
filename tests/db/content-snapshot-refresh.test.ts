/**
 * When the stored copy of the content is written, on PGlite and PostgreSQL: after the first good
 * Content Lake read; then at most once per interval, and only re-confirmed (not rewritten) when
 * nothing changed; sooner after a webhook's change notice, but not before the minimum gap; never on
 * a page's path (a page answers while the copy is still being fetched, and when the database fails
 * the write); never above the size bound; never with the local dataset.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createContentSnapshotStore } from "~/content/content-snapshot-store.server";
import { createContentSource } from "~/content/content-source.server";
import { CONTENT_SNAPSHOT_QUERY } from "~/content/queries";
import { contentSnapshots } from "~/db/schema";
import {
  captureLogs,
  copyDataset,
  FIXTURE_TODAY,
  localEnv,
  sanityEnv,
  TEST_SANITY_PROJECT_ID,
  WARN,
  type DatasetCopy,
} from "../fixtures/content";
import { createSanityQueryHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const SOURCE = `sanity:${TEST_SANITY_PROJECT_ID}:production`;
const INTERVAL_MS = 5 * 60_000;
const GAP_MS = 60_000;

function testClock(start: string) {
  let ms = Date.parse(start);
  return { now: () => new Date(ms), advance: (by: number) => void (ms += by) };
}

describe.each(DATABASE_KINDS)("refreshing the stored copy of the content (%s)", (kind) => {
  let database: TestDatabase;
  let dataset: DatasetCopy;
  let snapshotFetches: number;
  /** Resolves held snapshot fetches (see the test that holds them). */
  let holdSnapshotFetch: Promise<void> | null;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  beforeEach(async () => {
    await database.db.delete(contentSnapshots);
    dataset = await copyDataset();
    snapshotFetches = 0;
    holdSnapshotFetch = null;
    mockServer.use(
      ...createSanityQueryHandlers({
        datasetDir: dataset.dir,
        onQuery: async (entry) => {
          if (entry.query !== CONTENT_SNAPSHOT_QUERY) return;
          snapshotFetches += 1;
          await holdSnapshotFetch;
        },
      }),
    );
  });
  afterEach(async () => {
    await dataset.remove();
  });
  afterAll(async () => {
    await database?.close();
  });

  function sanitySource(clock: ReturnType<typeof testClock>, options: { maxBytes?: number; store?: TestDatabase } = {}) {
    const { logger, entries } = captureLogs();
    const content = createContentSource({
      env: sanityEnv(),
      logger,
      now: clock.now,
      snapshot: {
        store: createContentSnapshotStore((options.store ?? database).db),
        refreshIntervalMs: INTERVAL_MS,
        minRefreshGapMs: GAP_MS,
        maxBytes: options.maxBytes,
      },
    });
    return { content, logs: entries };
  }

  const readStored = () => createContentSnapshotStore(database.db).readMeta(SOURCE);

  it("is written after the first good read, and not fetched again within the interval", async () => {
    const clock = testClock("2026-12-05T10:00:00Z");
    const { content } = sanitySource(clock);
    try {
      await content.regions("en");
      await vi.waitFor(async () => expect(await readStored()).not.toBeNull());
      const first = (await readStored())!;
      expect(first).toMatchObject({ savedAt: clock.now(), checkedAt: clock.now() });
      expect(first.documentCount).toBeGreaterThan(0);

      clock.advance(INTERVAL_MS - 1_000);
      await content.hotlines("en");
      await content.liveCampaigns("en", FIXTURE_TODAY);
    } finally {
      // Waits for a refresh those reads might have started, so the count below is final.
      await content.stop();
    }
    expect(snapshotFetches).toBe(1);
  });

  it("past the interval, an unchanged dataset is fetched again and only re-confirmed", async () => {
    const clock = testClock("2026-12-05T10:00:00Z");
    const { content } = sanitySource(clock);
    try {
      await content.regions("en");
      await vi.waitFor(async () => expect(await readStored()).not.toBeNull());
      const first = (await readStored())!;

      clock.advance(INTERVAL_MS + 1_000);
      const checkedAt = clock.now();
      await content.regions("ru");
      await vi.waitFor(async () => expect((await readStored())?.checkedAt).toEqual(checkedAt));
      expect(snapshotFetches).toBe(2);
      expect(await readStored()).toMatchObject({ savedAt: first.savedAt, contentHash: first.contentHash });
      expect(content.status().snapshot).toMatchObject({ state: "stored", checkedAt: checkedAt.toISOString(), ageSeconds: 0 });
    } finally {
      await content.stop();
    }
  });

  it("a second process finds the copy checked recently and does not fetch it again", async () => {
    const clock = testClock("2026-12-05T10:00:00Z");
    const one = sanitySource(clock).content;
    try {
      await one.regions("en");
    } finally {
      await one.stop();
    }
    expect(snapshotFetches).toBe(1);
    clock.advance(30_000);
    const other = sanitySource(clock).content;
    try {
      await other.regions("en");
    } finally {
      await other.stop();
    }
    expect(snapshotFetches).toBe(1);
  });

  it("after a webhook's change notice, is refreshed once the minimum gap has passed, and rewritten when content changed", async () => {
    const clock = testClock("2026-12-05T10:00:00Z");
    const { content } = sanitySource(clock);
    try {
      await content.regions("en");
      await vi.waitFor(async () => expect(await readStored()).not.toBeNull());
      const before = (await readStored())!;

      const [hotline] = (await dataset.read()).filter((document) => document._type === "hotline");
      await dataset.update(String(hotline!._id), (document) => {
        document.phone = "+996000000999";
      });
      clock.advance(GAP_MS / 2);
      content.invalidate();
      await content.regions("en");
      // Within the gap: not refreshed now (else the copy below would be stored at this earlier time).

      clock.advance(GAP_MS / 2);
      const changedAt = clock.now();
      content.invalidate();
      await vi.waitFor(async () => expect((await readStored())?.savedAt).toEqual(changedAt));
      expect(snapshotFetches).toBe(2);
      expect((await readStored())?.contentHash).not.toBe(before.contentHash);
    } finally {
      await content.stop();
    }
  });

  it("never holds up a page: reads answer while the copy is still being fetched", async () => {
    const clock = testClock("2026-12-05T10:00:00Z");
    let release: () => void = () => undefined;
    holdSnapshotFetch = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { content } = sanitySource(clock);
    try {
      expect((await content.regions("en")).length).toBeGreaterThan(0);
      expect((await content.hotlines("en")).length).toBeGreaterThan(0);
      await vi.waitFor(() => expect(snapshotFetches).toBe(1));
      expect(await readStored()).toBeNull();
      release();
      await vi.waitFor(async () => expect(await readStored()).not.toBeNull());
    } finally {
      release();
      await content.stop();
    }
  });

  it("a database failing the write fails no page; the failure shows in the status and the log", async () => {
    const clock = testClock("2026-12-05T10:00:00Z");
    const broken = await createTestDatabase(kind);
    await broken.close();
    const { content, logs } = sanitySource(clock, { store: broken });
    try {
      expect((await content.regions("en")).length).toBeGreaterThan(0);
      await vi.waitFor(() => expect(content.status().snapshot?.refreshError).toBeTruthy());
      expect(content.status()).toMatchObject({ ok: true, servingStale: false });
      expect(logs).toContainEqual(expect.objectContaining({ level: WARN, msg: "content snapshot not refreshed" }));
    } finally {
      await content.stop();
    }
  });

  it("a dataset above the size bound is not stored, and says so", async () => {
    const clock = testClock("2026-12-05T10:00:00Z");
    const { content } = sanitySource(clock, { maxBytes: 1_000 });
    try {
      await content.regions("en");
      await vi.waitFor(() => expect(content.status().snapshot?.refreshError).toMatch(/more than the 1000 kept/));
      expect(await readStored()).toBeNull();
    } finally {
      await content.stop();
    }
  });

  it("the local dataset is never copied: it is on disk already", async () => {
    const clock = testClock("2026-12-05T10:00:00Z");
    const content = createContentSource({
      env: localEnv({ CONTENT_DATASET_DIR: dataset.dir }),
      logger: captureLogs().logger,
      now: clock.now,
      snapshot: { store: createContentSnapshotStore(database.db) },
    });
    try {
      expect((await content.liveCampaigns("en", FIXTURE_TODAY)).length).toBeGreaterThan(0);
      expect(content.status().snapshot).toBeNull();
    } finally {
      await content.stop();
    }
    expect(await readStored()).toBeNull();
  });
});
