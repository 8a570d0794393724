/**
 * The content source's cache against a faked Content Lake: TTL, invalidation, request coalescing,
 * stale-if-error, and the production rule on sample hotlines.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createContentCache } from "~/content/content-cache.server";
import { ContentUnavailableError } from "~/content/content-errors";
import { createContentSource } from "~/content/content-source.server";
import { ERROR, FIXTURE_TODAY, VALID_DATASET_DIR, captureLogs, copyDataset, localEnv, sanityEnv } from "../fixtures/content";
import { createSanityFailureHandlers, createSanityQueryHandlers, type SanityQueryLogEntry } from "../mocks/sanity";
import { mockServer } from "../mocks/server";

/** Fakes the Content Lake over the valid fixture, recording every query it answers. */
function fakeContentLake(hold?: () => Promise<void>) {
  const received: SanityQueryLogEntry[] = [];
  mockServer.use(
    ...createSanityQueryHandlers({
      datasetDir: VALID_DATASET_DIR,
      onQuery: async (entry) => {
        received.push(entry);
        await hold?.();
      },
    }),
  );
  return received;
}

function sanitySource(overrides: Record<string, string> = {}) {
  const { logger, entries } = captureLogs();
  const content = createContentSource({ env: sanityEnv(overrides), logger });
  return { content, entries };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("cache TTL and invalidate", () => {
  it("answers from the cache within the TTL and asks again after it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-03-01T12:00:00Z"));
    const received = fakeContentLake();
    const { content } = sanitySource({ CONTENT_CACHE_TTL_SECONDS: "60" });

    const first = await content.liveCampaigns("en", FIXTURE_TODAY);
    expect(first.map((c) => c.slug)).toEqual(["english-only", "safe-work"]);
    vi.setSystemTime(new Date("2025-03-01T12:00:59Z"));
    await content.liveCampaigns("en", FIXTURE_TODAY);
    expect(received).toHaveLength(1);

    vi.setSystemTime(new Date("2025-03-01T12:01:00Z"));
    await content.liveCampaigns("en", FIXTURE_TODAY);
    expect(received).toHaveLength(2);
  });

  it("keys the cache by query and parameters", async () => {
    const received = fakeContentLake();
    const { content } = sanitySource();
    await content.liveCampaigns("en", FIXTURE_TODAY);
    await content.liveCampaigns("ru", FIXTURE_TODAY);
    await content.hotlines("en", ["KG", "AF"]);
    await content.hotlines("en", ["AF", "KG", "KG"]);
    expect(received.map((r) => r.params.localeCode)).toEqual(["en", "ru", "en"]);
    expect(received[2]?.params.countries).toEqual(["AF", "KG"]);
  });

  it("asks the backend again after invalidate()", async () => {
    const received = fakeContentLake();
    const { content } = sanitySource();
    await content.regions("en");
    await content.regions("en");
    content.invalidate();
    await content.regions("en");
    expect(received).toHaveLength(2);
  });

  it("re-reads the local dataset files after invalidate()", async () => {
    const copy = await copyDataset();
    try {
      const { logger } = captureLogs();
      const content = createContentSource({ env: localEnv({ CONTENT_DATASET_DIR: copy.dir }), logger });
      expect((await content.siteSettings("en"))?.smsNumber).toBe("+996000000900");
      await copy.update("siteSettings", (settings) => {
        settings.smsNumber = "+996000000999";
      });
      expect((await content.siteSettings("en"))?.smsNumber).toBe("+996000000900");
      content.invalidate();
      expect((await content.siteSettings("en"))?.smsNumber).toBe("+996000000999");
    } finally {
      await copy.remove();
    }
  });
});

describe("request coalescing", () => {
  it("shares one fetch between concurrent identical requests", async () => {
    const received = fakeContentLake();
    const { content } = sanitySource();
    const results = await Promise.all([
      content.campaign("en", "safe-work", FIXTURE_TODAY),
      content.campaign("en", "safe-work", FIXTURE_TODAY),
      content.campaign("en", "safe-work", FIXTURE_TODAY),
      content.campaign("ru", "safe-work", FIXTURE_TODAY),
    ]);
    expect(received).toHaveLength(2);
    expect(results[0]?.title).toBe("Safe work abroad");
    expect(results[1]).toBe(results[0]);
    expect(results[3]?.title).toBe("Безопасная работа за рубежом");
  });

  it("does not let a request made after invalidate() join a fetch started before it", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const received = fakeContentLake(() => held);
    const { content } = sanitySource();
    const before = content.regions("en");
    await vi.waitFor(() => expect(received).toHaveLength(1));
    content.invalidate();
    const after = content.regions("en");
    await vi.waitFor(() => expect(received).toHaveLength(2));
    release();
    await Promise.all([before, after]);
  });
});

