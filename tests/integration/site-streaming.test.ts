/**
 * React 18's streaming renderer leaks NUL bytes into Cyrillic and Arabic pages at its 2 KB view
 * boundaries; pages that stream pass through `createNulByteFilter`. This checks the bug against
 * the installed React (so the filter is dropped once React no longer needs it) and the filter.
 */
import { Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createNulByteFilter, withoutTrailingNulBytes } from "~/http/react-stream-fix.server";

function page() {
  // Enough two-byte (Cyrillic, Arabic script) and three-byte (—, ✓) text to cross many 2 KB views,
  // with a varying ASCII prefix per paragraph so characters straddle view boundaries.
  const paragraphs = Array.from({ length: 60 }, (_, index) =>
    createElement("p", { key: index }, `${"x".repeat(index % 7)} Проверьте агентство — перед отъездом ✓ پیش از رفتن بدانید`),
  );
  return createElement("html", { lang: "ru" }, createElement("body", null, ...paragraphs));
}

function renderStreamed(filter: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback();
      },
      final(callback) {
        resolve(Buffer.concat(chunks));
        callback();
      },
    });
    const { pipe } = renderToPipeableStream(page(), {
      onAllReady() {
        if (filter) pipe(createNulByteFilter()).pipe(sink);
        else pipe(sink);
      },
      onShellError: reject,
    });
  });
}

describe("React 18 streaming and NUL bytes", () => {
  it("the installed React still pads streamed multi-byte text with NUL bytes (remove the filter when this fails)", async () => {
    const raw = await renderStreamed(false);
    expect(raw.includes(0)).toBe(true);
  });

  it("the filter removes exactly the padding: the streamed page equals renderToString's", async () => {
    const filtered = (await renderStreamed(true)).toString("utf8");
    expect(filtered).not.toContain("\u0000");
    expect(filtered).toBe(`<!DOCTYPE html>${renderToString(page())}`);
  });

  it("leaves chunks that are not a full React view alone", () => {
    const short = Buffer.from([0x41, 0x00, 0x00]);
    expect(withoutTrailingNulBytes(short)).toBe(short);
    const view = Buffer.alloc(2048, 0x41);
    view.fill(0, 2045);
    expect(withoutTrailingNulBytes(view)).toHaveLength(2045);
  });
});
