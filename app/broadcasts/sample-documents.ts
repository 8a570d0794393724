/**
 * The ids of the broadcasts and sequences marked sample, for the views that list runs (the staff
 * page, `npm run broadcast -- list`): a run carries its document's id, and the mark that matters
 * is the document's current one (a run planned before the document was marked is withdrawn where
 * samples are not sent, see ./sample-runs.server.ts). Rejects when the content cannot be read.
 */
import type { ContentSource } from "~/content/content-source";

export async function sampleDocumentIds(content: Pick<ContentSource, "broadcasts" | "sequences">): Promise<ReadonlySet<string>> {
  const [broadcasts, sequences] = await Promise.all([content.broadcasts(), content.sequences()]);
  return new Set([...broadcasts, ...sequences].filter((document) => document.isSample).map((document) => document.id));
}
