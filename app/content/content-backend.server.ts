/**
 * Where GROQ queries run. Two implementations share every query in ./queries.ts: the Sanity
 * Content Lake (@sanity/client) and the local NDJSON dataset (groq-js). The content source adds
 * caching and validation on top, so a backend only fetches.
 */
import type { Env } from "~/env.server";
import { createLocalBackend } from "./local-backend.server";
import { createSanityBackend } from "./sanity-backend.server";

export interface ContentBackend {
  readonly name: "sanity" | "local";
  /** Runs a GROQ query with its parameters against published content; rejects on any failure. */
  fetch(query: string, params: Record<string, unknown>): Promise<unknown>;
  /** Drops any copy of the content the backend keeps itself (the local backend re-reads its files). */
  invalidate?(): void;
}

export type ContentBackendEnv = Pick<
  Env,
  | "contentBackend"
  | "CONTENT_DATASET_DIR"
  | "SANITY_PROJECT_ID"
  | "SANITY_DATASET"
  | "SANITY_API_VERSION"
  | "SANITY_USE_CDN"
  | "SANITY_READ_TOKEN"
>;

/** The backend the configuration asks for: Sanity when SANITY_PROJECT_ID is set, else the local dataset. */
export function createContentBackend(env: ContentBackendEnv): ContentBackend {
  if (env.contentBackend === "sanity" && env.SANITY_PROJECT_ID) {
    return createSanityBackend({
      projectId: env.SANITY_PROJECT_ID,
      dataset: env.SANITY_DATASET,
      apiVersion: env.SANITY_API_VERSION,
      useCdn: env.SANITY_USE_CDN,
      token: env.SANITY_READ_TOKEN,
    });
  }
  return createLocalBackend({ datasetDir: env.CONTENT_DATASET_DIR });
}
