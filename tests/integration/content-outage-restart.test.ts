/**
 * A restart during a Content Lake outage, on PGlite and PostgreSQL: a first app instance reads
 * content with the Content Lake up (and stores its copy in the database); a second instance on the
 * same database starts while the Content Lake answers 500, or never answers, and still serves the
 * campaign page and the hotline directory, pages nobody asked for before the restart included,
 * with `/healthz` saying `stale` and how old the copy is. A damaged copy is reported and not
 * served, and never crashes a page; the next good read replaces it.
 *
 * One clock per test (`now`), set inside a sample campaign's dates, drives the pages' "today", the
 * content cache and the snapshot times.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createContentSnapshotStore } from "~/content/content-snapshot-store.server";
import { parseStoredSnapshot } from "~/content/content-snapshot-format.server";
import { loadPublishedDataset, type RawDocument } from "~/content/local-dataset.server";
import { contentSnapshots } from "~/db/schema";
import { uiStrings } from "~/i18n/ui-strings";
import { captureLogs, ERROR, SAMPLE_DATASET_DIR, TEST_SANITY_PROJECT_ID } from "../fixtures/content";
import { createSanityFailureHandlers, createSanityHangingHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { startTestServer } from "../setup/test-server";
import { anchors, get, htmlElement, text } from "./site-helpers";

const SANITY_ENV = { SANITY_PROJECT_ID: TEST_SANITY_PROJECT_ID, SANITY_DATASET: "production" };
const SNAPSHOT_SOURCE = `sanity:${TEST_SANITY_PROJECT_ID}:production`;
const SNAPSHOT_TYPES = new Set(["siteSettings", "campaign", "page", "hotline", "region", "keyword", "smsReplies", "mission"]);

interface Sample {
  today: string;
  slug: string;
  title: string;
  /** `tel:` links of every hotline with a phone number (sample ones are served outside production). */
  telLinks: string[];
  snapshotDocuments: number;
}

async function sampleDataset(): Promise<Sample> {
  const documents = await loadPublishedDataset(SAMPLE_DATASET_DIR);
  const campaign = documents.find(
    (document): document is RawDocument & { slug: { current: string }; title: { en: string }; startDate: string } =>
      document._type === "campaign" && document.status === "live" && typeof document.startDate === "string",
  );
  if (!campaign) throw new Error("the sample dataset has no live campaign with a start date");
  return {
    // The campaign's first day: whatever its dates are, it is live then.
    today: campaign.startDate,
    slug: campaign.slug.current,
    title: campaign.title.en,
    telLinks: documents.filter((d) => d._type === "hotline" && typeof d.phone === "string").map((d) => `tel:${String(d.phone)}`),
    snapshotDocuments: documents.filter((d) => SNAPSHOT_TYPES.has(d._type)).length,
  };
}

/** The test's one clock. */
function testClock(start: string) {
  let ms = Date.parse(start);
  return { now: () => new Date(ms), advance: (by: number) => void (ms += by) };
}

interface Health {
  status: string;
  content: {
    ok: boolean;
    servingStale: boolean;
    servingSnapshot: boolean;
    snapshot: { state: string; ageSeconds: number | null; documents: number | null; error: string | null } | null;
  };
}

async function health(url: string): Promise<{ httpStatus: number; body: Health }> {
  const response = await fetch(`${url}/healthz`);
  return { httpStatus: response.status, body: (await response.json()) as Health };
}

let sample: Sample;
beforeAll(async () => {
  sample = await sampleDataset();
});

