/**
 * Reads a request body up to a byte limit, stopping as soon as it is passed (declared by
 * Content-Length or actually streamed), so an oversized webhook never fills memory.
 */
export async function readBodyBytesWithin(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text, or null when it passes `limit` bytes. */
export async function readBodyWithin(request: Request, limit: number): Promise<string | null> {
  const bytes = await readBodyBytesWithin(request, limit);
  return bytes === null ? null : Buffer.from(bytes).toString("utf8");
}
