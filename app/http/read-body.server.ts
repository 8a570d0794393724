/**
 * Reads a request body up to a byte limit, stopping as soon as it is passed (declared by
 * Content-Length or actually streamed), so an oversized webhook never fills memory. Two sources:
 * a fetch `Request` (Remix routes) and a plain Node request (handlers ahead of Remix).
 */
import type { IncomingMessage } from "node:http";

export async function readBodyBytesWithin(request: Request, limit: number): Promise<Uint8Array | null> {
  if (declaredOver(request.headers.get("content-length"), limit)) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const collected = collectWithin(limit);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return collected.bytes();
    if (!collected.add(value)) {
      await reader.cancel();
      return null;
    }
  }
}

/** The body as UTF-8 text, or null when it passes `limit` bytes. */
export async function readBodyWithin(request: Request, limit: number): Promise<string | null> {
  const bytes = await readBodyBytesWithin(request, limit);
  return bytes === null ? null : Buffer.from(bytes).toString("utf8");
}

/** The same from a Node request. */
export function readNodeBodyWithin(req: IncomingMessage, limit: number): Promise<string | null> {
  if (declaredOver(req.headers["content-length"], limit)) return Promise.resolve(null);
  const collected = collectWithin(limit);
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (collected.add(chunk)) return;
      // The rest is left unread, not destroyed: that would close the socket before the 413
      // goes out. Node discards it after the answer.
      cleanup();
      resolve(null);
    };
    const onEnd = () => {
      cleanup();
      resolve(collected.bytes().toString("utf8"));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

function declaredOver(contentLength: string | null | undefined, limit: number): boolean {
  const declared = Number(contentLength ?? "0");
  return Number.isFinite(declared) && declared > limit;
}

/** Chunks kept while their total stays within `limit`; `add` answers false once it is passed. */
function collectWithin(limit: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    add(chunk: Uint8Array): boolean {
      size += chunk.byteLength;
      if (size > limit) return false;
      chunks.push(chunk);
      return true;
    },
    bytes: () => Buffer.concat(chunks),
  };
}
