/**
 * Content from the local dataset (`campaigns/*.ndjson`), evaluated with groq-js: the same queries
 * as the Content Lake, offline. Files are read once and again after `invalidate()`.
 * groq-js: https://github.com/sanity-io/groq-js/blob/main/API.md
 */
import { evaluate, parse } from "groq-js";
import type { ContentBackend } from "./content-backend.server";
import { loadPublishedDataset, type RawDocument } from "./local-dataset.server";

export interface LocalBackendOptions {
  /** Directory of `*.ndjson` files (CONTENT_DATASET_DIR). */
  datasetDir: string;
}

/** Evaluates a GROQ query over documents exactly as the local backend does. */
export async function evaluateGroq(query: string, params: Record<string, unknown>, dataset: readonly RawDocument[]): Promise<unknown> {
  const tree = parse(query, { params });
  return (await evaluate(tree, { dataset, params })).get();
}

export function createLocalBackend(options: LocalBackendOptions): ContentBackend {
  let dataset: Promise<RawDocument[]> | undefined;

  function load(): Promise<RawDocument[]> {
    if (!dataset) {
      const loading = loadPublishedDataset(options.datasetDir);
      // A failed read (missing directory) is not remembered: the next query tries again.
      loading.catch(() => {
        if (dataset === loading) dataset = undefined;
      });
      dataset = loading;
    }
    return dataset;
  }

  return {
    name: "local",
    async fetch(query, params) {
      return evaluateGroq(query, params, await load());
    },
    invalidate() {
      dataset = undefined;
    },
  };
}
