/**
 * Rendered preview images kept in memory, keyed by a hash of everything drawn (layout version,
 * locale, title, host): a content change gives a new key, so the image is drawn again and the old
 * one ages out. Bounded (least recently used out first) and one render per key at a time.
 */
import { createHash } from "node:crypto";
import { SHARE_IMAGE_LAYOUT_VERSION, type ShareImageInput } from "./share-image.server";

/** 16 hex digits of SHA-256 over the drawn inputs: the image's version in its URL and ETag. */
export function shareImageHash(input: ShareImageInput): string {
  return createHash("sha256")
    .update(JSON.stringify([SHARE_IMAGE_LAYOUT_VERSION, input.locale, input.title, input.host]))
    .digest("hex")
    .slice(0, 16);
}

export interface ShareImageCache {
  /** The cached image for `key`, or the result of `render` (stored unless it throws). */
  get(key: string, render: () => Promise<Buffer>): Promise<Buffer>;
  readonly size: number;
}

export function createShareImageCache(options: { maxEntries: number }): ShareImageCache {
  const images = new Map<string, Buffer>();
  const rendering = new Map<string, Promise<Buffer>>();
  return {
    async get(key, render) {
      const cached = images.get(key);
      if (cached) {
        // Map order is insertion order: re-inserting marks it most recently used.
        images.delete(key);
        images.set(key, cached);
        return cached;
      }
      const inFlight = rendering.get(key);
      if (inFlight) return inFlight;
      const promise = render()
        .then((png) => {
          images.set(key, png);
          while (images.size > options.maxEntries) images.delete(images.keys().next().value!);
          return png;
        })
        .finally(() => rendering.delete(key));
      rendering.set(key, promise);
      return promise;
    },
    get size() {
      return images.size;
    },
  };
}
