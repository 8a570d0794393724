/**
 * Content from the Sanity Content Lake, published perspective only (drafts never reach visitors).
 * Query API: https://www.sanity.io/docs/http-query ; client: https://www.sanity.io/docs/js-client
 */
import { createClient } from "@sanity/client";
import type { ContentBackend } from "./content-backend.server";

export interface SanityBackendOptions {
  projectId: string;
  dataset: string;
  /** Pinned API version (YYYY-MM-DD), so a Content Lake change never alters query results. */
  apiVersion: string;
  /** The API CDN; the webhook invalidates our cache, the CDN itself follows within seconds. */
  useCdn: boolean;
  /** Needed only for a private dataset. */
  token?: string;
}

/** Above this a request is abandoned; the content source then serves its last good copy. */
const REQUEST_TIMEOUT_MS = 5_000;
/**
 * The client retries GET queries on network errors, 429, 502 and 503 with exponential back-off.
 * Two retries keep a page's worst case near the timeout instead of five times it.
 */
const MAX_RETRIES = 2;

export function createSanityBackend(options: SanityBackendOptions): ContentBackend {
  const client = createClient({
    projectId: options.projectId,
    dataset: options.dataset,
    apiVersion: options.apiVersion,
    useCdn: options.useCdn,
    token: options.token,
    perspective: "published",
    timeout: REQUEST_TIMEOUT_MS,
    maxRetries: MAX_RETRIES,
  });
  return {
    name: "sanity",
    fetch: (query, params) => client.fetch<unknown>(query, params),
  };
}
