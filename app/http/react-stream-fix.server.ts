/**
 * React 18's renderToPipeableStream encodes HTML into 2,048-byte views with
 * `TextEncoder.encodeInto`; when a multi-byte character (all Cyrillic and Arabic text) does not
 * fit at the end of a view, React still flushes the whole view, so the 1–3 unwritten bytes go out
 * as NUL characters inside the page. Fixed in React 19 (https://github.com/facebook/react/issues/31134,
 * https://github.com/facebook/react/pull/26228); Remix 2 needs React 18, so streamed pages pass
 * through this transform. Public pages are not streamed at all (entry.server uses renderToString).
 */
import { Transform } from "node:stream";

/** React's view size in react-dom-server.node (18.3.1): only chunks of exactly this size are affected. */
const REACT_VIEW_SIZE = 2048;
/** At most a 4-byte character minus the byte that fitted. */
const MAX_UNWRITTEN_BYTES = 3;

export function withoutTrailingNulBytes(chunk: Buffer): Buffer {
  if (chunk.length !== REACT_VIEW_SIZE) return chunk;
  let end = chunk.length;
  while (end > chunk.length - MAX_UNWRITTEN_BYTES && chunk[end - 1] === 0) end--;
  return end === chunk.length ? chunk : chunk.subarray(0, end);
}

/** A pass-through stream that drops the NUL padding of React's flushed views. */
export function createNulByteFilter(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, withoutTrailingNulBytes(chunk));
    },
  });
}
