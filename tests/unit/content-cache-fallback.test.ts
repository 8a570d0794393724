/**
 * The cache's answers when memory has nothing or the backend is slow: the fallback (the stored copy
 * of the content) answers a failed load with nothing in memory and is then kept like a stale value;
 * a load slower than `slowLoadMs` is answered from memory or the fallback when there is something
 * to answer with, and is otherwise waited for. The clock of entries is injected; `slowLoadMs` is a
 * real duration (a reader's wait).
 */
import { describe, expect, it } from "vitest";
import { createContentCache, SlowLoadError, type LoadOutcome } from "~/content/content-cache.server";

const TTL_MS = 60_000;
const BACKOFF_MS = 5_000;
const SLOW_MS = 30;

function cacheWithClock(slowLoadMs?: number) {
  let ms = Date.parse("2026-12-05T10:00:00Z");
  const outcomes: LoadOutcome[] = [];
  const cache = createContentCache({
    ttlMs: TTL_MS,
    errorBackoffMs: BACKOFF_MS,
    maxEntries: 100,
    onLoad: (outcome) => outcomes.push(outcome),
    now: () => ms,
    slowLoadMs,
  });
  return { cache, outcomes, advance: (by: number) => void (ms += by) };
}

/** A load the test settles when it wants. */
function heldLoad<T>() {
  let settle: { resolve: (value: T) => void; reject: (error: Error) => void } = { resolve: () => undefined, reject: () => undefined };
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { load: () => promise, ...settle };
}

const failing = () => Promise.reject(new Error("HTTP 500"));

describe("the fallback", () => {
  it("answers a failed load with nothing in memory, and is kept like a stale value", async () => {
    const { cache, outcomes, advance } = cacheWithClock();
    let fallbacks = 0;
    let loads = 0;
    const fallback = async () => {
      fallbacks += 1;
      return "from the copy";
    };
    const load = () => {
      loads += 1;
      return failing();
    };
    expect(await cache.get("k", load, fallback)).toBe("from the copy");
    expect(outcomes).toEqual([{ ok: false, error: expect.any(Error), served: "fallback" }]);

    // Within the back-off: neither asked again.
    advance(BACKOFF_MS - 1);
    expect(await cache.get("k", load, fallback)).toBe("from the copy");
    expect([loads, fallbacks]).toEqual([1, 1]);

    // After it: the backend is asked again; the kept value answers its failure.
    advance(2);
    expect(await cache.get("k", load, fallback)).toBe("from the copy");
    expect([loads, fallbacks]).toEqual([2, 1]);
    expect(outcomes[1]).toMatchObject({ ok: false, served: "fallback" });

    // A recovered backend replaces it.
    advance(BACKOFF_MS);
    expect(await cache.get("k", async () => "fresh", fallback)).toBe("fresh");
    expect(await cache.get("k", failing, fallback)).toBe("fresh");
  });

  it("with nothing either, the failure reaches the caller", async () => {
    const { cache, outcomes } = cacheWithClock();
    await expect(cache.get("k", failing, async () => undefined)).rejects.toThrow("HTTP 500");
    expect(outcomes).toEqual([{ ok: false, error: expect.any(Error), served: null }]);
  });

  it("is not asked when memory has a stale value", async () => {
    const { cache, advance } = cacheWithClock();
    await cache.get("k", async () => "remembered");
    advance(TTL_MS);
    let fallbacks = 0;
    expect(
      await cache.get("k", failing, async () => {
        fallbacks += 1;
        return "from the copy";
      }),
    ).toBe("remembered");
    expect(fallbacks).toBe(0);
  });
});

describe("a slow load", () => {
  it("is answered from memory after slowLoadMs, goes on, and replaces the value when it arrives", async () => {
    // Long enough that a second wait for the same load would show whatever the machine's load.
    const slowMs = 1_000;
    const { cache, outcomes, advance } = cacheWithClock(slowMs);
    await cache.get("k", async () => "old");
    advance(TTL_MS);
    const held = heldLoad<string>();
    expect(await cache.get("k", held.load)).toBe("old");
    expect(outcomes.at(-1)).toEqual({ ok: false, error: expect.any(SlowLoadError), served: "memory" });
    // The next reader does not wait for the same slow load.
    const started = performance.now();
    expect(await cache.get("k", held.load)).toBe("old");
    expect(performance.now() - started).toBeLessThan(slowMs / 2);
    // Nor after the back-off, while that load still runs (a hanging backend takes 15 s to fail).
    advance(BACKOFF_MS);
    const later = performance.now();
    expect(await cache.get("k", held.load)).toBe("old");
    expect(performance.now() - later).toBeLessThan(slowMs / 2);
    held.resolve("new");
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes.at(-1)).toEqual({ ok: true });
    expect(await cache.get("k", failing)).toBe("new");
  });

  it("with nothing in memory, is answered from the fallback; its later failure keeps that value", async () => {
    const { cache, outcomes } = cacheWithClock(SLOW_MS);
    const held = heldLoad<string>();
    expect(await cache.get("k", held.load, async () => "from the copy")).toBe("from the copy");
    held.reject(new Error("timeout"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes.map((outcome) => (outcome.ok ? "ok" : outcome.served))).toEqual(["fallback", "fallback"]);
    expect(await cache.get("k", failing)).toBe("from the copy");
  });

  it("with nothing to answer with, is waited for", async () => {
    const { cache } = cacheWithClock(SLOW_MS);
    const held = heldLoad<string>();
    const pending = cache.get("k", held.load, async () => undefined);
    setTimeout(() => held.resolve("late"), SLOW_MS * 3);
    expect(await pending).toBe("late");
  });
});
