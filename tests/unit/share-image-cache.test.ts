/** The preview images' cache: keyed by what is drawn, bounded, one render per key at a time. */
import { describe, expect, it } from "vitest";
import { createShareImageCache, shareImageHash } from "~/sharing/share-image-cache.server";

const input = { locale: "ps" as const, title: "مخکې له تګه پوه شه", host: "protect.example.org" };

describe("shareImageHash", () => {
  it("changes with anything drawn, and only with that", () => {
    const hash = shareImageHash(input);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(shareImageHash({ ...input })).toBe(hash);
    expect(shareImageHash({ ...input, title: `${input.title}!` })).not.toBe(hash);
    expect(shareImageHash({ ...input, locale: "ar" })).not.toBe(hash);
    expect(shareImageHash({ ...input, host: "other.example.org" })).not.toBe(hash);
  });
});

describe("createShareImageCache", () => {
  const png = (label: string) => Buffer.from(label);

  it("renders once per key, also for concurrent requests", async () => {
    const cache = createShareImageCache({ maxEntries: 10 });
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return png("a");
    };
    const [first, second] = await Promise.all([cache.get("a", render), cache.get("a", render)]);
    expect(await cache.get("a", render)).toBe(first);
    expect(second).toBe(first);
    expect(renders).toBe(1);
  });

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const cache = createShareImageCache({ maxEntries: 2 });
    await cache.get("a", async () => png("a"));
    await cache.get("b", async () => png("b"));
    await cache.get("a", async () => png("a again"));
    await cache.get("c", async () => png("c"));
    expect(cache.size).toBe(2);
    expect((await cache.get("a", async () => png("a rendered again"))).toString()).toBe("a");
    expect((await cache.get("b", async () => png("b rendered again"))).toString()).toBe("b rendered again");
  });

  it("does not keep a failed render", async () => {
    const cache = createShareImageCache({ maxEntries: 2 });
    await expect(cache.get("a", () => Promise.reject(new Error("font")))).rejects.toThrow("font");
    expect(cache.size).toBe(0);
    expect((await cache.get("a", async () => png("ok"))).toString()).toBe("ok");
  });
});