describe.each(DATABASE_KINDS)("a restart during a Content Lake outage (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  beforeEach(async () => {
    await database.db.delete(contentSnapshots);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A first instance with the Content Lake up reads a page; closing it waits for the snapshot write. */
  async function runFirstInstance(clock: ReturnType<typeof testClock>): Promise<void> {
    const first = await startTestServer({ env: SANITY_ENV, database, now: clock.now });
    try {
      expect((await get(`${first.url}/en/${sample.slug}`)).status).toBe(200);
      const { body } = await health(first.url);
      expect(body.status).toBe("ok");
    } finally {
      await first.close();
    }
  }

  // The client gives up on a hanging Content Lake after 3 attempts of 5 s: a first page well under
  // that was answered from the stored copy without waiting for it.
  it.each([
    ["answering 500", (onQuery: () => void) => createSanityFailureHandlers(500, onQuery)],
    ["timing out", (onQuery: () => void) => createSanityHangingHandlers(onQuery)],
  ] as const)(
    "with the Content Lake %s, the second instance serves the campaign and the directory from the stored copy",
    async (_name, outage) => {
      const clock = testClock(`${sample.today}T12:00:00Z`);
      await runFirstInstance(clock);
      const stored = await createContentSnapshotStore(database.db).readMeta(SNAPSHOT_SOURCE);
      expect(stored).toMatchObject({ documentCount: sample.snapshotDocuments });

      clock.advance(10 * 60_000);
      let sanityCalls = 0;
      mockServer.use(...outage(() => sanityCalls++));
      const second = await startTestServer({ env: SANITY_ENV, database, now: clock.now });
      try {
        const started = performance.now();
        const landing = await get(`${second.url}/en/${sample.slug}`);
        expect(performance.now() - started).toBeLessThan(10_000);
        expect(landing.status).toBe(200);
        expect(text(landing.html)).toContain(sample.title);

        // Neither page was read by the first instance: they come from the stored copy, not from its memory.
        for (const [locale, path] of [
          ["ky", "/ky/hotlines"],
          ["ar", "/ar/hotlines"],
        ] as const) {
          const directory = await get(`${second.url}${path}`);
          expect(directory.status, path).toBe(200);
          expect(htmlElement(directory.html)).toMatchObject({ lang: locale });
          expect(text(directory.html)).toContain(uiStrings(locale).hotlinesTitle);
          const hrefs = anchors(directory.html).map((link) => link.href);
          for (const tel of sample.telLinks) expect(hrefs, path).toContain(tel);
        }
        expect(sanityCalls).toBeGreaterThan(0);

        const { httpStatus, body } = await health(second.url);
        expect(httpStatus).toBe(200);
        expect(body.status).toBe("stale");
        expect(body.content).toMatchObject({
          ok: true,
          servingStale: true,
          servingSnapshot: true,
          snapshot: { state: "stored", ageSeconds: 600, documents: sample.snapshotDocuments, error: null },
        });
      } finally {
        await second.close();
      }
    },
  );

  it("a damaged copy is reported and not served, pages answer 503 without crashing, and the next good read replaces it", async () => {
    const clock = testClock(`${sample.today}T12:00:00Z`);
    await runFirstInstance(clock);
    // Cut the stored text short: it no longer matches its hash (nor parses).
    await database.db.execute(sql`update content_snapshots set documents = left(documents, 100)`);

    clock.advance(60_000);
    mockServer.use(...createSanityFailureHandlers(500));
    const { logger, entries } = captureLogs();
    const second = await startTestServer({ env: SANITY_ENV, database, now: clock.now, logger });
    try {
      for (const path of ["/en/hotlines", `/en/${sample.slug}`]) {
        const page = await get(`${second.url}${path}`);
        expect(page.status, path).toBe(503);
        expect(text(page.html)).toContain(uiStrings("en").errorTitle);
      }
      const { httpStatus, body } = await health(second.url);
      expect(httpStatus).toBe(503);
      expect(body.status).toBe("down");
      expect(body.content.snapshot).toMatchObject({ state: "corrupt", error: "content does not match its hash" });
      expect(entries).toContainEqual(expect.objectContaining({ level: ERROR, msg: "stored content snapshot is corrupt: not served" }));

      // The Content Lake is back: pages render, and the damaged row is rewritten from what was read.
      mockServer.resetHandlers();
      clock.advance(10_000);
      expect((await get(`${second.url}/en/hotlines`)).status).toBe(200);
    } finally {
      await second.close();
    }
    const repaired = await createContentSnapshotStore(database.db).read(SNAPSHOT_SOURCE);
    expect(repaired && parseStoredSnapshot(repaired).ok).toBe(true);
    expect(repaired?.documentCount).toBe(sample.snapshotDocuments);
  });
});