describe("stale-if-error", () => {
  it("serves the last good content while the Content Lake answers 500, and logs the outage once", async () => {
    fakeContentLake();
    const { content, entries } = sanitySource();
    const good = await content.hotlines("en");
    const goodSettings = await content.siteSettings("en");
    expect(content.status()).toMatchObject({ backend: "sanity", ok: true, servingStale: false, lastError: null });

    let failures = 0;
    mockServer.use(...createSanityFailureHandlers(500, () => failures++));
    content.invalidate();
    expect(await content.hotlines("en")).toEqual(good);
    expect(await content.siteSettings("en")).toEqual(goodSettings);
    expect(failures).toBe(2);
    expect(content.status()).toMatchObject({ ok: true, servingStale: true, lastError: expect.stringContaining("500") });
    const errors = entries.filter((e) => e.level === ERROR);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: "content backend failed", servingStale: true });

    // Recovery: fresh content again and the status clears.
    mockServer.resetHandlers();
    fakeContentLake();
    content.invalidate();
    await content.hotlines("en");
    expect(content.status()).toMatchObject({ ok: true, servingStale: false });
    expect(entries.at(-1)).toMatchObject({ msg: "content backend recovered" });
  });

  it("throws ContentUnavailableError when nothing is cached, and reports not ok", async () => {
    mockServer.use(...createSanityFailureHandlers(500));
    const { content } = sanitySource();
    await expect(content.campaign("en", "safe-work", FIXTURE_TODAY)).rejects.toBeInstanceOf(ContentUnavailableError);
    expect(content.status()).toMatchObject({ ok: false, servingStale: false, lastSuccessAt: null });
  });

  it("throws ContentUnavailableError when the local dataset directory is missing", async () => {
    const { logger } = captureLogs();
    const content = createContentSource({ env: localEnv({ CONTENT_DATASET_DIR: "/nonexistent/dataset" }), logger });
    await expect(content.regions("en")).rejects.toBeInstanceOf(ContentUnavailableError);
    expect(content.status()).toMatchObject({ backend: "local", ok: false });
  });
});

describe("sample hotlines", () => {
  const production = {
    NODE_ENV: "production",
    PUBLIC_BASE_URL: "https://campaigns.example.org",
    SESSION_SECRET: "a-session-secret-of-at-least-32-characters",
    SANITY_WEBHOOK_SECRET: "a-webhook-secret-long-enough",
  };

  it("are never fetched in production", async () => {
    const received = fakeContentLake();
    const { content } = sanitySource(production);
    const hotlines = await content.hotlines("en");
    expect(received[0]?.params.includeSample).toBe(false);
    expect(hotlines.map((h) => h._id)).toEqual(["hotline-af-kabul", "hotline-kg-national"]);
    expect(hotlines.every((h) => !h.isSample)).toBe(true);
    expect(await content.servesSampleData()).toBe(false);
  });

  it("are served, and flagged, outside production", async () => {
    const received = fakeContentLake();
    const { content } = sanitySource();
    const hotlines = await content.hotlines("en");
    expect(received[0]?.params.includeSample).toBe(true);
    expect(hotlines.filter((h) => h.isSample).map((h) => h._id)).toEqual(["hotline-kg-osh", "hotline-kg-sample"]);
    expect(await content.servesSampleData()).toBe(true);
  });

  it("servesSampleData is false when no sample hotline exists", async () => {
    const copy = await copyDataset();
    try {
      const documents = await copy.read();
      await copy.write(documents.map((d) => (d._type === "hotline" ? { ...d, isSample: false } : d)));
      const { logger } = captureLogs();
      const content = createContentSource({ env: localEnv({ CONTENT_DATASET_DIR: copy.dir }), logger });
      expect(await content.servesSampleData()).toBe(false);
    } finally {
      await copy.remove();
    }
  });
});

describe("createContentCache", () => {
  it("evicts the least recently used entry beyond its bound", async () => {
    const cache = createContentCache({ ttlMs: 60_000, errorBackoffMs: 5_000, maxEntries: 2, onLoad: () => undefined });
    let loads = 0;
    const load = (value: string) => async () => {
      loads += 1;
      return value;
    };
    await cache.get("a", load("a"));
    await cache.get("b", load("b"));
    await cache.get("a", load("a")); // a is now the most recent
    await cache.get("c", load("c")); // evicts b
    expect(loads).toBe(3);
    await cache.get("a", load("a"));
    expect(loads).toBe(3);
    await cache.get("b", load("b"));
    expect(loads).toBe(4);
  });

  it("with a TTL of 0 always loads, but still falls back to the last value", async () => {
    const outcomes: unknown[] = [];
    const cache = createContentCache({ ttlMs: 0, errorBackoffMs: 0, maxEntries: 10, onLoad: (o) => void outcomes.push(o.ok) });
    expect(await cache.get("k", async () => 1)).toBe(1);
    expect(await cache.get("k", async () => 2)).toBe(2);
    expect(await cache.get("k", () => Promise.reject(new Error("down")))).toBe(2);
    expect(outcomes).toEqual([true, true, false]);
  });

  it("after a failure, serves the stale value without asking again until the back-off ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-03-01T12:00:00Z"));
    const cache = createContentCache({ ttlMs: 60_000, errorBackoffMs: 5_000, maxEntries: 10, onLoad: () => undefined });
    let attempts = 0;
    const failing = () => {
      attempts += 1;
      return Promise.reject(new Error("down"));
    };
    await cache.get("k", async () => "good");
    vi.setSystemTime(new Date("2025-03-01T12:01:00Z"));
    expect(await cache.get("k", failing)).toBe("good");
    vi.setSystemTime(new Date("2025-03-01T12:01:04Z"));
    expect(await cache.get("k", failing)).toBe("good");
    expect(attempts).toBe(1);
    vi.setSystemTime(new Date("2025-03-01T12:01:05Z"));
    expect(await cache.get("k", failing)).toBe("good");
    expect(attempts).toBe(2);
    // An invalidation (new content announced) ends the back-off at once.
    cache.invalidate();
    expect(await cache.get("k", async () => "new")).toBe("new");
  });
});
