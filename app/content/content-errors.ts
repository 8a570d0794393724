/**
 * Typed content errors. Routes map `ContentUnavailableError` to a 503 error page; invalid
 * documents never raise errors (they are skipped and logged).
 */

/** The backend failed and there is no earlier copy of the requested content to fall back on. */
export class ContentUnavailableError extends Error {
  constructor(
    readonly backend: "sanity" | "local",
    options?: { cause?: unknown },
  ) {
    super(`Content is unavailable: the ${backend} content backend failed and nothing is cached`, options);
    this.name = "ContentUnavailableError";
  }
}

export function isContentUnavailableError(error: unknown): error is ContentUnavailableError {
  return error instanceof ContentUnavailableError;
}

/**
 * A load that did not ask the backend because it failed moments ago: with a stored snapshot to
 * answer from, one request per back-off pays the backend's timeout, not one per key. Internal to
 * the content source (the cache answers it from memory or the snapshot).
 */
export class BackendPausedError extends Error {
  constructor() {
    super("the content backend failed moments ago; not asked again yet");
    this.name = "BackendPausedError";
  }
}
